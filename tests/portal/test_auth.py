"""Signing in and out, sessions, throttling, the account pages, and the errors around them."""
from __future__ import annotations

import re
import sqlite3

import pytest
from flask import url_for
from sqlalchemy import event

from portal.extensions import db
from portal.models import SignInAttempt, User
from portal.permissions import safe_next

from .test_layout import TITLE_SUFFIX, Page

PASSWORD = "correct horse battery staple"
GENERIC = "Enter a correct email address and password"


@pytest.fixture(autouse=True)
def instance_in_tmp(app, tmp_path):
    """Email written to the outbox folder goes to this test's folder, not the repository's instance/."""
    app.instance_path = str(tmp_path / "instance")


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post("/sign-in", data={"email": email, "password": password, **extra})


def signed_in_user_id(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("_user_id")


def h1s(html: str) -> list[str]:
    return [text.strip() for text in Page(html).h1s]


# Signing in ----------------------------------------------------------------------------------------

def test_sign_in_page(client):
    response = client.get("/sign-in")
    html = response.get_data(as_text=True)
    page = Page(html)
    assert response.status_code == 200
    assert h1s(html) == ["Sign in"]
    assert page.title.strip() == "Sign in" + TITLE_SUFFIX
    assert page.find("input", name="email", type="email", autocomplete="email")
    assert page.find("input", name="password", type="password", autocomplete="current-password")
    assert page.find("a", href="/forgotten-password")
    # Signed out, the header offers "Sign in".
    assert page.find("a", href="/sign-in")


def test_sign_in_success_goes_home_and_shows_account_links(client, make_user):
    user = make_user("ann@example.org")
    response = sign_in(client, "ann@example.org")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert signed_in_user_id(client) == user.get_id()
    page = Page(client.get("/about").get_data(as_text=True))
    assert page.find("a", href="/account")
    (form,) = page.find("form", action="/sign-out")
    assert form["method"] == "post"
    assert page.find("input", name="csrf_token", type="hidden")
    assert not page.find("a", href="/sign-in")


def test_email_is_matched_without_case_or_spaces(client, make_user):
    make_user("ann@example.org")
    assert sign_in(client, "  Ann@Example.ORG ").status_code == 302


@pytest.mark.parametrize("email, password", [
    ("ann@example.org", "not the right password"),
    ("nobody@example.org", PASSWORD),
])
def test_sign_in_failure_does_not_say_whether_the_account_exists(client, make_user, email, password):
    make_user("ann@example.org")
    response = sign_in(client, email, password)
    html = response.get_data(as_text=True)
    page = Page(html)
    assert response.status_code == 200
    assert page.title.startswith("Error: Sign in")
    assert html.count(GENERIC) == 2  # in the error summary and beside the field
    assert page.find("a", href="#email")  # the summary links to the field
    assert 'value="' + email + '"' in html  # the email is kept
    assert password not in html  # the password is not
    assert h1s(html) == ["Sign in"]
    assert signed_in_user_id(client) is None


def test_both_failures_give_identical_pages(client, make_user):
    make_user("ann@example.org")
    wrong_password = sign_in(client, "ann@example.org", "not the right password").get_data(as_text=True)
    unknown = sign_in(client, "ann@example.org".replace("ann", "bob"), "not the right password").get_data(as_text=True)
    # Every response has its own CSP nonce; apart from that the pages must not differ.
    same = [re.sub(r'nonce="[^"]+"', 'nonce=""', html.replace("bob@", "ann@")) for html in (wrong_password, unknown)]
    assert same[0] == same[1]


def test_empty_fields_get_their_own_messages(client):
    html = client.post("/sign-in", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "Enter your email address" in html and "Enter your password" in html
    page = Page(html)
    assert page.find("a", href="#email") and page.find("a", href="#password")
    assert page.find("p", class_="govuk-error-message")


def test_inactive_account_cannot_sign_in(client, make_user):
    user = make_user("ann@example.org")
    user.active = False
    db.session.commit()
    assert GENERIC in sign_in(client, "ann@example.org").get_data(as_text=True)


@pytest.mark.parametrize("field, message", [
    ("email", "Email address must be 254 characters or fewer"),
    ("password", "Password must be 200 characters or fewer"),
])
def test_huge_fields_get_a_clear_message(client, field, message):
    data = {"email": "ann@example.org", "password": PASSWORD, field: "a" * 50_000}
    response = client.post("/sign-in", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.query(SignInAttempt).count() == 0  # not even tried


def test_sign_in_goes_to_next(client, make_user):
    make_user("ann@example.org")
    response = sign_in(client, "ann@example.org", next="/account/password")
    assert response.headers["Location"] == "/account/password"


def test_next_is_carried_through_the_form(client):
    page = Page(client.get("/sign-in?next=/account").get_data(as_text=True))
    assert page.find("input", name="next", value="/account")


@pytest.mark.parametrize("target", [
    "//evil.example", "https://evil.example/", "/\\evil.example", "\\\\evil.example",
    "/\t/evil.example", "/\n/evil.example", "javascript:alert(1)", "evil.example",
])
def test_next_cannot_leave_the_site(client, make_user, target):
    make_user("ann@example.org")
    response = sign_in(client, "ann@example.org", next=target)
    assert response.headers["Location"] == "/"


def test_safe_next_allows_local_paths_with_queries():
    assert safe_next("/search?q=autism&age=7", "/") == "/search?q=autism&age=7"
    assert safe_next(None, "/home") == "/home"
    assert safe_next("", "/home") == "/home"


def test_officers_and_providers_land_on_their_pages(app, client, make_user):
    officer = make_user("officer@example.org", roles=("officer",))
    provider = make_user("provider@example.org", roles=("provider",))
    with app.test_request_context():
        officer_home = url_for("review.queue") if "review.queue" in app.view_functions else "/"
        provider_home = url_for("providers.dashboard") if "providers.dashboard" in app.view_functions else "/"
    assert sign_in(client, officer.email).headers["Location"] == officer_home
    other = app.test_client()
    assert sign_in(other, provider.email).headers["Location"] == provider_home


def test_signed_in_visit_to_sign_in_page_goes_on(client, make_user, login):
    login(make_user("ann@example.org"))
    response = client.get("/sign-in?next=/account")
    assert response.status_code == 302 and response.headers["Location"] == "/account"


# Sessions ------------------------------------------------------------------------------------------

def test_sign_in_starts_a_new_session(app, client, make_user):
    """Nothing an attacker planted in a session before sign-in survives it (session fixation)."""
    make_user("ann@example.org")
    app.config["WTF_CSRF_ENABLED"] = True
    html = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    with client.session_transaction() as session:
        session["planted"] = "attacker-chosen"
        before = dict(session)
    before_cookie = client.get_cookie("session").value

    response = sign_in(client, "ann@example.org", csrf_token=token)
    assert response.status_code == 302

    with client.session_transaction() as session:
        after = dict(session)
    assert "planted" not in after
    assert after["_user_id"]
    assert after.get("csrf_token") != before["csrf_token"]  # the old form token is not reused
    assert client.get_cookie("session").value != before_cookie
    # The old token no longer works for the signed-in session.
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 400


def test_sign_out_is_post_only(client, make_user, login):
    login(make_user("ann@example.org"))
    assert client.get("/sign-out").status_code == 405
    assert signed_in_user_id(client) is not None
    response = client.post("/sign-out", follow_redirects=True)
    assert response.request.path == "/"
    assert "You have signed out" in response.get_data(as_text=True)
    assert signed_in_user_id(client) is None
    assert client.get("/account").status_code == 302


# Throttling ----------------------------------------------------------------------------------------

def test_sign_in_is_paused_after_repeated_failures(app, client, make_user):
    make_user("ann@example.org")
    allowed = app.config["SIGN_IN_FAILURES_ALLOWED"]
    for _ in range(allowed):
        assert GENERIC in sign_in(client, "ann@example.org", "a wrong password").get_data(as_text=True)
    # Now even the right password is refused, with a page saying when to try again.
    response = sign_in(client, "ann@example.org")
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    minutes = app.config["SIGN_IN_FAILURE_WINDOW"] // 60
    assert f"Try again in {minutes} minutes" in html
    assert int(response.headers["Retry-After"]) >= minutes * 60 - 60
    assert h1s(html) == ["Too many attempts"]
    assert signed_in_user_id(client) is None


def test_throttle_is_per_account(app, client, make_user):
    make_user("ann@example.org")
    make_user("bob@example.org")
    for _ in range(app.config["SIGN_IN_FAILURES_ALLOWED"]):
        sign_in(client, "ann@example.org", "a wrong password")
    assert sign_in(client, "bob@example.org").status_code == 302


def test_throttle_lifts_after_the_window(app, client, make_user):
    import time_machine
    from datetime import datetime, timedelta, timezone

    make_user("ann@example.org")
    for _ in range(app.config["SIGN_IN_FAILURES_ALLOWED"]):
        sign_in(client, "ann@example.org", "a wrong password")
    later = datetime.now(timezone.utc) + timedelta(seconds=app.config["SIGN_IN_FAILURE_WINDOW"] + 60)
    with time_machine.travel(later, tick=False):
        assert sign_in(client, "ann@example.org").status_code == 302


def test_per_address_rate_limit_shows_the_friendly_page(client):
    """flask-limiter's limit on the sign-in form, on top of the per-account throttle."""
    for number in range(10):
        assert sign_in(client, f"nobody{number}@example.org").status_code == 200
    response = sign_in(client, "nobody10@example.org")
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert h1s(html) == ["Too many attempts"]
    assert "Try again in 1 minute." in html
    assert int(response.headers["Retry-After"]) <= 60
    # Reading the page is never limited.
    assert client.get("/sign-in").status_code == 200


# CSRF ----------------------------------------------------------------------------------------------

def test_post_without_csrf_token_is_refused(app, client, make_user):
    make_user("ann@example.org")
    app.config["WTF_CSRF_ENABLED"] = True
    client.get("/sign-in")
    response = sign_in(client, "ann@example.org")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert h1s(html) == ["Sorry, there is a problem with that request"]
    assert "The form could not be sent safely" in html
    assert signed_in_user_id(client) is None


# The account page and changing a password ----------------------------------------------------------

def test_account_needs_sign_in(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/account"


def test_account_page(client, make_user, login):
    login(make_user("ann@example.org", roles=("provider", "officer"), name="Ann Example"))
    html = client.get("/account").get_data(as_text=True)
    assert h1s(html) == ["Your account"]
    assert "Ann Example" in html and "ann@example.org" in html
    assert "Local Offer officer" in html and "Provider" in html
    page = Page(html)
    assert page.find("a", href="/account/password")
    assert page.find("a", href="/admin/outbox")


def test_html_in_a_name_is_shown_as_text(client, make_user, login):
    login(make_user("ann@example.org", name='<script>alert("x")</script><b>Ann</b>'))
    html = client.get("/account").get_data(as_text=True)
    assert "<script>alert" not in html and "<b>Ann</b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;Ann&lt;/b&gt;" in html


def change(client, current=PASSWORD, new="purple elephant runs quietly", confirm=None):
    return client.post("/account/password", data={
        "current_password": current, "new_password": new,
        "confirm_password": new if confirm is None else confirm})


def test_change_password_page(client, make_user, login):
    login(make_user())
    html = client.get("/account/password").get_data(as_text=True)
    page = Page(html)
    assert h1s(html) == ["Change your password"]
    assert page.find("input", name="current_password", autocomplete="current-password")
    assert page.find("input", name="new_password", autocomplete="new-password")
    assert page.find("input", name="confirm_password", autocomplete="new-password")


def test_change_password_with_the_wrong_current_password(client, make_user, login):
    user = login(make_user())
    html = change(client, current="not my password").get_data(as_text=True)
    assert "Your current password is not right" in html
    assert Page(html).find("a", href="#current_password")
    assert Page(html).title.startswith("Error: ")
    assert client.get("/account").status_code == 200  # nothing changed: still signed in
    assert db.session.get(User, user.id).get_id() == user.get_id()


def test_change_password_when_the_two_do_not_match(client, make_user, login):
    login(make_user())
    html = change(client, new="purple elephant runs quietly", confirm="purple elephant runs loudly").get_data(as_text=True)
    assert "The passwords do not match" in html
    assert Page(html).find("a", href="#confirm_password")
    assert "purple elephant" not in html


def test_change_password_checks_the_policy(client, make_user, login):
    login(make_user("ann.smith@example.org"))
    html = change(client, new="ann.smith is great").get_data(as_text=True)
    assert "Your password must not contain your email address" in html
    assert Page(html).find("a", href="#new_password")


def test_change_password_shows_every_problem_at_once(client, make_user, login):
    login(make_user())
    html = change(client, current="", new="password1234", confirm="password12345").get_data(as_text=True)
    page = Page(html)
    for field in ("current_password", "new_password", "confirm_password"):
        assert page.find("a", href=f"#{field}")
    # In the order of the page.
    assert html.index('href="#current_password"') < html.index('href="#new_password"') < html.index(
        'href="#confirm_password"')
    assert "That password is too common" in html


def test_change_password_ends_other_sessions(app, client, make_user, login):
    user = login(make_user("ann@example.org"))
    elsewhere = app.test_client()
    with elsewhere.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    assert elsewhere.get("/account").status_code == 200

    response = change(client)
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    html = client.get("/account").get_data(as_text=True)
    assert "Your password has been changed" in html  # still signed in here
    assert elsewhere.get("/account").status_code == 302  # signed out there
    # The new password works and the old one does not.
    client.post("/sign-out")
    assert sign_in(client, "ann@example.org", "purple elephant runs quietly").status_code == 302
    client.post("/sign-out")
    assert sign_in(client, "ann@example.org").status_code == 200


def test_guessing_the_current_password_is_throttled(app, client, make_user, login):
    login(make_user())
    for _ in range(app.config["SIGN_IN_FAILURES_ALLOWED"]):
        assert change(client, current="a wrong guess").status_code == 200
    assert change(client).status_code == 429


# Permissions and errors ----------------------------------------------------------------------------

def test_officer_pages_send_strangers_to_sign_in_and_refuse_others(client, make_user, login):
    response = client.get("/admin/outbox")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/admin/outbox"

    login(make_user(roles=("provider",)))
    response = client.get("/admin/outbox")
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert h1s(html) == ["You do not have permission to see this page"]
    assert Page(html).title.strip() == "You do not have permission to see this page" + TITLE_SUFFIX


def test_admins_count_as_officers(client, make_user, login):
    login(make_user(roles=("admin",)))
    assert client.get("/admin/outbox").status_code == 200


@pytest.mark.database_engine("sqlite")  # another process locks the SQLite file
def test_locked_database_shows_the_unavailable_page(app, client, make_user, tmp_path):
    """A database that cannot be read gives an honest 503, not a 500, and nothing half-saved."""
    user = make_user("ann@example.org")
    user_id = user.get_id()
    db.session.remove()
    db.engine.dispose()

    def no_waiting(dbapi_connection, record):
        dbapi_connection.execute("PRAGMA busy_timeout = 0")

    event.listen(db.engine, "connect", no_waiting)
    locker = sqlite3.connect(str(tmp_path / "test.sqlite"), isolation_level=None)
    try:
        locker.execute("BEGIN EXCLUSIVE")
        response = sign_in(client, "ann@example.org")
        html = response.get_data(as_text=True)
        assert response.status_code == 503
        assert response.headers["Retry-After"]
        assert h1s(html) == ["The service is unavailable"]
        assert "Nothing you sent has been saved" in html
        # A page read by someone signed in: loading the user fails too, and the page still shows.
        with client.session_transaction() as session:
            session["_user_id"] = user_id
        response = client.get("/account")
        html = response.get_data(as_text=True)
        assert response.status_code == 503
        assert "Wait a few minutes, then try again." in html and "Nothing you sent" not in html
    finally:
        locker.execute("ROLLBACK")
        locker.close()
        event.remove(db.engine, "connect", no_waiting)
        db.engine.dispose()
    assert sign_in(client, "ann@example.org").status_code == 302  # and back to normal


def test_header_sign_out_form_works_with_csrf_on(app, client, make_user, login):
    login(make_user())
    app.config["WTF_CSRF_ENABLED"] = True
    html = client.get("/about").get_data(as_text=True)
    form = html[html.index('action="/sign-out"'):]
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert client.post("/sign-out").status_code == 400  # without the token: refused, still signed in
    assert signed_in_user_id(client) is not None
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 302
    assert signed_in_user_id(client) is None


def test_every_account_page_has_one_h1_and_a_full_title(client, make_user, login):
    from portal.email import send_email

    message = send_email("ann@example.org", "Hello", "Body.")
    pages = ["/sign-in", "/forgotten-password", "/forgotten-password/check-your-email", "/reset-password/nope"]
    for url in pages:
        page = Page(client.get(url).get_data(as_text=True))
        assert len(page.h1s) == 1, url
        assert page.title.strip().endswith(TITLE_SUFFIX), url
    login(make_user(roles=("officer",)))
    for url in ["/account", "/account/password", "/admin/outbox", f"/admin/outbox/{message.id}"]:
        page = Page(client.get(url).get_data(as_text=True))
        assert len(page.h1s) == 1, url
        assert page.title.strip().endswith(TITLE_SUFFIX), url
