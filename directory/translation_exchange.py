"""Strings for a translator: export what needs translating (CSV or XLIFF 1.2), import it back.

Each string is one field of one record, named by an id "kind/object id/field" (for example
"service/0b6f…/summary"). An export carries the English it was made from; on import, that English
is what the translation is recorded against, so if the English changed while the file was with the
translator, the imported translation shows as "may be out of date" straight away.

Importing is all or nothing and idempotent:
- every row is checked first; if any row is wrong (unknown id or language, two different
  translations of one string), nothing is imported and each problem is reported by row;
- a row whose translation is already stored as it is changes nothing, so importing the same file
  twice changes nothing the second time;
- an empty translation is left alone (it never removes a stored one).

XLIFF is read with the standard library; documents with a DOCTYPE are refused (XLIFF needs none, and
entity declarations are how XML parsers are attacked).
"""
from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET  # nosec B405: only builds XML for export; reading uses defusedxml
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from flask_babel import gettext as _

from portal.extensions import db
from portal.uploads import UploadStore
from portal.models import User

from . import content_translations as ct
from .exports import BOM, FORMULA_STARTS, neutralise
from .models import ContentTranslation

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
CSV_COLUMNS = ["id", "language", "context", "english", "translation"]
REQUIRED_COLUMNS = ("id", "language", "translation")
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
UPLOAD_MAX_AGE = 24 * 60 * 60  # an upload nobody went on to import is deleted after a day
SCOPE_MISSING, SCOPE_ALL = "missing", "all"
FORMAT_CSV, FORMAT_XLIFF = "csv", "xliff"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message is for the person."""


# ---------------------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------------------

@dataclass
class Unit:
    """One string to translate."""

    kind: ct.ContentKind
    record: object
    field: str
    language: str
    english: str
    translation: str = ""
    reviewed: bool = False
    out_of_date: bool = False

    @property
    def id(self) -> str:
        return unit_id(self.kind.name, self.kind.key(self.record), self.field)

    @property
    def context(self) -> str:
        """Where the string is used, for the translator."""
        return f"{self.kind.label}: {self.kind.title(self.record)} – {self.kind.fields[self.field]}"

    @property
    def state(self) -> str:
        """The XLIFF 1.2 state of the target."""
        if not self.translation:
            return "needs-translation"
        if self.out_of_date:
            return "needs-review-translation"
        return "signed-off" if self.reviewed else "translated"


def unit_id(kind: str, object_id: str, field_name: str) -> str:
    return f"{kind}/{object_id}/{field_name}"


def export_units(language: str, scope: str = SCOPE_MISSING, kinds: list[str] | None = None) -> list[Unit]:
    """The strings of every public record, for one language: all, or only those missing or out of date."""
    if not ct.is_target_language(language):
        raise ValueError(f"not a language content is translated into: {language!r}")
    units = []
    for kind_name in kinds or list(ct.KINDS):
        kind = ct.KINDS[kind_name]
        stored: dict[str, dict[str, ContentTranslation]] = {}
        for row in db.session.scalars(db.select(ContentTranslation).where(
                ContentTranslation.kind == kind.name, ContentTranslation.language == language)):
            stored.setdefault(row.object_id, {})[row.field] = row
        for record in kind.records():
            rows = stored.get(kind.key(record), {})
            for field_name in kind.fields:
                english = kind.english(record, field_name)
                if not english:
                    continue
                row = rows.get(field_name)
                unit = Unit(kind, record, field_name, language, english)
                if row is not None and row.text:
                    unit.translation, unit.reviewed = row.text, row.reviewed
                    unit.out_of_date = ct.is_out_of_date(row, english)
                if scope == SCOPE_ALL or not unit.translation or unit.out_of_date:
                    units.append(unit)
    return units


def export_csv(units: list[Unit]) -> str:
    """The strings as CSV (UTF-8 with a byte order mark, so spreadsheets read every script)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for unit in units:
        writer.writerow([unit.id, unit.language, neutralise(unit.context), neutralise(unit.english),
                         neutralise(unit.translation)])
    return BOM + out.getvalue()


def _xml_text(text: str) -> str:
    return _CONTROL.sub("", text or "")


def export_xliff(units: list[Unit], language: str) -> bytes:
    """The strings as an XLIFF 1.2 document, one trans-unit per string."""
    ET.register_namespace("", XLIFF_NS)
    root = ET.Element(f"{{{XLIFF_NS}}}xliff", {"version": "1.2"})
    file_el = ET.SubElement(root, f"{{{XLIFF_NS}}}file", {
        "original": "local-offer", "datatype": "plaintext", "source-language": ct.SOURCE_LANGUAGE,
        "target-language": language})
    body = ET.SubElement(file_el, f"{{{XLIFF_NS}}}body")
    for unit in units:
        el = ET.SubElement(body, f"{{{XLIFF_NS}}}trans-unit", {"id": unit.id, f"{{{XML_NS}}}space": "preserve"})
        ET.SubElement(el, f"{{{XLIFF_NS}}}source").text = _xml_text(unit.english)
        target = ET.SubElement(el, f"{{{XLIFF_NS}}}target", {"state": unit.state})
        target.text = _xml_text(unit.translation)
        ET.SubElement(el, f"{{{XLIFF_NS}}}note").text = _xml_text(unit.context)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# ---------------------------------------------------------------------------------------------------------
