"""`flask import oruk SOURCE [--publish]`: the standard's examples, idempotence, updates, term mapping, what is
skipped and why, another API over HTTP (a local server on 127.0.0.1), and the round trip export -> import -> export
into a second, empty portal."""
from __future__ import annotations

import copy
import json
import threading
import uuid
from datetime import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from directory.api import standard
from directory.imports import imported_id
from directory.listings import approve_revision, revision_for_editing
from directory.models import (ACCESSIBILITY, AGE_BAND, PENDING, PUBLISHED, REVISION_SUBMITTED, REVISION_WITHDRAWN,
                              ListingRevision,
                              Location, Organisation, Schedule, Service, ServiceLanguage, ServiceVersion, TaxonomyTerm)
from directory.review_services import review_queue
from directory.services import ensure_taxonomy
from directory.taxonomy import term_id
from portal import create_app
from portal.extensions import db
from tests.conftest import config_for

EXAMPLE_SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"


def write_json(tmp_path, data, name="source.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def example_path(name: str) -> str:
    return f"{standard.EXAMPLES_DIR}/{name}"


def run_import(runner, source: str, *flags: str) -> str:
    result = runner.invoke(args=["import", "oruk", source, *flags])
    assert result.exit_code == 0, result.output
    db.session.expire_all()  # the command ran in its own app context and session
    return result.output


def counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Organisation, Service, Location, ListingRevision, ServiceVersion, Schedule, ServiceLanguage)}


def stamps() -> list:
    return (sorted((str(s.id), s.updated_at, s.version, s.status) for s in db.session.scalars(select(Service)))
            + sorted((str(o.id), o.updated_at) for o in db.session.scalars(select(Organisation)))
            + sorted((r.id, r.updated_at, r.status) for r in db.session.scalars(select(ListingRevision))))


def imported_service(external_id: str = EXAMPLE_SERVICE_ID) -> Service:
    service = db.session.get(Service, imported_id("service", external_id))
    assert service is not None
    return service


# --- the standard's examples -----------------------------------------------------------------------------

def test_service_full_example_waits_for_review(runner, client):
    output = run_import(runner, example_path("service_full.json"))
    assert "1 new listings" in output and "waiting for review" in output
    service = imported_service()
    assert service.status == PENDING and service.version == 0
    assert service.organisation.name == "Example Organization Inc."
    assert service.organisation.id == imported_id("organization", "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610")
    [revision] = db.session.scalars(select(ListingRevision)).all()
    assert revision.status == REVISION_SUBMITTED and revision.submitted_at is not None
    assert revision in review_queue()  # officers see it in their queue
    data = revision.data
    assert data["name"] == "Community Counselling"
    assert data["summary"].startswith("Counselling Services provided by trained professionals.")
    assert (data["age_min"], data["age_max"]) == (12, 25)  # 100 is beyond the Local Offer's 0 to 25
    assert data["is_free"] is False
    assert data["cost_detail"] == "Under 18s and Over 60s: £35 per 1 hour session"
    assert data["email"] == "email@example.com" and data["website"] == "http://example.com/counselling"
    [place] = data["locations"]
    assert (place["name"], place["address_1"], place["city"], place["postcode"]) == (
        "MyCity Civic Center", "1-30 Main Street", "MyCity", "ABC 1234")
    assert place["latitude"] is None  # latitude 100 is impossible: left off the map, and said so
    assert [(s["weekday"], s["opens_at"], s["closes_at"]) for s in data["schedules"]] == [
        (3, "10:00", "18:00"), (4, "10:00", "18:00")]
    assert "maximum_age 100 is outside 0 to 25" in output
    assert "impossible coordinates" in output
    assert "the term “name” in “taxonomy” is not one of ours" in output
    # not public until an officer approves it
    assert client.get("/api/oruk/services").get_json()["total_items"] == 0
    assert client.get(f"/services/{service.id}").status_code == 404


