"""The PostgreSQL engine: full-text search in the database itself, with no files beside it.

What it keeps, in its own schema (`search_index`), created on first use (nothing in migrations/):

  documents  one row per published service: a weighted tsvector (`document`, GIN-indexed) and the values
             filters, facets, sorting and distances need (term codes, delivery modes, ages, first point in
             radians ...), so a search reads this one table.
  lexicon    how many listings use each word ('w': plain lower-case words, where spelling corrections come
             from, ranked by pg_trgm similarity) and each indexed token ('t').
  meta       what the index was built with (layout version, synonyms fingerprint, the services table).

The tsvector's lexemes are the same tokens the Whoosh index holds, made by the shared analysis (text.py:
Porter2 stems, i.e. Snowball English as in PostgreSQL's `english` configuration, plus the synonym concept
tokens of synonyms.txt, which PostgreSQL could only make with a thesaurus file in the server's share
folder), so query_plan's plans, typo rules and highlights apply unchanged. Weights: A the name (and
translated names), B the summary, C the description, organisation and topic names, D translated text.
Translations are also stemmed with PostgreSQL's text search configuration for their language where it has
one (romanian, turkish, arabic ...; `to_tsvector(config, word)`), as "~ro:stem" tokens beside the
as-written "~word" ones; a query's words are stemmed with the reader's language's configuration.

Matching is `document @@ tsquery` (clauses AND-ed, then OR-ed if nothing has every word), ranking
ts_rank per clause (weights D 0.25, C 0.2, B 0.5, A 1.0) times the clause's rarity among the matches,
a corrected word counting half. Facet counts, paging, sorting and distances are SQL. Writes take a
transaction-level advisory lock, so one process writes at a time; readers never wait for a rebuild (it is
built beside the live table and swapped in).
"""
from __future__ import annotations

import json
import logging
import math
import threading
import time
import uuid
import zlib
from collections import Counter
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from portal.extensions import db

from . import SearchHit, SearchQuery, SearchResults
from .documents import TRANSLATED_NAME_FIELDS, TRANSLATED_TEXT_FIELDS, _distinct_words, documents_for, \
    published_documents
from .highlight import highlight
from .query_plan import Plan, build, suggest
from .synonyms import DEFAULT_PATH as DEFAULT_SYNONYMS
from .synonyms import load as load_synonyms
from .text import TRANSLATED_PREFIX, index_analyzer, translated_words

log = logging.getLogger(__name__)

SCHEMA = "search_index"
LAYOUT = "4"  # bump when the tables or the tokens change: the index is then rebuilt
LOCK = 0x5EA2C4_0001  # pg_advisory_xact_lock key: one writer (update, rebuild, schema) at a time
FEW = 3  # fewer results than this and a better-spelled query is worth offering
FUZZY_WEIGHT = 0.5
BULK = 5000  # a commit touching more services than this (an import) rebuilds the index instead
LOCK_WAIT = "3s"  # an update waits this long for another writer, then finishes in the background
WORKER_DEADLINE = 900.0
EARTH_RADIUS_MILES = 3958.8
WEIGHTS = "{0.25, 0.2, 0.5, 1.0}"  # ts_rank's {D, C, B, A}
MAX_LEXEME_BYTES = 2046
MAX_POSITION = 16383
MAX_POSITIONS = 255  # per lexeme
NEAR_LIMIT = 500  # spelling candidates read per word, most similar first
ENGLISH_FIELDS = (("name", "A"), ("summary", "B"), ("topics", "C"), ("organisation", "C"), ("description", "C"))

# PostgreSQL's built-in text search configurations, by the content language codes we may see.
# English is the source language, searched through the main fields, so it gets no "~en:" tokens.
CONFIGURATIONS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish", "nl": "dutch",
    "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian",
    "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian",
    "nb": "norwegian", "nn": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}

DOCUMENT_COLUMNS = ("service_id", "name_key", "summary", "document", "words", "keys", "mask", "age_min", "age_max",
                    "updated", "assured", "lat", "lng", "cos_lat", "more_lat", "more_lng", "more_cos")

DOCUMENTS_DDL = """
CREATE TABLE {table} (
    service_id uuid NOT NULL,
    name_key text NOT NULL,            -- the name case-folded, ordered COLLATE "C" (as Python sorts it)
    summary text NOT NULL,             -- for the highlighted summary under each result
    document tsvector NOT NULL,
    words bytea NOT NULL,              -- the listing's distinct lower-case words (spelling), space-separated
                                       -- and zlib-compressed: only updates read them, every search scans rows
    keys text[] NOT NULL,              -- filters and facets: category:<code>, need:<code>, delivery:<mode>,
                                       -- free, self_referral
    mask bigint NOT NULL,              -- the same keys as bits (meta "bits"), for counting facets
    age_min integer NOT NULL,
    age_max integer NOT NULL,
    updated timestamp,
    assured date,
    lat double precision,              -- the first located place, in radians, with cos(lat)
    lng double precision,
    cos_lat double precision,
    more_lat double precision[],       -- any further places, likewise
    more_lng double precision[],
    more_cos double precision[]
)"""
LEXICON_DDL = """
CREATE TABLE {table} (
    kind "char" NOT NULL,              -- 'w' a listing word, 't' a token of the documents' tsvectors
    token text NOT NULL,
    ndoc integer NOT NULL              -- in how many listings
)"""


