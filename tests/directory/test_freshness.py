"""Freshness: when a listing is stale, the reminders before and after, the dashboard and the public notice."""
from __future__ import annotations

import re
from datetime import date, timedelta
from email.header import decode_header, make_header

import pytest
import time_machine
from babel.dates import format_date
from sqlalchemy import func, select

from directory.freshness import due_on, freshness_report, is_stale, send_reminders, stale_since
from directory.listings import confirm_still_correct
from directory.models import (ARCHIVED, DRAFT, MEMBERSHIP_PENDING, PENDING, REMINDER_DUE, REMINDER_ESCALATED,
                              REMINDER_SOON, Membership, ReminderSent)
from portal.extensions import db

CHECKED = date(2024, 1, 10)
DUE = CHECKED + timedelta(days=365)  # 9 January 2025: the day it goes stale


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def body(message) -> str:
    return message.get_payload(decode=True).decode().replace("\r\n", "\n")


# --- the rules ------------------------------------------------------------------------------------------

def test_stale_from_the_day_the_review_period_ends(app, make_service):
    service = make_service(assured_on=CHECKED)
    assert due_on(service) == date(2025, 1, 9)
    assert not is_stale(service, DUE - timedelta(days=1))
    assert stale_since(service, DUE - timedelta(days=1)) is None
    assert is_stale(service, DUE) and stale_since(service, DUE) == DUE
    assert stale_since(service, DUE + timedelta(days=100)) == DUE


def test_never_checked_is_stale(app, make_service):
    assert is_stale(make_service(assured_on=None), date(2020, 1, 1))


def test_review_period_is_configurable(app, make_service):
    app.config["REVIEW_PERIOD_DAYS"] = 30
    service = make_service(assured_on=CHECKED)
    assert is_stale(service, CHECKED + timedelta(days=30))
    assert not is_stale(service, CHECKED + timedelta(days=29))


# --- the dashboard --------------------------------------------------------------------------------------

@pytest.fixture
def known_set(make_service, make_organisation):
    """Four published listings (two checked in time, one stale, one never checked) and one of each other state."""
    today = date.today()
    org = make_organisation("Riverside Family Support")
    make_service("Fresh One", organisation=org, assured_on=today - timedelta(days=10))
    make_service("Fresh Soon Stale", organisation=org, assured_on=today - timedelta(days=350))
    make_service("Stale Old", organisation=org, assured_on=today - timedelta(days=400))
    make_service("Never Checked", organisation=org, assured_on=None)
    make_service("Stale But Archived", organisation=org, status=ARCHIVED, assured_on=today - timedelta(days=900))
    make_service("A Draft", organisation=org, status=DRAFT)
    make_service("Waiting", organisation=org, status=PENDING)
    return today


def test_freshness_report_figures(app, known_set):
    report = freshness_report(known_set)
    assert report.published == 4 and report.checked == 2 and report.stale == 2
    assert report.share == 0.5 and report.percent == 50
    assert report.due_soon == 1
    assert report.by_status == {"draft": 1, "pending": 1, "published": 4, "archived": 1}
    assert [s.name for s in report.oldest] == ["Never Checked", "Stale Old"]


def test_freshness_report_with_nothing_published(app):
    report = freshness_report(date(2025, 6, 1))
    assert report.published == 0 and report.share is None and report.percent is None


def test_freshness_dashboard_page(client, login, make_user, known_set):
    login(make_user("officer@example.org", roles=("officer",)))
    response = client.get("/review/freshness")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'id="share-checked">\s*50%\s*<', html)
    assert re.search(r'id="count-stale">\s*2\s*<', html)
    assert re.search(r'id="count-archived">\s*1\s*<', html)
    oldest = html[html.index("Out of date, oldest check first"):]
    assert oldest.index("Never Checked") < oldest.index("Stale Old")
    assert "Fresh One" not in oldest and "Stale But Archived" not in oldest
    assert 'href="/review/services/' in oldest


# --- reminders ------------------------------------------------------------------------------------------

@pytest.fixture
def people(make_organisation, make_user):
    org = make_organisation("Riverside Family Support")
    other = make_organisation("Another Charity")
    members = [make_user("ana@example.org", roles=("provider",), organisations=[org]),
               make_user("ben@example.org", roles=("provider",), organisations=[org])]
    waiting = make_user("pending@example.org", roles=("provider",))
    db.session.add(Membership(user_id=waiting.id, organisation_id=org.id, status=MEMBERSHIP_PENDING))
    db.session.commit()
    make_user("stranger@example.org", roles=("provider",), organisations=[other])
    make_user("officer@example.org", roles=("officer",))
    return {"org": org, "members": members}


def recipients(messages) -> list[str]:
    return sorted(m["To"] for m in messages)


