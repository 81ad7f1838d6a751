"""The Flask extensions, created unbound here and bound in create_app()."""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import Flask, current_app, g, has_app_context, has_request_context, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.pool import Pool

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

    def init_app(self, app: Flask) -> None:
        # Registered first, so it runs last: after the session has ended its transaction.
        app.teardown_appcontext(_end_writer_turns_of_context)
        super().init_app(app)

    def _teardown_session(self, exc: BaseException | None) -> None:
        try:
            self.session.remove()
        except SQLAlchemyError as error:
            log.warning("The database connection was lost as a request ended: %s", error.__class__.__name__)
            self.session.registry.clear()


db = _Database(metadata=MetaData(naming_convention=NAMING_CONVENTION))
csrf = CSRFProtect()
login_manager = LoginManager()


def _words(content: str | list[str]) -> str:
    return content if isinstance(content, str) else " ".join(content)


class _Talisman(Talisman):
    """Flask-Talisman, with its per-request work done once. It gathered each view's options
    four times a request and wrote the Content-Security-Policy out from its parts on every
    response; no view here has options of its own, so they are gathered once per view, and
    the policy is written once with a place for this request's nonce. The headers are the
    same, word for word."""

    def __init__(self) -> None:
        super().__init__()
        self._options_by_view: dict[str | None, dict[str, Any]] = {}
        self._policies: dict[tuple[int, tuple[str, ...]], list[tuple[str, bool]]] = {}

    def _get_local_options(self) -> dict[str, Any]:
        endpoint = request.endpoint
        options = self._options_by_view.get(endpoint)
        if options is None:
            options = self._options_by_view[endpoint] = super()._get_local_options()
        return options

    def _parse_policy(self, policy: Any) -> str:
        if isinstance(policy, str):
            return super()._parse_policy(policy)
        nonce_in = tuple(self._get_local_options()["content_security_policy_nonce_in"] or ())
        parts = self._policies.get((id(policy), nonce_in))
        if parts is None:
            parts = self._policies[(id(policy), nonce_in)] = [
                (f"{section} {_words(content)}", section in nonce_in) for section, content in policy.items()
            ]
        nonce = getattr(request, "csp_nonce", None)
        if nonce is None:
            return "; ".join(part for part, _ in parts)
        return "; ".join(f"{part} 'nonce-{nonce}'" if takes_nonce else part for part, takes_nonce in parts)


talisman = _Talisman()


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
    if connection.dialect.name != "sqlite":
        return
    if not transaction_writes():
        connection.exec_driver_sql("BEGIN")
        return
    turn = _writer_turn_path(connection.engine.url.database)
    if turn is not None:
        try:
            held = _take_writer_turn(turn, SQLITE_BUSY_TIMEOUT_MS / 1000)
        except _NoTurn:
            # Waited as long as SQLite itself would have: the same failure, at once.
            raise OperationalError(
                "BEGIN IMMEDIATE", None, sqlite3.OperationalError("database is locked (no writer's turn)")
            ) from None
        if held:
            connection.connection.info[_TURN] = held
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        _end_writer_turn(connection.connection.info)
        raise


# Writers take turns -------------------------------------------------------------------
#
# SQLite's own wait for its write lock polls, sleeping longer each time (up to 100 ms),
# and a writer arriving just as the lock is freed takes it ahead of those asleep. Under
# many writers (50 residents sending at once) some waited past the busy timeout while
# newer ones went ahead, and got the 503 page. So writers first take their turn here:
# one thread per process at a time (a lock in the process), and one process at a time
# across the processes (a file lock beside the database, which the outbox worker and
# the commands share). A turn is handed on as soon as the one before commits or rolls
# back, and no writer waits on SQLite's own polling. SQLite's lock is still taken, so
# anything outside the portal writing the file is waited for as before (decision 0211).

#
# A turn is recorded twice: on the connection (handed on when SQLAlchemy reports the
# transaction's end, or the pool takes the connection back) and in the app context that
# took it (handed on when that context ends, whatever happened to the connection meanwhile:
# a connection SQLite invalidates mid-transaction reports neither commit nor rollback).
# Each turn taken has its own token, so handing it on twice is harmless and a late report
# never hands on a turn someone else has taken since.

