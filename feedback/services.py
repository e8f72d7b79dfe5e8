"""Forum feedback: raising items, "me too" and following, officers' triage under the response standards,
merging duplicates, redaction and showing items publicly, response templates, notifications.

Every write is one function here: it checks the rule, writes, records an audit entry and commits, then
tells the people who should know. Rules broken raise FeedbackError with a message for the person
(and, where it belongs to one, the form field it is about).
"""
from __future__ import annotations

import uuid

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from directory.models import PUBLISHED, Service
from portal.email import send_template_email
from portal.extensions import db
from portal.models import FORUM_MEMBER, OFFICER, User, utcnow
from portal.services import record_audit, users_with_role

from . import standards
from .models import (ACKNOWLEDGED, CLOSED, IN_REVIEW, ITEM_STATES, NOT_DOING, OUTCOMES, RESPONDED, SIGNPOSTED,
                     SIGNPOSTS, SUBMITTED, THEMES, FeedbackFollow, FeedbackItem, FeedbackSupport, FeedbackUpdate,
                     Notification, Redaction, ResponseTemplate)
from .notifications import notify, people_to_tell
from .personal_data import scan_item

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 10_000

THEME_LABELS = {
    "education": _l("Education"),
    "health": _l("Health"),
    "social-care": _l("Social care"),
    "short-breaks": _l("Short breaks"),
    "post-16": _l("Post-16 and preparing for adulthood"),
    "local-offer": _l("The Local Offer itself"),
    "communication": _l("Communication"),
    "other": _l("Other"),
}
# A state as a heading or tag, and as words inside a sentence.
STATE_LABELS = {
    SUBMITTED: _l("Submitted"),
    ACKNOWLEDGED: _l("Acknowledged"),
    IN_REVIEW: _l("In review"),
    RESPONDED: _l("Responded"),
    CLOSED: _l("Closed"),
}
STATE_WORDS = {
    SUBMITTED: _l("submitted"),
    ACKNOWLEDGED: _l("acknowledged"),
    IN_REVIEW: _l("in review"),
    RESPONDED: _l("responded"),
    CLOSED: _l("closed"),
}
STATE_TAG_CLASSES = {
    SUBMITTED: "govuk-tag--grey",
    ACKNOWLEDGED: "govuk-tag--blue",
    IN_REVIEW: "govuk-tag--light-blue",
    RESPONDED: "govuk-tag--green",
    CLOSED: "govuk-tag--purple",
}
# The button that makes each move, and what to do before skipping to a later state.
MOVE_LABELS = {
    ACKNOWLEDGED: _l("Acknowledge"),
    IN_REVIEW: _l("Start the review"),
    RESPONDED: _l("Send the response"),
    CLOSED: _l("Close the item"),
}
FIRST_STEPS = {
    ACKNOWLEDGED: _l("Acknowledge it first"),
    IN_REVIEW: _l("Start the review first"),
    RESPONDED: _l("Respond first"),
    CLOSED: _l("Close it first"),
}
OUTCOME_LABELS = {
    "we_did": _l("We did it"),
    "in_progress": _l("In progress"),
    "not_doing": _l("Not doing"),
    "signposted": _l("Signposted elsewhere"),
}
OUTCOME_HINTS = {
    "we_did": _l("The change has been made"),
    "in_progress": _l("The change is under way, for example through an action in the SEND action plan"),
    "not_doing": _l("We will not make this change; the forum member reads the reason"),
    "signposted": _l("Another route is the right one for this"),
}
SIGNPOST_LABELS = {
    "complaints": _l("The complaints route"),
    "sendiass": _l("SENDIASS (independent information, advice and support)"),
    "individual_case": _l("An individual case, taken up directly with the family"),
}

NEXT_STATE = dict(zip(ITEM_STATES, ITEM_STATES[1:]))


class FeedbackError(ValueError):
    """A rule about feedback was broken; the message is for the person, `field` is the form field it is about."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.field = field


# --- reading ---------------------------------------------------------------------------------------------

def item_link(item: FeedbackItem) -> str:
    """The full address of an item's page, for notifications and emails."""
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/feedback/items/{item.id}"


