"""Search on PostgreSQL: a generated, weighted tsvector column with a GIN index.

`websearch_to_tsquery` reads the search box's language itself; `ts_headline` marks the
matches, run only on the page of results being shown.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSVECTOR

from portal.domain import search as core
from portal.domain.search import (
    START,
    STOP,
    ParsedQuery,
    SearchQuery,
    capped_count,
    ordered_for,
)
from portal.extensions import db
from portal.models import ArchiveEntry

CONFIG = "english"

CREATE = (
    "ALTER TABLE archive_entry ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS ("
    f" setweight(to_tsvector('{CONFIG}', coalesce(question_text, '')), 'A')"
    f" || setweight(to_tsvector('{CONFIG}', coalesce(answer_text, '')), 'B')"
    f" || setweight(to_tsvector('{CONFIG}', coalesce(extra_text, '')), 'C')"
    " || setweight(to_tsvector('simple', coalesce(questioner, '')), 'D')) STORED",
    "CREATE INDEX IF NOT EXISTS search_vector_gin ON archive_entry USING gin (search_vector)",
)
DROP = (
    "DROP INDEX IF EXISTS search_vector_gin",
    "ALTER TABLE archive_entry DROP COLUMN IF EXISTS search_vector",
)

_vector = sa.literal_column("archive_entry.search_vector", TSVECTOR)
_question_options = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"
_answer_options = (
    f'StartSel={START}, StopSel={STOP}, MaxWords=40, MinWords=20, MaxFragments=2, FragmentDelimiter=" … "'
)
_extra_options = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=1"


def _run(bind: Any, statements: tuple[str, ...]) -> None:
    for statement in statements:
        if isinstance(bind, sa.engine.Engine):
            with bind.begin() as connection:
                connection.exec_driver_sql(statement)
        else:
            bind.exec_driver_sql(statement)


def create(bind: Any) -> None:
    _run(bind, CREATE)


def drop(bind: Any) -> None:
    _run(bind, DROP)


def rebuild(bind: Any) -> None:
    _run(bind, ("ANALYZE archive_entry",))


def search(parsed: ParsedQuery, query: SearchQuery, base: sa.Select) -> tuple[int, list[tuple]]:
    """Count (to CANDIDATES + 1), then rank only the newest CANDIDATES matches, and
    mark the matches only on the page of results shown."""
    tsquery = sa.func.websearch_to_tsquery(sa.literal_column(f"'{CONFIG}'::regconfig"), query.text)
    matched = base.where(_vector.op("@@")(tsquery))
    total = capped_count(matched)
    if total == 0:
        return 0, []
    oldest_first = query.sort == "oldest"
    candidates = (
        matched.with_only_columns(ArchiveEntry.id, _vector.label("vector"), maintain_column_froms=True)
        .order_by(ArchiveEntry.id if oldest_first else ArchiveEntry.id.desc())
        .limit(core.CANDIDATES)
        .subquery()
    )
    if query.sort == "relevance":
        order = [sa.func.ts_rank_cd(candidates.c.vector, tsquery).desc(), candidates.c.id.desc()]
        page = sa.select(candidates.c.id).order_by(*order)
    else:
        page = (
            sa.select(candidates.c.id)
            .join(ArchiveEntry, ArchiveEntry.id == candidates.c.id)
            .order_by(*ordered_for(sa.select(ArchiveEntry), query.sort)._order_by_clauses)
        )
    ids = [
        row[0]
        for row in db.session.execute(page.limit(query.per_page).offset((query.page - 1) * query.per_page))
    ]
    if not ids:
        return total, []
    config = sa.literal_column(f"'{CONFIG}'::regconfig")
    stmt = sa.select(
        ArchiveEntry,
        sa.func.ts_headline(config, ArchiveEntry.question_text, tsquery, _question_options),
        sa.func.ts_headline(config, ArchiveEntry.answer_text, tsquery, _answer_options),
        sa.func.ts_headline(config, ArchiveEntry.extra_text, tsquery, _extra_options),
    ).where(ArchiveEntry.id.in_(ids))
    by_id = {row[0].id: tuple(row) for row in db.session.execute(stmt)}
    return total, [by_id[i] for i in ids if i in by_id]
