"""Response standards: working days without weekends and England and Wales bank holidays, due dates, and the
public performance page (figures per quarter, hidden when they rest on fewer than 5 items)."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
import time_machine

from feedback import standards
from feedback.models import RESPONDED, SUBMITTED, FeedbackItem
from feedback.standards import add_working_days, is_working_day, working_days_between
from portal.extensions import db


def test_weekends_and_bank_holidays_are_not_working_days():
    assert is_working_day(date(2026, 12, 24))  # Thursday
    assert not is_working_day(date(2026, 12, 25))  # Christmas Day, a Friday
    assert not is_working_day(date(2026, 12, 26))  # Saturday
    assert not is_working_day(date(2026, 12, 27))  # Sunday
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day moved to Monday
    assert is_working_day(date(2026, 12, 29))
    assert not is_working_day(date(2027, 1, 1))  # New Year's Day
    assert not is_working_day(date(2026, 4, 3)) and not is_working_day(date(2026, 4, 6))  # Easter
    assert not is_working_day(date(2026, 8, 31))  # late summer bank holiday (England, not Scotland)
    assert is_working_day(date(2026, 8, 3))  # Scotland's summer bank holiday is not England's
    assert is_working_day(date(2026, 3, 17))  # nor is St Patrick's Day (Northern Ireland)


def test_add_working_days_over_christmas_2026():
    thursday = date(2026, 12, 24)
    assert add_working_days(thursday, 0) == thursday
    assert add_working_days(thursday, 1) == date(2026, 12, 29)  # Tuesday: Fri, Sat, Sun, Mon skipped
    assert add_working_days(thursday, 2) == date(2026, 12, 30)
    # 29, 30, 31 Dec; 1 Jan is a holiday; 4-8 Jan; 11, 12 Jan.
    assert add_working_days(thursday, 10) == date(2027, 1, 12)


def test_add_working_days_over_an_ordinary_weekend_and_easter():
    assert add_working_days(date(2026, 6, 12), 1) == date(2026, 6, 15)  # Friday → Monday
    assert add_working_days(date(2026, 6, 13), 2) == date(2026, 6, 16)  # from a Saturday
    assert add_working_days(date(2026, 4, 2), 2) == date(2026, 4, 8)  # Thursday before Good Friday
    with pytest.raises(ValueError):
        add_working_days(date(2026, 6, 12), -1)


def test_working_days_between_is_the_inverse_of_adding():
    start = date(2026, 12, 24)
    for n in range(0, 25):
        assert working_days_between(start, add_working_days(start, n)) == n
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 28)) == 0
    assert working_days_between(date(2026, 12, 30), date(2026, 12, 24)) == -2
    assert working_days_between(date(2026, 6, 15), date(2026, 6, 15)) == 0


def test_due_dates_follow_the_configuration(app):
    assert standards.due_dates(date(2026, 12, 24)) == (date(2026, 12, 30), date(2027, 1, 12))
    app.config["FEEDBACK_ACKNOWLEDGE_DAYS"] = 1
    app.config["FEEDBACK_RESPOND_DAYS"] = 3
    assert standards.due_dates(date(2026, 12, 24)) == (date(2026, 12, 29), date(2026, 12, 31))


def test_the_date_an_item_arrives_is_the_date_in_england():
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time).
    assert standards.local_date(datetime(2026, 6, 30, 23, 30)) == date(2026, 7, 1)
    assert standards.local_date(datetime(2026, 12, 30, 23, 30)) == date(2026, 12, 30)


# --- the performance page --------------------------------------------------------------------------------

def make_item(raised: datetime, *, acknowledged_after: int | None = None, responded_after: int | None = None,
              merged_into: FeedbackItem | None = None) -> FeedbackItem:
    """An item raised at a time, acknowledged and responded to a number of working days later (or not)."""
    raised_on = raised.date()
    ack_due, respond_due = standards.due_dates(raised_on)
    item = FeedbackItem(title="An item", body="Words.", theme="education", created_at=raised,
                        acknowledge_due_on=ack_due, respond_due_on=respond_due, status=SUBMITTED,
                        merged_into_id=merged_into.id if merged_into else None)
    if acknowledged_after is not None:
        item.acknowledged_at = datetime.combine(add_working_days(raised_on, acknowledged_after), datetime.min.time()) \
            + timedelta(hours=11)
        item.status = "acknowledged"
    if responded_after is not None:
        item.responded_at = datetime.combine(add_working_days(raised_on, responded_after), datetime.min.time()) \
            + timedelta(hours=11)
        item.status = RESPONDED
    db.session.add(item)
    db.session.commit()
    return item


def figures(client) -> dict[str, dict[str, str]]:
    html = client.get("/feedback/performance").get_data(as_text=True)
    rows = {}
    for quarter, body in re.findall(r'data-quarter="([^"]+)">(.*?)</tr>', html, re.S):
        rows[quarter] = {name: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", value)).strip()
                         for name, value in re.findall(r'data-figure="([^"]+)">(.*?)</td>', body, re.S)}
    return rows


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2026, 7, 15, 9, 0, tzinfo=timezone.utc), tick=False):
        yield


def test_performance_figures_on_a_known_set(app, client, clock):
    # April to June 2026: six items raised on working days at 10:00 (UK summer time = 09:00 UTC).
    raised = [datetime(2026, 4, 13, 9), datetime(2026, 4, 14, 9), datetime(2026, 5, 5, 9), datetime(2026, 5, 6, 9),
              datetime(2026, 6, 1, 9), datetime(2026, 6, 2, 9)]
    make_item(raised[0], acknowledged_after=1, responded_after=5)
    make_item(raised[1], acknowledged_after=2, responded_after=10)
    make_item(raised[2], acknowledged_after=3, responded_after=12)  # both late
    make_item(raised[3], acknowledged_after=1, responded_after=8)
    make_item(raised[4], acknowledged_after=2, responded_after=11)  # response late
    make_item(raised[5], acknowledged_after=1)  # no response, and its time ran out on 16 June
    # A merged duplicate does not count.
    kept = db.session.get(FeedbackItem, 1)
    make_item(datetime(2026, 6, 3, 9), merged_into=kept)
    # July to September 2026: three items, too few for any figure.
    make_item(datetime(2026, 7, 1, 9), acknowledged_after=1, responded_after=2)
    make_item(datetime(2026, 7, 2, 9), acknowledged_after=1)
    make_item(datetime(2026, 7, 14, 9))  # still within its time

    rows = figures(client)
    assert list(rows) == ["2026-Q3", "2026-Q2"]  # newest first
    q2 = rows["2026-Q2"]
    assert q2["raised"] == "6"
    assert q2["acknowledged"] == "83% (5 of 6)"
    assert q2["responded"] == "50% (3 of 6)"  # 5, 10, 8 on time; 12, 11 late; one never
    assert q2["days-to-acknowledge"] == "1.5"  # median of 1, 2, 3, 1, 2, 1
    assert q2["days-to-respond"] == "10"  # median of 5, 10, 12, 8, 11
    q3 = rows["2026-Q3"]
    assert q3["raised"] == "3"
    for name in ("acknowledged", "responded", "days-to-acknowledge", "days-to-respond"):
        assert q3[name] == "Fewer than 5 items", name


def test_a_figure_resting_on_four_items_is_hidden_and_on_five_is_shown(app, client, clock):
    for day in (1, 2, 6, 7):  # April 2026, working days
        make_item(datetime(2026, 4, day + 6, 9), acknowledged_after=1, responded_after=4)
    assert figures(client)["2026-Q2"]["acknowledged"] == "Fewer than 5 items"
    make_item(datetime(2026, 4, 20, 9), acknowledged_after=4, responded_after=4)
    row = figures(client)["2026-Q2"]
    assert row["acknowledged"] == "80% (4 of 5)"
    assert row["responded"] == "100% (5 of 5)"
    assert row["days-to-acknowledge"] == "1"


def test_items_still_within_their_time_are_not_counted_yet(app, clock):
    items = [make_item(datetime(2026, 7, 14, 9)) for _ in range(5)]
    quarter = standards.performance(items, date(2026, 7, 15))[0]
    assert quarter.raised == 5 and quarter.acknowledged_on_time.counted == 0
    quarter = standards.performance(items, date(2026, 7, 17))[0]  # due 16 July: now late
    assert quarter.acknowledged_on_time.counted == 5 and quarter.acknowledged_on_time.percent == 0


def test_the_performance_page_is_public_and_says_the_standards(client):
    response = client.get("/feedback/performance")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "2 working days" in html and "10 working days" in html
    assert "No feedback has been raised yet." in html
