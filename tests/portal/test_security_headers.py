"""Security headers on every kind of response, the inline-script nonce, HSTS over HTTPS only, cookie flags,
trusting a proxy only when configured, and website addresses that are links only when they are http(s)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy.pool import NullPool

from portal import create_app
from portal.config import TestConfig
from portal.extensions import db
from portal.security import web_address

PASSWORD = "correct horse battery staple"


def _csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in policy.split(";") if part.strip()}


def _nonce(response) -> str:
    match = re.search(r"'nonce-([^']+)'", _csp(response)["script-src"])
    assert match, response.headers["Content-Security-Policy"]
    return match.group(1)


def assert_security_headers(response, where: str) -> None:
    headers = response.headers
    policy = _csp(response)
    assert policy["default-src"] == "'self'", where
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"], where
    assert policy["script-src"].startswith("'self' 'nonce-"), where
    assert policy["style-src"] == "'self'", where
    assert policy["img-src"] == "'self' data:", where
    assert policy["font-src"] == "'self'", where
    assert policy["object-src"] == "'none'", where
    assert policy["base-uri"] == "'self'", where
    assert policy["form-action"] == "'self'", where
    assert policy["frame-ancestors"] == "'none'", where
    assert headers["X-Content-Type-Options"] == "nosniff", where
    assert headers["X-Frame-Options"] == "DENY", where
    assert headers["Referrer-Policy"] in ("strict-origin-when-cross-origin", "same-origin", "no-referrer"), where
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"], where
    assert "Strict-Transport-Security" not in headers, where  # plain HTTP in these requests


@pytest.fixture
def listed(make_service):
    return make_service("Riverside Speech Clinic", summary="Speech and language help.",
                        website="https://speech.example.org")


@pytest.fixture
def boom(app):
    """A route that fails, to see the 500 page as a visitor would (exceptions not propagated to the test)."""
    def fail():
        raise RuntimeError("a fault in the code")
    app.add_url_rule("/_test/boom", "test_boom", fail)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return "/_test/boom"


def test_every_kind_of_response_carries_the_headers(client, listed, boom):
    pages = {
        "home": ("/", 200),
        "search": ("/search?q=speech", 200),
        "service": (f"/services/{listed.id}", 200),
        "sign-in": ("/sign-in", 200),
        "not found": ("/no-such-page", 404),
        "server error": (boom, 500),
        "API JSON": ("/api/oruk/services", 200),
        "API error JSON": ("/api/oruk/services/not-a-uuid", 404),
        "OpenAPI": ("/api/oruk/openapi.json", 200),
        "CSV": ("/search.csv?q=speech", 200),
        "static file": ("/static/src/images/favicon.svg", 200),
        "redirect": ("/account", 302),
        "method not allowed": ("/sign-out", 405),
    }
    for name, (path, status) in pages.items():
        with client.get(path) as response:  # closed, so the static file's handle is too
            assert response.status_code == status, (name, response.status_code)
            assert_security_headers(response, name)


def test_the_500_page_still_shows_the_layout_with_a_nonce(client, boom):
    response = client.get(boom)
    assert response.status_code == 500
    assert f'<script nonce="{_nonce(response)}">' in response.get_data(as_text=True)


def test_the_nonce_is_new_on_every_request_and_is_on_every_inline_script(client, listed):
    seen = set()
    for path in ("/", "/", "/search?q=speech", f"/services/{listed.id}", "/sign-in", "/no-such-page"):
        response = client.get(path)
        nonce = _nonce(response)
        assert len(nonce) >= 22  # at least 128 bits of randomness
        assert nonce not in seen, "a nonce was used twice"
        seen.add(nonce)
        scripts = re.findall(r"<script\b([^>]*)>", response.get_data(as_text=True))
        inline = [attributes for attributes in scripts if "src=" not in attributes]
        assert inline, path  # GOV.UK's js-enabled script
        for attributes in inline:
            assert f'nonce="{nonce}"' in attributes, (path, attributes)


def test_no_page_uses_inline_styles_which_the_policy_would_block(client, listed):
    for path in ("/", "/search?q=speech", f"/services/{listed.id}", "/sign-in", "/about", "/accessibility"):
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r"\sstyle=", html), path
        assert "<style" not in html, path


def test_a_stricter_referrer_policy_set_by_a_view_is_kept(client):
    response = client.get("/reset-password/not-a-real-token")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert_security_headers(response, "reset link")


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    assert int(secure.headers["Strict-Transport-Security"].split("=")[1]) >= 180 * 24 * 60 * 60


def _session_cookie(response) -> str:
    cookies = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")]
    assert cookies, response.headers
    return cookies[-1]


@pytest.mark.parametrize("base_url, secure", [("http://localhost", False), ("https://localhost", True)])
def test_the_session_cookie_is_httponly_samesite_lax_and_secure_over_https(client, make_user, base_url, secure):
    make_user("someone@example.org", password=PASSWORD)
    response = client.post("/sign-in", data={"email": "someone@example.org", "password": PASSWORD},
                           base_url=base_url)
    assert response.status_code == 302
    cookie = _session_cookie(response)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert ("Secure" in cookie.split("; ")) is secure


def _other_app(tmp_path, monkeypatch, new_database_url, **config):
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "other-instance"))
    other = create_app({
        **{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
        "SQLALCHEMY_DATABASE_URI": new_database_url("other", empty=True),
        "SEARCH_INDEX_DIR": str(tmp_path / "other-index"),
        "SECRET_KEY": "test-only-secret",
        "WTF_CSRF_ENABLED": False,
        # No pool: nothing stays connected to the test's extra database when it is dropped.
        "SQLALCHEMY_ENGINE_OPTIONS": {"poolclass": NullPool},
        **config,
    })
    with other.app_context():
        db.create_all()
    return other


def test_https_as_the_preferred_scheme_makes_cookies_secure_everywhere(app, tmp_path, monkeypatch, make_user,
                                                                       new_database_url):
    other = _other_app(tmp_path, monkeypatch, new_database_url, PREFERRED_URL_SCHEME="https")
    assert other.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_SECURE"] is False  # the ordinary test app, served over http


def test_forwarded_headers_are_ignored_unless_a_proxy_is_trusted(app, tmp_path, monkeypatch, new_database_url):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    path = "/static/src/images/favicon.svg"
    with app.test_client().get(path, headers=forwarded) as untrusting:
        assert "Strict-Transport-Security" not in untrusting.headers

    behind_proxy = _other_app(tmp_path, monkeypatch, new_database_url, TRUSTED_PROXIES=1)
    with behind_proxy.test_client().get(path, headers=forwarded) as trusted:
        assert trusted.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.parametrize("address, link", [
    ("https://www.example.org/speech", "https://www.example.org/speech"),
    ("http://example.org", "http://example.org"),
    ("HTTPS://EXAMPLE.ORG", "HTTPS://EXAMPLE.ORG"),
    ("javascript:alert(1)", None),
    ("JavaScript:alert(1)", None),
    (" javascript:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("vbscript:msgbox(1)", None),
    ("//evil.example.org", None),
    ("www.example.org", None),
    ("https://", None),
    ("https://[::1", None),
    ("https:\\\\evil.example.org", None),
    ("", None),
    (None, None),
])
def test_only_http_and_https_addresses_become_links(address, link):
    assert web_address(address) == link


def test_a_javascript_website_is_shown_as_text_not_a_link(client, make_service, make_organisation):
    organisation = make_organisation("Sneaky Org", website="javascript:alert(document.cookie)")
    service = make_service("Sneaky Service", organisation=organisation, website="javascript:alert(1)")
    for path in (f"/services/{service.id}", f"/organisations/{organisation.id}"):
        html = client.get(path).get_data(as_text=True)
        assert 'href="javascript' not in html.lower(), path
        assert "javascript:alert(" in html, path  # still shown, as text, so an officer can see and fix it
