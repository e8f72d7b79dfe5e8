"""Turning what a family typed into clauses: words, synonym groups and typo-tolerant expansions.

The text is only ever split into words: quotes, `*`, `(`, `AND` or `name:` are never syntax.
Clauses are AND-ed (a search narrows as words are added); the engine falls back to OR when
nothing has every word.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from .synonyms import Synonyms
from .text import (MAX_QUERY_CHARS, MAX_QUERY_WORDS, TranslatedWord, Word, plain_token, query_words,
                   stems as text_stems, translated_tokens, translated_words)

FUZZY_WEIGHT = 0.5  # a corrected word ranks below a word spelled as typed
MAX_CORRECTIONS = 3  # lexicon words tried for one unknown word
RARE = 3  # a word in fewer listings than this may itself be a typo


class Lexicon(Protocol):
    """What a backend knows about the words in its listings."""

    def frequency(self, word: Word) -> int:
        """In how many listings the word (or its stem) occurs."""

    def word_frequency(self, word: str) -> int:
        """In how many listings this exact lower-case word occurs."""

    def near(self, word: str, maxdist: int) -> set[str]:
        """Listing words within maxdist edits of word (may include some further away)."""

    def translated_frequency(self, token: str) -> int:
        """In how many listings' translations this token (see text.translated_tokens) occurs."""


@dataclass
class Clause:
    terms: list[tuple[str, float]]  # (indexed token, weight): a listing matches on any of them


@dataclass
class Plan:
    clauses: list[Clause] = field(default_factory=list)
    stems: set[str] = field(default_factory=set)  # single words looked for, for highlighting
    phrases: set[tuple[str, ...]] = field(default_factory=set)  # and phrases (from synonym groups)
    fuzzy: bool = False  # an unknown word was replaced by listing words close to it

    def mark(self, phrase: tuple[str, ...]) -> None:
        """Highlight this word or phrase in results."""
        if len(phrase) == 1:
            self.stems.add(phrase[0])
        else:
            self.phrases.add(phrase)


def build(text: str, lexicon: Lexicon, synonyms: Synonyms, language: str = "en", tokens=translated_tokens) -> Plan:
    """One clause per word or synonym phrase; an unknown word becomes its near spellings.

    Each word's clause also looks for the word in translations (see _add_translations), so a
    listing matches a word through its English or through a translation. `tokens(word, language)`
    gives a word's translated-field tokens (the backend's: Whoosh's stemmers, or PostgreSQL's
    text search configurations).
    """
    words = query_words(text)
    query_stems = [w.stem for w in words]
    translated = [(w, [(token, 1.0) for token in tokens(w.word, language)])
                  for w in translated_words(text[:MAX_QUERY_CHARS])[:MAX_QUERY_WORDS * 2]]
    plan = Plan()
    seen: dict[str, int] = {}  # stem or concept -> its clause ("autism autism" is one clause, not two)
    known: list[bool] = []  # per clause: the English listings use it
    spans: list[tuple[int, int, int]] = []  # (start, end, clause) of each query word
    i = 0
    while i < len(words):
        match = synonyms.match(query_stems, i)
        if match:
            if match.concept not in seen:
                seen[match.concept] = len(plan.clauses)
                plan.clauses.append(Clause([(match.concept, 1.0)]))
                known.append(True)
            for phrase in match.alternatives:
                plan.mark(phrase)
            spans += [(w.start, w.end, seen[match.concept]) for w in words[i:i + match.length]]
            i += match.length
            continue
        word = words[i]
        i += 1
        if word.stem in seen:
            spans.append((word.start, word.end, seen[word.stem]))
            continue
        seen[word.stem] = len(plan.clauses)
        spans.append((word.start, word.end, seen[word.stem]))
        plan.stems.add(word.stem)
        terms = [(word.stem, 1.0)]
        in_english = bool(lexicon.frequency(word))
        if not in_english and not _in_translations(lexicon, translated, word):
            for candidate in corrections(lexicon, word.word, synonyms):
                candidate_stems = text_stems(candidate)
                group = synonyms.match(candidate_stems, 0)
                if group:
                    terms.append((group.concept, FUZZY_WEIGHT))
                    for phrase in group.alternatives:
                        plan.mark(phrase)
                else:
                    terms += [(s, FUZZY_WEIGHT) for s in candidate_stems]
                    plan.stems.update(candidate_stems)
                plan.fuzzy = True
        plan.clauses.append(Clause(terms))
        known.append(in_english)
    _add_translations(plan, translated, spans, known, language)
    return plan


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _in_translations(lexicon: Lexicon, translated: list[tuple[TranslatedWord, list]], word: Word) -> bool:
    """True if some listing's translation has this query word (so it is no typo)."""
    frequency = getattr(lexicon, "translated_frequency", None)
    if frequency is None:
        return False
    return any(frequency(terms[0][0]) for w, terms in translated if _overlaps(w.start, w.end, word.start, word.end))


