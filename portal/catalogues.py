"""Interface translation catalogues: what each language lacks, filling it, and the completeness rule.

Translators work on JSON (`flask translate todo LANG` → file, `flask translate fill LANG FILE`), which
is easier to hand to a person or a tool than a .po file; the .po stays the source of truth.
"""
import fcntl
import json
from functools import lru_cache
import os
import re
from dataclasses import dataclass

from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po

from . import ROOT

TRANSLATIONS = os.path.join(ROOT, "translations")
POT = os.path.join(TRANSLATIONS, "messages.pot")
ABOUT_FILE = os.path.join(TRANSLATIONS, "catalogues.json")

# "%(num)d" style placeholders and HTML tags must survive translation exactly.
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdif]|%[sdif]|<[^>]+>")


def po_path(language: str) -> str:
    """Where the catalogue for LANGUAGE lives."""
    return os.path.join(TRANSLATIONS, language, "LC_MESSAGES", "messages.po")


def read_catalogue(path: str) -> Catalog:
    """A catalogue read from a .po or .pot file."""
    with open(path, "rb") as fh:
        return read_po(fh)


def write_catalogue(catalogue: Catalog, path: str) -> None:
    """Write a catalogue back, keeping entries sorted so diffs stay small."""
    with open(path, "wb") as fh:
        write_po(fh, catalogue, width=120, sort_output=True, omit_header=False, ignore_obsolete=True)


def placeholders(text: str) -> list[str]:
    """The placeholders and tags in a string, sorted (order may change in translation)."""
    return sorted(PLACEHOLDER.findall(text or ""))


def _ids(message) -> tuple[str, str | None]:
    if isinstance(message.id, (list, tuple)):
        return message.id[0], message.id[1]
    return message.id, None


def _strings(message) -> list[str]:
    if isinstance(message.string, (list, tuple)):
        return list(message.string)
    return [message.string]


def untranslated(language: str) -> list[dict]:
    """Entries of LANGUAGE's catalogue that are empty or fuzzy, as JSON-ready dicts for a translator."""
    catalogue = read_catalogue(po_path(language))
    entries = []
    for message in catalogue:
        if not message.id:
            continue
        strings = _strings(message)
        if message.fuzzy or not all(strings):
            singular, plural = _ids(message)
            entry = {"id": singular}
            if plural is not None:
                entry["plural"] = plural
                entry["forms"] = catalogue.num_plurals
                entry["plural_rule"] = catalogue.plural_expr
            if message.context:
                entry["context"] = message.context
            entries.append(entry)
    return entries


@dataclass
class FillResult:
    filled: int
    rejected: list[str]


def fill(language: str, entries: list[dict]) -> FillResult:
    """Put a translator's strings into LANGUAGE's catalogue; entries with wrong placeholders are rejected."""
    path = po_path(language)
    # Several translators may fill one language at once: read, change and write under a lock.
    with open(path + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _fill_locked(path, entries)


def _fill_locked(path: str, entries: list[dict]) -> FillResult:
    catalogue = read_catalogue(path)
    filled, rejected = 0, []
    for entry in entries:
        message = catalogue.get(entry["id"], context=entry.get("context"))
        if message is None:
            rejected.append(f"not in the catalogue: {entry['id'][:60]!r}")
            continue
        singular, plural = _ids(message)
        if plural is not None:
            strings = entry.get("strs") or []
            if len(strings) != catalogue.num_plurals or not all(strings):
                rejected.append(f"needs {catalogue.num_plurals} plural forms: {singular[:60]!r}")
                continue
            expected = placeholders(plural)
            if any(placeholders(s) != expected for s in strings):
                rejected.append(f"placeholders differ: {singular[:60]!r}")
                continue
            message.string = tuple(strings)
        else:
            text = entry.get("str") or ""
            if not text.strip():
                rejected.append(f"empty: {singular[:60]!r}")
                continue
            if placeholders(text) != placeholders(singular):
                rejected.append(f"placeholders differ: {singular[:60]!r}")
                continue
            message.string = text
        message.flags.discard("fuzzy")
        filled += 1
    write_catalogue(catalogue, path)
    return FillResult(filled, rejected)


def catalogue_problems(language: str, expected_ids: set[str]) -> list[str]:
    """Everything wrong with LANGUAGE's catalogue: missing, fuzzy, empty, placeholders unlike the English."""
    catalogue = read_catalogue(po_path(language))
    problems = []
    present = set()
    if language != "en":
        rule = get_plural(language)
        if catalogue.num_plurals != rule.num_plurals:
            problems.append(f"{language}: {catalogue.num_plurals} plural forms, Babel says {rule.num_plurals}")
    for message in catalogue:
        if not message.id:
            continue
        singular, plural = _ids(message)
        present.add(singular)
        if language == "en":
            continue  # English shows the msgid itself
        strings = _strings(message)
        if message.fuzzy:
            problems.append(f"{language}: fuzzy: {singular[:60]!r}")
        elif not all(strings):
            problems.append(f"{language}: empty: {singular[:60]!r}")
        else:
            expected = placeholders(plural if plural is not None else singular)
            if any(placeholders(s) != expected for s in strings):
                problems.append(f"{language}: placeholders differ: {singular[:60]!r}")
    for missing in sorted(expected_ids - present):
        problems.append(f"{language}: missing: {missing[:60]!r}")
    return problems


@lru_cache(maxsize=1)
def about_catalogues() -> dict:
    """Who translated each catalogue and whether a fluent speaker has reviewed it (translations/catalogues.json)."""
    with open(ABOUT_FILE, encoding="utf-8") as fh:
        return json.load(fh)
