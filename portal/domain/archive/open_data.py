"""Queries behind the open data API: published data only, in a stable order, a page at a time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from portal.domain.archive import search as search_domain
from portal.domain.states import QuestionKind
from portal.extensions import db
from portal.models import ArchiveEntry, Committee, Meeting, MeetingStatus

MAX_PER_PAGE = 100
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL


@dataclass
class Page:
    items: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _page(stmt: sa.Select, page: int, per_page: int) -> Page:
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())) or 0
    items = list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).unique())
    return Page(items, int(total), page, per_page)


def committees(page: int, per_page: int) -> Page:
    stmt = sa.select(Committee).where(Committee.is_active.is_(True)).order_by(Committee.id)
    return _page(stmt, page, per_page)


def committee(slug: str) -> Committee | None:
    slug = search_domain.safe_term(slug)
    return db.session.scalar(
        sa.select(Committee).where(Committee.slug == slug, Committee.is_active.is_(True))
    )


def meetings(
    page: int,
    per_page: int,
    *,
    committee_slug: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    status: MeetingStatus | None = None,
) -> Page:
    stmt = (
        sa.select(Meeting)
        .join(Committee, Committee.id == Meeting.committee_id)
        .options(joinedload(Meeting.committee))
        .where(Committee.is_active.is_(True))
    )
    if committee_slug:
        stmt = stmt.where(Committee.slug == search_domain.safe_term(committee_slug))
    if date_from:
        stmt = stmt.where(Meeting.starts_at >= search_domain._start_of(date_from))
    if date_to and date_to < dt.date.max:
        stmt = stmt.where(Meeting.starts_at < search_domain._start_of(date_to + dt.timedelta(days=1)))
    if status:
        stmt = stmt.where(Meeting.status == status)
    return _page(stmt.order_by(Meeting.starts_at.desc(), Meeting.id.desc()), page, per_page)


def meeting(meeting_id: int) -> Meeting | None:
    if not 0 < meeting_id <= MAX_ID:
        return None
    found = db.session.get(Meeting, meeting_id)
    if found is None or not found.committee.is_active:
        return None
    return found


def published_counts(meeting_ids: list[int]) -> dict[int, int]:
    if not meeting_ids:
        return {}
    return dict(
        db.session.execute(
            sa.select(ArchiveEntry.meeting_id, sa.func.count())
            .where(ArchiveEntry.meeting_id.in_(meeting_ids))
            .group_by(ArchiveEntry.meeting_id)
        ).all()
    )


def questions(
    page: int,
    per_page: int,
    *,
    committee_slug: str | None = None,
    meeting_id: int | None = None,
    kind: QuestionKind | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    text: str | None = None,
    owed: bool = False,
) -> Page:
    query = search_domain.SearchQuery(
        text=text or "",
        committee=committee_slug,
        kind=kind,
        date_from=date_from,
        date_to=date_to,
        owed=owed,
        meeting_id=meeting_id,
        sort="newest",
        page=page,
        per_page=per_page,
    )
    if text and not search_domain.parse_query(text).is_empty:
        query.per_page = min(per_page, search_domain.MAX_PER_PAGE)
        results = search_domain.search(query)
        return Page([hit.entry for hit in results.hits], results.shown_total, page, query.per_page)
    stmt = search_domain.filtered(query).options(joinedload(ArchiveEntry.committee))
    stmt = stmt.order_by(
        ArchiveEntry.meeting_starts_at.desc(),
        ArchiveEntry.meeting_id.desc(),
        ArchiveEntry.kind.desc(),
        ArchiveEntry.number,
    )
    return _page(stmt, page, per_page)


def question(entry_id: int) -> ArchiveEntry | None:
    if not 0 < entry_id <= MAX_ID:
        return None
    return db.session.get(ArchiveEntry, entry_id)


def written_answers_owed(page: int, per_page: int, committee_slug: str | None = None) -> Page:
    stmt = (
        sa.select(ArchiveEntry)
        .options(joinedload(ArchiveEntry.committee))
        .where(ArchiveEntry.written_answer_owed.is_(True))
    )
    if committee_slug:
        stmt = stmt.join(Committee, Committee.id == ArchiveEntry.committee_id).where(
            Committee.slug == search_domain.safe_term(committee_slug)
        )
    stmt = stmt.order_by(ArchiveEntry.written_answer_due_on, ArchiveEntry.id)
    return _page(stmt, page, per_page)