def test_an_officer_approves_an_imported_listing(runner, client, make_user):
    source = example_path("service_full.json")
    run_import(runner, source)
    revision = db.session.scalars(select(ListingRevision)).one()
    approve_revision(make_user(roles=("officer",)), revision)
    service = imported_service()
    assert service.status == PUBLISHED and service.version == 1
    data = client.get(f"/api/oruk/services/{service.id}").get_json()
    assert standard.errors(data, "service.json") == [] and data["name"] == "Community Counselling"
    assert "1 unchanged" in run_import(runner, source)  # what was approved is what the source says
    assert db.session.scalar(select(func.count()).select_from(ListingRevision)) == 1


def test_service_list_example_imports_what_a_page_has(runner, tmp_path):
    output = run_import(runner, example_path("service_list.json"))
    assert "1 new listings" in output
    service = imported_service()
    revision = db.session.scalars(select(ListingRevision)).one()
    assert revision.data["name"] == "Community Counselling" and revision.data["locations"] == []
    page = standard.example("service_list.json")
    del page["contents"][0]["fees"]
    output = run_import(runner, write_json(tmp_path, page))
    assert "1 unchanged" in output  # saying nothing about cost leaves the cost as it was
    page["contents"][0]["id"] = str(uuid.uuid4())
    output = run_import(runner, write_json(tmp_path, page))
    assert "1 new listings" in output and "no cost given: not shown as free" in output  # never claimed free
    assert db.session.get(Service, imported_id("service", page["contents"][0]["id"])).status == PENDING
    assert (revision.data["is_free"], revision.data["cost_detail"]) == (False, "fees_description")  # from fees
    assert service.organisation.name == "Example Organization Inc."


def test_organization_full_example_imports_the_organisation_and_its_services(runner):
    output = run_import(runner, example_path("organization_full.json"))
    assert "1 new listings" in output and "Organisations: 1 new" in output
    service = imported_service()
    assert service.organisation.name == "Example Organization Inc."
    assert service.organisation.website == "http://example.com"


def test_publish_makes_listings_public_through_a_version(runner, client):
    output = run_import(runner, example_path("service_full.json"), "--publish")
    assert "1 new listings" in output and "(published)" in output
    service = imported_service()
    assert service.status == PUBLISHED and service.version == 1
    assert service.assured_on.isoformat() == "2005-01-01"  # as the source says it was last checked
    version = db.session.scalars(select(ServiceVersion)).one()
    assert version.note.startswith("Imported from") and version.data["name"] == "Community Counselling"
    assert db.session.scalar(select(func.count()).select_from(ListingRevision)) == 0
    data = client.get(f"/api/oruk/services/{service.id}").get_json()
    assert standard.errors(data, "service.json") == []
    assert data["name"] == "Community Counselling"
    assert client.get("/api/oruk/services?search=counselling").get_json()["total_items"] == 1


# --- idempotence and updates -----------------------------------------------------------------------------

@pytest.mark.parametrize("flags", [(), ("--publish",)])
def test_running_twice_changes_nothing(runner, tmp_path, flags):
    organisation = standard.example("organization_full.json")
    organisation["services"][0]["id"] = str(uuid.uuid4())
    source = write_json(tmp_path, [standard.example("service_full.json"), organisation])
    assert "2 new listings" in run_import(runner, source, *flags)
    before_counts, before_stamps = counts(), stamps()
    output = run_import(runner, source, *flags)
    assert "0 new listings, 0 updated" in output and "2 unchanged" in output
    assert "Organisations: 0 new, 0 updated" in output
    db.session.expire_all()
    assert counts() == before_counts
    assert stamps() == before_stamps


def test_a_changed_source_updates_the_waiting_revision(runner, tmp_path):
    data = standard.example("service_full.json")
    source = write_json(tmp_path, data)
    run_import(runner, source)
    data["name"] = "Community Counselling for Young People"
    data["minimum_age"] = 14
    data["organization"]["name"] = "Example Organisation Ltd"
    write_json(tmp_path, data)
    output = run_import(runner, source)
    assert "1 updated" in output and "Organisations: 0 new, 1 updated" in output
    [revision] = db.session.scalars(select(ListingRevision)).all()  # the same revision, brought up to date
    assert revision.data["name"] == "Community Counselling for Young People" and revision.data["age_min"] == 14
    assert imported_service().organisation.name == "Example Organisation Ltd"


