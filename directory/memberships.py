"""Providers and their organisations: signing up (claiming an organisation or proposing a new one),
officers' decisions on memberships, invitations from colleagues, and the reads and writes behind the
provider dashboard and listing editor.

Plain functions, no request and no templates: routes pass in the links that emails carry. Every write
records an audit entry. A provider only ever reaches the records of organisations they are an approved
member of; the functions that fetch records for them return None otherwise, so routes answer 404.
"""
from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.email import send_email
from portal.extensions import db
from portal.models import OFFICER, PROVIDER, User, utcnow
from portal.passwords import password_problem
from portal.services import (AccountError, create_user, grant_role, normalise_email, read_signed_token,
                             record_audit, signed_token, user_by_email, users_with_role)

from . import listings
from .models import (ACCESSIBILITY, ARCHIVED, CATEGORY, DRAFT, MEMBERSHIP_APPROVED, MEMBERSHIP_PENDING,
                     MEMBERSHIP_REFUSED, NEED, PENDING, PUBLISHED, REVISION_APPROVED, REVISION_OPEN,
                     REVISION_RETURNED, REVISION_SUBMITTED, ListingRevision, Membership, Organisation, Service,
                     TaxonomyTerm)
from .snapshots import SCALAR_FIELDS, diff, normalised, snapshot_of

INVITATION_SALT = "invitation"
CHECK_WARNING_DAYS = 30  # "needs checking" shows this many days before a listing goes stale
MAX_MESSAGES_PER_LISTING = 3

_EMAIL_RE = re.compile(r"^[^@\s<>\"'(),;:]+@[^@\s<>\"'(),;:]+\.[^@\s<>\"'(),;:.]{2,}$")


