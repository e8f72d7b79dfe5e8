"""The shortlist without an account: add, remove and clear with plain POST forms, the print view, and
emailing it to yourself (validation, the outbox, the rate limit)."""
from __future__ import annotations

import re
import uuid
from datetime import date

import pytest
from babel.dates import format_date
from sqlalchemy import func, select

from directory import shortlist
from directory.models import ARCHIVED, DRAFT, Location
from portal.extensions import db, limiter
from portal.models import OutboxMessage


@pytest.fixture
def swim(make_service):
    service = make_service("Riverside Swim Club", summary="Quiet swimming sessions.", categories=["leisure"],
                           phone="01632 960001", email="swim@example.org", website="https://example.org/swim")
    service.locations.append(Location(organisation=service.organisation, name="Leisure Centre",
                                      address_1="1 High Street", city="Riverside", postcode="E8 1DY"))
    db.session.commit()
    return service


@pytest.fixture
def play(make_service):
    return make_service("Abney Play Scheme", summary="Holiday play for children with SEND.", categories=["leisure"],
                        phone="01632 960002")


def stored(client) -> list[str]:
    with client.session_transaction() as session:
        return list(session.get(shortlist.SESSION_KEY, []))


def put_on_shortlist(client, *services) -> None:
    with client.session_transaction() as session:
        session[shortlist.SESSION_KEY] = [s.id.hex for s in services]


def add(client, service, next_url=None, **extra):
    data = {"service_id": str(service.id), **extra}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/shortlist/add", data=data)


def outbox_count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


# --- adding, removing, clearing -------------------------------------------------------------------------

def test_add_from_a_service_page_returns_there_with_a_success_banner(client, swim):
    page = client.get(f"/services/{swim.id}").get_data(as_text=True)
    assert "Add to shortlist" in page and "Shortlist (0)" in page

    response = add(client, swim, next_url=f"/services/{swim.id}")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/services/{swim.id}"

    page = client.get(f"/services/{swim.id}").get_data(as_text=True)
    assert "govuk-notification-banner--success" in page
    assert "“Riverside Swim Club” is on your shortlist." in page
    assert "Remove from shortlist" in page and "Add to shortlist" not in page
    assert "Shortlist (1)" in page
    assert stored(client) == [swim.id.hex]


def test_the_shortlist_page_shows_contact_details(client, swim, play):
    put_on_shortlist(client, swim, play)
    page = client.get("/shortlist").get_data(as_text=True)
    assert "<h1" in page and page.count("<h1") == 1
    for text in ("Riverside Swim Club", "Abney Play Scheme", "01632 960001", "swim@example.org",
                 "https://example.org/swim", "1 High Street", "E8 1DY", "Quiet swimming sessions."):
        assert text in page
    assert page.index("Riverside Swim Club") < page.index("Abney Play Scheme")  # in the order added
    assert 'href="/shortlist/print"' in page and 'href="/shortlist.pdf"' in page
    assert "Email your shortlist to yourself" in page and "Clear shortlist" in page


def test_remove_and_clear(client, swim, play):
    put_on_shortlist(client, swim, play)
    response = client.post("/shortlist/remove", data={"service_id": str(swim.id), "next": "/shortlist"})
    assert response.status_code == 303 and response.headers["Location"] == "/shortlist"
    assert stored(client) == [play.id.hex]
    page = client.get("/shortlist").get_data(as_text=True)
    assert "“Riverside Swim Club” has been removed from your shortlist." in page
    assert "Abney Play Scheme" in page and "01632 960001" not in page

    response = client.post("/shortlist/clear")
    assert response.status_code == 303 and response.headers["Location"] == "/shortlist"
    assert stored(client) == []
    page = client.get("/shortlist").get_data(as_text=True)
    assert "Your shortlist has been cleared." in page and "Your shortlist is empty." in page
    assert "Shortlist (0)" in page


def test_adding_twice_keeps_one(client, swim):
    add(client, swim)
    response = add(client, swim)
    assert response.status_code == 303
    assert stored(client) == [swim.id.hex]
    assert "“Riverside Swim Club” is already on your shortlist." in client.get("/shortlist").get_data(as_text=True)


def test_unpublished_unknown_and_malformed_services_are_not_added(client, make_service):
    draft = make_service("Secret Draft", status=DRAFT)
    for service_id in (str(draft.id), str(uuid.uuid4()), "not-an-id", ""):
        response = client.post("/shortlist/add", data={"service_id": service_id, "next": "/search"})
        assert response.status_code == 303 and response.headers["Location"] == "/search"
    assert stored(client) == []
    page = client.get("/shortlist").get_data(as_text=True)
    assert "We could not find that service." in page and "Secret Draft" not in page


