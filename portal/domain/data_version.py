"""The data version: a number that every committed change to what the public can see
moves on, kept in the database (the `counter` row "data_version") and bumped inside the
very transaction that makes the change.

Because the bump commits with the change, anyone who can see the change also sees the
new number, and anyone who sees the old number can only have read data from before it:
a page cached under a version is never served after a change to it is committed
(portal/web/page_cache.py). Changes only to tables the public pages never read (staff
sessions, the security log, the outbox, drafts, data requests) leave it alone.
"""

from __future__ import annotations

import os
import queue
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from portal.models import Counter

NAME = "data_version"
_CHANGED = "portal.public_data_changed"
# Tables no public page reads: a change to them alone does not move the version.
PRIVATE_TABLES = frozenset(
    {
        "staff_session",
        "security_event",
        "security_settings",
        "recovery_code",
        "outbox_message",
        "question_draft",
        "data_request",
        "counter",
    }
)


def current(session: Session) -> int:
    """The version as this transaction sees it (0 before the first change)."""
    value = session.execute(sa.select(Counter.value).where(Counter.name == NAME)).scalar_one_or_none()
    return value or 0


class Unreadable(Exception):
    """The latest version could not be read (the database did not answer)."""


class LatestReader:
    """The latest committed version in one round trip, as cheaply as the database allows:
    a few connections of its own in autocommit (no BEGIN, no ROLLBACK, no ping), each
    used by one thread at a time, and the one statement sent as the driver has it
    (PostgreSQL prepares it after a few uses). Through SQLAlchemy's engine the same read
    cost five times the Python time, a quarter of a kept page's whole cost (issue 18).

    Reading it before the page's own data is what makes a kept page safe: the page is
    then at least as new as the version it is kept under. A connection that fails is
    thrown away and the read tried once more on a new one; if that fails too the caller
    gets `Unreadable`. Connections made in another process (before gunicorn forked) are
    never used: they are forgotten, not closed, so the other process keeps its own."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = sa.create_engine(engine.url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        self._error = self._engine.dialect.loaded_dbapi.Error
        statement = sa.select(Counter.value).where(Counter.name == NAME)
        self._sql = str(statement.compile(self._engine, compile_kwargs={"literal_binds": True}))
        self._idle: queue.SimpleQueue[tuple[Any, Any]] = queue.SimpleQueue()
        self._pid = os.getpid()

    def _connection(self) -> tuple[Any, Any]:
        if os.getpid() != self._pid:
            self._idle, self._pid = queue.SimpleQueue(), os.getpid()
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            try:
                connection = self._engine.raw_connection()
            except sa.exc.DBAPIError as error:
                raise Unreadable(error.__class__.__name__) from error
            return connection, connection.cursor()

    def __call__(self) -> int:
        for attempt in (1, 2):
            connection, cursor = self._connection()
            try:
                cursor.execute(self._sql)
                row = cursor.fetchone()
            except self._error as error:
                # A connection the database dropped: try once more on a fresh one.
                connection.invalidate()
                if attempt == 2:
                    raise Unreadable(error.__class__.__name__) from error
                continue
            self._idle.put((connection, cursor))
            return (row[0] if row else None) or 0
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Close this process's idle connections."""
        while True:
            try:
                connection, _ = self._idle.get_nowait()
            except queue.Empty:
                return
            connection.close()


def _bump(session: Session) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(Counter).values(name=NAME, value=1)
    statement = statement.on_conflict_do_update(
        index_elements=[Counter.name], set_={"value": Counter.value + 1}
    )
    session.execute(statement)


def _touches_public_data(tables: set[str]) -> bool:
    return bool(tables - PRIVATE_TABLES)


@event.listens_for(Session, "after_flush")
def _note_flushed_changes(session: Session, flush_context: object) -> None:
    tables = {
        table.name
        for instance in (*session.new, *session.dirty, *session.deleted)
        for table in sa.inspect(instance).mapper.tables
    }
    if _touches_public_data(tables):
        session.info[_CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_changes(state) -> None:  # noqa: ANN001
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table is not None and _touches_public_data({table.name}):
        state.session.info[_CHANGED] = True


@event.listens_for(Session, "before_commit")
def _bump_with_the_change(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()
    if session.info.pop(_CHANGED, False):
        _bump(session)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_CHANGED, None)