class MembershipError(ValueError):
    """A rule about memberships was broken; `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


def is_email_address(text: str) -> bool:
    """True for something shaped like an email address (name@example.org)."""
    return len(text) <= 254 and bool(_EMAIL_RE.match(text))


# ---------------------------------------------------------------------------------------------------------
# Organisations a new provider can claim
# ---------------------------------------------------------------------------------------------------------

def _unconfirmed_proposals():
    """Organisations proposed at sign-up that no officer has approved yet (not offered to others)."""
    proposed = select(Membership.organisation_id).where(Membership.proposed_organisation.is_(True),
                                                        Membership.status != MEMBERSHIP_APPROVED)
    confirmed = select(Membership.organisation_id).where(Membership.status == MEMBERSHIP_APPROVED)
    return proposed.except_(confirmed)


def claimable_organisations(query: str = "") -> list[Organisation]:
    """Organisations a new provider can ask to join, by name, optionally only those whose name matches."""
    statement = select(Organisation).where(Organisation.id.not_in(_unconfirmed_proposals()))
    words = [w for w in re.split(r"\s+", query.strip().lower()) if w][:6]
    for word in words:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(func.lower(Organisation.name).like(f"%{escaped}%", escape="\\"))
    return list(db.session.scalars(statement.order_by(func.lower(Organisation.name))))


@dataclass
class Proposal:
    """A new organisation proposed at sign-up."""

    name: str
    website: str = ""
    phone: str = ""
    email: str = ""


# ---------------------------------------------------------------------------------------------------------
# Sign-up and officers' decisions
# ---------------------------------------------------------------------------------------------------------

def _check_new_account(email: str, password: str) -> None:
    if not is_email_address(email):
        raise MembershipError(_("Enter an email address in the correct format, like name@example.org"), "email")
    if user_by_email(email) is not None:
        raise MembershipError(_("An account with that email address already exists. Sign in instead"), "email")
    problem = password_problem(password, email)
    if problem:
        raise MembershipError(problem, "password")


def sign_up(name: str, email: str, password: str, *, organisation_id: uuid.UUID | None = None,
            proposal: Proposal | None = None, message: str = "", review_link: str = "") -> Membership:
    """Create a provider account with a membership waiting for an officer, and tell the officers."""
    email = normalise_email(email)
    if not name.strip():
        raise MembershipError(_("Enter your name"), "name")
    _check_new_account(email, password)
    if (organisation_id is None) == (proposal is None):
        raise MembershipError(_("Choose your organisation, or add a new one"), "organisation")
    organisation = None
    if organisation_id is not None:
        organisation = db.session.get(Organisation, organisation_id)
        if organisation is None or organisation.id in set(db.session.scalars(_unconfirmed_proposals())):
            raise MembershipError(_("Choose your organisation from the list"), "organisation")
    elif not proposal.name.strip():
        raise MembershipError(_("Enter the name of your organisation"), "org_name")
    try:
        user = create_user(email, password, name=name, roles=[PROVIDER])
    except AccountError as error:  # a race with another sign-up for the same address
        raise MembershipError(str(error), "email") from None
    if organisation is None:
        organisation = Organisation(name=proposal.name.strip(), website=proposal.website.strip(),
                                    phone=proposal.phone.strip(), email=proposal.email.strip())
        db.session.add(organisation)
        db.session.flush()
        record_audit(user, "organisation.propose", "organisation", organisation.id,
                     after={"name": organisation.name, "website": organisation.website,
                            "phone": organisation.phone, "email": organisation.email})
    membership = Membership(user_id=user.id, organisation_id=organisation.id, status=MEMBERSHIP_PENDING,
                            proposed_organisation=proposal is not None, message=message.strip())
    db.session.add(membership)
    db.session.flush()
    record_audit(user, "membership.request", "membership", membership.id,
                 after={"organisation": str(organisation.id), "proposed": membership.proposed_organisation})
    db.session.commit()
    _tell_officers(membership, review_link)
    return membership


def _tell_officers(membership: Membership, review_link: str) -> None:
    organisation, user = membership.organisation, membership.user
    if membership.proposed_organisation:
        subject = _("New organisation to check: %(name)s", name=organisation.name)
        what = _("%(person)s (%(email)s) has signed up as a provider and proposed a new organisation, "
                 "%(name)s.", person=user.name, email=user.email, name=organisation.name)
        check = _("Check the organisation is real before you approve it: website %(website)s, phone %(phone)s, "
                  "email %(email)s.", website=organisation.website or "-", phone=organisation.phone or "-",
                  email=organisation.email or "-")
    else:
        subject = _("Membership to check: %(name)s", name=organisation.name)
        what = _("%(person)s (%(email)s) has signed up as a provider and asked to join %(name)s.",
                 person=user.name, email=user.email, name=organisation.name)
        check = _("Check they work for the organisation before you approve it.")
    parts = [what, check]
    if membership.message:
        parts.append(_("They told us: %(message)s", message=membership.message))
    parts.append(_("Approve or refuse it here: %(link)s", link=review_link))
    body = "\n\n".join(parts)
    for officer in users_with_role(OFFICER):
        send_email(officer.email, subject, body)


def pending_memberships() -> list[Membership]:
    """Memberships waiting for an officer, oldest first."""
    return list(db.session.scalars(
        select(Membership).where(Membership.status == MEMBERSHIP_PENDING)
        .options(selectinload(Membership.user), selectinload(Membership.organisation))
        .order_by(Membership.created_at, Membership.id)))


def pending_membership(membership_id: int) -> Membership | None:
    """One membership still waiting for a decision, or None."""
    membership = db.session.get(Membership, membership_id)
    return membership if membership is not None and membership.status == MEMBERSHIP_PENDING else None


def _decide(officer: User, membership: Membership, status: str) -> None:
    if not officer.has_role(OFFICER):
        raise listings.NotAllowed()
    if membership.status != MEMBERSHIP_PENDING:
        raise MembershipError(_("Someone has already decided on this membership"))
    membership.status = status
    membership.decided_by_id = officer.id
    membership.decided_at = utcnow()


def approve_membership(officer: User, membership: Membership, dashboard_link: str = "") -> Membership:
    """Let a provider act for their organisation (and confirm a proposed organisation); tell them by email."""
    _decide(officer, membership, MEMBERSHIP_APPROVED)
    record_audit(officer, "membership.approve", "membership", membership.id,
                 before={"status": MEMBERSHIP_PENDING}, after={"status": MEMBERSHIP_APPROVED})
    db.session.commit()
    body = "\n\n".join([
        _("Hello %(name)s,", name=membership.user.name),
        _("The Local Offer team has approved you as a member of %(organisation)s. You can now add and update "
          "its listings.", organisation=membership.organisation.name),
        _("Sign in and go to your listings: %(link)s", link=dashboard_link),
    ])
    send_email(membership.user.email, _("You can now update listings for %(organisation)s",
                                        organisation=membership.organisation.name), body)
    return membership


def refuse_membership(officer: User, membership: Membership, reason: str) -> Membership:
    """Refuse a membership with a reason the applicant is sent by email."""
    reason = reason.strip()
    if not reason:
        raise MembershipError(_("Enter the reason, so the applicant knows what to do next"), "reason")
    _decide(officer, membership, MEMBERSHIP_REFUSED)
    record_audit(officer, "membership.refuse", "membership", membership.id,
                 before={"status": MEMBERSHIP_PENDING}, after={"status": MEMBERSHIP_REFUSED, "reason": reason})
    db.session.commit()
    body = "\n\n".join([
        _("Hello %(name)s,", name=membership.user.name),
        _("The Local Offer team could not approve you as a member of %(organisation)s.",
          organisation=membership.organisation.name),
        _("The reason they gave: %(reason)s", reason=reason),
        _("If you think this is wrong, reply to this email or contact the Local Offer team at %(email)s.",
          email=current_app.config["LOCAL_OFFER_EMAIL"]),
    ])
    send_email(membership.user.email, _("Your request to join %(organisation)s",
                                        organisation=membership.organisation.name), body)
    return membership


def memberships_of(user: User, status: str | None = None) -> list[Membership]:
    """A user's memberships (optionally in one state), by organisation name."""
    statement = (select(Membership).join(Organisation).where(Membership.user_id == user.id)
                 .options(selectinload(Membership.organisation)).order_by(func.lower(Organisation.name)))
    if status:
        statement = statement.where(Membership.status == status)
    return list(db.session.scalars(statement))


