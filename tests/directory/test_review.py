"""Officer review: the queue, the diff, approving and sending back, versions, restoring, archiving, and who
may see each officer page."""
from __future__ import annotations

import re
from email.header import decode_header, make_header
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from directory.listings import (revision_for_editing, start_listing, submit_revision, update_revision,
                                versions_of)
from directory.models import (ARCHIVED, PUBLISHED, REVISION_APPROVED, REVISION_RETURNED, REVISION_SUBMITTED,
                              REVISION_WITHDRAWN, ListingRevision, ProblemReport, ServiceVersion)
from directory.snapshots import snapshot_of
from portal.extensions import db
from portal.models import AuditEntry

OFFICER_PAGES = [
    "/review/",
    "/review/revisions/{revision}",
    "/review/services/{service}/versions",
    "/review/services/{service}/versions/1",
    "/review/freshness",
    "/review/reports",
    "/review/reports?state=passed",
]
OFFICER_ACTIONS = [
    "/review/revisions/{revision}/approve",
    "/review/revisions/{revision}/return",
    "/review/services/{service}/versions/1/restore",
    "/review/services/{service}/archive",
    "/review/services/{service}/unarchive",
    "/review/reports/{report}/state",
]


@pytest.fixture
def org(make_organisation):
    return make_organisation("Riverside Family Support")


@pytest.fixture
def provider(make_user, org):
    return make_user("provider@example.org", roles=("provider",), organisations=[org], name="Pat Provider")


@pytest.fixture
def officer(make_user):
    return make_user("officer@example.org", roles=("officer",), name="Olu Officer")


def h1s(response) -> list[str]:
    return re.findall(r"<h1[^>]*>(.*?)</h1>", response.get_data(as_text=True), re.S)


def text(response) -> str:
    return response.get_data(as_text=True)


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def new_listing(provider, org, name, summary="A club for children.", **changes):
    """A new listing, filled in and submitted by the provider."""
    service = start_listing(provider, org, name)
    revision = revision_for_editing(provider, service)
    update_revision(provider, revision, {"summary": summary, **changes})
    return submit_revision(provider, revision)


def change_to(provider, service, **changes):
    """A submitted change to a published listing."""
    revision = revision_for_editing(provider, service)
    update_revision(provider, revision, changes)
    return submit_revision(provider, revision)


def submitted_at(revision, when: datetime):
    revision.submitted_at = when
    db.session.commit()


# --- the queue ------------------------------------------------------------------------------------------

def test_queue_lists_waiting_changes_oldest_first_marked_new_or_change(client, login, officer, provider, org,
                                                                      make_service):
    published = make_service("Riverside Swim Club", summary="Swimming.", organisation=org)
    change = change_to(provider, published, summary="Swimming on Saturdays.")
    brand_new = new_listing(provider, org, "Little Stars Saturday Club")
    other = new_listing(provider, org, "Homework Help")
    now = datetime(2025, 3, 1, 9, 0)
    submitted_at(change, now - timedelta(days=2))
    submitted_at(brand_new, now - timedelta(days=3))
    submitted_at(other, now - timedelta(days=1))
    # Not waiting: still being edited.
    start_listing(provider, org, "Unfinished Draft")

    login(officer)
    response = client.get("/review/")
    html = text(response)
    assert response.status_code == 200
    assert h1s(response) == ["Changes to review"]
    order = [html.index(name) for name in ("Little Stars Saturday Club", "Riverside Swim Club", "Homework Help")]
    assert order == sorted(order)
    assert "Unfinished Draft" not in html
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", html, re.S)[1:]
    assert len(rows) == 3
    assert "New listing" in rows[0] and "Riverside Family Support" in rows[0] and "Pat Provider" in rows[0]
    assert "Change" in rows[1] and "New listing" not in rows[1]
    assert f'href="/review/revisions/{brand_new.id}"' in rows[0]


def test_empty_queue_says_so(client, login, officer):
    login(officer)
    assert "There are no changes waiting for review." in text(client.get("/review/"))


# --- the diff -------------------------------------------------------------------------------------------

