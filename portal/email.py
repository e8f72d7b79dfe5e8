"""Email: every message is stored first, then delivered by SMTP or, with no MAIL_SERVER, written to
the instance outbox folder. Undelivered messages are retried by `flask mail retry`, never sent twice:
a sender first claims a message in one UPDATE, so two senders at once (a web request and the retry
command, or two overlapping retry runs) never both send it."""
from __future__ import annotations

import os
import re
import smtplib
import ssl
from datetime import timedelta
from email.message import EmailMessage

from flask import current_app, render_template
from sqlalchemy import or_, select, update

from .extensions import db
from .models import OutboxMessage, utcnow


def send_email(recipient: str, subject: str, body: str) -> OutboxMessage:
    """Store a plain-text message and try to deliver it now; it stays queued if delivery fails."""
    message = OutboxMessage(recipient=recipient, subject=subject, body=body)
    db.session.add(message)
    db.session.commit()
    deliver(message)
    return message


def send_template_email(recipient: str, subject: str, template: str, **context) -> OutboxMessage:
    """Render a plain-text body from templates/<template> (a .txt file, not HTML-escaped) and send it."""
    body = render_template(template, **context)
    return send_email(recipient, subject, body.strip() + "\n")


# A signed itsdangerous token (payload.timestamp.signature), as in reset and invitation links.
_SIGNED_TOKEN = re.compile(r"\.?[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{16,}")


def redact_secrets(body: str, replacement: str = "[hidden]") -> str:
    """A message body with signed tokens hidden, so reading the outbox never hands over someone's account."""
    return _SIGNED_TOKEN.sub(replacement, body)


# Longer than any one delivery can take (the SMTP timeout is 10 seconds a step): a claim older than this
# was left by a sender that died, and the message may be tried again.
CLAIM_EXPIRES = timedelta(minutes=10)


def _claim(message: OutboxMessage) -> bool:
    """Mark the message as being sent by us, unless it is sent or another sender is sending it now."""
    now = utcnow()
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.sent_at.is_(None),
               or_(OutboxMessage.sending_since.is_(None), OutboxMessage.sending_since < now - CLAIM_EXPIRES))
        .values(sending_since=now, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False))
    db.session.commit()
    db.session.refresh(message)
    return claimed.rowcount == 1


def deliver(message: OutboxMessage) -> bool:
    """Deliver one stored message; record success or the error."""
    if message.sent_at is not None:
        return True
    if not _claim(message):
        return message.sent_at is not None
    try:
        _transport(message)
    except (OSError, smtplib.SMTPException) as error:
        message.last_error = str(error)[:500]
        message.sending_since = None
        db.session.commit()
        current_app.logger.warning("Email %s to %s not delivered: %s", message.id, message.recipient, error)
        return False
    message.sent_at = utcnow()
    message.last_error = ""
    message.sending_since = None
    db.session.commit()
    return True


def retry_undelivered() -> tuple[int, int]:
    """Try every undelivered message again; return (delivered, still waiting)."""
    waiting = db.session.scalars(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
                                 .order_by(OutboxMessage.id)).all()
    delivered = sum(1 for message in waiting if deliver(message))
    return delivered, len(waiting) - delivered


def _as_email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = f"<outbox-{message.id}@{current_app.config['MAIL_FROM'].split('@')[-1]}>"
    email.set_content(message.body)
    return email


def _transport(message: OutboxMessage) -> None:
    config = current_app.config
    email = _as_email(message)
    if not config.get("MAIL_SERVER"):
        folder = os.path.join(current_app.instance_path, "outbox")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{message.id:06d}.eml"), "wb") as fh:
            fh.write(email.as_bytes())
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)