def organisation_for_member(user: User, org_id: uuid.UUID) -> Organisation | None:
    """An organisation the user is an approved member of (officers: any), or None."""
    organisation = db.session.get(Organisation, org_id)
    if organisation is None:
        return None
    if user.has_role(OFFICER) or organisation.id in listings.approved_organisation_ids(user):
        return organisation
    return None


def organisations_for_new_listing(user: User) -> list[Organisation]:
    """The organisations a user may start a listing for: their approved ones (officers: all)."""
    if user.has_role(OFFICER):
        return list(db.session.scalars(select(Organisation).order_by(func.lower(Organisation.name))))
    return [m.organisation for m in memberships_of(user, MEMBERSHIP_APPROVED)]


# ---------------------------------------------------------------------------------------------------------
# Invitations: an approved member vouches for a colleague
# ---------------------------------------------------------------------------------------------------------

@dataclass
class Invitation:
    """A genuine, unexpired invitation to join an organisation."""

    organisation: Organisation
    email: str
    inviter: User


def invite_colleague(inviter: User, organisation: Organisation, email: str,
                     link_for: Callable[[str], str]) -> str:
    """Email a colleague a signed link to join the organisation; returns the token."""
    if organisation_for_member(inviter, organisation.id) is None:
        raise listings.NotAllowed()
    email = normalise_email(email)
    if not is_email_address(email):
        raise MembershipError(_("Enter an email address in the correct format, like name@example.org"), "email")
    invitee = user_by_email(email)
    if invitee is not None and organisation.id in listings.approved_organisation_ids(invitee):
        raise MembershipError(_("%(email)s is already a member of %(organisation)s",
                                email=email, organisation=organisation.name), "email")
    token = signed_token(INVITATION_SALT, {"org": str(organisation.id), "email": email, "by": inviter.id})
    days = max(1, current_app.config["INVITATION_MAX_AGE"] // 86400)
    record_audit(inviter, "membership.invite", "organisation", organisation.id, after={"email": email})
    db.session.commit()
    body = "\n\n".join([
        _("%(person)s has invited you to help keep the listings of %(organisation)s up to date on the "
          "Local Offer.", person=inviter.name or inviter.email, organisation=organisation.name),
        _("Open this link to accept. It works for %(days)d days:", days=days) + "\n" + link_for(token),
        _("If you were not expecting this email, you can ignore it."),
    ])
    send_email(email, _("Join %(organisation)s on the Local Offer", organisation=organisation.name), body)
    return token


def read_invitation(token: str) -> Invitation | None:
    """The invitation a token carries, if it is genuine, unexpired, and its inviter may still invite."""
    data = read_signed_token(INVITATION_SALT, token, current_app.config["INVITATION_MAX_AGE"])
    if not data or not isinstance(data.get("email"), str) or not isinstance(data.get("by"), int):
        return None
    try:
        org_id = uuid.UUID(str(data.get("org")))
    except ValueError:
        return None
    inviter = db.session.get(User, data["by"])
    if inviter is None or not inviter.active:
        return None
    organisation = organisation_for_member(inviter, org_id)
    if organisation is None:
        return None
    return Invitation(organisation=organisation, email=data["email"], inviter=inviter)


def _approve_by_invitation(user: User, invitation: Invitation) -> Membership:
    membership = db.session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.organisation_id == invitation.organisation.id))
    before = membership.status if membership else None
    if membership is None:
        membership = Membership(user_id=user.id, organisation_id=invitation.organisation.id)
        db.session.add(membership)
    membership.status = MEMBERSHIP_APPROVED
    membership.decided_by_id = invitation.inviter.id
    membership.decided_at = utcnow()
    db.session.flush()
    record_audit(user, "membership.accept_invitation", "membership", membership.id,
                 before={"status": before} if before else None,
                 after={"status": MEMBERSHIP_APPROVED, "invited_by": invitation.inviter.id})
    return membership


