"""The Open Referral UK 3.0 API under /api/oruk: every response checked against the standard's JSON schemas
(the copy in directory/api/standard/), published listings only, filters, paging, errors in JSON, CORS,
ETag / 304, the rate limit, the OpenAPI document and the open data page."""
from __future__ import annotations

import filecmp
import json
import os
import re
import uuid
from datetime import datetime, timedelta, time

import pytest
from sqlalchemy import update

from directory.api import standard
from directory.api.serializers import service_at_location_id, taxonomy_id
from directory.models import (ACCESSIBILITY, AGE_BAND, ARCHIVED, CATEGORY, DRAFT, NEED, PENDING, VOCABULARIES,
                              Location, Organisation, Schedule, Service, ServiceLanguage, TaxonomyTerm)
from directory.taxonomy import NAMESPACE, term_id
from portal import ROOT
from portal.extensions import db, limiter

API = "/api/oruk"
SHARED_STANDARD = os.path.join(ROOT, "..", "shared", "standards", "oruk-3.0")


def valid(data, schema: str) -> None:
    problems = standard.errors(data, schema)
    assert problems == [], f"not valid against {schema}:\n" + "\n".join(problems)


def get_json(client, url: str, status: int = 200, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == status, (url, response.status_code, response.get_data(as_text=True)[:500])
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return response.get_json()


def term(vocabulary: str, code: str) -> TaxonomyTerm:
    return db.session.get(TaxonomyTerm, term_id(vocabulary, code))


@pytest.fixture
def directory(make_organisation, make_service):
    """Two organisations with published services, and listings that must never be public."""
    river = make_organisation("Riverside Family Support", description="Family support in Riverside.",
                              website="riverside.example.org", email="hello@riverside.example.org")
    hill = make_organisation("Hillside Trust", description="A local charity.")
    hidden_org = make_organisation("Hidden Organisation", description="Only drafts.")
    swim = make_service("Sensory Swim", summary="Quiet swimming sessions for autistic children.",
                        description="Small groups in warm water.", organisation=river, categories=["leisure"],
                        needs=["autism"], locations=[("E8 1DY", 51.5431, -0.0641)], age_min=4, age_max=16,
                        is_free=False, cost_detail="£3 a session", email="swim@riverside.example.org",
                        phone="01632 960123", website="https://riverside.example.org/swim",
                        eligibility="Children with SEND.", how_to_access="Book by phone.")
    swim.terms = swim.terms + [term(AGE_BAND, "5-10")]
    swim.locations[0].address_1, swim.locations[0].city = "1 High Street", "Riverside"
    swim.locations[0].accessibility = [term(ACCESSIBILITY, "step-free"), term(ACCESSIBILITY, "changing-places")]
    swim.schedules = [Schedule(weekday=5, opens_at=time(9, 0), closes_at=time(11, 30), description="Term time")]
    swim.languages = [ServiceLanguage(code="bfi", name="British Sign Language")]
    speech = make_service("Speech Drop-in", summary="Talk to a speech and language therapist.",
                          organisation=river, categories=["health"], needs=["slcn"],
                          locations=[("E8 2AA", 51.545, -0.06), ("N16 0AA", 51.563, -0.076)])
    club = make_service("Hillside Youth Club", summary="Evening club for young people.", organisation=hill,
                        categories=["leisure"], needs=["adhd"])
    hidden = [
        make_service("Secret Draft Club", summary="Not yet written.", organisation=river, status=DRAFT,
                     categories=["leisure"], needs=["autism"], locations=[("E8 3BB", 51.54, -0.05)]),
        make_service("Pending Playgroup", summary="Waiting for review.", organisation=hill, status=PENDING,
                     categories=["leisure"], needs=["autism"]),
        make_service("Archived Holiday Scheme", summary="Closed.", organisation=hidden_org, status=ARCHIVED,
                     categories=["short-breaks"], needs=["autism"], locations=[("N16 9ZZ", 51.56, -0.07)]),
    ]
    db.session.commit()
    return {"river": river, "hill": hill, "hidden_org": hidden_org, "swim": swim, "speech": speech, "club": club,
            "hidden": hidden}


# --- the standard and the validator --------------------------------------------------------------------

def test_the_copy_of_the_standard_matches_the_shared_one():
    if not os.path.isdir(SHARED_STANDARD):
        pytest.skip("../shared/standards/oruk-3.0 is not checked out beside the repository")
    for folder in ("schema", "examples"):
        ours, theirs = os.path.join(standard.STANDARD_DIR, folder), os.path.join(SHARED_STANDARD, folder)
        assert sorted(os.listdir(ours)) == sorted(os.listdir(theirs))
        match, mismatch, errors = filecmp.cmpfiles(ours, theirs, os.listdir(theirs), shallow=False)
        assert mismatch == [] and errors == []
    for name in ("openapi.json", "LICENSE"):
        assert filecmp.cmp(os.path.join(standard.STANDARD_DIR, name), os.path.join(SHARED_STANDARD, name),
                           shallow=False)


def test_the_registry_resolves_every_reference_between_schema_files():
    refs = set()
    for name in os.listdir(standard.SCHEMA_DIR):
        with open(os.path.join(standard.SCHEMA_DIR, name), encoding="utf-8") as fh:
            refs |= set(re.findall(r'"\$ref":\s*"(https://openreferraluk\.org/[^"]+)"', fh.read()))
    assert refs, "the schemas refer to each other by their published addresses"
    resolver = standard.registry().resolver()
    for ref in refs:
        assert resolver.lookup(ref).contents["properties"]


@pytest.mark.parametrize("example, schema", [
    ("service_full.json", "service.json"), ("service_full.json", "service_with_definitions.json"),
    ("service_list.json", "service_list.json"), ("organization_full.json", "organization.json"),
    ("organization_list.json", "organization_list.json"), ("taxonomy.json", "taxonomy.json"),
    ("taxonomy_list.json", "taxonomy_list.json"), ("taxonomy_term.json", "taxonomy_term.json"),
    ("taxonomy_term_list.json", "taxonomy_term_list.json"),
    ("service_at_location_full.json", "service_at_location.json"),
    ("service_at_location_list.json", "service_at_location_list.json"),
])
def test_the_standards_examples_pass_the_validator(example, schema):
    valid(standard.example(example), schema)


def test_the_validator_catches_what_is_wrong():
    broken = dict(standard.example("service_full.json"), id="not-a-uuid", status="open")
    del broken["name"]
    problems = " ".join(standard.errors(broken, "service.json"))
    assert "'name' is a required property" in problems and "uuid" in problems and "'open' is not one of" in problems
    nested = standard.example("service_full.json")
    nested["service_at_locations"][0]["location"]["location_type"] = "spaceship"
    assert standard.errors(nested, "service.json")  # followed into location.json through the registry
    page = standard.example("service_list.json")
    page["contents"][0]["last_modified"] = "yesterday"
    assert standard.errors(page, "service_list.json")


# --- shapes ------------------------------------------------------------------------------------------------

def test_api_details(client):
    data = get_json(client, f"{API}/")
    valid(data, "api_details.json")
    assert data["version"] == "3.0"
    assert data["openapi_url"].endswith("/api/oruk/openapi.json")


LISTS = [
    ("/services", "service_list.json"),
    ("/services?full=true", "service_list.json"),
    ("/services?minimal=true", "service_list.json"),
    ("/services?search=swimming", "service_list.json"),
    ("/taxonomies", "taxonomy_list.json"),
    ("/taxonomy_terms", "taxonomy_term_list.json"),
    ("/organizations", "organization_list.json"),
    ("/organizations?full=true", "organization_list.json"),
    ("/organizations?full_service=true", "organization_list.json"),
    ("/service_at_locations", "service_at_location_list.json"),
    ("/service_at_locations?full=true", "service_at_location_list.json"),
]


@pytest.mark.parametrize("path, schema", LISTS)
def test_every_list_matches_the_standard(client, directory, path, schema):
    data = get_json(client, API + path)
    valid(data, schema)
    assert data["contents"] and not data["empty"]


@pytest.mark.parametrize("path, schema", LISTS)
def test_empty_pages_match_the_standard(client, path, schema):
    """A directory with nothing published (taxonomies always have terms: ask past the end)."""
    data = get_json(client, API + path + ("&" if "?" in path else "?") + "page=7")
    valid(data, schema)
    assert data["contents"] == [] and data["empty"] is True and data["size"] == 0 and data["page_number"] == 7


def test_full_services_match_the_standard(client, directory):
    data = get_json(client, f"{API}/services?full=true")
    for item in data["contents"]:
        valid(item, "service.json")
        valid(item, "service_with_definitions.json")
    valid(data["contents"], "service_package.json")


def test_a_service_in_full(client, directory):
    swim = directory["swim"]
    data = get_json(client, f"{API}/services/{swim.id}")
    valid(data, "service.json")
    valid(data, "service_with_definitions.json")
    assert data["id"] == str(swim.id) and data["status"] == "active"
    assert data["description"] == "Quiet swimming sessions for autistic children.\n\nSmall groups in warm water."
    assert (data["minimum_age"], data["maximum_age"]) == (4, 16)
    assert data["organization"]["id"] == str(directory["river"].id)
    assert data["organization"]["website"] == "https://riverside.example.org"  # made an absolute URI
    assert data["eligibility_description"] == "Children with SEND."
    assert data["application_process"] == "Book by phone."
    terms = {(a["taxonomy_term"]["taxonomy_id"], a["taxonomy_term"]["term"]) for a in data["attributes"]}
    assert terms == {(str(taxonomy_id(CATEGORY)), "leisure"), (str(taxonomy_id(NEED)), "autism"),
                     (str(taxonomy_id(AGE_BAND)), "5-10")}
    for attribute in data["attributes"]:
        assert attribute["taxonomy_term_id"] == attribute["taxonomy_term"]["id"]
        assert attribute["link_id"] == str(swim.id)
    [sal] = data["service_at_locations"]
    assert sal["id"] == str(service_at_location_id(swim.id, swim.locations[0].id))
    location = sal["location"]
    assert (location["latitude"], location["longitude"]) == (51.5431, -0.0641)
    assert location["addresses"][0]["postal_code"] == "E8 1DY"
    assert location["addresses"][0]["address_1"] == "1 High Street"
    assert {a["taxonomy_term"]["term"] for a in location["attributes"]} == {"step-free", "changing-places"}
    assert {a["accessibility"] for a in location["accessibility"]} == {"Step-free access", "Changing Places toilet"}
    [slot] = data["schedules"]
    assert (slot["freq"], slot["byday"], slot["opens_at"], slot["closes_at"]) == ("WEEKLY", "SA", "09:00", "11:30")
    [cost] = data["cost_options"]
    assert cost["amount_description"] == "£3 a session" and "amount" not in cost
    assert data["contacts"][0]["phones"][0]["number"] == "01632 960123"
    assert data["languages"] == [{"id": str(swim.languages[0].id), "service_id": str(swim.id),
                                  "name": "British Sign Language", "code": "bfi"}]
    assert data["service_areas"][0]["name"] == "In the local area"


def test_a_free_service_says_so(client, make_service):
    free = make_service("Free Club", summary="Free.", is_free=True)
    [cost] = get_json(client, f"{API}/services/{free.id}")["cost_options"]
    assert (cost["option"], cost["amount"]) == ("Free", 0)


def test_single_records_match_the_standard(client, directory):
    swim, river = directory["swim"], directory["river"]
    data = get_json(client, f"{API}/organizations/{river.id}")
    valid(data, "organization.json")
    assert {s["name"] for s in data["services"]} == {"Sensory Swim", "Speech Drop-in"}
    for item in data["services"]:
        valid({"contents": [item]}, "service_list.json")
    data = get_json(client, f"{API}/organizations/{river.id}?full_service=true")
    for item in data["services"]:
        valid(item, "service.json")
    sal = service_at_location_id(swim.id, swim.locations[0].id)
    data = get_json(client, f"{API}/service_at_locations/{sal}")
    valid(data, "service_at_location.json")
    assert data["service"]["id"] == str(swim.id) and data["location"]["id"] == str(swim.locations[0].id)
    data = get_json(client, f"{API}/taxonomies/{taxonomy_id(NEED)}")
    valid(data, "taxonomy.json")
    assert [t["term"] for t in data["taxonomy_terms"]][:3] == ["autism", "adhd", "slcn"]
    data = get_json(client, f"{API}/taxonomy_terms/{term_id(NEED, 'autism')}")
    valid(data, "taxonomy_term.json")
    assert (data["name"], data["taxonomy_id"]) == ("Autism", str(taxonomy_id(NEED)))


def test_our_vocabularies_are_taxonomies_with_stable_ids(client):
    data = get_json(client, f"{API}/taxonomies")
    assert [t["id"] for t in data["contents"]] == [str(uuid.uuid5(NAMESPACE, v)) for v in VOCABULARIES]
    terms = get_json(client, f"{API}/taxonomy_terms?taxonomy_id={taxonomy_id(AGE_BAND)}")
    assert [t["term"] for t in terms["contents"]] == ["0-4", "5-10", "11-15", "16-18", "19-25"]
    assert all(t["id"] == str(term_id(AGE_BAND, t["term"])) for t in terms["contents"])
    assert get_json(client, f"{API}/taxonomy_terms?search=autism")["total_items"] == 1
    assert get_json(client, f"{API}/taxonomy_terms?parent_id={uuid.uuid4()}")["contents"] == []
    assert get_json(client, f"{API}/taxonomy_terms?taxonomy_id={uuid.uuid4()}")["contents"] == []


# --- published only ------------------------------------------------------------------------------------

def test_unpublished_listings_never_leak(client, directory):
    hidden = directory["hidden"]
    hidden_ids = [str(s.id) for s in hidden] + [str(loc.id) for s in hidden for loc in s.locations]
    hidden_ids.append(str(directory["hidden_org"].id))
    words = ["Secret Draft Club", "Pending Playgroup", "Archived Holiday Scheme", "Hidden Organisation"]
    everything = [
        "/services?per_page=1000", "/services?per_page=1000&full=true", "/services?per_page=1000&minimal=true",
        "/services?search=club&per_page=1000", "/services?search=playgroup", "/services?search=holiday",
        f"/services?taxonomy_term_id={term_id(NEED, 'autism')}&full=true",
        f"/services?taxonomy_id={taxonomy_id(CATEGORY)}", f"/services?organization_id={directory['hill'].id}",
        "/services?modified_after=2000-01-01T00:00:00Z",
        "/organizations?per_page=1000&full_service=true", "/organizations?search=hidden",
        f"/organizations/{directory['hill'].id}?full_service=true",
        "/service_at_locations?per_page=1000&full=true", "/service_at_locations?search=club",
    ]
    for path in everything:
        text = client.get(API + path).get_data(as_text=True)
        for secret in words + hidden_ids:
            assert secret not in text, f"{secret} leaked through {path}"
    for service in hidden:
        get_json(client, f"{API}/services/{service.id}", 404)
        for location in service.locations:
            get_json(client, f"{API}/service_at_locations/{service_at_location_id(service.id, location.id)}", 404)
    get_json(client, f"{API}/organizations/{directory['hidden_org'].id}", 404)
    assert get_json(client, f"{API}/services?search=playgroup")["total_items"] == 0


def test_a_listing_leaves_the_api_when_archived(client, directory):
    swim = directory["swim"]
    get_json(client, f"{API}/services/{swim.id}")
    swim.status = ARCHIVED
    db.session.commit()
    get_json(client, f"{API}/services/{swim.id}", 404)
    assert "Sensory Swim" not in client.get(f"{API}/services?search=swim").get_data(as_text=True)


# --- filters and paging --------------------------------------------------------------------------------

def names(data) -> set[str]:
    return {item["name"] for item in data["contents"]}


def test_filters_are_anded(client, directory, make_service):
    river, hill = directory["river"], directory["hill"]
    make_service("Autism Parent Group", summary="Support for parents.", organisation=hill, needs=["autism"],
                 categories=["advice"])
    autism = f"taxonomy_term_id={term_id(NEED, 'autism')}"
    assert names(get_json(client, f"{API}/services?{autism}")) == {"Sensory Swim", "Autism Parent Group"}
    assert names(get_json(client, f"{API}/services?organization_id={river.id}")) == {"Sensory Swim",
                                                                                     "Speech Drop-in"}
    assert names(get_json(client, f"{API}/services?{autism}&organization_id={hill.id}")) == {"Autism Parent Group"}
    assert names(get_json(client, f"{API}/services?taxonomy_id={taxonomy_id(AGE_BAND)}")) == {"Sensory Swim"}
    assert names(get_json(client, f"{API}/services?search=parents")) == {"Autism Parent Group"}
    assert names(get_json(client, f"{API}/services?search=parents&organization_id={river.id}")) == set()
    assert names(get_json(client, f"{API}/services?search=swimming&{autism}")) == {"Sensory Swim"}
    assert names(get_json(client, f"{API}/services?search=swimming&taxonomy_term_id={term_id(NEED, 'adhd')}")) == set()
    assert names(get_json(client, f"{API}/services?taxonomy_term_id={uuid.uuid4()}")) == set()

    # modified_after: everything but the swim is old news
    old = datetime(2024, 1, 1)
    db.session.execute(update(Service).values(updated_at=old))
    db.session.execute(update(Organisation).values(updated_at=old))
    db.session.execute(update(Service).where(Service.id == directory["swim"].id)
                       .values(updated_at=datetime(2025, 6, 1, 12, 0)))
    db.session.commit()
    assert names(get_json(client, f"{API}/services?modified_after=2025-06-01T12:00:00Z")) == {"Sensory Swim"}
    assert names(get_json(client, f"{API}/services?modified_after=2025-06-01T13:00:00%2B01:00")) == {"Sensory Swim"}
    assert names(get_json(client, f"{API}/services?modified_after=2025-06-01T12:00:01Z")) == set()
    assert names(get_json(client, f"{API}/services?modified_after=2025-06-01&{autism}")) == {"Sensory Swim"}
    assert names(get_json(client, f"{API}/services?modified_after=2025-06-01&organization_id={hill.id}")) == set()
    # an organisation's change counts as its services' change
    db.session.execute(update(Organisation).where(Organisation.id == hill.id)
                       .values(updated_at=datetime(2025, 7, 1)))
    db.session.commit()
    assert names(get_json(client, f"{API}/services?modified_after=2025-06-15")) == {"Hillside Youth Club",
                                                                                    "Autism Parent Group"}


def test_service_at_locations_filter_like_services(client, directory):
    data = get_json(client, f"{API}/service_at_locations?organization_id={directory['river'].id}")
    assert sorted(item["service"]["name"] for item in data["contents"]) == ["Sensory Swim", "Speech Drop-in",
                                                                           "Speech Drop-in"]
    data = get_json(client, f"{API}/service_at_locations?search=swimming")
    assert [item["service"]["name"] for item in data["contents"]] == ["Sensory Swim"]
    data = get_json(client, f"{API}/service_at_locations?taxonomy_term_id={term_id(NEED, 'slcn')}&per_page=1")
    assert (data["total_items"], data["total_pages"], data["size"]) == (2, 2, 1)


def test_pagination_metadata(client, make_service):
    for n in range(5):
        make_service(f"Club {n}", summary="A club.")
    pages = [get_json(client, f"{API}/services?per_page=2&page={p}") for p in (1, 2, 3, 4)]
    first, second, last, beyond = pages
    assert {k: first[k] for k in ("total_items", "total_pages", "page_number", "size", "first_page", "last_page",
                                  "empty")} == {"total_items": 5, "total_pages": 3, "page_number": 1, "size": 2,
                                                "first_page": True, "last_page": False, "empty": False}
    assert (second["first_page"], second["last_page"], second["size"]) == (False, False, 2)
    assert (last["last_page"], last["size"], last["page_number"]) == (True, 1, 3)
    assert (beyond["empty"], beyond["size"], beyond["contents"]) == (True, 0, [])
    seen = [item["name"] for p in pages for item in p["contents"]]
    assert seen == [f"Club {n}" for n in range(5)]  # name order, nothing twice, nothing missed
    default = get_json(client, f"{API}/services")
    assert default["total_pages"] == 1 and default["size"] == 5


def test_minimal_is_ids_and_dates(client, directory):
    data = get_json(client, f"{API}/services?minimal=true")
    assert set(data["contents"][0]) == {"id", "name", "status", "last_modified"}


# --- errors ----------------------------------------------------------------------------------------------

BAD_QUERIES = [
    "per_page=0", "per_page=10000", "per_page=-3", "per_page=ten", "page=abc", "page=0", "page=-1",
    "modified_after=yesterday", "modified_after=2025-13-45", "taxonomy_term_id=not-a-uuid", "taxonomy_id=42",
    "organization_id=riverside", "full=2", "page=99999999999999999999",
    "modified_after=9999-12-31T23:59:59-14:00",
]


@pytest.mark.parametrize("url", [f"/services?{q}" for q in BAD_QUERIES + ["minimal=perhaps", "minimal=true&full=true"]]
                         + [f"/service_at_locations?{q}" for q in BAD_QUERIES])
def test_bad_parameters_are_400_json(client, url):
    data = get_json(client, API + url, 400)
    assert data["message"] and isinstance(data["message"], str)


@pytest.mark.parametrize("url", [
    "/taxonomies?per_page=0", "/taxonomies?page=x", "/taxonomy_terms?per_page=5000", "/taxonomy_terms?taxonomy_id=x",
    "/taxonomy_terms?parent_id=x", "/taxonomy_terms?top_only=maybe", "/organizations?page=0",
    "/organizations?full_service=sometimes", "/organizations/{org}?full_service=sometimes",
])
def test_bad_parameters_elsewhere_are_400_json(client, directory, url):
    data = get_json(client, API + url.format(org=directory["river"].id), 400)
    assert data["message"]


@pytest.mark.parametrize("path", [
    "/services/{uuid}", "/services/not-a-uuid", "/organizations/{uuid}", "/organizations/12",
    "/taxonomies/{uuid}", "/taxonomy_terms/{uuid}", "/taxonomy_terms/zzz", "/service_at_locations/{uuid}",
    "/nothing-here", "/services/{uuid}/extra",
])
def test_unknown_ids_are_404_json(client, path):
    data = get_json(client, API + path.format(uuid=uuid.uuid4()), 404)
    assert data["message"]


def test_writes_are_refused_in_json(client, directory):
    for method in ("post", "put", "delete"):
        response = getattr(client, method)(f"{API}/services", json={"name": "Sneaky"})
        assert response.status_code == 405 and response.get_json()["message"]
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert db.session.query(Service).filter_by(name="Sneaky").count() == 0


# --- HTTP behaviour --------------------------------------------------------------------------------------

def test_cors_on_every_response(client, directory):
    for url in (f"{API}/", f"{API}/services", f"{API}/services/{uuid.uuid4()}", f"{API}/services?page=0",
                f"{API}/openapi.json"):
        assert client.get(url).headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(f"{API}/services", headers={"Origin": "https://elsewhere.example",
                                                           "Access-Control-Request-Method": "GET",
                                                           "Access-Control-Request-Headers": "if-none-match"})
    assert preflight.status_code == 200 and preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    etag = client.get(f"{API}/services").headers["ETag"]
    cached = client.get(f"{API}/services", headers={"If-None-Match": etag})
    assert cached.status_code == 304 and cached.headers["Access-Control-Allow-Origin"] == "*"


def test_etag_and_last_modified_give_304(client, directory):
    url = f"{API}/services/{directory['swim'].id}"
    first = client.get(url)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag and modified
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status_code == 200
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200
    # a change gives a new body, a new ETag and a later Last-Modified
    directory["swim"].summary = "Quiet swimming, now on Sundays too."
    db.session.commit()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    # lists have them too; Last-Modified is the newest record on the page
    listing = client.get(f"{API}/services")
    assert listing.headers["ETag"]
    assert listing.headers["Last-Modified"] == changed.headers["Last-Modified"]
    assert client.get(f"{API}/services", headers={"If-None-Match": listing.headers["ETag"]}).status_code == 304
    taxonomies = client.get(f"{API}/taxonomies")
    assert client.get(f"{API}/taxonomies", headers={"If-None-Match": taxonomies.headers["ETag"]}).status_code == 304


def test_rate_limit_is_429_json(app, client, monkeypatch):
    if not limiter.enabled:  # tests may switch limits off; this one needs them
        monkeypatch.setattr(limiter, "enabled", True)
        monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", True)
        limiter.init_app(app)
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "3 per minute")
    limiter.reset()
    try:
        for _ in range(3):
            assert client.get(f"{API}/taxonomies").status_code == 200
        response = client.get(f"{API}/taxonomies")
        assert response.status_code == 429
        assert response.mimetype == "application/json"
        assert "3 per 1 minute" in response.get_json()["message"]
        assert int(response.headers["Retry-After"]) > 0
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert client.get("/").status_code == 200  # the rest of the site is not limited by the API's limit
    finally:
        limiter.reset()