class PostgresBackend:
    queued = False  # the database is shared by every process: no index worker needed (see index_queue.py)

    def __init__(self, app):
        self.app = app
        self.synonyms = load_synonyms(app.config.get("SEARCH_SYNONYMS_FILE") or DEFAULT_SYNONYMS)
        self._lock = threading.RLock()
        self._ready = False
        self._local = threading.local()  # each thread its own analyzer: Whoosh's stem cache is not thread-safe
        self._stems: dict[tuple[str, str], tuple[str, ...]] = {}
        self._configurations: dict[str, str] | None = None
        self._trgm: str | None = None  # the schema pg_trgm is installed in, or None without it
        self._pending: set[uuid.UUID] = set()
        self._worker: threading.Thread | None = None

    def claim_writer(self) -> None:
        """Every process may write (kept for `flask search reindex`, which asks)."""

    # Schema and readiness ------------------------------------------------------------------------

    def _ensure(self) -> None:
        """Create the schema objects if missing, and rebuild if the index is not the database's."""
        if self._ready:
            return
        with self._lock:
            if self._ready:
                return
            self._create_schema()
            if not self._current():
                self.reindex()
            self._ready = True

    def _create_schema(self) -> None:
        with db.engine.connect() as conn:
            try:
                with conn.begin():
                    conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            except DBAPIError:
                log.warning("pg_trgm is not available: spelling suggestions are ranked without it", exc_info=True)
            with conn.begin():
                self._trgm = conn.scalar(text(
                    "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"))
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK})
                conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
                if conn.scalar(text(f"SELECT to_regclass('{SCHEMA}.documents')")) is None:
                    self._create_documents(conn, f"{SCHEMA}.documents")
                    self._index_documents(conn, f"{SCHEMA}.documents")
                if conn.scalar(text(f"SELECT to_regclass('{SCHEMA}.lexicon')")) is None:
                    conn.execute(text(LEXICON_DDL.format(table=f"{SCHEMA}.lexicon")))
                    self._index_lexicon(conn, f"{SCHEMA}.lexicon")
                conn.execute(text(f"CREATE TABLE IF NOT EXISTS {SCHEMA}.meta (key text PRIMARY KEY, value text NOT NULL)"))
                available = set(conn.scalars(text("SELECT cfgname FROM pg_ts_config")))
            self._configurations = {code: name for code, name in CONFIGURATIONS.items() if name in available}

    @staticmethod
    def _create_documents(conn, table: str) -> None:
        conn.execute(text(DOCUMENTS_DDL.format(table=table)))

    @staticmethod
    def _index_documents(conn, table: str) -> None:
        suffix = uuid.uuid4().hex[:8]
        conn.execute(text(f"ALTER TABLE {table} ADD CONSTRAINT documents_pkey_{suffix} PRIMARY KEY (service_id)"))
        conn.execute(text(f"CREATE INDEX documents_document_{suffix} ON {table} USING gin (document)"))
        conn.execute(text(f"CREATE INDEX documents_keys_{suffix} ON {table} USING gin (keys)"))

    @staticmethod
    def _index_lexicon(conn, table: str) -> None:
        suffix = uuid.uuid4().hex[:8]
        conn.execute(text(f"ALTER TABLE {table} ADD CONSTRAINT lexicon_pkey_{suffix} PRIMARY KEY (token, kind)"))
        # Spelling candidates: words of about the same length sharing the first letter.
        conn.execute(text(f"CREATE INDEX lexicon_near_{suffix} ON {table} "
                          "(left(token, 1), char_length(token)) WHERE kind = 'w'"))

    def _wanted_meta(self, conn) -> dict[str, str]:
        return {"layout": LAYOUT, "synonyms": self.synonyms.fingerprint,
                "services": str(conn.scalar(text("SELECT to_regclass('services')::oid")))}

    def _current(self) -> bool:
        """True if the index was built with this layout and synonyms from this services table, and holds
        exactly the published services (a database restored, or a test's tables made afresh, is not)."""
        with db.engine.connect() as conn:
            meta = dict(conn.execute(text(f"SELECT key, value FROM {SCHEMA}.meta")).all())  # nosec B608
            if any(meta.get(k) != v for k, v in self._wanted_meta(conn).items()):
                return False
            indexed = conn.scalar(text(f"SELECT count(*) FROM {SCHEMA}.documents"))  # nosec B608
            published = conn.scalar(text("SELECT count(*) FROM services WHERE status = 'published'"))
            if indexed != published:
                return False
            return not conn.scalar(text(
                f"SELECT EXISTS (SELECT 1 FROM {SCHEMA}.documents d LEFT JOIN services s ON s.id = d.service_id "  # nosec B608
                "WHERE s.id IS NULL OR s.status <> 'published')"))

    # Building documents --------------------------------------------------------------------------

    def _analyzer(self):
        analyzer = getattr(self._local, "analyzer", None)
        if analyzer is None:
            analyzer = self._local.analyzer = index_analyzer(self.synonyms.index_filter())
        return analyzer

    def configuration(self, language: str | None) -> str | None:
        """PostgreSQL's text search configuration for a content language, if it has one (never English's)."""
        if not language or language == "en":
            return None
        return (self._configurations or {}).get(language)

    def stems(self, conn, pairs) -> None:
        """Look up (configuration, word) stems not yet cached, in one query."""
        missing = sorted({pair for pair in pairs if pair not in self._stems})
        if not missing:
            return
        if len(self._stems) > 200_000:
            self._stems.clear()
        rows = conn.execute(text(
            "SELECT c, w, tsvector_to_array(to_tsvector(CAST(c AS regconfig), w)) "
            "FROM unnest(CAST(:cfgs AS text[]), CAST(:words AS text[])) AS t(c, w)"),
            {"cfgs": [c for c, _ in missing], "words": [w for _, w in missing]}).all()
        for c, w, lexemes in rows:
            self._stems[(c, w)] = tuple(lexemes or ())

    def translated_tokens(self, conn):
        """query_plan's `tokens(word, language)`: the word as written, and its stems in the reader's language."""
        def tokens(word: str, language: str) -> list[str]:
            out = [TRANSLATED_PREFIX + word]
            config = self.configuration(language)
            if config:
                self.stems(conn, [(config, word)])
                out += [f"{TRANSLATED_PREFIX}{language}:{stem}" for stem in self._stems.get((config, word), ())]
            return out
        return tokens

    @staticmethod
    def _gather(row, topics, points, translations=(), topic_translations=()) -> dict:
        """documents.py's builder: what a row needs, finished in _rows (translations need the database)."""
        return {"id": row.id.hex, "row": row, "topics": topics, "points": points,
                "translations": list(translations), "topic_translations": list(topic_translations)}

    def _rows(self, conn, docs: list[dict], bits: dict[str, int]) -> list[tuple[tuple, set[str], list[str]]]:
        """(row for the documents table, its distinct tokens, its words) for each gathered document; `bits`
        (facet key -> bit) gains any key not yet in it."""
        translated: list[list[tuple[str, str, str]]] = []  # per doc: (language, weight, word)
        pairs = set()
        for doc in docs:
            words = []
            for language, field, value in doc["translations"]:
                weight = "A" if field in TRANSLATED_NAME_FIELDS else "D" if field in TRANSLATED_TEXT_FIELDS else None
                if weight:
                    words += [(language, weight, w.word) for w in translated_words(value)]
            for language, name in doc["topic_translations"]:
                words += [(language, "D", w.word) for w in translated_words(name)]
            for language, _, word in words:
                config = self.configuration(language)
                if config:
                    pairs.add((config, word))
            translated.append(words)
        self.stems(conn, pairs)
        analyzer = self._analyzer()
        out = []
        for doc, words in zip(docs, translated):
            row = doc["row"]
            keys = _keys(doc["topics"], row)
            fields = {"name": row.name or "", "summary": row.summary or "", "description": row.description or "",
                      "organisation": row.organisation or "", "topics": " ".join(name for _, _, name in doc["topics"])}
            tokens: list[tuple[str, str]] = []
            for field, weight in ENGLISH_FIELDS:
                if fields[field]:
                    tokens += [(t.text, weight) for t in analyzer(fields[field])]
            for language, weight, word in words:
                tokens.append((TRANSLATED_PREFIX + word, weight))
                config = self.configuration(language)
                if config:
                    tokens += [(f"{TRANSLATED_PREFIX}{language}:{stem}", weight) for stem in self._stems.get((config, word), ())]
            vector, distinct = tsvector_literal(tokens)
            listing_words = _distinct_words(row.name, row.summary, row.description, fields["organisation"],
                                            fields["topics"]).split()
            points = [(math.radians(lat), math.radians(lng), math.cos(math.radians(lat))) for lat, lng in doc["points"]]
            first = points[0] if points else (None, None, None)
            more = points[1:]
            out.append(((
                row.id, (row.name or "").casefold(), row.summary or "", vector, _pack(listing_words),
                keys, _mask(keys, bits),
                row.age_min if row.age_min is not None else 0, row.age_max if row.age_max is not None else 200,
                row.updated_at, row.assured_on, *first,
                [p[0] for p in more] or None, [p[1] for p in more] or None, [p[2] for p in more] or None,
            ), distinct, listing_words))
        return out

    @staticmethod
    def _copy(conn, table: str, columns, rows) -> None:
        cursor = conn.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    # Rebuilding ---------------------------------------------------------------------------------

    def reindex(self) -> int:
        """Rebuild the index from the database, beside the live one, then swap it in."""
        with self._lock:
            if self._configurations is None:
                self._create_schema()
            with db.engine.connect() as conn:
                with conn.begin():
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK})
                    suffix = uuid.uuid4().hex[:8]
                    documents, lexicon = f"{SCHEMA}.documents_{suffix}", f"{SCHEMA}.lexicon_{suffix}"
                    self._create_documents(conn, documents)
                    counts: Counter = Counter()
                    bits: dict[str, int] = {}
                    added = 0
                    with Session(bind=conn) as session:
                        for batch in published_documents(session, make=self._gather):
                            rows = self._rows(conn, batch, bits)
                            self._copy(conn, documents, DOCUMENT_COLUMNS, [r for r, _, _ in rows])
                            for _, tokens, words in rows:
                                counts.update(("t", t) for t in tokens)
                                counts.update(("w", w) for w in words)
                            added += len(rows)
                    self._index_documents(conn, documents)
                    conn.execute(text(LEXICON_DDL.format(table=lexicon)))
                    self._copy(conn, lexicon, ("kind", "token", "ndoc"), ((k, t, n) for (k, t), n in counts.items()))
                    self._index_lexicon(conn, lexicon)
                    # The swap: readers wait for these few statements only, then read the new tables.
                    for name, fresh in (("documents", documents), ("lexicon", lexicon)):
                        conn.execute(text(f"DROP TABLE IF EXISTS {SCHEMA}.{name}"))
                        conn.execute(text(f"ALTER TABLE {fresh} RENAME TO {name}"))
                    conn.execute(text(f"ANALYZE {SCHEMA}.documents"))
                    conn.execute(text(f"DELETE FROM {SCHEMA}.meta"))  # nosec B608
                    conn.execute(text(f"INSERT INTO {SCHEMA}.meta (key, value) VALUES (:k, :v)"),  # nosec B608
                                 [{"k": k, "v": v} for k, v in
                                  {**self._wanted_meta(conn), "bits": json.dumps(bits)}.items()])
            self._ready = True
            return added

    # Keeping up to date -------------------------------------------------------------------------

    def update(self, service_ids) -> None:
        """Re-read these services from the database and index them (published) or remove them."""
        self._ensure()
        with self._lock:
            self._pending |= set(service_ids)
        if not self._flush(LOCK_WAIT):
            self._defer()

    def _flush(self, wait: str) -> bool:
        """Write the pending changes; False if another writer kept the lock longer than `wait`."""
        with self._lock:
            ids, self._pending = self._pending, set()
        if not ids:
            return True
        if len(ids) > BULK:
            self.reindex()
            return True
        try:
            with db.engine.connect() as conn:
                with conn.begin():
                    conn.execute(text(f"SET LOCAL lock_timeout = '{wait}'"))
                    try:
                        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK})
                    except OperationalError as exc:
                        if getattr(exc.orig, "sqlstate", None) == "55P03":  # lock_not_available
                            with self._lock:
                                self._pending |= ids
                            return False
                        raise
                    conn.execute(text("SET LOCAL lock_timeout = 0"))
                    self._write(conn, ids)
        except BaseException:
            with self._lock:
                self._pending |= ids  # tried again with the next change
            raise
        return True

    def _write(self, conn, ids: set[uuid.UUID]) -> None:
        # Read under the lock, so a later change is never overwritten by an earlier one.
        old = conn.execute(text(f"SELECT tsvector_to_array(document), words FROM {SCHEMA}.documents "  # nosec B608
                                "WHERE service_id = ANY(:ids)"), {"ids": list(ids)}).all()
        with Session(bind=conn) as session:
            docs, _ = documents_for(session, ids, make=self._gather)
        bits = _bits(conn)
        known = len(bits)
        rows = self._rows(conn, docs, bits)
        if len(bits) != known:
            conn.execute(text(f"INSERT INTO {SCHEMA}.meta (key, value) VALUES ('bits', :v) "  # nosec B608
                              "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"), {"v": json.dumps(bits)})
        delta: Counter = Counter()
        for tokens, words in old:
            words = _unpack(words)
            delta.update({("t", t): -1 for t in tokens})
            delta.update({("w", w): -1 for w in words})
        for _, tokens, words in rows:
            delta.update({("t", t): 1 for t in tokens})
            delta.update({("w", w): 1 for w in words})
        conn.execute(text(f"DELETE FROM {SCHEMA}.documents WHERE service_id = ANY(:ids)"), {"ids": list(ids)})  # nosec B608
        if rows:
            self._copy(conn, f"{SCHEMA}.documents", DOCUMENT_COLUMNS, [r for r, _, _ in rows])
        changed = [(k, t, n) for (k, t), n in delta.items() if n]
        if changed:
            params = {"kinds": [k for k, _, _ in changed], "tokens": [t for _, t, _ in changed],
                      "deltas": [n for _, _, n in changed]}
            conn.execute(text(
                f"INSERT INTO {SCHEMA}.lexicon AS l (kind, token, ndoc) "  # nosec B608
                "SELECT * FROM unnest(CAST(:kinds AS \"char\"[]), CAST(:tokens AS text[]), CAST(:deltas AS integer[])) "
                "ORDER BY 1, 2 ON CONFLICT (kind, token) DO UPDATE SET ndoc = l.ndoc + EXCLUDED.ndoc"), params)
            conn.execute(text(
                f"DELETE FROM {SCHEMA}.lexicon l USING unnest(CAST(:kinds AS \"char\"[]), CAST(:tokens AS text[])) "  # nosec B608
                "AS x(kind, token) WHERE l.kind = x.kind AND l.token = x.token AND l.ndoc <= 0"), params)

    def _defer(self) -> None:
        """Finish the pending changes in a background thread once the other writer is done."""
        with self._lock:
            if self._worker is not None and self._worker.is_alive():
                return
            app = self.app

            def run():
                deadline = time.monotonic() + WORKER_DEADLINE
                with app.app_context():
                    try:
                        while self._pending and time.monotonic() < deadline:
                            self._flush("60s")
                    except Exception:
                        app.logger.exception("Search index update failed")

            self._worker = threading.Thread(target=run, name="search-index-update", daemon=True)
            self._worker.start()

    # Reading ------------------------------------------------------------------------------------

    def _reading(self, fn):
        """Run fn(conn); if the tables have gone (dropped, restored over), rebuild them and run again."""
        self._ensure()
        try:
            with _reader() as conn:
                return fn(conn)
        except ProgrammingError as exc:
            if getattr(exc.orig, "sqlstate", None) != "42P01":  # undefined_table
                raise
            log.warning("Search tables missing; rebuilding them from the database")
        with self._lock:
            self._ready = False
        self._ensure()
        with _reader() as conn:
            return fn(conn)

    def search(self, q: SearchQuery) -> SearchResults:
        return self._reading(lambda conn: self._search(conn, q))

    def suggest_spelling(self, text_: str) -> str | None:
        return self._reading(lambda conn: suggest(text_, PostgresLexicon(conn, self), self.synonyms))

    def count(self) -> int:
        return self._reading(lambda conn: conn.scalar(text(f"SELECT count(*) FROM {SCHEMA}.documents")))  # nosec B608

    @staticmethod
    def _filters(q: SearchQuery) -> tuple[list[str], dict]:
        where, params = [], {}
        keys = ([f"category:{code}" for code in q.categories] + [f"need:{code}" for code in q.needs]
                + [f"delivery:{mode}" for mode in q.delivery] + ["free"] * bool(q.free)
                + ["self_referral"] * bool(q.self_referral))
        if keys:
            where.append("d.keys @> CAST(:keys AS text[])")
            params["keys"] = keys
        if q.age is not None:
            where.append("d.age_min <= :age AND :age <= d.age_max")
            params["age"] = int(q.age)
        return where, params

    def _search(self, conn, q: SearchQuery) -> SearchResults:
        per_page = max(1, int(q.per_page or 1))
        start = (max(1, int(q.page or 1)) - 1) * per_page
        sort = q.sort if q.sort in ("name", "updated", "distance") else "relevance"
        if sort == "distance" and q.origin is None:
            sort = "relevance"
        text_ = (q.text or "").strip()
        language = q.language or _reader_language()
        lexicon = PostgresLexicon(conn, self)
        plan = self._plan(conn, lexicon, text_, language) if text_ else Plan()
        where, params = self._filters(q)
        clauses = [_clause_queries(clause) for clause in plan.clauses]
        # Exact terms no listing has rank every match 0 (a misspelt word): ranking them is skipped.
        absent = {i for i, clause in enumerate(plan.clauses) if not lexicon.present(_exact_tokens(clause))}
        if sort == "relevance" and not clauses:
            sort = "name"
        cutoff = date.today() - timedelta(days=current_app.config["REVIEW_PERIOD_DAYS"])
        params.update(limit=per_page, offset=start, cutoff=cutoff)
        if q.origin is not None:
            lat0 = math.radians(q.origin[0])
            params.update(lat0=lat0, lng0=math.radians(q.origin[1]), cos0=math.cos(lat0))
        total, facets, rows = self._run(conn, where, params, clauses, "&", sort, q.origin is not None, absent)
        if not total and len(clauses) > 1:
            # Nothing has every word: show what has some, best first, rather than nothing.
            total, facets, rows = self._run(conn, where, params, clauses, "|", sort, q.origin is not None, absent)
        hits = [SearchHit(service_id=uuid.UUID(service_id), score=float(score or 0.0),
                          highlight=highlight(summary, plan.stems, plan.phrases),
                          distance_miles=(2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(min(h, 1.0)))
                                          if h is not None else None))
                for service_id, score, summary, h in rows]
        suggestion = self._suggestion(conn, lexicon, text_, plan, where, params, total, language) if text_ else None
        return SearchResults(hits=hits, total=total, facets=facets, suggestion=suggestion)

    def _plan(self, conn, lexicon: PostgresLexicon, text_: str, language: str) -> Plan:
        lexicon.prefetch(text_)
        return build(text_, lexicon, self.synonyms, language, self.translated_tokens(conn))

    def _run(self, conn, where: list[str], params: dict, clauses, join: str, sort: str, origin: bool,
             absent: set[int] = frozenset()):
        """(total, facets, page rows as (service_id, score, summary, haversine h or None)); `absent`: the
        clauses whose exact terms no listing has, so their exact ts_rank is 0 and is not computed."""
        params = dict(params)
        conditions = list(where)
        rank_columns, score = [], "0.0"
        if clauses:
            conditions.append("d.document @@ CAST(:match AS tsquery)")
            params["match"] = f" {join} ".join(f"({exact if not fuzzy else exact + ' | ' + fuzzy})"
                                               for exact, fuzzy in clauses)
        if clauses and sort == "relevance":
            parts = []
            for i, (exact, fuzzy) in enumerate(clauses):
                params[f"q{i}"] = exact
                rank = ("CAST(0 AS real)" if i in absent else
                        f"ts_rank(CAST('{WEIGHTS}' AS real[]), d.document, CAST(:q{i} AS tsquery))")
                if fuzzy:
                    params[f"f{i}"] = fuzzy
                    rank += (f" + {FUZZY_WEIGHT} * ts_rank(CAST('{WEIGHTS}' AS real[]), d.document, "
                             f"CAST(:f{i} AS tsquery))")
                rank_columns.append(f"({rank}) AS r{i}")
                if join == "|" and len(clauses) > 1:
                    match = f"CAST(:q{i} AS tsquery)" + (f" || CAST(:f{i} AS tsquery)" if fuzzy else "")
                    rank_columns.append(f"(d.document @@ ({match})) AS h{i}")
                    # The rarer a word among the matches, the more a match on it counts (BM25's idf).
                    parts.append(f"ln(1 + (count(*) OVER () - count(*) FILTER (WHERE h{i}) OVER () + 0.5) / "
                                 f"(count(*) FILTER (WHERE h{i}) OVER () + 0.5)) * r{i}")
                else:
                    parts.append(f"r{i}")
            score = " + ".join(parts)
        h = _haversine("d.lat", "d.lng", "d.cos_lat")
        # Further places: the first few inline (no subquery per listing), any more through unnest.
        inline = [_haversine(f"d.more_lat[{k}]", f"d.more_lng[{k}]", f"d.more_cos[{k}]") for k in range(1, INLINE_PLACES + 1)]
        h = (f"least({h}, {', '.join(inline)}, CASE WHEN cardinality(d.more_lat) > {INLINE_PLACES} THEN "  # nosec B608  # column names and constants only
             f"(SELECT min({_haversine('p.la', 'p.ln', 'p.c')}) FROM unnest(d.more_lat, d.more_lng, d.more_cos) "
             "AS p(la, ln, c)) END)")
        order = {
            "relevance": 'score DESC, (assured IS NULL OR assured < :cutoff), name_key COLLATE "C", service_id',
            "name": 'name_key COLLATE "C", service_id',
            "updated": 'updated DESC NULLS LAST, name_key COLLATE "C", service_id',
            "distance": 'h NULLS LAST, name_key COLLATE "C", service_id',
        }[sort]
        # The matches are materialized narrow (what sorting and counting need), so they stay in memory.
        columns = ["d.service_id", *rank_columns, "d.name_key"]
        if sort == "relevance":
            columns.append("d.assured")
        if sort == "updated":
            columns.append("d.updated")
        if sort == "distance":
            columns.append(f"{h} AS h")
        # Facet counts: one pass over the matches counting bits of `mask`, unless keys outgrew a bigint.
        bits = _bits(conn)
        counted = [key for key, bit in sorted(bits.items(), key=lambda item: item[1])]
        if len(bits) <= MASK_BITS:
            columns.append("d.mask")
            facet_counts = "".join(f", count(*) FILTER (WHERE mask & {1 << bit} <> 0)" for bit in range(len(counted)))
            facet_keys = "NULL::json"
        else:
            columns.append("d.keys")
            counted, facet_counts = [], ""
            facet_keys = ("(SELECT json_agg(json_build_array(k, n)) FROM ("
                          "SELECT k, count(*) AS n FROM matched, unnest(matched.keys) k GROUP BY k) x)")
        distance = "h" if sort == "distance" else "NULL::float8 AS h"
        page_h = h if origin and sort != "distance" else "p.h"
        # Only constants, column names and placeholders are spliced in; every value is a bound parameter.
        sql = f"""WITH matched AS MATERIALIZED (
    SELECT {", ".join(columns)} FROM {SCHEMA}.documents d {"WHERE " + " AND ".join(conditions) if conditions else ""}
), page AS (
    SELECT s.service_id, s.score, s.h, row_number() OVER () AS ord
    FROM (SELECT m.service_id, {score} AS score, {distance} FROM matched m ORDER BY {order} LIMIT :limit OFFSET :offset) s
)
SELECT (SELECT json_build_array(count(*){facet_counts}) FROM matched),
       {facet_keys},
       (SELECT json_agg(json_build_array(p.service_id, p.score, d.summary, {page_h}) ORDER BY p.ord)
        FROM page p JOIN {SCHEMA}.documents d ON d.service_id = p.service_id)
"""  # nosec B608
        counts, facet_rows, page = conn.execute(text(sql), params).one()
        total = counts[0]
        facets: dict[str, dict[str, int]] = {"category": {}, "need": {}, "delivery": {}, "free": {"yes": 0},
                                             "self_referral": {"yes": 0}}
        pairs = facet_rows if facet_rows is not None else zip(counted, counts[1:])
        for key, n in pairs:
            facet, _, value = key.partition(":")
            if facet in ("free", "self_referral"):
                facets[facet] = {"yes": n}
            elif facet in facets and n:
                facets[facet][value] = n
        return total, facets, page or []

    def _count(self, conn, where, params, clauses) -> int:
        """How many services a plan finds (every clause, or failing that any)."""
        for join in ("&", "|") if len(clauses) > 1 else ("&",):
            query = f" {join} ".join(f"({exact}{' | ' + fuzzy if fuzzy else ''})" for exact, fuzzy in clauses)
            found = conn.scalar(text(
                f"SELECT count(*) FROM {SCHEMA}.documents d WHERE "  # nosec B608
                + " AND ".join([*where, "d.document @@ CAST(:match AS tsquery)"])), {**params, "match": query})
            if found:
                return found
        return 0

    def _suggestion(self, conn, lexicon, text_, plan, where, params, total, language) -> str | None:
        if total >= FEW and not plan.fuzzy:
            return None
        corrected = suggest(text_, lexicon, self.synonyms)
        if corrected is None:
            return None
        if plan.fuzzy:
            # What is shown was found for the corrected words: say so, so the family can check.
            return corrected
        better = self._plan(conn, lexicon, corrected, language)
        clauses = [_clause_queries(clause) for clause in better.clauses]
        return corrected if clauses and self._count(conn, where, params, clauses) > total else None


