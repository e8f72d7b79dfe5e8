"""Insight for officers: top searches (normalised), searches that found nothing, filter combinations that find
nothing, by month and over 12 months; feedback volumes; CSV downloads with formula cells neutralised."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timezone

import pytest
import time_machine

from directory.models import SearchEvent
from feedback import insight, services
from feedback.models import FeedbackItem
from portal.extensions import db


@pytest.fixture
def officer(make_user):
    return make_user("officer@council.example.org", roles=("officer",))


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2026, 3, 20, 12, 0, tzinfo=timezone.utc), tick=False):
        yield


def search(query: str, results: int, when: datetime, **filters) -> None:
    db.session.add(SearchEvent(query=query, filters=filters, result_count=results, created_at=when))
    db.session.commit()


MARCH = datetime(2026, 3, 10, 12)
FEB = datetime(2026, 2, 10, 12)


@pytest.fixture
def searches(app):
    for query in ("Autism", " autism ", "AUTISM  support", "autism   support", "autism support"):
        search(query, 4, MARCH)
    for query in ("sensory  room", "Sensory Room", "=cmd|' /C calc'!A0"):
        search(query, 0, MARCH)
    search("speech therapy", 0, MARCH)
    search("speech therapy", 3, MARCH)
    search("", 0, MARCH, category=["health"], need=["autism", "adhd"], free=True)
    search("", 0, MARCH, need=["adhd", "autism"], category=["health"], free=True, sort="name")  # same filters
    search("", 2, MARCH, category=["health"], need=["autism", "adhd"], free=True)
    search("", 0, MARCH, age=17, delivery=["online"], postcode_district="E8")
    search("", 5, MARCH, category=["education"])  # never found nothing
    search("February only", 0, FEB)
    search("", 0, FEB, category=["education"])
    search("late on 31 March", 0, datetime(2026, 3, 31, 23, 30))  # 1 April in England (summer time)


def test_top_searches_are_normalised_and_counted(app, clock, searches):
    period = insight.period_for(None, None, date(2026, 3, 20))
    rows = [(row.query, row.searches, row.found_nothing) for row in insight.top_searches(period)]
    assert rows[:3] == [("autism support", 3, 0), ("autism", 2, 0), ("sensory room", 2, 2)]
    assert ("speech therapy", 2, 1) in rows
    assert all(query for query, *_ in rows)  # filter-only searches are not "searches with words"
    assert "february only" not in [r[0] for r in rows] and "late on 31 march" not in [r[0] for r in rows]


def test_searches_that_found_nothing_are_grouped(app, clock, searches):
    period = insight.period_for("2026-03", None, date(2026, 3, 20))
    rows = [(row.query, row.searches) for row in insight.zero_result_searches(period)]
    assert rows == [("sensory room", 2), ("=cmd|' /c calc'!a0", 1), ("speech therapy", 1)]


def test_filter_combinations_that_find_nothing(app, clock, searches):
    period = insight.period_for("2026-03", None, date(2026, 3, 20))
    rows = [(row.description, row.searches, row.found_nothing) for row in insight.failing_filter_combinations(period)]
    assert rows == [
        ("Category: Health; Need: ADHD, Autism; Free only", 3, 2),
        ("Age: 17; Delivery: online; Near: E8", 1, 1),
    ]


def test_months_and_the_last_12_months(app, clock, searches):
    feb = insight.period_for("2026-02", None, date(2026, 3, 20))
    assert [row.query for row in insight.zero_result_searches(feb)] == ["february only"]
    april = insight.period_for("2026-04", None, date(2026, 3, 20))  # the future: this month instead
    assert april.month == "2026-03"
    assert insight.period_for("2026-13", None, date(2026, 3, 20)).month == "2026-03"
    year = insight.period_for(None, "year", date(2026, 3, 20))
    assert (year.first_month, year.last_month) == (date(2025, 4, 1), date(2026, 3, 1))
    assert {row.query for row in insight.zero_result_searches(year)} >= {"february only", "sensory room"}
    assert year.label == "April 2025 to March 2026"


def test_feedback_volumes_by_theme_and_status(app, clock, make_user):
    member = make_user("m@example.org", roles=("forum_member",))
    officer = make_user("o@example.org", roles=("officer",))
    for theme in ("health", "health", "education"):
        item = services.raise_item(member, title="T", body="B", theme=theme)
    services.move_item(officer, item, "acknowledged")
    db.session.add(FeedbackItem(title="Old", body="B", theme="health", created_at=FEB))
    db.session.commit()
    period = insight.period_for(None, None, date(2026, 3, 20))
    by_theme = dict(insight.feedback_by_theme(period))
    assert by_theme["health"] == 2 and by_theme["education"] == 1 and by_theme["other"] == 0
    assert dict(insight.feedback_by_status(period)) == {
        "submitted": 2, "acknowledged": 1, "in_review": 0, "responded": 0, "closed": 0}


def test_the_insight_page(client, login, officer, clock, searches):
    login(officer)
    html = client.get("/feedback/insight").get_data(as_text=True)
    assert "March 2026" in html and "autism support" in html and "sensory room" in html
    assert "Category: Health; Need: ADHD, Autism; Free only" in html
    assert "=cmd|&#39; /c calc&#39;!a0" in html  # shown as text
    assert len(re.findall(r"<h1\b", html)) == 1
    feb = client.get("/feedback/insight?month=2026-02").get_data(as_text=True)
    assert "february only" in feb and "sensory room" not in feb
    year = client.get("/feedback/insight?view=year").get_data(as_text=True)
    assert "April 2025 to March 2026" in year and "february only" in year
    assert "/feedback/insight.csv?table=top&amp;view=year" in year


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_csv_exports_neutralise_formula_cells(client, login, officer, clock, searches):
    login(officer)
    rows = read_csv(client.get("/feedback/insight.csv?table=zero&month=2026-03"))
    assert rows[0] == ["Search", "Searches that found nothing"]
    assert ["'=cmd|' /c calc'!a0", "1"] in rows
    assert ["sensory room", "2"] in rows
    top = read_csv(client.get("/feedback/insight.csv?table=top"))
    assert top[1] == ["autism support", "3", "0"]
    filters = read_csv(client.get("/feedback/insight.csv?table=filters"))
    assert filters[1] == ["Category: Health; Need: ADHD, Autism; Free only", "3", "2", "67"]
    themes = read_csv(client.get("/feedback/insight.csv?table=themes&view=year"))
    assert themes[0] == ["Theme", "Items raised"] and ["Short breaks", "0"] in themes
    assert read_csv(client.get("/feedback/insight.csv?table=statuses"))[1] == ["Submitted", "0"]
    assert client.get("/feedback/insight.csv?table=users").status_code == 404
    assert 'filename="insight-zero-2026-03.csv"' in client.get(
        "/feedback/insight.csv?table=zero&month=2026-03").headers["Content-Disposition"]


@pytest.mark.parametrize("value,safe", [
    ("=cmd", "'=cmd"), ("+1+1", "'+1+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("autism", "autism"), ("a=b", "a=b"), ("", ""), (5, 5),
])
def test_csv_safe(value, safe):
    assert insight.csv_safe(value) == safe


def test_normalise_query():
    assert insight.normalise_query("  Autism \t  SUPPORT\n") == "autism support"
    assert insight.normalise_query(None) == ""
