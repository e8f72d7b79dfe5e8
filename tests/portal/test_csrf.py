"""CSRF: every state-changing route in the url map refuses a request without the form's token, before it
changes anything, even from an officer or an admin who may otherwise do it. Only the read-only ORUK API is
exempt (it has no session state to abuse), and it refuses every write with 405."""
from __future__ import annotations

import re

import pytest

from portal.extensions import db
from tests.portal.test_authorisation_matrix import ACCESS, _act_as, _form, _url, state, world  # noqa: F401

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_EXEMPT_READ_ONLY = {"oruk.unknown"}  # the API: csrf.exempt, answers every write with 405


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def _writes(app):
    return sorted(((rule, method) for rule in app.url_map.iter_rules() for method in rule.methods & WRITES),
                  key=lambda pair: (pair[0].endpoint, pair[1]))


@pytest.mark.parametrize("who", ["officer", "admin"])
def test_every_write_without_a_csrf_token_is_refused_and_changes_nothing(csrf_on, client, world, who):
    app = csrf_on
    wrong, checked = [], 0
    for rule, method in _writes(app):
        access = ACCESS.get(rule.endpoint)
        if access is None:
            wrong.append(f"{rule.endpoint}: no line in ACCESS (tests/portal/test_authorisation_matrix.py) to build "
                         "its URL and form from")
            continue
        url = _url(app, rule, access, world)
        _act_as(client, who, world)
        client.get("/")  # a real visit first, so the session holds a CSRF token the request leaves out
        before = state(app)
        response = client.open(url, method=method, data=_form(access, world))
        checked += 1
        html = response.get_data(as_text=True)
        if rule.endpoint in CSRF_EXEMPT_READ_ONLY:
            if response.status_code != 405:
                wrong.append(f"{method} {url}: {response.status_code}, not 405 from the read-only API")
        elif response.status_code != 400 or "could not be sent safely" not in html:
            wrong.append(f"{method} {url} [{rule.endpoint}]: {response.status_code}, not the CSRF error page")
        if state(app) != before or db.session.new or db.session.dirty or db.session.deleted:
            wrong.append(f"{method} {url} [{rule.endpoint}]: something changed")
    assert checked >= 60, "the url map has far fewer writes than expected: is the walk broken?"
    assert not wrong, "\n".join(wrong)


def test_a_wrong_token_is_refused_too(csrf_on, client, world):
    _act_as(client, "officer", world)
    client.get("/")
    response = client.post(f"/feedback/triage/{world['private_item']}/notes",
                           data={"text": "Note.", "csrf_token": "not-the-token"})
    assert response.status_code == 400
    assert "could not be sent safely" in response.get_data(as_text=True)


def test_the_same_write_with_the_token_goes_through(csrf_on, client, world):
    """The refusals above are about the token, not something else in the request."""
    _act_as(client, "officer", world)
    page = client.get(f"/feedback/triage/{world['private_item']}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    response = client.post(f"/feedback/triage/{world['private_item']}/notes",
                           data={"text": "A note with its token.", "csrf_token": token})
    assert response.status_code == 302
    assert "A note with its token." in client.get(f"/feedback/triage/{world['private_item']}").get_data(as_text=True)


def test_signing_out_needs_the_token(csrf_on, client, world):
    """A cross-site form must not be able to sign someone out either."""
    _act_as(client, "forum_1", world)
    assert client.post("/sign-out").status_code == 400
    assert client.get("/account").status_code == 200  # still signed in
