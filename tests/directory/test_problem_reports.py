""""Is something wrong with this page?": the public form, spam resistance, and officers' triage."""
from __future__ import annotations

import re
from email.header import decode_header, make_header

import pytest
from sqlalchemy import func, select

from directory.models import (MEMBERSHIP_PENDING, PROBLEM_FIXED, PROBLEM_NEW, PROBLEM_NO_CHANGE, PROBLEM_PASSED,
                              Membership, ProblemReport)
from directory.problems import ProblemError, report_problem
from portal.extensions import db, limiter
from portal.models import AuditEntry


@pytest.fixture
def org(make_organisation):
    return make_organisation("Riverside Family Support")


@pytest.fixture
def service(make_service, org, make_user):
    make_user("ana@example.org", roles=("provider",), organisations=[org])
    waiting = make_user("pending@example.org", roles=("provider",))
    db.session.add(Membership(user_id=waiting.id, organisation_id=org.id, status=MEMBERSHIP_PENDING))
    db.session.commit()
    return make_service("Riverside Swim Club", organisation=org, phone="01632 960001")


def reports() -> int:
    return db.session.scalar(select(func.count()).select_from(ProblemReport))


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def body(message) -> str:
    return message.get_payload(decode=True).decode().replace("\r\n", "\n")


GOOD = {"kind": "contact", "details": "The phone number is wrong.\nIt rings a fish shop.", "email": "",
        "website": ""}


def test_every_service_page_has_the_form(client, service):
    html = client.get(f"/services/{service.id}").get_data(as_text=True)
    assert "Is something wrong with this page?" in html
    assert f'action="/services/{service.id}/report"' in html
    assert 'name="csrf_token"' in html
    for value in ("closed", "contact", "out_of_date", "other"):
        assert f'type="radio" value="{value}"' in html
    honeypot = re.search(r'<div class="govuk-visually-hidden" aria-hidden="true">(.*?)</div>', html, re.S).group(1)
    assert "Leave this empty" in honeypot
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot and 'name="website"' in honeypot


def test_a_report_is_stored_and_emailed_to_members(client, service, smtp_server):
    response = client.post(f"/services/{service.id}/report", data={**GOOD, "email": "parent@example.org"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Thank you for your report" in html
    report = db.session.scalar(select(ProblemReport))
    assert report.service_id == service.id and report.kind == "contact" and report.status == PROBLEM_NEW
    assert report.details == "The phone number is wrong.\nIt rings a fish shop."
    assert report.reply_email == "parent@example.org"
    assert [m["To"] for m in smtp_server] == ["ana@example.org"]  # approved members only
    assert "Riverside Swim Club" in subject(smtp_server[0])
    text = body(smtp_server[0])
    assert "It rings a fish shop." in text and "contact details are wrong" in text
    assert "parent@example.org" not in text  # the reader's address stays with the council
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "problem.report")) is not None


