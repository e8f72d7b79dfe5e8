"""Words and stems: the one analysis shared by the index, queries, synonyms and highlighting."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer, StopFilter
from whoosh.lang.porter2 import stem

# A query longer than this is cut: nobody types more, and every word costs a lookup.
MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 12


def index_analyzer(*extra):
    """The analyzer stored in the schema (whoosh gives each unpickled copy its own stem cache)."""
    # Porter2 rather than Whoosh's default Porter, which leaves "swimming" as "swimm".
    analyzer = StemmingAnalyzer(stemfn=stem)
    for f in extra:
        analyzer = analyzer | f
    return analyzer


# Queries run in many threads; whoosh's own stem cache is not thread-safe, functools' is.
_stem = functools.lru_cache(maxsize=100_000)(stem)
_QUERY_ANALYZER = StemmingAnalyzer(stemfn=_stem, cachesize=None)
# The same words as the stemming analyzer finds, left whole (for spelling and highlighting spans).
_PLAIN_ANALYZER = RegexTokenizer() | LowercaseFilter() | StopFilter()


@dataclass(frozen=True)
class Word:
    stem: str  # as indexed in the stemmed fields
    word: str  # lower case, as typed
    start: int  # character span in the analysed text
    end: int


def words(text: str) -> list[Word]:
    """The indexable words of a text (stop words and one-letter words dropped), with stems and spans."""
    plain = [(t.text, t.startchar, t.endchar) for t in _PLAIN_ANALYZER(text, chars=True)]
    stemmed = [(t.text, t.startchar) for t in _QUERY_ANALYZER(text, chars=True)]
    by_start = {start: s for s, start in stemmed}
    return [Word(by_start[start], word, start, end) for word, start, end in plain if start in by_start]


def stems(text: str) -> list[str]:
    """The stems of a text, in order."""
    return [t.text for t in _QUERY_ANALYZER(text)]


def query_words(text: str) -> list[Word]:
    """The words of a user's query, cut to a sensible length."""
    return words(text[:MAX_QUERY_CHARS])[:MAX_QUERY_WORDS]
