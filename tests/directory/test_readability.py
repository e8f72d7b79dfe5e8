"""Reading advice for providers: measures on known texts, and the editor shows it without ever refusing a save."""
import re

import pytest
from sqlalchemy import select

from directory import listings
from directory.models import Service
from directory.readability import (advice, advice_for, assess, flesch_reading_ease, split_sentences,
                                   syllable_count)
from portal.extensions import db

HARD = ("The multidisciplinary neurodevelopmental assessment pathway facilitates comprehensive evaluation of "
        "communication difficulties, incorporating standardised psychometric instrumentation administered by "
        "appropriately qualified practitioners in accordance with organisational safeguarding requirements.")
EASY = "We help children who find talking hard. We play and talk with your child. You can come with them."
POLISH = "Pomagamy dzieciom, które mają trudności z mówieniem. Bawimy się i rozmawiamy z dzieckiem w grupie."
URDU = "ہم ان بچوں کی مدد کرتے ہیں جنہیں بات کرنا مشکل لگتا ہے۔"


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


# --- counting ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("word, syllables", [
    ("a", 1), ("the", 1), ("play", 1), ("talking", 2), ("people", 2), ("table", 2), ("children", 2),
    ("support", 2), ("therapy", 3), ("appointment", 3), ("information", 4), ("independent", 4),
    ("disabilities", 5), ("communication", 5), ("made", 1), ("played", 1), ("co-production", 4),
])
def test_syllable_counts_for_known_words(word, syllables):
    assert syllable_count(word) == syllables


def test_flesch_formula():
    # 206.835 - 1.015 * (100 / 5) - 84.6 * (150 / 100)
    assert flesch_reading_ease(100, 5, 150) == pytest.approx(59.635)


def test_sentences_end_at_stops_and_line_breaks():
    assert split_sentences("One. Two?\nThree\n- Four") == ["One.", "Two?", "Three", "Four"]


def test_measures_of_an_easy_text():
    report = assess(EASY)
    assert report.english
    assert report.word_count == 19
    assert report.sentence_count == 3
    assert report.average_sentence_words == pytest.approx(19 / 3)
    assert report.long_sentences == [] and report.long_words == []
    assert report.reading_ease > 90
    assert not report.hard_to_read


def test_measures_of_a_hard_text():
    report = assess(HARD)
    assert report.sentence_count == 1
    assert report.word_count == 26
    assert report.long_sentences == ["The multidisciplinary neurodevelopmental assessment pathway facilitates…"]
    assert report.long_words[:3] == ["multidisciplinary", "neurodevelopmental", "facilitates"]
    assert "qualified" not in report.long_words and "the" not in report.long_words
    assert report.reading_ease < 0
    assert report.hard_to_read


def test_long_words_by_letters_even_with_few_syllables():
    assert assess("Our strengthsbased club.").long_words == ["strengthsbased"]


def test_long_words_are_listed_once_and_glossary_words_are_familiar():
    text = "Occupational therapy. Occupational therapy again."
    assert assess(text).long_words == ["Occupational"]
    assert assess(text, familiar_words=frozenset({"occupational"})).long_words == []


def test_abbreviations_numbers_and_addresses_are_not_long_words():
    report = assess("Email enquiries@riverside-support.example.org or see www.example.org/services. CAMHS 0207.")
    assert report.long_words == []


def test_easy_read_is_judged_more_strictly():
    sentence = "You can come to the club on a Monday or a Tuesday after school with your mum or dad or carer."
    assert len(sentence.split()) == 21
    assert assess(sentence).long_sentences == []
    assert assess(sentence, easy_read=True).long_sentences == ["You can come to the club…"]


@pytest.mark.parametrize("text", [POLISH, URDU])
def test_text_that_is_not_english_is_not_scored(ctx, text):
    report = assess(text)
    assert not report.english
    assert report.reading_ease is None
    assert not report.hard_to_read
    assert advice(report) == ["We can only check how easy English text is to read, so we have not checked this."]


# --- advice ------------------------------------------------------------------------------------------------

def test_easy_text_gets_no_advice(ctx):
    assert advice_for(EASY) == []
    assert advice_for(EASY, easy_read=True) == []
    assert advice_for("") == [] and advice_for(None) == []