# --- the OpenAPI document and the page -------------------------------------------------------------------

def _served_paths(app) -> set[str]:
    paths = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("oruk.") and rule.endpoint not in ("oruk.openapi", "oruk.docs", "oruk.unknown"):
            paths.add(re.sub(r"<[^>]+>", "{id}", rule.rule[len(API):]))
    return paths


def test_openapi_document_is_what_we_serve(app, client, directory):
    doc = get_json(client, f"{API}/openapi.json")
    assert doc["openapi"].startswith("3.")
    assert doc["servers"] == [{"url": "http://localhost/api/oruk", "description": "This Local Offer"}]
    assert set(doc["paths"]) == _served_paths(app)
    declared_files = set()
    for path, item in doc["paths"].items():
        operation = item["get"]
        assert "name" not in operation
        for status in ("200", "304", "429"):
            assert status in operation["responses"]
        ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        declared_files.add(ref.rsplit("/", 1)[-1])
        assert standard.registry().resolver().lookup(ref).contents  # a schema we ship
        for parameter in operation.get("parameters", []):
            name = parameter.get("name") or parameter["$ref"].rsplit("/", 1)[-1]
            assert name not in ("format", "postcode", "proximity")
            spec = doc["components"]["parameters"].get(name, parameter)
            # every declared parameter is one the endpoint accepts (a good value is never a 400)
            value = {"integer": "1", "boolean": "true"}.get(spec["schema"]["type"], "x")
            if spec["schema"].get("format") == "uuid":
                value = str(uuid.uuid4())
            if spec["schema"].get("format") == "date-time":
                value = "2025-01-01T00:00:00Z"
            url = API + path.replace("{id}", str(directory["river"].id) if "organizations" in path else "x")
            if "{id}" not in path:
                assert client.get(f"{url}?{spec['name']}={value}").status_code == 200, (path, spec["name"])
    assert declared_files <= set(os.listdir(standard.SCHEMA_DIR))
    assert doc["components"]["parameters"]["per_page"]["schema"]["maximum"] == 1000


