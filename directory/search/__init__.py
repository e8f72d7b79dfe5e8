"""Search, behind one small interface so a second engine (PostgreSQL) can be added.

The database is the truth; the index is derived. Only published services are indexed.
After each commit the changed services are re-indexed; `reindex()` rebuilds everything.

Interface used by the rest of the app:
    init_app(app)                    -- pick the backend, hook commits
    search(SearchQuery) -> SearchResults
    reindex() -> int                 -- rebuild from the database, returns services indexed
    suggest_spelling(text) -> str | None
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


def init_app(app) -> None:
    """Placeholder until the Whoosh backend lands (being written now)."""
