"""Keeping listings fresh: when a listing counts as stale, the reminders that come before and after, and
the figures on the officers' freshness dashboard.

Rules:
- a listing is checked on its `assured_on` date (set when an officer publishes it or the provider says it
  is still correct); it is stale from the day REVIEW_PERIOD_DAYS days later, and a listing never checked
  is stale already;
- its organisation's approved members are reminded REMINDER_LEAD_DAYS before it goes stale ("soon") and on
  the day it does ("due", or at the first run after that day); officers are told REMINDER_LEAD_DAYS after
  it went stale ("escalated");
- each reminder is sent once per check cycle (the `assured_on` date it is about), whatever the number of
  runs; a new check starts a new cycle.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal.extensions import db

from .models import (PUBLISHED, REMINDER_DUE, REMINDER_ESCALATED, REMINDER_SOON, STATUSES, ReminderSent,
                     Service)
from .review_services import absolute_url, dashboard_url, member_emails, officer_emails, public_url, send_template

REMINDER_LEAD_DAYS = 30  # "soon" this many days before a listing goes stale; escalation this many after
OLDEST_SHOWN = 50  # listings in the dashboard's "oldest unchecked" table


def review_period_days() -> int:
    """How many days a check lasts (REVIEW_PERIOD_DAYS, 365 unless configured)."""
    return int(current_app.config.get("REVIEW_PERIOD_DAYS") or 365)


def cycle_of(service: Service) -> date:
    """The check cycle a listing is in: its last check, or the day it was created if it was never checked."""
    if service.assured_on is not None:
        return service.assured_on
    return service.created_at.date() if service.created_at else date.today()


def due_on(service: Service) -> date:
    """The day a listing goes (or went) stale."""
    if service.assured_on is None:
        return cycle_of(service)
    return service.assured_on + timedelta(days=review_period_days())


def stale_since(service: Service, today: date | None = None) -> date | None:
    """The day a listing went stale, or None while it is within its review period."""
    if service.assured_on is None:
        return cycle_of(service)  # never checked: stale from the start
    today = today or date.today()
    due = due_on(service)
    return due if today >= due else None


def is_stale(service: Service, today: date | None = None) -> bool:
    """True when the listing has not been checked within the review period (or ever)."""
    return stale_since(service, today) is not None


# --- the dashboard --------------------------------------------------------------------------------------

@dataclass
class FreshnessReport:
    today: date
    period_days: int
    published: int  # published listings
    checked: int  # of which checked within the period
    stale: int  # of which not
    due_soon: int  # of the checked ones, going stale within REMINDER_LEAD_DAYS
    by_status: dict[str, int] = field(default_factory=dict)  # every listing, by status
    oldest: list[Service] = field(default_factory=list)  # stale published listings, oldest check first

    @property
    def share(self) -> float | None:
        """The fraction of published listings checked within the period (None with none published)."""
        return self.checked / self.published if self.published else None

    @property
    def percent(self) -> int | None:
        """The share as a whole percentage, rounded down so 99.6% never shows as 100%."""
        return None if self.share is None else int(self.share * 100)


def freshness_report(today: date | None = None, limit: int = OLDEST_SHOWN) -> FreshnessReport:
    """The freshness dashboard's figures on a given day."""
    today = today or date.today()
    period = review_period_days()
    fresh_after = today - timedelta(days=period)  # checked after this day: still fresh
    counts = dict.fromkeys(STATUSES, 0)
    for status, count in db.session.execute(select(Service.status, func.count()).group_by(Service.status)):
        counts[status] = count
    published = Service.status == PUBLISHED

    def count(*conditions) -> int:
        return db.session.scalar(select(func.count()).select_from(Service).where(published, *conditions)) or 0

    checked = count(Service.assured_on > fresh_after)
    due_soon = count(Service.assured_on > fresh_after,
                     Service.assured_on <= fresh_after + timedelta(days=REMINDER_LEAD_DAYS))
    oldest = list(db.session.scalars(
        select(Service).where(published, (Service.assured_on.is_(None)) | (Service.assured_on <= fresh_after))
        .options(joinedload(Service.organisation))
        .order_by(Service.assured_on.is_not(None), Service.assured_on, Service.name).limit(limit)))
    return FreshnessReport(today=today, period_days=period, published=counts[PUBLISHED], checked=checked,
                           stale=counts[PUBLISHED] - checked, due_soon=due_soon, by_status=counts, oldest=oldest)


# --- reminders ------------------------------------------------------------------------------------------