def accept_invitation(user: User, invitation: Invitation) -> Membership:
    """A signed-in person joins the organisation they were invited to (the email must match)."""
    if normalise_email(user.email) != invitation.email:
        raise MembershipError(_("This invitation is for %(email)s. Sign out, then open the link again",
                                email=invitation.email))
    membership = _approve_by_invitation(user, invitation)
    db.session.commit()
    if not user.has_role(PROVIDER):
        grant_role(user, PROVIDER, by=invitation.inviter)
    return membership


def sign_up_by_invitation(invitation: Invitation, name: str, password: str) -> User:
    """Create the invited person's provider account, already approved for the organisation."""
    if not name.strip():
        raise MembershipError(_("Enter your name"), "name")
    _check_new_account(invitation.email, password)
    try:
        user = create_user(invitation.email, password, name=name, roles=[PROVIDER])
    except AccountError as error:
        raise MembershipError(str(error), "password") from None
    _approve_by_invitation(user, invitation)
    db.session.commit()
    return user


# ---------------------------------------------------------------------------------------------------------
# Listings as a provider sees them
# ---------------------------------------------------------------------------------------------------------

def listing_for(user: User, service_id: uuid.UUID) -> Service | None:
    """A listing the user may manage, or None (also when it belongs to another organisation)."""
    service = db.session.get(Service, service_id)
    if service is None or not listings.can_manage(user, service):
        return None
    return service


def editing_data(service: Service) -> tuple[ListingRevision | None, dict]:
    """The revision being worked on (if any) and the listing as the editor shows it."""
    revision = listings.open_revision(service)
    if revision is not None:
        return revision, normalised(dict(revision.data))
    return None, normalised(snapshot_of(service))


def changes_against_published(service: Service, revision: ListingRevision | None) -> list[dict]:
    """What a revision of a published listing changes, in words (empty for a new listing)."""
    if revision is None or not service.version or revision.base_version == 0:
        return []
    return diff(snapshot_of(service), revision.data)


# Two people editing one listing ---------------------------------------------------------------------------
#
# An editor page carries, in a hidden field, what it was drawn from: the revision and its edit count (or the
# published version when there was no revision yet), and a fingerprint of the page's own fields. On saving,
# an unchanged count means nobody else saved in between. A changed count is a conflict only if this page's
# fields changed too and differ from what this person typed: a colleague's save of another page merges.

CONFLICT_EDITED, CONFLICT_PUBLISHED = "edited", "published"


class SectionConflict(listings.EditConflict):
    """Someone else changed the fields of this editor page after it was shown to this person.

    `changes` (label, before = saved now, after = what this person typed), `kind` (edited or published),
    `by` (the colleague who saved, by name, or "" when unknown or an officer published), `at` (when, or None) and `edit_token` (what the page is now
    drawn from: saving again with it keeps this person's words).
    """

    def __init__(self, *, kind: str, changes: list[dict], by: str, at: datetime | None, edit_token: str):
        super().__init__(str(_l("Someone else changed this page while you were editing it")))
        self.kind, self.changes, self.by, self.at, self.edit_token = kind, changes, by, at, edit_token


