"""Response standards in working days, due dates, overdue items and the published performance figures.

A working day is Monday to Friday, not an England and Wales bank holiday (the `holidays` package,
GB subdivision ENG: England and Wales share their bank holidays). A standard of n working days
counts from the day after the item arrived: an item raised on Thursday 24 December 2026 (Christmas
Day Friday and the Boxing Day substitute Monday 28th are holidays) is acknowledged on time by
Wednesday 30 December and answered on time by Tuesday 12 January 2027.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from flask import current_app

LONDON = ZoneInfo("Europe/London")
DEFAULT_ACKNOWLEDGE_DAYS = 2
DEFAULT_RESPOND_DAYS = 10
# A published figure resting on fewer items than this is hidden.
MINIMUM_ITEMS = 5


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    """True on an England and Wales bank holiday (including substitute days)."""
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    """True from Monday to Friday, except bank holidays."""
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: date, n: int) -> date:
    """The date n working days after start (start itself not counted); n = 0 gives start."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    while n:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(a: date, b: date) -> int:
    """Working days after a up to and including b (negative when b is before a)."""
    if b < a:
        return -working_days_between(b, a)
    count, day = 0, a
    while day < b:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def acknowledge_days() -> int:
    """Working days allowed to acknowledge an item (FEEDBACK_ACKNOWLEDGE_DAYS)."""
    return int(current_app.config.get("FEEDBACK_ACKNOWLEDGE_DAYS", DEFAULT_ACKNOWLEDGE_DAYS))


def respond_days() -> int:
    """Working days allowed to respond to an item (FEEDBACK_RESPOND_DAYS)."""
    return int(current_app.config.get("FEEDBACK_RESPOND_DAYS", DEFAULT_RESPOND_DAYS))


def local_date(moment: datetime) -> date:
    """The date in England of a stored (naive UTC) time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(LONDON).date()


def today() -> date:
    """Today's date in England."""
    return datetime.now(LONDON).date()


def due_dates(submitted_on: date) -> tuple[date, date]:
    """(acknowledge by, respond by) for an item raised on this date."""
    return add_working_days(submitted_on, acknowledge_days()), add_working_days(submitted_on, respond_days())


def is_acknowledge_overdue(item, on: date) -> bool:
    """Still waiting for acknowledgement after its due date."""
    return (item.acknowledged_at is None and item.merged_into_id is None and item.acknowledge_due_on is not None
            and item.status == "submitted" and on > item.acknowledge_due_on)


def is_respond_overdue(item, on: date) -> bool:
    """Still waiting for a response after its due date."""
    return (item.responded_at is None and item.merged_into_id is None and item.respond_due_on is not None
            and item.status in ("submitted", "acknowledged", "in_review") and on > item.respond_due_on)


def is_overdue(item, on: date) -> bool:
    """Acknowledgement or response is late."""
    return is_acknowledge_overdue(item, on) or is_respond_overdue(item, on)


# --- the published performance figures ------------------------------------------------------------------

@dataclass
class Share:
    """How many of the items counted met the standard; hidden below MINIMUM_ITEMS."""

    met: int = 0
    counted: int = 0

    @property
    def hidden(self) -> bool:
        return self.counted < MINIMUM_ITEMS

    @property
    def percent(self) -> int | None:
        return None if self.hidden else round(100 * self.met / self.counted)


@dataclass
class Median:
    """Median working days over some items; hidden below MINIMUM_ITEMS."""

    values: list[int] = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        return len(self.values) < MINIMUM_ITEMS

    @property
    def value(self) -> float | None:
        return None if self.hidden else statistics.median(self.values)


@dataclass
class Quarter:
    """The figures for items raised in one calendar quarter."""

    year: int
    number: int  # 1 = January to March
    raised: int = 0
    acknowledged_on_time: Share = field(default_factory=Share)
    responded_on_time: Share = field(default_factory=Share)
    days_to_acknowledge: Median = field(default_factory=Median)
    days_to_respond: Median = field(default_factory=Median)

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        following = date(self.year + (self.number == 4), 1 if self.number == 4 else 3 * self.number + 1, 1)
        return following - timedelta(days=1)


def quarter_of(day: date) -> tuple[int, int]:
    """(year, quarter number) of a date."""
    return day.year, (day.month - 1) // 3 + 1


def performance(items, on: date) -> list[Quarter]:
    """Figures per quarter of submission, newest first, for items not merged into others.

    An item counts towards a share once it was done or its due date passed; one still within its
    time is left out until then. Medians use the items done.
    """
    quarters: dict[tuple[int, int], Quarter] = {}
    for item in items:
        if item.merged_into_id is not None:
            continue
        raised_on = local_date(item.created_at)
        key = quarter_of(raised_on)
        quarter = quarters.setdefault(key, Quarter(*key))
        quarter.raised += 1
        for done_at, due_on, share, median in (
                (item.acknowledged_at, item.acknowledge_due_on, quarter.acknowledged_on_time,
                 quarter.days_to_acknowledge),
                (item.responded_at, item.respond_due_on, quarter.responded_on_time, quarter.days_to_respond)):
            if due_on is None:
                continue
            if done_at is not None:
                done_on = local_date(done_at)
                share.counted += 1
                share.met += done_on <= due_on
                median.values.append(working_days_between(raised_on, done_on))
            elif on > due_on:
                share.counted += 1
    return [quarters[key] for key in sorted(quarters, reverse=True)]