def reminder_due(service: Service, today: date) -> list[str]:
    """The reminders a published listing has reached on a day, whether or not they were sent."""
    due = due_on(service)
    kinds = []
    if due - timedelta(days=REMINDER_LEAD_DAYS) <= today < due:
        kinds.append(REMINDER_SOON)
    if today >= due:
        kinds.append(REMINDER_DUE)
    if today >= due + timedelta(days=REMINDER_LEAD_DAYS):
        kinds.append(REMINDER_ESCALATED)
    return kinds


def _claim(service: Service, kind: str, cycle: date) -> bool:
    """Record a reminder as sent, once: False if it already was (by this run or another)."""
    exists = db.session.scalar(select(ReminderSent.id).where(
        ReminderSent.service_id == service.id, ReminderSent.kind == kind, ReminderSent.cycle == cycle))
    if exists is not None:
        return False
    db.session.add(ReminderSent(service_id=service.id, kind=kind, cycle=cycle))
    try:
        db.session.commit()
    except IntegrityError:  # another run claimed it between the check and the commit
        db.session.rollback()
        return False
    return True


def send_reminders(today: date | None = None) -> dict[str, int]:
    """Send every freshness reminder due on a day that was not sent before; returns counts.

    Counts: "soon", "due", "escalated" (listings reminded), "emails" (messages sent) and "no_members"
    (listings whose reminder waits because their organisation has no approved member yet).
    """
    today = today or date.today()
    counts = {REMINDER_SOON: 0, REMINDER_DUE: 0, REMINDER_ESCALATED: 0, "emails": 0, "no_members": 0}
    horizon = today + timedelta(days=REMINDER_LEAD_DAYS) - timedelta(days=review_period_days())
    reachable = (Service.status == PUBLISHED, Service.assured_on.is_(None) | (Service.assured_on <= horizon))
    candidates = db.session.scalars(
        select(Service).where(*reachable).options(joinedload(Service.organisation))
        .order_by(Service.assured_on, Service.name)).unique().all()
    # What was sent before, read once; _claim still guards against two runs at the same moment.
    sent = set(db.session.execute(select(ReminderSent.service_id, ReminderSent.kind, ReminderSent.cycle)
                                  .join(Service, Service.id == ReminderSent.service_id).where(*reachable)).all())
    escalated: list[Service] = []
    for service in candidates:
        cycle = cycle_of(service)
        kinds = [kind for kind in reminder_due(service, today) if (service.id, kind, cycle) not in sent]
        provider_kind = REMINDER_DUE if REMINDER_DUE in kinds else (REMINDER_SOON if REMINDER_SOON in kinds else None)
        if provider_kind:
            recipients = member_emails(service.organisation)
            if not recipients:
                counts["no_members"] += 1
            elif _claim(service, provider_kind, cycle):
                counts[provider_kind] += 1
                counts["emails"] += _remind_members(service, provider_kind, recipients)
        if REMINDER_ESCALATED in kinds and _claim(service, REMINDER_ESCALATED, cycle):
            counts[REMINDER_ESCALATED] += 1
            escalated.append(service)
    if escalated:
        counts["emails"] += _tell_officers(escalated)
    return counts


def _remind_members(service: Service, kind: str, recipients: list[str]) -> int:
    context = dict(service_name=service.name, organisation=service.organisation.name,
                   assured_on=service.assured_on, due_on=due_on(service), dashboard=dashboard_url(),
                   public=public_url(service))
    if kind == REMINDER_SOON:
        subject = _("Is your Local Offer listing still right? “%(name)s”", name=service.name)
        template = "directory/review/email/reminder_soon.txt"
    else:
        subject = _("Your Local Offer listing needs checking: “%(name)s”", name=service.name)
        template = "directory/review/email/reminder_due.txt"
    return send_template(recipients, subject, template, **context)


def _tell_officers(services: list[Service]) -> int:
    items = [{"name": s.name, "organisation": s.organisation.name, "assured_on": s.assured_on,
              "due_on": due_on(s), "link": absolute_url("review.versions", f"/review/services/{s.id}/versions",
                                                        service_id=s.id)}
             for s in services]
    subject = ngettext("%(num)d listing is more than %(days)d days out of date",
                       "%(num)d listings are more than %(days)d days out of date", len(items), days=REMINDER_LEAD_DAYS)
    return send_template(officer_emails(), subject, "directory/review/email/reminder_escalated.txt",
                         items=items, lead_days=REMINDER_LEAD_DAYS,
                         dashboard=absolute_url("review.freshness", "/review/freshness"))