def test_diff_shows_only_changed_fields_side_by_side(client, login, officer, provider, org, make_service):
    service = make_service("Riverside Swim Club", summary="Swimming.", organisation=org, phone="01632 960001",
                           description="Old words.")
    revision = change_to(provider, service, summary="Swimming on Saturdays.",
                         description="First paragraph.\nSecond line.")
    login(officer)
    response = client.get(f"/review/revisions/{revision.id}")
    html = text(response)
    assert response.status_code == 200
    assert len(h1s(response)) == 1
    fields = re.findall(r'data-field="([a-z_]+)"', html)
    assert fields == ["summary", "description"]
    assert "Published now" in html and "Proposed" in html
    assert "Swimming." in html and "Swimming on Saturdays." in html
    assert "First paragraph.<br>Second line." in html  # long text keeps its line breaks
    assert "01632 960001" not in html  # unchanged fields are left out
    assert 'name="csrf_token"' in html


def test_new_listing_diff_shows_what_would_be_published(client, login, officer, provider, org):
    revision = new_listing(provider, org, "Little Stars Saturday Club", summary="Games & trips <b>")
    login(officer)
    html = text(client.get(f"/review/revisions/{revision.id}"))
    assert "What would be published" in html
    assert "Published now" not in html
    assert "Games &amp; trips &lt;b&gt;" in html  # escaped


# --- approving ------------------------------------------------------------------------------------------

def test_approve_publishes_indexes_versions_and_dates(client, login, officer, provider, org, make_service):
    service = make_service("Riverside Swim Club", summary="Swimming.", organisation=org, version=1,
                           assured_on=date(2023, 1, 1))
    assert "Riverside Swim Club" in text(client.get("/search?q=swim"))  # the index exists and has it
    revision = change_to(provider, service, name="Riverside Otters Swimming", summary="Swimming on Saturdays.")
    assert "Otters" not in text(client.get("/search?q=otters"))  # not public until approved

    login(officer)
    response = client.post(f"/review/revisions/{revision.id}/approve")
    assert response.status_code == 302 and response.headers["Location"] == "/review/"
    assert "“Riverside Otters Swimming” is published" in text(client.get("/review/"))  # the confirmation
    db.session.expire_all()
    assert service.status == PUBLISHED and service.name == "Riverside Otters Swimming"
    assert service.version == 2 and service.assured_on == date.today()
    assert db.session.get(ListingRevision, revision.id).status == REVISION_APPROVED
    version = db.session.scalar(select(ServiceVersion).where(ServiceVersion.service_id == service.id))
    assert version.version == 2 and version.data["name"] == "Riverside Otters Swimming"
    assert version.created_by_id == officer.id
    assert "Riverside Otters Swimming" in text(client.get("/search?q=otters"))


def test_approving_a_new_listing_puts_it_on_the_public_site(client, login, officer, provider, org):
    revision = new_listing(provider, org, "Little Stars Saturday Club")
    assert client.get(f"/services/{revision.service_id}").status_code == 404
    login(officer)
    client.post(f"/review/revisions/{revision.id}/approve")
    assert client.get(f"/services/{revision.service_id}").status_code == 200
    assert "Little Stars Saturday Club" in text(client.get("/search?q=stars"))


def test_version_conflict_is_refused_with_the_message(client, login, officer, provider, org, make_service):
    service = make_service("Riverside Swim Club", summary="Swimming.", organisation=org, version=1)
    revision = change_to(provider, service, summary="Swimming on Saturdays.")
    service.version = 2  # someone published another version meanwhile
    db.session.commit()
    login(officer)
    page = text(client.get(f"/review/revisions/{revision.id}"))
    assert "The listing was changed after this revision was made" in page
    response = client.post(f"/review/revisions/{revision.id}/approve")
    html = text(response)
    assert response.status_code == 409
    assert "govuk-error-summary" in html
    assert "The listing changed after this revision was made" in html
    assert "<title>Error:" in html
    db.session.expire_all()
    assert service.summary == "Swimming." and revision.status == REVISION_SUBMITTED


# --- sending back ---------------------------------------------------------------------------------------