def _drawn_from(service: Service, revision: ListingRevision | None) -> str:
    return f"r{revision.id}.{revision.edit_count}" if revision is not None else f"v{service.version or 0}"


def _fingerprint(data: dict, fields) -> str:
    shown = {name: data.get(name) for name in sorted(fields)}
    return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()[:20]


def edit_token(service: Service, fields) -> str:
    """What an editor page showing these fields is drawn from, for its hidden field."""
    revision, data = editing_data(service)
    return f"{_drawn_from(service, revision)}:{_fingerprint(data, fields)}"


def _person(user: User | None) -> str:
    return (user.name or user.email) if user is not None else ""


def _conflict(service: Service, changes: dict, edited_from: str, *, raced: bool = False) -> SectionConflict | None:
    """The conflict between what this person typed and what is saved now, or None if saving loses nothing."""
    revision, data = editing_data(service)
    drawn_from, _sep, seen = edited_from.partition(":")
    if not raced and (drawn_from == _drawn_from(service, revision) or seen == _fingerprint(data, changes)):
        return None
    differences = [change for change in diff(data, {**data, **changes}) if change["field"] in changes]
    if not differences and not raced:
        return None  # they saved exactly what this person typed
    published = published_since(service, edited_from)
    if published:
        # Providers are told an officer published it, not which one.
        last = db.session.scalar(select(ListingRevision).where(
            ListingRevision.service_id == service.id, ListingRevision.status == REVISION_APPROVED)
            .order_by(ListingRevision.reviewed_at.desc(), ListingRevision.id.desc()))
        by, at = "", (last.reviewed_at if last is not None else None)
    else:
        editor = (revision.updated_by or revision.created_by) if revision is not None else None
        # A colleague is named; an officer who edited the listing is not.
        by = _person(editor) if editor is not None and not editor.has_role(OFFICER) else ""
        at = revision.updated_at if revision is not None else None
    return SectionConflict(kind=CONFLICT_PUBLISHED if published else CONFLICT_EDITED, changes=differences,
                           by=by, at=at, edit_token=f"{_drawn_from(service, revision)}:{_fingerprint(data, changes)}")


def published_since(service: Service, edited_from: str | None) -> bool:
    """True if an officer published the listing after the editor page was drawn (`edited_from` its token)."""
    drawn_from = (edited_from or "").partition(":")[0]
    if drawn_from.startswith("v"):
        return drawn_from[1:].isdigit() and int(drawn_from[1:]) < (service.version or 0)
    revision_id = drawn_from[1:].partition(".")[0]
    if not drawn_from.startswith("r") or not revision_id.isdigit():
        return False
    seen = db.session.get(ListingRevision, int(revision_id))
    return seen is not None and seen.service_id == service.id and seen.status == REVISION_APPROVED


def save_section(user: User, service: Service, changes: dict, edited_from: str | None = None) -> ListingRevision:
    """Save one editor page into the listing's revision (starting one for a published listing).

    With `edited_from` (the page's edit token), raise SectionConflict rather than overwrite a change to
    these fields that someone else saved after the page was drawn.
    """
    if edited_from:
        conflict = _conflict(service, changes, edited_from)
        if conflict is not None:
            raise conflict
    revision = listings.revision_for_editing(user, service)
    try:
        listings.update_revision(user, revision, changes)
    except listings.EditConflict:
        # Another save landed between our check and our write: show this person what it was.
        raise _conflict(service, changes, edited_from or "", raced=True) from None
    record_audit(user, "revision.update", "service", service.id,
                 after={"revision": revision.id, "fields": sorted(changes)})
    db.session.commit()
    return revision


def submit_listing(user: User, service: Service) -> ListingRevision:
    """Send the listing's revision to the Local Offer team for review."""
    listings.require_manage(user, service)
    revision = listings.open_revision(service)
    if revision is None:
        raise listings.ListingError(_("There are no changes to send. Change something first"))
    return listings.submit_revision(user, revision)


