"""'You said, we did' entries and the action plan in other languages, on the public pages and for officers."""
from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale, gettext

from directory import content_translations as ct
from directory import translation_exchange as exchange
from feedback import plan_services
from feedback import you_said_we_did as yswd
from feedback.content_translations import CONTENT_ACTION, CONTENT_PLAN, CONTENT_PRIORITY, CONTENT_YOU_SAID_WE_DID


@pytest.fixture
def officer(make_user):
    return make_user("officer@example.org", roles=("officer",))


@pytest.fixture
def records(officer):
    plan = plan_services.create_plan(officer, "SEND plan")
    priority = plan_services.add_priority(officer, plan, "1", "Identifying needs early")
    action = plan_services.add_action(officer, priority, ref="1.1", description="Share data between services",
                                      due_on=date(2026, 7, 31))
    entry = yswd.create_entry(officer, theme="health", you_said="Waiting lists are too long",
                              we_did="We opened a second clinic", decided_by="Board", decided_on=date(2025, 1, 1),
                              outcome="we_did", action_ids=[action.id])
    yswd.publish_entry(officer, entry)
    draft = yswd.create_entry(officer, theme="health", you_said="Not published", we_did="", decided_by="",
                              outcome="")
    return {"plan": plan, "priority": priority, "action": action, "entry": entry, "draft": draft}


def html(client, path: str, language: str) -> str:
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_translated_entry_shows_in_the_readers_language(app, client, records, officer):
    entry = records["entry"]
    ct.save_translations(officer, CONTENT_YOU_SAID_WE_DID, entry, "pl", {
        "you_said": "Listy oczekujących są za długie", "we_did": "Otworzyliśmy drugą klinikę"}, reviewed=True)
    page = html(client, f"/you-said-we-did/{entry.id}", "pl")
    assert "Listy oczekujących są za długie" in page and "Otworzyliśmy drugą klinikę" in page
    assert "Waiting lists are too long" not in page
    listing = html(client, "/you-said-we-did", "pl")
    assert "Otworzyliśmy drugą klinikę" in listing


def test_an_untranslated_entry_is_english_marked_as_english(app, client, records):
    page = html(client, f"/you-said-we-did/{records['entry'].id}", "tr")
    assert '<p class="govuk-body" lang="en">We opened a second clinic' in page
    with app.test_request_context(), force_locale("tr"):
        assert gettext("This part is only in English") in page


def test_translated_actions_and_priorities_on_the_public_plan(client, records, officer):
    ct.set_translation(officer, CONTENT_ACTION, records["action"], "tr", "description", "Hizmetler arasında veri paylaşın")
    ct.set_translation(officer, CONTENT_PRIORITY, records["priority"], "tr", "title", "İhtiyaçları erken belirlemek")
    plan = html(client, "/action-plan", "tr")
    assert "Hizmetler arasında veri paylaşın" in plan and "İhtiyaçları erken belirlemek" in plan
    action = html(client, f"/action-plan/actions/{records['action'].id}", "tr")
    assert "Hizmetler arasında veri paylaşın" in action


def test_the_plans_title_and_description_in_the_readers_language(app, client, records, officer):
    plan = records["plan"]
    plan.description = "What we will do, and by when."
    from portal.extensions import db
    db.session.commit()
    ct.save_translations(officer, CONTENT_PLAN, plan, "tr", {"title": "SEND eylem planı"}, reviewed=True)
    page = html(client, "/action-plan", "tr")
    assert '<h2 class="govuk-heading-l govuk-!-margin-top-7">SEND eylem planı</h2>' in page
    assert '<optgroup label="SEND eylem planı">' in page
    # The description is not translated: English, marked as English, with the note.
    assert '<p class="govuk-body" lang="en">What we will do, and by when.' in page
    with app.test_request_context(), force_locale("tr"):
        assert gettext("This part is only in English") in page
    action = html(client, f"/action-plan/actions/{records['action'].id}", "tr")
    assert '<span class="govuk-caption-l">SEND eylem planı</span>' in action
    from flask_babel import refresh
    refresh()  # the tests share one app context: forget the last request's language
    untranslated = html(client, "/action-plan", "pl")
    assert '<h2 class="govuk-heading-l govuk-!-margin-top-7" lang="en">SEND plan</h2>' in untranslated


def test_officers_translate_the_plan_like_every_other_record(client, login, records, officer):
    login(officer)
    plan = records["plan"]
    listing = client.get("/review/translations/plan?language=pl").get_data(as_text=True)
    assert f"/review/translations/plan/{plan.id}/pl" in listing
    assert client.post(f"/review/translations/plan/{plan.id}/pl", data={"title": "Plan SEND"}).status_code == 302
    assert ct.localise(plan, CONTENT_PLAN, "pl").title.text == "Plan SEND"
    assert f"plan/{plan.id}/title" in {unit.id for unit in exchange.export_units("ro", kinds=[CONTENT_PLAN])}


def test_only_published_entries_are_exported_and_they_import_back(app, records, officer):
    units = exchange.export_units("ro", kinds=[CONTENT_YOU_SAID_WE_DID, CONTENT_ACTION, CONTENT_PRIORITY])
    ids = {unit.id for unit in units}
    assert f"you_said_we_did/{records['entry'].id}/we_did" in ids
    assert not any(unit_id.startswith(f"you_said_we_did/{records['draft'].id}/") for unit_id in ids)
    assert f"action/{records['action'].id}/description" in ids and f"priority/{records['priority'].id}/title" in ids
    rows = [exchange.Row(n, unit.id, "ro", unit.english, "RO " + unit.english) for n, unit in enumerate(units, 2)]
    assert len(exchange.import_rows(officer, rows).changes) == len(units)
    assert ct.localise(records["action"], CONTENT_ACTION, "ro").description.text == "RO Share data between services"
    assert exchange.import_rows(officer, rows).changes == []


def test_officers_list_and_edit_entries_by_language(client, login, records, officer):
    login(officer)
    entry = records["entry"]
    listing = client.get("/review/translations/you_said_we_did?language=ur")
    assert listing.status_code == 200
    path = f"/review/translations/you_said_we_did/{entry.id}/ur"
    assert path in listing.get_data(as_text=True)
    form = client.get(path).get_data(as_text=True)
    assert 'lang="ur" dir="rtl"' in form and "We opened a second clinic" in form
    assert client.post(path, data={"you_said": "انتظار کی فہرستیں بہت لمبی ہیں", "we_did": ""}).status_code == 302
    assert ct.localise(entry, CONTENT_YOU_SAID_WE_DID, "ur").you_said.text == "انتظار کی فہرستیں بہت لمبی ہیں"


def test_deleting_a_record_deletes_its_translations(records, officer):
    from directory.models import ContentTranslation
    from portal.extensions import db
    ct.save_translations(officer, CONTENT_YOU_SAID_WE_DID, records["draft"], "so", {"you_said": "Lama daabacin"})
    ct.save_translations(officer, CONTENT_YOU_SAID_WE_DID, records["entry"], "so", {"you_said": "Liisaska sugitaanka"})
    yswd.delete_entry(officer, records["draft"])
    left = db.session.scalars(db.select(ContentTranslation.object_id)).all()
    assert left == [str(records["entry"].id)]
