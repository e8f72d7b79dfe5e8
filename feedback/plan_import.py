"""Reading action plans from CSV and Excel files, checking every row before anything is written, keeping an
uploaded file between the preview and the import, and writing a plan back out as CSV or Excel.

The file's type is decided by its content, never its name: an Excel workbook is a zip (it starts with
PK\\x03\\x04) that openpyxl can open; a CSV file is text in UTF-8 (with or without a byte order mark) or
Windows-1252. Header names are matched without case, with the synonyms councils use ("By when", "BRAG").
Dates are read the British way, in the styles real plans use: "31-Mar-18", "31/03/2018", "Sept. 18",
"July 2019", "2019-07-31" or an Excel date; a month on its own means the last day of that month.
"""
from __future__ import annotations

import calendar
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _

from portal.uploads import UploadStore

from .models import AMBER, BLUE, GREEN, NOT_STARTED, RED, ActionPlan
from .plan_services import LEAD_MAX_LENGTH, REF_MAX_LENGTH, NewAction, _ref_key, latest_update

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 60
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # an Excel file is a zip: what it may hold once unpacked
HEADER_SEARCH_ROWS = 20  # a title or notes may sit above the header row

# Normalised header text -> the field it fills.
HEADERS = {
    "ref": ("ref", "reference", "ref no", "ref no.", "no", "no.", "number", "action ref", "action no",
            "action no."),
    "priority": ("priority", "workstream", "priority/workstream", "priority area", "work stream", "theme"),
    "description": ("action", "task", "actions", "action/task", "key action", "key actions",
                    "inspection findings/action", "key actions to address the areas for development", "what"),
    "lead": ("lead", "who", "lead officer", "lead officer/partner", "lead officer/partners", "owner",
             "responsible", "lead/owner"),
    "partners": ("partners", "partner", "partners involved", "other partners"),
    "start_on": ("start", "start date", "from", "starts"),
    "due_on": ("end", "due", "by when", "end date", "due date", "date to be completed by", "deadline",
               "target date", "completion date", "by"),
    "revised_due_on": ("revised end", "revised end date", "revised due", "revised due date", "revised date",
                       "revised by when"),
    "measure": ("measure", "success criteria", "measure of success", "measure/outcome", "measures",
                "success criteria/measures", "success measures", "measures of success", "outcome"),
    "evidence": ("evidence", "evidence of impact", "evidence of progress"),
    "comments": ("comments", "monitoring and updates", "progress update", "progress updates", "progress",
                 "update", "updates", "monitoring", "notes", "comment"),
    "status": ("status", "brag", "rag", "brag status", "rag status", "rag rating", "brag rating"),
}
_HEADER_LOOKUP = {synonym: name for name, synonyms in HEADERS.items() for synonym in synonyms}

