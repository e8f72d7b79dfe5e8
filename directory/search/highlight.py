"""The summary shown under each result, escaped, with the words that matched the query marked."""
from __future__ import annotations

from collections.abc import Collection

from markupsafe import Markup, escape

from .text import words


def highlight(summary: str, stems: Collection[str], phrases: Collection[tuple[str, ...]] = ()) -> Markup:
    """`summary` HTML-escaped, with words whose stem is in `stems`, and runs making `phrases`, in <mark>."""
    summary = summary or ""
    if not stems and not phrases:
        return escape(summary)  # already Markup, and nothing unescaped in it
    found = words(summary)
    seq = [w.stem for w in found]
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):  # longest first
        by_first.setdefault(phrase[0], []).append(phrase)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(found):
        length = next((len(p) for p in by_first.get(seq[i], ()) if tuple(seq[i:i + len(p)]) == p), 0)
        if length:
            # A phrase is marked as a whole, with the stop words and punctuation inside it.
            spans.append((found[i].start, found[i + length - 1].end))
            i += length
            continue
        if seq[i] in stems:
            spans.append((found[i].start, found[i].end))
        i += 1
    parts: list[str] = []
    done = 0
    for start, end in spans:
        parts += [escape(summary[done:start]), Markup("<mark>%s</mark>") % summary[start:end]]
        done = end
    parts.append(escape(summary[done:]))
    return Markup("").join(parts)