def test_withdrawn_services_drop_out_quietly(client, swim, play):
    put_on_shortlist(client, swim, play)
    swim.status = ARCHIVED
    db.session.commit()
    page = client.get("/shortlist").get_data(as_text=True)
    assert "Riverside Swim Club" not in page and "Abney Play Scheme" in page
    assert "govuk-notification-banner" not in page and "could not" not in page
    assert stored(client) == [play.id.hex]


def test_junk_in_the_session_is_ignored(client, swim):
    with client.session_transaction() as session:
        session[shortlist.SESSION_KEY] = ["junk", 5, None, uuid.uuid4().hex, str(swim.id), swim.id.hex]
    page = client.get("/shortlist").get_data(as_text=True)
    assert "Riverside Swim Club" in page and "1 service" in page
    assert stored(client) == [swim.id.hex]
    with client.session_transaction() as session:
        session[shortlist.SESSION_KEY] = "not a list"
    assert client.get("/shortlist").status_code == 200


def test_the_shortlist_holds_at_most_the_cap(client, make_service, monkeypatch):
    monkeypatch.setattr(shortlist, "MAX_SERVICES", 2)
    services = [make_service(f"Service {n}") for n in range(3)]
    for service in services:
        add(client, service, next_url="/search")
    assert stored(client) == [services[0].id.hex, services[1].id.hex]
    page = client.get("/shortlist").get_data(as_text=True)
    assert "Your shortlist is full. It can hold 2 services. Remove one to add another." in page
    assert shortlist.stored_ids([s.id.hex for s in services]) == [services[0].id.hex, services[1].id.hex]


def test_the_real_cap_fits_in_a_session_cookie(client, app):
    # Fifty ids beside a language choice and a CSRF token stay well under browsers' 4 KB cookie limit.
    with client.session_transaction() as session:
        session[shortlist.SESSION_KEY] = [uuid.uuid4().hex for _ in range(shortlist.MAX_SERVICES)]
        session["language"] = "ar"
        session["csrf_token"] = uuid.uuid4().hex * 2
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert len(cookie.value) < 3000, len(cookie.value)


@pytest.mark.parametrize("target", ["https://evil.example/steal", "//evil.example/x", "/\t/evil.example",
                                    "javascript:alert(1)", ""])
def test_the_way_back_stays_on_this_site(client, swim, target):
    response = add(client, swim, next_url=target)
    assert response.status_code == 303
    assert response.headers["Location"] == "/shortlist"
    response = client.post("/shortlist/remove", data={"service_id": str(swim.id), "next": target})
    assert response.headers["Location"] == "/shortlist"