_TURN = "portal.writer_turn"
_CONTEXT_TURNS = "_portal_writer_turns"


class _NoTurn(Exception):
    """No writer's turn within the busy timeout."""


_turn_guard = threading.Lock()
_turn_locks: dict[tuple[int, str], threading.Lock] = {}
_turn_files: dict[tuple[int, str], int] = {}
_turns_held: dict[tuple[int, str], object] = {}  # whose turn it is: the token of the taking
TURN_POLL_SECONDS = 0.001


def _writer_turn_path(database: str | None) -> str | None:
    """The turn file of a SQLite database on disk (none for one in memory)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return f"{database}-writer"


def _take_writer_turn(path: str, timeout: float) -> tuple[str, object] | None:
    """Wait (up to `timeout` seconds, then _NoTurn) for this process's and then the
    database's turn, and return it (the file and this taking's token), to hand on with
    `_end_writer_turn`. None: no turn can be had here (the file cannot be made), go on."""
    deadline = time.monotonic() + timeout
    key = (os.getpid(), path)  # a forked worker has locks and files of its own
    with _turn_guard:
        lock = _turn_locks.setdefault(key, threading.Lock())
    if not lock.acquire(timeout=timeout):
        raise _NoTurn(path)
    try:
        with _turn_guard:
            fd = _turn_files.get(key)
            if fd is None:
                fd = _turn_files[key] = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    lock.release()
                    raise _NoTurn(path) from None
                time.sleep(TURN_POLL_SECONDS)
            else:
                break
    except OSError:
        # The turn file cannot be made (a read-only folder): SQLite's own wait still applies.
        log.warning("Could not take a writer's turn with %s", path, exc_info=True)
        lock.release()
        return None
    token = object()
    with _turn_guard:
        _turns_held[key] = token
    if has_app_context():
        # One entry per database, so a long-lived context (the e-mail worker) never grows it.
        g.setdefault(_CONTEXT_TURNS, {})[path] = token
    return path, token


@contextmanager
def sqlite_writers_turn_held(database: str) -> Iterator[None]:
    """Hold the writers' turn of a SQLite database file, for a program outside the portal
    that must write it (or take it away): the portal's writers wait meanwhile, up to the
    busy timeout. Without it such a program may wait long for a gap between writers."""
    path = _writer_turn_path(database)
    if path is None:
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _end_writer_turn(info: dict) -> None:
    """Hand on the turn a connection (its `info`) holds, if it still holds it."""
    held = info.pop(_TURN, None)
    if held is not None:
        _hand_on(*held)


def _hand_on(path: str, token: object) -> None:
    key = (os.getpid(), path)
    with _turn_guard:
        if _turns_held.get(key) is not token:
            return  # already handed on
        del _turns_held[key]
        fd = _turn_files.get(key)
    if fd is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
    _turn_locks[key].release()


def _end_writer_turns_of_context(exc: BaseException | None = None) -> None:
    """The app context (a request, a command) is over: any turn it took is handed on, even
    if its connection never reported the end of its transaction."""
    for path, token in g.pop(_CONTEXT_TURNS, {}).items():
        _hand_on(path, token)


@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def _writer_turn_over(connection) -> None:  # noqa: ANN001
    """The transaction is ending: hand the turn on. (SQLAlchemy says so just before the
    driver's commit; a writer taking the next turn meanwhile waits those milliseconds in
    SQLite's own BEGIN IMMEDIATE.)"""
    if connection.dialect.name == "sqlite" and not connection.invalidated:
        _end_writer_turn(connection.connection.info)


@event.listens_for(Pool, "reset")
def _writer_turn_reset(dbapi_connection, connection_record, reset_state) -> None:  # noqa: ANN001
    # A connection going back to the pool, or thrown away, never keeps a turn.
    _end_writer_turn(connection_record.info)


@event.listens_for(Pool, "invalidate")
def _writer_turn_invalidated(dbapi_connection, connection_record, exception) -> None:  # noqa: ANN001
    _end_writer_turn(connection_record.info)
