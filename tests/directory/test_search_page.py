"""The /search page: parameters, messages for bad input, tags, zero results, SearchEvent."""
import re

import pytest
from sqlalchemy import select

from directory.models import PostcodeCentroid, SearchEvent
from portal.extensions import db


@pytest.fixture
def hackney(app):
    db.session.add_all([
        PostcodeCentroid(postcode="E8", latitude=51.5430, longitude=-0.0640),
        PostcodeCentroid(postcode="N16", latitude=51.5630, longitude=-0.0760),
        PostcodeCentroid(postcode="SE1", latitude=51.4980, longitude=-0.0900),
    ])
    db.session.commit()


def count_line(html: str) -> str:
    match = re.search(r"(\d[\d,]*) services? found", html)
    assert match, "no result count on the page"
    return match.group(0)


def test_search_states_how_many_found(client, make_service):
    make_service("Autism Family Support", summary="Help for autistic children", needs=["autism"])
    make_service("Swim Club")
    assert count_line(client.get("/search?q=autism").get_data(as_text=True)) == "1 service found"
    assert count_line(client.get("/search").get_data(as_text=True)) == "2 services found"


def test_filters_show_counts_and_removable_tags(client, make_service):
    make_service("Play Scheme", categories=["short-breaks"], needs=["autism"], age_min=5, age_max=11)
    make_service("Sleepover Short Break", categories=["short-breaks"], needs=["adhd"], age_min=8, age_max=17)
    html = client.get("/search?category=short-breaks&need=autism&age=9").get_data(as_text=True)
    assert count_line(html) == "1 service found"
    assert "Play Scheme" in html and "Sleepover" not in html
    assert "Filters in use" in html
    # each tag links to the same search without that filter
    assert 'href="/search?category=short-breaks&amp;age=9"' in html
    assert re.search(r'Autism <span class="app-count">\(1\)</span>', html)


def test_postcode_shows_distance_and_records_only_the_district(client, make_service, hackney):
    make_service("Near Club", locations=[("E8 1DY", 51.5431, -0.0641)])
    make_service("Far Club", locations=[("SE1 7PB", 51.4981, -0.0901)])
    html = client.get("/search?postcode=e8+1dy&sort=distance").get_data(as_text=True)
    assert html.index("Near Club") < html.index("Far Club")
    assert "miles" in html
    event = db.session.scalars(select(SearchEvent)).one()
    assert event.filters["postcode_district"] == "E8"
    assert "1DY" not in str(event.filters)


def test_each_search_is_recorded_without_personal_data(client, make_service):
    make_service("Speech Therapy")
    client.get("/search?q=speech&need=slcn&free=yes")
    event = db.session.scalars(select(SearchEvent)).one()
    assert event.query == "speech"
    assert event.filters["need"] == ["slcn"] and event.filters["free"] is True
    assert event.locale == "en" and event.result_count == 0
    assert not hasattr(event, "ip_address")
    client.get("/search?q=speech&page=2")  # another page of the same search is not a new search
    assert len(db.session.scalars(select(SearchEvent)).all()) == 1


@pytest.mark.parametrize("params, message", [
    ({"q": "autism " * 800}, "Search words must be 200 characters or fewer"),
    ({"category": "spaceships"}, "Choose a type of support from the list"),
    ({"need": "nonsense"}, "Choose a need from the list"),
    ({"delivery": "pigeon"}, "Choose how the service is provided"),
    ({"age": "abc"}, "Enter the age in years as a number, like 9"),
    ({"age": "99"}, "Enter an age from 0 to 25"),
    ({"age": "-1"}, "Enter an age from 0 to 25"),
    ({"postcode": "not a postcode"}, "Enter a full postcode, like E8 1DY"),
    ({"postcode": "E8 9ZZ"}, "We could not find that postcode"),
    ({"sort": "cheapest"}, "Choose how to sort the results from the list"),
    ({"page": "-1"}, "Page numbers start at 1"),
    ({"page": "abc"}, "Enter a page number"),
])
def test_bad_input_gets_a_clear_message_not_an_error(client, make_service, params, message):
    make_service("Autism Support")
    response = client.get("/search", query_string=params)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert "services found" in html or "service found" in html


def test_what_was_typed_is_kept(client, make_service):
    html = client.get("/search?q=swimming&age=abc&postcode=E8+XX").get_data(as_text=True)
    assert 'value="swimming"' in html and 'value="abc"' in html and 'value="E8 XX"' in html


def test_a_page_past_the_end_shows_the_last_page(client, make_service):
    for n in range(3):
        make_service(f"Club {n}")
    html = client.get("/search?page=999999").get_data(as_text=True)
    assert "There is only 1 page of results" in html
    assert "Club 0" in html


@pytest.mark.parametrize("sort", ["relevance", "name"])
def test_a_page_number_too_big_for_the_database_shows_the_last_page(client, make_service, sort):
    # The offset would overflow a 64-bit integer (PostgreSQL refused it: a 500).
    for n in range(3):
        make_service(f"Club {n}")
    response = client.get(f"/search?q=club&sort={sort}&page=1{'0' * 30}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "There is only 1 page of results" in html and "Club 0" in html


def test_zero_results_is_never_a_dead_end(client, make_service):
    make_service("Swim Club", needs=["autism"])
    html = client.get("/search?q=zzzzqqq&need=autism").get_data(as_text=True)
    assert count_line(html) == "0 services found"
    assert "No services match your search" in html
    assert 'href="/glossary"' in html
    assert "remove the filter" in html
    assert "localoffer@" in html


def test_search_results_paginate(client, make_service, app):
    app.config["RESULTS_PER_PAGE"] = 2
    for n in range(5):
        make_service(f"Club {n}")
    html = client.get("/search?sort=name").get_data(as_text=True)
    assert "Club 0" in html and "Club 2" not in html
    assert 'href="/search?sort=name&amp;page=2"' in html
    html = client.get("/search?sort=name&page=3").get_data(as_text=True)
    assert "Club 4" in html and "Club 0" not in html
