"""Provider pages as a whole: who may reach each route, the dashboard, "Still correct", CSRF, page structure."""
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from directory import listings
from directory.models import (ARCHIVED, DRAFT, MEMBERSHIP_PENDING, PUBLISHED, ListingRevision, Location,
                              Membership, Organisation, Service)
from directory.snapshots import snapshot_of
from portal.extensions import db
from portal.models import AuditEntry, User

PUBLIC_ENDPOINTS = {"providers.sign_up", "providers.invitation"}


@dataclass
class World:
    org_a: Organisation
    org_b: Organisation
    provider_a: User
    provider_b: User
    forum: User
    officer: User
    published: Service  # org A, published, with a location, checked long ago
    waiting: Service  # org A, a draft sent for review
    membership: Membership  # someone waiting to join org A


@pytest.fixture
def world(app, make_organisation, make_service, make_user) -> World:
    org_a, org_b = make_organisation("Acme Therapies"), make_organisation("Beta Youth Club")
    provider_a = make_user("a@acme.example.org", roles=("provider",), organisations=[org_a])
    provider_b = make_user("b@beta.example.org", roles=("provider",), organisations=[org_b])
    forum = make_user("forum@example.org", roles=("forum_member",))
    officer = make_user("officer@council.example.org", roles=("officer",))
    published = make_service("Acme Speech Clinic", organisation=org_a, summary="Speech help.", version=1,
                             assured_on=date(2020, 1, 1), locations=[("E8 1DY", 51.543, -0.064)])
    waiting = listings.start_listing(provider_a, org_a, "Acme Sensory Play")
    listings.update_revision(provider_a, listings.open_revision(waiting), {"summary": "Play."})
    listings.submit_revision(provider_a, listings.open_revision(waiting))
    applicant = make_user("new@acme.example.org", roles=("provider",))
    membership = Membership(user_id=applicant.id, organisation_id=org_a.id, status=MEMBERSHIP_PENDING)
    db.session.add(membership)
    db.session.commit()
    return World(org_a, org_b, provider_a, provider_b, forum, officer, published, waiting, membership)


ABOUT = {"name": "Renamed", "summary": "New words.", "description": "", "categories": ["health"]}


def routes(w: World) -> list[tuple[str, str, str, dict]]:
    """(endpoint, method, path, form data) for every provider route except the public two."""
    s, p = f"/providers/listings/{w.published.id}", f"/providers/listings/{w.waiting.id}"
    return [
        ("providers.dashboard", "GET", "/providers/", {}),
        ("providers.signed_up", "GET", "/providers/sign-up/next", {}),
        ("providers.membership_queue", "GET", "/providers/memberships", {}),
        ("providers.approve_membership", "POST", f"/providers/memberships/{w.membership.id}/approve", {}),
        ("providers.refuse_membership", "GET", f"/providers/memberships/{w.membership.id}/refuse", {}),
        ("providers.refuse_membership", "POST", f"/providers/memberships/{w.membership.id}/refuse",
         {"reason": "No."}),
        ("providers.invite", "GET", f"/providers/organisations/{w.org_a.id}/invite", {}),
        ("providers.invite", "POST", f"/providers/organisations/{w.org_a.id}/invite", {"email": "x@example.org"}),
        ("providers.new_listing", "GET", "/providers/listings/new", {}),
        ("providers.new_listing", "POST", "/providers/listings/new",
         {"organisation": str(w.org_a.id), "name": "Sneaky"}),
        ("providers.task_list", "GET", s, {}),
        ("providers.about", "GET", f"{s}/about", {}),
        ("providers.about", "POST", f"{s}/about", ABOUT),
        ("providers.who", "GET", f"{s}/who", {}),
        ("providers.who", "POST", f"{s}/who", {"age_min": "1", "age_max": "2"}),
        ("providers.access", "GET", f"{s}/access", {}),
        ("providers.access", "POST", f"{s}/access", {"cost": "free"}),
        ("providers.locations", "GET", f"{s}/locations", {}),
        ("providers.add_location", "GET", f"{s}/locations/add", {}),
        ("providers.add_location", "POST", f"{s}/locations/add", {"address_1": "1 A St", "postcode": "N1 1AA"}),
        ("providers.remove_location", "POST", f"{s}/locations/0/remove", {"postcode": "E8 1DY"}),
        ("providers.times", "GET", f"{s}/times", {}),
        ("providers.times", "POST", f"{s}/times", {"day_0-opens": "09:00", "day_0-closes": "10:00"}),
        ("providers.contact", "GET", f"{s}/contact", {}),
        ("providers.contact", "POST", f"{s}/contact", {"phone": "01632 960000"}),
        ("providers.languages", "GET", f"{s}/languages", {}),
        ("providers.languages", "POST", f"{s}/languages", {"languages": ["pl"], "area_served": "local"}),
        ("providers.check", "GET", f"{s}/check", {}),
        ("providers.preview", "GET", f"{s}/preview", {}),
        ("providers.confirm", "POST", f"{s}/confirm", {}),
        ("providers.submit", "POST", f"{p}/submit", {}),
        ("providers.withdraw", "POST", f"{p}/withdraw", {}),
    ]