def triage_link(item: FeedbackItem) -> str:
    """The full address of an item's triage page, for officers' emails."""
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/feedback/triage/{item.id}"


def get_item(item_id: int) -> FeedbackItem | None:
    """An item by id."""
    return db.session.get(FeedbackItem, item_id)


def is_officer(user) -> bool:
    """True for a signed-in officer (or admin)."""
    return bool(getattr(user, "is_authenticated", False) and user.has_role(OFFICER))


def is_forum_member(user) -> bool:
    """True for a signed-in forum member."""
    return bool(getattr(user, "is_authenticated", False) and user.has_role(FORUM_MEMBER))


def is_raiser(user, item: FeedbackItem) -> bool:
    """True if this signed-in user raised the item."""
    return bool(getattr(user, "is_authenticated", False) and item.submitter_id == user.id)


def can_view(user, item: FeedbackItem) -> bool:
    """Officers see every item, the raiser sees theirs, everyone sees items shown publicly."""
    return item.shown_publicly or is_officer(user) or is_raiser(user, item)


def published_services() -> list[Service]:
    """Published services, by name, for linking an item to one."""
    return list(db.session.scalars(select(Service).where(Service.status == PUBLISHED).order_by(Service.name)))


def published_service(service_id) -> Service | None:
    """A published service by id (a UUID or its text), or None."""
    if not service_id:
        return None
    try:
        service_id = service_id if isinstance(service_id, uuid.UUID) else uuid.UUID(str(service_id))
    except ValueError:
        return None
    service = db.session.get(Service, service_id)
    return service if service is not None and service.status == PUBLISHED else None


def updates_of(item: FeedbackItem, *, with_notes: bool) -> list[FeedbackUpdate]:
    """An item's updates, oldest first; internal notes only when asked for."""
    return [update for update in item.updates if update.public or with_notes]


def support_count(item: FeedbackItem) -> int:
    """How many forum members said "me too"."""
    return db.session.scalar(select(func.count()).select_from(FeedbackSupport)
                             .where(FeedbackSupport.item_id == item.id)) or 0


def support_counts(items: list[FeedbackItem]) -> dict[int, int]:
    """"Me too" counts for several items at once."""
    if not items:
        return {}
    rows = db.session.execute(select(FeedbackSupport.item_id, func.count()).where(
        FeedbackSupport.item_id.in_([item.id for item in items])).group_by(FeedbackSupport.item_id)).all()
    return dict(rows)


def has_supported(user, item: FeedbackItem) -> bool:
    """True if the user already said "me too"."""
    return _row(FeedbackSupport, user, item) is not None


def is_following(user, item: FeedbackItem) -> bool:
    """True if the user follows the item."""
    return _row(FeedbackFollow, user, item) is not None


def _row(model, user, item):
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(model).where(model.item_id == item.id, model.user_id == user.id))


def items_raised_by(user: User) -> list[FeedbackItem]:
    """A forum member's own items, newest first."""
    return list(db.session.scalars(select(FeedbackItem).where(FeedbackItem.submitter_id == user.id)
                                   .order_by(FeedbackItem.created_at.desc(), FeedbackItem.id.desc())))


def items_followed_by(user: User) -> list[FeedbackItem]:
    """Items someone else raised that the user follows and may still see, newest first."""
    items = db.session.scalars(
        select(FeedbackItem).join(FeedbackFollow, FeedbackFollow.item_id == FeedbackItem.id)
        .where(FeedbackFollow.user_id == user.id,
               (FeedbackItem.submitter_id != user.id) | FeedbackItem.submitter_id.is_(None))
        .order_by(FeedbackItem.created_at.desc(), FeedbackItem.id.desc()))
    return [item for item in items if can_view(user, item)]


