"""Rate-limit counters in the database (RATELIMIT_STORAGE_URI=database://), or in Redis (REDIS_URL): one limit
however many processes serve the site. Two app instances on one database stand for two gunicorn workers (or two
machines)."""
from __future__ import annotations

import re
import threading
import time
import uuid

import pytest
import redis
from flask import Flask
from limits.storage import storage_from_string
from sqlalchemy import func, select

from portal import create_app
from portal.config import rate_limit_storage_uri
from portal.extensions import db, limiter
from portal.models import RateLimitCounter
from portal.rate_limit_storage import DatabaseStorage, delete_expired

API = "/api/oruk/taxonomies"


def _instances(app, **settings):
    """Two more instances of the app on the conftest app's database, with these settings; tidied afterwards."""
    made: list[Flask] = []
    for _ in range(2):
        config = {key: app.config[key] for key in app.config if key.isupper()}
        config.update(RATELIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute", **settings)
        made.append(create_app(config))
    yield made
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()
    limiter.init_app(app)  # back to the conftest app's storage for whatever runs next in this process


@pytest.fixture
def instances(app):
    """Two instances counting in the database."""
    yield from _instances(app, RATELIMIT_STORAGE_URI="database://")


@pytest.fixture
def redis_instances(app, redis_url):
    """Two instances counting in a real (throwaway) Redis server, configured as a deployment would: REDIS_URL.
    Limits' keys carry the test's own prefix, so runs sharing a server never see each other's counts."""
    yield from _instances(app, RATELIMIT_STORAGE_URI=rate_limit_storage_uri({"REDIS_URL": redis_url}),
                          RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}")


def test_the_storage_is_chosen_from_the_environment():
    assert rate_limit_storage_uri({}) == "memory://"
    assert rate_limit_storage_uri({"REDIS_URL": "redis://cache:6379/0"}) == "redis://cache:6379/0"
    assert rate_limit_storage_uri({"REDIS_URL": "redis://cache:6379/0",
                                   "RATELIMIT_STORAGE_URI": "database://"}) == "database://"


def test_the_database_scheme_is_registered():
    assert isinstance(storage_from_string("database://"), DatabaseStorage)


def test_two_instances_count_against_one_limit(instances):
    first, second = (instance.test_client() for instance in instances)
    assert [first.get(API).status_code, second.get(API).status_code, first.get(API).status_code] == [200] * 3
    refused = second.get(API)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert first.get(API).status_code == 429
    # Another address has its own counter.
    assert second.get(API, environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code == 200
    with instances[0].app_context():
        counts = dict(db.session.execute(select(RateLimitCounter.key, RateLimitCounter.count)).all())
    assert sorted(counts.values()) == [1, 5]  # every hit was counted, the refused ones too (fixed window)


def test_redis_url_puts_the_counters_in_redis_and_two_instances_count_against_one_limit(redis_instances, redis_url):
    assert redis_instances[0].config["RATELIMIT_STORAGE_URI"] == redis_url
    first, second = (instance.test_client() for instance in redis_instances)
    assert [first.get(API).status_code, second.get(API).status_code, first.get(API).status_code] == [200] * 3
    refused = second.get(API)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert second.get(API, environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code == 200
    # The counts are in Redis, not in the database.
    client = redis.Redis.from_url(redis_url)
    prefix = redis_instances[0].config["RATELIMIT_KEY_PREFIX"]
    counts = {key.decode().split("/")[2]: int(client.get(key)) for key in client.scan_iter(f"LIMITS:LIMITER/{prefix}/*")}
    assert counts == {"127.0.0.1": 4, "198.51.100.7": 1}  # every hit counted, the refused one too
    client.close()
    with redis_instances[0].app_context():
        assert db.session.scalar(select(func.count()).select_from(RateLimitCounter)) == 0


def test_a_counter_counts_its_window_then_starts_again(app):
    storage = DatabaseStorage()
    assert storage.incr("k", 60) == 1
    assert storage.incr("k", 60, amount=2) == 3
    assert storage.get("k") == 3
    assert time.time() < storage.get_expiry("k") <= time.time() + 60
    assert storage.get("other") == 0 and storage.get_expiry("other") == pytest.approx(time.time(), abs=5)
    # A window that has ended counts for nothing, and the next hit starts a new one.
    assert storage.incr("short", 0) == 1
    assert storage.get("short") == 0
    assert storage.incr("short", 60) == 1
    storage.clear("k")
    assert storage.get("k") == 0
    assert storage.check() is True
    assert storage.reset() == 1


def test_increments_from_many_threads_and_two_instances_are_never_lost(instances):
    storage = DatabaseStorage()
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def hit(instance: Flask):
        try:
            with instance.app_context():
                start.wait()
                for _ in range(20):
                    storage.incr("shared", 60)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=hit, args=(instances[i % 2],)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with instances[1].app_context():
        assert storage.get("shared") == 120


def test_housekeeping_deletes_ended_counters(app, runner):
    storage = DatabaseStorage()
    storage.incr("ended", 0)
    storage.incr("current", 3600)
    assert delete_expired(time.time() + 1) == 1
    assert db.session.scalar(select(func.count()).select_from(RateLimitCounter)) == 1
    result = runner.invoke(args=["housekeeping"], catch_exceptions=False)
    assert result.exit_code == 0
    assert db.session.scalar(select(RateLimitCounter.key)) == "current"


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_one_statement_on_either_database(dialect):
    """The PostgreSQL test run executes it for real; here, both compile to one INSERT … ON CONFLICT … RETURNING."""
    from sqlalchemy.dialects import postgresql, sqlite

    from portal.rate_limit_storage import increment_statement
    stmt = increment_statement(dialect, "k", 60, 1, time.time())
    sql = str(stmt.compile(dialect={"sqlite": sqlite, "postgresql": postgresql}[dialect].dialect()))
    assert sql.startswith("INSERT INTO rate_limit_counters")
    upsert = r'ON CONFLICT \("?key"?\) DO UPDATE SET count = CASE .* RETURNING (rate_limit_counters\.)?count$'
    assert re.search(upsert, sql)
