"""Matching and BM25F-style scoring straight from Whoosh's posting lists.

Whoosh's own matchers walk postings one call per document, and its unions over several fields
cost more than the rest of a search together. Here each posting list is decoded a block at a time
(C-level accumulate over the delta-coded ids), clauses are combined as sets, and a document's score
is the sum over fields of boost * idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avglen)).
"""
from __future__ import annotations

import heapq
import math
import threading
from collections import OrderedDict
from array import array
from itertools import accumulate

from whoosh.codec.whoosh3 import W3LeafMatcher

from .query_plan import Plan
from .snapshot import Snapshot, bits_of, docnums_of
from .text import Word, is_translated_token

# Where a word is found counts for this much: the name most, then the summary, then the rest.
ENGLISH_BOOSTS = {"name": 6.0, "summary": 3.0, "topics": 2.0, "organisation": 1.5, "description": 1.0}
# Translations (every language in one pair of fields, see text.py): a translated name like a name.
TRANSLATED_BOOSTS = {"translated_name": 6.0, "translated_text": 1.5}
FIELD_BOOSTS = {**ENGLISH_BOOSTS, **TRANSLATED_BOOSTS}
ENGLISH_FIELDS = tuple(ENGLISH_BOOSTS)
TRANSLATED_FIELDS = tuple(TRANSLATED_BOOSTS)
TEXT_FIELDS = tuple(FIELD_BOOSTS)
# BM25: how fast repeated words stop adding (k1) and how much long fields are discounted (b).
K1, B = 1.2, 0.75
POSTINGS_CACHE_SIZE = 4_000_000  # postings (8 bytes each) kept decoded; segments never change


class Postings:
    """One term's postings in one field, as global document numbers and term frequencies."""

    __slots__ = ("field", "ids", "weights")

    def __init__(self, field: str, ids, weights):
        self.field, self.ids, self.weights = field, ids, weights


def _decode(seg_reader, field: str, token: str) -> tuple[array, array]:
    """A term's local document numbers and frequencies in one segment (empty if absent)."""
    ids, weights = array("i"), array("f")
    btext = token.encode("utf-8")
    if (field, btext) not in seg_reader._terms:
        return ids, weights
    m = seg_reader._terms.matcher(field, btext, seg_reader.schema[field].format)
    if type(m) is W3LeafMatcher:
        # Whoosh 2.7's block layout (pinned): data = (ids, weights, values), ids delta-coded,
        # weights None when all 1.0, one float when all equal, else a tuple.
        while True:
            if m._data is None:
                m._read_data()
            raw_ids, raw_weights = m._data[0], m._data[1]
            n = m._blocklength
            ids.extend(raw_ids if m._byteids else accumulate(raw_ids))
            if raw_weights is None or isinstance(raw_weights, float):
                weights.extend([raw_weights or 1.0] * n)
            else:
                weights.extend(raw_weights)
            if m._lastblock:
                break
            m._goto(m._nextoffset)
    else:  # a single posting is stored inline, as a list matcher
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            m.next()
    return ids, weights