def public_items(theme: str | None = None) -> list[FeedbackItem]:
    """Items shown publicly, newest first, optionally of one theme (merged duplicates left out)."""
    query = select(FeedbackItem).where(FeedbackItem.shown_publicly.is_(True), FeedbackItem.merged_into_id.is_(None))
    if theme:
        query = query.where(FeedbackItem.theme == theme)
    return list(db.session.scalars(query.order_by(FeedbackItem.created_at.desc(), FeedbackItem.id.desc())))


def items_for_triage(*, status: str | None = None, theme: str | None = None,
                     overdue: bool = False) -> list[FeedbackItem]:
    """Items for officers: those needing action first by their next due date, then the rest newest first."""
    query = select(FeedbackItem)
    if status in ITEM_STATES:
        query = query.where(FeedbackItem.status == status)
    if theme in THEMES:
        query = query.where(FeedbackItem.theme == theme)
    items = list(db.session.scalars(query.order_by(FeedbackItem.created_at.desc(), FeedbackItem.id.desc())))
    today = standards.today()
    if overdue:
        items = [item for item in items if standards.is_overdue(item, today)]
    return sorted(items, key=lambda item: (item.status == CLOSED, _next_due(item) or item.created_at.date()))


def _next_due(item: FeedbackItem):
    if item.status == SUBMITTED:
        return item.acknowledge_due_on
    if item.status in (ACKNOWLEDGED, IN_REVIEW):
        return item.respond_due_on
    return None


def next_due(item: FeedbackItem):
    """The date the item's next step is due, if a standard applies to it."""
    return _next_due(item) if item.merged_into_id is None else None


def state_counts() -> dict[str, int]:
    """How many items are in each state."""
    rows = dict(db.session.execute(select(FeedbackItem.status, func.count()).group_by(FeedbackItem.status)).all())
    return {state: rows.get(state, 0) for state in ITEM_STATES}


def response_templates() -> list[ResponseTemplate]:
    """Response templates, by title."""
    return list(db.session.scalars(select(ResponseTemplate).order_by(ResponseTemplate.title, ResponseTemplate.id)))


def notifications_for(user: User) -> list[Notification]:
    """A user's notifications, newest first."""
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc())))


def unread_count(user: User) -> int:
    """How many of a user's notifications are unread."""
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def mark_notifications_read(user: User) -> int:
    """Mark every notification of a user as read; returns how many were unread."""
    unread = db.session.scalars(select(Notification).where(Notification.user_id == user.id,
                                                           Notification.read_at.is_(None))).all()
    now = utcnow()
    for notification in unread:
        notification.read_at = now
    db.session.commit()
    return len(unread)


# --- checks shared by the writes -------------------------------------------------------------------------

def _text(value: str | None, *, field: str, required_message=None, max_length: int = TEXT_MAX_LENGTH,
          too_long_message=None) -> str:
    text = (value or "").strip()
    if required_message is not None and not text:
        raise FeedbackError(required_message, field)
    if len(text) > max_length:
        raise FeedbackError(too_long_message or _("The text must be %(max)s characters or fewer",
                                                  max=f"{max_length:,}"), field)
    return text


def _tell(item: FeedbackItem, subject: str, message: str) -> None:
    """Tell the raiser and followers who may see the item, on the site and by email."""
    link = item_link(item)
    for user in people_to_tell(item):
        if can_view(user, item):
            notify(user, subject, message, link)


def _require_officer(user) -> None:
    if not is_officer(user):
        raise FeedbackError(_("Only officers can do this"))


# --- raising, "me too", following ------------------------------------------------------------------------

