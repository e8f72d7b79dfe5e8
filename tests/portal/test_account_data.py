"""Your own data: download everything the portal holds about your account, and delete the account.

A forum member's or provider's public items stay, anonymised; everything that names them goes, so that
afterwards no row in any table holds their email address or name.
"""
from __future__ import annotations

import json
import os
import re

import pytest
from sqlalchemy import func, select

from directory import listings, memberships, problems
from directory.models import ListingRevision, Membership
from feedback import services as feedback_services
from feedback.models import FeedbackFollow, FeedbackItem, FeedbackSupport, FeedbackUpdate, Notification
from portal import account_data
from portal.extensions import db
from portal.models import (ADMIN, FORUM_MEMBER, OFFICER, PROVIDER, AuditEntry, OutboxMessage, SignInAttempt, User,
                           UserRole)
from portal.services import authenticate
from portal.translation_reports import report_translation

PASSWORD = "correct horse battery staple"
EMAIL, NAME = "Parent.Carer@Example.org", "Pat Quinton-Example"


@pytest.fixture
def officer(make_user):
    return make_user("officer@council.example.org", roles=(OFFICER,), name="Olu Officer")


@pytest.fixture
def forum_member(make_user):
    return make_user(EMAIL, roles=(FORUM_MEMBER,), name=NAME)


@pytest.fixture
def their_world(forum_member, officer, make_user, make_service):
    """A forum member who raised items, said "me too", follows, was notified, mistyped a password and
    gave their address on reports; and a colleague's item they supported."""
    service = make_service("Riverside Speech Club")
    other = make_user("other.parent@example.org", roles=(FORUM_MEMBER,), name="Other Parent")
    common = {"would_help": "A named contact.", "theme": "health"}
    public = feedback_services.raise_item(forum_member, title="Waiting lists are long", body="We waited a year.",
                                          may_be_public=True, service_id=str(service.id), **common)
    private = feedback_services.raise_item(forum_member, title="A private worry", body="Only for officers.",
                                           may_be_public=False, **common)
    feedback_services.show_publicly(officer, public)
    feedback_services.move_item(officer, public, "acknowledged", text="Thank you, we are looking into it.")
    theirs = feedback_services.raise_item(other, title="Transport to college", body="The bus is late.",
                                          may_be_public=True, **common)
    feedback_services.show_publicly(officer, theirs)
    feedback_services.support_item(forum_member, theirs)
    feedback_services.follow_item(forum_member, theirs)
    authenticate(EMAIL, "a wrong password!", "203.0.113.9")
    problems.report_problem(service, "contact", "The phone number is wrong.", EMAIL.lower())
    report_translation("pl", "A wrong word", "", "/", EMAIL)
    return {"public": public, "private": private, "theirs": theirs, "service": service, "other": other}


def rows_mentioning(*needles: str) -> list[str]:
    """Every row, in every table, holding any of these strings (any case): table and row."""
    found = []
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for row in connection.execute(table.select()):
                text = repr(tuple(row)).lower()
                if any(needle.lower() in text or json.dumps(needle.lower())[1:-1] in text for needle in needles):
                    found.append(f"{table.name}: {row}")
    return found


# --- downloading ------------------------------------------------------------------------------------------

def test_the_data_page_explains_and_links_to_the_download(client, login, forum_member):
    login(forum_member)
    response = client.get("/account/data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(re.findall(r"<h1[^>]*>", html)) == 1
    assert 'href="/account/data.json"' in html and 'href="/account/delete"' in html
    assert "What is not in the file" in html
    assert 'href="/account/data"' in client.get("/account").get_data(as_text=True)


def test_download_is_an_attachment_of_json_never_stored(client, login, forum_member, their_world):
    login(forum_member)
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="local-offer-your-data-')
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))

    assert data["account"]["email"] == EMAIL.lower() and data["account"]["name"] == NAME
    assert data["account"]["roles"] == [FORUM_MEMBER]
    assert data["account"]["created_at"] and "last_sign_in_at" in data["account"]
    raised = {item["title"]: item for item in data["feedback"]["items_you_raised"]}
    assert set(raised) == {"Waiting lists are long", "A private worry"}
    public = raised["Waiting lists are long"]
    assert public["what_is_happening"] == "We waited a year." and public["what_would_help"] == "A named contact."
    assert public["service"] == "Riverside Speech Club" and public["status"] == "acknowledged"
    assert public["updates"][0]["text"] == "Thank you, we are looking into it."
    assert [row["title"] for row in data["feedback"]["me_too"]] == ["Transport to college"]
    assert {row["title"] for row in data["feedback"]["following"]} == {
        "Waiting lists are long", "A private worry", "Transport to college"}
    assert data["feedback"]["notifications"] and all("message" in n for n in data["feedback"]["notifications"])
    assert len(data["failed_sign_ins"]) == 1 and "203.0.113.9" not in response.get_data(as_text=True)
    assert data["translation_reports_with_your_email"][0]["language"] == "pl"
    assert data["directory"]["problem_reports_with_your_email"][0]["kind"] == "contact"
    actions = {entry["action"] for entry in data["your_actions_in_the_audit_log"]}
    assert {"feedback.raise", "feedback.support", "feedback.follow"} <= actions
    assert any(sent["subject"] for sent in data["email_we_sent_you"])