class Scorer:
    """Matches and scores plans, caching decoded posting lists by segment (segments never change)."""

    def __init__(self):
        self._cache: OrderedDict = OrderedDict()
        self._cached = 0  # postings held in the cache
        self._lock = threading.Lock()

    def _segment_postings(self, seg_reader, seg_id: str, field: str, token: str):
        key = (seg_id, field, token)
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        found = _decode(seg_reader, field, token)
        with self._lock:
            if key not in self._cache:
                self._cache[key] = found
                self._cached += len(found[0])
            while self._cached > POSTINGS_CACHE_SIZE and self._cache:
                _, (ids, _) = self._cache.popitem(last=False)
                self._cached -= len(ids)
        return found

    def postings(self, leaves, field: str, token: str) -> Postings:
        """A term's postings over all segments; `leaves` are this thread's (reader, offset, segment id)."""
        if len(leaves) == 1:
            seg_reader, _, seg_id = leaves[0]
            return Postings(field, *self._segment_postings(seg_reader, seg_id, field, token))
        ids: list[int] = []
        weights: list[float] = []
        for seg_reader, offset, seg_id in leaves:
            local_ids, local_weights = self._segment_postings(seg_reader, seg_id, field, token)
            if offset:
                ids += [d + offset for d in local_ids]
            else:
                ids += local_ids
            weights += local_weights
        return Postings(field, ids, weights)

    def match(self, snap: Snapshot, leaves, plan: Plan, allowed: int, want_scores: bool):
        """(matched bitset within `allowed`, scores by docnum or None): every clause, or failing that any."""
        per_clause = []
        for clause in plan.clauses:
            lists = []
            for token, weight in clause.terms:
                # A token belongs to one kind of field: English stems never match a translated token.
                for field in TRANSLATED_FIELDS if is_translated_token(token) else ENGLISH_FIELDS:
                    p = self.postings(leaves, field, token)
                    if p.ids:
                        lists.append((p, weight))
            per_clause.append(lists)
        sets = []
        for lists in per_clause:
            docs: set[int] = set()
            for p, _ in lists:
                docs.update(p.ids)
            sets.append(docs)
        if not sets:
            return allowed, None
        ordered = sorted(sets, key=len)
        found = ordered[0].intersection(*ordered[1:])
        matched = bits_of(found, snap.size) & allowed if found else 0
        if not matched and len(sets) > 1:
            # Nothing has every word: show what has some, best first, rather than nothing.
            matched = bits_of(set().union(*sets), snap.size) & allowed
        if not want_scores or not matched:
            return matched, None
        return matched, self._scores(snap, [item for lists in per_clause for item in lists], matched)

    @staticmethod
    def _scores(snap: Snapshot, lists, matched: int) -> dict[int, float]:
        """BM25 scores of the matched documents."""
        n = max(1, snap.count())
        terms = []
        for p, weight in lists:
            df = len(p.ids)
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            terms.append((p, FIELD_BOOSTS[p.field] * idf * (K1 + 1) * weight,
                          snap.norms(p.field, K1 * (1 - B), K1 * B / snap.average_length[p.field])))
        postings = sum(len(p.ids) for p, _ in lists)
        docs = docnums_of(matched)
        scores: dict[int, float] = {}
        if len(docs) * len(terms) < postings:
            # Few matches among many postings (filters, or rare words AND-ed with common ones):
            # look each match up, the postings being indexed by dict() at C speed.
            for p, factor, norms in terms:
                get = dict(zip(p.ids, p.weights)).get
                for d in docs:
                    tf = get(d)
                    if tf:
                        scores[d] = scores.get(d, 0.0) + factor * tf / (tf + norms[d])
            return scores
        get = scores.get
        for p, factor, norms in terms:
            for d, tf in zip(p.ids, p.weights):
                scores[d] = get(d, 0.0) + factor * tf / (tf + norms[d])
        if len(scores) > len(docs):
            scores = {d: scores[d] for d in docs}
        return scores


def best(scores: dict[int, float], names: list[str], count: int, stale=None) -> list[int]:
    """The `count` highest-scoring documents; ties fresh before stale (`stale(d)` true), then by name."""
    if not scores or count <= 0:
        return []

    def tie_order(d: int):
        return (stale(d), names[d]) if stale is not None else names[d]

    # Cut at the count-th best score first (C speed), then order only what is left.
    threshold = heapq.nlargest(count, scores.values())[-1]
    above = [d for d, score in scores.items() if score > threshold]
    tied = [d for d, score in scores.items() if score == threshold]
    above.sort(key=tie_order)
    above.sort(key=scores.__getitem__, reverse=True)
    return above + heapq.nsmallest(count - len(above), tied, key=tie_order)


class WhooshLexicon:
    """The query_plan.Lexicon of one reader and snapshot."""

    def __init__(self, reader, snap: Snapshot):
        self.reader = reader
        self.vocabulary = snap.vocabulary

    def frequency(self, word: Word) -> int:
        reader = self.reader
        best = max(reader.doc_frequency(f, word.stem) for f in ENGLISH_FIELDS)
        return max(best, self.vocabulary.frequency(word.word))

    def translated_frequency(self, token: str) -> int:
        return max(self.reader.doc_frequency(f, token) for f in TRANSLATED_FIELDS)

    def word_frequency(self, word: str) -> int:
        return self.vocabulary.frequency(word)

    def near(self, word: str, maxdist: int) -> set[str]:
        return self.vocabulary.near(word, maxdist)
