""""You said, we did": entries officers write and publish, telling the people behind them once, and the
statutory yearly report of comments about the Local Offer and what was done (SEND Regulations 2014, reg. 56).

Plain functions. A broken rule raises `EntryError` with a message for the person; the caller rolls back.
"""
from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, extract, func, insert, select

from directory.models import PUBLISHED, Service
from portal.extensions import db
from portal.models import User, utcnow
from portal.services import record_audit

from .models import (CLOSED, ENTRY_DRAFT, ENTRY_PUBLISHED, IN_PROGRESS, NOT_DOING, OUTCOMES, SIGNPOSTED, THEMES,
                     WE_DID, Action, FeedbackItem, FeedbackSupport, YouSaidWeDid, entry_services)
from .notifications import notify, people_to_tell

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
OUTCOME_LABELS = {
    WE_DID: _l("We did it"),
    IN_PROGRESS: _l("In progress"),
    NOT_DOING: _l("Not doing"),
    SIGNPOSTED: _l("Signposted elsewhere"),
}
ENTRY_STATUS_LABELS = {ENTRY_DRAFT: _l("Draft"), ENTRY_PUBLISHED: _l("Published")}

# The Regulations came into force on 1 September 2014: no report before that year.
FIRST_REPORT_YEAR = 2014

ENTRY_FIELDS = ("theme", "you_said", "people_count", "channel", "we_did", "decided_by", "decided_on", "outcome")


class EntryError(ValueError):
    """A rule about "You said, we did" was broken; the message is for the person."""


# --- reading -------------------------------------------------------------------------------------------

def services_of(entry: YouSaidWeDid) -> list[Service]:
    """The directory services an entry names."""
    ids = db.session.scalars(select(entry_services.c.service_id).where(entry_services.c.entry_id == entry.id))
    ids = list(ids)
    if not ids:
        return []
    return list(db.session.scalars(select(Service).where(Service.id.in_(ids)).order_by(Service.name)))


def people_behind(entry: YouSaidWeDid) -> int:
    """How many people an entry speaks for: its items' raisers and supporters (once each) plus other channels."""
    people: set[int] = {item.submitter_id for item in entry.items if item.submitter_id is not None}
    item_ids = [item.id for item in entry.items]
    if item_ids:
        people.update(db.session.scalars(select(FeedbackSupport.user_id).where(FeedbackSupport.item_id.in_(item_ids))))
    return len(people) + (entry.people_count or 0)


def linkable_items() -> list[FeedbackItem]:
    """Items an entry can name: every one not merged into another, newest first."""
    return list(db.session.scalars(select(FeedbackItem).where(FeedbackItem.merged_into_id.is_(None))
                                   .order_by(FeedbackItem.created_at.desc(), FeedbackItem.id.desc())))


def linkable_actions() -> list[Action]:
    """Every action, by reference."""
    return sorted(db.session.scalars(select(Action)), key=lambda a: (_ref_sort(a.ref), a.id))


def linkable_services() -> list[Service]:
    """Published services, by name."""
    return list(db.session.scalars(select(Service).where(Service.status == PUBLISHED).order_by(Service.name)))


def _ref_sort(ref: str) -> tuple:
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in ref.split("."))


def all_entries() -> list[YouSaidWeDid]:
    """Every entry, drafts first, then newest first."""
    return list(db.session.scalars(select(YouSaidWeDid).order_by(
        (YouSaidWeDid.status == ENTRY_PUBLISHED), YouSaidWeDid.updated_at.desc(), YouSaidWeDid.id.desc())))


