"""Officer work on listings: the review queue, sending changes back, archiving, and the emails they send.

The workflow rules themselves (approve, return, restore) live in `directory.listings`; this module adds
what the officer pages need around them. Plain functions, no `request`.
"""
from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.routing import BuildError

from portal.email import send_email
from portal.extensions import db
from portal.models import OFFICER, User
from portal.services import record_audit, users_with_role

from .listings import ListingError, NotAllowed, return_revision
from .models import (ARCHIVED, DRAFT, MEMBERSHIP_APPROVED, PUBLISHED, REVISION_OPEN, REVISION_RETURNED,
                     REVISION_SUBMITTED, REVISION_WITHDRAWN, ListingRevision, Membership, Organisation, Service,
                     ServiceVersion)
from .snapshots import FIELD_LABELS, _display, diff, normalised, snapshot_of


# --- who to tell, and links they can follow -------------------------------------------------------------

def member_emails(organisation: Organisation | None) -> list[str]:
    """Email addresses of an organisation's approved, active members."""
    if organisation is None:
        return []
    rows = db.session.scalars(select(User.email).join(Membership, Membership.user_id == User.id).where(
        Membership.organisation_id == organisation.id, Membership.status == MEMBERSHIP_APPROVED,
        User.active.is_(True)).order_by(User.email))
    return list(dict.fromkeys(rows))


def officer_emails() -> list[str]:
    """Email addresses of every active officer."""
    return [user.email for user in users_with_role(OFFICER)]


def absolute_url(endpoint: str, fallback: str, **values) -> str:
    """A full link for an email: the endpoint's external URL, or FALLBACK (a path) when it cannot be built.

    Outside a request (the `flask reminders send` command) links are absolute only when SERVER_NAME is set.
    """
    if endpoint not in current_app.view_functions:
        return fallback
    try:
        return url_for(endpoint, _external=True, **values)
    except (RuntimeError, BuildError):
        return fallback


def dashboard_url() -> str:
    """Where providers keep their listings up to date."""
    return absolute_url("providers.dashboard", "/providers/")


def public_url(service: Service) -> str:
    """A listing's public page."""
    return absolute_url("directory.service", f"/services/{service.id}", service_id=service.id)


def send_template(recipients: list[str], subject: str, template: str, **context) -> int:
    """Render a plain-text email template once and send it to each recipient; returns how many were sent."""
    if not recipients:
        return 0
    body = render_template(template, council=current_app.config["COUNCIL_NAME"],
                           team_email=current_app.config["LOCAL_OFFER_EMAIL"], **context).strip() + "\n"
    for recipient in recipients:
        send_email(recipient, subject, body)
    return len(recipients)


# --- the review queue -----------------------------------------------------------------------------------

def review_queue() -> list[ListingRevision]:
    """Changes waiting for review, the longest waiting first."""
    return list(db.session.scalars(
        select(ListingRevision).where(ListingRevision.status == REVISION_SUBMITTED)
        .options(joinedload(ListingRevision.service).joinedload(Service.organisation),
                 joinedload(ListingRevision.created_by))
        .order_by(ListingRevision.submitted_at, ListingRevision.id)))


def is_new_listing(revision: ListingRevision) -> bool:
    """True when the revision would publish a listing for the first time."""
    return not revision.service.version


def published_snapshot(service: Service) -> dict | None:
    """What the public sees now, as a snapshot; None for a listing never published."""
    return snapshot_of(service) if service.version else None


def revision_changes(revision: ListingRevision) -> list[dict]:
    """The fields a revision changes against the published listing (every filled field for a new one)."""
    return diff(published_snapshot(revision.service), revision.data)


def describe(data: dict) -> list[dict]:
    """Every field of a snapshot in words, in page order: [{field, label, value}]."""
    full = normalised(data)
    return [{"field": field, "label": str(label), "value": _display(field, full[field])}
            for field, label in FIELD_LABELS.items()]


def send_back(officer: User, revision: ListingRevision, reason: str, seen_edit_count: int | None = None) -> int:
    """Return a revision to the provider with a reason, and email the person who made it; returns emails sent."""
    return_revision(officer, revision, reason, seen_edit_count)
    creator = revision.created_by
    if creator is None or not creator.active:
        return 0
    service = revision.service
    return send_template(
        [creator.email], _("Your change to “%(name)s” needs more work", name=service.name),
        "directory/review/email/returned.txt",
        service_name=service.name, reason=revision.review_note, new_listing=not service.version,
        dashboard=dashboard_url())


# --- versions and archiving -----------------------------------------------------------------------------

def version_of(service: Service, number: int) -> ServiceVersion | None:
    """One stored version of a listing."""
    return db.session.scalar(select(ServiceVersion).where(
        ServiceVersion.service_id == service.id, ServiceVersion.version == number))


def archive_listing(officer: User, service: Service) -> Service:
    """Take a listing off the public site (and out of search); changes waiting on it are withdrawn."""
    if not officer.has_role(OFFICER):
        raise NotAllowed()
    if service.status == ARCHIVED:
        raise ListingError(str(_l("This listing is already archived")))
    before = service.status
    withdrawn = []
    for revision in db.session.scalars(select(ListingRevision).where(
            ListingRevision.service_id == service.id,
            ListingRevision.status.in_((REVISION_OPEN, REVISION_SUBMITTED, REVISION_RETURNED)))):
        revision.status = REVISION_WITHDRAWN
        revision.submitted_at = None
        withdrawn.append(revision.id)
    service.status = ARCHIVED
    record_audit(officer, "listing.archive", "service", service.id, before={"status": before},
                 after={"status": ARCHIVED, "withdrawn_revisions": withdrawn})
    db.session.commit()
    return service


def unarchive_listing(officer: User, service: Service) -> Service:
    """Put an archived listing back: published if it ever was, otherwise a draft again."""
    if not officer.has_role(OFFICER):
        raise NotAllowed()
    if service.status != ARCHIVED:
        raise ListingError(str(_l("Only an archived listing can be brought back")))
    service.status = PUBLISHED if service.version else DRAFT
    record_audit(officer, "listing.unarchive", "service", service.id, before={"status": ARCHIVED},
                 after={"status": service.status})
    db.session.commit()
    return service
