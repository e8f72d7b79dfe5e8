"""The directory's part of a person's own data: their memberships of organisations, the listing changes they
made, and the reports they gave this email address for; and what happens to them when the account is
deleted (portal/account_data.py asks through PART).

Listing changes belong to the organisation, so they stay with no one named as their author.
"""
from __future__ import annotations

from sqlalchemy import delete, func, or_, select, update

from portal.account_data import PersonalDataPart, when
from portal.extensions import db
from portal.models import User

from .models import ListingRevision, Membership, Organisation, ProblemReport, Service


def directory_data_of(user: User) -> dict:
    """A person's directory records, for their download."""
    memberships = db.session.execute(
        select(Membership, Organisation.name).join(Organisation, Organisation.id == Membership.organisation_id)
        .where(Membership.user_id == user.id).order_by(Membership.created_at, Membership.id))
    revisions = db.session.execute(
        select(ListingRevision, Service.name).join(Service, Service.id == ListingRevision.service_id)
        .where(or_(ListingRevision.created_by_id == user.id, ListingRevision.updated_by_id == user.id))
        .order_by(ListingRevision.created_at, ListingRevision.id))
    return {
        "organisations": [
            {"organisation": name, "status": membership.status, "your_message": membership.message or None,
             "asked_at": when(membership.created_at), "decided_at": when(membership.decided_at)}
            for membership, name in memberships],
        "listing_changes": [
            {"service": name, "status": revision.status, "you_started_it": revision.created_by_id == user.id,
             "you_saved_it_last": revision.updated_by_id == user.id, "created_at": when(revision.created_at),
             "updated_at": when(revision.updated_at), "submitted_at": when(revision.submitted_at),
             "reviewed_at": when(revision.reviewed_at)}
            for revision, name in revisions],
        # "Is something wrong with this page?" reports are anonymous unless a reply address was given.
        "problem_reports_with_your_email": [
            {"service": name, "kind": report.kind, "status": report.status, "created_at": when(report.created_at)}
            for report, name in db.session.execute(
                select(ProblemReport, Service.name).join(Service, Service.id == ProblemReport.service_id)
                .where(func.lower(ProblemReport.reply_email) == user.email.lower())
                .order_by(ProblemReport.created_at, ProblemReport.id))],
    }


def forget_directory_data_of(user: User) -> dict[str, int]:
    """Before an account is deleted: memberships go; listing changes stay with no author; a reply address
    on reports is removed. Does not commit."""
    counts = {
        "memberships_deleted": db.session.scalar(
            select(func.count()).select_from(Membership).where(Membership.user_id == user.id)) or 0,
        "listing_changes_kept": db.session.scalar(
            select(func.count()).select_from(ListingRevision).where(ListingRevision.created_by_id == user.id)) or 0,
    }
    db.session.execute(delete(Membership).where(Membership.user_id == user.id))
    # Core updates, so the revisions' edit counts are left alone: an anonymised draft is not a new edit.
    for column in (ListingRevision.created_by_id, ListingRevision.updated_by_id):
        db.session.execute(update(ListingRevision).where(column == user.id).values({column.key: None}))
    db.session.execute(update(ProblemReport).where(func.lower(ProblemReport.reply_email) == user.email.lower())
                       .values(reply_email=""))
    return counts


PART = PersonalDataPart("directory", directory_data_of, forget_directory_data_of)
