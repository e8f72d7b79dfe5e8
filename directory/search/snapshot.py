"""Per index generation, what filters, facets and sorting need, held in memory by document number.

Whoosh would read stored fields or columns for every match in Python; at 30 000 services that is
the slow part of a search. Here each segment's stored fields are read once (segments never change,
only gain deletions), and sets of documents are Python ints used as bitsets, so a filter is an AND
and a facet count is `(a & b).bit_count()`, both at C speed.
"""
from __future__ import annotations

import threading
import uuid
from collections import Counter
from itertools import compress

from .distance import Grid, Points, prepare
from .spelling import Vocabulary

MAX_CACHED_AGE = 120  # filter bitsets are kept for real ages only
FREE = ("free", "yes")
SELF_REFERRAL = ("self_referral", "yes")
LIST_FACETS = (("category", "categories"), ("need", "needs"), ("delivery", "delivery"))

_BIT = bytes(1 << i for i in range(8))
_FLAGS = bytes.maketrans(b"01", b"\x00\x01")


def bits_of(docnums, size: int) -> int:
    """A bitset of document numbers."""
    buf = bytearray(size // 8 + 1)
    for d in docnums:
        buf[d >> 3] |= _BIT[d & 7]
    return int.from_bytes(buf, "little")


def docnums_of(bits: int) -> list[int]:
    """The document numbers in a bitset, ascending."""
    if not bits:
        return []
    # One byte per document (bit i at index i), then compress() picks the numbers at C speed.
    flags = bin(bits)[:1:-1].encode("ascii").translate(_FLAGS)
    return list(compress(range(len(flags)), flags))


class SegmentData:
    """What one segment's stored fields hold, by segment-local document number."""

    def __init__(self, reader, text_fields: tuple[str, ...]):
        n = reader.doc_count_all()
        self.count = n
        self.ids: list[str | None] = [None] * n
        self.names: list[str] = [""] * n
        self.updated: list[float] = [0.0] * n
        self.assured: list[int] = [0] * n
        self.points: list[Points] = [None] * n
        self.age_min: list[int] = [0] * n
        self.age_max: list[int] = [-1] * n  # deleted documents match no age
        keys: dict[tuple[str, str], bytearray] = {}
        located = bytearray(n // 8 + 1)
        self.words: Counter = Counter()

        def mark(key, d):
            buf = keys.get(key)
            if buf is None:
                buf = keys[key] = bytearray(n // 8 + 1)
            buf[d >> 3] |= _BIT[d & 7]

        for d, fields in reader.iter_docs():  # deleted documents are skipped
            self.ids[d] = fields["id"]
            self.names[d] = fields.get("name", "").casefold()
            self.updated[d] = fields.get("updated", 0.0)
            self.assured[d] = fields.get("assured", 0)
            self.points[d] = prepare(fields.get("points"))
            if self.points[d] is not None:
                located[d >> 3] |= _BIT[d & 7]
            self.age_min[d] = fields.get("age_min", 0)
            self.age_max[d] = fields.get("age_max", 200)
            for facet, stored in LIST_FACETS:
                for value in fields.get(stored) or ():
                    mark((facet, value), d)
            if fields.get("free"):
                mark(FREE, d)
            if fields.get("self_referral"):
                mark(SELF_REFERRAL, d)
            self.words.update((fields.get("words") or "").split())
        self.keys = {key: int.from_bytes(buf, "little") for key, buf in keys.items()}
        self.located = int.from_bytes(located, "little")
        # Words per field, for BM25's discount of long fields (Whoosh gives None for an empty field).
        # A field no document uses (translations, often) needs no reading document by document.
        self.lengths = {field: [reader.doc_field_length(d, field, 0) or 0 for d in range(n)]
                        if reader.field_length(field) else [0] * n
                        for field in text_fields}


class Snapshot:
    """One index generation: documents' ids, sort keys, points and filter bitsets."""

    def __init__(self, reader, cache: dict[str, SegmentData], text_fields: tuple[str, ...]):
        """Assemble from a (multi-)reader, reusing cached segments; `cache` is updated in place."""
        self.size = reader.doc_count_all()
        self.lengths: dict[str, list[int]] = {field: [] for field in text_fields}
        self.ids: list[str | None] = []
        self.names: list[str] = []
        self.updated: list[float] = []
        self.assured: list[int] = []
        self.points: list[Points] = []
        self._age_min: list[int] = []
        self._age_max: list[int] = []
        self.keys: dict[tuple[str, str], int] = {}
        live = located = 0
        used = {}
        for seg_reader, offset in leaves(reader):
            segment = seg_reader.segment()
            seg_id = segment.segment_id()
            data = cache.get(seg_id) or SegmentData(seg_reader, text_fields)
            used[seg_id] = data
            for field in text_fields:
                self.lengths[field] += data.lengths[field]
            self.ids += data.ids
            self.names += data.names
            self.updated += data.updated
            self.assured += data.assured
            self.points += data.points
            self._age_min += data.age_min
            self._age_max += data.age_max
            seg_live = (1 << data.count) - 1
            if seg_reader.has_deletions():
                seg_live &= ~bits_of(segment.deleted_docs(), data.count)
            live |= seg_live << offset
            located |= data.located << offset
            for key, bits in data.keys.items():
                self.keys[key] = self.keys.get(key, 0) | (bits << offset)
        self.live = live
        self.located = located & live  # documents with at least one point
        count = max(1, live.bit_count())
        self.average_length = {field: (sum(self.lengths[field]) / count) or 1.0 for field in text_fields}
        self._norms: dict[tuple, list[float]] = {}
        self.keys = {key: bits & live for key, bits in self.keys.items()}
        cache.clear()
        cache.update(used)
        self._segment_data = list(used.values())
        self._vocabulary: Vocabulary | None = None
        self._lock = threading.Lock()
        self._ages: dict[int, int] = {}
        self._orders: dict[str, list[int]] = {}
        self._grid: Grid | None = None

    def norms(self, field: str, fixed: float, per_word: float) -> list[float]:
        """fixed + per_word * length, per document: BM25's denominator less the term frequency."""
        key = (field, fixed, per_word)
        found = self._norms.get(key)
        if found is None:
            found = [fixed + per_word * length for length in self.lengths[field]]
            with self._lock:
                self._norms[key] = found
        return found

    @property
    def grid(self) -> Grid:
        """The located documents by map cell, built on the first search sorted by distance."""
        if self._grid is None:
            self._grid = Grid(self.points)
        return self._grid

    @property
    def vocabulary(self) -> Vocabulary:
        """Every word in the listings with its listing count (deleted listings' words linger until a merge)."""
        if self._vocabulary is None:
            counts: Counter = Counter()
            for data in self._segment_data:
                counts.update(data.words)
            self._vocabulary = Vocabulary(counts)
        return self._vocabulary

    def service_id(self, docnum: int) -> uuid.UUID:
        return uuid.UUID(self.ids[docnum])

    def count(self) -> int:
        return self.live.bit_count()

    def key(self, facet: str, value: str) -> int:
        return self.keys.get((facet, value), 0)

    def age(self, age: int) -> int:
        """Documents whose age range includes `age`."""
        bits = self._ages.get(age)
        if bits is None:
            lo, hi = self._age_min, self._age_max
            bits = bits_of((d for d in range(self.size) if lo[d] <= age <= hi[d]), self.size) & self.live
            if 0 <= age <= MAX_CACHED_AGE:
                with self._lock:
                    self._ages[age] = bits
        return bits

    def order(self, sort: str) -> list[int]:
        """Live documents by name (A to Z) or by last update (newest first), ties by name."""
        found = self._orders.get(sort)
        if found is None:
            found = sorted(docnums_of(self.live), key=self.names.__getitem__)
            if sort == "updated":
                # Sorting is stable (reverse=True too), so services updated together stay in name order.
                found.sort(key=self.updated.__getitem__, reverse=True)
            with self._lock:
                self._orders[sort] = found
        return found

    def facets(self, bits: int) -> dict[str, dict[str, int]]:
        """Counts of each facet value within a set of documents."""
        out: dict[str, dict[str, int]] = {"category": {}, "need": {}, "delivery": {}}
        for (facet, value), key_bits in self.keys.items():
            n = (bits & key_bits).bit_count()
            if facet in out and n:
                out[facet][value] = n
        out["free"] = {"yes": (bits & self.key(*FREE)).bit_count()}
        out["self_referral"] = {"yes": (bits & self.key(*SELF_REFERRAL)).bit_count()}
        return out


def leaves(reader) -> list[tuple[object, int]]:
    """A reader's segment readers with the document number each starts at."""
    if not reader.doc_count_all():
        return []
    if reader.is_atomic():
        return [(reader, 0)]
    return list(reader.leaf_readers())
