"""The shortlist, its print view, PDF and email, and the printable directory, in the reader's language:
each listing's translation where there is one (name, summary, who can use it, how to access, easy read,
type of support and needs, the organisation's name), otherwise the English marked as English with a note,
as on the listing's own page."""
from __future__ import annotations

import io
import re

import pytest
from flask_babel import force_locale, gettext, refresh
from pypdf import PdfReader
from sqlalchemy import select

from directory import content_translations as ct
from directory import shortlist
from directory.models import CONTENT_ORGANISATION, CONTENT_SERVICE, CONTENT_TERM, Location, TaxonomyTerm
from directory.taxonomy import term_id
from portal.extensions import db
from portal.models import OutboxMessage

POLISH = {
    "name": "Klub pływacki Riverside",
    "summary": "Spokojne zajęcia na basenie.",
    "eligibility": "Dzieci w wieku od 5 do 11 lat",
    "how_to_access": "Zadzwoń, aby zarezerwować miejsce",
    "easy_read_summary": "Pływamy razem.\nWoda jest ciepła.",
}
ARABIC = {
    "name": "نادي السباحة",
    "summary": "جلسات سباحة هادئة.",
    "eligibility": "الأطفال من سن 5 إلى 11 سنة",
    "how_to_access": "اتصل لحجز مكان",
    "easy_read_summary": "نسبح معا.\nالماء دافئ.",
}


@pytest.fixture
def officer(make_user):
    return make_user("officer@example.org", roles=("officer",))


@pytest.fixture
def swim(make_service, make_organisation):
    org = make_organisation("Riverside Swimming Trust")
    service = make_service("Riverside Swim Club", summary="Quiet swimming sessions.", categories=["leisure"],
                           needs=["autism"], eligibility="Children aged 5 to 11", how_to_access="Call to book a place",
                           easy_read_summary="We swim together.\nThe water is warm.", phone="01632 960001",
                           email="swim@example.org", organisation=org)
    service.locations.append(Location(organisation=org, name="Leisure Centre", address_1="1 High Street",
                                      city="Riverside", postcode="E8 1DY"))
    db.session.commit()
    return service


@pytest.fixture
def play(make_service):
    return make_service("Abney Play Scheme", summary="Holiday play.", categories=["leisure"], phone="01632 960002")


def translate(officer, service, language: str, values: dict, reviewed: bool = True) -> None:
    ct.save_translations(officer, CONTENT_SERVICE, service, language, values, reviewed=reviewed)


def translate_terms(officer, language: str, leisure: str, autism: str) -> None:
    for vocabulary, code, name in (("category", "leisure", leisure), ("need", "autism", autism)):
        term = db.session.get(TaxonomyTerm, term_id(vocabulary, code))
        ct.set_translation(officer, CONTENT_TERM, term, language, "name", name, reviewed=True)


def put_on_shortlist(client, *services) -> None:
    with client.session_transaction() as session:
        session[shortlist.SESSION_KEY] = [s.id.hex for s in services]


def get(client, path: str, language: str):
    refresh()  # the tests share one app context: forget the last request's language
    return client.get(path, headers={"Accept-Language": language})


def words(app, language: str, text: str) -> str:
    with app.test_request_context(), force_locale(language):
        return gettext(text)


def opening_tag_before(html: str, text: str) -> str:
    """The opening tag of the element whose content starts with TEXT."""
    match = re.search(r"<([a-z0-9]+)\b([^<>]*)>" + re.escape(text), html)
    assert match, f"{text!r} not found"
    return match.group(0)


def pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    reader = PdfReader(io.BytesIO(response.data))
    return "\n".join(page.extract_text() for page in reader.pages)


# --- the shortlist page and its print view ----------------------------------------------------------------

