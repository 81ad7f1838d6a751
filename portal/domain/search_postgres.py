"""Search on PostgreSQL: a generated, weighted tsvector column with a GIN index.

`websearch_to_tsquery` reads the search box's language itself; `ts_headline` marks the
matches, run only on the page of results being shown.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSVECTOR

from portal.domain.search import START, STOP, ParsedQuery, SearchQuery, ordered_for
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
    tsquery = sa.func.websearch_to_tsquery(sa.literal_column(f"'{CONFIG}'::regconfig"), query.text)
    matched = base.where(_vector.op("@@")(tsquery))
    total = db.session.scalar(
        matched.with_only_columns(sa.func.count(), maintain_column_froms=True).order_by(None)
    )
    if query.sort == "relevance":
        ordered = matched.order_by(
            sa.func.ts_rank_cd(_vector, tsquery).desc(), ArchiveEntry.meeting_starts_at.desc()
        )
    else:
        ordered = ordered_for(matched, query.sort)
    page = (
        ordered.with_only_columns(ArchiveEntry.id, maintain_column_froms=True)
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
    ).subquery()
    ids = [row[0] for row in db.session.execute(sa.select(page.c.id))]
    if not ids:
        return int(total or 0), []
    config = sa.literal_column(f"'{CONFIG}'::regconfig")
    stmt = sa.select(
        ArchiveEntry,
        sa.func.ts_headline(config, ArchiveEntry.question_text, tsquery, _question_options),
        sa.func.ts_headline(config, ArchiveEntry.answer_text, tsquery, _answer_options),
        sa.func.ts_headline(config, ArchiveEntry.extra_text, tsquery, _extra_options),
    ).where(ArchiveEntry.id.in_(ids))
    by_id = {row[0].id: tuple(row) for row in db.session.execute(stmt)}
    return int(total or 0), [by_id[i] for i in ids if i in by_id]
