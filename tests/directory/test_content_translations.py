"""Translations of content: saving, reading, the English fallback, "out of date", coverage."""
from __future__ import annotations

import pytest

from directory import content_translations as ct
from directory.models import CONTENT_SERVICE, CONTENT_TERM, ContentTranslation, TaxonomyTerm
from directory.taxonomy import term_id
from portal.extensions import db
from portal.models import AuditEntry


@pytest.fixture
def officer(make_user):
    return make_user("officer@example.org", roles=("officer",))


@pytest.fixture
def provider(make_user):
    return make_user("provider@example.org", roles=("provider",))


@pytest.fixture
def service(make_service):
    return make_service("Autism family support group", summary="Meet other parents",
                        description="We meet on Saturdays.\n\nCome along.", eligibility="Parents of autistic children")


def test_set_and_read_a_translation(service, officer):
    assert ct.set_translation(officer, CONTENT_SERVICE, service, "tr", "name", "  Otizm aile destek grubu ") == "added"
    rows = ct.translations_for(CONTENT_SERVICE, service.id, "tr")
    assert rows["name"].text == "Otizm aile destek grubu"
    assert rows["name"].updated_by_id == officer.id
    assert ct.translations_for(CONTENT_SERVICE, service.id, "pl") == {}
    assert db.session.query(AuditEntry).filter_by(action="translation.added").count() == 1


def test_saving_the_same_again_changes_nothing_and_empty_removes(service, officer):
    ct.set_translation(officer, CONTENT_SERVICE, service, "tr", "name", "Otizm grubu")
    assert ct.set_translation(officer, CONTENT_SERVICE, service, "tr", "name", "Otizm grubu") == "unchanged"
    assert ct.set_translation(officer, CONTENT_SERVICE, service, "tr", "name", "Otizm aile grubu") == "changed"
    assert ct.set_translation(officer, CONTENT_SERVICE, service, "tr", "name", "") == "removed"
    assert db.session.query(ContentTranslation).count() == 0


def test_only_interface_languages_other_than_english_and_known_fields(service, officer):
    with pytest.raises(ct.TranslationError):
        ct.set_translation(officer, CONTENT_SERVICE, service, "en", "name", "Autism group")
    with pytest.raises(ct.TranslationError):
        ct.set_translation(officer, CONTENT_SERVICE, service, "de", "name", "Autismus")
    with pytest.raises(ct.TranslationError):
        ct.set_translation(officer, CONTENT_SERVICE, service, "tr", "phone", "0123")
    with pytest.raises(ct.TranslationError):
        ct.set_translation(officer, "nonsense", service, "tr", "name", "x")


def test_too_long_is_refused_and_nothing_is_half_saved(service, officer):
    with pytest.raises(ct.TranslationError) as refused:
        ct.save_translations(officer, CONTENT_SERVICE, service, "tr", {"summary": "Kısa", "name": "x" * 301})
    assert refused.value.field == "name"
    assert db.session.query(ContentTranslation).count() == 0


def test_only_officers_mark_translations_checked(service, officer, provider):
    ct.set_translation(provider, CONTENT_SERVICE, service, "tr", "name", "Otizm grubu", reviewed=True)
    assert ct.translations_for(CONTENT_SERVICE, service.id, "tr")["name"].reviewed is False
    ct.set_translation(officer, CONTENT_SERVICE, service, "tr", "name", "Otizm grubu", reviewed=True)
    assert ct.translations_for(CONTENT_SERVICE, service.id, "tr")["name"].reviewed is True
    # A provider's later edit is unchecked again.
    ct.save_translations(provider, CONTENT_SERVICE, service, "tr", {"name": "Otizm aile grubu"}, reviewed=True)
    assert ct.translations_for(CONTENT_SERVICE, service.id, "tr")["name"].reviewed is False


