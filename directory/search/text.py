"""Words and stems: the one analysis shared by the index, queries, synonyms and highlighting."""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from whoosh.analysis import STOP_WORDS, LowercaseFilter, RegexTokenizer, StemmingAnalyzer, StopFilter
from whoosh.lang import has_stemmer, stemmer_for_language
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


# Translated text ------------------------------------------------------------------------------------
#
# Translations are indexed in their own fields, as tokens that can never be mistaken for English
# stems: "~word" for every word (any language, matched as written, lower case), and "~ro:stem" where
# Whoosh has a working stemmer for the language (so "familiilor" finds "familie"). Words are split
# with combining marks kept inside them: Python's \w splits Bengali, Gurmukhi and pointed Hebrew
# (Yiddish) words at their vowel signs.

TRANSLATED_PREFIX = "~"
_MARKS = "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.category(chr(c)).startswith("M"))
_TRANSLATED_WORD = re.compile("[\\w" + re.escape(_MARKS) + "\u200c\u200d]+")
_STOP_WORDS = frozenset(STOP_WORDS)


def _working_stemmer(language: str):
    """Whoosh's stemmer for a language, if it has one that works (its Arabic one fails on Python 3.11)."""
    try:
        stemmer = stemmer_for_language(language)
        stemmer("test")
        stemmer("\u0627\u0644\u0643\u062a\u0628")
    except Exception:
        return None
    return functools.lru_cache(maxsize=50_000)(stemmer)


@functools.lru_cache(maxsize=None)
def stemmer_for(language: str):
    """A stem function for a content language, or None (plain matching only). Never English's here:
    English is the source, searched through the main fields."""
    if not language or language == "en" or not has_stemmer(language):
        return None
    return _working_stemmer(language)


@dataclass(frozen=True)
class TranslatedWord:
    word: str  # lower case, as written
    start: int
    end: int


def translated_words(text: str) -> list[TranslatedWord]:
    """The words of text in any language (stop words and one-letter words dropped, as in English)."""
    out = []
    for match in _TRANSLATED_WORD.finditer(text or ""):
        word = _normal(match.group())
        if len(word) < 2 or word in _STOP_WORDS or word.strip("_") == "":
            continue
        out.append(TranslatedWord(word, match.start(), match.end()))
    return out


def _normal(word: str) -> str:
    """A word as translated tokens hold it: lower case, composed, Turkish's dotted and dotless i as
    one letter (people type either)."""
    return unicodedata.normalize("NFC", word.lower()).replace("i\u0307", "i").replace("\u0131", "i")


def plain_token(word: str) -> str:
    """The as-written token of one word of any language."""
    return TRANSLATED_PREFIX + _normal(word)


def translated_tokens(word: str, language: str) -> list[str]:
    """The index tokens of one word of a translation in LANGUAGE."""
    tokens = [TRANSLATED_PREFIX + word]
    stemmer = stemmer_for(language)
    if stemmer is not None:
        tokens.append(f"{TRANSLATED_PREFIX}{language}:{stemmer(word)}")
    return tokens


def translated_text_tokens(text: str, language: str) -> str:
    """A translation as the space-separated tokens its index field holds."""
    return " ".join(token for w in translated_words(text) for token in translated_tokens(w.word, language))


def is_translated_token(token: str) -> bool:
    """True for tokens of the translated fields."""
    return token.startswith(TRANSLATED_PREFIX)
