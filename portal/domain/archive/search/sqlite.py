"""Search on SQLite: an FTS5 table over `archive_entry`, kept in step by triggers.

The FTS table is an "external content" table: it stores only the index, and reads
the words back from `archive_entry` when it highlights them.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from portal.domain.archive.search import index as search_index
from portal.domain.archive.search import query as core
from portal.domain.archive.search.query import (
    START,
    STOP,
    ParsedQuery,
    SearchQuery,
    Term,
    ordered_for,
)
from portal.extensions import db
from portal.models import ArchiveEntry

COLUMNS = ("question_text", "answer_text", "extra_text", "questioner")
# bm25 weights: words in the question count most, then the answer, then the rest.
WEIGHTS = (6.0, 3.0, 1.5, 1.0)
_BM25 = sa.literal_column(f"bm25(search_fts, {', '.join(str(w) for w in WEIGHTS)})")

_cols = ", ".join(COLUMNS)
_new = ", ".join(f"new.{c}" for c in COLUMNS)
_old = ", ".join(f"old.{c}" for c in COLUMNS)

CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    f"{_cols}, content='archive_entry', content_rowid='id',"
    " tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS search_fts_after_insert AFTER INSERT ON archive_entry BEGIN"  # noqa: S608 (constant column names)
    f" INSERT INTO search_fts(rowid, {_cols}) VALUES (new.id, {_new}); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_after_delete AFTER DELETE ON archive_entry BEGIN"  # noqa: S608 (constant column names)
    f" INSERT INTO search_fts(search_fts, rowid, {_cols}) VALUES ('delete', old.id, {_old}); END",
    f"CREATE TRIGGER IF NOT EXISTS search_fts_after_update AFTER UPDATE OF {_cols} ON archive_entry BEGIN"  # noqa: S608 (constant column names)
    f" INSERT INTO search_fts(search_fts, rowid, {_cols}) VALUES ('delete', old.id, {_old});"
    f" INSERT INTO search_fts(rowid, {_cols}) VALUES (new.id, {_new}); END",
)
# The change log the search index follows (portal/domain/archive/search/index.py): one row for
# every entry inserted, changed or deleted, whatever wrote it.
CHANGE_LOG = (
    "CREATE TABLE IF NOT EXISTS search_state (token VARCHAR(32) NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_log (id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL,"
    " nonce BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_log_mark (id INTEGER PRIMARY KEY, last_id BIGINT NOT NULL,"
    " marked_at BIGINT NOT NULL)",
    "CREATE TRIGGER IF NOT EXISTS search_log_after_insert AFTER INSERT ON archive_entry BEGIN"
    " INSERT INTO search_log(entry_id, nonce) VALUES (new.id, random()); END",
    "CREATE TRIGGER IF NOT EXISTS search_log_after_update AFTER UPDATE ON archive_entry BEGIN"
    " INSERT INTO search_log(entry_id, nonce) VALUES (new.id, random()); END",
    "CREATE TRIGGER IF NOT EXISTS search_log_after_delete AFTER DELETE ON archive_entry BEGIN"
    " INSERT INTO search_log(entry_id, nonce) VALUES (old.id, random()); END",
)
DROP = (
    "DROP TRIGGER IF EXISTS search_log_after_insert",
    "DROP TRIGGER IF EXISTS search_log_after_update",
    "DROP TRIGGER IF EXISTS search_log_after_delete",
    "DROP TABLE IF EXISTS search_log",
    "DROP TABLE IF EXISTS search_log_mark",
    "DROP TABLE IF EXISTS search_state",
    "DROP TRIGGER IF EXISTS search_fts_after_insert",
    "DROP TRIGGER IF EXISTS search_fts_after_delete",
    "DROP TRIGGER IF EXISTS search_fts_after_update",
    "DROP TABLE IF EXISTS search_fts",
)

FTS = sa.table("search_fts", sa.column("rowid", sa.Integer))
_fts = sa.literal_column("search_fts")


def _run(bind: Any, statements: tuple[str, ...]) -> None:
    for statement in statements:
        if isinstance(bind, sa.engine.Engine):
            with bind.begin() as connection:
                connection.exec_driver_sql(statement)
        else:
            bind.exec_driver_sql(statement)


def create(bind: Any) -> None:
    _run(bind, (*CREATE, *CHANGE_LOG, *search_index.token_statements(replace=False)))
    _run(bind, ("INSERT INTO search_fts(search_fts) VALUES ('rebuild')",))


def create_change_log(bind: Any) -> None:
    _run(bind, (*CHANGE_LOG, *search_index.token_statements(replace=False)))


def drop(bind: Any) -> None:
    _run(bind, DROP)


def rebuild(bind: Any) -> None:
    _run(
        bind,
        (
            "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
            "INSERT INTO search_fts(search_fts) VALUES ('optimize')",
            *search_index.token_statements(replace=True),
        ),
    )


def _term(term: Term) -> str:
    # Words are \w+ only, so they never contain a double quote.
    return '"' + " ".join(term.words) + '"'


def fts_expression(parsed: ParsedQuery) -> str:
    groups = []
    for group in parsed.groups:
        alternatives = [_term(t) for t in group]
        groups.append(alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")")
    expression = " AND ".join(groups)
    for term in parsed.excluded:
        expression = f"({expression}) NOT {_term(term)}"
    return expression


def search(parsed: ParsedQuery, query: SearchQuery, base: sa.Select) -> tuple[int, list[tuple]]:
    """Count (to CANDIDATES + 1), then rank only the newest CANDIDATES matches.

    FTS5 walks its matches in rowid order and stops early, so finding the rowid of the
    CANDIDATES-th newest match is cheap; the page is then ranked among rowids at or
    above it. Entries are filed as they are published, so rowid order is publication
    order."""
    match = _fts.op("MATCH")(fts_expression(parsed))
    matched = base.join(FTS, FTS.c.rowid == ArchiveEntry.id).where(match)
    # Without filters the FTS index alone answers; either way one walk down the newest
    # (oldest) CANDIDATES + 1 rowids gives both the count and the edge of the candidates.
    counted = matched if query.has_filters else sa.select(FTS.c.rowid).select_from(FTS).where(match)
    oldest_first = query.sort == "oldest"
    newest = list(
        db.session.scalars(
            counted.with_only_columns(FTS.c.rowid, maintain_column_froms=True)
            .order_by(FTS.c.rowid if oldest_first else FTS.c.rowid.desc())
            .limit(core.CANDIDATES + 1)
        )
    )
    total = len(newest)
    if total == 0:
        return 0, []
    if total > core.CANDIDATES:
        edge = newest[core.CANDIDATES - 1]
        within = FTS.c.rowid <= edge if oldest_first else FTS.c.rowid >= edge
        counted, matched = counted.where(within), matched.where(within)
    # First the page's rowids, from the indexes alone (no wide rows read)...
    if query.sort == "relevance":
        ranked = counted.with_only_columns(FTS.c.rowid, maintain_column_froms=True).order_by(
            _BM25, FTS.c.rowid.desc()
        )
    else:
        ranked = ordered_for(matched.with_only_columns(FTS.c.rowid, maintain_column_froms=True), query.sort)
    ids = list(db.session.scalars(ranked.limit(query.per_page).offset((query.page - 1) * query.per_page)))
    if not ids:
        return total, []
    # ...then those entries, with their matches marked.
    stmt = (
        sa.select(
            ArchiveEntry,
            sa.func.highlight(_fts, 0, START, STOP),
            sa.func.snippet(_fts, 1, START, STOP, "…", 40),
            sa.func.snippet(_fts, 2, START, STOP, "…", 30),
        )
        .join(FTS, FTS.c.rowid == ArchiveEntry.id)
        .join(ArchiveEntry.committee)
        .options(contains_eager(ArchiveEntry.committee))
        .where(match, FTS.c.rowid.in_(ids))
    )
    by_id = {row[0].id: tuple(row) for row in db.session.execute(stmt)}
    return total, [by_id[i] for i in ids if i in by_id]