def raise_item(user: User, *, title: str, body: str, would_help: str = "", theme: str,
               service_id=None, may_be_public: bool = False) -> FeedbackItem:
    """Record a forum member's issue or idea with its due dates; the raiser follows it and officers are emailed."""
    if not is_forum_member(user):
        raise FeedbackError(_("Only forum members can raise an issue"))
    title = _text(title, field="title", required_message=_("Enter a title"), max_length=TITLE_MAX_LENGTH,
                  too_long_message=_("Title must be 200 characters or fewer"))
    body = _text(body, field="body", required_message=_("Enter what is happening"),
                 too_long_message=_("What is happening must be 10,000 characters or fewer"))
    would_help = _text(would_help, field="would_help",
                       too_long_message=_("What would help must be 10,000 characters or fewer"))
    if theme not in THEMES:
        raise FeedbackError(_("Select a theme"), "theme")
    service = None
    if service_id:
        service = published_service(service_id)
        if service is None:
            raise FeedbackError(_("Select a service from the list"), "service")
    now = utcnow()
    acknowledge_by, respond_by = standards.due_dates(standards.local_date(now))
    item = FeedbackItem(title=title, body=body, would_help=would_help, theme=theme,
                        service_id=service.id if service else None, submitter_id=user.id,
                        may_be_public=bool(may_be_public), status=SUBMITTED, created_at=now, updated_at=now,
                        acknowledge_due_on=acknowledge_by, respond_due_on=respond_by)
    db.session.add(item)
    db.session.flush()
    db.session.add(FeedbackFollow(item_id=item.id, user_id=user.id))
    record_audit(user, "feedback.raise", "feedback_item", item.id,
                 after={"status": SUBMITTED, "theme": theme, "may_be_public": item.may_be_public,
                        "acknowledge_due_on": acknowledge_by.isoformat(), "respond_due_on": respond_by.isoformat()})
    db.session.commit()
    _email_officers(item)
    return item


def _email_officers(item: FeedbackItem) -> None:
    """Email every officer about a new item (the item is already saved, whatever happens to the email)."""
    for officer in users_with_role(OFFICER):
        send_template_email(
            officer.email, _("New forum feedback: %(title)s", title=item.title), "feedback/email/new_item.txt",
            item=item, theme=THEME_LABELS.get(item.theme, item.theme), link=triage_link(item),
            council=current_app.config["COUNCIL_NAME"])


def support_item(user: User, item: FeedbackItem) -> bool:
    """Add a forum member's "me too" to a public item, once; False if they had already."""
    if not is_forum_member(user):
        raise FeedbackError(_("Only forum members can say “me too”"))
    if not item.shown_publicly:
        raise FeedbackError(_("You can only say “me too” to items shown publicly"))
    if is_raiser(user, item):
        raise FeedbackError(_("You raised this item, so it already counts you"))
    if has_supported(user, item):
        return False
    db.session.add(FeedbackSupport(item_id=item.id, user_id=user.id))
    record_audit(user, "feedback.support", "feedback_item", item.id)
    try:
        db.session.commit()
    except IntegrityError:  # the same person, twice at once
        db.session.rollback()
        return False
    return True


def follow_item(user: User, item: FeedbackItem) -> bool:
    """Follow an item the user may see; False if they already did."""
    if not is_forum_member(user) or not can_view(user, item):
        raise FeedbackError(_("You cannot follow this item"))
    if is_following(user, item):
        return False
    db.session.add(FeedbackFollow(item_id=item.id, user_id=user.id))
    record_audit(user, "feedback.follow", "feedback_item", item.id)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def unfollow_item(user: User, item: FeedbackItem) -> bool:
    """Stop following an item; False if the user was not following it."""
    row = _row(FeedbackFollow, user, item)
    if row is None:
        return False
    db.session.delete(row)
    record_audit(user, "feedback.unfollow", "feedback_item", item.id)
    db.session.commit()
    return True


# --- triage ----------------------------------------------------------------------------------------------

def check_move(item: FeedbackItem, to_state: str) -> None:
    """Refuse any move but the next one, with the reason."""
    if item.status == CLOSED:
        raise FeedbackError(_("This item is closed, so it cannot move on"))
    if to_state not in ITEM_STATES:
        raise FeedbackError(_("Choose what happens next"))
    if to_state == item.status:
        raise FeedbackError(_("The item is already %(state)s", state=STATE_WORDS[to_state]))
    expected = NEXT_STATE[item.status]
    if to_state != expected:
        words = {"from": STATE_WORDS[item.status], "to": STATE_WORDS[to_state]}
        if ITEM_STATES.index(to_state) < ITEM_STATES.index(item.status):
            raise FeedbackError(_("You cannot move an item back from %(from)s to %(to)s. Items move forward one "
                                  "step at a time", **words))
        raise FeedbackError(_("You cannot move an item from %(from)s to %(to)s. %(first)s",
                              first=FIRST_STEPS[expected], **words))


