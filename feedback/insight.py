"""Insight for officers: what families search for, what finds nothing, and how much feedback arrives.

Built from SearchEvent (no personal data) and FeedbackItem, for one month or the last 12 months
(months as in England). Every table can be downloaded as CSV; cells that a spreadsheet would run
as a formula are neutralised.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timezone

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from directory.models import SearchEvent, TaxonomyTerm
from portal.extensions import db

from . import standards
from .models import ITEM_STATES, THEMES, FeedbackItem

TOP_LIMIT = 20
ZERO_LIMIT = 50
FILTER_LIMIT = 20
MONTHS_OFFERED = 24

TABLES = ("top", "zero", "filters", "themes", "statuses")
TABLE_TITLES = {
    "top": _l("Top searches"),
    "zero": _l("Searches that found nothing"),
    "filters": _l("Filter combinations that found nothing"),
    "themes": _l("Feedback by theme"),
    "statuses": _l("Feedback by status"),
}
# How each recorded filter is described, in this order.
FILTER_ORDER = ("category", "need", "age", "free", "self_referral", "delivery", "postcode_district")
FILTER_LABELS = {
    "category": _l("Category"),
    "need": _l("Need"),
    "age": _l("Age"),
    "free": _l("Free only"),
    "self_referral": _l("Self-referral"),
    "delivery": _l("Delivery"),
    "postcode_district": _l("Near"),
}
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Period:
    """A month, or the 12 months to the current one; start and end as stored (naive UTC) times."""

    kind: str  # "month" or "year"
    first_month: date
    last_month: date

    @property
    def start(self) -> datetime:
        return _utc(self.first_month)

    @property
    def end(self) -> datetime:
        following = date(self.last_month.year + (self.last_month.month == 12), self.last_month.month % 12 + 1, 1)
        return _utc(following)

    @property
    def month(self) -> str:
        return f"{self.last_month:%Y-%m}"

    @property
    def label(self) -> str:
        if self.kind == "year":
            return _("%(first)s to %(last)s", first=format_date(self.first_month, "MMMM yyyy"),
                     last=format_date(self.last_month, "MMMM yyyy"))
        return format_date(self.last_month, "MMMM yyyy")

    @property
    def slug(self) -> str:
        return f"{self.first_month:%Y-%m}-to-{self.last_month:%Y-%m}" if self.kind == "year" else self.month


def _utc(day: date) -> datetime:
    """Midnight in England on a day, as a naive UTC time."""
    return datetime(day.year, day.month, day.day, tzinfo=standards.LONDON).astimezone(timezone.utc).replace(tzinfo=None)


def _add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def period_for(month: str | None, view: str | None, today: date) -> Period:
    """The period asked for: ?view=year is the last 12 months; ?month=YYYY-MM one month (default this one)."""
    this_month = today.replace(day=1)
    if view == "year":
        return Period("year", _add_months(this_month, -11), this_month)
    match = MONTH_PATTERN.match(month or "")
    if match and 1 <= int(match.group(2)) <= 12 and 2000 <= int(match.group(1)) <= this_month.year:
        chosen = date(int(match.group(1)), int(match.group(2)), 1)
        if chosen <= this_month:
            return Period("month", chosen, chosen)
    return Period("month", this_month, this_month)


def months_offered(today: date) -> list[date]:
    """The months officers can choose, newest first."""
    this_month = today.replace(day=1)
    return [_add_months(this_month, -n) for n in range(MONTHS_OFFERED)]


def normalise_query(query: str | None) -> str:
    """A search as counted: lower case, trimmed, spaces collapsed."""
    return " ".join((query or "").lower().split())


def _events(period: Period):
    return db.session.execute(
        select(SearchEvent.query, SearchEvent.filters, SearchEvent.result_count)
        .where(SearchEvent.created_at >= period.start, SearchEvent.created_at < period.end)
        .execution_options(yield_per=1000))


@dataclass
class SearchRow:
    query: str
    searches: int
    found_nothing: int


def top_searches(period: Period, limit: int = TOP_LIMIT) -> list[SearchRow]:
    """The most frequent searches with words, and how often each found nothing."""
    counts: Counter[str] = Counter()
    zeros: Counter[str] = Counter()
    for query, _filters, result_count in _events(period):
        text = normalise_query(query)
        if text:
            counts[text] += 1
            zeros[text] += result_count == 0
    return [SearchRow(text, count, zeros[text]) for text, count in _ranked(counts)[:limit]]


def zero_result_searches(period: Period, limit: int = ZERO_LIMIT) -> list[SearchRow]:
    """Searches with words that found nothing, grouped by their normalised words."""
    zeros: Counter[str] = Counter()
    for query, _filters, result_count in _events(period):
        text = normalise_query(query)
        if text and result_count == 0:
            zeros[text] += 1
    return [SearchRow(text, count, count) for text, count in _ranked(zeros)[:limit]]


def _ranked(counter: Counter) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda pair: (-pair[1], pair[0]))


def filter_key(filters: dict | None) -> tuple:
    """A search's filters as a comparable combination (sorting left out: it changes no results)."""
    key = []
    for name in FILTER_ORDER:
        value = (filters or {}).get(name)
        if value in (None, False, "", []):
            continue
        if isinstance(value, list):
            value = tuple(sorted(str(v) for v in value))
        elif value is True:
            value = True
        else:
            value = str(value)
        key.append((name, value))
    return tuple(key)