def test_a_changed_source_publishes_a_new_version(runner, tmp_path, client):
    data = standard.example("service_full.json")
    source = write_json(tmp_path, data)
    run_import(runner, source, "--publish")
    data["description"] = "Counselling for everyone.\n\nNow with evening sessions."
    data["cost_options"] = [{"id": str(uuid.uuid4()), "option": "Free", "amount": 0}]
    write_json(tmp_path, data)
    assert "1 updated" in run_import(runner, source, "--publish")
    service = imported_service()
    assert service.version == 2 and service.summary == "Counselling for everyone."
    assert service.description == "Now with evening sessions." and service.is_free is True
    assert [v.version for v in db.session.scalars(select(ServiceVersion))] == [1, 2]
    assert client.get(f"/api/oruk/services/{service.id}").get_json()["description"].endswith("evening sessions.")


def test_a_published_listing_changed_at_source_waits_for_review(runner, tmp_path, client):
    data = standard.example("service_full.json")
    source = write_json(tmp_path, data)
    run_import(runner, source, "--publish")
    data["name"] = "Renamed Counselling"
    write_json(tmp_path, data)
    assert "1 updated (waiting for review)" in run_import(runner, source)
    service = imported_service()
    assert service.status == PUBLISHED and service.name == "Community Counselling"  # the live listing stays
    revision = db.session.scalars(select(ListingRevision)).one()
    assert revision.base_version == 1 and revision.data["name"] == "Renamed Counselling"
    assert client.get(f"/api/oruk/services/{service.id}").get_json()["name"] == "Community Counselling"


def test_publishing_takes_over_an_imported_change_waiting_for_review(runner, client):
    source = example_path("service_full.json")
    run_import(runner, source)
    assert "1 updated (published)" in run_import(runner, source, "--publish")
    revision = db.session.scalars(select(ListingRevision)).one()
    assert revision.status == REVISION_WITHDRAWN
    assert imported_service().status == PUBLISHED and imported_service().version == 1
    assert client.get(f"/api/oruk/services/{imported_service().id}").status_code == 200


def test_a_change_made_in_the_portal_is_not_overwritten(runner, tmp_path, make_user):
    data = standard.example("service_full.json")
    source = write_json(tmp_path, data)
    run_import(runner, source, "--publish")
    service = imported_service()
    officer = make_user(roles=("officer",))
    revision = revision_for_editing(officer, service)
    data["name"] = "Changed at source"
    write_json(tmp_path, data)
    for flags in ((), ("--publish",)):
        output = run_import(runner, source, *flags)
        assert f"a change made in this portal is waiting (change {revision.id})" in output
    assert imported_service().name == "Community Counselling"


def test_fields_the_standard_lacks_keep_the_portals_values(runner, tmp_path):
    source = write_json(tmp_path, standard.example("service_full.json"))
    run_import(runner, source, "--publish")
    service = imported_service()
    service.self_referral, service.easy_read_summary = True, "Talk to someone about your feelings."
    db.session.commit()
    assert "1 unchanged" in run_import(runner, source, "--publish")
    assert imported_service().self_referral is True


# --- mapping and skipping --------------------------------------------------------------------------------

def service_json(name: str = "Mapped Service", **extra) -> dict:
    data = {"id": str(uuid.uuid4()), "name": name, "status": "active", "description": "A service.",
            "organization": {"id": str(uuid.uuid4()), "name": "Mapping Org", "description": ""},
            "cost_options": [{"id": str(uuid.uuid4()), "option": "Free", "amount": 0}]}
    data.update(extra)
    return data


