"""Scheduling meetings: create, move, cancel, reinstate, and set or recompute deadlines.

Moving a meeting keeps a record of where and when it was, and recomputes the question
deadline from the committee's rules, unless a clerk has set the deadline by hand.

Each verb takes `by`, the member of staff making the change, and checks their
permission; `by=None` is the system itself (the command line and the demo data).
"""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from portal.domain.errors import Invalid
from portal.domain.meetings import deadlines
from portal.domain.permissions import NotPermitted, can_manage_meetings
from portal.extensions import db
from portal.formatting import current_language
from portal.models import (
    ClosureDay,
    Committee,
    Meeting,
    MeetingChange,
    MeetingChangeKind,
    MeetingStatus,
    ProcedureRules,
    User,
    utcnow,
)


class SchedulingError(Invalid):
    """A meeting change that cannot be made, worded for the person making it."""


MINUTE_LIMIT = 30
_MINUTE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./() -]*$")


def minute_problem(value: str) -> str | None:
    """Why `value` cannot be the minute questions are recorded under ("45/22", "C.123")."""
    value = value.strip()
    if not value:
        return None
    if len(value) > MINUTE_LIMIT:
        return f"Enter the minute number in {MINUTE_LIMIT} characters or fewer"
    if value.lower().startswith(("minute", "min.", "item")) or not _MINUTE.match(value):
        return (
            "Enter the minute number only, such as 45/22 or C.123: the record prints the word "
            "“Minute” before it"
        )
    return None


def _require_meeting_manager(by: User | None) -> None:
    if by is not None and not can_manage_meetings(by):
        raise NotPermitted("Only democratic services can change meetings")


def closure_days() -> dict[dt.date, str]:
    rows = db.session.execute(sa.select(ClosureDay.day, ClosureDay.description).order_by(ClosureDay.day))
    return {day: description for day, description in rows}


def rules_for(committee: Committee) -> ProcedureRules:
    if committee.rules is None:
        committee.rules = ProcedureRules()
        db.session.flush()
    return committee.rules


def deadline_for(committee: Committee, starts_at: dt.datetime) -> deadlines.Deadline:
    rules = rules_for(committee)
    return deadlines.compute_deadline(
        starts_at, rules.deadline_clear_working_days, rules.deadline_time, closure_days()
    )


def preview_deadline(committee: Committee, starts_at: dt.datetime) -> deadlines.Deadline:
    """The deadline the rules give, without writing anything (safe on a GET)."""
    rules = committee.rules or ProcedureRules()
    clear_days = rules.deadline_clear_working_days
    at = rules.deadline_time
    return deadlines.compute_deadline(
        starts_at,
        2 if clear_days is None else clear_days,
        at or dt.time(9, 30),
        closure_days(),
    )


def deadline_working(meeting: Meeting) -> tuple[str, str]:
    """How the meeting's deadline was worked out, in the language being written, with the
    language it is actually in: the working stored when the deadline was set is English;
    in Welsh the same working is written afresh, unless democratic services set the
    deadline by hand or the rules now give another time (then the English one stands)."""
    stored = meeting.deadline_explanation
    if current_language() == "en" or meeting.deadline_overridden:
        return stored, "en"
    computed = deadline_for(meeting.committee, meeting.starts_at)
    if computed.at != meeting.question_deadline_at:
        return stored, "en"
    return computed.explanation, current_language()


def _apply_computed_deadline(meeting: Meeting) -> None:
    computed = deadline_for(meeting.committee, meeting.starts_at)
    meeting.question_deadline_at = computed.at
    meeting.deadline_explanation = computed.explanation