def test_download_holds_only_your_own_data(client, login, forum_member, their_world):
    login(their_world["other"])
    text = client.get("/account/data.json").get_data(as_text=True)
    assert EMAIL.lower() not in text.lower() and NAME not in text
    assert "Waiting lists are long" not in text


def test_a_provider_download_has_memberships_and_listing_changes(client, login, make_user, make_organisation):
    org = make_organisation("Acme Therapies")
    provider = make_user("lee@acme.example.org", roles=(PROVIDER,), organisations=[org], name="Lee Lead")
    service = listings.start_listing(provider, org, "Speech Club")
    memberships.save_section(provider, service, {"summary": "Games."})
    login(provider)
    data = client.get("/account/data.json").get_json()
    assert data["directory"]["organisations"][0]["organisation"] == "Acme Therapies"
    assert data["directory"]["organisations"][0]["status"] == "approved"
    change = data["directory"]["listing_changes"][0]
    assert change["service"] == "Speech Club" and change["status"] == "open" and change["you_started_it"]


def test_signed_out_people_are_sent_to_sign_in(client):
    for path in ("/account/data", "/account/data.json", "/account/delete"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


# --- deleting ---------------------------------------------------------------------------------------------

def test_the_delete_page_says_what_happens(client, login, forum_member):
    login(forum_member)
    html = client.get("/account/delete").get_data(as_text=True)
    for words in ("Issues and ideas you raised stay, without your name", "“me too”s are deleted",
                  "You cannot undo this", 'type="password"'):
        assert words in html
    assert len(re.findall(r"<h1[^>]*>", html)) == 1


def test_the_wrong_password_deletes_nothing(client, login, forum_member):
    login(forum_member)
    response = client.post("/account/delete", data={"password": "not my password"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html and "Your password is not right" in html
    assert db.session.get(User, forum_member.id) is not None
    response = client.post("/account/delete", data={"password": ""})
    assert response.status_code == 400 and "Enter your password" in response.get_data(as_text=True)


def test_deleting_a_forum_members_account_keeps_their_items_anonymised(app, client, login, forum_member, officer,
                                                                       their_world):
    user_id = forum_member.id
    public_id, private_id, theirs_id = (their_world[k].id for k in ("public", "private", "theirs"))
    supporters_before = feedback_services.support_count(their_world["theirs"])
    outbox = os.path.join(app.instance_path, "outbox")
    their_files = {f"{m.id:06d}.eml" for m in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == EMAIL.lower()))}
    assert their_files and their_files <= set(os.listdir(outbox))
    assert len(rows_mentioning(EMAIL, NAME)) >= 5  # users, audit log, outbox, sign-in attempts, reports

    login(forum_member)
    response = client.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/account/deleted"
    page = client.get("/account/deleted")
    assert page.status_code == 200 and "Your account has been deleted" in page.get_data(as_text=True)
    assert "Sign in" in page.get_data(as_text=True)  # signed out
    assert client.get("/account/deleted").status_code == 302  # the confirmation shows once
    assert client.get("/account").status_code == 302

    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    # The items stay, with no raiser; the public one still shows, as raised by "a parent carer".
    public, private = db.session.get(FeedbackItem, public_id), db.session.get(FeedbackItem, private_id)
    assert public is not None and private is not None
    assert public.submitter_id is None and private.submitter_id is None
    html = client.get(f"/feedback/items/{public_id}").get_data(as_text=True)
    assert "Waiting lists are long" in html and "A parent carer" in html
    for path in ("/feedback/public", f"/feedback/items/{theirs_id}"):
        assert client.get(path).status_code == 200
    # Their "me too" is gone, and so are their follows and notifications.
    assert feedback_services.support_count(db.session.get(FeedbackItem, theirs_id)) == supporters_before - 1
    for model in (FeedbackSupport, FeedbackFollow, Notification):
        assert db.session.scalar(select(func.count()).select_from(model).where(model.user_id == user_id)) == 0
    # Officers' pages still work with an item nobody raised.
    login(officer)
    for path in (f"/feedback/triage/{public_id}", f"/feedback/triage/{private_id}", "/feedback/triage"):
        response = client.get(path)
        assert response.status_code == 200, path
    assert "A parent carer" in client.get(f"/feedback/triage/{private_id}").get_data(as_text=True)
    # Their audit entries stay, unlinked; one entry says an account was deleted, without the address.
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.user_id == user_id)) == 0
    deleted = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.delete"))
    assert deleted.record_id == str(user_id) and deleted.before == {"roles": [FORUM_MEMBER]}
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "feedback.raise")) == 3
    # The email they were sent is gone, with its copies in the outbox folder.
    assert not their_files & set(os.listdir(outbox))
    # Nothing anywhere still holds their email address or name.
    assert rows_mentioning(EMAIL, NAME) == []