def withdraw_listing(user: User, service: Service) -> ListingRevision:
    """Take the listing's revision back from review to edit it again."""
    listings.require_manage(user, service)
    revision = listings.open_revision(service)
    if revision is None or revision.status != REVISION_SUBMITTED:
        raise listings.ListingError(_("Only a change waiting for review can be withdrawn"))
    listings.withdraw_revision(user, revision)
    record_audit(user, "revision.withdraw", "service", service.id, after={"revision": revision.id})
    db.session.commit()
    return revision


def confirm_listing(user: User, service: Service) -> None:
    """The provider says a published listing is still correct (it counts as checked today)."""
    listings.confirm_still_correct(user, service)


# Editor sections and their state, worked out from the listing's data.
COMPLETED, INCOMPLETE, NOT_STARTED = "completed", "incomplete", "not_started"


def section_states(data: dict) -> dict[str, str]:
    """Completed, incomplete or not started, for each editor page."""
    data = normalised(data)

    def state(done: bool, touched: bool) -> str:
        return COMPLETED if done else (INCOMPLETE if touched else NOT_STARTED)

    about_touched = any(data[f] for f in ("summary", "description", "easy_read_summary", "categories"))
    who_touched = bool(data["needs"] or data["eligibility"] or data["age_min"] != 0 or data["age_max"] != 25)
    referral = data["self_referral"] or data["professional_referral"] or data["ehc_plan_required"]
    access_touched = bool(referral or data["how_to_access"] or data["delivery"] or not data["is_free"]
                          or data["cost_detail"])
    cost_ok = data["is_free"] or bool(data["cost_detail"])
    in_person = "in_person" in data["delivery"]
    return {
        "about": state(bool(data["name"] and data["summary"] and data["description"] and data["categories"]),
                       about_touched),
        "who": state(bool(data["needs"]), who_touched),
        "access": state(bool(referral and data["how_to_access"] and data["delivery"] and cost_ok), access_touched),
        "locations": state(bool(data["locations"] or (data["schedules"] and not in_person)),
                           bool(data["locations"] or data["schedules"])),
        "contact": state(bool(data["email"] or data["phone"] or data["website"]), False),
        "languages": state(bool(data["languages"]), False),
    }


@dataclass
class ListingSummary:
    """One listing on the dashboard: its state in words and colours, and the officers' messages."""

    service: Service
    revision: ListingRevision | None
    tags: list[tuple[str, str]] = field(default_factory=list)  # (text, govuk-tag colour class)
    check_by: date | None = None
    needs_checking: bool = False
    messages: list[ListingRevision] = field(default_factory=list)

    @property
    def can_confirm(self) -> bool:
        return self.service.status == PUBLISHED

    @property
    def waiting(self) -> bool:
        return self.revision is not None and self.revision.status == REVISION_SUBMITTED


def check_due(service: Service, today: date, period_days: int) -> tuple[date | None, bool]:
    """When a published listing must next be checked, and whether that is within 30 days (or past)."""
    if service.status != PUBLISHED:
        return None, False
    if service.assured_on is None:
        return today, True
    due = service.assured_on + timedelta(days=period_days)
    return due, today >= due - timedelta(days=CHECK_WARNING_DAYS)


def _summary(service: Service, revision: ListingRevision | None, messages: list[ListingRevision],
             today: date, period_days: int) -> ListingSummary:
    item = ListingSummary(service=service, revision=revision, messages=messages)
    item.check_by, item.needs_checking = check_due(service, today, period_days)
    returned = revision is not None and revision.status == REVISION_RETURNED
    if service.status == DRAFT:
        item.tags.append((str(_l("Sent back")), "govuk-tag--red") if returned else (str(_l("Draft")), "govuk-tag--grey"))
    elif service.status == PENDING:
        item.tags.append((str(_l("Waiting for review")), "govuk-tag--blue"))
    elif service.status == PUBLISHED:
        item.tags.append((str(_l("Published")), "govuk-tag--green"))
        if item.needs_checking:
            item.tags.append((str(_l("Needs checking")), "govuk-tag--yellow"))
        if revision is not None:
            item.tags.append({
                REVISION_SUBMITTED: (str(_l("Changes waiting for review")), "govuk-tag--blue"),
                REVISION_RETURNED: (str(_l("Changes sent back")), "govuk-tag--red"),
                REVISION_OPEN: (str(_l("Changes not sent yet")), "govuk-tag--grey"),
            }[revision.status])
    elif service.status == ARCHIVED:
        item.tags.append((str(_l("Archived")), "govuk-tag--grey"))
    return item