def schedule_meeting(
    committee: Committee,
    *,
    starts_at: dt.datetime,
    by: User | None,
    venue: str = "",
    venue_cy: str | None = None,
    title: str | None = None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    public_questions_item: str | None = None,
    member_questions_item: str | None = None,
    webcast_url: str | None = None,
    takes_public_questions: bool = True,
) -> Meeting:
    _require_meeting_manager(by)
    if starts_at.tzinfo is None:
        raise SchedulingError("Meeting times must carry a time zone")
    if not committee.is_active:
        raise SchedulingError("Meetings cannot be scheduled for an inactive committee", field="committee")
    computed = deadline_for(committee, starts_at)
    meeting = Meeting(
        committee=committee,
        starts_at=starts_at,
        venue=venue,
        venue_cy=(venue_cy or "").strip() or None,
        title=title or None,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        public_questions_item=public_questions_item or None,
        member_questions_item=member_questions_item or None,
        webcast_url=webcast_url or None,
        takes_public_questions=takes_public_questions,
        status=MeetingStatus.SCHEDULED,
        question_deadline_at=computed.at,
        deadline_explanation=computed.explanation,
    )
    db.session.add(meeting)
    meeting.changes.append(
        MeetingChange(kind=MeetingChangeKind.SCHEDULED, by=by, to_starts_at=starts_at, to_venue=venue)
    )
    db.session.flush()
    return meeting


def update_details(
    meeting: Meeting,
    *,
    by: User | None,
    venue: str,
    title: str | None,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    public_questions_item: str | None,
    member_questions_item: str | None,
    webcast_url: str | None,
    takes_public_questions: bool,
    public_questions_minute: str | None = None,
    member_questions_minute: str | None = None,
    venue_cy: str | None = None,
) -> None:
    """Details that do not move the meeting. A venue change is recorded. The minute numbers
    (None: left as they are) print on the minutes appendix from its next version; `venue_cy`,
    the venue in Welsh: None leaves it as it is."""
    _require_meeting_manager(by)
    for field, value in (
        ("public_questions_minute", public_questions_minute),
        ("member_questions_minute", member_questions_minute),
    ):
        problem = minute_problem(value or "")
        if problem:
            raise SchedulingError(problem, field=field)
    if meeting.venue != venue:
        meeting.changes.append(
            MeetingChange(
                kind=MeetingChangeKind.DETAILS_CHANGED, by=by, from_venue=meeting.venue, to_venue=venue
            )
        )
    meeting.venue = venue
    if venue_cy is not None:
        meeting.venue_cy = venue_cy.strip() or None
    meeting.title = title or None
    meeting.contact_name = contact_name
    meeting.contact_email = contact_email
    meeting.contact_phone = contact_phone
    meeting.public_questions_item = public_questions_item or None
    meeting.member_questions_item = member_questions_item or None
    meeting.webcast_url = webcast_url or None
    meeting.takes_public_questions = takes_public_questions
    if public_questions_minute is not None:
        meeting.public_questions_minute = public_questions_minute.strip() or None
    if member_questions_minute is not None:
        meeting.member_questions_minute = member_questions_minute.strip() or None
    db.session.flush()


def move_meeting(
    meeting: Meeting,
    *,
    to_starts_at: dt.datetime,
    by: User | None,
    reason: str,
    venue: str | None = None,
    now: dt.datetime | None = None,
) -> None:
    _require_meeting_manager(by)
    if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.HELD):
        raise SchedulingError(f"A {meeting.status.label.lower()} meeting cannot be moved")
    if to_starts_at.tzinfo is None:
        raise SchedulingError("Meeting times must carry a time zone")
    if to_starts_at == meeting.starts_at and (venue is None or venue == meeting.venue):
        raise SchedulingError("Enter a new date, time or venue for the meeting", field="starts_at")
    if to_starts_at != meeting.starts_at and to_starts_at <= (now or utcnow()):
        raise SchedulingError("The new date and time must be in the future", field="starts_at")
    if not reason.strip():
        raise SchedulingError("Enter why the meeting is moving", field="reason")
    old_deadline = meeting.question_deadline_at
    # Work the new deadline out before changing anything: the queries it needs would
    # otherwise flush a half-moved meeting (new time, old deadline) and break its CHECK.
    computed = deadline_for(meeting.committee, to_starts_at)
    # A hand-set deadline stays, unless it would now fall after the meeting it is for.
    keep_override = meeting.deadline_overridden and old_deadline < to_starts_at
    change = MeetingChange(
        kind=MeetingChangeKind.MOVED,
        by=by,
        from_starts_at=meeting.starts_at,
        to_starts_at=to_starts_at,
        from_venue=meeting.venue,
        to_venue=venue if venue is not None else meeting.venue,
        reason=reason.strip(),
        from_deadline_at=old_deadline,
    )
    meeting.starts_at = to_starts_at
    if venue is not None:
        if venue != meeting.venue:
            meeting.venue_cy = None  # the Welsh was of the old venue: the new one shows in English
        meeting.venue = venue
    meeting.status = MeetingStatus.MOVED
    if not keep_override:
        meeting.deadline_overridden = False
        meeting.deadline_override_reason = None
        meeting.question_deadline_at = computed.at
        meeting.deadline_explanation = computed.explanation
    change.to_deadline_at = meeting.question_deadline_at
    meeting.changes.append(change)
    db.session.flush()


