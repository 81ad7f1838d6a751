"""Full-text search of everything published, with one interface over two engines.

SQLite (the embedded default) uses an FTS5 table kept in step with `archive_entry` by
triggers; PostgreSQL uses a generated tsvector column with a GIN index and
`websearch_to_tsquery`. Both understand the same query language a search box
suggests: words (all must match), "quoted phrases", `-word` to leave a word out and
`or` between alternatives. The structures are not SQLAlchemy models (they depend on
the database), so `create_search_structures()` builds them: the migration calls it,
and so does the test set-up once it has made the tables.

Matches come back with the matched words wrapped in <mark>, the rest escaped: the
engines mark matches with control characters that never occur in indexed text, the
text is escaped, and only then are the marks turned into tags.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from markupsafe import Markup, escape

from portal.domain.archive.search import query as terms
from portal.domain.archive.search.query import (
    START,
    STOP,
    ParsedQuery,
    SearchQuery,
    Term,
    ordered_for,
)
from portal.extensions import db
from portal.models import ArchiveEntry, Committee

# Everything the search creates is named search_*, so migrations leave it alone.
SEARCH_PREFIX = "search_"
MAX_QUERY_LENGTH = 200
MAX_PER_PAGE = 50
SORTS = ("relevance", "newest", "oldest")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class SearchHit:
    entry: ArchiveEntry
    question_html: Markup
    answer_html: Markup
    extra_html: Markup | None


@dataclass
class SearchResults:
    query: SearchQuery
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0  # at most CANDIDATES + 1: see `more`

    @property
    def more(self) -> bool:
        """True when there are more matches than the results are drawn from."""
        return self.total > terms.CANDIDATES

    @property
    def shown_total(self) -> int:
        return min(self.total, terms.CANDIDATES)

    @property
    def pages(self) -> int:
        return max(1, -(-self.shown_total // self.query.per_page))


def clean_text(value: str | None) -> str:
    """Text as stored for search: no control characters (they mark matches)."""
    return _CONTROL.sub(" ", value or "")


def safe_term(value: str | None) -> str | None:
    """A value from a URL made safe to compare with text in the database: PostgreSQL
    refuses NUL characters, and no slug or word contains a control character."""
    if value is None:
        return None
    return _CONTROL.sub("\ufffd", value)


def parse_query(text: str) -> ParsedQuery:
    """The search box's language, as the web search engines people know have it."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = False
    for match in re.finditer(r'(-?)"([^"]*)"?|(-?)([^\s"]+)', text[:MAX_QUERY_LENGTH]):
        negated = bool(match.group(1) or match.group(3))
        raw = match.group(2) if match.group(2) is not None else match.group(4)
        quoted = match.group(2) is not None
        if not quoted and not negated and raw.lower() == "or":
            pending_or = bool(groups)
            continue
        words = tuple(w.lower() for w in re.findall(r"\w+", raw))
        if not words:
            continue
        term = Term(words, negated)
        if negated:
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    return ParsedQuery(tuple(tuple(g) for g in groups), tuple(excluded))


_LINE_BREAKS = re.compile(r"\s*\n\s*")


def _joined_lines(text: str) -> str:
    """A snippet on one line: a line that ends without punctuation (a list item, a table
    row) is followed by a semicolon, so items do not run together."""
    text = text.strip()

    def join(match: re.Match[str]) -> str:
        position = match.start()
        while position and text[position - 1] in (START, STOP):
            position -= 1
        return " " if not position or text[position - 1] in ".!?:;,…" else "; "

    return _LINE_BREAKS.sub(join, text)


def highlighted(text: str | None) -> Markup:
    """Escape `text`, then turn the engine's match marks into <mark> elements."""
    value = str(escape(_joined_lines(text or "")))
    opened = False
    out: list[str] = []
    for part in re.split(f"([{START}{STOP}])", value):
        if part == START and not opened:
            out.append("<mark>")
            opened = True
        elif part == STOP and opened:
            out.append("</mark>")
            opened = False
        elif part not in (START, STOP):
            out.append(part)
    if opened:
        out.append("</mark>")
    return Markup("".join(out))  # noqa: S704 (escaped above; only <mark> added)


def has_match(markup: Markup) -> bool:
    return "<mark>" in markup