def test_localised_view_falls_back_to_english_with_flags(service, officer):
    ct.save_translations(officer, CONTENT_SERVICE, service, "tr", {"name": "Otizm aile destek grubu"}, reviewed=True)
    ct.save_translations(officer, CONTENT_SERVICE, service, "tr", {"summary": "Diğer ebeveynlerle tanışın"})
    loc = ct.localise(service, language="tr")
    assert loc.name.text == "Otizm aile destek grubu"
    assert (loc.name.fallback, loc.name.unreviewed, loc.name.out_of_date, loc.name.lang) == (False, False, False, None)
    assert loc.summary.unreviewed is True
    assert loc.description.text == service.description
    assert loc.description.fallback is True and loc.description.lang == "en" and loc.description.dir is None
    assert not loc.easy_read_summary  # no English, nothing to show
    notes = loc.notes("name", "summary", "description")
    assert notes.only_english and notes.unreviewed and not notes.out_of_date
    assert not loc.untranslated()


def test_english_readers_get_the_english_and_no_notes(service, officer):
    ct.save_translations(officer, CONTENT_SERVICE, service, "tr", {"name": "Otizm grubu"})
    loc = ct.localise(service, language="en")
    assert loc.name.text == service.name
    assert not loc.notes("name", "summary", "description")


def test_english_on_a_right_to_left_page_is_marked_left_to_right(service):
    loc = ct.localise(service, language="ar")
    assert loc.summary.lang == "en" and loc.summary.dir == "ltr"
    assert loc.untranslated()


def test_out_of_date_after_the_english_changes(service, officer):
    ct.save_translations(officer, CONTENT_SERVICE, service, "tr", {"summary": "Diğer ebeveynlerle tanışın"},
                         reviewed=True)
    assert not ct.localise(service, language="tr").summary.out_of_date
    service.summary = "Meet  other\nparents"  # spacing alone is no change
    db.session.commit()
    assert not ct.localise(service, language="tr").summary.out_of_date
    service.summary = "Meet other parents and carers"
    db.session.commit()
    loc = ct.localise(service, language="tr")
    assert loc.summary.out_of_date and loc.summary.text == "Diğer ebeveynlerle tanışın"
    assert loc.notes("summary").out_of_date
    # Saving the translation again records it against the new English.
    ct.save_translations(officer, CONTENT_SERVICE, service, "tr", {"summary": "Diğer ebeveynler ve bakıcılar"})
    assert not ct.localise(service, language="tr").summary.out_of_date


def test_terms_are_translated_too(app, officer):
    term = db.session.get(TaxonomyTerm, term_id("need", "autism"))
    ct.set_translation(officer, CONTENT_TERM, term, "pl", "name", "Autyzm")
    assert ct.localise_term(term, language="pl").name.text == "Autyzm"
    assert ct.localise_term(term, language="pl").description.fallback


def test_coverage_says_which_listings_lack_which_languages(make_service, service, officer):
    other = make_service("Chess club", summary="Board games")
    make_service("Draft club", summary="Not yet public", status="draft")
    ct.save_translations(officer, CONTENT_SERVICE, service, "tr", {
        "name": "Otizm grubu", "summary": "Tanışın", "description": "Cumartesi buluşuyoruz.",
        "eligibility": "Ebeveynler"}, reviewed=True)
    ct.save_translations(officer, CONTENT_SERVICE, other, "tr", {"name": "Satranç kulübü"})
    found = ct.coverage(CONTENT_SERVICE, ["tr", "pl"])
    by_name = {row.title: row for row in found.rows}
    assert set(by_name) == {"Autism family support group", "Chess club"}  # published only
    assert by_name["Autism family support group"].languages["tr"].state == ct.COMPLETE
    assert by_name["Autism family support group"].lacking() == ["pl"]
    chess = by_name["Chess club"].languages["tr"]
    assert (chess.state, chess.translated, chess.needed, chess.unreviewed) == (ct.PARTIAL, 1, 2, 1)
    assert found.totals["tr"] == {"complete": 1, "partial": 1, "missing": 0, "out_of_date": 0, "unreviewed": 1}
    assert found.totals["pl"]["missing"] == 2
    service.summary = "Changed English"
    db.session.commit()
    after = ct.coverage(CONTENT_SERVICE, ["tr"])
    assert after.totals["tr"]["out_of_date"] == 1
    assert "tr" in ct.lacking_languages(service, ["tr", "pl"])


def test_feedback_records_are_registered(app):
    assert {"you_said_we_did", "priority", "action"} <= set(ct.KINDS)
