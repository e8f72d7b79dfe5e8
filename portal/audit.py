"""The audit log, read by officers: filtering, one entry's changes, and a CSV download.

Entries are written by `services.record_audit` inside the same transaction as the change they describe.
The app never changes an entry's action, record, time or recorded state afterwards (the guard below refuses
it), with one exception the privacy notice promises: when a person deletes their account, their entries lose
the link to them and their personal details are taken out (portal/account_data.py).
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import event, func, inspect, select

from .extensions import db
from .models import AuditEntry, User

PER_PAGE = 50
# Columns fixed once written. user_id, before and after may still be anonymised when an account is deleted.
FIXED_COLUMNS = ("action", "record_type", "record_id", "created_at")
CSV_COLUMNS = ["id", "when_utc", "who", "action", "record_type", "record_id", "field", "before", "after"]


class AuditEntryChanged(Exception):
    """Something tried to rewrite history."""


@event.listens_for(AuditEntry, "before_update")
def _refuse_rewrites(_mapper, _connection, entry: AuditEntry) -> None:
    state = inspect(entry)
    changed = [name for name in FIXED_COLUMNS if state.attrs[name].history.has_changes()]
    if changed:
        raise AuditEntryChanged(f"audit entry {entry.id}: {', '.join(changed)} cannot be changed")


@dataclass
class AuditFilter:
    who: str = ""  # part of an email address
    action: str = ""  # exact action, e.g. "listing.publish"
    record_type: str = ""
    record_id: str = ""
    start: date | None = None  # inclusive, UTC days
    end: date | None = None  # inclusive


@dataclass
class Change:
    field: str
    before: object
    after: object


def audit_query(criteria: AuditFilter):
    """A select of the entries matching the criteria, newest first."""
    query = select(AuditEntry).outerjoin(User, AuditEntry.user_id == User.id)
    if criteria.who:
        query = query.where(func.lower(User.email).contains(criteria.who.lower(), autoescape=True))
    if criteria.action:
        query = query.where(AuditEntry.action == criteria.action)
    if criteria.record_type:
        query = query.where(AuditEntry.record_type == criteria.record_type)
    if criteria.record_id:
        query = query.where(AuditEntry.record_id == criteria.record_id.strip())
    if criteria.start:
        query = query.where(AuditEntry.created_at >= datetime.combine(criteria.start, time.min))
    if criteria.end:
        query = query.where(AuditEntry.created_at < datetime.combine(criteria.end + timedelta(days=1), time.min))
    return query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())


def audit_page(criteria: AuditFilter, page: int):
    """One page of matching entries (Flask-SQLAlchemy pagination), newest first."""
    return db.paginate(audit_query(criteria), page=max(page, 1), per_page=PER_PAGE, error_out=False)


def known_actions() -> list[str]:
    """Every action the log holds, for the filter's list."""
    return list(db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def known_record_types() -> list[str]:
    """Every kind of record the log holds."""
    return list(db.session.scalars(select(AuditEntry.record_type).distinct().order_by(AuditEntry.record_type)))


def audit_entry(entry_id: int) -> AuditEntry | None:
    """One entry, or None."""
    return db.session.get(AuditEntry, entry_id)


def changes_in(entry: AuditEntry) -> list[Change]:
    """The entry's recorded state as field, before, after; fields in the order first recorded."""
    before, after = entry.before or {}, entry.after or {}
    if not isinstance(before, dict):
        before = {"value": before}
    if not isinstance(after, dict):
        after = {"value": after}
    fields = list(before) + [name for name in after if name not in before]
    return [Change(name, before.get(name), after.get(name)) for name in fields]


def audit_csv_rows(criteria: AuditFilter) -> Iterator[str]:
    """The matching entries as CSV text, a row per changed field, streamed in chunks."""
    from directory.exports import BOM, neutralise

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(CSV_COLUMNS)
    # yield_per: PostgreSQL reads the entries through a server-side cursor, which must be closed even when the
    # download is abandoned part way (the generator is closed at a yield), not left to the garbage collector.
    entries = db.session.scalars(audit_query(criteria).execution_options(yield_per=500))
    try:
        for entry in entries:
            who = entry.user.email if entry.user else ""
            head = [entry.id, entry.created_at.isoformat(timespec="seconds"), who, entry.action, entry.record_type,
                    entry.record_id]
            changes = changes_in(entry) or [Change("", None, None)]
            for change in changes:
                writer.writerow([neutralise(cell) for cell in
                                 head + [change.field, _cell(change.before), _cell(change.after)]])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    finally:
        entries.close()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)
