"""A person's own data: everything the portal holds about them (to download as JSON), and deleting their account.

Portal answers for accounts, sign-in attempts, email and the audit log. Each domain package answers for
its own records through a `PersonalDataPart` that create_app registers (directory/account_data.py,
feedback/account_data.py), so nothing here reaches into another package's tables by name.

Deleting an account (`forget_account`):
- each part forgets first: feedback items and listing changes stay without a name on them, follows,
  "me too"s, notifications and memberships go;
- then every remaining reference to the account, in any table, is cleared the way its foreign key says
  (SET NULL, or the row deleted for CASCADE). SQLite only does this itself with PRAGMA foreign_keys=ON,
  which the app does not set, so it is done here explicitly and holds on any database;
- the email address goes from every row that held it: sign-in attempts, email we sent to it (and its
  copy in the outbox folder), reply addresses on reports, and values in the audit log;
- audit entries of the person's own actions stay, with no user (user_id NULL, never a dangling id);
- one audit entry records that an account was deleted: its id number and roles, never the address.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Text, cast, delete, func, or_, select, update
from werkzeug.security import check_password_hash

from .extensions import db
from .models import ADMIN, OFFICER, ROLES, AuditEntry, OutboxMessage, SignInAttempt, TranslationReport, User, utcnow
from .services import AccountError, WrongPassword, _check_throttle, _record_failure, record_audit

EXTENSION = "personal_data_parts"
SCRUBBED = "[deleted]"


@dataclass(frozen=True)
class PersonalDataPart:
    """How one package answers for a person's records.

    `data_of(user)` is that package's section of the download (JSON-able); `forget(user)` removes or
    anonymises its records without committing and returns counts for the confirmation page (e.g.
    {"feedback_items_kept": 2}).
    """

    name: str
    data_of: Callable[[User], dict]
    forget: Callable[[User], dict[str, int]]


def init_app(app: Flask, parts: list[PersonalDataPart]) -> None:
    """Remember the packages' parts for this app."""
    app.extensions[EXTENSION] = list(parts)


def _parts() -> list[PersonalDataPart]:
    return current_app.extensions.get(EXTENSION, [])


def when(value: datetime | date | None) -> str | None:
    """A date or time for the download: ISO 8601, or None."""
    return value.isoformat() if value is not None else None


# --- downloading ----------------------------------------------------------------------------------------

def personal_data_of(user: User) -> dict:
    """Everything the portal holds about this person, as JSON-able data."""
    data = {
        "about_this_file": {
            "what": "Everything the Local Offer holds about your account.",
            "controller": current_app.config["COUNCIL_NAME"],
            "contact": current_app.config["LOCAL_OFFER_EMAIL"],
            "made_at": when(utcnow()),
            "times": "UTC",
        },
        "account": {
            "email": user.email,
            "name": user.name,
            "roles": [role for role in ROLES if role in user.roles],
            "language": user.language or None,
            "active": user.active,
            "created_at": when(user.created_at),
            "last_sign_in_at": when(user.last_sign_in_at),
        },
    }
    for part in _parts():
        data[part.name] = part.data_of(user)
    data["email_we_sent_you"] = [
        {"subject": message.subject, "created_at": when(message.created_at), "sent_at": when(message.sent_at)}
        for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == user.email)
                                          .order_by(OutboxMessage.created_at, OutboxMessage.id))]
    # When someone typed a wrong password for this account (not from where: that may be someone else).
    data["failed_sign_ins"] = [when(at) for at in db.session.scalars(
        select(SignInAttempt.created_at).where(SignInAttempt.email == user.email).order_by(SignInAttempt.created_at))]
    data["translation_reports_with_your_email"] = [
        {"language": report.language, "created_at": when(report.created_at), "status": report.status}
        for report in db.session.scalars(select(TranslationReport).where(
            func.lower(TranslationReport.reply_email) == user.email.lower()).order_by(TranslationReport.id))]
    data["your_actions_in_the_audit_log"] = [
        {"action": entry.action, "record": f"{entry.record_type} {entry.record_id}", "at": when(entry.created_at)}
        for entry in db.session.scalars(select(AuditEntry).where(AuditEntry.user_id == user.id)
                                        .order_by(AuditEntry.created_at, AuditEntry.id))]
    return data


def personal_data_json(user: User) -> str:
    """The download: personal_data_of(user) as indented JSON."""
    return json.dumps(personal_data_of(user), ensure_ascii=False, indent=2)


# --- deleting -------------------------------------------------------------------------------------------

def may_delete_own_account(user: User) -> bool:
    """Forum members and providers may delete their own account; officers and admins ask an admin."""
    return not user.has_role(OFFICER, ADMIN)


