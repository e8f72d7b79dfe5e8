"""Property-based fuzzing (Hypothesis): whatever arrives in the query string or a public form, the answer is a
page, a redirect or a clear error, never a server error.

Examples are few (60 per property), derandomised (the same ones on every run, so CI is repeatable) and not
saved to an example database. Exceptions propagate in tests, so a fault shows as the exception itself.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from directory.forms import SearchForm
from portal.extensions import limiter

FUZZ = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Text people (and robots) might type: anything printable and not, digits, signs, and strings that look
# nearly right (a postcode, an age, a page number, a sort name).
awkward_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", " ", "0", "-1", "1e9", "NaN", "E8 1DY", "e81dy", "SW1A 1AA", "ZZ99 9ZZ", "relevance",
                     "distance", "name", "updated", "health", "autism", "online", "yes", "on", "true", "%00",
                     "\x00", "\u202e", "../../etc/passwd", "' OR 1=1 --", "<script>", "{{7*7}}", "😀" * 50]),
)


def query_strings(names: list[str]):
    """Some of these parameters, each given zero or more times, plus a stray one."""
    return st.lists(st.tuples(st.sampled_from(names + ["unexpected"]), awkward_text), max_size=12).map(MultiDict)


@pytest.fixture
def no_rate_limits(monkeypatch):
    """Sixty examples would trip the per-address limits, and a 429 would hide what comes after it."""
    monkeypatch.setattr(limiter, "enabled", False)


@pytest.fixture
def directory(make_service):
    make_service("Riverside Speech Clinic", summary="Speech and language help.", categories=["health"],
                 needs=["autism"], locations=[("E8 1DY", 51.543, -0.064)])
    return make_service("Riverside Swim Club", summary="Swimming for all.", categories=["leisure"],
                        is_free=False, cost_detail="£2 a session")


def search_parameters(app) -> list[str]:
    """Every field of the search form (a new filter is fuzzed without changing this file)."""
    with app.test_request_context():
        return list(SearchForm(MultiDict())._fields)


@FUZZ
@given(data=st.data())
def test_search_and_its_csv_never_fail(app, client, directory, no_rate_limits, data):
    query = data.draw(query_strings(search_parameters(app)))
    assert client.get("/search", query_string=query).status_code == 200
    response = client.get("/search.csv", query_string=query)
    assert response.status_code == 200
    response.get_data()  # the CSV streams: the fault would come while reading it


@FUZZ
@given(page=awkward_text, code=st.sampled_from(["health", "leisure", "autism", "nothing-like-this"]))
def test_browsing_pages_never_fail(client, directory, page, code):
    for path in (f"/categories/{code}", f"/needs/{code}"):
        assert client.get(path, query_string={"page": page}).status_code in (200, 404)


@FUZZ
@given(data=st.data())
def test_every_public_page_without_arguments_takes_any_query_string(app, client, directory, no_rate_limits, data):
    pages = sorted(rule.rule for rule in app.url_map.iter_rules()
                   if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith("/static"))
    path = data.draw(st.sampled_from(pages))
    query = data.draw(query_strings(["q", "page", "per_page", "sort", "theme", "state", "view", "year", "status",
                                     "lead", "priority", "table", "next", "service", "template", "search",
                                     "modified_after", "taxonomy_id", "organization_id", "minimal", "full"]))
    response = client.get(path, query_string=query)
    assert response.status_code < 500, (path, query)
    response.get_data()


@settings(FUZZ, max_examples=30)  # each attempt costs a deliberately slow password hash
@given(email=awkward_text, password=awkward_text, next_page=awkward_text)
def test_sign_in_never_fails(client, make_user, no_rate_limits, email, password, next_page):
    response = client.post("/sign-in", data={"email": email, "password": password, "next": next_page})
    # 429 once the same account or address has failed too often (the throttle is in the database).
    assert response.status_code in (200, 302, 429)
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/") and not response.headers["Location"].startswith("//")


@FUZZ
@given(kind=awkward_text, details=awkward_text, email=awkward_text, honeypot=st.sampled_from(["", "spam"]))
def test_reporting_a_problem_never_fails(client, directory, no_rate_limits, kind, details, email, honeypot):
    response = client.post(f"/services/{directory.id}/report",
                           data={"kind": kind, "details": details, "email": email, "website": honeypot})
    assert response.status_code in (200, 400)


@FUZZ
@given(data=st.data())
def test_the_api_answers_any_query_with_json(client, directory, no_rate_limits, data):
    path = data.draw(st.sampled_from(["/api/oruk/services", "/api/oruk/organizations", "/api/oruk/taxonomies",
                                      "/api/oruk/taxonomy_terms", "/api/oruk/service_at_locations"]))
    query = data.draw(query_strings(["page", "per_page", "search", "text", "taxonomy_term_id", "taxonomy_id",
                                     "organization_id", "modified_after", "minimal", "full", "full_service",
                                     "top_only", "parent_id", "postcode", "proximity"]))
    response = client.get(path, query_string=query)
    assert response.status_code in (200, 400), (path, query, response.get_data(as_text=True)[:200])
    assert response.mimetype == "application/json"