def test_known_taxonomy_terms_are_mapped_and_the_rest_reported(runner, tmp_path):
    def attribute(**term):
        return {"id": str(uuid.uuid4()), "taxonomy_term": {"id": str(uuid.uuid4()), "description": "", **term}}

    location = {"id": str(uuid.uuid4()), "location_type": "physical", "name": "Hall", "latitude": 51.5,
                "longitude": -0.1, "attributes": [{"id": str(uuid.uuid4()),
                                                   "taxonomy_term_id": str(term_id(ACCESSIBILITY, "lift"))}],
                "accessibility": [{"id": str(uuid.uuid4()), "accessibility": "Hearing loop"}]}
    data = service_json(attributes=[
        {"id": str(uuid.uuid4()), "taxonomy_term_id": str(term_id("category", "health"))},  # our id
        attribute(name="Short breaks", term="short-breaks", taxonomy="Local Offer types of support"),  # our code
        attribute(name="ADHD", taxonomy="esdNeeds"),  # someone else's taxonomy, our name
        attribute(name="Autistic spectrum", term="autism", taxonomy="Special educational needs and disabilities"),
        attribute(name="Hippotherapy", taxonomy="esdServiceTypes"),  # not ours
        attribute(name="Step-free access"),  # an accessibility feature does not describe a service
        {"id": str(uuid.uuid4()), "taxonomy_term_id": str(term_id(AGE_BAND, "0-4"))},
    ], service_at_locations=[{"id": str(uuid.uuid4()), "location": location}])
    output = run_import(runner, write_json(tmp_path, data), "--publish")
    service = imported_service(data["id"])
    assert [t.code for t in service.categories] == ["health", "short-breaks"]
    assert [t.code for t in service.needs] == ["autism", "adhd"]
    assert [t.code for t in service.terms_in(AGE_BAND)] == ["0-4"]
    assert [t.code for t in service.locations[0].accessibility] == ["hearing-loop", "lift"]
    assert "“Hippotherapy” in “esdServiceTypes” is not one of ours" in output
    assert "Step-free access" in output


def test_records_that_cannot_be_listings_are_skipped_with_reasons(runner, tmp_path, make_service):
    ours = make_service("Our Own Listing", summary="Made here.")
    records = [
        service_json("No Id", id=""),
        {**service_json(), "name": "  "},
        service_json("No Organisation", organization={}),
        service_json("Copied From Us", id=str(ours.id)),
        "not an object",
        service_json("Fine One"),
    ]
    output = run_import(runner, write_json(tmp_path, {"contents": records}))
    assert "1 new listings" in output and "5 skipped" in output
    assert "Skipped “No Id”: it has no id" in output
    assert "it has no name" in output
    assert "Skipped “No Organisation”" in output and "it has no organisation" in output
    assert "it has the id of one of this portal's own listings" in output
    assert "it is not a JSON object" in output
    assert db.session.get(Service, ours.id).name == "Our Own Listing"


@pytest.mark.parametrize("content, message", [
    (None, "Could not read"),
    ("{not json", "is not JSON"),
    ('"just a string"', "This is not Open Referral UK JSON"),
])
def test_unreadable_sources_are_errors(runner, tmp_path, content, message):
    path = tmp_path / "source.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = runner.invoke(args=["import", "oruk", str(path)])
    assert result.exit_code == 1 and message in result.output
    assert counts()["Service"] == 0


# --- another API over HTTP -------------------------------------------------------------------------------

