"""Deleting personal data we no longer need, on the schedule the privacy notice promises (`flask housekeeping`,
run daily): failed sign-in attempts (an email address typed and the internet address it came from) after
SIGN_IN_ATTEMPT_RETENTION_DAYS, and stored email after OUTBOX_RETENTION_DAYS from when it was sent.
Email not yet delivered is kept, so `flask mail retry` can still send it."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import delete, select

from .account_data import delete_outbox_files
from .extensions import db
from .models import OutboxMessage, SignInAttempt, utcnow


def delete_old_sign_in_attempts(now: datetime | None = None) -> int:
    """Delete failed sign-in attempts older than the retention period; returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=current_app.config["SIGN_IN_ATTEMPT_RETENTION_DAYS"])
    result = db.session.execute(delete(SignInAttempt).where(SignInAttempt.created_at < cutoff))
    db.session.commit()
    return result.rowcount or 0


def delete_old_email(now: datetime | None = None) -> int:
    """Delete email sent longer ago than the retention period, with its outbox-folder copy; returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=current_app.config["OUTBOX_RETENTION_DAYS"])
    ids = list(db.session.scalars(select(OutboxMessage.id).where(OutboxMessage.sent_at.is_not(None),
                                                                 OutboxMessage.sent_at < cutoff)))
    if ids:
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(ids)))
        db.session.commit()
        delete_outbox_files(ids)
    return len(ids)


def delete_ended_rate_limits(now: datetime | None = None) -> int:
    """Delete rate-limit counters whose window has ended (RATELIMIT_STORAGE_URI=database://); their keys
    hold an internet address, and a counter whose window ended counts for nothing."""
    from .rate_limit_storage import delete_expired
    return delete_expired(now.replace(tzinfo=timezone.utc).timestamp() if now else None)


def run(now: datetime | None = None) -> dict[str, int]:
    """Every housekeeping task; returns how many records each deleted."""
    return {"sign_in_attempts": delete_old_sign_in_attempts(now), "email": delete_old_email(now),
            "rate_limit_counters": delete_ended_rate_limits(now)}
