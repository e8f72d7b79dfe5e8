"""The action plan: officers add plans, priorities and actions, change status and add notes (each a dated
progress update), link feedback items; the public page shows BRAG in words, overdue actions, and filters."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from html.parser import HTMLParser

import pytest
import time_machine
from sqlalchemy import func, select

from feedback import plan_services
from feedback.models import (AMBER, BLUE, GREEN, NOT_STARTED, RED, Action, ActionPlan, FeedbackItem, Priority,
                             ProgressUpdate)
from feedback.plan_services import PlanError
from portal.extensions import db
from portal.models import AuditEntry

# 1 August 2019, mid-morning in the UK.
NOW = datetime(2019, 8, 1, 9, 30, tzinfo=timezone.utc)


@pytest.fixture
def clock():
    """A fixed clock starting on 3 September 2018 that tests move forward. A session cookie is only good for
    31 days and never "from the future", so sign in after asking for this, and again after a long move."""
    with time_machine.travel(datetime(2018, 9, 3, 10, tzinfo=timezone.utc), tick=False) as traveller:
        yield traveller


@pytest.fixture
def officer(make_user):
    return make_user("officer@example.org", roles=("officer",), name="Olu Officer")


@pytest.fixture
def signed_in(officer, login):
    return login(officer)


@pytest.fixture
def plan(officer):
    made = plan_services.create_plan(officer, "SEND Service Improvement Action Plan 2018-19")
    plan_services.add_priority(officer, made, "1", "Identifying needs early")
    plan_services.add_priority(officer, made, "6", "Improving long-term outcomes")
    return made


def make_item(title="The Local Offer is hard to search", *, submitter=None, public=False, status="submitted"):
    item = FeedbackItem(title=title, body="Details", theme="local-offer",
                        submitter_id=submitter.id if submitter else None,
                        shown_publicly=public, may_be_public=public, status=status)
    db.session.add(item)
    db.session.commit()
    return item


def action_in(plan, ref, priority_index=0, **fields):
    fields.setdefault("description", f"Action {ref}")
    status = fields.pop("status", NOT_STARTED)
    return plan_services.add_action(None, plan.priorities[priority_index], ref=ref, status=status, **fields)


class Page(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.h1s, self._in_h1 = [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "h1":
            self._in_h1 = True
            self.h1s.append("")

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1s[-1] += data


def text_of(html: str) -> str:
    """The page's words with tags removed and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def action_form(**overrides):
    data = {"priority": "", "ref": "1.1", "description": "Improve data collection from out-of-area schools",
            "lead": "KH, MR", "partners": "Hackney Learning Trust", "start_on-day": "1", "start_on-month": "9",
            "start_on-year": "2018", "due_on-day": "31", "due_on-month": "12", "due_on-year": "2018",
            "revised_due_on-day": "", "revised_due_on-month": "", "revised_due_on-year": "",
            "measure": "Data sharing agreements are set up", "evidence": "SEND Data Dashboard", "status": "green",
            "note": "Agreements drafted"}
    data.update(overrides)
    return data


# --- officers: creating and changing ---------------------------------------------------------------------