@pytest.fixture
def oruk_server():
    """Another ORUK API on 127.0.0.1, serving the standard's example three times over three pages of one."""
    services = []
    for n in range(3):
        service = standard.example("service_full.json")
        service["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"example-{n}"))
        service["name"] = f"Community Counselling {n}"
        services.append(service)
    requested: list[str] = []
    missing = {services[1]["id"]}  # its page lists it, but fetching it fails

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            url = urlsplit(self.path)
            requested.append(self.path)
            body, status = None, 200
            if url.path == "/api/oruk/services":
                page = int(parse_qs(url.query).get("page", ["1"])[0])
                contents = [{k: v for k, v in s.items() if k in ("id", "name", "status", "organization")}
                            for s in services[page - 1:page]]
                body = {"total_items": 3, "total_pages": 3, "page_number": page, "size": len(contents),
                        "first_page": page == 1, "last_page": page >= 3, "empty": not contents, "contents": contents}
            elif url.path.startswith("/api/oruk/services/"):
                found = [s for s in services if s["id"] == url.path.rsplit("/", 1)[-1] and s["id"] not in missing]
                body, status = (found[0], 200) if found else ({"message": "not found"}, 404)
            else:
                body, status = {"message": "not found"}, 404
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"url": f"http://127.0.0.1:{server.server_address[1]}/api/oruk", "requested": requested,
               "services": services}
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_import_from_another_api_pages_through_it(runner, oruk_server):
    output = run_import(runner, oruk_server["url"] + "/")
    assert "2 new listings" in output and "1 skipped" in output
    assert "Community Counselling 1" in output and "answered 404" in output
    paths = oruk_server["requested"]
    assert [p for p in paths if "?page=" in p] == [f"/api/oruk/services?page={n}&per_page=100" for n in (1, 2, 3)]
    names = {r.data["name"] for r in db.session.scalars(select(ListingRevision))}
    assert names == {"Community Counselling 0", "Community Counselling 2"}
    before = stamps()
    assert "2 unchanged" in run_import(runner, oruk_server["url"])
    db.session.expire_all()
    assert stamps() == before


def test_an_unreachable_api_is_an_error(runner):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = runner.invoke(args=["import", "oruk", f"http://127.0.0.1:{port}/api/oruk"])
    assert result.exit_code == 1 and "Could not reach" in result.output


# --- round trip ------------------------------------------------------------------------------------------

@pytest.fixture
def second_app(app, tmp_path, monkeypatch, request, new_database_url):
    """Another, empty portal (its own database and index), to import into."""
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "second-instance"))
    other = create_app(config_for(
        request,
        SQLALCHEMY_DATABASE_URI=new_database_url("second", empty=True),
        SEARCH_INDEX_DIR=str(tmp_path / "second-index"),
    ))
    with other.app_context():
        db.create_all()
        ensure_taxonomy()
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def listing_summary(service: Service) -> dict:
    return {
        "summary": service.summary, "description": service.description, "organisation": service.organisation.name,
        "categories": [t.code for t in service.categories], "needs": [t.code for t in service.needs],
        "age_bands": [t.code for t in service.terms_in(AGE_BAND)],
        "ages": (service.age_min, service.age_max), "cost": (service.is_free, service.cost_detail),
        "contact": (service.email, service.phone, service.website),
        "eligibility": service.eligibility, "how": service.how_to_access, "area": service.area_served,
        "locations": sorted((loc.name, loc.address_1, loc.city, loc.postcode, loc.latitude, loc.longitude,
                             tuple(t.code for t in loc.accessibility)) for loc in service.locations),
        "schedules": [(s.weekday, s.opens_at, s.closes_at, s.description) for s in service.schedules],
        "languages": [(lang.code, lang.name) for lang in service.languages],
    }


def directory_now() -> dict[str, dict]:
    return {s.name: listing_summary(s) for s in db.session.scalars(select(Service).where(Service.status == PUBLISHED))}