def _backend(bind: sa.engine.Connection | sa.engine.Engine | None = None) -> Any:
    dialect = (bind or db.session.get_bind()).dialect.name
    if dialect == "postgresql":
        from portal.domain.archive.search import postgres

        return postgres
    from portal.domain.archive.search import sqlite

    return sqlite


def create_search_structures(bind: sa.engine.Connection | sa.engine.Engine) -> None:
    """Build the search table or column, index and triggers (idempotent)."""
    _backend(bind).create(bind)


def drop_search_structures(bind: sa.engine.Connection | sa.engine.Engine) -> None:
    _backend(bind).drop(bind)


def rebuild_search_index(bind: sa.engine.Connection | sa.engine.Engine) -> None:
    """After bulk loading with the triggers bypassed (the benchmark generator)."""
    _backend(bind).rebuild(bind)


def filtered(query: SearchQuery) -> sa.Select:
    """The entries the filters allow, before any words are matched."""
    stmt = sa.select(ArchiveEntry)
    if query.committee:
        stmt = stmt.join(Committee, Committee.id == ArchiveEntry.committee_id).where(
            Committee.slug == safe_term(query.committee)
        )
    if query.date_from:
        stmt = stmt.where(ArchiveEntry.meeting_starts_at >= _start_of(query.date_from))
    if query.date_to and query.date_to < dt.date.max:
        stmt = stmt.where(ArchiveEntry.meeting_starts_at < _start_of(query.date_to + dt.timedelta(days=1)))
    if query.post_id:
        stmt = stmt.where(ArchiveEntry.post_id == query.post_id)
    if query.kind:
        stmt = stmt.where(ArchiveEntry.kind == query.kind)
    if query.owed:
        stmt = stmt.where(ArchiveEntry.written_answer_owed.is_(True))
    if query.meeting_id:
        stmt = stmt.where(ArchiveEntry.meeting_id == query.meeting_id)
    return stmt


def _start_of(day: dt.date) -> dt.datetime:
    from portal.formatting import london_to_utc

    return london_to_utc(day, dt.time(0, 0))


def search(query: SearchQuery) -> SearchResults:
    """One page of published entries matching the words and filters, best first."""
    query.per_page = max(1, min(query.per_page, MAX_PER_PAGE))
    query.text = clean_text(query.text)[:MAX_QUERY_LENGTH]
    query.page = max(1, query.page)
    if query.sort not in SORTS:
        query.sort = "relevance"
    parsed = parse_query(query.text)
    if parsed.is_empty:
        return _browse(query)
    backend = _backend()
    total, rows = backend.search(parsed, query, filtered(query))
    hits = [
        SearchHit(
            entry=entry,
            question_html=highlighted(question),
            answer_html=highlighted(answer),
            extra_html=_extra(extra),
        )
        for entry, question, answer, extra in rows
    ]
    return SearchResults(query=query, hits=hits, total=total)


def _extra(text: str | None) -> Markup | None:
    markup = highlighted(text)
    return markup if has_match(markup) else None


def _browse(query: SearchQuery) -> SearchResults:
    """No words: the newest entries the filters allow (so filters alone can browse)."""
    if not query.has_filters:
        return SearchResults(query=query)
    stmt = filtered(query)
    total = capped_count(stmt)
    sort = "newest" if query.sort == "relevance" else query.sort
    entries = db.session.scalars(
        ordered_for(stmt, sort).limit(query.per_page).offset((query.page - 1) * query.per_page)
    ).all()
    hits = [
        SearchHit(
            entry=e,
            question_html=highlighted(e.question_text),
            answer_html=highlighted(_shorten(e.answer_text)),
            extra_html=None,
        )
        for e in entries
    ]
    return SearchResults(query=query, hits=hits, total=total)


def capped_count(stmt: sa.Select) -> int:
    """How many rows `stmt` gives, counting no further than CANDIDATES + 1."""
    limited = stmt.with_only_columns(sa.literal(1), maintain_column_froms=True).order_by(None)
    return int(
        db.session.scalar(
            sa.select(sa.func.count()).select_from(limited.limit(terms.CANDIDATES + 1).subquery())
        )
        or 0
    )


def _shorten(text: str, words: int = 40) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