def cancel_meeting(meeting: Meeting, *, by: User | None, reason: str) -> None:
    _require_meeting_manager(by)
    if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.HELD):
        raise SchedulingError(f"This meeting is already {meeting.status.label.lower()}")
    if not reason.strip():
        raise SchedulingError("Enter why the meeting is cancelled", field="reason")
    meeting.changes.append(MeetingChange(kind=MeetingChangeKind.CANCELLED, by=by, reason=reason.strip()))
    meeting.status = MeetingStatus.CANCELLED
    meeting.status_reason = reason.strip()
    db.session.flush()


def reinstate_meeting(meeting: Meeting, *, by: User | None, reason: str) -> None:
    _require_meeting_manager(by)
    if meeting.status is not MeetingStatus.CANCELLED:
        raise SchedulingError("Only a cancelled meeting can be reinstated")
    meeting.changes.append(
        MeetingChange(kind=MeetingChangeKind.REINSTATED, by=by, reason=reason.strip() or None)
    )
    # A meeting that had moved before it was cancelled still tells people it moved.
    was_moved = any(c.kind is MeetingChangeKind.MOVED for c in meeting.changes)
    meeting.status = MeetingStatus.MOVED if was_moved else MeetingStatus.SCHEDULED
    meeting.status_reason = None
    db.session.flush()


def mark_held(meeting: Meeting, *, by: User | None, now: dt.datetime | None = None) -> None:
    _require_meeting_manager(by)
    if meeting.status is MeetingStatus.CANCELLED:
        raise SchedulingError("A cancelled meeting cannot be marked as held")
    if meeting.status is MeetingStatus.HELD:
        return
    if meeting.starts_at > (now or utcnow()):
        raise SchedulingError("A meeting cannot be marked as held before it starts")
    meeting.changes.append(MeetingChange(kind=MeetingChangeKind.HELD, by=by))
    meeting.status = MeetingStatus.HELD
    db.session.flush()


def override_deadline(meeting: Meeting, *, deadline_at: dt.datetime, by: User | None, reason: str) -> None:
    _require_meeting_manager(by)
    if meeting.status not in (MeetingStatus.SCHEDULED, MeetingStatus.MOVED):
        raise SchedulingError(f"The deadline of a {meeting.status.label.lower()} meeting cannot be changed")
    if not reason.strip():
        raise SchedulingError("Enter why the deadline is being set by hand", field="reason")
    if deadline_at >= meeting.starts_at:
        raise SchedulingError("The deadline must be before the meeting starts", field="deadline")
    meeting.changes.append(
        MeetingChange(
            kind=MeetingChangeKind.DEADLINE_OVERRIDDEN,
            by=by,
            from_deadline_at=meeting.question_deadline_at,
            to_deadline_at=deadline_at,
            reason=reason.strip(),
        )
    )
    meeting.question_deadline_at = deadline_at
    meeting.deadline_overridden = True
    meeting.deadline_override_reason = reason.strip()
    meeting.deadline_explanation = f"Set by democratic services: {reason.strip()}"
    db.session.flush()


