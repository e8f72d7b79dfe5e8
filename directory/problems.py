"""Readers' "Is something wrong with this page?" reports, the provider emails they trigger, and officers'
triage (new → passed to provider → fixed, or no change needed)."""
from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import OFFICER, User
from portal.services import record_audit

from .listings import NotAllowed
from .models import PROBLEM_KINDS, PROBLEM_PASSED, PROBLEM_STATES, PUBLISHED, ProblemReport, Service
from .review_services import dashboard_url, member_emails, public_url, send_template

DETAILS_MAX_LENGTH = 2000
EMAIL_MAX_LENGTH = 254
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")

KIND_LABELS = {
    "closed": _l("The service has closed"),
    "contact": _l("The contact details are wrong"),
    "out_of_date": _l("The information is out of date"),
    "other": _l("Something else"),
}

STATE_LABELS = {
    "new": _l("New"),
    "passed": _l("Passed to provider"),
    "fixed": _l("Fixed"),
    "no_change": _l("No change needed"),
}


class ProblemError(ValueError):
    """A report or a state change broke a rule; the message is for the person."""


def report_problem(service: Service, kind: str, details: str = "", reply_email: str = "") -> ProblemReport:
    """Store a reader's report about a published listing and email the organisation's members."""
    if service.status != PUBLISHED:
        raise ProblemError(str(_l("You can only report a problem with a published listing")))
    if kind not in PROBLEM_KINDS:
        raise ProblemError(str(_l("Select what is wrong with the page")))
    details = (details or "").strip()
    reply_email = (reply_email or "").strip()
    if len(details) > DETAILS_MAX_LENGTH:
        raise ProblemError(str(_l("Details must be %(max)s characters or fewer", max="2,000")))
    if reply_email and (len(reply_email) > EMAIL_MAX_LENGTH or not EMAIL_PATTERN.match(reply_email)):
        raise ProblemError(str(_l("Enter an email address in the correct format, like name@example.com")))
    report = ProblemReport(service_id=service.id, kind=kind, details=details, reply_email=reply_email)
    db.session.add(report)
    db.session.flush()
    # The reader's words and address stay on the report; the audit log notes only that it came.
    record_audit(None, "problem.report", "problem_report", report.id,
                 after={"service": str(service.id), "kind": kind})
    db.session.commit()
    _email_members(report, "directory/review/email/problem_reported.txt",
                   _("Someone reported a problem with “%(name)s”", name=service.name))
    return report


def set_problem_state(officer: User, report: ProblemReport, state: str) -> ProblemReport:
    """Move a report to another state; passing it to the provider emails the organisation's members."""
    if not officer.has_role(OFFICER):
        raise NotAllowed()
    if state not in PROBLEM_STATES:
        raise ProblemError(str(_l("Choose a state from the list")))
    if state == report.status:
        return report
    before = report.status
    report.status = state
    record_audit(officer, "problem.state", "problem_report", report.id, before={"status": before},
                 after={"status": state})
    db.session.commit()
    if state == PROBLEM_PASSED:
        _email_members(report, "directory/review/email/problem_passed.txt",
                       _("Please check your listing “%(name)s”", name=report.service.name))
    return report


def _email_members(report: ProblemReport, template: str, subject: str) -> int:
    service = report.service
    return send_template(member_emails(service.organisation), subject, template, service_name=service.name,
                         kind=str(KIND_LABELS.get(report.kind, report.kind)), details=report.details,
                         public=public_url(service), dashboard=dashboard_url())


def problem_report(report_id: int) -> ProblemReport | None:
    """One report, with its listing."""
    return db.session.get(ProblemReport, report_id)


def reports_in_state(state: str) -> list[ProblemReport]:
    """Reports in one state, the oldest first."""
    return list(db.session.scalars(
        select(ProblemReport).where(ProblemReport.status == state)
        .options(joinedload(ProblemReport.service).joinedload(Service.organisation))
        .order_by(ProblemReport.created_at, ProblemReport.id)))


def counts_by_state() -> dict[str, int]:
    """How many reports are in each state."""
    counts = dict.fromkeys(PROBLEM_STATES, 0)
    for state, count in db.session.execute(
            select(ProblemReport.status, func.count()).group_by(ProblemReport.status)):
        counts[state] = count
    return counts