def test_reminders_go_at_the_right_days_to_the_right_people(app, make_service, people, smtp_server):
    service = make_service("Riverside Swim Club", organisation=people["org"], assured_on=CHECKED)
    make_service("Fresh Club", organisation=people["org"], assured_on=DUE)  # never reminded here

    def run(day):
        before = len(smtp_server)
        counts = send_reminders(day)
        return counts, smtp_server[before:]

    counts, sent = run(DUE - timedelta(days=31))
    assert sent == [] and counts["soon"] == 0

    counts, sent = run(DUE - timedelta(days=30))
    assert counts == {"soon": 1, "due": 0, "escalated": 0, "emails": 2, "no_members": 0}
    assert recipients(sent) == ["ana@example.org", "ben@example.org"]
    assert "Riverside Swim Club" in subject(sent[0])
    text = body(sent[0])
    assert "/providers/" in text and "Still correct" in text
    assert format_date(DUE, "long", locale="en_GB") in text  # when it will go stale

    assert run(DUE - timedelta(days=30))[1] == []  # twice the same day
    for day in range(29, 0, -1):  # and daily until it goes stale
        assert run(DUE - timedelta(days=day))[1] == []

    counts, sent = run(DUE)
    assert counts["due"] == 1 and counts["soon"] == 0
    assert recipients(sent) == ["ana@example.org", "ben@example.org"]
    assert "needs checking" in subject(sent[0])
    assert run(DUE)[1] == []
    for day in range(1, 30):
        assert run(DUE + timedelta(days=day))[1] == []

    counts, sent = run(DUE + timedelta(days=30))
    assert counts["escalated"] == 1
    assert recipients(sent) == ["officer@example.org"]
    assert "Riverside Swim Club" in body(sent[0]) and "/review/freshness" in body(sent[0])
    for day in range(30, 60):
        assert run(DUE + timedelta(days=day))[1] == []

    kinds = db.session.scalars(select(ReminderSent.kind).where(ReminderSent.service_id == service.id)).all()
    assert sorted(kinds) == sorted([REMINDER_SOON, REMINDER_DUE, REMINDER_ESCALATED])


def test_a_late_first_run_sends_due_not_soon(app, make_service, people, smtp_server):
    make_service("Riverside Swim Club", organisation=people["org"], assured_on=CHECKED)
    counts = send_reminders(DUE + timedelta(days=3))
    assert counts["due"] == 1 and counts["soon"] == 0 and counts["escalated"] == 0
    assert len(smtp_server) == 2


def test_confirming_still_correct_starts_a_new_cycle(app, make_service, people, smtp_server):
    service = make_service("Riverside Swim Club", organisation=people["org"], assured_on=CHECKED)
    send_reminders(DUE)
    assert len(smtp_server) == 2
    confirmed_on = DUE + timedelta(days=5)
    with time_machine.travel(confirmed_on, tick=False):
        confirm_still_correct(people["members"][0], service)
    assert service.assured_on == confirmed_on
    assert send_reminders(confirmed_on + timedelta(days=40))["escalated"] == 0  # the old cycle is over
    assert len(smtp_server) == 2
    new_due = confirmed_on + timedelta(days=365)
    assert send_reminders(new_due - timedelta(days=31))["soon"] == 0
    assert send_reminders(new_due - timedelta(days=30))["soon"] == 1
    assert send_reminders(new_due)["due"] == 1
    assert len(smtp_server) == 6
    cycles = db.session.scalars(select(ReminderSent.cycle).where(ReminderSent.kind == REMINDER_DUE)).all()
    assert sorted(cycles) == [CHECKED, confirmed_on]


def test_unpublished_listings_and_organisations_without_members(app, make_service, make_organisation, people,
                                                                smtp_server):
    make_service("Archived Club", organisation=people["org"], assured_on=CHECKED, status=ARCHIVED)
    lonely = make_service("Lonely Club", organisation=make_organisation("No Members Yet"), assured_on=CHECKED)
    counts = send_reminders(DUE)
    assert counts["due"] == 0 and counts["no_members"] == 1 and smtp_server == []
    # The reminder waits for a member rather than being marked sent to nobody.
    assert db.session.scalar(select(func.count()).select_from(ReminderSent)) == 0
    assert lonely.status == "published"


def test_cli_sends_and_prints_counts(runner, make_service, people, smtp_server):
    make_service("Riverside Swim Club", organisation=people["org"], assured_on=CHECKED)
    result = runner.invoke(args=["reminders", "send", "--today", DUE.isoformat()])
    assert result.exit_code == 0, result.output
    assert "0 soon, 1 due, 0 escalated (2 emails)" in result.output
    result = runner.invoke(args=["reminders", "send", "--today", DUE.isoformat()])
    assert "0 soon, 0 due, 0 escalated (0 emails)" in result.output
    assert len(smtp_server) == 2
    # The command has no request, yet its emails carry full links to the site's public address.
    assert "http://127.0.0.1:5000/providers/" in smtp_server[0].get_payload(decode=True).decode()


def test_cli_uses_the_real_date_by_default(runner, make_service, people, smtp_server):
    make_service("Riverside Swim Club", organisation=people["org"], assured_on=CHECKED)
    with time_machine.travel(DUE + timedelta(days=30), tick=False):
        result = runner.invoke(args=["reminders", "send"])
    assert "0 soon, 1 due, 1 escalated (3 emails)" in result.output


def test_cli_refuses_a_bad_date(runner):
    result = runner.invoke(args=["reminders", "send", "--today", "9/1/2025"])
    assert result.exit_code == 2 and "Invalid value for '--today'" in result.output


# --- the public notice ----------------------------------------------------------------------------------

def test_public_page_of_an_old_listing_says_when_it_was_checked(client, make_service):
    service = make_service("Riverside Swim Club", assured_on=date.today() - timedelta(days=400))
    html = client.get(f"/services/{service.id}").get_data(as_text=True)
    checked = format_date(service.assured_on, "long", locale="en_GB")
    assert f"Last checked on {checked} — some details may have changed" in html
    assert "govuk-warning-text" in html


def test_public_page_of_a_fresh_listing_has_no_notice(client, make_service):
    service = make_service("Riverside Swim Club", assured_on=date.today() - timedelta(days=10))
    html = client.get(f"/services/{service.id}").get_data(as_text=True)
    checked = format_date(service.assured_on, "long", locale="en_GB")
    assert f"Last checked on {checked}" in html
    assert "some details may have changed" not in html


def test_public_page_of_a_listing_never_checked_warns(client, make_service):
    service = make_service("Riverside Swim Club", assured_on=None)
    html = client.get(f"/services/{service.id}").get_data(as_text=True)
    assert "Not yet checked by the Local Offer team — some details may have changed" in html