@dataclass
class FilterRow:
    key: tuple
    description: str
    searches: int
    found_nothing: int

    @property
    def percent(self) -> int:
        return round(100 * self.found_nothing / self.searches) if self.searches else 0


def _term_names() -> dict[tuple[str, str], str]:
    return {(vocabulary, code): name for vocabulary, code, name in db.session.execute(
        select(TaxonomyTerm.vocabulary, TaxonomyTerm.code, TaxonomyTerm.name))}


def describe_filters(key: tuple, names: dict[tuple[str, str], str] | None = None) -> str:
    """Plain words for a filter combination, e.g. "Category: Health; Free only"."""
    names = _term_names() if names is None else names
    parts = []
    for name, value in key:
        label = str(FILTER_LABELS[name])
        if value is True:
            parts.append(label)
        elif isinstance(value, tuple):
            parts.append(f"{label}: " + ", ".join(names.get((name, v), v) for v in value))
        else:
            parts.append(f"{label}: {value}")
    return "; ".join(parts)


def failing_filter_combinations(period: Period, limit: int = FILTER_LIMIT) -> list[FilterRow]:
    """Filter combinations that found nothing, most often first, with how often they were used at all."""
    searches: Counter[tuple] = Counter()
    zeros: Counter[tuple] = Counter()
    for _query, filters, result_count in _events(period):
        key = filter_key(filters)
        if key:
            searches[key] += 1
            zeros[key] += result_count == 0
    names = _term_names()
    rows = [FilterRow(key, describe_filters(key, names), searches[key], zeros[key]) for key in zeros if zeros[key]]
    rows.sort(key=lambda row: (-row.found_nothing, -row.percent, row.description))
    return rows[:limit]


def feedback_by_theme(period: Period) -> list[tuple[str, int]]:
    """Items raised in the period, per theme (every theme listed)."""
    rows = dict(db.session.execute(
        select(FeedbackItem.theme, func.count()).where(FeedbackItem.created_at >= period.start,
                                                       FeedbackItem.created_at < period.end)
        .group_by(FeedbackItem.theme)).all())
    return [(theme, rows.get(theme, 0)) for theme in THEMES]


def feedback_by_status(period: Period) -> list[tuple[str, int]]:
    """Items raised in the period, per current status (every status listed)."""
    rows = dict(db.session.execute(
        select(FeedbackItem.status, func.count()).where(FeedbackItem.created_at >= period.start,
                                                        FeedbackItem.created_at < period.end)
        .group_by(FeedbackItem.status)).all())
    return [(state, rows.get(state, 0)) for state in ITEM_STATES]


# --- CSV -------------------------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A cell value a spreadsheet will not run: text starting = + - @ (or a tab or CR) gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table(name: str, period: Period, theme_labels: dict, state_labels: dict) -> tuple[list[str], list[list]]:
    """(headers, rows) of one insight table."""
    if name == "top":
        return ([_("Search"), _("Searches"), _("Found nothing")],
                [[row.query, row.searches, row.found_nothing] for row in top_searches(period)])
    if name == "zero":
        return ([_("Search"), _("Searches that found nothing")],
                [[row.query, row.searches] for row in zero_result_searches(period)])
    if name == "filters":
        return ([_("Filters"), _("Searches"), _("Found nothing"), _("Share that found nothing (%)")],
                [[row.description, row.searches, row.found_nothing, row.percent]
                 for row in failing_filter_combinations(period)])
    if name == "themes":
        return ([_("Theme"), _("Items raised")],
                [[str(theme_labels.get(theme, theme)), count] for theme, count in feedback_by_theme(period)])
    if name == "statuses":
        return ([_("Status"), _("Items raised")],
                [[str(state_labels.get(state, state)), count] for state, count in feedback_by_status(period)])
    raise KeyError(name)


def to_csv(headers: list[str], rows: list[list]) -> str:
    """CSV text with every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_safe(cell) for cell in headers])
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return out.getvalue()
