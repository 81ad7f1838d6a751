"""What a search asks for, shared by the search interface and both engines: the parsed
words, the filters, the marks around matches, how many matches results are drawn from,
and the order of the date sorts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from portal.domain.states import QuestionKind
from portal.models import ArchiveEntry

START, STOP = "\x02", "\x03"
# While the search index cannot answer, the database's search draws its results from at
# most this many matches, the newest (oldest, for "oldest first"): ranking every match
# of a common word there takes seconds at a million answers (decisions 0056 and 0150).
CANDIDATES = 1000


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or the words of a phrase
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """Groups that must all match (each group: alternatives joined by `or`),
    and terms that must not."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]

    @property
    def is_empty(self) -> bool:
        return not self.groups


@dataclass
class SearchQuery:
    text: str = ""
    committee: str | None = None  # slug
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    post_id: int | None = None
    kind: QuestionKind | None = None
    owed: bool = False
    meeting_id: int | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20

    @property
    def has_filters(self) -> bool:
        return bool(
            self.committee
            or self.date_from
            or self.date_to
            or self.post_id
            or self.kind
            or self.owed
            or self.meeting_id
        )


def ordered_for(stmt: sa.Select, sort: str) -> sa.Select:
    """The date sorts, used by the interface and both engines so they order alike (the
    search index too: see `index.sort_keys()`). Meetings newest (oldest) first; within a
    meeting public questions before member questions, by number, as the record prints
    them."""
    meeting = ArchiveEntry.meeting_id if sort == "oldest" else ArchiveEntry.meeting_id.desc()
    starts = ArchiveEntry.meeting_starts_at if sort == "oldest" else ArchiveEntry.meeting_starts_at.desc()
    return stmt.order_by(starts, meeting, ArchiveEntry.kind.desc(), ArchiveEntry.number, ArchiveEntry.id)
