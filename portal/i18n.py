"""Locale selection. Later work adds the user's saved choice and the session's language link."""
from babel.dates import get_day_names
from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale

from .extensions import babel

# Interface languages are catalogue codes; some format dates and numbers by a regional locale
# ("en" reads "24 June 2025", the British way, not the American "June 24, 2025").
FORMAT_LOCALES = {"en": "en_GB"}


def select_locale() -> str:
    """The best locale for this request: the browser's Accept-Language among ours, else English."""
    if not has_request_context():  # CLI commands and background work: the default language
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    else:
        language = request.accept_languages.best_match(current_app.config["LANGUAGES"]) or "en"
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


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def inject_locale():
        locale = get_locale()
        return {
            "html_lang": current_language(),
            "html_dir": locale.text_direction if locale else "ltr",
            "weekday_name": weekday_name,
        }


def weekday_name(weekday: int) -> str:
    """The name of a weekday (0 = Monday) in the reader's language."""
    return get_day_names("wide", locale=get_locale())[weekday]