def test_officer_creates_a_plan_a_priority_and_an_action(clock, client, officer, login):
    clock.move_to(NOW)
    login(officer)
    response = client.post("/plan/new", data={"title": "SEND Local Area Action Plan 2022-25", "description": ""})
    assert response.status_code == 302
    made = db.session.scalar(select(ActionPlan))
    assert made.title == "SEND Local Area Action Plan 2022-25"

    response = client.post(f"/plan/{made.id}/priorities/new", data={"ref": "1", "title": "Identifying needs early"})
    assert response.status_code == 302
    priority = db.session.scalar(select(Priority))
    assert (priority.ref, priority.title, priority.plan_id) == ("1", "Identifying needs early", made.id)

    response = client.post(f"/plan/{made.id}/actions/new", data=action_form(priority=str(priority.id)))
    assert response.status_code == 302
    action = db.session.scalar(select(Action))
    assert response.headers["Location"] == f"/plan/actions/{action.id}"
    assert action.ref == "1.1" and action.lead == "KH, MR" and action.partners == "Hackney Learning Trust"
    assert action.start_on == date(2018, 9, 1) and action.due_on == date(2018, 12, 31)
    assert action.revised_due_on is None
    assert action.measure == "Data sharing agreements are set up" and action.evidence == "SEND Data Dashboard"
    assert action.status == GREEN
    (first,) = action.updates
    assert (first.status_from, first.status_to, first.note) == ("", GREEN, "Agreements drafted")
    assert first.created_at == datetime(2019, 8, 1, 9, 30)
    assert first.author_id == officer.id

    actions = {entry.action for entry in db.session.scalars(select(AuditEntry))}
    assert {"plan.create", "priority.create", "action.create"} <= actions

    page = client.get(f"/plan/actions/{action.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert Page(html).h1s == ["Action 1.1"]
    assert "Improve data collection from out-of-area schools" in html
    assert "Green – on track" in html


def test_action_form_errors_are_summarised_inline_and_keep_what_was_typed(client, signed_in, plan):
    priority = plan.priorities[0]
    response = client.post(f"/plan/{plan.id}/actions/new", data=action_form(
        priority=str(priority.id), description="", lead="Sharon Cushnie", **{"due_on-day": "31", "due_on-month": "2",
                                                                               "due_on-year": "2019",
                                                                               "start_on-month": ""}))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<title>Error:" in html
    assert 'class="govuk-error-summary"' in html
    assert 'href="#description"' in html and "Enter what the action is" in html
    assert 'href="#due_on"' in html and "Due date must be a real date" in html
    assert 'href="#start_on"' in html and "Start date must include a day, month and year" in html
    assert html.count('class="govuk-error-message"') >= 3
    # What was typed is still there.
    assert 'value="Sharon Cushnie"' in html and 'name="due_on-day" type="text" inputmode="numeric" value="31"' in html
    assert 'value="1.1"' in html
    assert 'name="csrf_token"' in html
    assert db.session.scalar(select(func.count(Action.id))) == 0


def test_references_are_unique_within_a_plan(client, signed_in, plan):
    action_in(plan, "1.1")
    response = client.post(f"/plan/{plan.id}/actions/new",
                           data=action_form(priority=str(plan.priorities[1].id), ref=" 1.1 "))
    assert response.status_code == 400
    assert "Another action in this plan already has the reference 1.1" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Action.id))) == 1

    # Another plan may use the same reference.
    other = plan_services.create_plan(None, "Another plan")
    plan_services.add_priority(None, other, "1", "Elsewhere")
    assert action_in(other, "1.1").ref == "1.1"


def test_due_date_cannot_be_before_the_start(plan):
    with pytest.raises(PlanError, match="due date must be the same as or after the start date"):
        action_in(plan, "1.1", start_on=date(2019, 1, 1), due_on=date(2018, 12, 1))


def test_status_change_makes_a_dated_progress_update(clock, client, plan, officer, login):
    action = action_in(plan, "1.2", due_on=date(2019, 7, 31))
    clock.move_to(NOW)
    login(officer)
    response = client.post(f"/plan/actions/{action.id}/progress",
                           data={"status": "amber", "note": "The DfE refused the data request twice"})
    assert response.status_code == 302
    db.session.refresh(action)
    assert action.status == AMBER
    newest = plan_services.latest_update(action)
    assert (newest.status_from, newest.status_to) == (NOT_STARTED, AMBER)
    assert newest.note == "The DfE refused the data request twice"
    assert newest.created_at.date() == date(2019, 8, 1)
    assert newest.author_id == officer.id
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "action.status")).record_id == str(action.id)

    # A note without a status change is an update too; the history is kept and shown newest first.
    clock.move_to(datetime(2019, 9, 2, 9, tzinfo=timezone.utc))
    login(officer)
    response = client.post(f"/plan/actions/{action.id}/progress",
                           data={"status": "amber", "note": "Second application sent"})
    assert response.status_code == 302
    assert [u.note for u in plan_services.history(action)] == [
        "Second application sent", "The DfE refused the data request twice", ""]

    html = client.get(f"/action-plan/actions/{action.id}").get_data(as_text=True)
    words = text_of(html)
    assert words.index("2 September 2019") < words.index("1 August 2019") < words.index("3 September 2018")
    assert "Status changed from Not started to Amber – at risk" in words
    assert "Second application sent" in words


def test_a_progress_update_needs_a_change_or_a_note(client, signed_in, plan):
    action = action_in(plan, "1.3", status=GREEN)
    response = client.post(f"/plan/actions/{action.id}/progress", data={"status": "green", "note": "  "})
    assert response.status_code == 400
    assert "Choose a different status or write a progress note" in response.get_data(as_text=True)
    response = client.post(f"/plan/actions/{action.id}/progress", data={"status": "purple", "note": "x"})
    assert response.status_code == 400
    assert "Choose a status" in response.get_data(as_text=True)
    assert len(action.updates) == 1