@pytest.mark.parametrize("path", ["/shortlist", "/shortlist/print"])
def test_a_translated_listing_is_shown_in_the_readers_language(app, client, swim, officer, path):
    translate(officer, swim, "pl", POLISH)
    translate_terms(officer, "pl", "Zajęcia i wypoczynek", "Autyzm")
    ct.save_translations(officer, CONTENT_ORGANISATION, swim.organisation, "pl",
                         {"name": "Fundacja Pływacka Riverside"}, reviewed=True)
    put_on_shortlist(client, swim)
    html = get(client, path, "pl").get_data(as_text=True)
    for text in ("Klub pływacki Riverside", "Spokojne zajęcia na basenie.", "Dzieci w wieku od 5 do 11 lat",
                 "Zadzwoń, aby zarezerwować miejsce", "Pływamy razem.", "Woda jest ciepła.",
                 "Zajęcia i wypoczynek", "Autyzm", "Fundacja Pływacka Riverside"):
        assert text in html, text
    for english in ("Quiet swimming sessions.", "Children aged 5 to 11", "Call to book a place", "We swim together",
                    "Riverside Swimming Trust"):
        assert english not in html, english
    assert 'lang="en"' not in opening_tag_before(html, "Klub pływacki Riverside")
    # Everything shown is translated and checked: no notes.
    assert "app-language-note" not in html.split('id="main-content"')[1]


@pytest.mark.parametrize("path", ["/shortlist", "/shortlist/print"])
def test_an_untranslated_listing_is_english_marked_as_english_and_says_so_once(app, client, swim, path):
    put_on_shortlist(client, swim)
    html = get(client, path, "pl").get_data(as_text=True)
    assert 'lang="en"' in opening_tag_before(html, "Riverside Swim Club")
    assert 'lang="en"' in opening_tag_before(html, "Quiet swimming sessions.")
    assert 'lang="en"' in opening_tag_before(html, "Children aged 5 to 11")
    assert 'lang="en"' in opening_tag_before(html, "Riverside Swimming Trust")
    assert html.count(words(app, "pl", "This listing is only in English")) == 1
    assert words(app, "pl", "This part is only in English") not in html


def test_a_partly_translated_listing_marks_the_english_parts(app, client, swim, officer):
    translate(officer, swim, "pl", {"name": POLISH["name"], "summary": POLISH["summary"]}, reviewed=False)
    put_on_shortlist(client, swim)
    html = get(client, "/shortlist", "pl").get_data(as_text=True)
    assert "Klub pływacki Riverside" in html
    assert 'lang="en"' in opening_tag_before(html, "Children aged 5 to 11")
    assert 'lang="en"' in opening_tag_before(html, "Call to book a place")
    assert words(app, "pl", "This part is only in English") in html
    assert words(app, "pl", "Translated, not yet checked") in html
    assert words(app, "pl", "This listing is only in English") not in html


def test_english_on_a_right_to_left_shortlist_reads_left_to_right(client, swim):
    put_on_shortlist(client, swim)
    html = get(client, "/shortlist", "ar").get_data(as_text=True)
    assert opening_tag_before(html, "Quiet swimming sessions.").endswith('lang="en" dir="ltr">Quiet swimming sessions.')


def test_english_readers_see_english_with_no_marks(client, swim, officer):
    translate(officer, swim, "pl", POLISH)
    put_on_shortlist(client, swim)
    html = get(client, "/shortlist", "en").get_data(as_text=True)
    assert "Riverside Swim Club" in html and "Klub" not in html
    assert 'lang="en"' not in opening_tag_before(html, "Riverside Swim Club")
    assert "app-language-note" not in html.split('id="main-content"')[1]
    for text in ("Type of support:", "Activities and leisure", "Needs supported:", "Autism", "Who can use it:",
                 "Children aged 5 to 11", "How to access:", "Call to book a place", "We swim together."):
        assert text in html, text


def test_the_add_message_names_the_listing_in_the_readers_language(client, swim, officer):
    translate(officer, swim, "pl", POLISH)
    refresh()
    client.post("/shortlist/add", data={"service_id": str(swim.id), "next": "/shortlist"},
                headers={"Accept-Language": "pl"})
    html = get(client, "/shortlist", "pl").get_data(as_text=True)
    assert "„Klub pływacki Riverside”" in html or "“Klub pływacki Riverside”" in html or \
        "Klub pływacki Riverside" in html.split("govuk-notification-banner", 1)[1][:2000]


# --- the PDF ----------------------------------------------------------------------------------------------

