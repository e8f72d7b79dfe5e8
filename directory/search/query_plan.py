"""Turning what a family typed into clauses: words, synonym groups and typo-tolerant expansions.

The text is only ever split into words: quotes, `*`, `(`, `AND` or `name:` are never syntax.
Clauses are AND-ed (a search narrows as words are added); the engine falls back to OR when
nothing has every word.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from .synonyms import Synonyms
from .text import Word, query_words, stems as text_stems

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


def build(text: str, lexicon: Lexicon, synonyms: Synonyms) -> Plan:
    """One clause per word or synonym phrase; an unknown word becomes its near spellings."""
    words = query_words(text)
    query_stems = [w.stem for w in words]
    plan = Plan()
    seen: set[str] = set()  # "autism autism" is one clause, not two
    i = 0
    while i < len(words):
        match = synonyms.match(query_stems, i)
        if match:
            if match.concept not in seen:
                seen.add(match.concept)
                plan.clauses.append(Clause([(match.concept, 1.0)]))
            for phrase in match.alternatives:
                plan.mark(phrase)
            i += match.length
            continue
        word = words[i]
        i += 1
        if word.stem in seen:
            continue
        seen.add(word.stem)
        plan.stems.add(word.stem)
        terms = [(word.stem, 1.0)]
        if not lexicon.frequency(word):
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
    return plan


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
