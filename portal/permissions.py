"""Route guards: who may see a page. Organisation checks live with the records they protect."""
from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, redirect, request, url_for
from flask_login import current_user


def role_required(*roles: str):
    """Signed-in users holding one of these roles; others are sent to sign in, or refused (403)."""
    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("portal.sign_in", next=request.full_path.rstrip("?")))
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)
        return guarded
    return decorator


def sign_in_required(view):
    """Any signed-in user."""
    @wraps(view)
    def guarded(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("portal.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)
    return guarded


def safe_next(target: str | None, default: str) -> str:
    """A redirect target on this site only (no open redirects).

    Only a path on this site is allowed: it starts with one "/", and has no backslash,
    whitespace or control characters (browsers drop tabs and newlines, so "/<tab>/evil.example"
    would become "//evil.example"), and no scheme or host once parsed.
    """
    if not target or len(target) > 2000 or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
