"""Public pages in the reader's language: translations where they exist, the English marked as English."""
from __future__ import annotations

import re

import pytest
from flask_babel import force_locale, gettext

from directory import content_translations as ct
from directory.models import CONTENT_SERVICE, CONTENT_TERM, TaxonomyTerm
from directory.taxonomy import term_id
from portal.extensions import db


@pytest.fixture
def officer(make_user):
    return make_user("officer@example.org", roles=("officer",))


@pytest.fixture
def group(make_service, make_organisation):
    org = make_organisation("Riverside Parents", description="A charity run by parents.")
    return make_service("Autism family support group", summary="Meet other parents of autistic children",
                        description="We meet every Saturday morning.", eligibility="Parents and carers",
                        how_to_access="Just come along", organisation=org, needs=["autism"],
                        categories=["advice"])


def page(client, path: str, language: str) -> str:
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def words(app, language: str, text: str) -> str:
    """An interface string as a reader of LANGUAGE reads it (the catalogue's, or the English)."""
    with app.test_request_context(), force_locale(language):
        return gettext(text)


def element_with(html: str, text: str, tag: str = r"[a-z0-9]+") -> str:
    """The opening tag (of TAG, if given) of the first element whose content starts with TEXT, and the text."""
    match = re.search(r"<(?!title)(" + tag + r")\b([^<>]*)>\s*" + re.escape(text), html)
    assert match, f"{text!r} not found"
    return match.group(0)


def test_the_service_page_shows_the_turkish_translation(app, client, group, officer):
    ct.save_translations(officer, CONTENT_SERVICE, group, "tr", {
        "name": "Otizm aile destek grubu", "summary": "Diğer ebeveynlerle tanışın",
        "eligibility": "Ebeveynler ve bakıcılar", "how_to_access": "Gelin yeter",
        "description": "Her cumartesi sabahı buluşuyoruz."}, reviewed=True)
    for vocabulary, code, name in (("need", "autism", "Otizm"), ("category", "advice", "Tavsiye ve destek")):
        term = db.session.get(TaxonomyTerm, term_id(vocabulary, code))
        ct.set_translation(officer, CONTENT_TERM, term, "tr", "name", name, reviewed=True)
    html = page(client, f"/services/{group.id}", "tr")
    assert 'lang="tr"' in html
    h1 = element_with(html, "Otizm aile destek grubu", "h1")
    assert "lang=" not in h1
    assert "<title>Otizm aile destek grubu" in html
    assert "Diğer ebeveynlerle tanışın" in html and "Meet other parents" not in html
    assert "Her cumartesi sabahı buluşuyoruz." in html
    # Everything is translated and checked: no notes.
    assert "app-language-note" not in html


def test_a_field_with_no_translation_is_english_marked_as_english_with_a_note(app, client, group, officer):
    ct.save_translations(officer, CONTENT_SERVICE, group, "tr", {
        "name": "Otizm aile destek grubu", "summary": "Diğer ebeveynlerle tanışın"}, reviewed=True)
    html = page(client, f"/services/{group.id}", "tr")
    description = element_with(html, '<p class="govuk-body">We meet every Saturday morning.')
    assert description.startswith('<div lang="en">')
    eligibility = element_with(html, "Parents and carers")
    assert 'lang="en"' in eligibility
    note = words(app, "tr", "This part is only in English")
    # Once per section lacking a translation (who it is for, about, how to get it), not per field.
    assert html.count(note) == 3
    assert words(app, "tr", "This listing is only in English") not in html


def test_an_untranslated_listing_says_so_once(app, client, group):
    html = page(client, f"/services/{group.id}", "pl")
    assert html.count(words(app, "pl", "This listing is only in English")) == 1
    assert words(app, "pl", "This part is only in English") not in html
    assert 'lang="en"' in element_with(html, "Autism family support group", "h1")


def test_unchecked_and_out_of_date_translations_say_so(app, client, group, make_user):
    provider = make_user("provider@example.org", roles=("provider",), organisations=[group.organisation])
    ct.save_translations(provider, CONTENT_SERVICE, group, "tr", {"description": "Her cumartesi buluşuyoruz."})
    html = page(client, f"/services/{group.id}", "tr")
    assert words(app, "tr", "Translated, not yet checked") in html
    group.description = "We meet every Sunday morning."
    db.session.commit()
    html = page(client, f"/services/{group.id}", "tr")
    assert "Her cumartesi buluşuyoruz." in html
    assert words(app, "tr", "The English has changed since this was translated") in html


def test_english_on_a_right_to_left_page_is_marked_left_to_right(app, client, group):
    html = page(client, f"/services/{group.id}", "ar")
    assert 'dir="rtl"' in html
    assert element_with(html, "Meet other parents").endswith('lang="en" dir="ltr">Meet other parents')


def test_english_readers_see_english_with_no_marks_or_notes(client, group, officer):
    ct.save_translations(officer, CONTENT_SERVICE, group, "tr", {"name": "Otizm aile destek grubu"})
    html = page(client, f"/services/{group.id}", "en")
    assert "Otizm" not in html
    assert 'lang="en"' not in element_with(html, "Autism family support group", "h1")
    assert "app-language-note" not in html


def test_translated_terms_on_the_service_and_category_pages(app, client, group, officer):
    autism = db.session.get(TaxonomyTerm, term_id("need", "autism"))
    ct.set_translation(officer, CONTENT_TERM, autism, "tr", "name", "Otizm", reviewed=True)
    html = page(client, f"/services/{group.id}", "tr")
    assert ">Otizm</a>" in html
    need_page = page(client, "/needs/autism", "tr")
    assert "lang=" not in element_with(need_page, "Otizm", "h1")
    # The description is not translated: English, marked, with the note.
    assert 'lang="en"' in element_with(need_page, autism.description)
    assert words(app, "tr", "This part is only in English") in need_page


def test_search_results_and_organisation_pages_use_the_translation(app, client, group, officer):
    ct.save_translations(officer, CONTENT_SERVICE, group, "tr", {
        "name": "Otizm aile destek grubu", "summary": "Diğer ebeveynlerle tanışın"}, reviewed=True)
    results = page(client, "/search?q=autism", "tr")
    assert "Otizm aile destek grubu" in results and "Diğer ebeveynlerle tanışın" in results
    organisation = page(client, f"/organisations/{group.organisation_id}", "tr")
    assert "Otizm aile destek grubu" in organisation
    # Organisations describe themselves in English only.
    assert element_with(organisation, '<p class="govuk-body">A charity run by parents.').startswith('<div lang="en">')


def test_an_untranslated_card_is_marked_as_english(app, client, group):
    results = page(client, "/search?q=autism", "ro")
    assert 'lang="en"' in element_with(results, "Autism family support group")
    assert words(app, "ro", "This part is only in English") in results
