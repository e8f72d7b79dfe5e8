"""The printable directory: every result of a search or a category on one page, grouped by type of support,
with easy-read summaries when the reader wants them; and the print stylesheet it relies on."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from directory import printable

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def directory(make_service):
    return {
        "swim": make_service("Riverside Swim Club", summary="Quiet swimming sessions.", categories=["leisure"],
                             needs=["autism"], phone="01632 960001", email="swim@example.org",
                             easy_read_summary="We go swimming. The water is warm."),
        "play": make_service("Abney Play Scheme", summary="Holiday play for children.",
                             categories=["short-breaks", "leisure"], needs=["adhd"], phone="01632 960002"),
        "school": make_service("Hill School Outreach", summary="Help for autistic pupils.",
                               categories=["education"], needs=["autism"], website="https://example.org/hill"),
        "advice": make_service("Parent Advice Line", summary="Call us for advice."),
    }


def main_content(page: str) -> str:
    return page.split('id="main-content"', 1)[1].split("</main>", 1)[0]


def headings(page: str, level: int) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", page, re.S)]


def test_every_result_is_printed_once_grouped_by_type_of_support(app, client, directory):
    app.config["RESULTS_PER_PAGE"] = 2  # the search page would show two; the printed list shows them all
    page = client.get("/search/print").get_data(as_text=True)
    assert headings(page, 1) == ["Printable list of services"]
    assert "4 services" in page
    # In the taxonomy's order, services with no type of support last.
    assert headings(main_content(page), 2) == ["Education", "Short breaks", "Activities and leisure", "Other services"]
    assert headings(main_content(page), 3) == ["Hill School Outreach", "Abney Play Scheme", "Riverside Swim Club",
                                 "Parent Advice Line"]
    for text in ("01632 960001", "swim@example.org", "https://example.org/hill",
                 f"http://localhost/services/{directory['swim'].id}", "Made on "):
        assert text in page
    assert "<button" not in main_content(page)


def test_a_filtered_search_prints_only_its_results_and_says_which(client, directory):
    page = client.get("/search/print?q=pupils&need=autism").get_data(as_text=True)
    assert "Hill School Outreach" in page
    assert "Riverside Swim Club" not in page and "Abney Play Scheme" not in page
    assert "“pupils”" in page and "Autism" in page  # the search words and the filter in use
    assert 'href="/search?q=pupils&amp;need=autism"' in page  # back to the same search


def test_a_category_prints_under_that_category(client, directory):
    page = client.get("/search/print?category=leisure").get_data(as_text=True)
    assert headings(main_content(page), 2) == ["Activities and leisure"]
    assert set(headings(main_content(page), 3)) == {"Abney Play Scheme", "Riverside Swim Club"}


def test_easy_read_summaries_when_chosen(client, directory):
    page = client.get("/search/print?category=leisure").get_data(as_text=True)
    assert "We go swimming." not in page
    link = re.search(r'<a class="govuk-link" href="([^"]+)"[^>]*>Include easy-read summaries</a>', page)
    assert link and "easy_read=1" in link.group(1) and "category=leisure" in link.group(1)

    page = client.get(link.group(1).replace("&amp;", "&"), follow_redirects=True).get_data(as_text=True)
    assert "Easy read" in page
    assert "<p class=\"govuk-body govuk-!-margin-bottom-1\">We go swimming.</p>" in page  # one idea a line
    assert "The water is warm." in page
    assert "Leave out easy-read summaries" in page

    page = client.get("/search/print?category=leisure&easy_read=0", follow_redirects=True).get_data(as_text=True)
    assert "We go swimming." not in page


def test_a_long_list_is_capped_and_says_so(client, directory, monkeypatch):
    monkeypatch.setattr(printable, "PRINT_LIMIT", 3)
    page = client.get("/search/print").get_data(as_text=True)
    assert "This list shows the first 3 of 4 services." in page
    assert len(headings(main_content(page), 3)) == 3


def test_nothing_found(client, directory):
    page = client.get("/search/print?q=zzzzqqq").get_data(as_text=True)
    assert "No services match this search." in page and "0 services" in page


@pytest.mark.parametrize("query", ["postcode=NOT+A+POSTCODE", "age=old", "category=nonsense", "sort=sideways",
                                   "q=" + "x" * 500, "page=-3", "free=maybe&delivery=teleport"])
def test_odd_parameters_never_break_it(client, directory, query):
    assert client.get(f"/search/print?{query}").status_code == 200


def test_search_and_category_pages_link_to_the_printable_list(client, directory):
    page = client.get("/search?q=swim&age=9&page=1").get_data(as_text=True)
    link = re.search(r'<a class="govuk-link" href="([^"]+)">Print this list</a>', page)
    assert link and link.group(1).startswith("/search/print?")
    assert "q=swim" in link.group(1) and "age=9" in link.group(1) and "page=" not in link.group(1)

    page = client.get("/categories/leisure").get_data(as_text=True)
    assert '<a class="govuk-link" href="/search/print?category=leisure">Print this list</a>' in page


def test_every_page_has_a_print_stylesheet():
    source = (ROOT / "static/src/scss/app.scss").read_text()
    assert '@use "app-print";' in source
    printing = (ROOT / "static/src/scss/_app-print.scss").read_text()
    assert "@media print" in printing
    for hidden in (".app-service-navigation", ".app-footer__links", ".govuk-button", ".app-no-print"):
        assert hidden in printing
    assert "break-inside: avoid" in printing and 'attr(href)' in printing
