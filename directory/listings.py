"""The listing workflow: providers draft and revise, officers approve or return, every version is kept.

Rules held here (routes only parse and render):
- a provider acts only for organisations where their membership is approved;
- a published listing stays as it is until an officer approves a revision;
- approving checks the revision was made from the current version (no silent overwrite);
- a revision carries an edit count that every change bumps (SQLAlchemy's version counter), so of two
  people saving the same draft at the same moment the second is told (EditConflict), and an officer
  who reviewed one state of a change cannot approve a later one without seeing it;
- every published version is stored, and restoring one makes a new version.
"""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from portal.extensions import db
from portal.models import OFFICER, User, utcnow
from portal.services import record_audit

from .models import (ARCHIVED, DRAFT, MEMBERSHIP_APPROVED, PENDING, PUBLISHED, REVISION_APPROVED, REVISION_OPEN,
                     REVISION_RETURNED, REVISION_SUBMITTED, ListingRevision, Membership, Organisation, Service,
                     ServiceVersion)
from .snapshots import apply_snapshot, empty_snapshot, normalised, snapshot_of


class ListingError(ValueError):
    """A workflow rule was broken; the message is for the person."""


class NotAllowed(PermissionError):
    """The user may not act on this organisation or listing."""


class EditConflict(ListingError):
    """Someone else changed the revision between this person reading it and saving it."""


def _commit() -> None:
    """Commit a change to a revision; if another request changed it first, undo ours and say so."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise EditConflict(str(_l("Someone else changed this listing at the same moment. Check it and try "
                                  "again"))) from None


def _check_seen(revision: ListingRevision, seen_edit_count: int | None) -> None:
    """Refuse to decide on a revision that changed since the officer looked at it."""
    if seen_edit_count is not None and seen_edit_count != revision.edit_count:
        raise EditConflict(str(_l("The provider changed this after you opened it. Check the changes again, "
                                  "then decide")))


def approved_organisation_ids(user: User) -> set:
    """The organisations a user may act for."""
    return set(db.session.scalars(select(Membership.organisation_id).where(
        Membership.user_id == user.id, Membership.status == MEMBERSHIP_APPROVED)))


def can_manage(user: User, service: Service) -> bool:
    """Officers manage every listing; providers only their approved organisations' listings."""
    if not user.is_authenticated:
        return False
    return user.has_role(OFFICER) or service.organisation_id in approved_organisation_ids(user)


def require_manage(user: User, service: Service) -> None:
    """Raise NotAllowed unless the user may manage this listing."""
    if not can_manage(user, service):
        raise NotAllowed()


def open_revision(service: Service) -> ListingRevision | None:
    """The revision being edited or waiting for review, if any (one at a time per listing)."""
    return db.session.scalar(select(ListingRevision).where(
        ListingRevision.service_id == service.id,
        ListingRevision.status.in_((REVISION_OPEN, REVISION_SUBMITTED, REVISION_RETURNED)),
    ).order_by(ListingRevision.id.desc()))


def start_listing(user: User, organisation: Organisation, name: str) -> Service:
    """Create a draft listing for an organisation, with an open revision to fill in."""
    if not (user.has_role(OFFICER) or organisation.id in approved_organisation_ids(user)):
        raise NotAllowed()
    name = name.strip()
    if not name:
        raise ListingError(str(_l("Enter the name of the service")))
    service = Service(name=name, organisation=organisation, status=DRAFT, version=0)
    db.session.add(service)
    data = empty_snapshot()
    data["name"] = name
    db.session.add(ListingRevision(service=service, data=data, base_version=0, created_by_id=user.id))
    db.session.flush()
    record_audit(user, "listing.create", "service", service.id, after={"name": name})
    db.session.commit()
    return service


def revision_for_editing(user: User, service: Service) -> ListingRevision:
    """The revision a provider edits: the open one, or a new one copied from the published listing."""
    require_manage(user, service)
    if service.status == ARCHIVED:
        raise ListingError(str(_l("This listing is archived. Ask the Local Offer team to restore it")))
    revision = open_revision(service)
    if revision is None:
        revision = ListingRevision(service=service, data=snapshot_of(service), base_version=service.version,
                                   created_by_id=user.id)
        db.session.add(revision)
        db.session.commit()
    return revision


def update_revision(user: User, revision: ListingRevision, changes: dict) -> ListingRevision:
    """Save part of a listing (one task-list page) into its revision; a returned one reopens."""
    require_manage(user, revision.service)
    if revision.status == REVISION_SUBMITTED:
        raise ListingError(str(_l("This change is waiting for review. Withdraw it to edit it again")))
    if revision.status not in (REVISION_OPEN, REVISION_RETURNED):
        raise ListingError(str(_l("This change has already been reviewed")))
    data = normalised(dict(revision.data))
    data.update(changes)
    revision.data = data
    revision.status = REVISION_OPEN
    revision.updated_by_id = user.id
    _commit()
    return revision


