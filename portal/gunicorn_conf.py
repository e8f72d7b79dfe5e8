"""gunicorn settings for running the portal with several worker processes (`make serve-prod`, systemd).

    .venv/bin/gunicorn -c portal/gunicorn_conf.py            # serves portal:create_app()
    make serve-prod                                          # the set-up first, then this and the index worker

Each worker imports the app and calls create_app() itself (no preload: no database connection or open
index file is shared across a fork). Environment (command-line options such as -w and -b win over these):

    WEB_WORKERS      worker processes (default 2; WEB_CONCURRENCY is read too)
    WEB_THREADS      threads per worker (default 1: gunicorn's sync workers; more: gthread workers)
    WEB_BIND         address to listen on (default 127.0.0.1:8000: put a reverse proxy in front)
    WEB_TIMEOUT      seconds a request may take before its worker is restarted (default 60)
    WEB_ACCESS_LOG   file for gunicorn's access log, "-" for standard output (default: none; the proxy logs)
    WEB_CONTROL_SOCKET  path for gunicorn's control socket (`gunicornc`); default: none, since every gunicorn
                     on a machine would otherwise claim the same ~/.gunicorn/gunicorn.ctl

and, only if not set already, for the workers:

    SEARCH_INDEX_WRITER=queue     web workers only read the Whoosh index; after a commit they note the
                                  changed services in the database, and ONE `flask search index-worker`
                                  process (started beside gunicorn by `make serve-prod`, or its own systemd
                                  unit; not started here) writes the index. Readers see each new index
                                  generation on their next search. Not needed with SEARCH_BACKEND=postgres.
    RATELIMIT_STORAGE_URI=database://   rate-limit counters in the database, shared by every worker and
                                  machine (REDIS_URL, if set, puts them in Redis instead).

The secret key must be the same in every worker and on every machine: SECRET_KEY from the environment, or
else the key generated once into the instance folder (safe when workers start at the same moment).
"""
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "portal:create_app()"
workers = _int("WEB_WORKERS", _int("WEB_CONCURRENCY", 2))
threads = _int("WEB_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
bind = [os.environ.get("WEB_BIND") or "127.0.0.1:8000"]
timeout = _int("WEB_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5  # behind a proxy that keeps connections open
preload_app = False
accesslog = os.environ.get("WEB_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("WEB_LOG_LEVEL", "info")
proc_name = "local-offer"
control_socket_disable = not os.environ.get("WEB_CONTROL_SOCKET")
if os.environ.get("WEB_CONTROL_SOCKET"):
    control_socket = os.environ["WEB_CONTROL_SOCKET"]

# Several processes serve: the index has one writer, and rate limits are counted in one place.
os.environ.setdefault("SEARCH_INDEX_WRITER", "queue")
if not os.environ.get("RATELIMIT_STORAGE_URI") and not os.environ.get("REDIS_URL"):
    os.environ["RATELIMIT_STORAGE_URI"] = "database://"
