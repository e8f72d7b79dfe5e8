"""Keeping the index in step with the database: note changed services while flushing, index after commit.

The microblog pattern (collect in before_commit, index in after_commit), collecting at every flush
instead, because a change flushed early (autoflush, an explicit flush) is no longer in
session.new/dirty/deleted by the time of before_commit. Nothing here may break a database write:
every error is logged and swallowed.

Under SEARCH_INDEX_WRITER = "queue" (several web workers; index_queue.py) the changed services are instead
noted in the database just before commit, in the same transaction, for `flask search index-worker`: there
an error fails the commit, since a change saved without its note would never reach the index.
"""
from __future__ import annotations

import itertools
import uuid

from flask import current_app, has_app_context
from sqlalchemy import event, inspect, select

from portal.extensions import db

from ..models import (CONTENT_SERVICE, CONTENT_TERM, ContentTranslation, Location, Organisation, Schedule, Service,
                      service_terms)
from . import EXTENSION

CHANGED = "directory_search_changed"  # key in session.info: Service objects touched in this transaction

_registered = False


def register() -> None:
    """Listen to the app's session (once, however many apps are made)."""
    global _registered
    if _registered:
        return
    event.listen(db.session, "before_flush", _collect)
    event.listen(db.session, "before_commit", _record)
    event.listen(db.session, "after_commit", _apply)
    _registered = True


def _services_touched(session, obj) -> list[Service]:
    if isinstance(obj, Service):
        return [obj]
    if isinstance(obj, Location):
        return list(obj.services)
    if isinstance(obj, Schedule):
        # A new schedule may only have service_id set; its relationship loads after the flush.
        service = obj.service or (session.get(Service, obj.service_id) if obj.service_id else None)
        return [service] if service is not None else []
    if isinstance(obj, Organisation):
        return list(obj.services)  # its name is indexed with each service
    if isinstance(obj, ContentTranslation):
        return _translated_services(session, obj)
    return []


def _translated_services(session, translation: ContentTranslation) -> list[Service]:
    """The services whose index entry holds this translation: the listing's own, or a term's name."""
    try:
        object_id = uuid.UUID(translation.object_id)
    except (TypeError, ValueError):
        return []
    if translation.kind == CONTENT_SERVICE:
        service = session.get(Service, object_id)
        return [service] if service is not None else []
    if translation.kind == CONTENT_TERM and translation.field == "name":
        return list(session.scalars(select(Service).join(service_terms, service_terms.c.service_id == Service.id)
                                    .where(service_terms.c.term_id == object_id)))
    return []


def _collect(session, flush_context, instances) -> None:
    try:
        changed = session.info.setdefault(CHANGED, set())
        with session.no_autoflush:
            for obj in itertools.chain(session.new, session.dirty, session.deleted):
                changed.update(_services_touched(session, obj))
    except Exception:
        _log("Could not note services changed for the search index")


def _changed_ids(changed) -> set[uuid.UUID]:
    # The identity key, not obj.id: attributes are expired after commit, and loading one here
    # would start a new transaction on the session that is finishing.
    return {key[1][0] for key in (inspect(obj).key for obj in changed) if key is not None}


def _record(session) -> None:
    """Queue mode: note the changed services for the index worker, in the transaction being committed."""
    if not has_app_context():
        return
    engine = current_app.extensions.get(EXTENSION)
    if not getattr(engine, "queued", False):
        return
    session.flush()  # the last changes (collected by _collect), so that new services have their ids
    changed = session.info.pop(CHANGED, None)
    if changed:
        from .index_queue import record
        record(session, _changed_ids(changed))


def _apply(session) -> None:
    changed = session.info.pop(CHANGED, None)
    if not changed or not has_app_context():
        return
    try:
        ids = _changed_ids(changed)
        engine = current_app.extensions.get(EXTENSION)
        if ids and engine is not None:
            engine.update(ids)
    except Exception:
        _log("Search index update failed; the database change is saved")


def _log(message: str) -> None:
    if has_app_context():
        current_app.logger.exception(message)
