"""Configuration classes. Secrets come from the environment or the instance folder, never the repo."""
import os


class Config:
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")  # default set in create_app (instance folder)
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "whoosh")
    SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR")  # default: <instance>/search-index
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "translations")
    LANGUAGES = ["en"]
    RESULTS_PER_PAGE = 20
    # The council running the portal: shown in the header, footer and zero-result help.
    COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "Riverside Borough Council")
    LOCAL_OFFER_EMAIL = os.environ.get("LOCAL_OFFER_EMAIL", "localoffer@riverside.example.org")
    LOCAL_OFFER_PHONE = os.environ.get("LOCAL_OFFER_PHONE", "01632 960000")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"


class TestConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = True