def restore_computed_deadline(meeting: Meeting, *, by: User | None) -> None:
    _require_meeting_manager(by)
    if not meeting.deadline_overridden:
        raise SchedulingError("The deadline is already the one the committee's rules give")
    if meeting.status not in (MeetingStatus.SCHEDULED, MeetingStatus.MOVED):
        raise SchedulingError(f"The deadline of a {meeting.status.label.lower()} meeting cannot be changed")
    old = meeting.question_deadline_at
    meeting.deadline_overridden = False
    meeting.deadline_override_reason = None
    _apply_computed_deadline(meeting)
    _record_recomputed(meeting, by=by, before=old, reason="Worked out again from the committee's rules")
    db.session.flush()


def _record_recomputed(meeting: Meeting, *, by: User | None, before: dt.datetime, reason: str) -> None:
    """The meeting's history says its deadline was worked out again, from what and why."""
    meeting.changes.append(
        MeetingChange(
            kind=MeetingChangeKind.DEADLINE_RECOMPUTED,
            by=by,
            from_deadline_at=before,
            to_deadline_at=meeting.question_deadline_at,
            reason=reason,
        )
    )


def recompute_upcoming_deadlines(
    committee: Committee | None = None, *, by: User | None = None, now: dt.datetime | None = None
) -> int:
    """After rules or closure days change: recompute the deadline of every upcoming
    meeting that was not set by hand. Returns how many changed.

    A deadline that has already passed is left alone: questions to that meeting have
    closed and people have been told so, and a rule change must not reopen them.
    """
    now = now or utcnow()
    query = sa.select(Meeting).where(
        Meeting.starts_at > now,
        Meeting.question_deadline_at > now,
        Meeting.deadline_overridden.is_(False),
        Meeting.status.in_([MeetingStatus.SCHEDULED, MeetingStatus.MOVED]),
    )
    if committee is not None:
        query = query.where(Meeting.committee_id == committee.id)
    changed = 0
    for meeting in db.session.scalars(query.order_by(Meeting.starts_at)):
        before = meeting.question_deadline_at
        _apply_computed_deadline(meeting)
        if meeting.question_deadline_at != before:
            _record_recomputed(
                meeting,
                by=by,
                before=before,
                reason="The committee's rules or the council's closure days changed",
            )
            changed += 1
    db.session.flush()
    return changed


def meetings_open_for_public_questions(now: dt.datetime | None = None) -> list[Meeting]:
    now = now or utcnow()
    query = (
        sa.select(Meeting)
        .join(Committee)
        .where(
            Committee.takes_public_questions.is_(True),
            Committee.is_active.is_(True),
            Meeting.takes_public_questions.is_(True),
            Meeting.status.in_([MeetingStatus.SCHEDULED, MeetingStatus.MOVED]),
            Meeting.question_deadline_at > now,
        )
        .order_by(Meeting.question_deadline_at, Meeting.id)
        .options(sa.orm.contains_eager(Meeting.committee))
    )
    return list(db.session.scalars(query))


def upcoming_meetings(
    now: dt.datetime | None = None, committee: Committee | None = None, *, limit: int | None = None
) -> list[Meeting]:
    """Meetings from 12 hours ago on, soonest first (the first `limit` of them), each with
    its committee loaded (every list shows the committee's name)."""
    now = now or utcnow()
    query = sa.select(Meeting).where(Meeting.starts_at >= now - dt.timedelta(hours=12))
    if committee is not None:
        query = query.where(Meeting.committee_id == committee.id)
    query = query.order_by(Meeting.starts_at, Meeting.id).options(sa.orm.joinedload(Meeting.committee))
    return list(db.session.scalars(query.limit(limit) if limit is not None else query))


def past_meetings(
    now: dt.datetime | None = None, committee: Committee | None = None, *, limit: int | None = None
) -> list[Meeting]:
    """Meetings before 12 hours ago, newest first (the first `limit` of them)."""
    now = now or utcnow()
    query = sa.select(Meeting).where(Meeting.starts_at < now - dt.timedelta(hours=12))
    if committee is not None:
        query = query.where(Meeting.committee_id == committee.id)
    query = query.order_by(Meeting.starts_at.desc(), Meeting.id.desc()).options(
        sa.orm.joinedload(Meeting.committee)
    )
    return list(db.session.scalars(query.limit(limit) if limit is not None else query))