def test_send_back_needs_a_reason(client, login, officer, provider, org, make_service):
    service = make_service("Riverside Swim Club", summary="Swimming.", organisation=org)
    revision = change_to(provider, service, summary="Swimming on Saturdays.")
    login(officer)
    response = client.post(f"/review/revisions/{revision.id}/return", data={"reason": "   "})
    html = text(response)
    assert response.status_code == 400
    assert "Enter the reason for sending it back" in html
    assert 'href="#reason"' in html and 'id="reason-error"' in html
    db.session.expire_all()
    assert revision.status == REVISION_SUBMITTED


def test_send_back_returns_and_emails_the_creator(client, login, officer, provider, org, make_service, smtp_server):
    service = make_service("Riverside Swim Club", summary="Swimming.", organisation=org)
    revision = change_to(provider, service, summary="Swimming on Saturdays.")
    login(officer)
    reason = "Please add the times of the sessions.\nAnd the price."
    response = client.post(f"/review/revisions/{revision.id}/return", data={"reason": reason})
    assert response.status_code == 302
    db.session.expire_all()
    assert revision.status == REVISION_RETURNED and revision.review_note == reason
    assert revision.reviewed_by_id == officer.id
    assert service.summary == "Swimming."  # the public listing is untouched
    assert len(smtp_server) == 1
    message = smtp_server[0]
    assert message["To"] == "provider@example.org"
    assert subject(message) == "Your change to “Riverside Swim Club” needs more work"
    body = message.get_payload(decode=True).decode().replace("\r\n", "\n")
    assert "Please add the times of the sessions.\nAnd the price." in body
    assert "/providers/" in body
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "revision.return")) is not None


def test_send_back_keeps_the_reason_when_it_is_too_long(client, login, officer, provider, org, make_service):
    service = make_service("Riverside Swim Club", summary="Swimming.", organisation=org)
    revision = change_to(provider, service, summary="Swimming on Saturdays.")
    login(officer)
    html = text(client.post(f"/review/revisions/{revision.id}/return", data={"reason": "x" * 5001}))
    assert "5,000 characters or fewer" in html and "x" * 5001 in html


# --- versions, restoring, archiving ---------------------------------------------------------------------

def published_twice(provider, officer, org, make_service):
    """A listing with versions 2 and 3 stored (approved changes)."""
    from directory.listings import approve_revision

    service = make_service("Riverside Swim Club", summary="Swimming.", organisation=org, version=1)
    approve_revision(officer, change_to(provider, service, summary="Swimming on Saturdays."))
    approve_revision(officer, change_to(provider, service, summary="Swimming on Sundays.", phone="01632 960002"))
    return service


def test_versions_page_lists_every_version(client, login, officer, provider, org, make_service):
    service = published_twice(provider, officer, org, make_service)
    login(officer)
    response = client.get(f"/review/services/{service.id}/versions")
    html = text(response)
    assert response.status_code == 200 and len(h1s(response)) == 1
    assert "Approved change" in html and "Olu Officer" in html
    assert f'href="/review/services/{service.id}/versions/2"' in html
    assert f'href="/review/services/{service.id}/versions/3"' in html


def test_one_version_shows_its_data_and_the_difference_from_now(client, login, officer, provider, org,
                                                               make_service):
    service = published_twice(provider, officer, org, make_service)
    login(officer)
    html = text(client.get(f"/review/services/{service.id}/versions/2"))
    assert re.findall(r'data-field="([a-z_]+)"', html) == ["summary", "phone"]
    assert "Swimming on Saturdays." in html and "Swimming on Sundays." in html
    assert "Restore version 2" in html
    assert client.get(f"/review/services/{service.id}/versions/9").status_code == 404


def test_restore_makes_a_new_version_with_the_old_data(client, login, officer, provider, org, make_service):
    service = published_twice(provider, officer, org, make_service)
    login(officer)
    response = client.post(f"/review/services/{service.id}/versions/2/restore")
    assert response.status_code == 302
    db.session.expire_all()
    assert service.version == 4 and service.summary == "Swimming on Saturdays." and service.phone == ""
    newest = versions_of(service)[0]
    assert newest.version == 4 and newest.note == "Restored version 2"
    assert newest.data == snapshot_of(service)
    assert [v.version for v in versions_of(service)] == [4, 3, 2]
    assert "Swimming on Saturdays." in text(client.get(f"/services/{service.id}"))