def move_item(officer: User, item: FeedbackItem, to_state: str, *, text: str = "", outcome: str = "",
              reason: str = "", signpost: str = "") -> FeedbackUpdate:
    """Move an item to its next state with an optional public update (a response needs one; closing an outcome)."""
    _require_officer(officer)
    check_move(item, to_state)
    text = _text(text, field="text", required_message=(_("Enter the response the forum member will read")
                                                       if to_state == RESPONDED else None),
                 too_long_message=_("The update must be 10,000 characters or fewer"))
    reason = (reason or "").strip()
    signpost = signpost or ""
    if to_state == CLOSED:
        if outcome not in OUTCOMES:
            raise FeedbackError(_("Select the outcome"), "outcome")
        if outcome == NOT_DOING:
            reason = _text(reason, field="reason", required_message=_("Enter the reason you are not doing this"),
                           too_long_message=_("The reason must be 10,000 characters or fewer"))
        else:
            reason = ""
        if outcome == SIGNPOSTED:
            if signpost not in SIGNPOSTS:
                raise FeedbackError(_("Select where you have signposted them"), "signpost")
        else:
            signpost = ""
    before = item.status
    now = utcnow()
    item.status = to_state
    item.updated_at = now
    if to_state == ACKNOWLEDGED:
        item.acknowledged_at = now
    elif to_state == RESPONDED:
        item.responded_at = now
    elif to_state == CLOSED:
        item.closed_at = now
        item.outcome, item.outcome_reason, item.signposted_to = outcome, reason, signpost
    update = FeedbackUpdate(item=item, author_id=officer.id, body=text, public=True, status_from=before,
                            status_to=to_state, created_at=now)
    db.session.add(update)
    after = {"status": to_state}
    if to_state == CLOSED:
        after.update(outcome=outcome, signposted_to=signpost)
    record_audit(officer, "feedback.move", "feedback_item", item.id, before={"status": before}, after=after)
    db.session.commit()
    if to_state == ACKNOWLEDGED:
        message = _("We have acknowledged “%(title)s”", title=item.title)
    elif to_state == IN_REVIEW:
        message = _("We are reviewing “%(title)s”", title=item.title)
    elif to_state == RESPONDED:
        message = _("We have responded to “%(title)s”", title=item.title)
    else:
        message = _("“%(title)s” is closed. Outcome: %(outcome)s", title=item.title,
                    outcome=OUTCOME_LABELS[outcome])
    _tell(item, _("Update on your Local Offer feedback"), message)
    return update


def add_update(officer: User, item: FeedbackItem, text: str, *, public: bool) -> FeedbackUpdate:
    """Add a public update (the raiser and followers are told) or an internal note (officers only)."""
    _require_officer(officer)
    text = _text(text, field="text",
                 required_message=_("Enter the update") if public else _("Enter the note"),
                 too_long_message=(_("The update must be 10,000 characters or fewer") if public
                                   else _("The note must be 10,000 characters or fewer")))
    update = FeedbackUpdate(item=item, author_id=officer.id, body=text, public=public)
    db.session.add(update)
    item.updated_at = utcnow()
    db.session.flush()
    record_audit(officer, "feedback.update" if public else "feedback.note", "feedback_item", item.id,
                 after={"update": update.id, "public": public})
    db.session.commit()
    if public:
        _tell(item, _("Update on your Local Offer feedback"),
              _("There is an update on “%(title)s”", title=item.title))
    return update


