"""Officers' triage: the state machine one step at a time, responses and outcomes, public updates and internal
notes kept apart, notifications (on the site and by email) for every change, response templates, merging
duplicates, the overdue view and filters, and checking, redacting and showing an item publicly."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from email.header import decode_header, make_header
from itertools import permutations

import pytest
import time_machine
from sqlalchemy import func, select

from feedback import services
from feedback.models import (CLOSED, FeedbackFollow, FeedbackItem, FeedbackSupport, FeedbackUpdate,
                             Notification, Redaction, ResponseTemplate)
from feedback.services import FeedbackError
from portal.extensions import db
from portal.models import AuditEntry

ORDER = ["submitted", "acknowledged", "in_review", "responded", "closed"]
WORDS = {"submitted": "submitted", "acknowledged": "acknowledged", "in_review": "in review",
         "responded": "responded", "closed": "closed"}
FIRST = {"acknowledged": "Acknowledge it first", "in_review": "Start the review first", "responded": "Respond first"}


@pytest.fixture
def follower(make_user):
    return make_user("bea@example.org", roles=("forum_member",), name="Bea Follower")


def text(response) -> str:
    return response.get_data(as_text=True)


def sign_out(client):
    with client.session_transaction() as session:
        session.clear()


def new_item(user, **changes) -> FeedbackItem:
    fields = {"title": "Waiting lists for speech therapy", "body": "Families wait a year.", "would_help": "",
              "theme": "health", "may_be_public": True, **changes}
    return services.raise_item(user, **fields)


def at_state(item: FeedbackItem, officer, state: str) -> FeedbackItem:
    """Walk an item forward to a state through the service."""
    while item.status != state:
        target = services.NEXT_STATE[item.status]
        kwargs = {"text": "Our response."} if target == "responded" else {}
        if target == "closed":
            kwargs["outcome"] = "we_did"
        services.move_item(officer, item, target, **kwargs)
    return item


def refresh(item: FeedbackItem) -> FeedbackItem:
    db.session.expire_all()
    return db.session.get(FeedbackItem, item.id)


# --- the state machine -----------------------------------------------------------------------------------

def test_each_legal_move_through_the_pages(client, login, raiser, officer):
    item = new_item(raiser)
    login(officer)
    steps = [("acknowledged", {"text": ""}), ("in_review", {"text": "We are asking the therapy service."}),
             ("responded", {"text": "The waiting list is now 12 weeks."}),
             ("closed", {"text": "", "outcome": "in_progress"})]
    for state, data in steps:
        page = text(client.get(f"/feedback/triage/{item.id}"))
        assert f'name="to" value="{state}"' in page  # only the next state is offered
        response = client.post(f"/feedback/triage/{item.id}/move", data={"to": state, **data})
        assert response.status_code == 302, (state, text(response)[:500])
        assert refresh(item).status == state
    item = refresh(item)
    assert item.acknowledged_at and item.responded_at and item.closed_at and item.outcome == "in_progress"
    moves = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "feedback.move")
                               .order_by(AuditEntry.id)).all()
    assert [(m.before["status"], m.after["status"]) for m in moves] == list(zip(ORDER, ORDER[1:]))
    assert all(m.user_id == officer.id for m in moves)
    updates = [(u.status_from, u.status_to, u.body) for u in item.updates]
    assert ("in_review", "responded", "The waiting list is now 12 weeks.") in updates
    assert "This item is closed." in text(client.get(f"/feedback/triage/{item.id}"))


@pytest.mark.parametrize("start,target", [(a, b) for a, b in permutations(ORDER[:-1] + ["closed"], 2)
                                          if ORDER.index(b) > ORDER.index(a) + 1])
def test_each_skip_is_refused_with_the_message(client, login, raiser, officer, start, target):
    item = at_state(new_item(raiser), officer, start)
    login(officer)
    response = client.post(f"/feedback/triage/{item.id}/move",
                           data={"to": target, "text": "Words I typed.", "outcome": "we_did"})
    assert response.status_code == 400
    expected = services.NEXT_STATE[start]
    message = f"You cannot move an item from {WORDS[start]} to {WORDS[target]}. "
    message += FIRST.get(expected, "")
    html = text(response)
    assert message in html
    assert "Words I typed." in html  # kept
    assert refresh(item).status == start


def test_the_example_message_word_for_word(raiser, officer):
    item = new_item(raiser)
    with pytest.raises(FeedbackError) as error:
        services.move_item(officer, item, "responded", text="Hello")
    assert str(error.value) == "You cannot move an item from submitted to responded. Acknowledge it first"


def test_moving_back_staying_put_and_moving_a_closed_item_are_refused(raiser, officer):
    item = at_state(new_item(raiser), officer, "in_review")
    with pytest.raises(FeedbackError, match="You cannot move an item back from in review to acknowledged"):
        services.move_item(officer, item, "acknowledged")
    with pytest.raises(FeedbackError, match="The item is already in review"):
        services.move_item(officer, item, "in_review")
    with pytest.raises(FeedbackError, match="Choose what happens next"):
        services.move_item(officer, item, "archived")
    at_state(item, officer, "closed")
    with pytest.raises(FeedbackError, match="This item is closed"):
        services.move_item(officer, item, "submitted")


def test_only_officers_can_move_items(raiser):
    item = new_item(raiser)
    with pytest.raises(FeedbackError):
        services.move_item(raiser, item, "acknowledged")
    assert refresh(item).status == "submitted"


def test_responding_needs_a_public_response(client, login, raiser, officer):
    item = at_state(new_item(raiser), officer, "in_review")
    login(officer)
    response = client.post(f"/feedback/triage/{item.id}/move", data={"to": "responded", "text": "   "})
    assert response.status_code == 400
    assert '<a href="#text">Enter the response the forum member will read</a>' in text(response)
    assert refresh(item).status == "in_review"


def test_closing_needs_an_outcome(client, login, raiser, officer):
    item = at_state(new_item(raiser), officer, "responded")
    login(officer)
    response = client.post(f"/feedback/triage/{item.id}/move", data={"to": "closed", "text": "Closing."})
    assert response.status_code == 400 and '<a href="#outcome">Select the outcome</a>' in text(response)
    response = client.post(f"/feedback/triage/{item.id}/move", data={"to": "closed", "outcome": "shrug"})
    assert response.status_code == 400 and "Select the outcome" in text(response)
    assert refresh(item).status == "responded"


def test_not_doing_needs_a_reason(client, login, raiser, officer):
    item = at_state(new_item(raiser), officer, "responded")
    login(officer)
    response = client.post(f"/feedback/triage/{item.id}/move", data={"to": "closed", "outcome": "not_doing"})
    assert response.status_code == 400
    assert '<a href="#reason">Enter the reason you are not doing this</a>' in text(response)
    assert refresh(item).status == "responded"
    response = client.post(f"/feedback/triage/{item.id}/move",
                           data={"to": "closed", "outcome": "not_doing", "reason": "The law does not allow it."})
    assert response.status_code == 302
    item = refresh(item)
    assert item.status == CLOSED and item.outcome == "not_doing" and item.outcome_reason == "The law does not allow it."
    assert "The law does not allow it." in text(client.get(f"/feedback/items/{item.id}"))


def test_signposted_needs_where_to(client, login, raiser, officer):
    item = at_state(new_item(raiser), officer, "responded")
    login(officer)
    response = client.post(f"/feedback/triage/{item.id}/move", data={"to": "closed", "outcome": "signposted"})
    assert response.status_code == 400 and "Select where you have signposted them" in text(response)
    response = client.post(f"/feedback/triage/{item.id}/move",
                           data={"to": "closed", "outcome": "signposted", "signpost": "elsewhere"})
    assert response.status_code == 400
    for signpost in ("complaints", "sendiass", "individual_case"):
        assert f'value="{signpost}"' in text(response)
    response = client.post(f"/feedback/triage/{item.id}/move",
                           data={"to": "closed", "outcome": "signposted", "signpost": "sendiass",
                                 "reason": "ignored when signposting"})
    assert response.status_code == 302
    item = refresh(item)
    assert (item.outcome, item.signposted_to, item.outcome_reason) == ("signposted", "sendiass", "")
    assert "SENDIASS" in text(client.get(f"/feedback/items/{item.id}"))


# --- public updates and internal notes -------------------------------------------------------------------

def test_internal_notes_are_never_shown_to_forum_members_or_the_public(client, login, raiser, follower, officer):
    item = new_item(raiser)
    item.shown_publicly = True
    db.session.commit()
    login(officer)
    assert client.post(f"/feedback/triage/{item.id}/notes", data={"text": "SECRET NOTE: family known to us"}
                       ).status_code == 302
    assert client.post(f"/feedback/triage/{item.id}/updates", data={"text": "Public words for everyone"}
                       ).status_code == 302
    notes = db.session.scalars(select(FeedbackUpdate).where(FeedbackUpdate.public.is_(False))).all()
    assert [note.body for note in notes] == ["SECRET NOTE: family known to us"]
    assert "SECRET NOTE" in text(client.get(f"/feedback/items/{item.id}"))
    assert "SECRET NOTE" in text(client.get(f"/feedback/triage/{item.id}"))
    for user in (raiser, follower, None):
        if user is None:
            sign_out(client)
        else:
            login(user)
        for path in (f"/feedback/items/{item.id}", "/feedback/public", "/feedback/mine", "/feedback/notifications"):
            html = text(client.get(path))
            assert "SECRET NOTE" not in html and "Internal note" not in html, (user, path)
        assert "Public words for everyone" in text(client.get(f"/feedback/items/{item.id}"))
    # Nobody is told about a note; the raiser is told about the update.
    messages = [n.message for n in db.session.scalars(select(Notification))]
    assert messages == ["There is an update on “Waiting lists for speech therapy”"]


def test_empty_updates_and_notes_are_refused(client, login, raiser, officer):
    item = new_item(raiser)
    login(officer)
    response = client.post(f"/feedback/triage/{item.id}/notes", data={"text": " "})
    assert response.status_code == 400 and '<a href="#note-text">Enter the note</a>' in text(response)
    response = client.post(f"/feedback/triage/{item.id}/updates", data={"text": ""})
    assert response.status_code == 400 and '<a href="#update-text">Enter the update</a>' in text(response)
    assert db.session.scalar(select(func.count()).select_from(FeedbackUpdate)) == 0


# --- notifications ---------------------------------------------------------------------------------------

def test_every_state_change_tells_the_raiser_and_followers_on_the_site_and_by_email(
        app, raiser, follower, officer, smtp_server, make_user):
    bystander = make_user("other@example.org", roles=("forum_member",))
    item = new_item(raiser)
    item.shown_publicly = True
    db.session.commit()
    services.follow_item(follower, item)
    smtp_server.clear()  # the officer's "new item" email
    expected = ["We have acknowledged “Waiting lists for speech therapy”",
                "We are reviewing “Waiting lists for speech therapy”",
                "We have responded to “Waiting lists for speech therapy”",
                "“Waiting lists for speech therapy” is closed. Outcome: We did it"]
    at_state(item, officer, "closed")
    for user in (raiser, follower):
        rows = db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                  .order_by(Notification.id)).all()
        assert [row.message for row in rows] == expected
        assert all(row.link == f"http://127.0.0.1:5000/feedback/items/{item.id}" for row in rows)
        emails = [m for m in smtp_server if m["To"] == user.email]
        assert [m.get_payload(decode=True).decode().splitlines()[0] for m in emails] == expected
        assert all(f"/feedback/items/{item.id}" in m.get_payload(decode=True).decode() for m in emails)
        assert all(str(make_header(decode_header(m["Subject"]))) == "Update on your Local Offer feedback"
                   for m in emails)
    assert len(smtp_server) == 8
    assert db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.user_id.in_([bystander.id, officer.id]))) == 0


def test_followers_who_cannot_see_the_item_are_not_told(raiser, follower, officer):
    item = new_item(raiser)
    item.shown_publicly = True
    db.session.commit()
    services.follow_item(follower, item)
    services.hide_publicly(officer, item)
    before = db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == follower.id))
    services.move_item(officer, item, "acknowledged")
    after = db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == follower.id))
    assert after == before
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == raiser.id, Notification.message.contains("acknowledged"))) == 1


# --- response templates ----------------------------------------------------------------------------------

def test_response_templates_crud_and_prefill_without_javascript(client, login, raiser, officer):
    item = at_state(new_item(raiser), officer, "in_review")
    login(officer)
    response = client.post("/feedback/templates/new", data={"title": "", "body": ""})
    assert response.status_code == 400 and "Enter a name for the template" in text(response)
    assert client.post("/feedback/templates/new",
                       data={"title": "Waiting times", "body": "Thank you. Waiting times are <12 weeks>."}
                       ).status_code == 302
    template = db.session.scalar(select(ResponseTemplate))
    assert "Waiting times" in text(client.get("/feedback/templates"))
    page = text(client.get(f"/feedback/triage/{item.id}"))
    assert f'<option value="{template.id}"' in page and 'name="template"' in page
    page = text(client.get(f"/feedback/triage/{item.id}?template={template.id}"))
    textarea = re.search(r'<textarea[^>]*id="text"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert textarea == "Thank you. Waiting times are &lt;12 weeks&gt;."
    assert text(client.get(f"/feedback/triage/{item.id}?template=999")).count("Waiting times are") == 0
    # Change and delete.
    assert client.post(f"/feedback/templates/{template.id}/edit",
                       data={"title": "Waiting times (2026)", "body": "New words."}).status_code == 302
    assert db.session.get(ResponseTemplate, template.id).body == "New words."
    assert "Delete the template" in text(client.get(f"/feedback/templates/{template.id}/delete"))
    assert client.post(f"/feedback/templates/{template.id}/delete").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(ResponseTemplate)) == 0
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.record_type == "response_template")).all()
    assert actions == ["feedback.template_create", "feedback.template_update", "feedback.template_delete"]


# --- merging ---------------------------------------------------------------------------------------------

def test_merge_carries_supporters_and_followers_without_duplicates(client, login, make_user, officer):
    raiser_a = make_user("a@example.org", roles=("forum_member",))
    raiser_d = make_user("d@example.org", roles=("forum_member",))
    both = make_user("both@example.org", roles=("forum_member",))
    only_dup = make_user("dup@example.org", roles=("forum_member",))
    kept = new_item(raiser_a, title="Kept item")
    duplicate = new_item(raiser_d, title="Duplicate item")
    kept.shown_publicly = duplicate.shown_publicly = True
    db.session.commit()
    for user in (both,):
        services.support_item(user, kept)
        services.follow_item(user, kept)
    for user in (both, only_dup, raiser_a):
        if user is not raiser_a:
            services.support_item(user, duplicate)
        services.follow_item(user, duplicate)
    login(officer)
    response = client.post(f"/feedback/triage/{duplicate.id}/merge", data={"into": f"#{kept.id}"})
    assert response.status_code == 302 and response.headers["Location"] == f"/feedback/triage/{kept.id}"
    supporters = db.session.scalars(select(FeedbackSupport.user_id).where(FeedbackSupport.item_id == kept.id)).all()
    followers = db.session.scalars(select(FeedbackFollow.user_id).where(FeedbackFollow.item_id == kept.id)).all()
    assert sorted(supporters) == sorted([both.id, only_dup.id, raiser_d.id])  # no duplicates, not the kept raiser
    assert sorted(followers) == sorted([raiser_a.id, both.id, only_dup.id, raiser_d.id])
    duplicate = refresh(duplicate)
    assert duplicate.status == CLOSED and duplicate.merged_into_id == kept.id
    sign_out(client)
    page = text(client.get(f"/feedback/items/{duplicate.id}"))
    assert f"merged into <a class=\"govuk-link\" href=\"/feedback/items/{kept.id}\">#{kept.id}</a>" in page
    assert f"Item #{duplicate.id}, about the same thing, was merged into this item." in text(
        client.get(f"/feedback/items/{kept.id}"))
    assert "3 forum members said “me too”" in text(client.get(f"/feedback/items/{kept.id}"))
    # The duplicate's people were told.
    assert db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.message.contains("was merged into item"))) == 4
    # Merging again, into itself, or into a merged item is refused.
    login(officer)
    response = client.post(f"/feedback/triage/{duplicate.id}/merge", data={"into": str(kept.id)})
    assert response.status_code == 400
    response = client.post(f"/feedback/triage/{kept.id}/merge", data={"into": str(kept.id)})
    assert response.status_code == 400 and "An item cannot be merged into itself" in text(response)
    response = client.post(f"/feedback/triage/{kept.id}/merge", data={"into": "12345"})
    assert response.status_code == 400 and "There is no item with that number" in text(response)
    third = new_item(raiser_a, title="Third")
    with pytest.raises(FeedbackError, match="Merge into #"):
        services.merge_items(officer, third, duplicate)


# --- the list, filters and overdue -----------------------------------------------------------------------

def test_the_triage_list_filters_and_shows_overdue_items(client, login, raiser, officer):
    with time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=timezone.utc), tick=False):
        late_ack = new_item(raiser, title="Never acknowledged", theme="education")  # ack due 3 Dec
        late_response = new_item(raiser, title="Acknowledged, never answered", theme="health")  # respond by 15 Dec
        services.move_item(officer, late_response, "acknowledged")
        answered = new_item(raiser, title="Answered in time", theme="health")
        at_state(answered, officer, "responded")
    with time_machine.travel(datetime(2026, 12, 14, 9, tzinfo=timezone.utc), tick=False):
        fresh = new_item(raiser, title="Raised today", theme="education")
    with time_machine.travel(datetime(2026, 12, 16, 9, tzinfo=timezone.utc), tick=False):
        login(officer)
        overdue = text(client.get("/feedback/triage?view=overdue"))
        everything = text(client.get("/feedback/triage"))
        by_status = text(client.get("/feedback/triage?status=acknowledged"))
        by_theme = text(client.get("/feedback/triage?theme=education"))
        assert standards_today() == date(2026, 12, 16)
    assert "Never acknowledged" in overdue and "Acknowledged, never answered" in overdue
    assert "Answered in time" not in overdue and "Raised today" not in overdue
    assert "2 items are overdue" in everything
    assert all(title in everything for title in ("Never acknowledged", "Answered in time", "Raised today"))
    assert "Acknowledged, never answered" in by_status and "Never acknowledged" not in by_status
    assert "Never acknowledged" in by_theme and "Raised today" in by_theme and "Answered in time" not in by_theme
    assert "Overdue" in overdue and "Thursday 3 December 2026" in overdue
    assert fresh.acknowledge_due_on == date(2026, 12, 16)


def standards_today():
    from feedback import standards
    return standards.today()


# --- checking, redacting and showing publicly ------------------------------------------------------------

def test_redaction_is_recorded_with_its_reason_and_changes_the_text(client, login, raiser, officer):
    item = new_item(raiser, body="My son Oliver goes to Riverside Primary School. Call me on 07700 900123.")
    login(officer)
    page = text(client.get(f"/feedback/triage/{item.id}/public"))
    assert 'data-kind="child_at_school"' in page and 'data-kind="phone"' in page
    response = client.post(f"/feedback/triage/{item.id}/redact", data={
        "title": item.title, "body": "My son goes to a primary school.", "would_help": "", "reason": ""})
    assert response.status_code == 400 and "Enter the reason for the change" in text(response)
    assert "My son goes to a primary school." in text(response)  # kept
    response = client.post(f"/feedback/triage/{item.id}/redact", data={
        "title": item.title, "body": "My son goes to a primary school.", "would_help": "",
        "reason": "Removed the child's name, school and phone number"})
    assert response.status_code == 302
    item = refresh(item)
    assert item.body == "My son goes to a primary school."
    redaction = db.session.scalar(select(Redaction))
    assert (redaction.field, redaction.reason, redaction.officer_id) == (
        "body", "Removed the child's name, school and phone number", officer.id)
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "feedback.redact"))
    assert audit.after == {"fields": ["body"]} and "Oliver" not in str(audit.before) + str(audit.after)
    page = text(client.get(f"/feedback/triage/{item.id}/public"))
    assert 'id="no-findings"' in page and "Removed the child&#39;s name" in page
    # Nothing changed: refused.
    response = client.post(f"/feedback/triage/{item.id}/redact", data={
        "title": item.title, "body": item.body, "would_help": "", "reason": "Again"})
    assert response.status_code == 400 and "Nothing was changed" in text(response)


def test_showing_publicly_needs_agreement_and_checked_warnings(client, login, raiser, officer, follower):
    private = new_item(raiser, may_be_public=False)
    login(officer)
    response = client.post(f"/feedback/triage/{private.id}/show", data={"checked": "y"})
    assert response.status_code == 400 and "did not agree" in text(response)
    assert not refresh(private).shown_publicly

    item = new_item(raiser, body="Email me at priya@example.org")
    response = client.post(f"/feedback/triage/{item.id}/show", data={})
    assert response.status_code == 400 and "Confirm you have checked the warnings" in text(response)
    assert not refresh(item).shown_publicly
    assert client.post(f"/feedback/triage/{item.id}/show", data={"checked": "y"}).status_code == 302
    assert refresh(item).shown_publicly
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "feedback.show")).record_id == str(item.id)
    clean = new_item(raiser, body="No personal details here.")
    assert client.post(f"/feedback/triage/{clean.id}/show", data={}).status_code == 302
    assert client.post(f"/feedback/triage/{clean.id}/hide").status_code == 302
    assert not refresh(clean).shown_publicly
    assert [n.message for n in db.session.scalars(select(Notification).where(
        Notification.user_id == raiser.id).order_by(Notification.id))][-2:] == [
        "“Waiting lists for speech therapy” is now shown publicly, so other forum members can say “me too”",
        "“Waiting lists for speech therapy” is no longer shown publicly"]


def test_the_triage_page_shows_the_raiser_due_dates_and_warnings(client, login, raiser, officer):
    with time_machine.travel(datetime(2026, 12, 24, 10, tzinfo=timezone.utc), tick=False):
        item = new_item(raiser, body="NHS number 943 476 5919")
        login(officer)
        html = text(client.get(f"/feedback/triage/{item.id}"))
    assert "Priya Parentname" in html and "Wednesday 30 December 2026" in html and "Tuesday 12 January 2027" in html
    assert "1 possible piece of personal data" in html
    assert len(re.findall(r"<h1\b", html)) == 1