def test_officer_edits_and_deletes_an_action(client, signed_in, plan):
    action = action_in(plan, "1.4", lead="LH")
    form = action_form(priority=str(plan.priorities[1].id), ref="6.1", lead="SD/CPCF",
                       **{"revised_due_on-day": "31", "revised_due_on-month": "3", "revised_due_on-year": "2019"})
    response = client.post(f"/plan/actions/{action.id}/edit", data=form)
    assert response.status_code == 302
    db.session.refresh(action)
    assert (action.ref, action.lead, action.priority_id) == ("6.1", "SD/CPCF", plan.priorities[1].id)
    assert action.revised_due_on == date(2019, 3, 31)
    assert action.status == NOT_STARTED  # status moves only by a progress update
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "action.update"))
    assert audit.before["lead"] == "LH" and audit.after["lead"] == "SD/CPCF"

    assert client.get(f"/plan/actions/{action.id}/delete").status_code == 200
    assert client.post(f"/plan/actions/{action.id}/delete").status_code == 302
    assert db.session.get(Action, action.id) is None
    assert db.session.scalar(select(func.count(ProgressUpdate.id))) == 0


def test_link_and_unlink_feedback_items(client, signed_in, plan, make_user):
    action = action_in(plan, "1.5")
    open_item = make_item("Short breaks are not listed")
    closed_item = make_item("Old issue", status="closed")

    html = client.get(f"/plan/actions/{action.id}").get_data(as_text=True)
    assert f'<option value="{open_item.id}"' in html
    assert f'<option value="{closed_item.id}"' not in html  # the list holds open items only

    assert client.post(f"/plan/actions/{action.id}/items", data={"item": str(open_item.id)}).status_code == 302
    # Any item, closed ones too, by its number.
    assert client.post(f"/plan/actions/{action.id}/items",
                       data={"item": "", "item_number": str(closed_item.id)}).status_code == 302
    db.session.refresh(action)
    assert {i.id for i in action.items} == {open_item.id, closed_item.id}
    assert open_item.actions == [action]

    response = client.post(f"/plan/actions/{action.id}/items", data={"item": "", "item_number": "9999"})
    assert response.status_code == 400
    assert "There is no feedback item with that number" in response.get_data(as_text=True)
    response = client.post(f"/plan/actions/{action.id}/items", data={"item": "", "item_number": ""})
    assert response.status_code == 400
    assert "Choose an item or enter its number" in response.get_data(as_text=True)

    assert client.post(f"/plan/actions/{action.id}/items/{closed_item.id}/unlink").status_code == 302
    db.session.refresh(action)
    assert [i.id for i in action.items] == [open_item.id]
    kinds = [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert kinds.count("action.link_item") == 2 and kinds.count("action.unlink_item") == 1


# --- the public page -------------------------------------------------------------------------------------

@pytest.fixture
def public_plan(plan):
    with time_machine.travel(datetime(2018, 9, 1, 9, tzinfo=timezone.utc), tick=False):
        done = action_in(plan, "1.1", description="Recruit a Designated Clinical Officer", lead="SC/SD",
                         due_on=date(2018, 7, 31), status=BLUE)
        late = action_in(plan, "1.2", description="Develop practitioner pages on the Local Offer", lead="FYI Manager",
                         due_on=date(2019, 7, 31), status=GREEN)
        moved = action_in(plan, "1.3", description="Promote personal budgets", lead="SC",
                          due_on=date(2019, 1, 31), revised_due_on=date(2019, 12, 31), status=AMBER)
        escalate = action_in(plan, "6.1", 1, description="GP services understand the SEND reforms", lead="SD/CPCF",
                             due_on=date(2018, 12, 31), status=RED)
        waiting = action_in(plan, "6.2", 1, description="Clear referral guide for health pathways", lead="SD/JE")
    with time_machine.travel(datetime(2019, 6, 3, 9, tzinfo=timezone.utc), tick=False):
        plan_services.add_note(None, late, "Review of the FYI website in progress")
    item = make_item("Practitioners cannot find the pages", public=True)
    plan_services.link_item(None, late, item)
    return {"done": done, "late": late, "moved": moved, "escalate": escalate, "waiting": waiting}


def raw_row(html: str, action: Action) -> str:
    start = html.index(">", html.index(f'id="action-{action.id}"')) + 1
    return html[start:html.index("</tr>", start)]


def row_of(html: str, action: Action) -> str:
    return text_of(raw_row(html, action))


def test_public_page_shows_status_in_words_overdue_and_latest_update(client, public_plan):
    with time_machine.travel(NOW, tick=False):
        response = client.get("/action-plan")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert Page(html).h1s == ["Action plan progress"]
    assert "SEND Service Improvement Action Plan 2018-19" in html
    assert "Priority 1: Identifying needs early" in text_of(html)

    done, late, moved, escalate, waiting = (row_of(html, public_plan[name])
                                            for name in ("done", "late", "moved", "escalate", "waiting"))
    # BRAG as words in a tag, never colour alone.
    assert "Blue – complete" in done and "Green – on track" in late and "Amber – at risk" in moved
    assert "Red – escalate" in escalate and "Not started" in waiting
    red_tag = '<strong class="govuk-tag govuk-tag--red">Red – escalate</strong>'
    assert red_tag in raw_row(html, public_plan["escalate"])
    assert '<strong class="govuk-tag">Blue – complete</strong>' in raw_row(html, public_plan["done"])
    # Overdue: the effective due date has passed and it is not Blue.
    assert "Overdue" not in done  # due in 2018 but complete
    assert "Overdue" in late  # due 31 July 2019, and today is 1 August 2019
    assert "Overdue" in escalate
    assert "Overdue" not in moved and "Revised to 31 Dec 2019" in moved and "Was 31 Jan 2019" in moved
    assert "No date" in waiting and "Overdue" not in waiting
    # Latest update and linked feedback.
    assert "3 Jun 2019" in late and "Review of the FYI website in progress" in late
    assert late.endswith(" 1")
    assert escalate.endswith(" 0")
    # Each action has its own page.
    assert f'href="/action-plan/actions/{public_plan["late"].id}"' in html


def test_overdue_uses_the_effective_due_date(public_plan):
    late, moved = public_plan["late"], public_plan["moved"]
    assert plan_services.is_overdue(late, date(2019, 8, 1))
    assert not plan_services.is_overdue(late, date(2019, 7, 31))
    assert not plan_services.is_overdue(moved, date(2019, 8, 1))  # revised to December
    assert plan_services.is_overdue(moved, date(2020, 1, 1))
    assert not plan_services.is_overdue(public_plan["done"], date(2030, 1, 1))


def test_public_page_filters_by_status_lead_and_priority(client, public_plan, plan):
    def refs(query: str) -> list[str]:
        html = client.get("/action-plan" + query).get_data(as_text=True)
        return [row_of(html, action).split()[0] for action in public_plan.values()
                if f'id="action-{action.id}"' in html]

    assert refs("") == ["1.1", "1.2", "1.3", "6.1", "6.2"]
    assert refs("?status=red") == ["6.1"]
    assert refs("?status=not_started") == ["6.2"]
    assert refs("?lead=SC") == ["1.3"]
    assert refs(f"?priority={plan.priorities[1].id}") == ["6.1", "6.2"]
    assert refs(f"?status=green&priority={plan.priorities[0].id}") == ["1.2"]
    # Values that mean nothing are ignored rather than refused.
    assert refs("?status=purple&lead=nobody&priority=abc") == ["1.1", "1.2", "1.3", "6.1", "6.2"]
    html = client.get("/action-plan?status=blue&priority=" + str(plan.priorities[1].id)).get_data(as_text=True)
    assert "No actions match these filters." in html and "Showing 0 actions" in html
    # The filter form is a plain GET form that keeps the choice.
    html = client.get("/action-plan?status=red").get_data(as_text=True)
    assert '<form method="get" action="/action-plan"' in html
    assert '<option value="red" selected>' in html and "Showing 1 action" in html


def test_public_action_page(client, public_plan):
    late = public_plan["late"]
    with time_machine.travel(NOW, tick=False):
        html = client.get(f"/action-plan/actions/{late.id}").get_data(as_text=True)
    assert Page(html).h1s == ["Action 1.2"]
    words = text_of(html)
    assert "Develop practitioner pages on the Local Offer" in words
    assert "Green – on track" in words and "Overdue" in words
    assert "1 feedback item is linked to this action" in words
    assert "Practitioners cannot find the pages" in words
    assert words.index("3 June 2019") < words.index("1 September 2018")
    assert "Officer" not in words  # no names of who wrote updates on the public page
    assert client.get("/action-plan/actions/9999").status_code == 404


def test_footer_links_to_the_action_plan_and_you_said_we_did(client):
    html = client.get("/about").get_data(as_text=True)
    footer = html[html.index("<footer"):html.index("</footer>")]
    assert 'href="/action-plan"' in footer and 'href="/you-said-we-did"' in footer


def test_officer_pages_have_one_h1_and_csrf_fields(app, client, signed_in, public_plan, plan):
    app.config["WTF_CSRF_ENABLED"] = True
    for url in ["/plan/", "/plan/new", f"/plan/{plan.id}", f"/plan/{plan.id}/edit", f"/plan/{plan.id}/priorities/new",
                f"/plan/priorities/{plan.priorities[0].id}/edit", f"/plan/{plan.id}/actions/new",
                f"/plan/actions/{public_plan['late'].id}", f"/plan/actions/{public_plan['late'].id}/edit",
                "/plan/import"]:
        html = client.get(url).get_data(as_text=True)
        assert len(Page(html).h1s) == 1, url
        for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>.*?</form>", html, re.S):
            assert 'name="csrf_token"' in form, (url, form[:200])
