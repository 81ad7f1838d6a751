"""The Flask extensions, created unbound here and bound in create_app()."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import current_app, has_request_context, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)

# Named constraints, so migrations can alter them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class _Database(SQLAlchemy):
    """Flask-SQLAlchemy, except that ending a request never fails it. The session is closed
    after the response is built; if the database went away meanwhile, rolling back on the
    dead connection raised from there and the reader got a blank 500 instead of the page
    already made. Nothing is lost by not raising: whatever was not committed is gone with
    the connection, and the pool replaces it."""

    def _teardown_session(self, exc: BaseException | None) -> None:
        try:
            self.session.remove()
        except SQLAlchemyError as error:
            log.warning("The database connection was lost as a request ended: %s", error.__class__.__name__)
            self.session.registry.clear()


db = _Database(metadata=MetaData(naming_convention=NAMING_CONVENTION))
migrate = Migrate(compare_type=True, render_as_batch=True)
csrf = CSRFProtect()
login_manager = LoginManager()
talisman = Talisman()


def _client_address() -> str:
    # Behind the shipped nginx, ProxyFix has already put the client's address here.
    return get_remote_address() or request.remote_addr or "unknown"


# How long a SQLite writer waits for the one before it (milliseconds). Longer than any
# write the portal makes; shorter than gunicorn's timeout, so a stuck lock shows as a 503.
SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "20000"))

limiter = Limiter(key_func=_client_address, default_limits=[], headers_enabled=True)


# Methods that never change data; a view that does on a GET is marked `writes_on_get`.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# What a transaction begun here intends, when something says so (see `transaction_intent`).
_write_intent: ContextVar[bool | None] = ContextVar("write_intent", default=None)


@contextmanager
def transaction_intent(writes: bool) -> Iterator[None]:
    """Transactions begun inside this block write (`True`) or only read (`False`).

    On SQLite a writing transaction takes the database's write lock as it begins and
    waits its turn for it (docs/decisions/0110); a reading one never waits and never
    blocks a writer. Long reads outside a request (building the search index) say so,
    and a page read that must record something starts a writing transaction for it.
    PostgreSQL is unaffected.
    """
    token = _write_intent.set(writes)
    try:
        yield
    finally:
        _write_intent.reset(token)


def transaction_writes() -> bool:
    """Whether a transaction beginning now may write: said by `transaction_intent`, else
    by the request (any method but GET, HEAD and OPTIONS, or a view marked as writing on
    a GET); outside a request (CLI commands, the outbox worker) it may."""
    said = _write_intent.get()
    if said is not None:
        return said
    if not has_request_context():
        return True
    if request.method not in SAFE_METHODS:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "writes_on_get", False))


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:  # noqa: ANN001
    """SQLite: enforce foreign keys, wait for locks instead of failing, and use WAL."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin, so
    # SAVEPOINTs and rollbacks behave as they do on PostgreSQL.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    # WAL is safe with NORMAL: a power cut may lose the last commits, never corrupt the file.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection) -> None:  # noqa: ANN001
    """A transaction that may write takes SQLite's write lock at once (BEGIN IMMEDIATE),
    waiting up to the busy timeout for it. A plain BEGIN would read first and then fail
    at once with "database is locked" on its first write if another writer got there
    first: SQLite cannot upgrade a reading transaction while waiting."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if transaction_writes() else "BEGIN")
