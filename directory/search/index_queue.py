"""One writer for the Whoosh index when several processes serve the site.

Whoosh keeps its index in files on one machine and lets one writer at a time hold them. With several web
workers (gunicorn) every commit would otherwise race for the index lock. So under
SEARCH_INDEX_WRITER = "queue" (what `make serve-prod` gives its web workers):

  - a web worker never writes the index: the commit hooks (hooks.py) add a SearchIndexChange row per changed
    service in the same transaction as the change (so a change is never saved without its note, or noted
    without being saved), and the backend refuses to open a writer (IndexReadOnly);
  - `flask search index-worker` (one per machine holding the index) applies the notes in order of arrival,
    re-reading each service from the database, and deletes exactly the rows it applied;
  - readers compare the newest index generation on disk before every search (whoosh_backend._current), so
    each worker sees a change as soon as the index worker commits it (typically within a second);
  - a web worker that finds the index missing or unreadable asks for a rebuild (a row with no service_id)
    and answers 503 until the index worker has rebuilt it.

The PostgreSQL search backend keeps no local state, so it needs none of this.
"""
from __future__ import annotations

import logging
import signal
import time

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from portal.extensions import db

from ..models import SearchIndexChange

log = logging.getLogger(__name__)

BATCH = 500  # notes applied per index commit


def record(session, service_ids) -> None:
    """Note these services for the index worker, in the session's current transaction."""
    if service_ids:
        session.execute(insert(SearchIndexChange), [{"service_id": service_id} for service_id in service_ids])


def request_rebuild() -> None:
    """Ask the index worker to rebuild the whole index (once, however many processes ask)."""
    with Session(db.engine) as session:
        if session.scalar(select(SearchIndexChange.id).where(SearchIndexChange.service_id.is_(None)).limit(1)) is None:
            session.add(SearchIndexChange(service_id=None))
            session.commit()


def pending_count() -> int:
    from sqlalchemy import func
    with Session(db.engine) as session:
        return session.scalar(select(func.count()).select_from(SearchIndexChange)) or 0


def apply_pending(engine, batch: int = BATCH) -> int:
    """Apply up to `batch` notes to the index (the oldest first) and delete them; how many were applied.

    Only the rows read are deleted: a note committed meanwhile (even with a lower id, as PostgreSQL may hand
    out ids to transactions that commit later) waits for the next round."""
    with Session(db.engine) as session:
        rows = session.execute(select(SearchIndexChange.id, SearchIndexChange.service_id)
                               .order_by(SearchIndexChange.id).limit(batch)).all()
    if not rows:
        return 0
    if any(row.service_id is None for row in rows):
        engine.reindex()
    else:
        engine.apply({row.service_id for row in rows})
    with Session(db.engine) as session:
        session.execute(delete(SearchIndexChange).where(SearchIndexChange.id.in_([row.id for row in rows])))
        session.commit()
    return len(rows)


def run(engine, *, once: bool = False, interval: float = 1.0, echo=print) -> int:
    """Apply notes until stopped (SIGTERM or SIGINT finish the current batch first), or until none are left
    with `once`. Builds the index first if there is none. Returns how many notes were applied."""
    engine.claim_writer()
    stopping = []
    if not once:
        def stop(signum, frame):
            stopping.append(signum)
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
    from whoosh import index

    if not index.exists_in(engine.path):
        echo(f"Indexed {engine.reindex()} services (there was no index).")
    applied = 0
    while not stopping:
        try:
            done = apply_pending(engine)
        except Exception:
            # The notes stay in the table: tried again next round. (A database or disk problem.)
            log.exception("Search index worker: could not apply queued changes")
            done = 0
            if once:
                raise
            time.sleep(max(interval, 5.0))
            continue
        finally:
            db.session.remove()
        applied += done
        if done:
            echo(f"Applied {done} queued search index changes.")
            continue
        if once:
            break
        time.sleep(interval)
    return applied
