"""The listing editor: task list, section pages, validation, check and submit, editing published listings."""
import html as html_lib
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from directory import listings
from directory.models import (DRAFT, PENDING, PUBLISHED, REVISION_OPEN, REVISION_SUBMITTED, ListingRevision,
                              PostcodeCentroid, Service)
from portal.extensions import db


def h1s(response) -> list[str]:
    return re.findall(r"<h1[^>]*>(.*?)</h1>", response.get_data(as_text=True), re.S)


@pytest.fixture
def org(make_organisation):
    return make_organisation("Acme Therapies")


@pytest.fixture
def provider(make_user, login, org):
    return login(make_user("lead@acme.example.org", roles=("provider",), organisations=[org], name="Lee Lead"))


@pytest.fixture
def draft(client, provider, org) -> Service:
    response = client.post("/providers/listings/new", data={"organisation": str(org.id), "name": "Speech Club"})
    assert response.status_code == 302
    service = db.session.scalar(select(Service).where(Service.name == "Speech Club"))
    assert response.headers["Location"].endswith(f"/providers/listings/{service.id}")
    return service


def revision_data(service) -> dict:
    db.session.expire_all()
    return listings.open_revision(service).data


def url(service, page="") -> str:
    return f"/providers/listings/{service.id}" + (f"/{page}" if page else "")


ABOUT = {"name": "Speech Club", "summary": "Weekly speech and language games for children.",
         "description": "We play.\r\n\r\nWe learn.", "easy_read_summary": "A club. We talk and play.",
         "categories": ["health", "leisure"]}


def test_a_new_listing_starts_as_a_draft_with_a_task_list(client, draft):
    response = client.get(url(draft))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(h1s(response)) == 1
    assert "govuk-task-list" in html
    for title in ["About the service", "Who it is for", "How to get it and what it costs",
                  "Locations and opening times", "Contact details", "Languages and area served"]:
        assert title in html
    assert "Incomplete" not in html and "Not started" in html
    assert draft.status == DRAFT and draft.version == 0


def test_new_listing_needs_a_name(client, provider, org):
    response = client.post("/providers/listings/new", data={"organisation": str(org.id), "name": "  "})
    assert response.status_code == 200
    assert "Enter the name of the service" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Service)) == 0


def test_sections_save_and_statuses_follow_the_data(client, draft):
    response = client.post(url(draft, "about"), data={**ABOUT, "description": ""})
    assert response.status_code == 302 and response.headers["Location"].endswith(url(draft))
    html = client.get(url(draft)).get_data(as_text=True)
    assert "Incomplete" in html  # about: summary but no description
    client.post(url(draft, "about"), data=ABOUT)
    data = revision_data(draft)
    assert data["summary"] == ABOUT["summary"]
    assert data["description"] == "We play.\n\nWe learn."
    assert data["categories"] == ["health", "leisure"]
    html = client.get(url(draft)).get_data(as_text=True)
    assert re.search(r"About the service.*?Completed", html, re.S)


