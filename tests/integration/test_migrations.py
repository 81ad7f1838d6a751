"""The migrations build the schema from nothing, and match the models exactly."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.extensions import db
from tests.conftest import _TMP, is_postgres


@pytest.fixture
def empty_database_url():
    if is_postgres():
        from tests.conftest import database_url

        base = sa.engine.make_url(database_url())
        name = f"{base.database}_migrations"
        admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield base.set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        path = _TMP / "migrations.sqlite3"
        path.unlink(missing_ok=True)
        yield f"sqlite:///{path}"


def _not_search_structure(name, type_, parent_names):
    # The search's FTS5 table, tsvector column and index are built per database by hand
    # (portal/domain/archive/search/__init__.py); migrations/env.py leaves them out of comparisons too.
    return not (name or "").startswith("search_")


def test_upgrade_from_empty_matches_the_models_and_downgrades_cleanly(empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url}, env="test")
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": _not_search_structure}
            )
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"Models and migrations differ; add a migration: {differences}"

        # Through this app's engine: the test session is bound to the main test database.
        with db.engine.connect() as connection:
            grounds = connection.execute(sa.text("SELECT count(*) FROM rejection_ground")).scalar_one()
        assert grounds == 9, "the standard rejection grounds are seeded"

        downgrade(revision="base")
        with db.engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names()) - {"alembic_version"}
        assert tables == set()
        db.engine.dispose()