def test_round_trip_export_import_export(app, runner, second_app, tmp_path, make_service, make_organisation):
    org = make_organisation("Round Trip Trust", description="A charity.", website="https://trust.example.org")
    swim = make_service("Sensory Swim", summary="Quiet swimming for autistic children.",
                        description="Small groups.\n\nWarm water.", organisation=org, categories=["leisure"],
                        needs=["autism", "semh"], locations=[("E8 1DY", 51.5431, -0.0641)], age_min=4, age_max=16,
                        is_free=False, cost_detail="£3 a session", email="swim@trust.example.org",
                        phone="01632 960123", website="https://trust.example.org/swim", eligibility="Anyone with SEND.",
                        how_to_access="Just turn up.", area_served="outside")
    swim.terms = swim.terms + [db.session.get(TaxonomyTerm, term_id(AGE_BAND, "5-10"))]
    swim.locations[0].address_1, swim.locations[0].city = "1 High Street", "Riverside"
    swim.locations[0].accessibility = [db.session.get(TaxonomyTerm, term_id(ACCESSIBILITY, "step-free"))]
    swim.schedules = [Schedule(weekday=0, opens_at=time(9), closes_at=time(17), description="Term time"),
                      Schedule(weekday=5, opens_at=time(10), closes_at=time(12))]
    swim.languages = [ServiceLanguage(code="bfi", name="British Sign Language"),
                      ServiceLanguage(code="pl", name="Polish")]
    make_service("Advice Line", summary="Free advice by phone.", organisation=org, categories=["advice"],
                 needs=["adhd"], is_free=True, area_served="national")
    make_service("Two Sites Club", summary="A club in two places.", categories=["leisure"], needs=["slcn"],
                 locations=[("N16 0AA", 51.563, -0.076), ("E8 2AA", 51.545, -0.06)], age_min=11, age_max=25,
                 cost_detail="Free for members", is_free=True)
    make_service("Never Published", summary="A draft.", status="draft")
    db.session.commit()
    original = directory_now()

    first = tmp_path / "first.json"
    assert runner.invoke(args=["export", "oruk", str(first)]).exit_code == 0
    exported = json.loads(first.read_text(encoding="utf-8"))
    assert standard.errors(exported, "service_package.json") == []

    second = tmp_path / "second.json"
    with second_app.app_context():
        other_runner = second_app.test_cli_runner()
        output = run_import(other_runner, str(first), "--publish")
        assert "3 new listings" in output and "0 skipped" in output
        imported = directory_now()
        assert "3 unchanged" in run_import(other_runner, str(first), "--publish")
        assert other_runner.invoke(args=["export", "oruk", str(second)]).exit_code == 0
    assert imported == original
    again = json.loads(second.read_text(encoding="utf-8"))

    def comparable(service: dict) -> dict:
        service = copy.deepcopy(service)
        for key in ("id", "organization_id", "last_modified", "assured_date"):
            service.pop(key, None)
        service["organization"] = {k: v for k, v in service["organization"].items() if k in ("name", "description")}
        return {"name": service["name"], "description": service["description"],
                "ages": (service["minimum_age"], service["maximum_age"]),
                "terms": sorted(a["taxonomy_term_id"] for a in service["attributes"]),
                "costs": [{k: v for k, v in c.items() if k not in ("id", "service_id")}
                          for c in service["cost_options"]],
                "locations": sorted((sal["location"].get("name"), sal["location"].get("latitude"),
                                     sal["location"].get("longitude"),
                                     json.dumps([{k: v for k, v in a.items() if k not in ("id", "location_id")}
                                                 for a in sal["location"]["addresses"]]),
                                     sorted(a["taxonomy_term_id"] for a in sal["location"]["attributes"]))
                                    for sal in service["service_at_locations"]),
                "organisation": service["organization"], "area": service["service_areas"][0]["name"]}

    assert [comparable(s) for s in again] == [comparable(s) for s in exported]
    assert [s["name"] for s in again] == ["Advice Line", "Sensory Swim", "Two Sites Club"]


def test_a_javascript_website_in_a_feed_is_left_out_with_a_note(runner, tmp_path):
    """A feed is someone else's data: a "javascript:" address must never be stored, to become a link later."""
    data = service_json("Scripted Service", url="javascript:alert(document.cookie)")
    data["organization"]["website"] = "data:text/html,<script>alert(1)</script>"
    output = run_import(runner, write_json(tmp_path, [data]), "--publish")
    service = imported_service(data["id"])
    assert service.website == "" and service.organisation.website == ""
    assert "is not an http or https address: left out" in output
    safe = service_json("Linked Service", url="https://example.org/linked")
    run_import(runner, write_json(tmp_path, [safe], "safe.json"), "--publish")
    assert imported_service(safe["id"]).website == "https://example.org/linked"
