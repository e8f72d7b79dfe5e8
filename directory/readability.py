"""How easy a piece of listing text is to read: sentence length, long words and a Flesch reading ease
score, as advice for providers (never a reason to refuse a save).

English only: the syllable rules and the Flesch formula are for English. We count syllables with a
small set of spelling rules rather than a dictionary (textstat would pull in nltk and its corpora,
which cannot be downloaded at run time); the count is close enough for advice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import format_number, ngettext
from flask_babel import gettext as _

from .glossary_links import familiar_words as glossary_words

# Limits for ordinary text and for an easy-read summary.
LONG_SENTENCE_WORDS = 25
EASY_READ_LONG_SENTENCE_WORDS = 15
GOOD_READING_EASE = 60
GOOD_EASY_READ_READING_EASE = 70
LONG_WORD_SYLLABLES = 4  # "more than 3 syllables"
LONG_WORD_LETTERS = 13  # "more than 12 letters"
SENTENCE_OPENING_WORDS = 6
MOST_QUOTED = 5

# The space after a full stop, question or exclamation mark, or after one closing quote or bracket that follows it.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)\]]))\s+")
_LIST_MARKER = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_ADDRESS = re.compile(r"\S*(?:@|://|www\.)\S*", re.IGNORECASE)
_VOWEL_GROUP = re.compile(r"[aeiouy]{1,2}")
# A final "e" ("made"), "es" ("makes") or "ed" ("played", but not "wanted") is usually not a syllable.
_SILENT_ENDING = re.compile(r"(?:[^laeiouy]es|[^td]ed|[^laeiouy]e)$")

# The commonest English words. Ordinary English prose is about half these; a passage with very few of
# them is probably in another language, and we say we cannot check it.
_ENGLISH_WORDS = frozenset("""
a about after all also an and are as at be because but by can do for from get go has have help he her
here his how i if in is it its me more my no not of on one or our out she so some that the their them
then there they this to up us was we what when where which who will with you your
""".split())


def split_sentences(text: str) -> list[str]:
    """The sentences of TEXT, each line break also ending one, list markers ("- ", "1. ") removed."""
    sentences = []
    for line in (text or "").splitlines():
        line = _LIST_MARKER.sub("", line).strip()
        sentences.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return sentences


def words_of(text: str) -> list[str]:
    """The words of TEXT, leaving out numbers, email addresses and web addresses."""
    return _WORD.findall(_ADDRESS.sub(" ", text or ""))


def syllable_count(word: str) -> int:
    """Roughly how many syllables an English word has (at least one), by spelling rules."""
    total = 0
    for part in re.split(r"[-']", word.lower()):
        part = re.sub(r"[^a-z]", "", part)
        if not part:
            continue
        if len(part) <= 3:
            total += 1
            continue
        stem = _SILENT_ENDING.sub("", part)
        stem = stem[1:] if stem.startswith("y") else stem
        total += max(1, len(_VOWEL_GROUP.findall(stem)))
    return max(1, total)


def looks_english(words: list[str]) -> bool:
    """True if the words look like English: Latin letters and enough of its commonest words."""
    if not words:
        return True
    letters = "".join(words)
    latin = sum(1 for ch in letters if "a" <= ch.lower() <= "z")
    if latin < 0.9 * len(letters):
        return False
    if len(words) < 6:  # too short to tell; assume English
        return True
    common = sum(1 for w in words if w.lower() in _ENGLISH_WORDS)
    return common >= 0.12 * len(words)


def flesch_reading_ease(words: int, sentences: int, syllables: int) -> float:
    """The Flesch reading ease score: higher is easier; 60 or more most adults read easily."""
    if not words or not sentences:
        return 100.0
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


def _opening(sentence: str) -> str:
    """The first few words of a sentence, to show which one we mean."""
    words = sentence.split()
    opening = " ".join(words[:SENTENCE_OPENING_WORDS])
    return opening + ("…" if len(words) > SENTENCE_OPENING_WORDS else "")


def _is_long_word(word: str) -> bool:
    # Capitals only (ADHD, CAMHS) are names or abbreviations, not long words; the glossary explains ours.
    if word.isupper():
        return False
    return len(word) >= LONG_WORD_LETTERS or syllable_count(word) >= LONG_WORD_SYLLABLES


@dataclass(frozen=True)
class Readability:
    """What we found in one piece of text, and the limits we judged it by."""
    english: bool = True
    word_count: int = 0
    sentence_count: int = 0
    average_sentence_words: float = 0.0
    long_sentences: list[str] = field(default_factory=list)  # the opening words of each
    long_words: list[str] = field(default_factory=list)  # each once, in order of appearance
    reading_ease: float | None = None
    sentence_limit: int = LONG_SENTENCE_WORDS
    good_reading_ease: int = GOOD_READING_EASE

    @property
    def is_empty(self) -> bool:
        return self.word_count == 0

    @property
    def hard_to_read(self) -> bool:
        """True if there is anything to advise: long sentences, long words or a low score."""
        if self.is_empty or not self.english:
            return False
        return bool(self.long_sentences or self.long_words
                    or (self.reading_ease is not None and self.reading_ease < self.good_reading_ease))


def assess(text: str, *, easy_read: bool = False, familiar_words: frozenset[str] = frozenset()) -> Readability:
    """Measure TEXT; EASY_READ judges it as an easy-read summary (shorter sentences, higher score).

    FAMILIAR_WORDS (lower case) are never called long: the glossary's words, which the page explains.
    """
    sentence_limit = EASY_READ_LONG_SENTENCE_WORDS if easy_read else LONG_SENTENCE_WORDS
    good_score = GOOD_EASY_READ_READING_EASE if easy_read else GOOD_READING_EASE
    sentences = [s for s in split_sentences(text) if words_of(s)]
    words = words_of(text)
    if not words:
        return Readability(sentence_limit=sentence_limit, good_reading_ease=good_score)
    if not looks_english(words):
        return Readability(english=False, word_count=len(words), sentence_count=len(sentences),
                           sentence_limit=sentence_limit, good_reading_ease=good_score)
    long_sentences = [_opening(s) for s in sentences if len(words_of(s)) > sentence_limit]
    long_words: list[str] = []
    seen: set[str] = set()
    for word in words:
        key = word.lower()
        if key not in seen and key not in familiar_words and _is_long_word(word):
            long_words.append(word)
        seen.add(key)
    syllables = sum(syllable_count(w) for w in words)
    return Readability(
        english=True,
        word_count=len(words),
        sentence_count=len(sentences),
        average_sentence_words=len(words) / len(sentences),
        long_sentences=long_sentences,
        long_words=long_words,
        reading_ease=round(flesch_reading_ease(len(words), len(sentences), syllables), 1),
        sentence_limit=sentence_limit,
        good_reading_ease=good_score,
    )


def advice(report: Readability) -> list[str]:
    """Plain-English suggestions for a provider, one a line; empty if there is nothing to say."""
    if report.is_empty:
        return []
    if not report.english:
        return [_("We can only check how easy English text is to read, so we have not checked this.")]
    if not report.hard_to_read:
        return []
    lines = [ngettext("Sentences are %(num)d word long on average.",
                      "Sentences are %(num)d words long on average.",
                      round(report.average_sentence_words))]
    if report.long_sentences:
        quoted = "; ".join(f"“{s}”" for s in report.long_sentences[:MOST_QUOTED])
        lines.append(ngettext(
            "%(num)d sentence is longer than %(limit)d words. Try splitting it: %(sentences)s",
            "%(num)d sentences are longer than %(limit)d words. Try splitting them: %(sentences)s",
            len(report.long_sentences), limit=report.sentence_limit, sentences=quoted))
    if report.long_words:
        lines.append(_("Long words: %(words)s. Could you use shorter, everyday words?",
                       words=", ".join(report.long_words[:MOST_QUOTED * 2])))
    if report.reading_ease is not None:
        if report.good_reading_ease == GOOD_EASY_READ_READING_EASE:
            lines.append(_("Reading ease score: %(score)s. Aim for %(target)d or more for easy read: short, "
                           "everyday words.", score=_score(report.reading_ease), target=report.good_reading_ease))
        else:
            lines.append(_("Reading ease score: %(score)s. Aim for %(target)d or more: most adults read this "
                           "easily.", score=_score(report.reading_ease), target=report.good_reading_ease))
    return lines


def _score(value: float) -> str:
    # The Flesch formula can go below 0 or above 100; a score outside that range means nothing more.
    return format_number(round(min(100.0, max(0.0, value))))


def advice_for(text: str | None, *, easy_read: bool = False) -> list[str]:
    """The suggestions for one field of a listing, the glossary's words counted as familiar."""
    return advice(assess(text or "", easy_read=easy_read, familiar_words=glossary_words()))


def about_section_is_hard_to_read(summary: str, description: str, easy_read_summary: str) -> bool:
    """True if any of the "About the service" texts has something to advise (not English counts as no)."""
    familiar = glossary_words()
    return any(assess(text or "", easy_read=easy, familiar_words=familiar).hard_to_read
               for text, easy in ((summary, False), (description, False), (easy_read_summary, True)))
