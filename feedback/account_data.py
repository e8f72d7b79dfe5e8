"""Forum feedback's part of a person's own data: what they raised, supported, followed and were told,
and what happens to it when they delete their account (portal/account_data.py asks through PART).

Items a person raised stay when their account goes, with no one named as the raiser: the council reports
what families told it, and pages already show every raiser as "a parent carer" to anyone but officers.
"""
from __future__ import annotations

from sqlalchemy import delete, func, select, update

from directory.models import Service
from portal.account_data import PersonalDataPart, when
from portal.extensions import db
from portal.models import User

from .models import FeedbackFollow, FeedbackItem, FeedbackSupport, FeedbackUpdate, Notification


def _service_name(service_id) -> str | None:
    if service_id is None:
        return None
    return db.session.scalar(select(Service.name).where(Service.id == service_id))


def _item(item: FeedbackItem) -> dict:
    return {
        "id": item.id,
        "title": item.title,
        "what_is_happening": item.body,
        "what_would_help": item.would_help,
        "theme": item.theme,
        "service": _service_name(item.service_id),
        "may_be_shown_publicly": item.may_be_public,
        "shown_publicly": item.shown_publicly,
        "status": item.status,
        "outcome": item.outcome or None,
        "outcome_reason": item.outcome_reason or None,
        "created_at": when(item.created_at),
        "acknowledged_at": when(item.acknowledged_at),
        "responded_at": when(item.responded_at),
        "closed_at": when(item.closed_at),
        # What the Local Offer team told the raiser (internal notes are not about the person).
        "updates": [{"text": update.body, "status": update.status_to or None, "at": when(update.created_at)}
                    for update in item.updates if update.public],
    }


def feedback_data_of(user: User) -> dict:
    """A person's feedback records, for their download."""
    items = db.session.scalars(select(FeedbackItem).where(FeedbackItem.submitter_id == user.id)
                               .order_by(FeedbackItem.created_at, FeedbackItem.id))

    def titled(model) -> list[dict]:
        rows = db.session.execute(select(model.item_id, FeedbackItem.title, model.created_at)
                                  .join(FeedbackItem, FeedbackItem.id == model.item_id)
                                  .where(model.user_id == user.id).order_by(model.created_at, model.id))
        return [{"item": item_id, "title": title, "at": when(at)} for item_id, title, at in rows]

    return {
        "items_you_raised": [_item(item) for item in items],
        "updates_you_wrote": [
            {"item": update.item_id, "text": update.body, "public": update.public, "at": when(update.created_at)}
            for update in db.session.scalars(select(FeedbackUpdate).where(FeedbackUpdate.author_id == user.id)
                                             .order_by(FeedbackUpdate.created_at, FeedbackUpdate.id))],
        "me_too": titled(FeedbackSupport),
        "following": titled(FeedbackFollow),
        "notifications": [
            {"message": note.message, "link": note.link, "created_at": when(note.created_at),
             "read_at": when(note.read_at)}
            for note in db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                           .order_by(Notification.created_at, Notification.id))],
    }


def _count(model, column, user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(column == user.id)) or 0


def forget_feedback_of(user: User) -> dict[str, int]:
    """Before an account is deleted: its items and updates stay with no name; "me too"s, follows and
    notifications go. Does not commit."""
    counts = {
        "feedback_items_kept": _count(FeedbackItem, FeedbackItem.submitter_id, user),
        "me_too_deleted": _count(FeedbackSupport, FeedbackSupport.user_id, user),
        "follows_deleted": _count(FeedbackFollow, FeedbackFollow.user_id, user),
        "notifications_deleted": _count(Notification, Notification.user_id, user),
    }
    db.session.execute(update(FeedbackItem).where(FeedbackItem.submitter_id == user.id).values(submitter_id=None))
    db.session.execute(update(FeedbackUpdate).where(FeedbackUpdate.author_id == user.id).values(author_id=None))
    for model in (FeedbackSupport, FeedbackFollow, Notification):
        db.session.execute(delete(model).where(model.user_id == user.id))
    return counts


PART = PersonalDataPart("feedback", feedback_data_of, forget_feedback_of)