class PostgresLexicon:
    """The query_plan.Lexicon of the lexicon table, for one search (answers cached)."""

    def __init__(self, conn, backend: PostgresBackend):
        self.conn = conn
        self.backend = backend
        self._ndoc: dict[tuple[str, str], int] = {}

    def _fetch(self, keys) -> None:
        missing = [key for key in dict.fromkeys(keys) if key not in self._ndoc]
        if not missing:
            return
        found = {(kind, token): ndoc for token, kind, ndoc in self.conn.execute(text(
            f"SELECT token, kind::text, ndoc FROM {SCHEMA}.lexicon WHERE token = ANY(CAST(:tokens AS text[]))"),  # nosec B608
            {"tokens": list({t for _, t in missing})})}
        for key in missing:
            self._ndoc[key] = found.get(key, 0)

    def prefetch(self, text_: str) -> None:
        """Every count a plan of this text will ask for, in one query."""
        from .text import plain_token, query_words
        keys = []
        for word in query_words(text_):
            keys += [("t", word.stem), ("w", word.word), ("t", plain_token(word.word))]
        keys += [("t", TRANSLATED_PREFIX + w.word) for w in translated_words(text_[:500])]
        self._fetch(keys)

    def present(self, tokens: list[str]) -> bool:
        """True if some listing's tsvector has one of these tokens."""
        self._fetch([("t", token) for token in tokens])
        return any(self._ndoc[("t", token)] > 0 for token in tokens)

    def _get(self, kind: str, token: str) -> int:
        self._fetch([(kind, token)])
        return self._ndoc[(kind, token)]

    def frequency(self, word) -> int:
        return max(self._get("t", word.stem), self._get("w", word.word))

    def word_frequency(self, word: str) -> int:
        return self._get("w", word)

    def translated_frequency(self, token: str) -> int:
        return self._get("t", token)

    def near(self, word: str, maxdist: int) -> set[str]:
        """Listing words sharing the first letter within maxdist letters of the length, most similar first
        (pg_trgm), their counts cached; and the counts of the synonym words corrections() will weigh."""
        trgm = self.backend._trgm
        similar = f"{trgm}.similarity(token, :word) DESC, " if trgm else ""
        rows = self.conn.execute(text(
            f"SELECT token, ndoc FROM {SCHEMA}.lexicon WHERE kind = 'w' AND left(token, 1) = :first "  # nosec B608
            "AND char_length(token) BETWEEN :lo AND :hi AND ndoc > 0 "
            f"ORDER BY {similar}ndoc DESC LIMIT :limit"),
            {"word": word, "first": word[:1], "lo": len(word) - maxdist, "hi": len(word) + maxdist,
             "limit": NEAR_LIMIT}).all()
        for token, ndoc in rows:
            self._ndoc[("w", token)] = ndoc
        self._fetch([("w", w) for w in self.backend.synonyms.words if abs(len(w) - len(word)) <= maxdist])
        return {token for token, _ in rows}