def test_deleting_a_providers_account_keeps_their_listing_changes(client, login, make_user, make_organisation,
                                                                   officer):
    org = make_organisation("Acme Therapies")
    provider = make_user("lee@acme.example.org", roles=(PROVIDER,), organisations=[org], name="Lee Lead")
    colleague = make_user("sam@acme.example.org", roles=(PROVIDER,), organisations=[org], name="Sam Second")
    service = listings.start_listing(provider, org, "Speech Club")
    memberships.save_section(provider, service, {"summary": "Games."})
    memberships.submit_listing(provider, service)
    listings.approve_revision(officer, listings.open_revision(service))
    memberships.save_section(provider, service, {"summary": "Games on Saturdays."})
    memberships.invite_colleague(colleague, org, "lee.other@acme.example.org", link_for=lambda token: token)
    user_id = provider.id

    login(provider)
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    assert db.session.scalar(select(func.count()).select_from(Membership)
                             .where(Membership.user_id == user_id)) == 0
    revisions = db.session.scalars(select(ListingRevision).where(ListingRevision.service_id == service.id)).all()
    assert len(revisions) == 2 and all(r.created_by_id is None and r.updated_by_id is None for r in revisions)
    assert service.summary == "Games." and listings.open_revision(service).data["summary"] == "Games on Saturdays."
    # The colleague and the organisation carry on.
    login(colleague)
    assert client.get(f"/providers/listings/{service.id}").status_code == 200
    assert rows_mentioning("lee@acme.example.org", "Lee Lead") == []


@pytest.mark.parametrize("role", [OFFICER, ADMIN])
def test_officers_and_admins_are_told_to_ask_an_admin(client, login, make_user, role):
    staff = login(make_user(f"{role}@council.example.org", roles=(role,)))
    html = client.get("/account/delete").get_data(as_text=True)
    assert "Ask an administrator to delete your account" in html and 'type="password"' not in html
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 403
    assert db.session.get(User, staff.id) is not None
    with pytest.raises(account_data.AccountError):
        account_data.delete_own_account(staff, PASSWORD)


def test_an_admin_deletes_an_account_from_the_command_line(runner, make_user):
    staff = make_user("leaving.officer@council.example.org", roles=(OFFICER,), name="Leaving Officer")
    user_id = staff.id
    result = runner.invoke(args=["users", "delete", "leaving.officer@council.example.org", "--yes"])
    assert result.exit_code == 0, result.output
    assert "Deleted the account leaving.officer@council.example.org" in result.output
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    assert rows_mentioning("leaving.officer@council.example.org", "Leaving Officer") == []
    result = runner.invoke(args=["users", "delete", "nobody@example.org", "--yes"])
    assert result.exit_code != 0 and "There is no account" in result.output


def test_every_reference_to_an_account_is_cleared_the_way_its_foreign_key_says(forum_member):
    """Whatever table someone adds later, deleting an account leaves no row pointing at it."""
    user_id = forum_member.id
    account_data.forget_account(forum_member)
    users_id = User.__table__.c.id
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for key in table.foreign_keys:
                if key.column is users_id:
                    count = connection.scalar(select(func.count()).select_from(table).where(key.parent == user_id))
                    assert count == 0, f"{table.name}.{key.parent.name} still points at the deleted account"
    assert db.session.scalar(select(func.count()).select_from(UserRole).where(UserRole.user_id == user_id)) == 0


def test_sign_in_attempts_against_the_address_go_too(forum_member):
    authenticate(EMAIL, "wrong password one", "198.51.100.1")
    account_data.forget_account(forum_member)
    assert db.session.scalar(select(func.count()).select_from(SignInAttempt)) == 0


def test_the_address_goes_from_the_audit_log_but_what_happened_stays(forum_member, officer, make_user,
                                                                     make_organisation):
    org = make_organisation("Acme Therapies")
    provider = make_user("lee@acme.example.org", roles=(PROVIDER,), organisations=[org])
    memberships.invite_colleague(provider, org, EMAIL, link_for=lambda token: token)  # the address, in "after"
    account_data.forget_account(forum_member)
    invite = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "membership.invite"))
    assert invite.after == {"email": account_data.SCRUBBED}
    created = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.create",
                                                         AuditEntry.record_id == str(forum_member.id)))
    assert created.after["email"] == account_data.SCRUBBED and created.after["roles"] == [FORUM_MEMBER]


def test_deleting_is_throttled_like_signing_in(client, login, forum_member, app):
    login(forum_member)
    for _ in range(app.config["SIGN_IN_FAILURES_ALLOWED"]):
        client.post("/account/delete", data={"password": "still not my password"})
    response = client.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 429
    assert db.session.get(User, forum_member.id) is not None


def test_a_feedback_update_written_by_a_deleted_account_shows_without_a_name(client, login, officer, forum_member):
    item = feedback_services.raise_item(forum_member, title="Short breaks", body="Few places.", theme="short-breaks",
                                        may_be_public=True)
    feedback_services.show_publicly(officer, item)
    db.session.add(FeedbackUpdate(item_id=item.id, author_id=forum_member.id, body="Written by them.", public=True))
    db.session.commit()
    account_data.forget_account(forum_member)
    html = client.get(f"/feedback/items/{item.id}").get_data(as_text=True)
    assert "Written by them." in html
