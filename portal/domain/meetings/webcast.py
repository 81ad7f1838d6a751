"""Moments in a meeting's webcast: where each question and supplementary begins.

A clerk records them in the console as a time into the webcast ("1:05:30"), or presses
"mark now" while the meeting is live (the time since the webcast started). The published
record links each exchange to its moment: YouTube's `?t=` parameter, and otherwise the
Media Fragments `#t=` that most players and browsers' own video understand.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import sqlalchemy as sa

from portal.domain.errors import Invalid
from portal.domain.permissions import NotPermitted, can_run_console
from portal.extensions import db
from portal.models import Meeting, MeetingRecordEvent, Question, QuestionOutcome, User, utcnow

LONGEST = 24 * 3600  # no webcast of a meeting runs for a day
_CLOCK = re.compile(r"^(?:(\d{1,2}):)?(\d{1,2}):(\d{2})$")
_UNITS = re.compile(r"^(?:(\d{1,2})\s*h)?\s*(?:(\d{1,3})\s*m)?\s*(?:(\d{1,4})\s*s)?$")
YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"})
FORMAT_HINT = "as hours, minutes and seconds, like 1:05:30, or minutes and seconds, like 12:40"


def parse_offset(text: str, what: str = "The time in the webcast") -> int | None:
    """'1:05:30', '12:40', '1h 5m 30s' as seconds; '' as None. Raises Invalid otherwise."""
    value = (text or "").strip().lower()
    if not value:
        return None
    match = _CLOCK.match(value)
    if match:
        hours, minutes, seconds = int(match.group(1) or 0), int(match.group(2)), int(match.group(3))
        if match.group(1) is not None and minutes > 59:
            raise Invalid(f"{what} must have no more than 59 minutes")
        if seconds > 59:
            raise Invalid(f"{what} must have no more than 59 seconds")
        return hours * 3600 + minutes * 60 + seconds
    match = _UNITS.match(value)
    if match and any(match.groups()):
        hours, minutes, seconds = (int(g or 0) for g in match.groups())
        return hours * 3600 + minutes * 60 + seconds
    raise Invalid(f"Enter {what[0].lower() + what[1:]} {FORMAT_HINT}")


def format_offset(seconds: int | None) -> str:
    """1:05:30 (or 12:40 under an hour); '' for none."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def moment_url(webcast_url: str | None, seconds: int | None) -> str | None:
    """The webcast at `seconds` in: `t=` for YouTube, `#t=` for any other player."""
    if not webcast_url or seconds is None:
        return None
    parts = urlsplit(webcast_url)
    if (parts.hostname or "").lower() in YOUTUBE_HOSTS:
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "t"]
        query.append(("t", f"{int(seconds)}s"))
        return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, f"t={int(seconds)}"))


def check_within(meeting: Meeting, seconds: int, what: str = "The time in the webcast") -> str | None:
    """The error for a moment past the webcast's end (or absurdly long), or None."""
    length = meeting.webcast_length_seconds
    if length is not None and seconds > length:
        return f"{what} must be within the webcast, which is {format_offset(length)} long"
    if seconds > LONGEST:
        return f"{what} must be less than 24 hours into the webcast"
    return None


def webcast_start(meeting: Meeting) -> dt.datetime | None:
    return meeting.webcast_started_at or meeting.actual_started_at


def offset_now(meeting: Meeting, now: dt.datetime | None = None) -> int:
    """'Mark now': the seconds since the webcast started. Raises Invalid if that cannot be known."""
    now = now or utcnow()
    start = webcast_start(meeting)
    if start is None:
        raise Invalid("Record when the meeting or its webcast started before marking a moment")
    seconds = int((now - start).total_seconds())
    if seconds < 0:
        raise Invalid("The webcast has not started yet, so there is no moment to mark")
    problem = check_within(meeting, seconds, "The moment")
    if problem:
        raise Invalid(problem)
    return seconds


def record_webcast(
    meeting: Meeting,
    *,
    by: User | None,
    started_at: dt.datetime | None,
    length_seconds: int | None,
    now: dt.datetime | None = None,
) -> bool:
    """When the webcast's recording starts and how long it is. Returns whether anything changed."""
    if not can_run_console(by, meeting):
        raise NotPermitted("You cannot record this meeting")
    errors: dict[str, str] = {}
    if length_seconds is not None and length_seconds <= 0:
        errors["webcast_length"] = "Enter how long the webcast is, like 2:15:00"
    elif length_seconds is not None and length_seconds > LONGEST:
        errors["webcast_length"] = "The webcast must be shorter than 24 hours"
    if length_seconds is not None and not errors:
        latest = _latest_moment(meeting)
        if latest is not None and latest > length_seconds:
            errors["webcast_length"] = (
                f"A question is marked at {format_offset(latest)}, so the webcast must be at least that long"
            )
    if errors:
        raise Invalid(errors=errors)
    if (started_at, length_seconds) == (meeting.webcast_started_at, meeting.webcast_length_seconds):
        return False
    before = [
        meeting.webcast_started_at.isoformat() if meeting.webcast_started_at else None,
        meeting.webcast_length_seconds,
    ]
    meeting.webcast_started_at, meeting.webcast_length_seconds = started_at, length_seconds
    db.session.add(
        MeetingRecordEvent(
            meeting=meeting,
            at=now or utcnow(),
            actor=by,
            verb="record_webcast",
            title="Webcast details recorded",
            data={
                "before": before,
                "after": [started_at.isoformat() if started_at else None, length_seconds],
            },
        )
    )
    db.session.flush()
    return True


def _latest_moment(meeting: Meeting) -> int | None:
    rows = db.session.execute(
        sa.select(QuestionOutcome.webcast_question_at, QuestionOutcome.webcast_supplementary_at)
        .join(Question, Question.id == QuestionOutcome.question_id)
        .where(Question.meeting_id == meeting.id)
        .order_by(QuestionOutcome.id)
    )
    moments = [m for row in rows for m in row if m is not None]
    return max(moments, default=None)