def test_the_pdf_has_the_polish_translation(client, swim, play, officer):
    translate(officer, swim, "pl", POLISH)
    translate_terms(officer, "pl", "Zajęcia i wypoczynek", "Autyzm")
    put_on_shortlist(client, swim, play)
    text = pdf_text(get(client, "/shortlist.pdf", "pl"))
    for expected in ("Klub pływacki Riverside", "Spokojne zajęcia na basenie.", "Dzieci w wieku od 5 do 11 lat",
                     "Zadzwoń, aby zarezerwować miejsce", "Pływamy razem.", "Woda jest ciepła.",
                     "Zajęcia i wypoczynek", "Autyzm", "01632 960001"):
        assert expected in text, expected
    assert "Quiet swimming sessions." not in text and "Children aged 5 to 11" not in text
    # The untranslated listing is in English, and says so in the document's language.
    assert "Abney Play Scheme" in text and "Holiday play." in text
    with force_locale("pl"):
        assert gettext("This listing is only in English") in text


def test_the_pdf_has_the_arabic_translation(client, swim, officer):
    translate(officer, swim, "ar", ARABIC)
    put_on_shortlist(client, swim)
    response = get(client, "/shortlist.pdf", "ar")
    text = pdf_text(response)
    # Glyphs of no letter of their own (the dots Noto Sans Arabic draws separately) copy as zero-width spaces,
    # never as stray characters; the order of words around numbers is the reader's to make (bidi).
    assert not re.search(r"[\x00-\x08\x0b-\x1f]", text)
    plain = text.replace("\u200b", "")
    for expected in ARABIC.values():
        for word in expected.replace(".", " ").split():
            assert word in plain, word
    assert "نادي السباحة" in plain and "جلسات سباحة هادئة" in plain
    assert "Quiet swimming sessions." not in text and "Children aged" not in text
    assert "01632 960001" in text and "swim@example.org" in text


def test_the_pdf_marks_english_parts_of_a_partly_translated_listing(client, swim, officer):
    translate(officer, swim, "pl", {"name": POLISH["name"]})
    put_on_shortlist(client, swim)
    text = pdf_text(get(client, "/shortlist.pdf", "pl"))
    assert "Klub pływacki Riverside" in text and "Quiet swimming sessions." in text
    with force_locale("pl"):
        assert gettext("This part is only in English") in text


# --- the email --------------------------------------------------------------------------------------------

def test_the_email_is_in_the_readers_language(app, client, swim, play, officer):
    translate(officer, swim, "pl", POLISH)
    translate_terms(officer, "pl", "Zajęcia i wypoczynek", "Autyzm")
    put_on_shortlist(client, swim, play)
    refresh()
    response = client.post("/shortlist/email", data={"email": "parent@example.org"},
                           headers={"Accept-Language": "pl"})
    assert response.status_code == 303
    message = db.session.scalars(select(OutboxMessage)).one()
    for text in ("Klub pływacki Riverside", "Spokojne zajęcia na basenie.", "Dzieci w wieku od 5 do 11 lat",
                 "Zadzwoń, aby zarezerwować miejsce", "Pływamy razem.", "Zajęcia i wypoczynek", "Autyzm",
                 "Abney Play Scheme"):
        assert text in message.body, text
    assert "Quiet swimming sessions." not in message.body
    assert words(app, "pl", "Hello,") in message.body
    assert words(app, "pl", "This listing is only in English") in message.body  # the Abney Play Scheme
    with app.test_request_context(), force_locale("pl"):
        assert message.subject == gettext("Your %(council)s Local Offer shortlist",
                                          council=app.config["COUNCIL_NAME"])


# --- the printable directory ------------------------------------------------------------------------------

def test_the_printable_directory_is_in_the_readers_language(app, client, swim, play, officer):
    translate(officer, swim, "pl", POLISH)
    translate_terms(officer, "pl", "Zajęcia i wypoczynek", "Autyzm")
    html = get(client, "/search/print?easy_read=1", "pl")
    assert html.status_code in (302, 303)  # the easy-read choice is remembered, and the page shown at its clean address
    html = get(client, "/search/print", "pl").get_data(as_text=True)
    for text in ("Klub pływacki Riverside", "Spokojne zajęcia na basenie.", "Pływamy razem."):
        assert text in html, text
    assert 'lang="en"' not in opening_tag_before(html, "Zajęcia i wypoczynek")  # the group's heading
    assert 'lang="en"' in opening_tag_before(html, "Abney Play Scheme")
    assert html.count(words(app, "pl", "This listing is only in English")) == 1