def test_changes_need_the_csrf_token(app, client, swim):
    app.config["WTF_CSRF_ENABLED"] = True
    assert add(client, swim, next_url="/search").status_code == 400
    assert client.post("/shortlist/clear").status_code == 400
    assert stored(client) == []

    page = client.get(f"/services/{swim.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = add(client, swim, next_url=f"/services/{swim.id}", csrf_token=token)
    assert response.status_code == 303
    assert stored(client) == [swim.id.hex]


# --- the buttons on lists of services ---------------------------------------------------------------------

def test_search_results_buttons_submit_a_form_outside_the_filters(client, swim, play):
    put_on_shortlist(client, play)
    page = client.get("/search?q=swim").get_data(as_text=True)
    # The results sit inside the GET filters form, and forms cannot nest: the buttons name a POST form.
    outer = re.search(r'<form id="app-shortlist-form"[^>]*method="post"[^>]*>(.*?)</form>', page, re.S)
    assert outer, "no separate shortlist form on the search page"
    assert 'name="csrf_token"' in outer.group(1)
    assert 'name="next" value="/search?q=swim"' in outer.group(1)
    button = re.search(r'<button[^>]*form="app-shortlist-form"[^>]*>', page).group(0)
    assert 'formaction="/shortlist/add"' in button and f'value="{swim.id}"' in button

    # What a browser sends when that button is pressed.
    response = client.post("/shortlist/add", data={"service_id": str(swim.id), "next": "/search?q=swim"})
    assert response.headers["Location"] == "/search?q=swim"
    assert set(stored(client)) == {swim.id.hex, play.id.hex}


def test_category_page_cards_have_their_own_forms(client, swim, play):
    put_on_shortlist(client, play)
    page = client.get("/categories/leisure").get_data(as_text=True)
    forms = re.findall(r'<form class="app-shortlist-action" action="([^"]+)" method="post".*?</form>', page, re.S)
    assert sorted(forms) == ["/shortlist/add", "/shortlist/remove"]
    assert 'name="next" value="/categories/leisure"' in page
    assert "Shortlist (1)" in page


# --- print view ---------------------------------------------------------------------------------------------

def test_print_view_has_the_date_contact_details_and_full_links(client, swim):
    put_on_shortlist(client, swim)
    page = client.get("/shortlist/print").get_data(as_text=True)
    assert f"Made on {format_date(date.today(), 'long', locale='en_GB')}" in page
    for text in ("Riverside Swim Club", "01632 960001", "swim@example.org", "1 High Street, Riverside, E8 1DY",
                 f"http://localhost/services/{swim.id}"):
        assert text in page
    assert "<button" not in page.split('id="main-content"')[1].split("</main>")[0]


def test_print_view_of_an_empty_shortlist(client):
    page = client.get("/shortlist/print").get_data(as_text=True)
    assert "Your shortlist is empty." in page


# --- email ----------------------------------------------------------------------------------------------------

def test_email_the_shortlist_to_yourself(client, swim, play):
    put_on_shortlist(client, swim, play)
    response = client.post("/shortlist/email", data={"email": " parent@example.org "})
    assert response.status_code == 303 and response.headers["Location"] == "/shortlist"
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.recipient == "parent@example.org"
    assert message.subject == "Your Riverside Borough Council Local Offer shortlist"
    for text in ("Riverside Swim Club", "Abney Play Scheme", "01632 960001", "swim@example.org",
                 "Leisure Centre, 1 High Street, Riverside, E8 1DY", f"http://localhost/services/{swim.id}",
                 format_date(date.today(), "long", locale="en_GB")):
        assert text in message.body
    page = client.get("/shortlist").get_data(as_text=True)
    assert "We have emailed your shortlist." in page
    # The address lives only on the outbox message: not in the session, nor on the page afterwards.
    with client.session_transaction() as session:
        assert "parent@example.org" not in repr(dict(session))
    assert "parent@example.org" not in page


@pytest.mark.parametrize("typed, error", [
    ("", "Enter your email address"),
    ("   ", "Enter your email address"),
    ("not-an-email", "Enter an email address in the correct format, like name@example.com"),
    ("a@b", "Enter an email address in the correct format, like name@example.com"),
    ("x" * 250 + "@example.org", "Email address must be 254 characters or fewer"),
])
def test_email_errors_show_again_with_the_typed_address(client, swim, typed, error):
    put_on_shortlist(client, swim)
    response = client.post("/shortlist/email", data={"email": typed})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and 'href="#shortlist-email"' in page
    assert page.count(error) == 2  # in the error summary and by the field
    assert f'value="{typed.strip()}"' in page
    assert "<title>Error:" in page
    assert outbox_count() == 0


def test_an_empty_shortlist_is_not_emailed(client):
    response = client.post("/shortlist/email", data={"email": "parent@example.org"})
    assert response.status_code == 400
    assert "Your shortlist is empty" in response.get_data(as_text=True)
    assert outbox_count() == 0


def test_email_in_the_readers_language(client, swim):
    put_on_shortlist(client, swim)
    from flask_babel import refresh
    refresh()
    client.post("/shortlist/email", data={"email": "parent@example.org"}, headers={"Accept-Language": "ar"})
    body = db.session.scalars(select(OutboxMessage)).one().body
    assert format_date(date.today(), "long", locale="ar") in body  # Arabic month name, Babel's Arabic format


@pytest.fixture
def limits_on(app, monkeypatch):
    if not limiter.enabled:  # tests may switch limits off; these need them
        monkeypatch.setattr(limiter, "enabled", True)
        monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", True)
        limiter.init_app(app)
    limiter.reset()
    yield
    limiter.reset()


def test_email_is_rate_limited_with_a_clear_message(client, swim, limits_on):
    put_on_shortlist(client, swim)
    # Forms shown again with an error send nothing, and do not count.
    for _ in range(3):
        assert client.post("/shortlist/email", data={"email": "nope"}).status_code == 400
    for n in range(5):
        assert client.post("/shortlist/email", data={"email": f"parent{n}@example.org"}).status_code == 303
    response = client.post("/shortlist/email", data={"email": "sixth@example.org"})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    page = response.get_data(as_text=True)
    assert "You have emailed your shortlist too many times. Try again in" in page
    assert 'value="sixth@example.org"' in page  # the typed address is kept
    assert "Riverside Swim Club" in page  # the shortlist is still there
    assert outbox_count() == 5
    assert client.get("/shortlist").status_code == 200  # reading is never limited
    assert add(client, swim).status_code == 303
