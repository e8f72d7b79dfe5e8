"""Configuration classes. Secrets come from the environment or the instance folder, never the repo."""
import os


def rate_limit_storage_uri(environ) -> str:
    """Where Flask-Limiter counts: RATELIMIT_STORAGE_URI, else REDIS_URL (a redis:// URL), else this process's memory."""
    return environ.get("RATELIMIT_STORAGE_URI") or environ.get("REDIS_URL") or "memory://"


class Config:
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")  # default set in create_app (instance folder)
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # "whoosh" or "postgres"; unset: postgres when the database is PostgreSQL, else whoosh (directory/search).
    SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "")
    SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR")  # default: <instance>/search-index
    # Who writes the Whoosh index: "inline" (this process, after each commit: one process serving) or "queue"
    # (this process only reads; changes are noted in search_index_changes for `flask search index-worker`).
    # `make serve-prod`'s gunicorn configuration sets "queue" for its web workers.
    SEARCH_INDEX_WRITER = os.environ.get("SEARCH_INDEX_WRITER", "inline")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "translations")
    # Interface languages, in the order the language switcher lists them.
    LANGUAGES = ["en", "pl", "ro", "tr", "ku", "ar", "ur", "bn", "pa", "so", "yi"]
    RESULTS_PER_PAGE = 20
    # The council running the portal: shown in the header, footer and zero-result help.
    COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "Riverside Borough Council")
    LOCAL_OFFER_EMAIL = os.environ.get("LOCAL_OFFER_EMAIL", "localoffer@riverside.example.org")
    LOCAL_OFFER_PHONE = os.environ.get("LOCAL_OFFER_PHONE", "01632 960000")
    # The site's public address, for links in emails sent by commands (reminders).
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    # Email: with no MAIL_SERVER, messages are written to <instance>/outbox and shown at /admin/outbox.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") in ("1", "true", "yes")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "localoffer@riverside.example.org")
    # Accounts.
    PASSWORD_MIN_LENGTH = 12
    PASSWORD_RESET_MAX_AGE = 60 * 60  # seconds a reset link works
    INVITATION_MAX_AGE = 7 * 24 * 60 * 60
    SIGN_IN_FAILURES_ALLOWED = 5  # per account, and per address x 4, within the window
    SIGN_IN_FAILURE_WINDOW = 15 * 60  # seconds
    # Kept this long, then deleted by `flask housekeeping` (the privacy notice quotes both).
    SIGN_IN_ATTEMPT_RETENTION_DAYS = int(os.environ.get("SIGN_IN_ATTEMPT_RETENTION_DAYS", "30"))
    OUTBOX_RETENTION_DAYS = int(os.environ.get("OUTBOX_RETENTION_DAYS", "90"))  # after the email was sent
    # Response standards for forum feedback, in working days (weekends and bank holidays excluded).
    FEEDBACK_ACKNOWLEDGE_DAYS = 2
    FEEDBACK_RESPOND_DAYS = 10
    # Listings are stale when not checked for this many days.
    REVIEW_PERIOD_DAYS = 365
    # Where rate-limit counters live. One process (`make run`, tests): its memory. Several (`make serve-prod`,
    # whose gunicorn configuration sets database:// unless told otherwise): the database (portal/rate_limit_storage.py)
    # or Redis (REDIS_URL), so every worker and machine counts against one limit.
    RATELIMIT_STORAGE_URI = rate_limit_storage_uri(os.environ)
    # If that storage cannot be reached, each process counts in its own memory until it can again (no 500s).
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Secure cookies always (they are Secure on any HTTPS request anyway); https here turns them on too.
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "") in ("1", "true", "yes")
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    # How many reverse proxies in front of the app set X-Forwarded-For/-Proto/-Host (0: trust none).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))


class TestConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = True