# Reading a file
# ---------------------------------------------------------------------------------------------------------

@dataclass
class Row:
    """One string as the file gives it."""

    number: int  # CSV: the spreadsheet row (the header is row 1); XLIFF: the trans-unit's position
    id: str
    language: str
    english: str | None  # None when the file does not give the English
    translation: str


def _unneutralise(text: str) -> str:
    """Take off the quote an export put before text a spreadsheet would run as a formula."""
    if text.startswith("'") and text[1:2] and text[1:2].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def read_rows(data: bytes) -> list[Row]:
    """The rows of an uploaded CSV or XLIFF file (which one, from its content), or ImportFileError."""
    if not data or not data.strip():
        raise ImportFileError(_("The file is empty"))
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file must be smaller than 10 MB"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("The file must be saved as UTF-8 (CSV UTF-8 in Excel)")) from None
    rows = _xliff_rows(data) if text.lstrip().startswith("<") else _csv_rows(text)
    if not rows:
        raise ImportFileError(_("The file has no strings in it"))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("The file has more than %(max)s strings: split it into smaller files",
                                max=f"{MAX_ROWS:,}"))
    return rows


def _csv_rows(text: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
    except csv.Error:
        raise ImportFileError(_("The file is not a CSV file we can read")) from None
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ImportFileError(_("The file must have the columns %(columns)s; it has no %(missing)s column",
                                columns=", ".join(REQUIRED_COLUMNS), missing=", ".join(missing)))
    where = {name: header.index(name) for name in CSV_COLUMNS if name in header}
    rows = []
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue

            def cell(name: str) -> str | None:
                index = where.get(name)
                if index is None:
                    return None
                return _unneutralise(cells[index]) if index < len(cells) else ""

            rows.append(Row(number, (cell("id") or "").strip(), (cell("language") or "").strip().lower(),
                            cell("english"), cell("translation") or ""))
            if len(rows) > MAX_ROWS:
                break
    except csv.Error:
        raise ImportFileError(_("The file is not a CSV file we can read")) from None
    return rows


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _normal_language(code: str) -> str:
    code = (code or "").strip().replace("_", "-").lower()
    return code if ct.is_target_language(code) else code.split("-")[0]


def _xliff_rows(data: bytes) -> list[Row]:
    head = data[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data.upper():
        raise ImportFileError(_("The XLIFF file must not have a DOCTYPE"))
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException):
        raise ImportFileError(_("The file is not an XLIFF file we can read")) from None
    if _local(root.tag) != "xliff":
        raise ImportFileError(_("The file is not an XLIFF file we can read"))
    rows = []
    number = 0
    for file_el in (el for el in root if _local(el.tag) == "file"):
        language = _normal_language(file_el.get("target-language", ""))
        if not language:
            raise ImportFileError(_("The XLIFF file does not say which language it is in (target-language)"))
        for unit in (el for el in file_el.iter() if _local(el.tag) == "trans-unit"):
            number += 1
            source = next((el for el in unit if _local(el.tag) == "source"), None)
            target = next((el for el in unit if _local(el.tag) == "target"), None)
            rows.append(Row(number, (unit.get("id") or "").strip(), language,
                            "".join(source.itertext()) if source is not None else None,
                            "".join(target.itertext()) if target is not None else ""))
            if len(rows) > MAX_ROWS:
                return rows
    return rows


# ---------------------------------------------------------------------------------------------------------
# Preview and import
# ---------------------------------------------------------------------------------------------------------

ADDED, CHANGED, CHECKED = "added", "changed", "checked"


@dataclass
class Change:
    """What importing one row will do."""

    row: int
    kind: ct.ContentKind
    record: object
    field: str
    language: str
    old: str  # the stored translation, "" if none
    new: str
    action: str  # ADDED, CHANGED, or CHECKED (same words, now marked checked by a fluent speaker)
    reviewed: bool
    english: str  # what the translation was made from
    english_changed: bool  # the English is no longer what the translator saw

    @property
    def title(self) -> str:
        return self.kind.title(self.record)

    @property
    def field_label(self) -> str:
        return str(self.kind.fields[self.field])


@dataclass
class Preview:
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0  # rows already stored exactly so
    blank: int = 0  # rows with no translation (left alone)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row, message): nothing is imported

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def languages(self) -> list[str]:
        return sorted({change.language for change in self.changes})


def _parse_id(text: str) -> tuple[ct.ContentKind, str, str] | None:
    parts = text.split("/")
    if len(parts) != 3:
        return None
    kind = ct.KINDS.get(parts[0])
    if kind is None or parts[2] not in kind.fields or not parts[1]:
        return None
    return kind, parts[1], parts[2]


def preview_import(rows: list[Row], reviewed: bool = False) -> Preview:
    """What importing these rows would do, and every problem that stops it (nothing is written)."""
    preview = Preview()
    seen: dict[tuple[str, str], tuple[int, str]] = {}
    records: dict[tuple[str, str], object] = {}
    stored: dict[tuple[str, str, str, str], ContentTranslation] = {}
    loaded_languages: set[tuple[str, str]] = set()
    for row in rows:
        parsed = _parse_id(row.id)
        if parsed is None:
            preview.problems.append((row.number, _("Row %(row)s: “%(id)s” is not the id of anything we translate",
                                                   row=row.number, id=row.id[:120])))
            continue
        kind, object_id, field_name = parsed
        if not ct.is_target_language(row.language):
            preview.problems.append((row.number, _(
                "Row %(row)s: “%(language)s” is not one of the languages we translate into",
                row=row.number, language=row.language[:20])))
            continue
        translation = ct.clean_text(row.translation)
        key = (row.id, row.language)
        if key in seen:
            first_row, first_text = seen[key]
            if first_text != translation:
                preview.problems.append((row.number, _(
                    "Row %(row)s: “%(id)s” is also in row %(first)s with a different translation",
                    row=row.number, id=row.id, first=first_row)))
            continue
        seen[key] = (row.number, translation)
        record_key = (kind.name, object_id)
        if record_key not in records:
            records[record_key] = kind.get(object_id)
        record = records[record_key]
        if record is None:
            preview.problems.append((row.number, _("Row %(row)s: there is no longer anything with the id “%(id)s”",
                                                   row=row.number, id=row.id)))
            continue
        limit = ct.MAX_LENGTHS.get(field_name, ct.DEFAULT_MAX_LENGTH)
        if len(translation) > limit:
            preview.problems.append((row.number, _("Row %(row)s: the translation must be %(max)s characters or fewer",
                                                   row=row.number, max=f"{limit:,}")))
            continue
        if not translation:
            preview.blank += 1
            continue
        current = kind.english(record, field_name)
        english = current if row.english is None else ct.clean_text(row.english)
        if (kind.name, row.language) not in loaded_languages:
            loaded_languages.add((kind.name, row.language))
            for existing in db.session.scalars(db.select(ContentTranslation).where(
                    ContentTranslation.kind == kind.name, ContentTranslation.language == row.language)):
                stored[(kind.name, existing.object_id, row.language, existing.field)] = existing
        existing = stored.get((kind.name, kind.key(record), row.language, field_name))
        fingerprint = ct.source_hash(english)
        same_words = existing is not None and existing.text == translation and existing.source_hash == fingerprint
        # Importing the same words again never un-checks them; ticking "checked" checks them.
        will_be_reviewed = reviewed or (same_words and existing.reviewed)
        if same_words and existing.reviewed == will_be_reviewed:
            preview.unchanged += 1
            continue
        action = ADDED if existing is None else (CHECKED if same_words else CHANGED)
        preview.changes.append(Change(
            row.number, kind, record, field_name, row.language, existing.text if existing else "", translation,
            action, will_be_reviewed, english, ct.source_hash(current) != fingerprint))
    return preview


class ImportRefused(ValueError):
    """The file has problems, so nothing was imported."""

    def __init__(self, preview: Preview):
        super().__init__(_("Nothing was imported: fix the problems in the file and upload it again"))
        self.preview = preview


def import_rows(user: User | None, rows: list[Row], reviewed: bool = False, *, trusted: bool = False) -> Preview:
    """Import the rows, all or none (ImportRefused, nothing written, when any row has a problem).

    Only officers may mark what they import as checked by a fluent speaker, or, with TRUSTED, whoever runs
    `flask translations import` on the server (USER is then None).
    """
    preview = preview_import(rows, reviewed and (trusted or ct.may_mark_reviewed(user)))
    if not preview.ok:
        raise ImportRefused(preview)
    try:
        for change in preview.changes:
            ct.stage_translation(user, change.kind, change.record, change.language, change.field, change.new,
                      change.reviewed, english=change.english)
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()
    return preview


# ---------------------------------------------------------------------------------------------------------
# Uploads waiting for the officer to confirm them
# ---------------------------------------------------------------------------------------------------------

_uploads = UploadStore("translation-imports", max_bytes=MAX_BYTES, max_age=UPLOAD_MAX_AGE)
save_upload = _uploads.save
load_upload = _uploads.load
delete_upload = _uploads.delete