def published_entries(*, theme: str | None = None, year: int | None = None) -> list[YouSaidWeDid]:
    """Published entries, newest first, optionally of one theme and one year (of publishing)."""
    query = select(YouSaidWeDid).where(YouSaidWeDid.status == ENTRY_PUBLISHED)
    if theme is not None:
        query = query.where(YouSaidWeDid.theme == theme)
    if year is not None:
        query = query.where(YouSaidWeDid.published_at >= datetime(year, 1, 1),
                            YouSaidWeDid.published_at < datetime(year + 1, 1, 1))
    return list(db.session.scalars(query.order_by(YouSaidWeDid.published_at.desc(), YouSaidWeDid.id.desc())))


def published_years() -> list[int]:
    """The years with published entries, newest first."""
    years = db.session.scalars(select(extract("year", YouSaidWeDid.published_at)).distinct()
                               .where(YouSaidWeDid.status == ENTRY_PUBLISHED))
    return sorted({int(year) for year in years if year is not None}, reverse=True)


def public_entry(entry_id: int) -> YouSaidWeDid | None:
    """A published entry, or None (drafts are not public)."""
    entry = db.session.get(YouSaidWeDid, entry_id)
    return entry if entry is not None and entry.status == ENTRY_PUBLISHED else None


# --- writing -------------------------------------------------------------------------------------------

def _clean(text) -> str:
    return (text or "").strip()


def _check(fields: dict) -> dict:
    fields = {**fields}
    for name in ("you_said", "channel", "we_did", "decided_by"):
        if name in fields:
            fields[name] = _clean(fields[name])
    if fields.get("theme") not in THEMES:
        raise EntryError(_("Choose a theme"))
    if not fields.get("you_said"):
        raise EntryError(_("Enter what people told us"))
    if fields.get("outcome") and fields["outcome"] not in OUTCOMES:
        raise EntryError(_("Choose an outcome"))
    count = fields.get("people_count") or 0
    if not isinstance(count, int) or count < 0:
        raise EntryError(_("Enter the number of people as a whole number, like 12"))
    if count and not fields.get("channel"):
        raise EntryError(_("Enter where these people told us, like “coffee morning”"))
    return fields


def _snapshot(entry: YouSaidWeDid) -> dict:
    data = {name: getattr(entry, name) for name in ENTRY_FIELDS}
    data["decided_on"] = entry.decided_on.isoformat() if entry.decided_on else None
    data["items"] = sorted(item.id for item in entry.items)
    data["actions"] = sorted(action.id for action in entry.actions)
    data["services"] = sorted(str(service.id) for service in services_of(entry)) if entry.id else []
    data["status"] = entry.status
    return data


def _set_links(entry: YouSaidWeDid, item_ids, action_ids, service_ids) -> None:
    if item_ids is not None:
        items = list(db.session.scalars(select(FeedbackItem).where(FeedbackItem.id.in_(list(item_ids))))) \
            if item_ids else []
        if len(items) != len(set(item_ids)):
            raise EntryError(_("One of the feedback items no longer exists"))
        entry.items = items
    if action_ids is not None:
        actions = list(db.session.scalars(select(Action).where(Action.id.in_(list(action_ids))))) if action_ids else []
        if len(actions) != len(set(action_ids)):
            raise EntryError(_("One of the actions no longer exists"))
        entry.actions = actions
    if service_ids is not None:
        wanted = {uuid.UUID(str(value)) for value in service_ids}
        if wanted:
            found = set(db.session.scalars(select(Service.id).where(Service.id.in_(wanted),
                                                                   Service.status == PUBLISHED)))
            if found != wanted:
                raise EntryError(_("One of the services is not published in the directory"))
        db.session.flush()
        db.session.execute(delete(entry_services).where(entry_services.c.entry_id == entry.id))
        if wanted:
            db.session.execute(insert(entry_services), [{"entry_id": entry.id, "service_id": sid} for sid in wanted])


