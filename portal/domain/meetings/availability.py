"""Which meetings take questions now, and for those that do not, why not and what is next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext

from portal.domain import conditions
from portal.domain.meetings import scheduling
from portal.formatting import format_datetime
from portal.models import Committee, Meeting, MeetingStatus, utcnow


@dataclass(frozen=True)
class ClosedMeeting:
    meeting: Meeting
    reason: str
    # The same committee's next meeting that does take questions, if there is one.
    next_open: Meeting | None


def why_not_open(meeting: Meeting, now: dt.datetime | None = None) -> str | None:
    """Why a meeting is not taking public questions, in plain words; None if it is."""
    now = now or utcnow()
    if conditions.is_open_for_public_questions(meeting, now):
        return None
    if meeting.status is MeetingStatus.CANCELLED:
        return gettext("This meeting has been cancelled")
    if meeting.status is MeetingStatus.HELD or meeting.starts_at <= now:
        return gettext("This meeting has already taken place")
    if not (meeting.committee.takes_public_questions and meeting.takes_public_questions):
        return gettext("This meeting does not take questions from the public")
    if not meeting.committee.is_active:
        return gettext("This committee no longer meets")
    return gettext(
        "The deadline for questions was %(deadline)s", deadline=format_datetime(meeting.question_deadline_at)
    )


def next_open_meeting(committee: Committee, now: dt.datetime | None = None) -> Meeting | None:
    for meeting in scheduling.meetings_open_for_public_questions(now):
        if meeting.committee_id == committee.id:
            return meeting
    return None


def closed_meeting(meeting: Meeting, now: dt.datetime | None = None) -> ClosedMeeting | None:
    reason = why_not_open(meeting, now)
    if reason is None:
        return None
    return ClosedMeeting(meeting=meeting, reason=reason, next_open=next_open_meeting(meeting.committee, now))


def upcoming_closed_meetings(now: dt.datetime | None = None, limit: int = 8) -> list[ClosedMeeting]:
    """Meetings still to come that are not taking public questions, soonest first."""
    now = now or utcnow()
    closed = []
    for meeting in scheduling.upcoming_meetings(now):
        if meeting.starts_at <= now or not meeting.committee.is_active:
            continue
        found = closed_meeting(meeting, now)
        if found is not None:
            closed.append(found)
        if len(closed) >= limit:
            break
    return closed
