"""Browsing the public archive: committees, their meetings with counts, the calendar and
feeds, newest answers first. Reads only what publishing indexed (`record/index.py`) and
the meetings themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from portal.extensions import db
from portal.models import ArchiveEntry, Committee, Meeting, MeetingStatus, Post, Question, utcnow


def latest_entries(committee: Committee | None = None, limit: int = 50) -> list[ArchiveEntry]:
    """Newest published first: what a feed of new answers shows."""
    stmt = sa.select(ArchiveEntry)
    if committee is not None:
        stmt = stmt.where(ArchiveEntry.committee_id == committee.id)
    stmt = stmt.order_by(
        ArchiveEntry.published_at.desc(),
        ArchiveEntry.meeting_id.desc(),
        ArchiveEntry.kind,
        ArchiveEntry.number,
    )
    return list(db.session.scalars(stmt.limit(limit)))


@dataclass
class MeetingSummary:
    meeting: Meeting
    accepted: int  # questions accepted onto the meeting's list
    published: int  # questions in the published record
    answered: int  # with a published answer
    owed: int  # written answers promised and not yet sent
    imported: int = 0  # imported from the council's earlier published minutes


def meeting_summaries(meetings: list[Meeting]) -> list[MeetingSummary]:
    """Counts of questions and answers for each meeting, in two queries."""
    from portal.domain.states import NUMBERED

    ids = [m.id for m in meetings]
    if not ids:
        return []
    accepted = dict(
        db.session.execute(
            sa.select(Question.meeting_id, sa.func.count())
            .where(Question.meeting_id.in_(ids), Question.status.in_(NUMBERED))
            .group_by(Question.meeting_id)
        ).all()
    )
    published = {
        row.meeting_id: row
        for row in db.session.execute(
            sa.select(
                ArchiveEntry.meeting_id,
                sa.func.count().label("published"),
                sa.func.sum(sa.case((ArchiveEntry.answer_text != "", 1), else_=0)).label("answered"),
                sa.func.sum(sa.case((ArchiveEntry.written_answer_owed.is_(True), 1), else_=0)).label("owed"),
                sa.func.sum(sa.case((ArchiveEntry.imported.is_(True), 1), else_=0)).label("imported"),
            )
            .where(ArchiveEntry.meeting_id.in_(ids))
            .group_by(ArchiveEntry.meeting_id)
        )
    }
    summaries = []
    for meeting in meetings:
        row = published.get(meeting.id)
        summaries.append(
            MeetingSummary(
                meeting=meeting,
                accepted=max(int(accepted.get(meeting.id, 0)), int(row.published) if row else 0),
                published=int(row.published) if row else 0,
                answered=int(row.answered or 0) if row else 0,
                owed=int(row.owed or 0) if row else 0,
                imported=int(row.imported or 0) if row else 0,
            )
        )
    return summaries


def committee_meetings(committee: Committee) -> list[Meeting]:
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.committee_id == committee.id)
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        )
    )


def upcoming_for_calendar(
    now: dt.datetime | None = None, committee: Committee | None = None, *, include_cancelled: bool = True
) -> list[Meeting]:
    now = now or utcnow()
    stmt = (
        sa.select(Meeting)
        .join(Committee)
        .where(Committee.is_active.is_(True), Meeting.starts_at >= now - dt.timedelta(hours=12))
    )
    if not include_cancelled:
        stmt = stmt.where(Meeting.status != MeetingStatus.CANCELLED)
    if committee is not None:
        stmt = stmt.where(Meeting.committee_id == committee.id)
    return list(db.session.scalars(stmt.order_by(Meeting.starts_at, Meeting.id)))


def meetings_for_feed(committee: Committee | None = None, *, since: dt.datetime) -> list[Meeting]:
    """Meetings for a calendar feed: the past year and everything ahead."""
    stmt = sa.select(Meeting).join(Committee).where(Committee.is_active.is_(True), Meeting.starts_at >= since)
    if committee is not None:
        stmt = stmt.where(Meeting.committee_id == committee.id)
    return list(db.session.scalars(stmt.order_by(Meeting.starts_at, Meeting.id)))


def active_committees() -> list[Committee]:
    return list(
        db.session.scalars(sa.select(Committee).where(Committee.is_active.is_(True)).order_by(Committee.name))
    )


def committee_by_slug(slug: str) -> Committee | None:
    from portal.domain.archive.search import safe_term

    return db.session.scalar(
        sa.select(Committee).where(Committee.slug == safe_term(slug), Committee.is_active.is_(True))
    )


def answering_posts() -> list[Post]:
    """Posts that answer questions to an active committee: the search's post filter.
    (From the committees' posts, not the archive: that would read every entry.)"""
    from portal.models import CommitteePost

    linked = (
        sa.select(CommitteePost.post_id)
        .join(Committee, Committee.id == CommitteePost.committee_id)
        .where(Committee.is_active.is_(True))
    )
    return list(db.session.scalars(sa.select(Post).where(Post.id.in_(linked)).order_by(Post.title)))


def group_by_month(meetings: list[Meeting]) -> list[tuple[dt.date, list[Meeting]]]:
    """Meetings grouped by the London month they fall in, in order."""
    from portal.formatting import to_london

    months: dict[dt.date, list[Meeting]] = {}
    for meeting in meetings:
        local = to_london(meeting.starts_at)
        months.setdefault(dt.date(local.year, local.month, 1), []).append(meeting)
    return sorted(months.items())
