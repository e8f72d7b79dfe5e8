"""The password policy, forgotten passwords and reset links."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
import time_machine

from portal.extensions import db
from portal.models import OutboxMessage
from portal.passwords import password_problem
from portal.services import AccountError, create_user

from .test_layout import Page

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "purple elephant runs quietly"
LINK = re.compile(r"http://localhost(/reset-password/\S+)")


@pytest.fixture(autouse=True)
def instance_in_tmp(app, tmp_path):
    """Email written to the outbox folder goes to this test's folder, not the repository's instance/."""
    app.instance_path = str(tmp_path / "instance")


def h1s(html: str) -> list[str]:
    return [text.strip() for text in Page(html).h1s]


# The policy ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("password, message", [
    ("short pw", "Password must be 12 characters or more"),
    ("password1234", "That password is too common"),
    ("Password1234!", "That password is too common"),
    ("qwertyuiop123", "That password is too common"),
    ("aaaaaaaaaaaaaaa", "That password is too common"),
    ("x" * 201, "Password must be 200 characters or fewer"),
    ("annabel.lee is my password", "Your password must not contain your email address"),
])
def test_weak_passwords_are_refused_with_a_reason(app, password, message):
    with app.test_request_context():
        assert message in (password_problem(password, "annabel.lee@example.org") or "")


def test_a_good_password_passes(app):
    with app.test_request_context():
        assert password_problem(PASSWORD, "annabel.lee@example.org") is None


def test_accounts_cannot_be_made_with_weak_passwords(app):
    with app.test_request_context(), pytest.raises(AccountError, match="too common"):
        create_user("ann@example.org", "password1234")


# Forgotten password --------------------------------------------------------------------------------

def ask_for_link(client, email):
    return client.post("/forgotten-password", data={"email": email}, follow_redirects=True)


def test_forgotten_password_page(client):
    html = client.get("/forgotten-password").get_data(as_text=True)
    assert h1s(html) == ["Reset your password"]
    assert Page(html).find("input", name="email", type="email")
    assert Page(client.get("/sign-in").get_data(as_text=True)).find("a", href="/forgotten-password")


@pytest.mark.parametrize("email, message", [
    ("", "Enter your email address"),
    ("not an email", "Enter an email address in the correct format, like name@example.com"),
    ("a" * 50_000 + "@example.org", "Email address must be 254 characters or fewer"),
])
def test_forgotten_password_checks_the_address(client, email, message):
    response = client.post("/forgotten-password", data={"email": email})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert Page(html).title.startswith("Error: ")
    assert Page(html).find("a", href="#email")
    if len(email) < 100:
        assert f'value="{email}"' in html


def test_reset_link_by_email_works(client, make_user, smtp_server):
    make_user("ann@example.org", name="Ann")
    response = ask_for_link(client, "ann@example.org")
    html = response.get_data(as_text=True)
    assert h1s(html) == ["Check your email"]
    assert "If there is an account for ann@example.org" in html

    (message,) = smtp_server
    assert message["To"] == "ann@example.org"
    assert message["Subject"] == "Reset your Local Offer password"
    assert message.get_content_type() == "text/plain"
    body = message.get_payload(decode=True).decode()
    assert body.startswith("Hello Ann,")
    assert "The link works once, for 60 minutes." in body
    path = LINK.search(body).group(1)

    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert h1s(page.get_data(as_text=True)) == ["Choose a new password"]

    response = client.post(path, data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert response.status_code == 302
    # Signed in straight away, with a fresh session.
    assert "Your password has been changed" in client.get("/account").get_data(as_text=True)
    # The owner is told, in case it was not them.
    assert smtp_server[-1]["Subject"] == "Your Local Offer password has been changed"

    # The old password no longer works; the new one does.
    client.post("/sign-out")
    assert client.post("/sign-in", data={"email": "ann@example.org", "password": PASSWORD}).status_code == 200
    assert client.post("/sign-in", data={"email": "ann@example.org", "password": NEW_PASSWORD}).status_code == 302

    # The link works once only.
    response = client.get(path)
    assert response.status_code == 400
    assert h1s(response.get_data(as_text=True)) == ["This link to reset your password does not work"]


def test_unknown_address_gets_the_same_page_and_no_email(client, make_user, smtp_server):
    make_user("ann@example.org")
    known = ask_for_link(client, "ann@example.org").get_data(as_text=True)
    unknown = ask_for_link(client, "bob@example.org").get_data(as_text=True)
    # Every response has its own CSP nonce; apart from that the pages must not differ.
    assert re.sub(r'nonce="[^"]+"', "", unknown.replace("bob@", "ann@")) == re.sub(r'nonce="[^"]+"', "", known)
    assert len(smtp_server) == 1
    assert db.session.query(OutboxMessage).count() == 1


def test_asking_for_links_is_rate_limited(client, make_user, smtp_server):
    make_user("ann@example.org")
    for _ in range(5):
        assert ask_for_link(client, "ann@example.org").status_code == 200
    response = client.post("/forgotten-password", data={"email": "ann@example.org"})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert len(smtp_server) == 5


def reset_path(client, smtp_server, email="ann@example.org") -> str:
    ask_for_link(client, email)
    return LINK.search(smtp_server[-1].get_payload(decode=True).decode()).group(1)


def assert_refused(response):
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert h1s(html) == ["This link to reset your password does not work"]
    assert Page(html).find("a", href="/forgotten-password")


def test_expired_link_is_refused(app, client, make_user, smtp_server):
    make_user("ann@example.org")
    path = reset_path(client, smtp_server)
    later = datetime.now(timezone.utc) + timedelta(seconds=app.config["PASSWORD_RESET_MAX_AGE"] + 5)
    with time_machine.travel(later, tick=False):
        assert_refused(client.get(path))
        assert_refused(client.post(path, data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}))


@pytest.mark.parametrize("tamper", [
    # Change a character inside the signature: the last base64 character can carry only padding bits.
    lambda path: path[:-5] + ("A" if path[-5] != "A" else "B") + path[-4:],
    lambda path: path.replace("/reset-password/", "/reset-password/x"),
    lambda path: "/reset-password/not-a-token",
    lambda path: "/reset-password/" + "a" * 5000,
])
def test_tampered_link_is_refused(client, make_user, smtp_server, tamper):
    make_user("ann@example.org")
    assert_refused(client.get(tamper(reset_path(client, smtp_server))))


def test_link_stops_working_when_the_password_changes_another_way(client, make_user, smtp_server, login):
    make_user("ann@example.org")
    path = reset_path(client, smtp_server)
    client.post(path, data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert_refused(client.get(path))
    assert_refused(client.post(path, data={"new_password": PASSWORD, "confirm_password": PASSWORD}))


def test_older_links_stop_working_once_one_is_used(client, make_user, smtp_server):
    make_user("ann@example.org")
    with time_machine.travel(datetime.now(timezone.utc) - timedelta(seconds=5), tick=False):
        first = reset_path(client, smtp_server)
    second = reset_path(client, smtp_server)
    assert first != second
    assert client.post(second, data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}).status_code == 302
    assert_refused(client.get(first))


@pytest.mark.parametrize("new, confirm, message, field", [
    # Not a word the page uses elsewhere ("short" is in the header's "Shortlist"), so the check below can fail.
    ("shortpw", "shortpw", "Password must be 12 characters or more", "new_password"),
    ("password1234", "password1234", "That password is too common", "new_password"),
    ("annabel rocks forever", "annabel rocks forever", "must not contain your email address", "new_password"),
    (NEW_PASSWORD, NEW_PASSWORD + "!", "The passwords do not match", "confirm_password"),
    ("", "", "Enter a new password", "new_password"),
    ("x" * 50_000, "x" * 50_000, "Password must be 200 characters or fewer", "new_password"),
])
def test_new_password_is_checked(client, make_user, smtp_server, new, confirm, message, field):
    make_user("annabel@example.org")
    path = reset_path(client, smtp_server, "annabel@example.org")
    response = client.post(path, data={"new_password": new, "confirm_password": confirm})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    page = Page(html)
    assert page.title.startswith("Error: ")
    assert page.find("a", href=f"#{field}")
    assert h1s(html) == ["Choose a new password"]
    if new:
        assert new not in html  # passwords are never sent back
    # The link still works after a mistake.
    assert client.get(path).status_code == 200
