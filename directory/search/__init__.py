"""Search, behind one small interface: Whoosh (files in the instance folder) or PostgreSQL full-text search.

The database is the truth; the index is derived. Only published services are indexed.
After each commit the changed services are re-indexed; `reindex()` rebuilds everything.

Interface used by the rest of the app:
    init_app(app)                    -- pick the backend, hook commits
    search(SearchQuery) -> SearchResults
    reindex() -> int                 -- rebuild from the database, returns services indexed
    suggest_spelling(text) -> str | None

How a search behaves (whichever backend):
  - Words are AND-ed, so adding a word narrows. If no listing has every word, the results are the
    listings with any of them, those with most (and rarest) words first, rather than nothing.
  - A word or phrase from a synonyms.txt group finds every member of its group.
  - A word no listing uses is replaced by listing (or synonym) words within 1 edit (words of 4-5
    letters) or 2 edits (6+), sharing its first letter; `suggestion` then offers the corrected text.
    `suggestion` is also offered when there are fewer than 3 results and the corrected text finds more.
  - Relevance ranks a match in the name above one in the summary above one in the description
    (BM25 per field, weighted); with no words, and for ties, services are in name order.
  - Translations are searched too: a word is also looked for, as written, in every listing's
    translations (stemmed as well where the backend has a stemmer for the reader's language: Whoosh's,
    or PostgreSQL's text search configuration such as turkish or romanian), so a Turkish reader's
    "otizm" finds the listing translated as "Otizm aile destek grubu". For English
    readers only words the English listings do not use are looked for in translations, so English
    results and their order are as they were.

A backend (whoosh_backend.WhooshBackend, or postgres_backend.PostgresBackend: SEARCH_BACKEND "whoosh" or
"postgres", by default "postgres" when the database is PostgreSQL) provides search, reindex,
suggest_spelling, count, and update(service_ids), which hooks.py calls after each commit.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from markupsafe import Markup

SORTS = ("relevance", "name", "distance", "updated")


@dataclass
class SearchQuery:
    text: str = ""
    categories: list[str] = field(default_factory=list)  # taxonomy term codes; AND-ed
    needs: list[str] = field(default_factory=list)  # taxonomy term codes; AND-ed
    age: int | None = None  # the child's age in years: age_min <= age <= age_max
    free: bool = False
    self_referral: bool = False
    delivery: list[str] = field(default_factory=list)  # DELIVERY_MODES; AND-ed
    origin: tuple[float, float] | None = None  # (lat, lng) of the family's postcode
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    # The reader's language: its translations are searched too (None: the current reader's, else English).
    language: str | None = None


@dataclass
class SearchHit:
    service_id: uuid.UUID
    score: float = 0.0
    highlight: Markup | None = None  # escaped summary with <mark> around matched words
    distance_miles: float | None = None  # to the nearest location, when an origin is given


@dataclass
class SearchResults:
    hits: list[SearchHit]
    total: int
    # facet -> value -> count within the current results:
    # "category" and "need" by term code, "delivery" by mode, "free" and "self_referral" by "yes".
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None  # "Did you mean …?" when few or no results


BACKENDS = ("whoosh", "postgres")
EXTENSION = "directory_search"


def default_backend(app) -> str:
    """With SEARCH_BACKEND unset: PostgreSQL's own full-text search on PostgreSQL, Whoosh otherwise."""
    from sqlalchemy.engine import make_url

    uri = app.config.get("SQLALCHEMY_DATABASE_URI") or ""
    try:
        engine = make_url(uri).get_backend_name() if uri else ""
    except Exception:  # an unparseable URL fails later, where the database is opened
        engine = ""
    return "postgres" if engine == "postgresql" else "whoosh"


def init_app(app) -> None:
    """Pick the backend named by SEARCH_BACKEND (by default, by the database engine) and keep its index in
    step with database commits."""
    name = app.config.get("SEARCH_BACKEND") or default_backend(app)
    if name not in BACKENDS:
        raise ValueError(f"SEARCH_BACKEND must be one of {', '.join(BACKENDS)}, not {name!r}")
    if name == "postgres" and default_backend(app) != "postgres":
        raise ValueError("SEARCH_BACKEND=postgres needs a PostgreSQL database (DATABASE_URL=postgresql+psycopg://…)")
    from . import hooks

    if name == "postgres":
        from .postgres_backend import PostgresBackend
        app.extensions[EXTENSION] = PostgresBackend(app)
    else:
        from .whoosh_backend import WhooshBackend
        app.extensions[EXTENSION] = WhooshBackend(app)
    hooks.register()


def backend(app=None):
    """The current app's search backend."""
    from flask import current_app

    return (app or current_app).extensions[EXTENSION]


def search(query: SearchQuery) -> SearchResults:
    """Published services matching the query, one page of them, with facet counts."""
    return backend().search(query)


def reindex() -> int:
    """Rebuild the index from the database; returns how many services were indexed."""
    return backend().reindex()


def suggest_spelling(text: str) -> str | None:
    """The text with misspelled words replaced by the closest words in the listings, or None."""
    return backend().suggest_spelling(text)