STATUS_WORDS = {
    "blue": BLUE, "b": BLUE, "complete": BLUE, "completed": BLUE, "done": BLUE,
    "green": GREEN, "g": GREEN, "on track": GREEN,
    "amber": AMBER, "a": AMBER, "at risk": AMBER,
    "red": RED, "r": RED, "escalate": RED, "escalated": RED,
    "not started": NOT_STARTED, "": NOT_STARTED,
}

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
# Words a date cell may hold instead of a date: no date, and nothing wrong.
NO_DATE = {"", "-", "–", "n/a", "na", "tbc", "tba", "to be confirmed", "ongoing", "none"}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?!\d)")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*([a-z]+)\.?[\s\-/.,]*(\d{4}|\d{2})(?!\d)")
_MONTH_YEAR = re.compile(r"([a-z]+)\.?[\s\-/.,]*(\d{4}|\d{2})(?!\d)")
_TIME = re.compile(r"[T\s]*\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*$")
_LEADING_REF = re.compile(r"^(\d+(?:\.\d+)+)\s+(\S.*)$", re.S)
_PRIORITY = re.compile(r"^(?:priority\s*)?(\d+(?:\.\d+)*)\s*[:.\-–]?\s*(.*)$", re.I | re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message is for the person."""


class DateProblem(ValueError):
    """A cell that should hold a date does not."""


# --- dates and statuses ---------------------------------------------------------------------------------

def _year(text: str) -> int:
    value = int(text)
    if len(text) == 2:
        value += 2000 if value < 70 else 1900
    return value


def _month(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def parse_date(value) -> tuple[date | None, str]:
    """A cell's date (day first; a month alone is its last day) and any words after it; raises DateProblem."""
    if value is None:
        return None, ""
    if isinstance(value, datetime):
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial date (1954 to 2119)
            from openpyxl.utils.datetime import from_excel
            return from_excel(value).date(), ""
        raise DateProblem(str(value))
    text = " ".join(str(value).split())
    if text.lower() in NO_DATE:
        return None, ""
    lowered = text.lower()
    try:
        if match := _ISO.match(lowered):
            found = date(int(match[1]), int(match[2]), int(match[3]))
        elif match := _NUMERIC.match(lowered):
            found = date(_year(match[3]), int(match[2]), int(match[1]))
        elif (match := _DAY_MONTH_YEAR.match(lowered)) and _month(match[2]):
            found = date(_year(match[3]), _month(match[2]), int(match[1]))
        elif (match := _MONTH_YEAR.match(lowered)) and _month(match[1]):
            year, month = _year(match[2]), _month(match[1])
            found = date(year, month, calendar.monthrange(year, month)[1])
        else:
            raise DateProblem(text)
    except ValueError as error:  # 31/02/2019, month 13
        raise DateProblem(text) from error
    if not 1900 <= found.year <= 2100:
        raise DateProblem(text)
    rest = text[match.end():].strip()
    if rest and _TIME.fullmatch(rest):
        rest = ""
    # Words after the date are kept ("and ongoing"); another number straight after is not a date we know.
    if rest and rest[0].isdigit():
        raise DateProblem(text)
    return found, rest


def parse_status(value) -> str | None:
    """The status a cell names (blank is Not started), or None when it names none we know."""
    text = " ".join(str(value or "").replace("_", " ").replace("-", " ").split()).lower().rstrip(".")
    if text in STATUS_WORDS:
        return STATUS_WORDS[text]
    # "Green – on track", "Blue: complete": the first word decides if the rest agrees or is the key's wording.
    head = re.split(r"\s*[–—:(]\s*|\s+-\s+", str(value or "").strip(), maxsplit=1)[0].strip().lower()
    if head and head in STATUS_WORDS:
        return STATUS_WORDS[head]
    return None


# --- reading the file -----------------------------------------------------------------------------------

def detect_kind(data: bytes) -> str:
    """"xlsx" or "csv", decided by the content; raises ImportFileError for anything else."""
    if not data:
        raise ImportFileError(_("The file is empty"))
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if _decode(data) is not None:
        return "csv"
    raise ImportFileError(_("The file must be a CSV or Excel (.xlsx) file"))


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return None if _CONTROL.search(text) else text
    return None


def _too_many_rows() -> ImportFileError:
    return ImportFileError(_("The file has more than %(max)s rows", max=f"{MAX_ROWS:,}"))


def read_rows(data: bytes) -> tuple[str, list[list]]:
    """The file's kind and its rows (at most the header search plus MAX_ROWS); raises ImportFileError."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file must be smaller than 5 MB"))
    kind = detect_kind(data)
    limit = MAX_ROWS + HEADER_SEARCH_ROWS
    return kind, (_read_xlsx(data, limit) if kind == "xlsx" else _read_csv(_decode(data) or "", limit))


def _read_xlsx(data: bytes, limit: int) -> list[list]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
        if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
            raise ImportFileError(_("The file must be a CSV or Excel (.xlsx) file"))
        if unpacked > MAX_UNPACKED_BYTES:  # a small file that would unpack into something huge
            raise ImportFileError(_("The Excel file is too big to read: save it as CSV, or split it into smaller "
                                    "files"))
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportFileError:
        raise
    except Exception as error:  # not a workbook openpyxl can read: a plain zip, a broken or encrypted file
        raise ImportFileError(_("The file must be a CSV or Excel (.xlsx) file")) from error
    try:
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            rows.append(list(row))
            if len(rows) > limit:
                break
        return rows
    except ImportFileError:
        raise
    except Exception as error:
        raise ImportFileError(_("The file must be a CSV or Excel (.xlsx) file")) from error
    finally:
        book.close()


def _read_csv(text: str, limit: int) -> list[list]:
    delimiter = _delimiter(text)
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(row[:MAX_COLUMNS])
            if len(rows) > limit:
                break
    except csv.Error as error:
        raise ImportFileError(_("The file could not be read as CSV: check it was saved as “CSV (comma delimited)”")
                              ) from error
    return rows


def _delimiter(text: str) -> str:
    """The delimiter that finds the most known headers in the first lines (commas if none does better)."""
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        try:
            lines = list(csv.reader(io.StringIO(sample), delimiter=delimiter))
        except csv.Error:
            continue
        score = max((sum(1 for cell in line if header_field(cell)) for line in lines), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def header_field(text) -> str | None:
    """The field a column header names, or None."""
    if not isinstance(text, str):
        return None
    normal = " ".join(text.replace("\n", " ").split()).lower().rstrip(":*").strip()
    normal = re.sub(r"\s*/\s*", "/", normal)
    return _HEADER_LOOKUP.get(normal)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


# --- the preview ----------------------------------------------------------------------------------------

@dataclass
class PreviewRow:
    """One row of the file as it will be imported, with its problems."""

    line: int
    ref: str = ""
    priority_ref: str = ""
    priority_title: str = ""
    description: str = ""
    lead: str = ""
    partners: str = ""
    start_on: date | None = None
    due_on: date | None = None
    revised_due_on: date | None = None
    measure: str = ""
    evidence: str = ""
    comments: str = ""
    status: str | None = NOT_STARTED
    status_text: str = ""
    dates_as_written: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def to_new_action(self) -> NewAction:
        """The checked row, ready for `plan_services.import_actions`."""
        note = self.comments
        if self.dates_as_written:
            written = "; ".join(f"{column}: {text}" for column, text in self.dates_as_written)
            note = (note + "\n\n" if note else "") + _("Dates as written in the imported file: %(dates)s",
                                                        dates=written)
        return NewAction(priority_ref=self.priority_ref, priority_title=self.priority_title,
                         status=self.status or NOT_STARTED, note=note,
                         fields={"ref": self.ref, "description": self.description, "lead": self.lead,
                                 "partners": self.partners, "start_on": self.start_on, "due_on": self.due_on,
                                 "revised_due_on": self.revised_due_on, "measure": self.measure,
                                 "evidence": self.evidence})


@dataclass
class Preview:
    """What an import would do: every row with its problems, and the columns used and ignored."""

    kind: str
    rows: list[PreviewRow]
    columns: dict[str, str]  # field -> the header as written
    ignored: list[str]

    @property
    def problem_rows(self) -> list[PreviewRow]:
        """The rows with at least one problem."""
        return [row for row in self.rows if row.problems]

    @property
    def ok(self) -> bool:
        """True when there is something to import and no row has a problem."""
        return bool(self.rows) and not self.problem_rows


def build_preview(data: bytes, plan: ActionPlan | None = None) -> Preview:
    """Read a file and check every row (nothing is written); raises ImportFileError if it cannot be read."""
    kind, rows = read_rows(data)
    header_index = next((index for index, row in enumerate(rows[:HEADER_SEARCH_ROWS])
                         if any(header_field(cell) == "description" for cell in row)), None)
    if header_index is None:
        raise ImportFileError(_("The file must have a column headed “Action” (or “Task”) in its first "
                                "%(count)s rows", count=HEADER_SEARCH_ROWS))
    columns: dict[str, int] = {}
    written: dict[str, str] = {}
    ignored = []
    for index, cell in enumerate(rows[header_index]):
        name, label = header_field(cell), " ".join(_text(cell).split()).rstrip(":").strip()
        if name and name not in columns:
            columns[name] = index
            written[name] = label
        elif label:
            ignored.append(label)
    body = rows[header_index + 1:]
    if len(body) > MAX_ROWS:
        raise _too_many_rows()

    existing = {}
    if plan is not None:
        existing = {_ref_key(a.ref): a.ref for p in plan.priorities for a in p.actions}
    seen: dict[str, int] = {}
    preview_rows = []
    for offset, raw in enumerate(body):
        if not any(_text(cell) for cell in raw):
            continue
        line = header_index + offset + 2  # as a spreadsheet numbers it
        row = _check_row(raw, columns, written, line)
        key = _ref_key(row.ref)
        if row.ref:
            if key in seen:
                row.problems.append(_("Reference %(ref)s is also used on row %(line)s", ref=row.ref, line=seen[key]))
            elif key in existing:
                row.problems.append(_("Reference %(ref)s is already used in this plan", ref=row.ref))
            seen.setdefault(key, line)
        preview_rows.append(row)
    if not preview_rows:
        raise ImportFileError(_("The file has no actions under its header row"))
    return Preview(kind=kind, rows=preview_rows, columns=written, ignored=ignored)


def _check_row(raw: list, columns: dict[str, int], written: dict[str, str], line: int) -> PreviewRow:
    def cell(name):
        index = columns.get(name)
        return raw[index] if index is not None and index < len(raw) else None

    row = PreviewRow(line=line)
    for name in ("ref", "description", "lead", "partners", "measure", "evidence", "comments"):
        setattr(row, name, _text(cell(name)))
    if not row.ref and (match := _LEADING_REF.match(row.description)):
        row.ref, row.description = match[1], match[2].strip()  # "5.1.7 Establish a mechanism…"

    if not row.description:
        row.problems.append(_("The action is missing"))
    if not row.ref:
        row.problems.append(_("The reference is missing"))
    elif len(row.ref) > REF_MAX_LENGTH:
        row.problems.append(_("The reference must be %(max)s characters or fewer", max=REF_MAX_LENGTH))
    if len(row.lead) > LEAD_MAX_LENGTH:
        row.problems.append(_("The lead must be %(max)s characters or fewer", max=LEAD_MAX_LENGTH))

    priority = _text(cell("priority"))
    if priority:
        match = _PRIORITY.match(priority)
        if match:
            row.priority_ref, row.priority_title = match[1], match[2].strip()
        else:
            row.priority_title = priority
    elif "." in row.ref:
        row.priority_ref = row.ref.rsplit(".", 1)[0]  # "5.1.7" belongs to 5.1
    else:
        row.priority_title = _("Other actions")
    if len(row.priority_ref) > REF_MAX_LENGTH:
        row.problems.append(_("The priority’s reference must be %(max)s characters or fewer", max=REF_MAX_LENGTH))

    for name in ("start_on", "due_on", "revised_due_on"):
        value = cell(name)
        try:
            found, rest = parse_date(value)
        except DateProblem:
            row.problems.append(_("“%(value)s” in %(column)s is not a date: write it like 31/03/2019 or March 2019",
                                  value=_text(value), column=written[name]))
            continue
        setattr(row, name, found)
        text = _text(value)
        if rest or (found is None and text.lower() not in ("", "-", "–")):
            row.dates_as_written.append((written[name], text))
    if row.start_on and row.due_on and row.due_on < row.start_on:
        row.problems.append(_("The end date is before the start date"))
    if row.start_on and row.revised_due_on and row.revised_due_on < row.start_on:
        row.problems.append(_("The revised end date is before the start date"))

    row.status_text = _text(cell("status"))
    row.status = parse_status(row.status_text)
    if row.status is None:
        row.problems.append(_("“%(value)s” is not a status: use Blue, Green, Amber, Red or Not started",
                              value=row.status_text))
    return row


# --- keeping an upload between the preview and the import ------------------------------------------------

UPLOAD_MAX_AGE = 24 * 60 * 60  # seconds an unused upload is kept
_uploads = UploadStore("plan-imports", max_bytes=MAX_BYTES, max_age=UPLOAD_MAX_AGE)
save_upload = _uploads.save
load_upload = _uploads.load
delete_upload = _uploads.delete


# --- export ---------------------------------------------------------------------------------------------

# Column names of an exported plan. They are a file format, read back by the import above, so they stay in
# English whatever language the officer reads the site in.
EXPORT_HEADERS = ("Ref", "Priority", "Action", "Lead", "Partners", "Start", "End", "Revised end", "Measure",
                  "Evidence", "Status", "Comments", "Last updated", "Linked feedback items")
EXPORT_STATUS = {NOT_STARTED: "Not started", BLUE: "Blue", GREEN: "Green", AMBER: "Amber", RED: "Red"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_rows(plan: ActionPlan) -> list[list]:
    """The plan as rows of cells (dates as dates), header first."""
    rows: list[list] = [list(EXPORT_HEADERS)]
    for priority in plan.priorities:
        priority_text = " ".join(part for part in (priority.ref, priority.title) if part)
        for action in priority.actions:
            latest = latest_update(action)
            rows.append([action.ref, priority_text, action.description, action.lead, action.partners,
                         action.start_on, action.due_on, action.revised_due_on, action.measure, action.evidence,
                         EXPORT_STATUS.get(action.status, action.status), latest.note if latest else "",
                         latest.created_at.date() if latest else None, len(action.items)])
    return rows


def _date_text(value) -> str:
    return value.strftime("%d-%b-%Y") if isinstance(value, date) else value


def export_csv(plan: ActionPlan) -> bytes:
    """The plan as CSV (UTF-8 with a byte order mark, so Excel reads it right), formulas neutralised."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    for row in export_rows(plan):
        writer.writerow([neutralise(_date_text(cell)) if cell is not None else "" for cell in row])
    return out.getvalue().encode("utf-8-sig")


def export_xlsx(plan: ActionPlan) -> bytes:
    """The plan as an Excel workbook, formulas neutralised, dates as real dates."""
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    for index, row in enumerate(export_rows(plan)):
        cells = []
        for value in row:
            if isinstance(value, str):
                value = neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
            cells.append(value)
        sheet.append(cells)
        if index == 0:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, (date, datetime)):
                cell.number_format = "DD-MMM-YYYY"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