def _keys(topics, row) -> list[str]:
    """A listing's filter and facet keys."""
    keys = [f"{vocabulary}:{code}" for vocabulary, code, _ in topics if vocabulary in ("category", "need")]
    keys += [f"delivery:{mode}" for mode in (row.delivery or []) if isinstance(mode, str)]
    return list(dict.fromkeys(keys + ["free"] * bool(row.is_free) + ["self_referral"] * bool(row.self_referral)))


def _reader():
    """A connection for reading: autocommit, so a search costs no BEGIN and ROLLBACK round trips."""
    return db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")


MASK_BITS = 63  # a bigint's bits that are not its sign
INLINE_PLACES = 3  # further places whose distance is computed inline


def _haversine(lat: str, lng: str, cos_lat: str) -> str:
    """SQL for the haversine h of a place (radians, with its cos(lat)) from the origin :lat0, :lng0, :cos0;
    NULL for a NULL place (least() and min() skip it)."""
    return f"power(sin(({lat} - :lat0) / 2), 2) + :cos0 * {cos_lat} * power(sin(({lng} - :lng0) / 2), 2)"


def _bits(conn) -> dict[str, int]:
    """Which bit of `mask` stands for each facet key."""
    value = conn.scalar(text(f"SELECT value FROM {SCHEMA}.meta WHERE key = 'bits'"))  # nosec B608
    return json.loads(value) if value else {}


