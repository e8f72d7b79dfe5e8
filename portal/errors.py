"""Error pages in the site's layout, in plain English."""
from __future__ import annotations

import math
import re
import time

from flask import Flask, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from .extensions import db, limiter, login_manager
from .services import TooManyAttempts

UNAVAILABLE_RETRY_SECONDS = 120


def _without_loading_the_user() -> None:
    """Error pages must render even when the database cannot be read: if the signed-in user has
    not been loaded yet in this request, show the page as to someone signed out."""
    if "_login_user" not in g:
        g._login_user = login_manager.anonymous_user()


def _limiter_minutes() -> int:
    """Whole minutes until flask-limiter's breached limit resets (at least 1)."""
    try:
        current = limiter.current_limit
        seconds = current.reset_at - time.time() if current is not None else 60
    except Exception:  # the limiter's storage may be unreachable; the page must still show
        seconds = 60
    return max(1, math.ceil(seconds / 60))


def too_many_attempts(minutes: int):
    """The 429 page, saying when to try again, with a matching Retry-After header."""
    response = render_template("errors/429.html", minutes=minutes), 429, {"Retry-After": str(minutes * 60)}
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(400)
    def bad_request(error: HTTPException):
        return render_template("errors/400.html"), 400

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError):
        # A form sent without its security token, or one left open too long.
        return render_template("errors/400.html", csrf=True), 400

    @app.errorhandler(403)
    def forbidden(error: HTTPException):
        return render_template("errors/403.html"), 403

    @app.errorhandler(404)
    def not_found(error: HTTPException):
        return render_template("errors/404.html"), 404

    @app.errorhandler(405)
    def method_not_allowed(error: HTTPException):
        response = error.get_response()
        return render_template("errors/400.html"), 405, {"Allow": response.headers.get("Allow", "")}

    @app.errorhandler(429)
    def rate_limited(error: HTTPException):
        minutes = _limiter_minutes() if isinstance(error, RateLimitExceeded) else 1
        return too_many_attempts(minutes)

    @app.errorhandler(TooManyAttempts)
    def sign_in_paused(error: TooManyAttempts):
        return too_many_attempts(error.minutes)

    @app.errorhandler(503)
    def unavailable(error: HTTPException):
        _without_loading_the_user()
        return _unavailable_page()

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        # A locked, full or unreachable database. Nothing from this request was committed.
        db.session.rollback()
        app.logger.error("Database unavailable for %s %s: %s", request.method, request.path, error.orig)
        _without_loading_the_user()
        return _unavailable_page()

    @app.errorhandler(500)
    def server_error(error: Exception):
        _without_loading_the_user()
        return render_template("errors/500.html"), 500


def _unavailable_page():
    sent_something = request.method not in ("GET", "HEAD", "OPTIONS")
    return (render_template("errors/503.html", sent_something=sent_something, typed=typed_input()), 503,
            {"Retry-After": str(UNAVAILABLE_RETRY_SECONDS)})


# The labels of the text boxes people most often type into, for showing their words back.
TYPED_LABELS = {
    "title": _l("Title"),
    "body": _l("What is happening?"),
    "would_help": _l("What would help?"),
    "details": _l("Details"),
    "problem": _l("What is wrong?"),
    "suggestion": _l("What should it say?"),
    "text": _l("Update"),
    "reason": _l("Reason"),
    "message": _l("Message"),
    "note": _l("Note"),
    "name": _l("Name"),
    "email": _l("Email address"),
    "summary": _l("Summary"),
    "description": _l("Description"),
}
# Never shown back: secrets, and fields people do not type.
_NOT_TYPED = re.compile(r"password|csrf|token|^next$|^website$|^edited_from$|^seen_edit_count$", re.I)
_UUID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.I)


def typed_input() -> list[tuple[str, str]]:
    """What the person typed into the form they sent, as (label, text), to show back when it could not be saved."""
    if request.method != "POST":
        return []
    try:
        form = request.form
    except Exception:  # a body too large or unreadable: there is nothing we can show
        return []
    typed = []
    for name in form:
        if _NOT_TYPED.search(name):
            continue
        values = [value.strip() for value in form.getlist(name) if value.strip() and not _UUID.match(value.strip())]
        # A box we know people type into, or words with spaces: not a choice's code ("education", "yes").
        if values and name not in TYPED_LABELS:
            values = [value for value in values if any(ch.isspace() for ch in value)]
        if values:
            label = TYPED_LABELS.get(name) or name.replace("_", " ").replace("-", " ").strip().capitalize()
            typed.append((str(label), "\n".join(values)))
    return typed