@pytest.mark.parametrize("data, message, field", [
    ({**GOOD, "kind": ""}, "Select what is wrong with the page", "problem-kind"),
    ({**GOOD, "kind": "nonsense"}, "Select what is wrong with the page", "problem-kind"),
    ({**GOOD, "kind": "other", "details": ""}, "Tell us what is wrong", "problem-details"),
    ({**GOOD, "details": "x" * 2001}, "Details must be 2,000 characters or fewer", "problem-details"),
    ({**GOOD, "email": "not an email"}, "Enter an email address in the correct format", "problem-email"),
])
def test_mistakes_show_the_form_again_with_the_words_kept(client, service, data, message, field):
    response = client.post(f"/services/{service.id}/report", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert "govuk-error-summary" in html and f'href="#{field}"' in html and f'id="{field}-error"' in html
    assert "<title>Error:" in html
    assert len(re.findall(r"<h1", html)) == 1
    assert (data["details"] in html) if data["details"] else True
    if data["email"]:
        assert f'value="{data["email"]}"' in html
    assert reports() == 0


def test_a_chosen_radio_stays_chosen(client, service):
    html = client.post(f"/services/{service.id}/report",
                       data={**GOOD, "email": "bad"}).get_data(as_text=True)
    assert re.search(r'value="contact" checked', html)


def test_honeypot_filled_pretends_success_and_stores_nothing(client, service, smtp_server):
    response = client.post(f"/services/{service.id}/report", data={**GOOD, "website": "http://spam.example"})
    assert response.status_code == 200
    assert "Thank you for your report" in response.get_data(as_text=True)
    assert reports() == 0 and smtp_server == []


def test_honeypot_wins_even_when_the_rest_is_nonsense(client, service):
    response = client.post(f"/services/{service.id}/report", data={"kind": "x", "website": "spam"})
    assert response.status_code == 200 and reports() == 0


def test_reports_only_for_published_listings(client, make_service, org):
    draft = make_service("Not Yet", organisation=org, status="draft")
    assert client.post(f"/services/{draft.id}/report", data=GOOD).status_code == 404
    with pytest.raises(ProblemError):
        report_problem(draft, "closed")


def test_report_problem_checks_its_input(app, service):
    with pytest.raises(ProblemError):
        report_problem(service, "bogus")
    with pytest.raises(ProblemError):
        report_problem(service, "other", "x" * 2001)
    with pytest.raises(ProblemError):
        report_problem(service, "other", "fine", "nope")
    assert reports() == 0


def test_rate_limit_after_five_reports_an_hour(app, client, service, monkeypatch, smtp_server):
    if not limiter.enabled:  # tests may switch limits off; this one needs them
        monkeypatch.setattr(limiter, "enabled", True)
        app.config["RATELIMIT_ENABLED"] = True
        limiter.init_app(app)
    limiter.reset()
    for _ in range(5):
        assert client.post(f"/services/{service.id}/report", data=GOOD).status_code == 200
    assert client.post(f"/services/{service.id}/report", data=GOOD).status_code == 429
    assert client.get(f"/services/{service.id}").status_code == 200  # reading is never limited
    assert reports() == 5 and len(smtp_server) == 5


# --- officers' triage -----------------------------------------------------------------------------------

@pytest.fixture
def officer(make_user, login):
    return login(make_user("officer@example.org", roles=("officer",)))


def test_officers_see_reports_by_state(client, service, officer):
    db.session.add_all([
        ProblemReport(service_id=service.id, kind="closed", details="Shut last May."),
        ProblemReport(service_id=service.id, kind="other", details="Fixed one.", status=PROBLEM_FIXED),
    ])
    db.session.commit()
    html = client.get("/review/reports").get_data(as_text=True)
    assert "Shut last May." in html and "Fixed one." not in html
    assert "New (1)" in html and "Fixed (1)" in html and "Passed to provider (0)" in html
    html = client.get("/review/reports?state=fixed").get_data(as_text=True)
    assert "Fixed one." in html and "Shut last May." not in html
    assert client.get("/review/reports?state=bogus").status_code == 200


def test_state_changes_and_passing_to_the_provider_emails_them(client, service, officer, smtp_server):
    report = ProblemReport(service_id=service.id, kind="out_of_date", details="Prices went up.")
    db.session.add(report)
    db.session.commit()

    response = client.post(f"/review/reports/{report.id}/state", data={"state": PROBLEM_PASSED})
    assert response.status_code == 302
    db.session.expire_all()
    assert report.status == PROBLEM_PASSED
    assert [m["To"] for m in smtp_server] == ["ana@example.org"]
    assert "Prices went up." in body(smtp_server[0])

    client.post(f"/review/reports/{report.id}/state", data={"state": PROBLEM_FIXED})
    db.session.expire_all()
    assert report.status == PROBLEM_FIXED and len(smtp_server) == 1  # only passing on emails
    client.post(f"/review/reports/{report.id}/state", data={"state": PROBLEM_NO_CHANGE})
    db.session.expire_all()
    assert report.status == PROBLEM_NO_CHANGE
    assert client.post(f"/review/reports/{report.id}/state", data={"state": "deleted"}).status_code == 400
    assert client.post("/review/reports/999/state", data={"state": PROBLEM_FIXED}).status_code == 404
    changes = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "problem.state")).all()
    assert [c.after["status"] for c in changes] == [PROBLEM_PASSED, PROBLEM_FIXED, PROBLEM_NO_CHANGE]
    assert all(c.user_id == officer.id for c in changes)
