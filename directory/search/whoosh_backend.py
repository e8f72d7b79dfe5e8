"""The Whoosh engine: the index on disk, rebuilding it, keeping it up to date, and answering searches.

Whoosh analyses, stores and merges the index; matching and scoring read its posting lists
directly (whoosh_scoring.py), and filters, facets, sorting and distances use the in-memory
Snapshot of each index generation (snapshot.py). Whoosh's own matchers and stored-field reads,
one Python call per document, would not keep a search over 30 000 services within 80 ms.
"""
from __future__ import annotations

import heapq
import io
import logging
import os
import re
import shutil
import threading
import time
import uuid
from datetime import date, timedelta

from flask import current_app, has_request_context
from werkzeug.exceptions import ServiceUnavailable
from sqlalchemy.orm import Session
from whoosh import index
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.structfile import StructFile
from whoosh.util.filelock import FileLock
from whoosh.writing import CLEAR, LockError

from portal.extensions import db

from . import SearchHit, SearchQuery, SearchResults
from .distance import nearest_miles
from .documents import documents_for, published_documents
from .highlight import highlight
from .query_plan import Plan, build, suggest
from .snapshot import FREE, SELF_REFERRAL, Snapshot, docnums_of, leaves
from .synonyms import DEFAULT_PATH as DEFAULT_SYNONYMS
from .synonyms import ConceptFilter, Synonyms
from .synonyms import load as load_synonyms
from .text import index_analyzer
from .whoosh_scoring import ENGLISH_FIELDS, TEXT_FIELDS, TRANSLATED_FIELDS, Scorer, WhooshLexicon, best

log = logging.getLogger(__name__)

FEW = 3  # fewer results than this and a better-spelled query is worth offering
PARALLEL_FROM = 5000  # below this many services, starting writer processes costs more than it saves
WRITER_LIMIT_MB = 256  # per writer process, before it spills sorted runs to disk
REINDEX_LOCK_TIMEOUT = 120.0  # seconds a rebuild waits for an update in progress
WORKER_DEADLINE = 900.0  # seconds a deferred update keeps waiting for the index lock
BULK = 5000  # a commit touching more services than this (an import) rebuilds the index instead
GRID_FROM = 2000  # matches beyond which distance sorting searches outwards by map cell instead of measuring all
WRITER_MODES = ("inline", "queue")  # SEARCH_INDEX_WRITER: see portal/config.py and index_queue.py
HEAL_WAIT = 3.0  # seconds a read-only process waits for the index worker to replace a missing or broken index


def make_schema(synonyms: Synonyms) -> Schema:
    """The index's fields: stemmed text (with synonym concepts) and stored values for the snapshot."""
    # No positions: phrases only matter for synonyms, and those are concept tokens.
    stemmed = index_analyzer(synonyms.index_filter())
    text = {name: TEXT(analyzer=stemmed, phrase=False, stored=name in ("name", "summary")) for name in ENGLISH_FIELDS}
    # Translations arrive as ready-made tokens (documents.py, text.py): split on spaces, nothing more.
    text.update({name: TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False) for name in TRANSLATED_FIELDS})
    return Schema(
        id=ID(stored=True, unique=True),
        words=STORED,
        categories=STORED, needs=STORED, delivery=STORED, free=STORED, self_referral=STORED,
        age_min=STORED, age_max=STORED, updated=STORED, assured=STORED, points=STORED,
        **text,
    )


def _synonyms_fingerprint(schema) -> str | None:
    for item in getattr(schema["name"].analyzer, "items", ()):
        if isinstance(item, ConceptFilter):
            return item.fingerprint
    return None


_TOC_NAME = re.compile(r"^_MAIN_(\d+)\.toc$")


class IndexMissing(Exception):
    """There is no usable index on disk."""


class IndexReadOnly(RuntimeError):
    """This process may not write the index: SEARCH_INDEX_WRITER is "queue" (a web worker), so only
    `flask search index-worker` (and `flask search reindex`) write it."""


class SearchUnavailable(ServiceUnavailable):
    """The index is missing or unreadable and this process may not rebuild it; the index worker has been
    asked to (the site's 503 page)."""


