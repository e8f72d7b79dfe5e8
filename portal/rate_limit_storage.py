"""Rate-limit counters in the app's own database, so that every process (gunicorn worker) and machine serving
the site counts against one limit: `RATELIMIT_STORAGE_URI = "database://"`.

A `limits` storage (registered for the "database" scheme by defining the class: limits' StorageRegistry
metaclass does it), for flask-limiter's default fixed-window strategy. Each hit is one atomic statement,
    INSERT … ON CONFLICT (key) DO UPDATE SET count = … RETURNING count
on SQLite (3.35+) and PostgreSQL alike, in its own short transaction on its own connection, so it never waits
for, or is undone with, the request's own work.

The storage holds no state: it uses the database of the app handling the current request (flask-limiter
keeps one storage per Limiter, and this project has one Limiter for every app it creates). Expired rows are
overwritten by the next hit on the same key and deleted by `flask housekeeping` (delete_expired).
"""
from __future__ import annotations

import time

from limits.storage import Storage
from sqlalchemy import case, delete, select
from sqlalchemy.exc import SQLAlchemyError

SCHEME = "database"


def _engine():
    from .extensions import db
    return db.engine  # the current app's


def _table():
    from .models import RateLimitCounter
    return RateLimitCounter.__table__


def _upsert(dialect_name: str):
    if dialect_name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect_name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the portal runs on SQLite and PostgreSQL only
        raise ValueError(f"database:// rate limits need SQLite or PostgreSQL, not {dialect_name}")
    return insert


def increment_statement(dialect_name: str, key: str, expiry: float, amount: int, now: float):
    """One atomic statement: start the key's window (or a new one, if its window has ended) or add to it."""
    table = _table()
    stmt = _upsert(dialect_name)(table).values(key=key, count=amount, expires_at=now + expiry)
    window_over = table.c.expires_at <= now
    return stmt.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "count": case((window_over, stmt.excluded.count), else_=table.c.count + stmt.excluded.count),
            "expires_at": case((window_over, stmt.excluded.expires_at), else_=table.c.expires_at),
        },
    ).returning(table.c.count)


class DatabaseStorage(Storage):
    """Fixed-window counters in the `rate_limit_counters` table (portal.models.RateLimitCounter)."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add `amount` to the key's counter (a new window when it has none or it ended); the new count."""
        engine = _engine()
        stmt = increment_statement(engine.dialect.name, key, expiry, amount, time.time())
        with engine.begin() as connection:
            return int(connection.execute(stmt).scalar_one())

    def get(self, key: str) -> int:
        table = _table()
        with _engine().connect() as connection:
            count = connection.execute(select(table.c.count).where(
                table.c.key == key, table.c.expires_at > time.time())).scalar()
        return int(count or 0)

    def get_expiry(self, key: str) -> float:
        table = _table()
        now = time.time()
        with _engine().connect() as connection:
            expires_at = connection.execute(select(table.c.expires_at).where(
                table.c.key == key, table.c.expires_at > now)).scalar()
        return float(expires_at) if expires_at is not None else now

    def check(self) -> bool:
        try:
            with _engine().connect() as connection:
                connection.execute(select(_table().c.key).limit(1))
            return True
        except Exception:
            return False

    def reset(self) -> int | None:
        with _engine().begin() as connection:
            return connection.execute(delete(_table())).rowcount

    def clear(self, key: str) -> None:
        table = _table()
        with _engine().begin() as connection:
            connection.execute(delete(table).where(table.c.key == key))


def delete_expired(now: float | None = None) -> int:
    """Delete counters whose window has ended (`flask housekeeping`); how many."""
    table = _table()
    with _engine().begin() as connection:
        return connection.execute(delete(table).where(table.c.expires_at <= (now or time.time()))).rowcount
