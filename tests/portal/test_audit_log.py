"""Officers read the audit log: every change, who made it, when, before and after; filtered, paged, downloaded.
Nothing in the app can rewrite an entry's history."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest

from directory.review_services import archive_listing
from portal.audit import AuditEntryChanged
from portal.extensions import db
from portal.models import FORUM_MEMBER, OFFICER, PROVIDER, AuditEntry
from portal.services import record_audit


@pytest.fixture
def officer(make_user):
    return make_user("olu.officer@council.example.org", roles=(OFFICER,))


@pytest.fixture
def archived(officer, make_service):
    """A listing an officer archived: one real entry with the state before and after."""
    service = make_service("Riverside Speech Club")
    archive_listing(officer, service)
    return service


def _listed(page: str) -> str:
    """The table of entries only (the filter's list of actions names every action)."""
    found = re.search(r"<table.*?</table>", page, re.S)
    return found.group(0) if found else ""


def _entry(action: str, **fields) -> AuditEntry:
    return db.session.query(AuditEntry).filter_by(action=action, **fields).one()


def test_an_officer_sees_who_did_what_to_which_record(client, login, officer, archived):
    login(officer)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "olu.officer@council.example.org" in page
    assert "listing.archive" in page
    assert str(archived.id) in page

    entry = _entry("listing.archive")
    detail = client.get(f"/admin/audit/{entry.id}").get_data(as_text=True)
    row = re.search(r"<code dir=\"ltr\">status</code></th>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>", detail)
    assert row and row.groups() == ("published", "archived")
    assert f'href="/review/services/{archived.id}/versions"' in detail  # the record itself
    assert f"record_id={archived.id}" in detail  # everything about it


def test_the_log_is_filtered_by_person_action_record_and_dates(client, login, officer, make_user, archived):
    someone = make_user("provider@trust.example.org", roles=(PROVIDER,))
    record_audit(someone, "revision.submit", "service", archived.id, after={"revision": 7})
    db.session.commit()
    login(officer)

    by_person = _listed(client.get("/admin/audit?who=TRUST.example").get_data(as_text=True))
    assert "revision.submit" in by_person and "listing.archive" not in by_person
    by_action = client.get("/admin/audit?action=listing.archive").get_data(as_text=True)
    assert "listing.archive" in _listed(by_action) and "revision.submit" not in _listed(by_action)
    assert "1 entry" in by_action
    by_record = client.get(f"/admin/audit?record_type=service&record_id={archived.id}").get_data(as_text=True)
    assert "2 entries" in by_record
    today = datetime.utcnow().date()
    in_range = client.get(f"/admin/audit?record_type=service&start={today:%d/%m/%Y}&end={today.day}-{today.month}-"
                          f"{today.year}").get_data(as_text=True)
    assert "2 entries" in in_range
    before = client.get("/admin/audit?record_type=service&end=1/1/2000").get_data(as_text=True)
    assert "0 entries" in before and "No entries match the filter." in before


@pytest.mark.parametrize("query, message", [
    ("start=31/2/2026", "Enter the start date as day/month/year, for example 27/3/2026"),
    ("end=yesterday", "Enter the end date as day/month/year, for example 31/3/2026"),
    ("start=2/3/2026&end=1/3/2026", "The end date must be the same as or after the start date"),
    ("action=nothing.real", "Choose what they did from the list"),
    ("record_type=%3Cscript%3E", "Choose a kind of record from the list"),
])
def test_a_filter_that_cannot_be_used_is_explained_and_kept(client, login, officer, archived, query, message):
    login(officer)
    response = client.get(f"/admin/audit?{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert page.count(message) == 2  # in the summary and by the field
    assert "<title>Error: Audit log" in page
    if "start=31/2/2026" in query:
        assert 'value="31/2/2026"' in page  # what was typed is shown back
    assert "listing.archive" in _listed(page)  # the rest of the filter still applies; nothing is hidden by the mistake


def test_pages_of_fifty_keep_the_filter(client, login, officer, archived):
    for number in range(60):
        record_audit(officer, "feedback.note", "feedback_item", number)
    db.session.commit()
    login(officer)
    first = client.get("/admin/audit?action=feedback.note").get_data(as_text=True)
    assert "60 entries" in first
    assert _listed(first).count('href="/admin/audit/') == 50
    assert "/admin/audit?page=2&amp;action=feedback.note" in first
    second = client.get("/admin/audit?page=2&action=feedback.note").get_data(as_text=True)
    assert _listed(second).count('href="/admin/audit/') == 10


def test_the_download_has_every_matching_entry_with_formulas_neutralised(client, login, officer, archived):
    record_audit(officer, "plan.update", "action_plan", 3, before={"title": "=HYPERLINK(\"http://evil\")"},
                 after={"title": "Our plan"})
    db.session.commit()
    login(officer)
    response = client.get("/admin/audit/audit-log.csv?record_type=action_plan")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [(row["action"], row["field"], row["before"], row["after"]) for row in rows] == [
        ("plan.update", "title", "'=HYPERLINK(\"http://evil\")", "Our plan")]
    everything = list(csv.DictReader(io.StringIO(client.get("/admin/audit/audit-log.csv").get_data(as_text=True)
                                                 .lstrip("\ufeff"))))
    assert {row["action"] for row in everything} >= {"listing.archive", "plan.update", "user.create"}


def test_recorded_values_are_shown_inert(client, login, officer):
    record_audit(officer, "plan.update", "action_plan", 4, before={"title": "<script>alert(1)</script>"})
    db.session.commit()
    login(officer)
    entry = _entry("plan.update")
    page = client.get(f"/admin/audit/{entry.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("roles", [(), (PROVIDER,), (FORUM_MEMBER,)])
def test_only_officers_read_the_log(client, login, make_user, officer, archived, roles):
    login(make_user(roles=roles))
    entry = _entry("listing.archive")
    for url in ("/admin/audit", f"/admin/audit/{entry.id}", "/admin/audit/audit-log.csv"):
        assert client.get(url).status_code == 403


def test_history_cannot_be_rewritten_but_a_deleted_person_can_be_unlinked(officer, archived):
    entry = _entry("listing.archive")
    entry.action = "listing.publish"
    with pytest.raises(AuditEntryChanged):
        db.session.commit()
    db.session.rollback()

    entry = _entry("listing.archive")
    entry.user_id = None  # what deleting an account does (portal/account_data.py)
    entry.before = {"status": "published", "note": "[removed]"}
    db.session.commit()
    assert _entry("listing.archive").user_id is None


def test_the_account_page_links_officers_to_the_log(client, login, officer, archived):
    login(officer)
    assert 'href="/admin/audit"' in client.get("/account").get_data(as_text=True)
    versions = client.get(f"/review/services/{archived.id}/versions").get_data(as_text=True)
    assert f'href="/admin/audit?record_type=service&amp;record_id={archived.id}"' in versions