def merge_items(officer: User, duplicate: FeedbackItem, kept: FeedbackItem) -> None:
    """Close a duplicate with a pointer to the kept item, carrying its supporters and followers over once each."""
    _require_officer(officer)
    if duplicate.id == kept.id:
        raise FeedbackError(_("An item cannot be merged into itself"), "into")
    if duplicate.merged_into_id is not None:
        raise FeedbackError(_("This item was already merged into #%(id)s", id=duplicate.merged_into_id), "into")
    if duplicate.status == CLOSED:
        raise FeedbackError(_("This item is closed, so it cannot be merged"), "into")
    if kept.merged_into_id is not None:
        raise FeedbackError(_("Item #%(id)s was merged into #%(into)s. Merge into #%(into)s instead",
                              id=kept.id, into=kept.merged_into_id), "into")
    supporters = set(db.session.scalars(select(FeedbackSupport.user_id).where(FeedbackSupport.item_id == kept.id)))
    followers = set(db.session.scalars(select(FeedbackFollow.user_id).where(FeedbackFollow.item_id == kept.id)))
    # The duplicate's raiser said the same thing: they count as a "me too" on the kept item.
    carried_supporters = list(db.session.scalars(
        select(FeedbackSupport.user_id).where(FeedbackSupport.item_id == duplicate.id).order_by(FeedbackSupport.id)))
    if duplicate.submitter_id is not None:
        carried_supporters.append(duplicate.submitter_id)
    added_supporters = 0
    for user_id in carried_supporters:
        if user_id not in supporters and user_id != kept.submitter_id:
            db.session.add(FeedbackSupport(item_id=kept.id, user_id=user_id))
            supporters.add(user_id)
            added_supporters += 1
    added_followers = 0
    for user_id in db.session.scalars(select(FeedbackFollow.user_id).where(FeedbackFollow.item_id == duplicate.id)
                                      .order_by(FeedbackFollow.id)):
        if user_id not in followers:
            db.session.add(FeedbackFollow(item_id=kept.id, user_id=user_id))
            followers.add(user_id)
            added_followers += 1
    # Tell the duplicate's people before it closes (they can still see it then).
    to_tell = [user for user in people_to_tell(duplicate) if can_view(user, duplicate)]
    before = duplicate.status
    now = utcnow()
    duplicate.status, duplicate.closed_at, duplicate.merged_into_id, duplicate.updated_at = CLOSED, now, kept.id, now
    db.session.add(FeedbackUpdate(item=duplicate, author_id=officer.id, public=True, status_from=before,
                                  status_to=CLOSED, created_at=now,
                                  body=_("This item is about the same thing as item #%(id)s, so it was merged into "
                                         "it. Follow progress there.", id=kept.id)))
    db.session.add(FeedbackUpdate(item=kept, author_id=officer.id, public=True, created_at=now,
                                  body=_("Item #%(id)s, about the same thing, was merged into this item.",
                                         id=duplicate.id)))
    kept.updated_at = now
    record_audit(officer, "feedback.merge", "feedback_item", duplicate.id, before={"status": before},
                 after={"status": CLOSED, "merged_into": kept.id})
    record_audit(officer, "feedback.merged_in", "feedback_item", kept.id,
                 after={"from": duplicate.id, "supporters_added": added_supporters,
                        "followers_added": added_followers})
    db.session.commit()
    link = item_link(duplicate)
    for user in to_tell:
        notify(user, _("Update on your Local Offer feedback"),
               _("“%(title)s” was merged into item #%(id)s, which is about the same thing",
                 title=duplicate.title, id=kept.id), link)


# --- showing an item publicly ----------------------------------------------------------------------------

def redact_item(officer: User, item: FeedbackItem, *, title: str, body: str, would_help: str,
                reason: str) -> list[str]:
    """Replace the text of an item to remove personal data, recording a Redaction (with the reason) per field."""
    _require_officer(officer)
    reason = _text(reason, field="reason", required_message=_("Enter the reason for the change"),
                   too_long_message=_("The reason must be 10,000 characters or fewer"))
    new = {
        "title": _text(title, field="title", required_message=_("Enter a title"), max_length=TITLE_MAX_LENGTH,
                       too_long_message=_("Title must be 200 characters or fewer")),
        "body": _text(body, field="body", required_message=_("Enter what is happening"),
                      too_long_message=_("What is happening must be 10,000 characters or fewer")),
        "would_help": _text(would_help, field="would_help",
                            too_long_message=_("What would help must be 10,000 characters or fewer")),
    }
    changed = [name for name, text in new.items() if text != (getattr(item, name) or "").strip()]
    if not changed:
        raise FeedbackError(_("Nothing was changed. Edit the text to remove the personal data"), "body")
    for name in changed:
        setattr(item, name, new[name])
        db.session.add(Redaction(item_id=item.id, field=name, reason=reason, officer_id=officer.id))
    item.updated_at = utcnow()
    # The audit log names the fields, never the removed text.
    record_audit(officer, "feedback.redact", "feedback_item", item.id, after={"fields": changed})
    db.session.commit()
    return changed


