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
# Results are drawn from at most this many matches: the newest (oldest, for "oldest
# first"). Ranking and counting every match of a word in most answers would cost
# hundreds of milliseconds at 100,000 answers; nobody reads past a thousand results,
# and more words or a filter narrow a search that broad. See decision 0056.
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
    """The date sorts, used by the interface and both engines so they order alike."""
    if sort == "oldest":
        return stmt.order_by(
            ArchiveEntry.meeting_starts_at, ArchiveEntry.kind.desc(), ArchiveEntry.number, ArchiveEntry.id
        )
    # Public questions before member questions within a meeting, as the record prints them.
    return stmt.order_by(
        ArchiveEntry.meeting_starts_at.desc(), ArchiveEntry.kind.desc(), ArchiveEntry.number, ArchiveEntry.id
    )
