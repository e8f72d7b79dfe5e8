"""Accounts and roles, the audit log, and email kept for officers to read."""
from __future__ import annotations

from datetime import datetime, timezone

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db

PROVIDER, FORUM_MEMBER, OFFICER, ADMIN = "provider", "forum_member", "officer", "admin"
ROLES = (PROVIDER, FORUM_MEMBER, OFFICER, ADMIN)


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped when the password changes, so old sessions and reset links stop working.
    session_token: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(default=None)
    # The interface language the person chose ("" until they choose one); it wins over the browser's.
    language: Mapped[str] = mapped_column(String(10), default="")

    role_rows: Mapped[list[UserRole]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    @property
    def roles(self) -> set[str]:
        return {row.role for row in self.role_rows}

    def has_role(self, *roles: str) -> bool:
        """True if the user holds any of these roles (admins hold every officer power too)."""
        held = self.roles
        if ADMIN in held and OFFICER in roles:
            return True
        return bool(held.intersection(roles))

    def get_id(self) -> str:
        # The token makes a password change end every other session.
        return f"{self.id}:{self.session_token}"


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20), index=True)

    user: Mapped[User] = relationship(back_populates="role_rows")


class SignInAttempt(db.Model):
    """Failed sign-ins, kept in the database so throttling holds across app instances."""

    __tablename__ = "sign_in_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    ip_address: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class AuditEntry(db.Model):
    """Who did what to which record, when, with the state before and after. Never edited."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    action: Mapped[str] = mapped_column(String(80), index=True)
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(40), index=True)
    before: Mapped[dict | None] = mapped_column(JSON, default=None)
    after: Mapped[dict | None] = mapped_column(JSON, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    user: Mapped[User | None] = relationship()


class OutboxMessage(db.Model):
    """Every email the portal sends, with its delivery state (retried by `flask mail retry`)."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    # Set while one sender is delivering it, so an overlapping `flask mail retry` leaves it alone.
    sending_since: Mapped[datetime | None] = mapped_column(default=None)


def load_user(session_id: str) -> User | None:
    """Flask-Login's loader: the user for a session id ("id:token"), or None once the token is stale."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_token != token:
        return None
    return user


TRANSLATION_REPORT_NEW = "new"
TRANSLATION_REPORT_DONE = "done"


class TranslationReport(db.Model):
    """A reader's report of a bad interface translation, waiting for an officer."""

    __tablename__ = "translation_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    language: Mapped[str] = mapped_column(String(10), index=True)
    page: Mapped[str] = mapped_column(String(500), default="")  # where they saw it
    problem: Mapped[str] = mapped_column(Text, default="")
    suggestion: Mapped[str] = mapped_column(Text, default="")
    reply_email: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[str] = mapped_column(String(10), default=TRANSLATION_REPORT_NEW, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    dealt_with_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    dealt_with_at: Mapped[datetime | None] = mapped_column(default=None)


class RateLimitCounter(db.Model):
    """One rate-limit counter (flask-limiter's fixed window), kept in the database so that every process and
    machine serving the site counts together (portal/rate_limit_storage.py, RATELIMIT_STORAGE_URI=database://).
    Holds the limit's key (which includes the client's address) only until the window ends."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(512), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[float] = mapped_column(index=True)  # seconds since the epoch when the window ends
