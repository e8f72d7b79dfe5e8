"""Migrations build, from an empty database, exactly the schema the models describe."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect

from portal import create_app
from portal.extensions import db


def test_upgrade_from_empty_matches_the_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": str(tmp_path / "index"),
                      "SECRET_KEY": "test"})
    with app.app_context():
        upgrade()
        engine = create_engine(url)
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        assert "services" in inspect(engine).get_table_names()
        downgrade(revision="base")
        assert "services" not in inspect(create_engine(url)).get_table_names()
        engine.dispose()
        db.engine.dispose()
