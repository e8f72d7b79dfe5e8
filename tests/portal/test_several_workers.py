"""Serving with several processes (`make serve-prod`, portal/gunicorn_conf.py): one secret key, one set of
rate-limit counters, web workers that only read the search index."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from types import SimpleNamespace

import pytest

from portal import ROOT, _instance_secret

CONF = os.path.join(ROOT, "portal", "gunicorn_conf.py")
BIN = os.path.dirname(sys.executable)


def test_workers_starting_together_make_one_secret_key(tmp_path):
    folder = tmp_path / "instance"
    folder.mkdir()
    fake_app = SimpleNamespace(instance_path=str(folder))
    start = threading.Barrier(12)
    keys: list[str] = []

    def start_worker():
        start.wait()
        keys.append(_instance_secret(fake_app))

    threads = [threading.Thread(target=start_worker) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 12 and len(set(keys)) == 1 and len(keys[0]) == 64
    assert os.listdir(folder) == ["secret_key"]  # no candidate left behind
    assert (folder / "secret_key").stat().st_mode & 0o777 == 0o600
    assert _instance_secret(fake_app) == keys[0]


def _conf_environment(env: dict) -> dict:
    code = ("import os, runpy; s = runpy.run_path(%r); "
            "print(s['workers'], s['bind'][0], s['worker_class'], os.environ.get('SEARCH_INDEX_WRITER'), "
            "os.environ.get('RATELIMIT_STORAGE_URI'), s['wsgi_app'])" % CONF)
    clean = {k: v for k, v in os.environ.items()
             if k not in ("WEB_WORKERS", "WEB_CONCURRENCY", "WEB_BIND", "WEB_THREADS", "SEARCH_INDEX_WRITER",
                          "RATELIMIT_STORAGE_URI", "REDIS_URL")}
    output = subprocess.run([sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True,
                            check=True).stdout.split()
    return dict(zip(["workers", "bind", "class", "writer", "ratelimit", "app"], output))


def test_the_gunicorn_configuration_reads_the_environment():
    assert _conf_environment({}) == {"workers": "2", "bind": "127.0.0.1:8000", "class": "sync", "writer": "queue",
                                     "ratelimit": "database://", "app": "portal:create_app()"}
    told = _conf_environment({"WEB_WORKERS": "4", "WEB_BIND": "0.0.0.0:9000", "WEB_THREADS": "8",
                              "RATELIMIT_STORAGE_URI": "memory://", "SEARCH_INDEX_WRITER": "inline"})
    assert told == {"workers": "4", "bind": "0.0.0.0:9000", "class": "gthread", "writer": "inline",
                    "ratelimit": "memory://", "app": "portal:create_app()"}
    assert _conf_environment({"REDIS_URL": "redis://cache:6379/0"})["ratelimit"] == "None"  # config.py uses it


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.search_backend("whoosh")
def test_gunicorn_workers_share_the_rate_limit_and_the_key(app, tmp_path):
    """Two real gunicorn workers: the API's limit (120 a minute per address) is reached across both."""
    from portal.extensions import db
    db.session.commit()
    port = _free_port()
    log = tmp_path / "access.log"
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "PORTAL_INSTANCE_PATH": str(tmp_path / "served-instance"),
           "SEARCH_INDEX_DIR": str(tmp_path / "served-index"), "WEB_WORKERS": "2",
           "WEB_BIND": f"127.0.0.1:{port}"}
    for name in ("SECRET_KEY", "RATELIMIT_STORAGE_URI", "REDIS_URL", "SEARCH_INDEX_WRITER"):
        env.pop(name, None)
    errors = tmp_path / "gunicorn.log"
    server = subprocess.Popen([os.path.join(BIN, "gunicorn"), "-c", CONF, "--access-logfile", str(log),
                               "--access-logformat", "%(p)s %(s)s %(U)s", "--error-logfile", str(errors)],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                              start_new_session=True)
    url = f"http://127.0.0.1:{port}/api/oruk/taxonomies"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(url, timeout=10).read()
                break
            except (urllib.error.URLError, OSError):
                assert server.poll() is None, errors.read_text()
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.3)

        statuses: list[int] = []

        def fetch(count: int):
            for _ in range(count):
                try:
                    with urllib.request.urlopen(url, timeout=30) as response:
                        statuses.append(response.status)
                except urllib.error.HTTPError as error:
                    statuses.append(error.code)

        threads = [threading.Thread(target=fetch, args=(40,)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(30)
    # 1 + 160 requests: 120 allowed in the minute, across both workers; the rest refused.
    assert statuses.count(200) == 119 and statuses.count(429) == 41, sorted(set(statuses))
    served_by = {line.split()[0] for line in log.read_text().splitlines() if re.search(r" (200|429) ", line)}
    assert len(served_by) == 2, "one worker served everything: the test proved nothing"
    key_file = tmp_path / "served-instance" / "secret_key"
    assert key_file.exists() and sorted(os.listdir(tmp_path / "served-instance")).count("secret_key") == 1
