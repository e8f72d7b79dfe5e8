"""Synonym and jargon groups from synonyms.txt, matched on stems so plurals and endings don't matter.

At index time a filter adds one "concept" token wherever any member of a group occurs, so at
query time a group is a single term lookup, not a union of phrase searches (which Whoosh does
slowly, position by position). The index remembers the groups it was built with; when the file
changes, the index no longer matches and is rebuilt (see whoosh_backend).
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from whoosh.analysis import Filter

from .text import stems

DEFAULT_PATH = os.path.join(os.path.dirname(__file__), "synonyms.txt")
CONCEPT_PREFIX = "syn:"  # the tokenizer never makes a ":", so no word can collide with a concept

Phrase = tuple[str, ...]  # the stems of one member, e.g. ("short", "break")


@dataclass(frozen=True)
class Match:
    start: int  # index of the first query word covered
    length: int  # how many query words the member covers
    concept: str  # the token standing for the whole group
    alternatives: frozenset[Phrase]  # every member of the group, for highlighting


class Synonyms:
    """Groups of interchangeable words and phrases."""

    def __init__(self, groups: list[list[str]]):
        # A member listed in two groups joins them: "a, b" and "b, c" make a, b and c interchangeable.
        alternatives: dict[Phrase, set[Phrase]] = {}
        for group in groups:
            phrases = {tuple(stems(member)) for member in group}
            phrases.discard(())
            merged = set(phrases)
            for phrase in phrases:
                merged |= alternatives.get(phrase, set())
            for phrase in merged:
                alternatives[phrase] = merged
        self.groups = {phrase: frozenset(alts) for phrase, alts in alternatives.items()}
        self.concepts = {phrase: CONCEPT_PREFIX + "_".join(min(alts)) for phrase, alts in self.groups.items()}
        self.longest = max((len(p) for p in self.groups), default=0)
        # Single-word members as written: a typo of "autism" should find it even if no listing says it.
        self.words = frozenset(m.lower() for g in groups for m in g if len(m.split()) == 1)
        self.fingerprint = hashlib.sha1(repr(sorted(self.concepts.items())).encode(), usedforsecurity=False).hexdigest()

    def __len__(self) -> int:
        return len(set(self.concepts.values()))

    def __contains__(self, stem: str) -> bool:
        return (stem,) in self.groups

    def match(self, query_stems: list[str], start: int) -> Match | None:
        """The longest member starting at query_stems[start], if any."""
        for length in range(min(self.longest, len(query_stems) - start), 0, -1):
            phrase = tuple(query_stems[start:start + length])
            if phrase in self.groups:
                return Match(start, length, self.concepts[phrase], self.groups[phrase])
        return None

    def index_filter(self) -> ConceptFilter:
        return ConceptFilter(self.concepts, self.fingerprint)


class ConceptFilter(Filter):
    """After stemming: wherever a member ends, also emit its group's concept token."""

    def __init__(self, concepts: dict[Phrase, str], fingerprint: str):
        self.fingerprint = fingerprint
        self.longest = max((len(p) for p in concepts), default=0)
        # By the member's last stem, so most tokens cost one dict lookup.
        self.ending: dict[str, list[tuple[int, Phrase, str]]] = {}
        for phrase, concept in sorted(concepts.items()):
            self.ending.setdefault(phrase[-1], []).append((len(phrase), phrase, concept))

    def __call__(self, tokens):
        ending, longest = self.ending, self.longest
        window: list[str] = []
        for t in tokens:
            text = t.text
            window.append(text)
            if len(window) > longest:
                del window[0]
            yield t
            candidates = ending.get(text)
            if candidates:
                emitted = set()
                for n, phrase, concept in candidates:
                    if concept not in emitted and tuple(window[-n:]) == phrase:
                        emitted.add(concept)
                        # Whoosh reuses one Token object; the indexer has consumed it, so it can carry this too.
                        t.text = concept
                        yield t


def parse(lines) -> list[list[str]]:
    """Groups from lines of comma-separated members; blank lines and # comments skipped."""
    groups = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        members = [m.strip() for m in line.split(",") if m.strip()]
        if len(members) > 1:
            groups.append(members)
    return groups


def load(path: str = DEFAULT_PATH) -> Synonyms:
    """Read a synonyms file."""
    with open(path, encoding="utf-8") as fh:
        return Synonyms(parse(fh))