class WhooshBackend:
    def __init__(self, app):
        self.app = app
        self.path = os.path.abspath(app.config["SEARCH_INDEX_DIR"])
        self.synonyms = load_synonyms(app.config.get("SEARCH_SYNONYMS_FILE") or DEFAULT_SYNONYMS)
        self.field_names = set(make_schema(self.synonyms).names())
        self.scorer = Scorer()
        self._ix = None
        self._lock = threading.RLock()
        self._local = threading.local()  # each thread its own searcher: Whoosh's are not thread-safe
        self._snapshots: dict[tuple, Snapshot] = {}
        self._segments = {}
        self._pending: set[uuid.UUID] = set()
        self._worker: threading.Thread | None = None
        self._epoch = 0  # bumped by _forget: every thread's searcher is then opened afresh
        mode = app.config.get("SEARCH_INDEX_WRITER") or "inline"
        if mode not in WRITER_MODES:
            raise ValueError(f"SEARCH_INDEX_WRITER must be one of {', '.join(WRITER_MODES)}, not {mode!r}")
        # Queue mode: commits note changed services in the database (hooks.py) instead of writing the index.
        self.queued = mode == "queue"
        self._may_write = not self.queued

    # Who writes -----------------------------------------------------------------------------------

    def claim_writer(self) -> None:
        """Let this process write the index even in queue mode (the index worker, `flask search reindex`)."""
        self._may_write = True

    def _check_writable(self) -> None:
        if not self._may_write:
            raise IndexReadOnly("SEARCH_INDEX_WRITER is queue: this process only reads the search index; "
                                "`flask search index-worker` writes it")

    # Opening and healing ------------------------------------------------------------------------

    def _open(self):
        """The index on disk, or IndexMissing."""
        with self._lock:
            if self._ix is not None and os.path.isdir(self.path):
                return self._ix
            self._ix = None
            if not index.exists_in(self.path):
                raise IndexMissing(self.path)
            ix = index.open_dir(self.path)
            if set(ix.schema.names()) != self.field_names:
                raise IndexMissing(f"{self.path} was built with other fields")
            if _synonyms_fingerprint(ix.schema) != self.synonyms.fingerprint:
                raise IndexMissing(f"{self.path} was built with other synonyms")
            self._ix = ix
            return ix

    def _forget(self) -> None:
        """Drop everything opened from the index, so the next use opens it afresh."""
        with self._lock:
            self._epoch += 1
            self._ix = None
            self._snapshots.clear()
            self._segments.clear()
            searcher = getattr(self._local, "searcher", None)
            self._local.searcher = self._local.leaves = self._local.version = None
            if searcher is not None:
                try:
                    searcher.close()
                except Exception:  # nosec B110  # a broken index may not even close cleanly
                    pass

    def _state(self):
        """What identifies the index on disk now (directory and newest generation), or None if there is none."""
        try:
            names = os.listdir(self.path)
            inode = os.stat(self.path).st_ino
        except OSError:
            return None
        # From file names alone: opening a damaged index to ask would fail.
        generations = [int(m.group(1)) for m in map(_TOC_NAME.match, names) if m]
        return inode, max(generations, default=-1)

    def _heal(self, failed) -> None:
        """Rebuild from the database, unless another thread or process did while we waited."""
        if not self._may_write:
            return self._wait_for_writer(failed)
        with self._heal_lock():
            self._forget()
            now = self._state()
            if now is not None and now != failed and now[1] >= 0:
                return
            self._rebuild_fresh()

    def _wait_for_writer(self, failed) -> None:
        """Read-only: ask the index worker for a rebuild and give it a moment (it may be swapping a rebuilt
        index in right now); SearchUnavailable if the index is still the broken one."""
        from .index_queue import request_rebuild

        self._forget()
        deadline = time.monotonic() + HEAL_WAIT
        asked = False
        while True:
            now = self._state()
            if now is not None and now != failed and now[1] >= 0:
                return
            if not asked:
                request_rebuild()
                asked = True
            if time.monotonic() >= deadline:
                log.warning("Search index missing or unreadable; waiting for `flask search index-worker` to rebuild it")
                raise SearchUnavailable()
            time.sleep(0.25)

    def _heal_lock(self):
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        lock = FileLock(self.path + ".lock")
        lock.acquire(blocking=True)
        return _Releasing(lock)

    # Rebuilding ---------------------------------------------------------------------------------

    def reindex(self) -> int:
        """Rebuild the index from the database; readers keep the old one until the new one is complete."""
        self._check_writable()
        with self._heal_lock():
            try:
                ix = self._open()
            except Exception as exc:
                _release(exc)
                return self._rebuild_fresh()
            # The new segments only replace the old ones when the TOC is written at commit.
            with Session(db.engine) as session:
                total = self._count(session)
                writer = self._bulk_writer(ix, total, timeout=REINDEX_LOCK_TIMEOUT)
                try:
                    added = self._fill(writer, session)
                except BaseException:
                    writer.cancel()
                    raise
                writer.commit(mergetype=CLEAR)
            self._forget()
            return added

    def _rebuild_fresh(self) -> int:
        """Build into a new directory and swap it in: the old one is missing or broken anyway."""
        self._check_writable()
        self._forget()
        parent = os.path.dirname(self.path)
        os.makedirs(parent, exist_ok=True)
        fresh = f"{self.path}.new-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        os.makedirs(fresh)
        try:
            ix = index.create_in(fresh, make_schema(self.synonyms))
            with Session(db.engine) as session:
                writer = self._bulk_writer(ix, self._count(session))
                try:
                    added = self._fill(writer, session)
                except BaseException:
                    writer.cancel()
                    raise
                writer.commit()
            old = None
            if os.path.lexists(self.path):
                old = f"{self.path}.old-{os.getpid()}-{uuid.uuid4().hex[:8]}"
                os.rename(self.path, old)
            os.rename(fresh, self.path)
            if old:
                shutil.rmtree(old, ignore_errors=True) if os.path.isdir(old) else os.remove(old)
        finally:
            if os.path.isdir(fresh):
                shutil.rmtree(fresh, ignore_errors=True)
        self._forget()
        return added

    @staticmethod
    def _count(session: Session) -> int:
        from sqlalchemy import func, select

        from ..models import PUBLISHED, Service
        return session.scalar(select(func.count()).select_from(Service).where(Service.status == PUBLISHED))

    @staticmethod
    def _bulk_writer(ix, total: int, timeout: float = 0.0):
        procs = min(2, os.cpu_count() or 1) if total >= PARALLEL_FROM else 1
        if procs > 1:
            # One segment per process: merging them would cost more than it saves a search.
            return ix.writer(procs=procs, limitmb=WRITER_LIMIT_MB, multisegment=True, timeout=timeout,
                             subargs={"limitmb": WRITER_LIMIT_MB})
        return ix.writer(limitmb=WRITER_LIMIT_MB, timeout=timeout)

    @staticmethod
    def _fill(writer, session: Session) -> int:
        added = 0
        for batch in published_documents(session):
            for doc in batch:
                writer.add_document(**doc)
            added += len(batch)
        return added

    # Keeping up to date -------------------------------------------------------------------------

    def update(self, service_ids) -> None:
        """Re-read these services from the database and index them (published) or remove them."""
        self._check_writable()
        with self._lock:
            self._pending |= set(service_ids)
        if not self._flush():
            self._defer()

    def _flush(self) -> bool:
        """Write pending changes; False if another writer holds the index (nothing is lost)."""
        self._check_writable()
        try:
            ix = self._open()
        except Exception as exc:
            # The next search rebuilds the whole index from the database, these changes included.
            if not isinstance(exc, IndexMissing):
                _release(exc)
                log.warning("Search index unreadable; it will be rebuilt at the next search")
            with self._lock:
                self._pending.clear()
            return True
        try:
            writer = ix.writer()
        except LockError:
            return False
        except Exception as exc:
            # The changes stay pending for the next try. Whoosh leaves a damaged index's files open; and
            # the searcher we hold may be reading files since replaced, so the next search opens the index
            # afresh (rebuilding it from the database, these changes included, if it is damaged).
            _release(exc)
            self._forget()
            raise
        with self._lock:
            ids, self._pending = self._pending, set()
        if len(ids) > BULK:
            writer.cancel()
            self.reindex()
            return True
        try:
            # Read under the index lock, so a later change is never overwritten by an earlier one.
            with Session(db.engine) as session:
                docs, gone = documents_for(session, ids)
            for doc in docs:
                writer.update_document(**doc)
            for service_id in gone:
                writer.delete_by_term("id", service_id.hex)
            writer.commit()
        except BaseException:
            writer.cancel()
            with self._lock:
                self._pending |= ids  # tried again with the next change
            raise
        return True

    def apply(self, service_ids, timeout: float = WORKER_DEADLINE) -> None:
        """Index these services now, waiting for the index lock: how the index worker writes."""
        self._check_writable()
        try:
            self._open()
        except Exception as exc:
            _release(exc)
            self.reindex()  # missing or unreadable: rebuilt from the database, these changes included
            return
        with self._lock:
            self._pending |= set(service_ids)
        deadline = time.monotonic() + timeout
        while not self._flush():
            if time.monotonic() >= deadline:
                raise TimeoutError(f"{self.path} stayed locked by another writer for {timeout:.0f} s")
            time.sleep(0.2)

    def _defer(self) -> None:
        """Finish the pending changes in a background thread once the index lock is free."""
        with self._lock:
            if self._worker is not None and self._worker.is_alive():
                return
            app = self.app

            def run():
                deadline = time.monotonic() + WORKER_DEADLINE
                with app.app_context():
                    try:
                        while self._pending and time.monotonic() < deadline:
                            if not self._flush():
                                time.sleep(0.5)
                    except Exception:
                        app.logger.exception("Search index update failed")
                    finally:
                        db.session.remove()

            self._worker = threading.Thread(target=run, name="search-index-update", daemon=True)
            self._worker.start()

    # Reading ------------------------------------------------------------------------------------

    def _current(self):
        """This thread's searcher on the newest index, its segments, and that index's snapshot."""
        ix = self._open()
        local = self._local
        # The directory too: another process may have swapped in a rebuilt one at the same generation.
        version = (os.stat(self.path).st_ino, ix.latest_generation())
        searcher = getattr(local, "searcher", None)
        if searcher is None or local.version != version or getattr(local, "epoch", None) != self._epoch:
            if searcher is not None:
                searcher.close()
            local.searcher = None
            searcher = local.searcher = ix.searcher()
            local.version = (version[0], searcher.reader().generation())
            local.epoch = self._epoch
            local.leaves = [(r, offset, r.segment().segment_id()) for r, offset in leaves(searcher.reader())]
        snap = self._snapshots.get(local.version)
        if snap is None:
            with self._lock:
                snap = self._snapshots.get(local.version)
                if snap is None:
                    snap = Snapshot(searcher.reader(), self._segments, TEXT_FIELDS)
                    # Keep the previous one: another thread may still be searching it.
                    self._snapshots = {**dict(list(self._snapshots.items())[-1:]), local.version: snap}
        return searcher, local.leaves, snap

    def _healing(self, fn):
        """Run fn(searcher, segments, snapshot); if the index is missing or broken, rebuild it and run again."""
        try:
            return fn(*self._current())
        except Exception as exc:
            failed = self._state()
            if not isinstance(exc, IndexMissing):
                log.exception("Search index unreadable; rebuilding it from the database")
            _release(exc)
        self._heal(failed)
        return fn(*self._current())

    def search(self, q: SearchQuery) -> SearchResults:
        return self._healing(lambda searcher, segs, snap: self._search(searcher, segs, snap, q))

    def suggest_spelling(self, text: str) -> str | None:
        return self._healing(
            lambda searcher, segs, snap: suggest(text, WhooshLexicon(searcher.reader(), snap), self.synonyms))

    def count(self) -> int:
        return self._healing(lambda searcher, segs, snap: snap.count())

    def _filters(self, snap: Snapshot, q: SearchQuery) -> int:
        bits = snap.live
        for code in q.categories:
            bits &= snap.key("category", code)
        for code in q.needs:
            bits &= snap.key("need", code)
        for mode in q.delivery:
            bits &= snap.key("delivery", mode)
        if q.free:
            bits &= snap.key(*FREE)
        if q.self_referral:
            bits &= snap.key(*SELF_REFERRAL)
        if q.age is not None:
            bits &= snap.age(q.age)
        return bits

    def _search(self, searcher, segs, snap: Snapshot, q: SearchQuery) -> SearchResults:
        per_page = max(1, int(q.per_page or 1))
        start = (max(1, int(q.page or 1)) - 1) * per_page
        end = start + per_page
        sort = q.sort if q.sort in ("name", "updated", "distance") else "relevance"
        if sort == "distance" and q.origin is None:
            sort = "relevance"
        allowed = self._filters(snap, q)
        text = (q.text or "").strip()
        lexicon = WhooshLexicon(searcher.reader(), snap)
        language = q.language or _reader_language()
        plan = build(text, lexicon, self.synonyms, language) if text else Plan()
        if plan.clauses:
            matched, scores = self.scorer.match(snap, segs, plan, allowed, want_scores=sort == "relevance")
        else:
            matched, scores = allowed, None
        total = matched.bit_count()
        facets = snap.facets(matched)

        page: list[int] = []
        distances: dict[int, float] = {}
        if start < total:
            names = snap.names
            if scores is not None:
                cutoff = (date.today() - timedelta(days=current_app.config["REVIEW_PERIOD_DAYS"])).toordinal()
                assured = snap.assured
                page = best(scores, names, end, stale=lambda d: assured[d] < cutoff)
            elif sort == "distance":
                if total > GRID_FROM:
                    member = matched.to_bytes(snap.size // 8 + 1, "little")
                    distances = snap.grid.nearest(q.origin, snap.points, member, end)
                else:
                    distances = nearest_miles(q.origin, snap.points, docnums_of(matched))
                page = heapq.nsmallest(end, distances, key=lambda d: (distances[d], names[d]))
                if len(page) < end:
                    # Services with no place (online, phone) come after every located one.
                    page += heapq.nsmallest(end - len(page), docnums_of(matched & ~snap.located),
                                            key=names.__getitem__)
            else:
                page = _first(snap, "updated" if sort == "updated" else "name", matched, total, end)
            page = page[start:end]
            if q.origin is not None and not distances:
                distances = nearest_miles(q.origin, snap.points, page)

        hits = [SearchHit(service_id=snap.service_id(d), score=float(scores.get(d, 0.0)) if scores else 0.0,
                          highlight=highlight(searcher.stored_fields(d).get("summary", ""),
                                              plan.stems, plan.phrases),
                          distance_miles=distances.get(d)) for d in page]
        suggestion = self._suggestion(snap, segs, lexicon, text, plan, allowed, total, language) if text else None
        return SearchResults(hits=hits, total=total, facets=facets, suggestion=suggestion)

    def _suggestion(self, snap, segs, lexicon, text, plan, allowed, total, language="en") -> str | None:
        if total >= FEW and not plan.fuzzy:
            return None
        corrected = suggest(text, lexicon, self.synonyms)
        if corrected is None:
            return None
        if plan.fuzzy:
            # What is shown was found for the corrected words: say so, so the family can check.
            return corrected
        better, _ = self.scorer.match(snap, segs, build(corrected, lexicon, self.synonyms, language), allowed, False)
        return corrected if better.bit_count() > total else None


def _reader_language() -> str:
    """The reader's language, whose translations a search also looks in (English outside a request)."""
    if not has_request_context():
        return "en"
    from portal.i18n import current_language
    return current_language()


def _first(snap: Snapshot, sort: str, matched: int, total: int, end: int) -> list[int]:
    """The first `end` matched documents in a stored order."""
    if total * 16 < snap.size:
        # A few matches: sorting them is cheaper than walking the whole order.
        if sort == "updated":
            updated, names = snap.updated, snap.names
            return sorted(docnums_of(matched), key=lambda d: (-updated[d], names[d]))[:end]
        return sorted(docnums_of(matched), key=snap.names.__getitem__)[:end]
    member = matched.to_bytes(snap.size // 8 + 1, "little")
    out = []
    for d in snap.order(sort):
        if member[d >> 3] >> (d & 7) & 1:
            out.append(d)
            if len(out) >= end:
                break
    return out


def _release(exc: BaseException | None) -> None:
    """Close the files Whoosh leaves open when it fails to read a damaged index."""
    # They are locals of the failed frames (a closure keeps the TOC's stream alive), so they would
    # only close when the traceback is collected, with a ResourceWarning.
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        tb = exc.__traceback__
        while tb is not None:
            for value in tb.tb_frame.f_locals.values():
                if isinstance(value, StructFile) and not value.is_closed:
                    value.close()
                elif isinstance(value, io.IOBase) and not value.closed:
                    value.close()
            tb = tb.tb_next
        exc = exc.__context__


class _Releasing:
    def __init__(self, lock):
        self.lock = lock

    def __enter__(self):
        return self.lock

    def __exit__(self, *exc):
        self.lock.release()