def test_open_data_page(client):
    response = client.get("/open-data")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count("<h1") == 1
    for link in ("/api/oruk/openapi.json", "/open-data/directory.json", "/open-data/directory.csv",
                 "/open-data/service-template.csv"):
        assert link in html
    assert str(taxonomy_id(NEED)) in html
    assert client.get("/api/oruk/docs").headers["Location"].endswith("/open-data")


def test_api_details_is_not_a_page_of_html_even_for_browsers(client):
    response = client.get(f"{API}/", headers={"Accept": "text/html"})
    assert response.mimetype == "application/json"
    assert json.loads(response.data)["version"] == "3.0"


def test_dates_are_iso_with_milliseconds(client, directory):
    item = get_json(client, f"{API}/services/{directory['swim'].id}")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", item["last_modified"])
    stamp = datetime.fromisoformat(item["last_modified"].replace("Z", "+00:00")).replace(tzinfo=None)
    assert abs(stamp - directory["swim"].updated_at) < timedelta(seconds=1)


def test_locations_of_several_services_are_one_location_each_time(client, directory):
    """A place shared by two services is one location with two service-at-location links."""
    shared = directory["speech"].locations[0]
    directory["club"].locations.append(shared)
    db.session.commit()
    data = get_json(client, f"{API}/service_at_locations?per_page=100")
    links = [item for item in data["contents"] if item["location_id"] == str(shared.id)]
    assert len(links) == 2 and len({item["id"] for item in links}) == 2
    assert db.session.query(Location).count() == 5
