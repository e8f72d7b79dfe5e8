"""Backups of the database: `flask backup create` and `flask backup restore FILE`.

SQLite uses its online backup API, so a backup taken while the site serves is consistent. PostgreSQL
uses pg_dump/pg_restore (custom format). The search index is not backed up: it is derived from the
database and rebuilt after a restore.
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from datetime import datetime, timezone

from flask import current_app
from sqlalchemy.engine import make_url

from .extensions import db


class BackupError(RuntimeError):
    """A backup or restore that could not be done; the message says why."""


def _database_url():
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def default_backup_path() -> str:
    """instance/backups/portal-<UTC time>.<sqlite|dump>."""
    url = _database_url()
    folder = os.path.join(current_app.instance_path, "backups")
    os.makedirs(folder, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return os.path.join(folder, f"portal-{stamp}.{'sqlite' if url.get_backend_name() == 'sqlite' else 'dump'}")


def _sqlite_file() -> str:
    path = _database_url().database
    if not path or path == ":memory:":
        raise BackupError("The database is in memory: there is nothing on disk to back up.")
    return path


def create_backup(path: str | None = None) -> str:
    """Copy the whole database to PATH (or a new file in instance/backups) and return where it went."""
    path = path or default_backup_path()
    url = _database_url()
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(_sqlite_file())
        target = sqlite3.connect(path)
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
    elif url.get_backend_name() == "postgresql":
        _run_pg("pg_dump", "--format=custom", "--no-owner", f"--file={path}", url)
    else:
        raise BackupError(f"Backups of {url.get_backend_name()} databases are not supported.")
    return path


def restore_backup(path: str) -> None:
    """Replace the database's contents with the backup at PATH, then rebuild the search index."""
    if not os.path.isfile(path):
        raise BackupError(f"There is no backup file at {path}.")
    url = _database_url()
    db.session.remove()
    db.engine.dispose()  # no connection may hold the old database open while it is replaced
    if url.get_backend_name() == "sqlite":
        _check_sqlite_backup(path)
        source = sqlite3.connect(path)
        target = sqlite3.connect(_sqlite_file())
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
    elif url.get_backend_name() == "postgresql":
        _check_pg_backup(path)
        _run_pg("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", url, path)
    else:
        raise BackupError(f"Restoring {url.get_backend_name()} databases is not supported.")
    from directory.search import reindex
    reindex()


def _check_sqlite_backup(path: str) -> None:
    """Refuse a file that is not a sound SQLite database of this portal before touching the live one."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is damaged (SQLite's integrity check failed).")
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database ({error}).") from None
    if not {"services", "users", "organisations"} <= tables:
        raise BackupError(f"{path} is not a backup of this portal's database.")


def _check_pg_backup(path: str) -> None:
    """Refuse a file that is not pg_dump's archive of this portal's database before touching the live one."""
    try:
        listing = _run_pg("pg_restore", "--list", path)
    except BackupError as error:
        if "not installed" in str(error):
            raise
        raise BackupError(f"{path} is not a PostgreSQL backup (pg_dump's custom format): {error}") from None
    tables = set(re.findall(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", listing, re.MULTILINE))
    if not {"services", "users", "organisations"} <= tables:
        raise BackupError(f"{path} is not a backup of this portal's database.")


def _run_pg(program: str, *args) -> str:
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not installed (Debian: apt-get install postgresql-client).")
    command = [program]
    env = dict(os.environ)
    for arg in args:
        if hasattr(arg, "get_backend_name"):
            if arg.password:
                env["PGPASSWORD"] = arg.password
            command.append(f"--dbname={arg.set(drivername='postgresql', password=None).render_as_string(hide_password=False)}")
        else:
            command.append(arg)
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # nosec B603  # fixed programs, no shell
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")
    return result.stdout
