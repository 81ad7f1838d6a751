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


class LatestReader:
    """The latest committed version in one round trip: its own small pool of connections
    in autocommit (no BEGIN, no ROLLBACK, no ping), for a cache lookup that happens before
    the request touches anything else. Reading it before the page's own data is what makes
    a kept page safe: the page is then at least as new as the version it is kept under."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = sa.create_engine(
            engine.url, isolation_level="AUTOCOMMIT", pool_size=2, max_overflow=8, pool_pre_ping=False
        )
        self._query = sa.select(Counter.value).where(Counter.name == NAME)

    def __call__(self) -> int:
        for attempt in (1, 2):
            try:
                with self._engine.connect() as connection:
                    return connection.execute(self._query).scalar_one_or_none() or 0
            except sa.exc.DBAPIError as error:
                # A connection the database dropped: try once more on a fresh one.
                if attempt == 2 or not error.connection_invalidated:
                    raise
        raise AssertionError("unreachable")


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