def create_entry(user: User | None, *, item_ids=(), action_ids=(), service_ids=(), **fields) -> YouSaidWeDid:
    """Write a draft entry with its links to feedback items, actions and services."""
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"unknown entry fields: {sorted(unknown)}")
    fields = _check(fields)
    entry = YouSaidWeDid(status=ENTRY_DRAFT, created_by_id=user.id if user else None, **fields)
    db.session.add(entry)
    db.session.flush()
    _set_links(entry, item_ids, action_ids, service_ids)
    record_audit(user, "you_said_we_did.create", "you_said_we_did", entry.id, after=_snapshot(entry))
    db.session.commit()
    return entry


def update_entry(user: User | None, entry: YouSaidWeDid, *, item_ids=None, action_ids=None, service_ids=None,
                 **fields) -> YouSaidWeDid:
    """Change an entry (a published one stays published; nobody is told again)."""
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"unknown entry fields: {sorted(unknown)}")
    fields = _check({**{name: getattr(entry, name) for name in ENTRY_FIELDS}, **fields})
    before = _snapshot(entry)
    for name, value in fields.items():
        setattr(entry, name, value)
    _set_links(entry, item_ids, action_ids, service_ids)
    if entry.status == ENTRY_PUBLISHED:
        _check_publishable(entry)
    entry.updated_at = utcnow()
    db.session.flush()
    after = _snapshot(entry)
    changed = [name for name in after if after[name] != before[name]]
    if changed:
        record_audit(user, "you_said_we_did.update", "you_said_we_did", entry.id,
                     before={n: before[n] for n in changed}, after={n: after[n] for n in changed})
    db.session.commit()
    return entry


def missing_for_publishing(entry: YouSaidWeDid) -> list[str]:
    """What an entry still needs before it can be published (empty when it is ready)."""
    missing = []
    if not entry.we_did:
        missing.append(_("Enter what we did"))
    if not entry.decided_by:
        missing.append(_("Enter who decided"))
    if entry.decided_on is None:
        missing.append(_("Enter when it was decided"))
    if entry.outcome not in OUTCOMES:
        missing.append(_("Choose an outcome"))
    return missing


def _check_publishable(entry: YouSaidWeDid) -> None:
    missing = missing_for_publishing(entry)
    if missing:
        raise EntryError(missing[0])


def entry_link(entry: YouSaidWeDid) -> str:
    """The full public address of an entry, for emails."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    if has_request_context():
        return base + url_for("plan.public_entry", entry_id=entry.id)
    with current_app.test_request_context(base_url=base):
        return base + url_for("plan.public_entry", entry_id=entry.id)


def publish_entry(user: User | None, entry: YouSaidWeDid) -> int:
    """Publish an entry; tell its items' raisers and followers once ever (site and email); return how many."""
    _check_publishable(entry)
    before = entry.status
    entry.status = ENTRY_PUBLISHED
    if entry.published_at is None:  # kept when re-published after a correction: it dates the response
        entry.published_at = utcnow()
    to_tell: dict[int, User] = {}
    if entry.notified_at is None:
        for item in entry.items:
            for person in people_to_tell(item):
                to_tell.setdefault(person.id, person)
        if to_tell:  # set with the publishing, so an edit and re-publish never tells anyone twice
            entry.notified_at = utcnow()
    record_audit(user, "you_said_we_did.publish", "you_said_we_did", entry.id, before={"status": before},
                 after={"status": ENTRY_PUBLISHED, "notified": sorted(to_tell)})
    db.session.commit()
    if to_tell:
        link = entry_link(entry)
        subject = _("You said, we did: what happened with the issue you raised")
        message = _("We have published what we did about something you raised or followed: %(summary)s",
                    summary=_summary(entry.you_said))
        for person in to_tell.values():
            notify(person, subject, message, link)
    return len(to_tell)