def _add_translations(plan: Plan, translated: list[tuple[TranslatedWord, list]], spans: list[tuple[int, int, int]],
                      known: list[bool], language: str) -> None:
    """Let each word's clause match translations too.

    Translated words are split with combining marks kept, English words without, so one translated
    word (Bengali, say) can cover several English clauses: those are joined into one. A translated
    word no English word covers gets its own clause. For English readers, a word the English
    listings use is not looked for in translations, so English results stay exactly as they were.
    """
    if not translated:
        return
    joined: dict[int, int] = {}

    def home(clause: int) -> int:
        while clause in joined:
            clause = joined[clause]
        return clause

    for word, terms in translated:
        targets = sorted({home(c) for start, end, c in spans if _overlaps(start, end, word.start, word.end)})
        if not targets:
            plan.clauses.append(Clause(list(terms)))
            continue
        if language == "en" and all(known[c] for c in targets):
            continue
        first = targets[0]
        for other in targets[1:]:
            plan.clauses[first].terms += plan.clauses[other].terms
            known[first] = known[first] or known[other]
            joined[other] = first
        present = set(plan.clauses[first].terms)
        plan.clauses[first].terms += [term for term in terms if term not in present]
    if joined:
        plan.clauses = [clause for index, clause in enumerate(plan.clauses) if index not in joined]


def max_distance(word: str) -> int:
    """Edits allowed when correcting a word: short words allow fewer, or everything matches everything."""
    if len(word) < 4 or len(word) > 30:  # nothing real is longer; the automaton grows with length
        return 0
    return 1 if len(word) <= 5 else 2


def corrections(lexicon: Lexicon, word: str, synonyms: Synonyms, limit: int = MAX_CORRECTIONS) -> list[str]:
    """Words close to `word` from the listings or the synonym list, nearest then commonest first."""
    maxdist = max_distance(word)
    if not maxdist or not word.isalpha():
        return []
    found = lexicon.near(word, maxdist)
    found.update(w for w in synonyms.words if abs(len(w) - len(word)) <= maxdist)
    ranked = []
    for candidate in found:
        distance = edit_distance(word, candidate)
        if 0 < distance <= maxdist:
            ranked.append((distance, -lexicon.word_frequency(candidate), candidate))
    return [candidate for _, _, candidate in sorted(ranked)[:limit]]


def correct_word(lexicon: Lexicon, word: Word, synonyms: Synonyms) -> str | None:
    """The spelling to suggest instead of a word, or None when it looks right."""
    if word.stem in synonyms or word.word in synonyms.words:
        return None
    translated_frequency = getattr(lexicon, "translated_frequency", None)
    if translated_frequency is not None and translated_frequency(plain_token(word.word)):
        return None  # a word of some listing's translation, spelled as it is there
    freq = lexicon.frequency(word)
    if freq >= RARE:
        return None
    for candidate in corrections(lexicon, word.word, synonyms, limit=1):
        if not freq:
            return candidate
        # A rare word is corrected only towards a much commoner one ("speach" to "speech").
        if edit_distance(word.word, candidate) == 1 and lexicon.word_frequency(candidate) >= 5 * freq:
            return candidate
    return None


def suggest(text: str, lexicon: Lexicon, synonyms: Synonyms) -> str | None:
    """The text with each misspelled word replaced by its best correction, or None if none are."""
    out, done, changed = [], 0, False
    for word in query_words(text or ""):
        better = correct_word(lexicon, word, synonyms)
        if better:
            out += [text[done:word.start], better]
            done, changed = word.end, True
    if not changed:
        return None
    out.append(text[done:])
    return " ".join("".join(out).split())


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]
