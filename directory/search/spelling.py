"""The words listings use, with how many listings use each: where typo corrections come from.

Held in memory rather than as an index field: a field would add a posting per word per listing,
nearly half of all postings, only to answer "which words exist, and how common are they".
"""
from __future__ import annotations

from collections import Counter


class Vocabulary:
    """Whole lower-case words and their listing counts."""

    def __init__(self, counts: Counter):
        self.counts = counts
        self._buckets: dict[tuple[str, int], list[str]] | None = None

    def frequency(self, word: str) -> int:
        return self.counts.get(word, 0)

    def near(self, word: str, maxdist: int) -> set[str]:
        """Words of a similar length sharing the first letter: the candidates within maxdist edits."""
        if self._buckets is None:
            buckets: dict[tuple[str, int], list[str]] = {}
            for w in self.counts:
                buckets.setdefault((w[:1], len(w)), []).append(w)
            self._buckets = buckets
        # First-letter typos are rare, and requiring it keeps the candidates few.
        first, n = word[:1], len(word)
        found: set[str] = set()
        for length in range(n - maxdist, n + maxdist + 1):
            found.update(self._buckets.get((first, length), ()))
        return found
