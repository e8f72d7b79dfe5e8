"""Page numbers from the query string, shared by every paged list."""
from __future__ import annotations

# 2 million results at 20 a page: far beyond any list here, and it keeps OFFSET within a database integer
# (PostgreSQL refuses an offset past 2**63 with an error, which would be a 500 for a typed-in address).
MAX_PAGE = 100_000


def page_number(raw: str | None) -> int:
    """The page asked for: plain ASCII digits from 1 to MAX_PAGE; anything else is the first page."""
    raw = (raw or "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return 1  # "²".isdigit() is true but int() refuses it, hence isascii
    return min(max(int(raw), 1), MAX_PAGE)
