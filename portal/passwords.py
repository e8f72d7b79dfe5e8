"""Password policy: long enough and not a common password."""
from __future__ import annotations

import os
import re
from functools import lru_cache

from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 200


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-cased."""
    path = os.path.join(os.path.dirname(__file__), "data", "common-passwords.txt")
    with open(path, encoding="utf-8") as fh:
        return frozenset(line.strip().lower() for line in fh if line.strip() and not line.startswith("#"))


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password is not allowed, in words for the person, or None if it is fine."""
    if len(password) < MIN_LENGTH:
        return str(_l("Password must be %(min)d characters or more", min=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("Password must be %(max)d characters or fewer", max=MAX_LENGTH))
    lowered = password.lower()
    # "password1234!" is as guessable as "password": strip what people add to the end.
    stem = re.sub(r"[\d\W_]+$", "", lowered)
    if lowered in common_passwords() or (len(stem) >= 4 and stem in common_passwords()) or len(set(lowered)) < 4:
        return str(_l("That password is too common and easy to guess. Try three or four random words together"))
    if email and email.split("@")[0].lower() in lowered and len(email.split("@")[0]) >= 4:
        return str(_l("Your password must not contain your email address"))
    return None