@dataclass
class OrganisationPanel:
    organisation: Organisation
    listings: list[ListingSummary]


def dashboard(user: User, today: date | None = None) -> tuple[list[OrganisationPanel], list[Membership]]:
    """The user's approved organisations with their listings, and memberships still waiting."""
    today = today or date.today()
    period = current_app.config["REVIEW_PERIOD_DAYS"]
    approved = memberships_of(user, MEMBERSHIP_APPROVED)
    waiting = memberships_of(user, MEMBERSHIP_PENDING)
    org_ids = [m.organisation_id for m in approved]
    services = list(db.session.scalars(select(Service).where(Service.organisation_id.in_(org_ids))
                                       .order_by(func.lower(Service.name)))) if org_ids else []
    service_ids = [s.id for s in services]
    open_revisions: dict = {}
    messages: dict = {}
    if service_ids:
        for revision in db.session.scalars(select(ListingRevision).where(
                ListingRevision.service_id.in_(service_ids),
                ListingRevision.status.in_((REVISION_OPEN, REVISION_SUBMITTED, REVISION_RETURNED)))
                .order_by(ListingRevision.id)):
            open_revisions[revision.service_id] = revision  # the newest wins, as listings.open_revision
        for revision in db.session.scalars(select(ListingRevision).where(
                ListingRevision.service_id.in_(service_ids), ListingRevision.review_note != "")
                .order_by(ListingRevision.reviewed_at.desc(), ListingRevision.id.desc())):
            found = messages.setdefault(revision.service_id, [])
            if len(found) < MAX_MESSAGES_PER_LISTING:
                found.append(revision)
    panels = [OrganisationPanel(
        organisation=m.organisation,
        listings=[_summary(s, open_revisions.get(s.id), messages.get(s.id, []), today, period)
                  for s in services if s.organisation_id == m.organisation_id],
    ) for m in approved]
    return panels, waiting


def preview(service: Service, data: dict) -> SimpleNamespace:
    """A stand-in for the listing as the public page would show it, built from a snapshot.

    Never a Service object: nothing here can reach the database session or the published listing.
    """
    data = normalised(data)
    codes = set(data["categories"]) | set(data["needs"])
    codes |= {code for loc in data["locations"] for code in loc.get("accessibility", [])}
    terms = {(t.vocabulary, t.code): t for t in db.session.scalars(
        select(TaxonomyTerm).where(TaxonomyTerm.code.in_(codes)).order_by(TaxonomyTerm.position))} if codes else {}

    def pick(vocabulary: str, chosen: list[str]) -> list:
        found = [terms[(vocabulary, code)] for code in chosen if (vocabulary, code) in terms]
        return sorted(found, key=lambda t: t.position)

    def clock(text: str) -> time | None:
        try:
            return time.fromisoformat(text) if text else None
        except ValueError:
            return None

    fields = {f: data[f] for f in SCALAR_FIELDS}
    return SimpleNamespace(
        **fields,
        id=service.id, organisation=service.organisation, organisation_id=service.organisation_id,
        status=service.status, version=service.version, assured_on=service.assured_on,
        categories=pick(CATEGORY, data["categories"]), needs=pick(NEED, data["needs"]),
        locations=[SimpleNamespace(
            name=loc.get("name", ""), address_1=loc.get("address_1", ""), city=loc.get("city", ""),
            postcode=loc.get("postcode", ""), latitude=loc.get("latitude"), longitude=loc.get("longitude"),
            has_coordinates=loc.get("latitude") is not None and loc.get("longitude") is not None,
            accessibility=pick(ACCESSIBILITY, loc.get("accessibility", []))) for loc in data["locations"]],
        schedules=[SimpleNamespace(weekday=int(s["weekday"]), opens_at=clock(s.get("opens_at", "")),
                                   closes_at=clock(s.get("closes_at", "")), description=s.get("description", ""))
                   for s in sorted(data["schedules"], key=lambda s: int(s["weekday"]))],
        languages=[SimpleNamespace(code=lang["code"], name=lang["name"]) for lang in data["languages"]],
        is_published=False,
    )
