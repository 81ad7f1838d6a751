"""Fixtures: the app, a transaction rolled back after every test, role-named clients.

Tests run on SQLite by default. With TEST_DATABASE_URL set to a PostgreSQL URL (as
`make test TEST_POSTGRES=required` does), the same tests run there.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask, g
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSQLAlchemySession

from portal import create_app
from portal.domain.archive.search import create_search_structures
from portal.domain.people import throttle
from portal.extensions import db, limiter, transaction_intent
from tests import factories

_TMP = Path(tempfile.mkdtemp(prefix="portal-tests-"))


def database_url() -> str:
    """SQLite in a temporary folder, or TEST_DATABASE_URL. Under pytest-xdist each worker
    gets a PostgreSQL database of its own (portal_test_gw0, ...), created on first use."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{_TMP / 'unit.sqlite3'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker and url.startswith("postgresql"):
        from sqlalchemy.engine import make_url

        from tests.pg_create_database import main as create_database

        parsed = make_url(url)
        url = parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)
        create_database(url)
    return url


def is_postgres() -> bool:
    return database_url().startswith("postgresql")


# For a test whose processes never open the test database (they start on a SQLite file
# of their own, or read only settings): the PostgreSQL leg would run it again unchanged.
not_about_the_database = pytest.mark.skipif(
    os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="opens no test database: the SQLite leg runs it",
)


def redis_url(number: int) -> str:
    """A Redis database of the tests' own. TEST_REDIS_DB_SHIFT moves every number by the
    same amount, so two runs at once (the SQLite and PostgreSQL legs of `make test`)
    never count, cache or reset in each other's database."""
    shift = int(os.environ.get("TEST_REDIS_DB_SHIFT", "0"))
    host = os.environ.get("TEST_REDIS_HOST", "redis://127.0.0.1:6379")
    return f"{host}/{number + shift}"


@pytest.fixture(scope="session")
def app() -> Iterator[Flask]:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url(),
            "PUBLICATION_DIR": str(_TMP / "publications"),
        },
        env="test",
    )
    # Tests hold one app context open, which requests then share; give each request
    # a clean `g`, as it would have in production (the signed-in user is cached there).
    app.before_request_funcs.setdefault(None, []).insert(0, lambda: g.__dict__.clear())
    with app.app_context():
        db.drop_all()
        db.create_all()  # tests only: the migrations test checks the migrations match
        create_search_structures(db.engine)
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


class _SessionOnTestConnection(FlaskSQLAlchemySession):
    """Flask-SQLAlchemy's session chooses an engine per table and ignores the `bind` it
    was given, so requests would commit on a connection of their own. In tests every
    query must use the one connection whose transaction is rolled back."""

    def get_bind(self, *args: object, **kwargs: object) -> object:
        if self._db.engines.get(None) is self.bind.engine:
            return self.bind
        return super().get_bind(*args, **kwargs)  # another app (the migrations test) has its own