def test_restoring_a_missing_version_says_so(client, login, officer, provider, org, make_service):
    service = published_twice(provider, officer, org, make_service)
    login(officer)
    response = client.post(f"/review/services/{service.id}/versions/7/restore")
    assert response.status_code == 409 and "There is no version 7 of this listing" in text(response)


def test_archive_hides_the_listing_and_unarchive_brings_it_back(client, login, officer, provider, org,
                                                               make_service):
    service = make_service("Riverside Swim Club", summary="Swimming.", organisation=org)
    pending = change_to(provider, service, summary="Swimming on Saturdays.")
    assert "Riverside Swim Club" in text(client.get("/search?q=swim"))
    login(officer)
    assert client.post(f"/review/services/{service.id}/archive").status_code == 302
    db.session.expire_all()
    assert service.status == ARCHIVED
    assert pending.status == REVISION_WITHDRAWN  # nothing can republish it by accident
    assert client.get(f"/services/{service.id}").status_code == 404
    assert "Riverside Swim Club" not in text(client.get("/search?q=swim"))
    assert "This listing is archived" in text(client.get(f"/review/services/{service.id}/versions"))
    assert client.post(f"/review/services/{service.id}/archive").status_code == 409  # already archived

    assert client.post(f"/review/services/{service.id}/unarchive").status_code == 302
    db.session.expire_all()
    assert service.status == PUBLISHED
    assert client.get(f"/services/{service.id}").status_code == 200
    assert "Riverside Swim Club" in text(client.get("/search?q=swim"))
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.record_id == str(service.id))).all()
    assert "listing.archive" in actions and "listing.unarchive" in actions


# --- who may see the officer pages ----------------------------------------------------------------------

@pytest.fixture
def officer_urls(provider, officer, org, make_service):
    from directory.listings import approve_revision

    service = make_service("Riverside Swim Club", summary="Swimming.", organisation=org, version=0)
    approve_revision(officer, change_to(provider, service, summary="Swimming on Saturdays."))
    waiting = change_to(provider, service, summary="Swimming on Sundays.")
    report = ProblemReport(service_id=service.id, kind="closed")
    db.session.add(report)
    db.session.commit()
    values = {"revision": waiting.id, "service": service.id, "report": report.id}
    return ([url.format(**values) for url in OFFICER_PAGES], [url.format(**values) for url in OFFICER_ACTIONS])


def test_anonymous_people_are_sent_to_sign_in(client, officer_urls):
    pages, actions = officer_urls
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in"), url
    for url in actions:
        response = client.post(url, data={"state": "fixed", "reason": "x"})
        assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in"), url


@pytest.mark.parametrize("roles", [("provider",), ("forum_member",)])
def test_providers_and_forum_members_are_refused(client, login, make_user, org, officer_urls, roles):
    login(make_user("someone@example.org", roles=roles, organisations=[org]))
    pages, actions = officer_urls
    for url in pages:
        assert client.get(url).status_code == 403, url
    for url in actions:
        assert client.post(url, data={"state": "fixed", "reason": "x"}).status_code == 403, url


def test_officers_see_every_page_and_can_use_every_action(client, login, officer, officer_urls):
    login(officer)
    pages, actions = officer_urls
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(h1s(response)) == 1, url
    for url in actions:
        response = client.post(url, data={"state": "fixed", "reason": "Not yet."}, follow_redirects=True)
        assert response.status_code in (200, 409), url  # 409: e.g. approving what was just sent back


def test_officer_actions_change_state_as_the_officer(client, login, officer, officer_urls):
    """Each POST really is the officer's: the audit log names them."""
    login(officer)
    pages, actions = officer_urls
    client.post(actions[0])  # approve
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "listing.publish")
                               .order_by(AuditEntry.id.desc())).first()
    assert entry.user_id == officer.id
