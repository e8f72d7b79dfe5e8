"""`flask backup create` and `flask backup restore`: a round trip keeps every record of every table.

On the tests' engine: SQLite's online backup, or pg_dump/pg_restore when TEST_DATABASE=postgresql.
"""
from sqlalchemy import create_engine, select, text

from directory.search import SearchQuery, search
from feedback import services as feedback_services
from portal.extensions import db
from portal.models import AuditEntry


def on_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def every_row() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order, as plain tuples."""
    rows = {}
    for table in db.metadata.sorted_tables:
        result = db.session.execute(select(table)).all()
        rows[table.name] = sorted((tuple(map(repr, row)) for row in result))
    return rows


def test_a_round_trip_keeps_every_record(app, runner, make_service, make_user, tmp_path):
    kept = make_service("Riverside Sensory Swimming", summary="Quiet swimming sessions for autistic children")
    make_service("Hackney Holiday Club")
    parent = make_user("parent@example.org", roles=["forum_member"])
    feedback_services.raise_item(parent, title="No short breaks for over-11s", body="Nothing listed.",
                                 would_help="", theme="short-breaks", service_id=None, may_be_public=True)
    db.session.add(AuditEntry(action="test.entry", record_type="test", record_id="1", after={"a": 1}))
    db.session.commit()
    before = every_row()
    assert sum(len(rows) for rows in before.values()) > 10

    backup = tmp_path / f"backup.{'sqlite' if on_sqlite() else 'dump'}"
    result = runner.invoke(args=["backup", "create", str(backup)])
    assert result.exit_code == 0, result.output
    assert backup.stat().st_size > 0

    # Things change after the backup: a listing is deleted, another added, an account renamed.
    db.session.delete(kept)
    make_service("Added after the backup")
    parent.name = "Someone else"
    db.session.commit()
    assert every_row() != before

    result = runner.invoke(args=["backup", "restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert every_row() == before
    # The search index was rebuilt from the restored database.
    assert kept.id in [hit.service_id for hit in search(SearchQuery(text="sensory swimming")).hits]
    assert not search(SearchQuery(text="added after the backup")).hits


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(app, runner, make_service, tmp_path):
    make_service("Riverside Sensory Swimming")
    before = every_row()
    bogus = tmp_path / "not-a-backup.sqlite"
    bogus.write_bytes(b"this is not a database" * 100)
    result = runner.invoke(args=["backup", "restore", str(bogus), "--yes"])
    assert result.exit_code != 0
    assert ("not a SQLite database" if on_sqlite() else "not a PostgreSQL backup") in result.output
    db.session.remove()
    assert every_row() == before


def test_another_database_of_the_same_kind_is_refused(app, runner, tmp_path, new_database_url):
    if on_sqlite():
        import sqlite3

        other = tmp_path / "other.sqlite"
        with sqlite3.connect(other) as connection:
            connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    else:  # pg_dump's archive of another PostgreSQL database
        from portal.backup import _run_pg
        from sqlalchemy.engine import make_url

        url = make_url(new_database_url("other", empty=True))
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))
        engine.dispose()
        other = tmp_path / "other.dump"
        _run_pg("pg_dump", "--format=custom", f"--file={other}", url)
    result = runner.invoke(args=["backup", "restore", str(other), "--yes"])
    assert result.exit_code != 0
    assert "not a backup of this portal" in result.output
    assert db.session.execute(text("SELECT count(*) FROM services")).scalar() == 0  # the live database is untouched


def test_a_missing_file_is_a_clear_error(app, runner, tmp_path):
    result = runner.invoke(args=["backup", "restore", str(tmp_path / "nowhere.sqlite"), "--yes"])
    assert result.exit_code != 0
    assert "There is no backup file" in result.output


def test_backups_go_to_the_instance_folder_by_default(app, runner):
    result = runner.invoke(args=["backup", "create"])
    assert result.exit_code == 0, result.output
    assert "/backups/portal-" in result.output
