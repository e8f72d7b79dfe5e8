"""Accounts: creating users, signing in with throttling, passwords and reset links, roles, the audit log."""
from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from .email import send_template_email
from .extensions import db
from .models import ROLES, AuditEntry, SignInAttempt, User, UserRole, utcnow
from .passwords import password_problem

# A hash to check against when the email is unknown, so timing does not reveal which accounts exist.
_DUMMY_HASH = generate_password_hash("not-a-real-password-" + secrets.token_hex(8), method="scrypt")


class AccountError(ValueError):
    """A rule about accounts was broken; the message is for the person."""


class WrongPassword(AccountError):
    """The password given to confirm who someone is was not theirs."""


class TooManyAttempts(Exception):
    """Sign-in is paused for this account or address."""

    def __init__(self, minutes: int):
        super().__init__(minutes)
        self.minutes = minutes


def normalise_email(email: str) -> str:
    """Email addresses compared without case or surrounding spaces."""
    return email.strip().lower()


def user_by_email(email: str) -> User | None:
    """The account with this email, if any."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def hash_password(password: str) -> str:
    """A scrypt hash of the password."""
    return generate_password_hash(password, method="scrypt")


def create_user(email: str, password: str, *, name: str = "", roles: list[str] | tuple[str, ...] = ()) -> User:
    """Create an account; refuses weak passwords, unknown roles and an email already used."""
    email = normalise_email(email)
    if user_by_email(email) is not None:
        raise AccountError(str(_l("An account with that email address already exists")))
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise AccountError(str(_l("Unknown role: %(roles)s", roles=", ".join(sorted(unknown)))))
    user = User(email=email, name=name.strip(), password_hash=hash_password(password),
                session_token=secrets.token_hex(16))
    user.role_rows = [UserRole(role=role) for role in dict.fromkeys(roles)]
    db.session.add(user)
    db.session.flush()
    record_audit(None, "user.create", "user", user.id, after={"email": email, "roles": sorted(set(roles))})
    db.session.commit()
    return user


def grant_role(user: User, role: str, by: User | None = None) -> None:
    """Give a user a role (idempotent); recorded in the audit log."""
    if role not in ROLES:
        raise AccountError(str(_l("Unknown role: %(roles)s", roles=role)))
    if role not in user.roles:
        user.role_rows.append(UserRole(role=role))
        record_audit(by, "user.grant_role", "user", user.id, after={"role": role})
        db.session.commit()


def save_language_choice(user: User, language: str) -> None:
    """Remember the interface language a signed-in person chose, for every device they sign in on."""
    user.language = language
    db.session.commit()


def users_with_role(role: str) -> list[User]:
    """Active users holding a role."""
    return list(db.session.scalars(
        select(User).join(UserRole).where(UserRole.role == role, User.active.is_(True)).order_by(User.email)))


def _recent_failures(column, value: str) -> int:
    since = utcnow() - timedelta(seconds=current_app.config["SIGN_IN_FAILURE_WINDOW"])
    return db.session.scalar(select(func.count()).select_from(SignInAttempt)
                             .where(column == value, SignInAttempt.created_at >= since)) or 0


def _check_throttle(email: str, ip_address: str) -> None:
    allowed = current_app.config["SIGN_IN_FAILURES_ALLOWED"]
    if (_recent_failures(SignInAttempt.email, email) >= allowed
            or _recent_failures(SignInAttempt.ip_address, ip_address) >= allowed * 4):
        raise TooManyAttempts(max(1, current_app.config["SIGN_IN_FAILURE_WINDOW"] // 60))


def _record_failure(email: str, ip_address: str) -> None:
    """Count a failed password check against the account and the address."""
    db.session.add(SignInAttempt(email=email[:254], ip_address=ip_address[:64]))
    db.session.commit()


def authenticate(email: str, password: str, ip_address: str) -> User | None:
    """The user if the email and password match; raises TooManyAttempts after repeated failures."""
    email = normalise_email(email)
    _check_throttle(email, ip_address)
    user = user_by_email(email)
    if user is None or not user.active or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        user = None
    elif not check_password_hash(user.password_hash, password):
        user = None
    if user is None:
        _record_failure(email, ip_address)
        return None
    user.last_sign_in_at = utcnow()
    db.session.execute(db.delete(SignInAttempt).where(SignInAttempt.email == email))
    db.session.commit()
    return user


def set_password(user: User, new_password: str, by: User | None = None) -> None:
    """Replace a password (policy checked) and end every other session and reset link."""
    problem = password_problem(new_password, user.email)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(new_password)
    user.session_token = secrets.token_hex(16)
    record_audit(by or user, "user.set_password", "user", user.id)
    db.session.commit()


def change_password(user: User, current_password: str, new_password: str, ip_address: str = "") -> None:
    """Change a password after checking the current one (throttled like sign-in); tells the owner by email."""
    _check_throttle(user.email, ip_address)
    if not check_password_hash(user.password_hash, current_password):
        _record_failure(user.email, ip_address)
        raise WrongPassword(str(_l("Your current password is not right")))
    set_password(user, new_password)
    send_password_changed_notice(user)


def request_password_reset(email: str, link_for: Callable[[str], str]) -> None:
    """Email a reset link if an active account has this address, else do nothing (the page looks the same)."""
    user = user_by_email(email)
    if user is None or not user.active:
        return
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"]
    send_template_email(
        user.email, str(_l("Reset your Local Offer password")), "portal/email/password_reset.txt",
        user=user, link=link_for(password_reset_token(user)), minutes=max(1, max_age // 60))
    record_audit(None, "user.password_reset_requested", "user", user.id)
    db.session.commit()


def reset_password(token: str, new_password: str) -> User | None:
    """Set a new password from a reset link; None if the link is not (or no longer) good."""
    user = user_for_reset_token(token)
    if user is None:
        return None
    set_password(user, new_password)
    # Whoever reset it proved they can read the account's email: let them sign in again now.
    db.session.execute(db.delete(SignInAttempt).where(SignInAttempt.email == user.email))
    db.session.commit()
    send_password_changed_notice(user)
    return user


def send_password_changed_notice(user: User) -> None:
    """Tell the account's owner by email that the password changed, in case it was not them."""
    send_template_email(user.email, str(_l("Your Local Offer password has been changed")),
                        "portal/email/password_changed.txt", user=user)


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def password_reset_token(user: User) -> str:
    """A signed, time-limited token; it stops working once the password changes."""
    return _serializer("password-reset").dumps({"user": user.id, "token": user.session_token})


def user_for_reset_token(token: str) -> User | None:
    """The user a reset token was made for, if it is genuine, unexpired and unused."""
    try:
        data = _serializer("password-reset").loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("user")) if isinstance(data.get("user"), int) else None
    if user is None or not user.active or user.session_token != data.get("token"):
        return None
    return user


def signed_token(salt: str, payload: dict) -> str:
    """A signed token carrying a small payload (invitations and the like)."""
    return _serializer(salt).dumps(payload)


def read_signed_token(salt: str, token: str, max_age: int) -> dict | None:
    """The payload of a genuine, unexpired token, or None."""
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    return data if isinstance(data, dict) else None


def record_audit(user: User | None, action: str, record_type: str, record_id, *,
                 before: dict | None = None, after: dict | None = None) -> None:
    """Add an audit entry to the current transaction (the caller commits)."""
    db.session.add(AuditEntry(user_id=user.id if user is not None else None, action=action,
                              record_type=record_type, record_id=str(record_id), before=before, after=after))