def test_full_journey_draft_to_submitted_is_pending_and_not_public(client, draft, smtp_server):
    client.post(url(draft, "about"), data=ABOUT)
    client.post(url(draft, "who"), data={"needs": ["slcn", "autism"], "age_min": "3", "age_max": "11",
                                         "eligibility": "Children in Riverside."})
    client.post(url(draft, "access"), data={"referral": ["self_referral", "ehc_plan_required"],
                                            "how_to_access": "Phone us.", "cost": "paid",
                                            "cost_detail": "£5 a session", "delivery": ["in_person", "online"]})
    client.post(url(draft, "locations/add"), data={"name": "Riverside Centre", "address_1": "1 High Street",
                                                   "city": "Riverside", "postcode": "e8 1dy",
                                                   "accessibility": ["step-free", "hearing-loop"]})
    client.post(url(draft, "times"), data={"day_0-opens": "9:30", "day_0-closes": "12:00",
                                           "day_5-description": "term time only"})
    client.post(url(draft, "contact"), data={"email": "club@acme.example.org", "phone": "+44 (0)1632 960000",
                                             "website": "https://acme.example.org/club"})
    client.post(url(draft, "languages"), data={"languages": ["bfi", "pl"], "other": "Tigrinya, Riverside Creole",
                                               "area_served": "outside"})
    data = revision_data(draft)
    assert data["needs"] == ["slcn", "autism"] and (data["age_min"], data["age_max"]) == (3, 11)
    assert data["self_referral"] and data["ehc_plan_required"] and not data["professional_referral"]
    assert data["is_free"] is False and data["cost_detail"] == "£5 a session"
    assert data["locations"][0]["postcode"] == "E8 1DY"
    assert data["locations"][0]["accessibility"] == ["step-free", "hearing-loop"]
    assert data["schedules"] == [
        {"weekday": 0, "opens_at": "09:30", "closes_at": "12:00", "description": ""},
        {"weekday": 5, "opens_at": "", "closes_at": "", "description": "term time only"}]
    assert data["languages"] == [{"code": "bfi", "name": "British Sign Language (BSL)"},
                                 {"code": "pl", "name": "Polish"}, {"code": "ti", "name": "Tigrinya"},
                                 {"code": "mis", "name": "Riverside Creole"}]
    assert data["area_served"] == "outside"
    html = client.get(url(draft)).get_data(as_text=True)
    assert "Incomplete" not in html and "Not started" not in html

    check = client.get(url(draft, "check"))
    check_html = check.get_data(as_text=True)
    assert check.status_code == 200 and len(h1s(check)) == 1
    for text in ["Weekly speech and language games", "£5 a session", "1 High Street", "Riverside Creole", "Send for review"]:
        assert text in check_html, text

    response = client.post(url(draft, "submit"))
    assert response.status_code == 302 and response.headers["Location"].endswith("/providers/")
    db.session.expire_all()
    assert db.session.get(Service, draft.id).status == PENDING
    assert listings.open_revision(draft).status == REVISION_SUBMITTED
    dashboard = client.get("/providers/").get_data(as_text=True)
    assert "Waiting for review" in dashboard
    # Not public.
    assert client.get(f"/services/{draft.id}").status_code == 404
    # While waiting, the pages cannot be changed (a form sent anyway is shown back, words kept, with
    # the reason: tests/directory/test_editing_conflicts.py); withdrawing reopens it.
    response = client.post(url(draft, "about"), data={**ABOUT, "name": "Changed"})
    assert response.status_code == 409 and 'value="Changed"' in response.get_data(as_text=True)
    assert client.get(url(draft, "about")).status_code == 302
    assert revision_data(draft)["name"] == "Speech Club"
    assert client.post(url(draft, "withdraw")).status_code == 302
    db.session.expire_all()
    assert db.session.get(Service, draft.id).status == DRAFT
    assert listings.open_revision(draft).status == REVISION_OPEN


def test_submitting_needs_a_summary(client, draft):
    response = client.post(url(draft, "submit"), follow_redirects=True)
    assert "Add at least a name and a summary before you submit" in response.get_data(as_text=True)
    assert listings.open_revision(draft).status == REVISION_OPEN


def test_editing_a_published_listing_leaves_the_public_page_unchanged(client, provider, org, make_service,
                                                                      make_user):
    service = make_service("Acme Speech Clinic", organisation=org, summary="The old summary.", version=1,
                           assured_on=date.today())
    assert "The old summary." in client.get(f"/services/{service.id}").get_data(as_text=True)
    # Looking does not start a revision.
    client.get(url(service))
    client.get(url(service, "about"))
    assert listings.open_revision(service) is None

    response = client.post(url(service, "about"), data={"name": "Acme Speech Clinic", "summary": "The new summary.",
                                                        "description": "", "categories": ["health"]})
    assert response.status_code == 302
    revision = listings.open_revision(service)
    assert revision is not None and revision.base_version == 1
    public = client.get(f"/services/{service.id}").get_data(as_text=True)
    assert "The old summary." in public and "The new summary." not in public
    # The task list shows what changed against the published version.
    task_list = client.get(url(service)).get_data(as_text=True)
    assert "What you have changed" in task_list and "The old summary." in task_list
    assert "The new summary." in task_list

    client.post(url(service, "submit"))
    db.session.expire_all()
    assert db.session.get(Service, service.id).status == PUBLISHED
    public = client.get(f"/services/{service.id}").get_data(as_text=True)
    assert "The old summary." in public and "The new summary." not in public

    # Once an officer approves, the public page changes.
    officer = make_user("officer@council.example.org", roles=("officer",))
    listings.approve_revision(officer, listings.open_revision(service))
    assert "The new summary." in client.get(f"/services/{service.id}").get_data(as_text=True)


