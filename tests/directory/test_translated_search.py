"""Search finds listings by their translations; English searches are as they were."""
from __future__ import annotations

import pytest

from directory import content_translations as ct
from directory.models import CONTENT_SERVICE, CONTENT_TERM, TaxonomyTerm
from directory.search import SearchQuery, search, suggest_spelling
from directory.taxonomy import term_id
from portal.extensions import db


def found(**query) -> list:
    return [hit.service_id for hit in search(SearchQuery(**query)).hits]


@pytest.fixture
def officer(make_user):
    return make_user("officer@example.org", roles=("officer",))


@pytest.fixture
def turkish_group(make_service, officer):
    service = make_service("Autism family support group", summary="Meet other parents of autistic children")
    ct.save_translations(officer, CONTENT_SERVICE, service, "tr", {
        "name": "Otizm aile destek grubu",
        "summary": "Otizmli çocukların diğer ebeveynleriyle tanışın",
    })
    return service


def test_turkish_query_finds_the_turkish_translation(turkish_group, make_service):
    make_service("Chess club", summary="Board games")
    assert found(text="otizm", language="tr") == [turkish_group.id]
    assert found(text="Otizm aile", language="tr") == [turkish_group.id]
    # Words are still AND-ed: a Turkish word no listing has narrows to nothing, then any word matches.
    assert found(text="destek grubu", language="tr") == [turkish_group.id]


def test_translated_words_are_found_whatever_the_readers_language(turkish_group):
    # Someone reading in English (or Polish) may still type Turkish.
    assert found(text="otizm", language="en") == [turkish_group.id]
    assert found(text="otizm", language="pl") == [turkish_group.id]


def test_a_translation_is_no_typo(turkish_group, make_service):
    make_service("Optimum swim", summary="Swimming")
    results = search(SearchQuery(text="otizm", language="tr"))
    assert results.suggestion is None
    assert suggest_spelling("otizm") is None


def test_english_results_and_order_are_unchanged_by_translations(make_service, officer):
    in_name = make_service("Gamma Trampoline Centre", summary="Sessions for families")
    in_summary = make_service("Beta Centre", summary="Trampoline sessions for families")
    before = found(text="trampoline")
    # A translation that repeats the English word must not reorder English results.
    ct.save_translations(officer, CONTENT_SERVICE, in_summary, "pl", {"name": "Trampoline trampoline trampoline"})
    assert found(text="trampoline") == before == [in_name.id, in_summary.id]
    assert found(text="trampoline", language="en") == before


def test_romanian_is_stemmed(make_service, officer):
    service = make_service("Family support", summary="Support for families")
    ct.save_translations(officer, CONTENT_SERVICE, service, "ro", {"summary": "Sprijin pentru familiile copiilor"})
    # "familiilor" and "familiile" share the stem "famil"; a plain match would miss.
    assert found(text="familiilor", language="ro") == [service.id]


def test_scripts_with_vowel_signs_match_whole_words(make_service, officer):
    service = make_service("Autism support group", summary="For parents")
    other = make_service("Speech therapy", summary="For children")
    ct.save_translations(officer, CONTENT_SERVICE, service, "bn", {"name": "অটিজম সহায়তা গোষ্ঠী"})
    ct.save_translations(officer, CONTENT_SERVICE, other, "bn", {"name": "সহজ কথা"})
    assert found(text="অটিজম", language="bn") == [service.id]
    # "সহায়তা" and "সহজ" share the first letters Python's \\w splits off; they are different words.
    assert found(text="সহায়তা", language="bn") == [service.id]


def test_translated_term_names_find_their_services(make_service, officer):
    service = make_service("Saturday club", summary="Games", needs=["autism"])
    make_service("Chess club", summary="Board games")
    term = db.session.get(TaxonomyTerm, term_id("need", "autism"))
    ct.set_translation(officer, CONTENT_TERM, term, "tr", "name", "Otizm")
    assert found(text="otizm", language="tr") == [service.id]


def test_index_follows_changes_and_rebuilds(turkish_group, officer, app):
    ct.save_translations(officer, CONTENT_SERVICE, turkish_group, "tr", {"name": "Aile kulübü"})
    assert found(text="kulübü", language="tr") == [turkish_group.id]
    ct.save_translations(officer, CONTENT_SERVICE, turkish_group, "tr", {"name": "", "summary": ""})
    assert found(text="kulübü", language="tr") == []
    ct.save_translations(officer, CONTENT_SERVICE, turkish_group, "tr", {"name": "Otizm aile destek grubu"})
    runner = app.test_cli_runner()
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert found(text="otizm", language="tr") == [turkish_group.id]


def test_the_readers_language_comes_from_the_request(turkish_group, client):
    page = client.get("/search?q=otizm", headers={"Accept-Language": "tr"})
    assert page.status_code == 200
    assert str(turkish_group.id) in page.get_data(as_text=True)