def call(client, method, path, data):
    return client.get(path) if method == "GET" else client.post(path, data=data)


def state(w: World) -> dict:
    """Everything a stray POST could change."""
    db.session.expire_all()
    services = db.session.scalars(select(Service).order_by(Service.name)).all()
    return {
        "services": [(s.name, s.status, s.assured_on, s.version, snapshot_of(s)) for s in services],
        "revisions": [(r.id, r.status, r.data) for r in db.session.scalars(select(ListingRevision))],
        "memberships": [(m.id, m.status) for m in db.session.scalars(select(Membership))],
        "audit": db.session.scalar(select(func.count()).select_from(AuditEntry)),
        "locations": db.session.scalar(select(func.count()).select_from(Location)),
    }


def test_every_provider_route_is_in_the_access_matrix(app, world):
    registered = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("providers.")}
    assert registered - PUBLIC_ENDPOINTS == {endpoint for endpoint, *_ in routes(world)}


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    before = state(world)
    for endpoint, method, path, data in routes(world):
        response = call(client, method, path, data)
        assert response.status_code == 302, (method, path)
        assert response.headers["Location"].startswith("/sign-in"), (method, path)
    assert state(world) == before


def test_the_public_routes_need_no_sign_in(client, world):
    assert client.get("/providers/sign-up").status_code == 200
    assert client.get("/providers/invitation/not-a-token").status_code == 400


def test_forum_members_are_refused(client, world, login):
    login(world.forum)
    before = state(world)
    for endpoint, method, path, data in routes(world):
        assert call(client, method, path, data).status_code == 403, (method, path)
    assert state(world) == before


def test_another_organisations_provider_gets_404_and_changes_nothing(client, world, login):
    login(world.provider_b)
    before = state(world)
    own_pages = {"providers.dashboard", "providers.signed_up", "providers.new_listing"}
    officer_pages = {"providers.membership_queue", "providers.approve_membership", "providers.refuse_membership"}
    for endpoint, method, path, data in routes(world):
        response = call(client, method, path, data)
        if endpoint in officer_pages:
            assert response.status_code == 403, (method, path)
        elif endpoint in own_pages:
            assert response.status_code in (200, 302), (method, path)
            assert "Acme" not in response.get_data(as_text=True), (method, path)
        else:
            assert response.status_code == 404, (method, path)
    assert state(world) == before  # new_listing for org A was refused too
    assert db.session.scalar(select(Service).where(Service.name == "Sneaky")) is None


def test_the_organisations_own_provider_can_use_every_listing_page(client, world, login):
    login(world.provider_a)
    officer_pages = {"providers.membership_queue", "providers.approve_membership", "providers.refuse_membership"}
    for endpoint, method, path, data in routes(world):
        response = call(client, method, path, data)
        if endpoint in officer_pages:
            assert response.status_code == 403, (method, path)
        else:
            assert response.status_code in (200, 302), (method, path)
            assert response.status_code == 200 or "/sign-in" not in response.headers["Location"]


def test_officers_are_allowed_where_officers_should_be(client, world, login):
    login(world.officer)
    for endpoint, method, path, data in routes(world):
        if method == "GET":
            assert call(client, method, path, data).status_code == 200, path
    assert client.post(f"/providers/listings/{world.published.id}/about", data=ABOUT).status_code == 302
    assert listings.open_revision(world.published).data["name"] == "Renamed"
    assert client.post(f"/providers/memberships/{world.membership.id}/approve").status_code == 302


def test_each_page_has_one_h1_and_csrf_in_every_post_form(client, world, login):
    pages = [path for endpoint, method, path, data in routes(world) if method == "GET"]
    for user in (world.provider_a, world.officer):
        login(user)
        for path in pages:
            response = client.get(path)
            if response.status_code != 200:
                continue
            html = response.get_data(as_text=True)
            assert len(re.findall(r"<h1\b", html)) == 1, path
            for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", html, re.S | re.I):
                assert 'name="csrf_token"' in form, (path, form[:200])
    with client.session_transaction() as session:
        session.clear()
    assert 'name="csrf_token"' in client.get("/providers/sign-up").get_data(as_text=True)


def test_posts_without_a_csrf_token_are_refused(app, client, world, login):
    app.config["WTF_CSRF_ENABLED"] = True
    login(world.provider_a)
    path = f"/providers/listings/{world.published.id}/about"
    assert client.post(path, data=ABOUT).status_code == 400
    assert listings.open_revision(world.published) is None
    page = client.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(path, data={**ABOUT, "csrf_token": token}).status_code == 302


