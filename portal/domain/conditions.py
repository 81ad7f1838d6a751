"""The facts about time and state that permissions and verbs both ask about: whether a
meeting still takes questions, until when a question can be confirmed, whether a
rejected question was already sent again.

Shared by every area, like `states` and `permissions`; it imports no area, so the
permission predicates can use it without a cycle.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portal.domain.states import COUNTS_TOWARDS_LIMIT
from portal.extensions import db
from portal.models import Meeting, MeetingStatus, Question, utcnow

# An unconfirmed question expires this long after it was sent (or when its meeting starts).
CONFIRM_WITHIN = dt.timedelta(hours=48)


def is_open_for_public_questions(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    now = now or utcnow()
    return (
        meeting.committee.takes_public_questions
        and meeting.takes_public_questions
        and meeting.status in (MeetingStatus.SCHEDULED, MeetingStatus.MOVED)
        and now < meeting.question_deadline_at
    )


def is_open_for_member_questions(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    now = now or utcnow()
    return (
        meeting.committee.takes_member_questions
        and meeting.status in (MeetingStatus.SCHEDULED, MeetingStatus.MOVED)
        and now < meeting.question_deadline_at
    )


def confirmation_deadline(question: Question) -> dt.datetime:
    """An unconfirmed question expires 48 hours after it was sent, or when its meeting starts."""
    return min(question.created_at + CONFIRM_WITHIN, question.meeting.starts_at)


def live_resubmission(question: Question) -> Question | None:
    """The question that replaced `question` after it was fixed and sent again, if still live."""
    return db.session.scalar(
        sa.select(Question)
        .where(
            Question.resubmission_of_id == question.id,
            Question.status.in_(sorted(COUNTS_TOWARDS_LIMIT)),
        )
        .order_by(Question.id.desc())
        .limit(1)
    )


def next_meeting_after(meeting: Meeting) -> Meeting | None:
    """The committee's next meeting that has not been cancelled, if one is scheduled."""
    return db.session.scalar(
        sa.select(Meeting)
        .where(
            Meeting.committee_id == meeting.committee_id,
            Meeting.starts_at > meeting.starts_at,
            Meeting.status != MeetingStatus.CANCELLED,
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    )


def feedback_closes_at(question: Question) -> dt.datetime | None:
    """A questioner can say whether the answer answered them until the committee's next
    meeting starts (without end while none is scheduled)."""
    following = next_meeting_after(question.meeting)
    return following.starts_at if following is not None else None


def rejected_at(question: Question) -> dt.datetime | None:
    """When the question was last not accepted."""
    times = [e.at for e in question.events if e.verb == "reject"]
    return max(times, default=None)


def review_closes_at(question: Question) -> dt.datetime | None:
    """A review of a rejection can be asked for until this many days after it (the committee's rules)."""
    when = rejected_at(question)
    rules = question.meeting.committee.rules
    if when is None:
        return None
    return when + dt.timedelta(days=rules.review_days if rules is not None else 10)
