"""Search on PostgreSQL: a generated, weighted tsvector column with a GIN index.

`websearch_to_tsquery` reads the search box's language itself; `ts_headline` marks the
matches, run only on the page of results being shown.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import contains_eager

from portal.domain.archive.search import index as search_index
from portal.domain.archive.search import query as core
from portal.domain.archive.search.query import (
    START,
    STOP,
    ParsedQuery,
    SearchQuery,
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
# The change log the search index follows (portal/domain/archive/search/index.py): one row for
# every entry inserted, changed or deleted, whatever wrote it. Writers take a transaction
# advisory lock before adding a row, so rows become visible in the order of their ids
# and an index that has applied row N never misses a row below N committed later.
LOG_LOCK = 5_150_001
CHANGE_LOG = (
    "CREATE TABLE IF NOT EXISTS search_state (token varchar(32) NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_log (id bigserial PRIMARY KEY, entry_id integer NOT NULL,"
    " nonce bigint NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_log_mark (id bigserial PRIMARY KEY, last_id bigint NOT NULL,"
    " marked_at bigint NOT NULL)",
    "CREATE OR REPLACE FUNCTION search_log_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"  # noqa: S608 (constant)
    f" PERFORM pg_advisory_xact_lock({LOG_LOCK});"
    " INSERT INTO search_log (entry_id, nonce) VALUES"
    " (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END, floor(random() * 9e18)::bigint);"
    " RETURN NULL; END $$",
    "CREATE OR REPLACE TRIGGER search_log_after_change AFTER INSERT OR UPDATE OR DELETE ON archive_entry"
    " FOR EACH ROW EXECUTE FUNCTION search_log_change()",
)
DROP = (
    "DROP TRIGGER IF EXISTS search_log_after_change ON archive_entry",
    "DROP FUNCTION IF EXISTS search_log_change()",
    "DROP TABLE IF EXISTS search_log",
    "DROP TABLE IF EXISTS search_log_mark",
    "DROP TABLE IF EXISTS search_state",
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
    _run(bind, (*CREATE, *CHANGE_LOG, *search_index.token_statements(replace=False)))


def create_change_log(bind: Any) -> None:
    _run(bind, (*CHANGE_LOG, *search_index.token_statements(replace=False)))


def drop(bind: Any) -> None:
    _run(bind, DROP)


def rebuild(bind: Any) -> None:
    _run(bind, ("ANALYZE archive_entry", *search_index.token_statements(replace=True)))


SELECTIVE = 0.08  # matches in at most this share of entries: read them all from the GIN index


def _estimated_share(text: str) -> float:
    """The planner's estimate of the share of entries the words match."""
    plan = db.session.execute(
        sa.text(
            "EXPLAIN (FORMAT JSON) SELECT 1 FROM archive_entry"  # noqa: S608 (CONFIG is a constant)
            f" WHERE search_vector @@ websearch_to_tsquery('{CONFIG}', :q)"
        ),
        {"q": text},
    ).scalar()
    estimated = plan[0]["Plan"]["Plan Rows"]
    entries = db.session.execute(
        sa.text("SELECT greatest(reltuples, 1) FROM pg_class WHERE oid = 'archive_entry'::regclass")
    ).scalar()
    return float(estimated) / float(entries or 1)


def search(parsed: ParsedQuery, query: SearchQuery, base: sa.Select) -> tuple[int, list[tuple]]:
    """Take the newest CANDIDATES + 1 matches' ids (which also says whether there are
    more than CANDIDATES), rank only the newest CANDIDATES, and mark the matches only on
    the page of results shown."""
    tsquery = sa.func.websearch_to_tsquery(sa.literal_column(f"'{CONFIG}'::regconfig"), query.text)
    matched = base.where(_vector.op("@@")(tsquery))
    oldest_first = query.sort == "oldest"
    selective = _estimated_share(query.text) < SELECTIVE
    if selective:
        # Reading the matches from the GIN bitmap is cheaper than walking the newest rows
        # and testing each one's vector; the planner underrates that test (decision 0056).
        db.session.execute(sa.text("SET LOCAL enable_indexscan = off"))
    # First the candidates' ids alone (carrying each row's vector through the scan and
    # the sort would cost more than the rest of the search)...
    candidate_ids = list(
        db.session.scalars(
            matched.with_only_columns(ArchiveEntry.id, maintain_column_froms=True)
            .order_by(ArchiveEntry.id if oldest_first else ArchiveEntry.id.desc())
            .limit(core.CANDIDATES + 1)
        )
    )
    if selective:
        db.session.execute(sa.text("SET LOCAL enable_indexscan = on"))
    total = len(candidate_ids)
    if total == 0:
        return 0, []
    candidate_ids = candidate_ids[: core.CANDIDATES]
    # ...then rank or sort just those, read by primary key.
    within = ArchiveEntry.id == sa.any_(sa.bindparam("candidates", candidate_ids, type_=ARRAY(sa.Integer)))
    if query.sort == "relevance":
        order = [sa.func.ts_rank_cd(_vector, tsquery).desc(), ArchiveEntry.id.desc()]
    elif oldest_first:
        order = [
            ArchiveEntry.meeting_starts_at,
            ArchiveEntry.kind.desc(),
            ArchiveEntry.number,
            ArchiveEntry.id,
        ]
    else:
        order = [
            ArchiveEntry.meeting_starts_at.desc(),
            ArchiveEntry.kind.desc(),
            ArchiveEntry.number,
            ArchiveEntry.id,
        ]
    page = sa.select(ArchiveEntry.id).where(within).order_by(*order)
    ids = list(db.session.scalars(page.limit(query.per_page).offset((query.page - 1) * query.per_page)))
    if not ids:
        return total, []
    config = sa.literal_column(f"'{CONFIG}'::regconfig")
    stmt = (
        sa.select(
            ArchiveEntry,
            sa.func.ts_headline(config, ArchiveEntry.question_text, tsquery, _question_options),
            sa.func.ts_headline(config, ArchiveEntry.answer_text, tsquery, _answer_options),
            sa.func.ts_headline(config, ArchiveEntry.extra_text, tsquery, _extra_options),
        )
        .where(ArchiveEntry.id.in_(ids))
        .options(contains_eager(ArchiveEntry.committee))
        .join(ArchiveEntry.committee)
    )
    by_id = {row[0].id: tuple(row) for row in db.session.execute(stmt)}
    return total, [by_id[i] for i in ids if i in by_id]