# ---------------------------------------------------------------------------------------------------------
# The dashboard
# ---------------------------------------------------------------------------------------------------------

def row_for(html: str, name: str) -> str:
    rows = [row for row in html.split('<tr class="govuk-table__row">') if f"<strong>{name}</strong>" in row]
    assert len(rows) == 1, name
    return rows[0].split("</tr>")[0]


def tags(row: str) -> list[str]:
    return [t.strip() for t in re.findall(r'<strong class="govuk-tag[^"]*">(.*?)</strong>', row, re.S)]


def test_dashboard_shows_each_listings_state(client, world, login, make_service, make_user, app):
    org = world.org_a
    period = app.config["REVIEW_PERIOD_DAYS"]
    today = date.today()
    make_service("Fresh Listing", organisation=org, version=1, assured_on=today)
    make_service("Nearly Due", organisation=org, version=1, assured_on=today - timedelta(days=period - 20))
    make_service("Old Archived", organisation=org, version=1, status=ARCHIVED)
    listings.start_listing(world.provider_a, org, "Half Done")
    returned = listings.start_listing(world.provider_a, org, "Sent Back Listing")
    listings.update_revision(world.provider_a, listings.open_revision(returned), {"summary": "x"})
    listings.submit_revision(world.provider_a, listings.open_revision(returned))
    listings.return_revision(world.officer, listings.open_revision(returned), "Add the opening times, please.")
    editing = make_service("Being Edited", organisation=org, version=1, assured_on=today)
    listings.revision_for_editing(world.provider_a, editing)
    make_service("Beta Secret", organisation=world.org_b)

    login(world.provider_a)
    response = client.get("/providers/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert tags(row_for(html, "Acme Speech Clinic")) == ["Published", "Needs checking"]
    assert tags(row_for(html, "Fresh Listing")) == ["Published"]
    assert tags(row_for(html, "Nearly Due")) == ["Published", "Needs checking"]
    assert tags(row_for(html, "Old Archived")) == ["Archived"]
    assert tags(row_for(html, "Half Done")) == ["Draft"]
    assert tags(row_for(html, "Acme Sensory Play")) == ["Waiting for review"]
    assert tags(row_for(html, "Sent Back Listing")) == ["Sent back"]
    assert tags(row_for(html, "Being Edited")) == ["Published", "Changes not sent yet"]
    message_row = row_for(html, "Sent Back Listing")
    assert "Add the opening times, please." in message_row
    assert date.today().strftime("%Y") in message_row and "Message from the Local Offer team" in message_row
    assert "Still correct" in row_for(html, "Fresh Listing") and "Still correct" not in row_for(html, "Half Done")
    assert "Beta Secret" not in html
    assert "Add a new listing" in html and "Invite a colleague" in html


def test_dashboard_shows_memberships_waiting_for_approval(client, world, login):
    applicant = db.session.get(User, world.membership.user_id)
    login(applicant)
    html = client.get("/providers/").get_data(as_text=True)
    assert "waiting for approval" in html and "Acme Therapies" in html
    assert "Acme Speech Clinic" not in html and "Add a new listing" not in html


def test_still_correct_marks_a_published_listing_checked_today(client, world, login):
    login(world.provider_a)
    response = client.post(f"/providers/listings/{world.published.id}/confirm")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Service, world.published.id).assured_on == date.today()
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "listing.confirm")) is not None
    html = client.get("/providers/").get_data(as_text=True)
    assert tags(row_for(html, "Acme Speech Clinic")) == ["Published"]
    # A draft cannot be confirmed.
    client.post(f"/providers/listings/{world.waiting.id}/confirm")
    db.session.expire_all()
    assert db.session.get(Service, world.waiting.id).assured_on is None


def test_new_listing_asks_which_organisation_when_there_are_several(client, world, login, make_user):
    both = login(make_user(roles=("provider",), organisations=[world.org_a, world.org_b]))
    html = client.get("/providers/listings/new").get_data(as_text=True)
    assert "Which organisation provides it?" in html and "Beta Youth Club" in html
    response = client.post("/providers/listings/new", data={"name": "No Org"})
    assert "Choose the organisation that provides the service" in response.get_data(as_text=True)
    response = client.post("/providers/listings/new", data={"name": "For Beta", "organisation": str(world.org_b.id)})
    assert response.status_code == 302
    created = db.session.scalar(select(Service).where(Service.name == "For Beta"))
    assert created.organisation_id == world.org_b.id and created.status == DRAFT
    assert both is not None


def test_archived_listings_cannot_be_edited(client, world, login):
    world.published.status = ARCHIVED
    db.session.commit()
    login(world.provider_a)
    response = client.post(f"/providers/listings/{world.published.id}/about", data=ABOUT)
    assert response.status_code == 302
    assert listings.open_revision(world.published) is None
    assert client.get(f"/services/{world.published.id}").status_code == 404
    assert PUBLISHED != world.published.status