def test_hard_text_gets_advice_in_plain_words(ctx):
    lines = advice_for(HARD)
    assert lines[0] == "Sentences are 26 words long on average."
    assert lines[1] == ("1 sentence is longer than 25 words. Try splitting it: "
                        "“The multidisciplinary neurodevelopmental assessment pathway facilitates…”")
    assert lines[2].startswith("Long words: multidisciplinary, neurodevelopmental, facilitates,")
    assert lines[3] == "Reading ease score: 0. Aim for 60 or more: most adults read this easily."


def test_easy_read_advice_uses_the_stricter_limits(ctx):
    text = ("This service helps families whose children have difficulty communicating with other people at school "
            "and at home.")
    lines = advice_for(text, easy_read=True)
    assert any("longer than 15 words" in line for line in lines)
    assert any("Aim for 70 or more for easy read" in line for line in lines)
    assert not any("longer than" in line for line in advice_for(text))


def test_many_long_sentences_quote_only_the_first_few(ctx):
    long = "we play " * 15 + "today. "
    lines = advice_for(long * 8)
    assert lines[1].startswith("8 sentences are longer than 25 words. Try splitting them:")
    assert lines[1].count("“") == 5


# --- the editor --------------------------------------------------------------------------------------------

@pytest.fixture
def draft(client, make_user, login, make_organisation):
    org = make_organisation("Acme Therapies")
    login(make_user("lead@acme.example.org", roles=("provider",), organisations=[org]))
    client.post("/providers/listings/new", data={"organisation": str(org.id), "name": "Speech Club"})
    return db.session.scalar(select(Service).where(Service.name == "Speech Club"))


def about_url(service, page="about") -> str:
    return f"/providers/listings/{service.id}/{page}"


def notes(html: str) -> dict[str, str]:
    return dict(re.findall(r'<div class="govuk-inset-text app-readability" id="([\w-]+)">(.*?)</div>', html, re.S))


def test_hard_text_still_saves_and_the_advice_follows(client, draft):
    response = client.post(about_url(draft), data={"name": "Speech Club", "summary": HARD, "description": EASY,
                                                   "easy_read_summary": HARD, "categories": ["health"]})
    assert response.status_code == 302  # saved, never refused
    db.session.expire_all()
    assert listings.open_revision(draft).data["summary"] == HARD

    task_list = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved: About the service" in task_list
    assert "Some of the text may be hard for families to read" in task_list

    form_page = client.get(about_url(draft)).get_data(as_text=True)
    found = notes(form_page)
    assert set(found) == {"summary-readability", "easy-read-summary-readability"}
    assert "longer than 25 words" in found["summary-readability"]
    assert "longer than 15 words" in found["easy-read-summary-readability"]
    assert "it does not stop you saving" in found["summary-readability"]
    assert "govuk-error" not in form_page

    check_page = client.get(about_url(draft, "check")).get_data(as_text=True)
    found = notes(check_page)
    assert set(found) == {"summary-readability", "easy-read-summary-readability"}
    assert "Could the summary be easier to read?" in check_page
    assert "Reading ease score: 0. Aim for 60 or more: most adults read this easily." in check_page


def test_easy_text_saves_without_advice(client, draft):
    response = client.post(about_url(draft), data={"name": "Speech Club", "summary": EASY, "description": EASY,
                                                   "easy_read_summary": "A club. We talk and play."})
    task_list = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Some of the text may be hard" not in task_list
    assert notes(client.get(about_url(draft)).get_data(as_text=True)) == {}
    assert notes(client.get(about_url(draft, "check")).get_data(as_text=True)) == {}


def test_advice_shows_for_the_words_typed_when_the_form_has_an_error(client, draft):
    response = client.post(about_url(draft), data={"name": "", "summary": HARD, "description": "",
                                                   "easy_read_summary": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter the name of the service" in html
    assert "longer than 25 words" in notes(html)["summary-readability"]


def test_advice_quotes_are_escaped(client, draft):
    sentence = "<b>Bold</b> " + "we play " * 15 + "today."
    client.post(about_url(draft), data={"name": "Speech Club", "summary": sentence})
    html = client.get(about_url(draft)).get_data(as_text=True)
    assert "“&lt;b&gt;Bold&lt;/b&gt;" in notes(html)["summary-readability"]


def test_other_languages_are_noted_not_scored(client, draft):
    client.post(about_url(draft), data={"name": "Speech Club", "summary": EASY, "description": POLISH})
    html = client.get(about_url(draft)).get_data(as_text=True)
    assert "We can only check how easy English text is to read" in notes(html)["description-readability"]
