"""Security headers on every response, the per-request nonce for inline scripts, secure session cookies,
and trusting a reverse proxy's X-Forwarded-* headers only when the configuration says how many there are."""
from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import Flask, Response, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

_NONCE_KEY = "portal.csp_nonce"

# A year, as the HSTS preload list asks; subdomains are left to the council's own domain policy.
HSTS_MAX_AGE = 365 * 24 * 60 * 60

# Features no page uses: a page (or something injected into one) cannot ask for them.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb"))


def csp_nonce() -> str:
    """This request's nonce for inline scripts, made on first use.

    Kept in the WSGI environ rather than on `g`: tests and scripts run requests inside one app
    context, whose `g` would hand every request the same nonce."""
    environ = request.environ
    if _NONCE_KEY not in environ:
        environ[_NONCE_KEY] = secrets.token_urlsafe(18)
    return environ[_NONCE_KEY]


def content_security_policy(nonce: str) -> str:
    """The Content-Security-Policy: everything from this site only, inline scripts only with the nonce,
    no inline styles, no plugins, no framing, forms post only to this site."""
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def add_security_headers(response: Response) -> Response:
    """Set the security headers on a response (views may have set a stricter Referrer-Policy: it stays)."""
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.is_secure:
        # Browsers ignore HSTS sent over plain HTTP; sending it there would only mislead a reader.
        headers["Strict-Transport-Security"] = f"max-age={HSTS_MAX_AGE}"
    return response


def web_address(text: str | None) -> str | None:
    """The address if it is a plain http(s) link to a named host, else None, so that a stored
    "javascript:" or "data:" address (an import, an old record) never becomes a link."""
    text = (text or "").strip()
    if not text or any(ch.isspace() or ord(ch) < 32 or ch == "\\" for ch in text):
        return None
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return text


class SessionCookieSecureOverHttps(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the Secure flag whenever the request came over HTTPS,
    even if SESSION_COOKIE_SECURE was not set."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)


def init_app(app: Flask) -> None:
    """Wire the headers, the nonce and the cookie and proxy settings into the app."""
    trusted_proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if trusted_proxies > 0:
        # Only behind proxies we run: otherwise anyone could claim to be HTTPS, or any address,
        # and dodge the per-address sign-in limits.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted_proxies, x_proto=trusted_proxies,
                                x_host=trusted_proxies, x_port=trusted_proxies, x_prefix=trusted_proxies)
    if app.config.get("PREFERRED_URL_SCHEME") == "https":
        app.config["SESSION_COOKIE_SECURE"] = True
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    # Flask-Login's remember-me cookie (if ever used) follows the session cookie's rules.
    app.config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config.get("SESSION_COOKIE_SECURE", False))
    app.session_interface = SessionCookieSecureOverHttps()

    @app.context_processor
    def inject_csp_nonce():
        # Emails rendered by commands have no request, and no inline script either.
        return {"csp_nonce": csp_nonce()} if has_request_context() else {}

    app.add_template_filter(web_address, "web_address")
    app.after_request(add_security_headers)