def _mask(keys: list[str], bits: dict[str, int]) -> int:
    mask = 0
    for key in keys:
        if key not in bits:
            bits[key] = len(bits)
        if bits[key] < MASK_BITS:
            mask |= 1 << bits[key]
    return mask


def _pack(words: list[str]) -> bytes:
    """A listing's words as stored (words never hold spaces: they come from str.split())."""
    return zlib.compress(" ".join(words).encode("utf-8"))


def _unpack(packed) -> list[str]:
    return zlib.decompress(bytes(packed)).decode("utf-8").split()


def _quote(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _usable(token: str) -> bool:
    return 0 < len(token.encode("utf-8")) <= MAX_LEXEME_BYTES


def _exact_tokens(clause) -> list[str]:
    """The tokens of a clause's exact tsquery (as _clause_queries makes it)."""
    return [t for t, weight in clause.terms if weight >= 1.0 and _usable(t)]


def _clause_queries(clause) -> tuple[str, str | None]:
    """A clause as tsquery text: its exact terms OR-ed, and its corrected (fuzzy) terms OR-ed, or None."""
    exact = [_quote(t) for t, weight in clause.terms if weight >= 1.0 and _usable(t)]
    fuzzy = [_quote(t) for t, weight in clause.terms if weight < 1.0 and _usable(t)]
    # A clause with nothing usable matches nothing (":" never starts an indexed token).
    return " | ".join(dict.fromkeys(exact)) or "':nothing'", " | ".join(dict.fromkeys(fuzzy)) or None


def tsvector_literal(tokens: list[tuple[str, str]]) -> tuple[str, set[str]]:
    """A tsvector's text form from (token, weight) in order, and its distinct tokens."""
    positions: dict[str, list[str]] = {}
    for position, (token, weight) in enumerate(tokens, 1):
        if not _usable(token):
            continue
        found = positions.setdefault(token, [])
        if position > MAX_POSITION:
            if not found:
                found.append(f"{MAX_POSITION}{weight}")
        elif len(found) < MAX_POSITIONS:
            found.append(f"{position}{weight}")
    return " ".join(f"{_quote(token)}:{','.join(p)}" for token, p in positions.items()), set(positions)


def _reader_language() -> str:
    from .whoosh_backend import _reader_language as reader_language
    return reader_language()

