"""The public register of questions received for upcoming meetings.

It shows the council handling questions without exposing anyone: a reference, the
meeting and the status; the ground when a rejection is listed (hidden rejections do
not appear at all); and, once a question is accepted, the questioner exactly as the
published record will show them. Never a name before acceptance, never contact details.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from portal.domain.numbers import question_anchor, question_label
from portal.domain.states import NUMBERED, REGISTER_WORDS, QuestionStatus
from portal.extensions import db
from portal.models import Committee, Meeting, Question, utcnow

S = QuestionStatus

# What the register says of each status it lists (unconfirmed and expired questions never
# reached the council, so they are not listed): the lifecycle table's words.
REGISTER_STATUS = REGISTER_WORDS
SHOWS_QUESTIONER = frozenset(NUMBERED)


@dataclass
class RegisterRow:
    reference: str
    label: str | None  # PQ 3 once accepted
    status: str
    tag_class: str
    ground: str | None  # a listed rejection's ground
    questioner: str | None  # only once accepted
    answered: bool
    anchor: str | None


@dataclass
class RegisterMeeting:
    meeting: Meeting
    rows: list[RegisterRow]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


def row_for(question: Question) -> RegisterRow | None:
    if question.status not in REGISTER_STATUS:
        return None
    if question.status is S.REJECTED and not question.rejection_listed:
        return None  # a hidden rejection is not on the register at all
    status, tag = REGISTER_STATUS[question.status]
    accepted = question.status in SHOWS_QUESTIONER and question.number is not None
    return RegisterRow(
        reference=question.reference,
        label=question_label(question) if accepted else None,
        status=status,
        tag_class=tag,
        ground=question.rejection_ground.title
        if question.status is S.REJECTED and question.rejection_ground
        else None,
        questioner=question.public_display if accepted else None,
        answered=status == "Answered",
        anchor=question_anchor(question) if accepted else None,
    )


def upcoming_register(now: dt.datetime | None = None) -> list[RegisterMeeting]:
    """Upcoming meetings (and any today) with the questions received for each."""
    now = now or utcnow()
    meetings = db.session.scalars(
        sa.select(Meeting)
        .join(Committee)
        .where(Committee.is_active.is_(True), Meeting.starts_at >= now - dt.timedelta(hours=12))
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    if not meetings:
        return []
    questions = db.session.scalars(
        sa.select(Question)
        .options(joinedload(Question.rejection_ground))
        .where(
            Question.meeting_id.in_([m.id for m in meetings]),
            Question.status.in_(list(REGISTER_STATUS)),
        )
        .order_by(Question.meeting_id, Question.received_at, Question.id)
    ).all()
    by_meeting: dict[int, list[RegisterRow]] = {}
    for question in questions:
        row = row_for(question)
        if row is not None:
            by_meeting.setdefault(question.meeting_id, []).append(row)
    return [
        RegisterMeeting(meeting=m, rows=by_meeting.get(m.id, []))
        for m in meetings
        if m.id in by_meeting or (m.takes_public_questions and m.committee.takes_public_questions)
    ]
