"""Migrations build, from an empty database, exactly the schema the models describe."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect

from portal import create_app
from portal.extensions import db


def test_upgrade_from_empty_matches_the_models(tmp_path, new_database_url):
    url = new_database_url("migrated", empty=True)  # SQLite or PostgreSQL, as TEST_DATABASE says
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": str(tmp_path / "index"),
                      "SECRET_KEY": "test"})
    engine = create_engine(url)
    with app.app_context():
        try:
            upgrade()
            with engine.connect() as connection:
                diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
            assert diff == [], f"models and migrations differ: {diff}"
            assert "services" in inspect(engine).get_table_names()
            downgrade(revision="base")
            engine.dispose()
            assert "services" not in inspect(engine).get_table_names()
        finally:
            engine.dispose()  # no connection may outlive the test (PostgreSQL: its database is dropped)
            db.engine.dispose()
