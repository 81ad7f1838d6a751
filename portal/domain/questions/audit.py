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
    # More entries match than are counted (COUNT_CAP): narrow the filters to reach older ones.
    more: bool = False


# Counting every event of a log of millions takes longer than reading a page of it: the
# count stops here, and the pages reach back this far.
COUNT_CAP = 10_000


def _filtered(filters: AuditFilters) -> sa.Select:
    query = sa.select(QuestionEvent).join(Question, QuestionEvent.question_id == Question.id)
    if filters.reference:
        query = query.where(sa.func.upper(Question.reference) == filters.reference.strip().upper())
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


def audit_events(filters: AuditFilters, page: int = 1, per_page: int = PER_PAGE) -> AuditPage:
    query = _filtered(filters)
    counted = query.with_only_columns(QuestionEvent.id).limit(COUNT_CAP + 1).subquery()
    total = db.session.scalar(sa.select(sa.func.count()).select_from(counted)) or 0
    more = total > COUNT_CAP
    total = min(total, COUNT_CAP)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    events = list(
        db.session.scalars(
            query.options(
                selectinload(QuestionEvent.question)
                .selectinload(Question.meeting)
                .selectinload(Meeting.committee),
                selectinload(QuestionEvent.actor),
            )
            .order_by(QuestionEvent.at.desc(), QuestionEvent.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return AuditPage(events=events, total=total, page=page, pages=pages, more=more)


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
