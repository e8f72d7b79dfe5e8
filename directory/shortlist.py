"""A family's shortlist: services they want to take away (print, PDF, email), kept without an account.

The shortlist is a list of service ids (hex strings, the shortest stable form of a UUID) that the
route keeps in the Flask session, which is a signed cookie: so it is capped, to stay well inside a
browser's 4 KB cookie limit beside the other session keys. These functions take the stored list and
return a new one; they never touch the request or the session themselves.

Only published services are ever shown. An id that is malformed, unknown, or whose service has since
been withdrawn or archived is dropped quietly the next time the list is read.
"""
from __future__ import annotations

import uuid
from datetime import date
from enum import Enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.email import send_template_email
from portal.extensions import db
from portal.models import OutboxMessage

from . import services
from .models import PUBLISHED, Service
from .problems import EMAIL_MAX_LENGTH, EMAIL_PATTERN

SESSION_KEY = "shortlist"
# 50 hex ids are about 1.7 KB before the cookie's compression: room to spare for language, sign-in and CSRF.
MAX_SERVICES = 50


class ShortlistError(ValueError):
    """A request about the shortlist broke a rule; the message is for the person."""


class Outcome(Enum):
    """What happened when someone asked to add a service."""

    ADDED = "added"
    ALREADY_THERE = "already_there"
    FULL = "full"
    NOT_FOUND = "not_found"


def parse_service_id(value: object) -> uuid.UUID | None:
    """A service id from a form or the session (with or without hyphens), or None if it is not one."""
    if isinstance(value, uuid.UUID):
        return value
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        return None


def stored_ids(stored: object) -> list[str]:
    """The ids as kept in the session, cleaned: well-formed, each once, in the order added, at most the cap.

    The session is a cookie the browser sends back, so anything else in it is ignored rather than trusted.
    """
    if not isinstance(stored, list):
        return []
    ids: list[str] = []
    for value in stored:
        service_id = parse_service_id(value)
        if service_id is not None and service_id.hex not in ids:
            ids.append(service_id.hex)
    return ids[:MAX_SERVICES]


def _is_published(service_id: uuid.UUID) -> bool:
    return db.session.scalar(
        select(Service.id).where(Service.id == service_id, Service.status == PUBLISHED)) is not None


def add(ids: list[str], service_id: uuid.UUID) -> tuple[list[str], Outcome]:
    """Add a published service to the end of the list, unless it is there already or the list is full."""
    ids = stored_ids(ids)
    if not _is_published(service_id):
        return ids, Outcome.NOT_FOUND
    if service_id.hex in ids:
        return ids, Outcome.ALREADY_THERE
    if len(ids) >= MAX_SERVICES:
        return ids, Outcome.FULL
    return ids + [service_id.hex], Outcome.ADDED


def remove(ids: list[str], service_id: uuid.UUID) -> list[str]:
    """The list without the service (unchanged if it was not there)."""
    return [kept for kept in stored_ids(ids) if kept != service_id.hex]


def shortlisted_services(ids: list[str]) -> tuple[list[Service], list[str]]:
    """The shortlist's published services in the order added, and the ids still worth keeping.

    Unknown and no-longer-published services are left out of both, so the caller can store the
    second list back and they are gone for good.
    """
    found = services.services_by_ids([uuid.UUID(hex=value) for value in stored_ids(ids)])
    return found, [service.id.hex for service in found]


def email_shortlist(recipient: str, shortlisted: list[Service], made_on: date, council: str) -> OutboxMessage:
    """Email the shortlist to the reader, in the current interface language.

    The address is used for this message only: it is kept on the outbox message (so delivery can be
    retried) and nowhere else.
    """
    recipient = (recipient or "").strip()
    if not recipient or len(recipient) > EMAIL_MAX_LENGTH or not EMAIL_PATTERN.match(recipient):
        raise ShortlistError(str(_l("Enter an email address in the correct format, like name@example.com")))
    if not shortlisted:
        raise ShortlistError(str(_l("Your shortlist is empty. Add services to it before you email it.")))
    subject = str(_l("Your %(council)s Local Offer shortlist", council=council))
    return send_template_email(recipient, subject, "directory/shortlist/email/shortlist.txt",
                               services=shortlisted, made_on=made_on, council=council)