def redactions_of(item: FeedbackItem) -> list[Redaction]:
    """The redactions made to an item, oldest first."""
    return list(db.session.scalars(select(Redaction).where(Redaction.item_id == item.id)
                                   .order_by(Redaction.created_at, Redaction.id)))


def show_publicly(officer: User, item: FeedbackItem, *, checked: bool = False) -> None:
    """Show an item publicly: only if the raiser agreed, and only once warnings about personal data are checked."""
    _require_officer(officer)
    if not item.may_be_public:
        raise FeedbackError(_("The forum member did not agree to this item being shown publicly"))
    if item.shown_publicly:
        raise FeedbackError(_("This item is already shown publicly"))
    if scan_item(item) and not checked:
        raise FeedbackError(_("Confirm you have checked the warnings and the text has no personal data"), "checked")
    item.shown_publicly = True
    item.updated_at = utcnow()
    record_audit(officer, "feedback.show", "feedback_item", item.id, before={"shown_publicly": False},
                 after={"shown_publicly": True})
    db.session.commit()
    _tell(item, _("Update on your Local Offer feedback"),
          _("“%(title)s” is now shown publicly, so other forum members can say “me too”", title=item.title))


def hide_publicly(officer: User, item: FeedbackItem) -> None:
    """Stop showing an item publicly."""
    _require_officer(officer)
    if not item.shown_publicly:
        raise FeedbackError(_("This item is not shown publicly"))
    _tell(item, _("Update on your Local Offer feedback"),
          _("“%(title)s” is no longer shown publicly", title=item.title))
    item.shown_publicly = False
    item.updated_at = utcnow()
    record_audit(officer, "feedback.hide", "feedback_item", item.id, before={"shown_publicly": True},
                 after={"shown_publicly": False})
    db.session.commit()


# --- response templates ----------------------------------------------------------------------------------

def _template_fields(title: str, body: str) -> tuple[str, str]:
    return (_text(title, field="title", required_message=_("Enter a name for the template"),
                  max_length=TITLE_MAX_LENGTH, too_long_message=_("The name must be 200 characters or fewer")),
            _text(body, field="body", required_message=_("Enter the wording"),
                  too_long_message=_("The wording must be 10,000 characters or fewer")))


def create_template(officer: User, title: str, body: str) -> ResponseTemplate:
    """Add a reusable response."""
    _require_officer(officer)
    title, body = _template_fields(title, body)
    template = ResponseTemplate(title=title, body=body)
    db.session.add(template)
    db.session.flush()
    record_audit(officer, "feedback.template_create", "response_template", template.id, after={"title": title})
    db.session.commit()
    return template


def update_template(officer: User, template: ResponseTemplate, title: str, body: str) -> ResponseTemplate:
    """Change a reusable response."""
    _require_officer(officer)
    title, body = _template_fields(title, body)
    before = {"title": template.title}
    template.title, template.body = title, body
    record_audit(officer, "feedback.template_update", "response_template", template.id, before=before,
                 after={"title": title})
    db.session.commit()
    return template


def delete_template(officer: User, template: ResponseTemplate) -> None:
    """Remove a reusable response (responses already sent keep their words)."""
    _require_officer(officer)
    record_audit(officer, "feedback.template_delete", "response_template", template.id,
                 before={"title": template.title})
    db.session.delete(template)
    db.session.commit()
