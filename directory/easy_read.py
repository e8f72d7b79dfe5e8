"""Easy read: a reader's choice to see services' easy-read summaries, one idea per line.

The choice changes nothing but how pages look, so a plain link (`?easy_read=1` or `?easy_read=0`)
sets it, like the language links; it is kept in the session. These functions take the session (any
mapping) and the query arguments as arguments, so they stay free of the request.
"""
from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from urllib.parse import urlencode

from .readability import split_sentences

PARAMETER = "easy_read"
SESSION_KEY = "easy_read"
_ON, _OFF = "1", "0"


def easy_read_lines(text: str | None) -> list[str]:
    """An easy-read summary as lines, one idea (sentence) a line: split at line breaks and sentence ends."""
    return split_sentences(text or "")


def is_on(session: Mapping) -> bool:
    """True if the reader has turned easy read on."""
    return session.get(SESSION_KEY) is True


def remember_choice(session: MutableMapping, value: str | None) -> bool:
    """Keep a reader's `easy_read` link choice ("1" on, "0" off); False if VALUE is neither, changing nothing."""
    if value == _ON:
        session[SESSION_KEY] = True
    elif value == _OFF:
        session.pop(SESSION_KEY, None)
    else:
        return False
    return True


def switch_url(path: str, args: list[tuple[str, str]], turn_on: bool) -> str:
    """PATH with its query ARGS kept and an easy-read link that turns it on or off."""
    kept = [(key, value) for key, value in args if key != PARAMETER]
    kept.append((PARAMETER, _ON if turn_on else _OFF))
    return path + "?" + urlencode(kept)


def without_switch(path: str, args: list[tuple[str, str]]) -> str:
    """The clean address to show after following an easy-read link: the same page, the link's argument gone."""
    kept = [(key, value) for key, value in args if key != PARAMETER]
    # A path such as "//example.org" would be read by a browser as another site: keep it on ours.
    path = "/" + path.lstrip("/")
    return path + ("?" + urlencode(kept) if kept else "")
