"""Locale selection. Later work adds the user's saved choice and the session's language link."""
from flask import Flask, current_app, has_request_context, request
from babel.dates import get_day_names
from flask_babel import get_locale

from .extensions import babel


def select_locale() -> str:
    """The best locale for this request: the browser's Accept-Language among ours, else English."""
    if not has_request_context():  # CLI commands and background work: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    return request.accept_languages.best_match(current_app.config["LANGUAGES"]) or "en"


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def inject_locale():
        locale = get_locale()
        return {
            "html_lang": str(locale) if locale else "en",
            "html_dir": locale.text_direction if locale else "ltr",
            "weekday_name": weekday_name,
        }


def weekday_name(weekday: int) -> str:
    """The name of a weekday (0 = Monday) in the reader's language."""
    return get_day_names("wide", locale=get_locale())[weekday]
