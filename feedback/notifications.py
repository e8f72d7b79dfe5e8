"""Telling forum members what happened: an on-site notification and the same news by email."""
from __future__ import annotations

from portal.email import send_email
from portal.extensions import db
from portal.models import User

from .models import FeedbackFollow, FeedbackItem, Notification


def notify(user: User, subject: str, message: str, link: str) -> Notification:
    """Record an on-site notification and email it (the email carries the full link)."""
    notification = Notification(user_id=user.id, message=message[:500], link=link)
    db.session.add(notification)
    db.session.commit()
    send_email(user.email, subject, f"{message}\n\n{link}\n")
    return notification


def people_to_tell(item: FeedbackItem) -> list[User]:
    """The raiser and every follower of an item, once each."""
    users: dict[int, User] = {}
    if item.submitter is not None and item.submitter.active:
        users[item.submitter.id] = item.submitter
    for follow in db.session.query(FeedbackFollow).filter(FeedbackFollow.item_id == item.id):
        user = db.session.get(User, follow.user_id)
        if user is not None and user.active:
            users.setdefault(user.id, user)
    return list(users.values())
