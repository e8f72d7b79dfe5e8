"""Page numbers typed into an address: anything odd shows the first page, anything huge the last, never a 500.

PostgreSQL refuses an OFFSET past 2**63 with an error (found by the query-string fuzzing), so every paged list
reads its page number through portal.paging.page_number.
"""
from __future__ import annotations

import pytest

from portal.models import OFFICER
from portal.paging import MAX_PAGE, page_number

HUGE = "461168601842738791"  # times 20 a page is past 2**63


@pytest.mark.parametrize("raw, page", [(None, 1), ("", 1), (" 3 ", 3), ("0", 1), ("-2", 1), ("abc", 1),
                                       ("²", 1), ("٣", 1), ("1e3", 1), (HUGE, MAX_PAGE), (str(MAX_PAGE), MAX_PAGE)])
def test_page_number(raw, page):
    assert page_number(raw) == page


@pytest.mark.parametrize("path", ["/categories/education", "/needs/autism"])
@pytest.mark.parametrize("raw", [HUGE, "1" + "0" * 30, "²"])
def test_browsing_pages_take_any_page_number(client, make_service, path, raw):
    make_service("Maths Tutor", categories=["education"], needs=["autism"])
    response = client.get(path, query_string={"page": raw})
    assert response.status_code == 200
    assert "Maths Tutor" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/admin/outbox", "/admin/audit", "/review/translations"])
def test_officers_lists_take_a_huge_page_number(client, login, make_user, make_service, path):
    make_service("Maths Tutor")
    login(make_user("olu.officer@council.example.org", roles=(OFFICER,)))
    assert client.get(path, query_string={"page": HUGE}).status_code == 200