def delete_own_account(user: User, password: str, ip_address: str = "") -> dict[str, int]:
    """Delete the signed-in person's account once they confirm their password; returns what was kept and removed."""
    if not may_delete_own_account(user):
        raise AccountError(str(_l("Officers and administrators cannot delete their own account here. Ask an "
                                  "administrator to delete it")))
    _check_throttle(user.email, ip_address)
    if not password or not check_password_hash(user.password_hash, password):
        _record_failure(user.email, ip_address)
        raise WrongPassword(str(_l("Your password is not right")))
    return forget_account(user)


def forget_account(user: User, by: User | None = None) -> dict[str, int]:
    """Delete an account and everything that names it; records kept for others stay without a name. Commits."""
    user_id, email, name = user.id, user.email, user.name
    roles = sorted(user.roles)
    summary: dict[str, int] = {}
    for part in _parts():
        summary.update(part.forget(user))
    db.session.flush()

    summary["email_deleted"] = _forget_email_sent_to(email)
    db.session.execute(delete(SignInAttempt).where(func.lower(SignInAttempt.email) == email.lower()))
    db.session.execute(update(TranslationReport).where(func.lower(TranslationReport.reply_email) == email.lower())
                       .values(reply_email=""))
    summary["audit_entries_kept"] = _scrub_audit_log(user_id, email, name)
    _clear_references_to(user_id)
    db.session.expunge(user)
    db.session.execute(delete(User).where(User.id == user_id))
    record_audit(by, "user.delete", "user", user_id, before={"roles": roles})
    db.session.commit()
    return summary


def _forget_email_sent_to(email: str) -> int:
    """Delete every stored email to this address, and its copy in the outbox folder, if any."""
    ids = list(db.session.scalars(select(OutboxMessage.id).where(func.lower(OutboxMessage.recipient) == email.lower())))
    delete_outbox_files(ids)
    if ids:
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(ids)))
    return len(ids)


def delete_outbox_files(message_ids: list[int]) -> None:
    """Remove the outbox folder's copies of these messages (written when there is no MAIL_SERVER)."""
    folder = os.path.join(current_app.instance_path, "outbox")
    for message_id in message_ids:
        path = os.path.join(folder, f"{message_id:06d}.eml")
        if os.path.exists(path):
            os.remove(path)


def _scrubbed(value, email: str, name: str):
    """VALUE with the email address (anywhere in a string) and the name (a whole value) replaced."""
    if isinstance(value, dict):
        return {key: _scrubbed(item, email, name) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrubbed(item, email, name) for item in value]
    if isinstance(value, str):
        if name and value.strip() == name:
            return SCRUBBED
        lowered, needle = value.lower(), email.lower()
        while needle in lowered:
            start = lowered.index(needle)
            value = value[:start] + SCRUBBED + value[start + len(needle):]
            lowered = value.lower()
    return value


def _scrub_audit_log(user_id: int, email: str, name: str) -> int:
    """Take the person's email and name out of the audit log and unlink their entries; returns how many stay."""
    kept = db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.user_id == user_id)) or 0
    db.session.execute(update(AuditEntry).where(AuditEntry.user_id == user_id).values(user_id=None))
    # JSON is stored with non-ASCII escaped, so look for each value as written and as escaped.
    needles = {email.lower(), json.dumps(email.lower())[1:-1]}
    if name:
        needles |= {name, json.dumps(name)[1:-1]}
    patterns = [func.lower(cast(column, Text)).contains(needle.lower(), autoescape=True)
                for column in (AuditEntry.before, AuditEntry.after) for needle in needles]
    about_them = (AuditEntry.record_type == "user") & (AuditEntry.record_id == str(user_id))
    for entry in db.session.scalars(select(AuditEntry).where(or_(about_them, *patterns))):
        before, after = _scrubbed(entry.before, email, name), _scrubbed(entry.after, email, name)
        if (before, after) != (entry.before, entry.after):
            entry.before, entry.after = before, after
    return kept


def _clear_references_to(user_id: int) -> None:
    """Clear every foreign key to this user as the schema says (SET NULL, or CASCADE deletes the row)."""
    users_id = User.__table__.c.id
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column is not users_id:
                continue
            column = key.parent
            rule = (key.ondelete or "").upper()
            if rule == "CASCADE":
                db.session.execute(table.delete().where(column == user_id))
            elif column.nullable:
                db.session.execute(table.update().where(column == user_id).values({column.name: None}))
            else:
                raise RuntimeError(f"{table.name}.{column.name} refers to users and says neither what to do "
                                   "when the user is deleted nor may it be empty")

