"""The audit log: every question event, newest first, filtered and a page at a time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.formatting import london_to_utc
from portal.models import Meeting, Question, QuestionEvent, User

PER_PAGE = 50
QUESTIONER = "questioner"
SYSTEM = "system"


@dataclass(frozen=True)
class AuditFilters:
    reference: str | None = None  # a question reference (Q-2026-000123) or label (PQ 3)
    meeting_id: int | None = None
    person: str | None = None  # a user id, "questioner" or "system"
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True)
class AuditPage:
    events: list[QuestionEvent]
    total: int
    page: int
    pages: int
    # More entries match than are counted (COUNT_CAP): the counted pages end there, and
    # `older_than` continues past them.
    more: bool = False
    # Where the entries older than this page begin: the id of this page's last entry, if
    # any older entry matches (None on a counted page before the last).
    older_than: int | None = None
    # Read by `older_than` (past the counted pages) rather than by page number.
    continued: bool = False


# Counting every event of a log of millions takes longer than reading a page of it: the
# count stops here, and the pages reach back this far.
COUNT_CAP = 10_000


def _filtered(filters: AuditFilters) -> sa.Select:
    query = sa.select(QuestionEvent).join(Question, QuestionEvent.question_id == Question.id)
    if filters.reference:
        # The question first, then its events from their index: as a condition on the
        # joined question, SQLite counted by walking the whole log.
        asked = sa.select(Question.id).where(
            sa.func.upper(Question.reference) == filters.reference.strip().upper()
        )
        query = query.where(QuestionEvent.question_id.in_(asked))
    if filters.meeting_id is not None:
        query = query.where(Question.meeting_id == filters.meeting_id)
    if filters.person == QUESTIONER:
        query = query.where(QuestionEvent.actor_kind == QUESTIONER)
    elif filters.person == SYSTEM:
        query = query.where(QuestionEvent.actor_id.is_(None), QuestionEvent.actor_kind != QUESTIONER)
    elif filters.person:
        query = query.where(QuestionEvent.actor_id == int(filters.person))
    if filters.date_from is not None:
        query = query.where(QuestionEvent.at >= london_to_utc(filters.date_from, dt.time(0, 0)))
    if filters.date_to is not None:
        query = query.where(
            QuestionEvent.at < london_to_utc(filters.date_to + dt.timedelta(days=1), dt.time(0, 0))
        )
    return query


def _listed(query: sa.Select, per_page: int) -> sa.Select:
    question = selectinload(QuestionEvent.question)
    return (
        query.options(
            question.selectinload(Question.meeting).selectinload(Meeting.committee),
            # The log names each question, nothing of its record, which would otherwise
            # be read for every question listed.
            question.lazyload(Question.actions),  # type: ignore[attr-defined]
            question.lazyload(Question.noted_comments),  # type: ignore[attr-defined]
            question.lazyload(Question.follow_ups),  # type: ignore[attr-defined]
            selectinload(QuestionEvent.actor),
        )
        .order_by(QuestionEvent.at.desc(), QuestionEvent.id.desc())
        .limit(per_page)
    )


def older_events(filters: AuditFilters, older_than: int, per_page: int = PER_PAGE) -> AuditPage:
    """The page of entries just older than entry `older_than`, however far back: read from
    the index on `at` by position, not by counting and skipping the newer ones (an offset
    of a million rows would)."""
    mark = db.session.execute(
        sa.select(QuestionEvent.at, QuestionEvent.id).where(QuestionEvent.id == older_than)
    ).one_or_none()
    query = _filtered(filters)
    if mark is not None:
        at, event_id = mark
        query = query.where(
            QuestionEvent.at <= at, sa.or_(QuestionEvent.at < at, QuestionEvent.id < event_id)
        )
    events = list(db.session.scalars(_listed(query, per_page + 1)))
    more = len(events) > per_page
    events = events[:per_page]
    return AuditPage(
        events=events,
        total=len(events),
        page=1,
        pages=1,
        more=more,
        older_than=events[-1].id if more else None,
        continued=True,
    )


def audit_events(filters: AuditFilters, page: int = 1, per_page: int = PER_PAGE) -> AuditPage:
    query = _filtered(filters)
    counted = query.with_only_columns(QuestionEvent.id).limit(COUNT_CAP + 1).subquery()
    total = db.session.scalar(sa.select(sa.func.count()).select_from(counted)) or 0
    more = total > COUNT_CAP
    total = min(total, COUNT_CAP)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    events = list(db.session.scalars(_listed(query, per_page).offset((page - 1) * per_page)))
    older_than = events[-1].id if more and page == pages and events else None
    return AuditPage(events=events, total=total, page=page, pages=pages, more=more, older_than=older_than)


def people_in_log() -> list[User]:
    """Staff who have acted on a question, for the filter."""
    # One look-up in the actor index per account, not a pass over every event.
    acted = sa.exists().where(QuestionEvent.actor_id == User.id)
    return list(
        db.session.scalars(sa.select(User).where(acted).order_by(User.last_name, User.first_name, User.id))
    )


def meetings_in_log() -> list[Meeting]:
    with_questions = sa.select(Question.meeting_id).distinct()
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.id.in_(with_questions))
            .order_by(Meeting.starts_at.desc(), Meeting.id)
        )
    )