@pytest.mark.parametrize("ages, message", [
    (("18", "3"), "The oldest age must be the same as or older than the youngest age"),
    (("", "3"), "Enter the youngest age, from 0 to 25"),
    (("three", "9"), "Enter the youngest age, from 0 to 25"),
    (("-1", "9"), "Enter the youngest age, from 0 to 25"),
    (("3", "26"), "Enter the oldest age, from 0 to 25"),
])
def test_ages_are_checked(client, draft, ages, message):
    response = client.post(url(draft, "who"), data={"age_min": ages[0], "age_max": ages[1]})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in html and message in html
    assert h1s(response) == ["Who it is for"]
    assert response.get_data(as_text=True).count(message) == 2  # summary and inline
    assert f'value="{html_lib.escape(ages[0])}"' in html  # what was typed is kept
    assert re.search(r"<title[^>]*>\s*Error:", html)
    data = revision_data(draft)
    assert (data["age_min"], data["age_max"]) == (0, 25)


def test_a_bad_postcode_is_refused_and_an_unknown_one_is_a_hint(client, draft):
    response = client.post(url(draft, "locations/add"), data={"address_1": "1 High Street", "postcode": "NOT A PC"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Enter a real postcode, like E8 1DY" in html
    assert 'value="NOT A PC"' in html
    assert revision_data(draft)["locations"] == []
    # Outward code alone is not enough for a place.
    response = client.post(url(draft, "locations/add"), data={"address_1": "1 High Street", "postcode": "E8"})
    assert "Enter a real postcode" in response.get_data(as_text=True)

    db.session.add(PostcodeCentroid(postcode="E81DY", latitude=51.543, longitude=-0.064))
    db.session.commit()
    assert client.post(url(draft, "locations/add"), data={"address_1": "1 High St", "postcode": "E8 1DY"}) \
        .status_code == 302
    assert client.post(url(draft, "locations/add"), data={"address_1": "2 Low St", "postcode": "ZE2 9XX"}) \
        .status_code == 302
    found, unknown = revision_data(draft)["locations"]
    assert (found["latitude"], found["longitude"]) == (51.543, -0.064)
    assert unknown["latitude"] is None
    html = client.get(url(draft, "locations")).get_data(as_text=True)
    assert html.count("We could not find that postcode; the service will not show distances") == 1
    assert "govuk-error" not in html


def test_locations_can_be_removed(client, draft):
    client.post(url(draft, "locations/add"), data={"address_1": "1 High St", "postcode": "E8 1DY"})
    client.post(url(draft, "locations/add"), data={"address_1": "2 Low St", "postcode": "N1 1AA"})
    # A stale page (wrong postcode for that position) removes nothing.
    client.post(url(draft, "locations/0/remove"), data={"postcode": "N1 1AA"})
    assert len(revision_data(draft)["locations"]) == 2
    client.post(url(draft, "locations/0/remove"), data={"postcode": "E8 1DY"})
    assert [loc["postcode"] for loc in revision_data(draft)["locations"]] == ["N1 1AA"]
    assert client.post(url(draft, "locations/5/remove"), data={"postcode": ""}).status_code == 404


def test_a_50000_character_description_is_refused_and_kept(client, draft):
    long_text = "word " * 10000
    response = client.post(url(draft, "about"), data={**ABOUT, "description": long_text})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Description must be 10,000 characters or fewer" in html
    assert long_text.strip() in html
    assert revision_data(draft)["description"] == ""


def test_summary_limit(client, draft):
    response = client.post(url(draft, "about"), data={**ABOUT, "summary": "x" * 501})
    assert "Summary must be 500 characters or fewer" in response.get_data(as_text=True)


@pytest.mark.parametrize("website", ["javascript:alert(1)", "JavaScript://%0Aalert(1)", "data:text/html,hi",
                                     "ftp://example.org", "https://", "www.example .org"])
def test_only_http_websites_are_accepted(client, draft, website):
    response = client.post(url(draft, "contact"), data={"website": website, "phone": "01632 960000"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter a website address that starts with https:// or http://" in html
    assert revision_data(draft)["website"] == ""


def test_contact_details_are_checked(client, draft):
    html = client.post(url(draft, "contact"), data={"phone": "call 0800 FLOWERS", "email": "nope"}) \
        .get_data(as_text=True)
    assert "Enter a phone number using only numbers, spaces, + and brackets" in html
    assert "Enter an email address in the correct format" in html
    html = client.post(url(draft, "contact"), data={}).get_data(as_text=True)
    assert "Enter at least one way to contact the service" in html
    assert client.post(url(draft, "contact"), data={"website": "http://acme.example.org"}).status_code == 302


def test_cost_detail_is_needed_when_paid(client, draft):
    html = client.post(url(draft, "access"), data={"cost": "paid"}).get_data(as_text=True)
    assert "Enter what the service costs" in html
    html = client.post(url(draft, "access"), data={}).get_data(as_text=True)
    assert "Select whether the service is free or there is a cost" in html
    assert client.post(url(draft, "access"), data={"cost": "free", "cost_detail": "ignored"}).status_code == 302
    data = revision_data(draft)
    assert data["is_free"] is True and data["cost_detail"] == ""


def test_opening_times_are_checked(client, draft):
    html = client.post(url(draft, "times"), data={"day_1-opens": "17:00", "day_1-closes": "09:00",
                                                  "day_2-opens": "25:00", "day_2-closes": "26:00",
                                                  "day_3-opens": "10:00"}).get_data(as_text=True)
    assert "The closing time on Tuesday must be after the opening time" in html
    assert "Enter the time Wednesday opens as hours and minutes, like 09:30" in html
    assert "Enter the time Thursday closes" in html
    assert 'href="#day_1-closes"' in html  # the summary links to the field
    assert 'value="25:00"' in html
    assert revision_data(draft)["schedules"] == []


def test_unknown_choices_are_refused(client, draft):
    html = client.post(url(draft, "about"), data={**ABOUT, "categories": ["health", "made-up"]}) \
        .get_data(as_text=True)
    assert "Choose types of support from the list" in html
    html = client.post(url(draft, "languages"), data={"area_served": "mars"}).get_data(as_text=True)
    assert "Select where the service works" in html


def test_html_typed_in_is_kept_as_text_and_escaped(client, draft):
    script = "<script>alert('x')</script>"
    client.post(url(draft, "about"), data={**ABOUT, "name": f"Club {script}", "summary": f"Fun {script}",
                                           "description": f"<b>bold</b> {script}"})
    client.post(url(draft, "who"), data={"age_min": "0", "age_max": "25", "eligibility": f"<i>{script}</i>"})
    client.post(url(draft, "contact"), data={"email": "a@example.org", "phone": "01632 960000"})
    client.post(url(draft, "times"), data={"day_0-description": script})
    assert revision_data(draft)["summary"] == f"Fun {script}"
    for page in ["preview", "check", "", "about", "who", "times", "locations"]:
        html = client.get(url(draft, page)).get_data(as_text=True)
        assert "<script>alert" not in html, page
        assert "<b>bold</b>" not in html, page
        assert "&lt;script&gt;" in html, page
    assert "&lt;b&gt;bold&lt;/b&gt;" in client.get(url(draft, "preview")).get_data(as_text=True)
    assert "<script>alert" not in client.get("/providers/").get_data(as_text=True)


def test_preview_uses_the_public_layout_and_changes_nothing(client, provider, org, make_service):
    service = make_service("Acme Speech Clinic", organisation=org, summary="Published words.", version=1)
    client.post(url(service, "about"), data={"name": "Acme Speech Clinic", "summary": "Draft words.",
                                             "categories": ["health"]})
    response = client.get(url(service, "preview"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and len(h1s(response)) == 1
    assert "Draft words." in html and "Published words." not in html
    assert "This is a preview of your changes" in html
    db.session.expire_all()
    assert db.session.get(Service, service.id).summary == "Published words."
    assert db.session.scalar(select(func.count()).select_from(Service)) == 1


def test_a_returned_revision_shows_the_officers_message(client, draft, make_user):
    client.post(url(draft, "about"), data=ABOUT)
    client.post(url(draft, "submit"))
    officer = make_user("officer@council.example.org", roles=("officer",))
    listings.return_revision(officer, listings.open_revision(draft), "Please add <the> opening times.")
    html = client.get(url(draft)).get_data(as_text=True)
    assert "Please add &lt;the&gt; opening times." in html
    dashboard = client.get("/providers/").get_data(as_text=True)
    assert "Please add &lt;the&gt; opening times." in dashboard and "Sent back" in dashboard
    # Editing again reopens it, and it can be sent again.
    assert client.post(url(draft, "contact"), data={"phone": "01632 960000"}).status_code == 302
    assert client.post(url(draft, "submit")).status_code == 302
    assert listings.open_revision(draft).status == REVISION_SUBMITTED


def test_saving_is_audited(client, draft):
    from portal.models import AuditEntry
    client.post(url(draft, "about"), data=ABOUT)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "revision.update"))
    assert entry is not None and entry.record_id == str(draft.id)
    assert "summary" in entry.after["fields"]
    assert db.session.scalar(select(func.count()).select_from(ListingRevision)) == 1