@pytest.fixture(autouse=True)
def db_session(app: Flask, request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test runs in one outer transaction that is rolled back at the end.

    Commits inside the app (the request boundary, CLI commands) release savepoints
    only, so nothing a test does is ever seen by the next one.

    A test that runs SQL must be marked `database` (every integration test is), because
    the PostgreSQL leg runs only those: an unmarked one that does fails here.
    """
    connection = db.engine.connect()
    # A plain BEGIN: the test takes SQLite's write lock only when it first writes, so
    # another app on the same file (the rate-limit tests) can still read and write.
    with transaction_intent(writes=False):
        transaction = connection.begin()
    original = db.session
    db.session = db._make_scoped_session(
        {"bind": connection, "join_transaction_mode": "create_savepoint", "class_": _SessionOnTestConnection}
    )
    if app.config["RATELIMIT_ENABLED"]:
        limiter.reset()
    throttle.reset_all()
    statements = []
    sa.event.listen(connection, "before_cursor_execute", lambda *args: statements.append(args[2]))
    try:
        yield
        if statements and request.node.get_closest_marker("database") is None:
            pytest.fail(
                f"This test runs SQL ({statements[0][:60]!r}...) but is not marked `database`, "
                "so the PostgreSQL leg would leave it out: add `pytestmark = pytest.mark.database`",
                pytrace=False,
            )
    finally:
        # What the test's last request left in `g` (the signed-in user, the page's
        # language) goes too: the next test starts as a new request would.
        g.__dict__.clear()
        db.session.remove()
        db.session = original
        if transaction.is_active:
            transaction.rollback()
        connection.close()


def on_the_test_connection(other: Flask, app: Flask) -> Flask:
    """A second app (other settings, same database) whose requests use the test's own
    connection, so they see what the test made and roll back with it. On its own engine it
    would wait, on SQLite, for the write lock the test's transaction holds."""
    db._app_engines[other][None].dispose()
    db._app_engines[other][None] = db._app_engines[app][None]
    return other


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def _signed_in_client(app: Flask, user: object) -> FlaskClient:
    """A client signed in through the real pages: the password, then (for accounts with
    an authenticator app) the code from it."""
    client = app.test_client()
    response = client.post(
        "/staff/sign-in", data={"email": user.email, "password": factories.PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 302, "the factory user could not sign in"
    if response.headers["Location"] == "/staff/sign-in/code":
        response = client.post("/staff/sign-in/code", data={"code": factories.totp_code(user)})
        assert response.status_code == 302, "the factory user's authenticator code was refused"
    assert response.headers["Location"] not in ("/staff/sign-in/code", "/staff/sign-in/set-up-authenticator")
    return client


@pytest.fixture
def admin(app: Flask):
    return factories.make_user(
        roles={"admin"}, email="admin@example.gov.uk", first_name="Ada", last_name="Admin"
    )


@pytest.fixture
def clerk(app: Flask):
    return factories.make_user(
        roles={"clerk"}, email="clerk@example.gov.uk", first_name="Cara", last_name="Clerk"
    )


@pytest.fixture
def officer(app: Flask):
    return factories.make_user(
        roles={"officer"}, email="officer@example.gov.uk", first_name="Owen", last_name="Officer"
    )


@pytest.fixture
def councillor(app: Flask):
    return factories.make_user(
        roles={"councillor"},
        email="councillor@example.gov.uk",
        first_name="Carole",
        last_name="Gandy",
        ward="Mortimer",
    )


@pytest.fixture
def admin_client(app: Flask, admin) -> FlaskClient:
    return _signed_in_client(app, admin)


@pytest.fixture
def clerk_client(app: Flask, clerk) -> FlaskClient:
    return _signed_in_client(app, clerk)


@pytest.fixture
def officer_client(app: Flask, officer) -> FlaskClient:
    return _signed_in_client(app, officer)


@pytest.fixture
def councillor_client(app: Flask, councillor) -> FlaskClient:
    return _signed_in_client(app, councillor)


@pytest.fixture
def signed_in_as(app: Flask):
    """signed_in_as(user) -> a client signed in as that user."""
    return lambda user: _signed_in_client(app, user)


class _KeepXdistGroups:
    """`--dist loadgroup` sends the tests of one `xdist_group` to one worker by the group's
    name at the end of each test's id. pytest-xdist 3.8 writes that name where pytest 9
    no longer reads it, so every group was spread over the workers: the Redis page-cache
    tests then cleared each other's pages mid-test. This writes it where pytest 9 reads
    it, on each worker (the only place the option is set), after xdist's own hook."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        if not getattr(config.option, "loadgroup", False):
            return
        from _pytest.nodeid import coerce_node_id

        for item in items:
            names = sorted(
                {
                    str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                    for m in item.iter_markers("xdist_group")
                }
            )
            suffix = "@" + "_".join(names)
            if names and not item.nodeid.endswith(suffix):
                item._id = coerce_node_id(item.nodeid + suffix)  # type: ignore[attr-defined]


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(_KeepXdistGroups(), "portal-keep-xdist-groups")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that runs SQL as `database` (before `-m` chooses), and skip the
    PostgreSQL-only tests on SQLite."""
    for item in items:
        if "tests/integration/" in item.nodeid or "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.database)
    if is_postgres():
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (run with TEST_DATABASE_URL set, as CI does)")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)