def submit_revision(user: User, revision: ListingRevision) -> ListingRevision:
    """Send a revision to the officers' review queue."""
    require_manage(user, revision.service)
    if revision.status not in (REVISION_OPEN, REVISION_RETURNED):
        raise ListingError(str(_l("This change cannot be submitted now")))
    if not revision.data.get("name") or not revision.data.get("summary"):
        raise ListingError(str(_l("Add at least a name and a summary before you submit")))
    revision.status = REVISION_SUBMITTED
    revision.submitted_at = utcnow()
    if revision.service.status == DRAFT:
        revision.service.status = PENDING
    record_audit(user, "revision.submit", "service", revision.service_id, after={"revision": revision.id})
    _commit()
    return revision


def withdraw_revision(user: User, revision: ListingRevision) -> ListingRevision:
    """Take a submitted revision back for more editing."""
    require_manage(user, revision.service)
    if revision.status != REVISION_SUBMITTED:
        raise ListingError(str(_l("Only a change waiting for review can be withdrawn")))
    revision.status = REVISION_OPEN
    revision.submitted_at = None
    if revision.service.status == PENDING:
        revision.service.status = DRAFT
    _commit()
    return revision


def _publish(service: Service, data: dict, user: User, note: str) -> ServiceVersion:
    before = snapshot_of(service) if service.version else None
    apply_snapshot(service, data)
    service.version = (service.version or 0) + 1
    service.status = PUBLISHED
    service.assured_on = date.today()
    version = ServiceVersion(service_id=service.id, version=service.version, data=snapshot_of(service),
                             created_by_id=user.id, note=note)
    db.session.add(version)
    record_audit(user, "listing.publish", "service", service.id, before=before, after=version.data)
    return version


def approve_revision(officer: User, revision: ListingRevision, seen_edit_count: int | None = None) -> ServiceVersion:
    """Publish a submitted revision (the search index follows the commit).

    SEEN_EDIT_COUNT is the revision's edit count on the page the officer decided on, if known.
    """
    if not officer.has_role(OFFICER):
        raise NotAllowed()
    if revision.status != REVISION_SUBMITTED:
        raise ListingError(str(_l("Only a change waiting for review can be approved")))
    _check_seen(revision, seen_edit_count)
    service = revision.service
    if revision.base_version != (service.version or 0):
        raise ListingError(str(_l("The listing changed after this revision was made. Send it back so the "
                                  "provider can check their change against the current version")))
    version = _publish(service, revision.data, officer, f"Approved change {revision.id}")
    revision.status = REVISION_APPROVED
    revision.reviewed_by_id = officer.id
    revision.reviewed_at = utcnow()
    _commit()
    return version


def return_revision(officer: User, revision: ListingRevision, reason: str,
                    seen_edit_count: int | None = None) -> ListingRevision:
    """Send a revision back to the provider with a reason (the caller emails them)."""
    if not officer.has_role(OFFICER):
        raise NotAllowed()
    if revision.status != REVISION_SUBMITTED:
        raise ListingError(str(_l("Only a change waiting for review can be sent back")))
    _check_seen(revision, seen_edit_count)
    if not reason.strip():
        raise ListingError(str(_l("Enter the reason for sending it back")))
    revision.status = REVISION_RETURNED
    revision.review_note = reason.strip()
    revision.reviewed_by_id = officer.id
    revision.reviewed_at = utcnow()
    if revision.service.status == PENDING:
        revision.service.status = DRAFT
    record_audit(officer, "revision.return", "service", revision.service_id,
                 after={"revision": revision.id, "reason": revision.review_note})
    _commit()
    return revision


def restore_version(officer: User, service: Service, version_number: int) -> ServiceVersion:
    """Publish an earlier version again, as a new version."""
    if not officer.has_role(OFFICER):
        raise NotAllowed()
    old = db.session.scalar(select(ServiceVersion).where(
        ServiceVersion.service_id == service.id, ServiceVersion.version == version_number))
    if old is None:
        raise ListingError(str(_l("There is no version %(number)d of this listing", number=version_number)))
    version = _publish(service, old.data, officer, f"Restored version {version_number}")
    db.session.commit()
    return version


def confirm_still_correct(user: User, service: Service) -> None:
    """The provider says the published listing is still right: it counts as checked today."""
    require_manage(user, service)
    if service.status != PUBLISHED:
        raise ListingError(str(_l("Only a published listing can be confirmed")))
    before = service.assured_on.isoformat() if service.assured_on else None
    service.assured_on = date.today()
    record_audit(user, "listing.confirm", "service", service.id, before={"assured_on": before},
                 after={"assured_on": service.assured_on.isoformat()})
    db.session.commit()


def versions_of(service: Service) -> list[ServiceVersion]:
    """Every published version of a listing, newest first."""
    return list(db.session.scalars(select(ServiceVersion).where(ServiceVersion.service_id == service.id)
                                   .order_by(ServiceVersion.version.desc())))