def _summary(text: str, length: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def unpublish_entry(user: User | None, entry: YouSaidWeDid) -> None:
    """Take an entry off the public pages (back to draft). People already told are not told again."""
    if entry.status != ENTRY_PUBLISHED:
        raise EntryError(_("This entry is not published"))
    entry.status = ENTRY_DRAFT
    record_audit(user, "you_said_we_did.unpublish", "you_said_we_did", entry.id, before={"status": ENTRY_PUBLISHED},
                 after={"status": ENTRY_DRAFT})
    db.session.commit()


def delete_entry(user: User | None, entry: YouSaidWeDid) -> None:
    """Delete a draft entry (a published one must be unpublished first)."""
    if entry.status == ENTRY_PUBLISHED:
        raise EntryError(_("Unpublish the entry before deleting it"))
    record_audit(user, "you_said_we_did.delete", "you_said_we_did", entry.id, before=_snapshot(entry))
    db.session.execute(delete(entry_services).where(entry_services.c.entry_id == entry.id))
    db.session.delete(entry)
    db.session.commit()


# --- the yearly report ----------------------------------------------------------------------------------

def parse_year(text: str | None, today: date | None = None) -> int:
    """The report year from a query string (blank: this year); raises EntryError for a year we cannot report on."""
    today = today or date.today()
    text = (text or "").strip()
    if not text:
        return today.year
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise EntryError(_("Enter a year as 4 digits, like %(year)s", year=today.year))
    year = int(text)
    if not FIRST_REPORT_YEAR <= year <= today.year:
        raise EntryError(_("Enter a year from %(first)s to %(last)s", first=FIRST_REPORT_YEAR, last=today.year))
    return year


@dataclass
class ThemeSection:
    """One theme in the report: how many comments, the ones shown publicly (titles only, never names)."""

    theme: str
    count: int = 0
    public_items: list[FeedbackItem] = field(default_factory=list)
    responses: list[YouSaidWeDid] = field(default_factory=list)


@dataclass
class Report:
    """The statutory report for one year."""

    year: int
    themes: list[ThemeSection]
    total: int
    closed: int
    responses: list[YouSaidWeDid]
    actions: list[Action]
    outcome_counts: dict[str, int]
    people: dict[int, int]  # entry id -> people behind it

    @property
    def other_channel_people(self) -> int:
        """People heard through other channels (coffee mornings, email) behind this year's responses."""
        return sum(entry.people_count or 0 for entry in self.responses)


def report_for_year(year: int) -> Report:
    """A calendar year's comments by theme, the responses published that year and the actions taken."""
    # Items merged into another are counted once, as the item they joined.
    start, end = datetime(year, 1, 1), datetime(year + 1, 1, 1)
    items = list(db.session.scalars(select(FeedbackItem).where(
        FeedbackItem.created_at >= start, FeedbackItem.created_at < end, FeedbackItem.merged_into_id.is_(None))
        .order_by(FeedbackItem.created_at, FeedbackItem.id)))
    responses = published_entries(year=year)
    sections = {theme: ThemeSection(theme) for theme in THEMES}
    for item in items:
        section = sections.setdefault(item.theme, ThemeSection(item.theme))
        section.count += 1
        if item.shown_publicly:
            section.public_items.append(item)
    for entry in responses:
        sections.setdefault(entry.theme, ThemeSection(entry.theme)).responses.append(entry)
    actions: dict[int, Action] = {}
    for entry in responses:
        for action in entry.actions:
            actions.setdefault(action.id, action)
    for item in items:
        for action in item.actions:
            actions.setdefault(action.id, action)
    return Report(
        year=year, themes=list(sections.values()), total=len(items),
        closed=sum(1 for item in items if item.status == CLOSED),
        responses=responses,
        actions=sorted(actions.values(), key=lambda a: (_ref_sort(a.ref), a.id)),
        outcome_counts=dict(Counter(entry.outcome for entry in responses if entry.outcome)),
        people={entry.id: people_behind(entry) for entry in responses},
    )


def first_item_year() -> int | None:
    """The year of the earliest feedback item, if any."""
    first = db.session.scalar(select(func.min(FeedbackItem.created_at)))
    return first.year if first else None
