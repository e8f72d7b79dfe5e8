"""Interface languages: which one a request gets, the switcher's links, and text direction.

The locale comes from, in order: the signed-in person's saved choice, a language link they followed
(kept in the session), the browser's Accept-Language, English.
"""
from functools import lru_cache
from urllib.parse import urlencode

from babel import Locale
from babel.dates import get_day_names
from flask import Flask, current_app, has_request_context, redirect, request, session
from flask_babel import get_locale, refresh
from flask_login import current_user

from .extensions import babel

# Interface languages are catalogue codes; some format dates and numbers by a regional locale
# ("en" reads "24 June 2025", the British way, not the American "June 24, 2025").
FORMAT_LOCALES = {"en": "en_GB"}
LANGUAGE_PARAMETER = "lang"
SESSION_KEY = "language"


# Both are asked for every language on every page (the switcher), and Babel's locale data never changes while
# the app runs.
@lru_cache(maxsize=64)
def language_name(code: str) -> str:
    """A language's name in itself ("Polski", "اردو"), as the switcher shows it."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=64)
def text_direction(code: str) -> str:
    """"rtl" or "ltr" for a language, from Babel's locale data."""
    return Locale.parse(code).text_direction


def is_supported(code: str | None) -> bool:
    """True if CODE is one of the interface languages."""
    return bool(code) and code in current_app.config["LANGUAGES"]


def chosen_language() -> str | None:
    """The language a person chose: saved on their account, else followed by a link this session."""
    if current_user and current_user.is_authenticated and is_supported(current_user.language):
        return current_user.language
    if is_supported(session.get(SESSION_KEY)):
        return session[SESSION_KEY]
    return None


def select_locale() -> str:
    """The best locale for this request: the person's choice, else Accept-Language among ours, else English."""
    if not has_request_context():  # CLI commands and background work: the default language
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    else:
        language = (chosen_language()
                    or request.accept_languages.best_match(current_app.config["LANGUAGES"])
                    or current_app.config["BABEL_DEFAULT_LOCALE"])
    return FORMAT_LOCALES.get(language, language)


def current_language() -> str:
    """The interface language in use, as a catalogue code (e.g. "en")."""
    locale = get_locale()
    if locale is None:
        return "en"
    for language, regional in FORMAT_LOCALES.items():
        if str(locale) == regional:
            return language
    return str(locale)


def switch_language_url(code: str) -> str:
    """This page's address with a language link for CODE, other query parameters kept."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key != LANGUAGE_PARAMETER]
    args.append((LANGUAGE_PARAMETER, code))
    return request.path + "?" + urlencode(args)


def _follow_language_link():
    """A `?lang=xx` link: remember the choice, then show the same page at its clean address."""
    code = request.args.get(LANGUAGE_PARAMETER)
    if code is None or request.method != "GET":
        return None
    if is_supported(code):
        session[SESSION_KEY] = code
        if current_user.is_authenticated and current_user.language != code:
            from .services import save_language_choice
            save_language_choice(current_user, code)
        refresh()
    args = [(key, value) for key, value in request.args.items(multi=True) if key != LANGUAGE_PARAMETER]
    return redirect(request.path + ("?" + urlencode(args) if args else ""), code=303)


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(_follow_language_link)

    @app.context_processor
    def inject_locale():
        language = current_language()
        from .translation_reports import is_reviewed
        return {
            "current_language_name": language_name(language),
            "interface_checked": is_reviewed(language),
            "html_lang": language,
            "html_dir": text_direction(language),
            "weekday_name": weekday_name,
            "interface_languages": [
                {"code": code, "name": language_name(code), "dir": text_direction(code)}
                for code in current_app.config["LANGUAGES"]
            ],
            "switch_language_url": switch_language_url,
        }


def weekday_name(weekday: int) -> str:
    """The name of a weekday (0 = Monday) in the reader's language."""
    return get_day_names("wide", locale=get_locale())[weekday]
