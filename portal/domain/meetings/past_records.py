"""Records entered after the event: the questions and answers of a meeting that has
already happened, typed in from the council's own record.

A council starting on the portal has years of meetings whose questions were taken by
e-mail and answered in Word. A clerk enters such a meeting (`enter_past_meeting`) and
each exchange in it (`enter_past_exchange`) exactly as the record shows it, and no
more: no end time, original question, post or answerer the record does not have. Each
one is marked as entered after the event, with who entered it and when, and the
published record says so.

Importers call the same two functions, so a record read from a file and one typed in
by a clerk are the same kind of record and pass the same checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa

from portal.domain import lifecycle
from portal.domain.errors import Invalid
from portal.domain.meetings import proceedings
from portal.domain.meetings.proceedings import ActionEntry, CommentEntry, FollowUpEntry
from portal.domain.meetings.scheduling import minute_problem
from portal.domain.permissions import NotPermitted, can_enter_past_record
from portal.domain.sanitise import render_markdown
from portal.domain.states import QuestionKind
from portal.extensions import db
from portal.formatting import format_date, to_london
from portal.models import (
    Arrival,
    Committee,
    Meeting,
    MeetingChange,
    MeetingChangeKind,
    MeetingStatus,
    Post,
    PutOutcome,
    Question,
    QuestionOutcome,
    User,
    utcnow,
)

NAME_LIMIT = 100
SHORT_LIMIT = 300
LONG_LIMIT = 20_000


class PastRecordError(Invalid):
    """What cannot be entered; `errors` maps each field to a GOV.UK-style message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors=errors)


@dataclass(frozen=True)
class PastMeeting:
    """A meeting that has already happened, as its record describes it."""

    committee: Committee
    starts_at: dt.datetime  # timezone-aware
    venue: str
    title: str = ""
    public_questions_item: str = ""
    member_questions_item: str = ""
    # Section headings exactly as the record prints them, when they are not the usual ones.
    public_questions_heading: str = ""
    member_questions_heading: str = ""
    # The minutes' own numbers for the questions items, such as "45/22" or "C.123".
    public_questions_minute: str = ""
    member_questions_minute: str = ""
    # Only when the record gives them: "The meeting ended at 4.45 pm".
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None


@dataclass(frozen=True)
class PastExchange:
    """One question (or supplementary alone) and what followed, as the record shows it.

    Rich text (responses, supplementaries, written response) is Markdown, as the console
    takes it; the question is plain text. Leave out whatever the record does not have.
    """

    kind: QuestionKind = QuestionKind.PUBLIC
    number: int | None = None  # None: the next number in the meeting's record
    title: str = ""
    first_name: str = ""
    last_name: str = ""
    town: str = ""
    ward: str = ""  # councillors
    publish_name: bool = True  # False: the record says "Name and address supplied"
    on_behalf_of: str = ""
    arrival: Arrival | None = None
    question: str = ""  # empty: the record holds only the supplementary
    post: Post | None = None
    question_to: str = ""  # as printed, when more than (or instead of) the post's title
    response: str = ""
    answered_by: str = ""
    put: PutOutcome | None = None
    read_by: str = ""
    supplementary: str = ""
    supplementary_arrival: Arrival | None = None
    supplementary_answered_by: str = ""
    supplementary_answer: str = ""
    # The record says only "A written response will be provided": promised, with no date.
    written_answer_to_follow: bool = False
    written_answer_sent_on: dt.date | None = None
    written_answer: str = ""
    actions: list[ActionEntry] = field(default_factory=list)
    noted_comments: list[CommentEntry] = field(default_factory=list)
    follow_ups: list[FollowUpEntry] = field(default_factory=list)


# Meetings ------------------------------------------------------------------------------


def enter_past_meeting(details: PastMeeting, *, by: User | None, now: dt.datetime | None = None) -> Meeting:
    """Create the record of a meeting that has already happened, marked as entered after
    the event by `by`. It is held, takes no questions through the portal, and has no
    end time unless the record gives one."""
    if not can_enter_past_record(by):
        raise NotPermitted("Only democratic services can enter the record of a past meeting")
    now = now or utcnow()
    errors = _meeting_errors(details, now)
    if errors:
        raise PastRecordError(errors)
    meeting = Meeting(
        committee=details.committee,
        title=details.title.strip() or None,
        starts_at=details.starts_at,
        venue=details.venue.strip(),
        public_questions_item=details.public_questions_item.strip() or None,
        member_questions_item=details.member_questions_item.strip() or None,
        public_questions_heading=details.public_questions_heading.strip() or None,
        member_questions_heading=details.member_questions_heading.strip() or None,
        public_questions_minute=details.public_questions_minute.strip() or None,
        member_questions_minute=details.member_questions_minute.strip() or None,
        takes_public_questions=details.committee.takes_public_questions,
        status=MeetingStatus.HELD,
        question_deadline_at=details.starts_at,
        deadline_explanation="Entered after the meeting: its questions were not taken through the portal.",
        actual_started_at=details.started_at,
        actual_ended_at=details.ended_at,
        entered_after_event_at=now,
        entered_after_event_by=by,
    )
    meeting.changes.append(
        MeetingChange(
            kind=MeetingChangeKind.HELD,
            by=by,
            at=now,
            to_starts_at=details.starts_at,
            to_venue=meeting.venue,
            reason="Entered after the meeting from the council's record",
        )
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def _meeting_errors(details: PastMeeting, now: dt.datetime) -> dict[str, str]:
    errors: dict[str, str] = {}
    if details.starts_at.tzinfo is None:
        raise ValueError("Meeting times must carry a time zone")
    if not details.committee.is_active:
        errors["committee"] = "Choose a committee that is still in use"
    if details.starts_at >= now:
        errors["starts_at"] = "The date of a past meeting must be in the past"
    if not details.venue.strip():
        errors["venue"] = "Enter where the meeting was held, as the record gives it"
    elif len(details.venue.strip()) > SHORT_LIMIT:
        errors["venue"] = f"Enter {SHORT_LIMIT} characters or fewer"
    if len(details.title.strip()) > 200:
        errors["title"] = "Enter 200 characters or fewer"
    for name in ("public_questions_item", "member_questions_item"):
        if len(getattr(details, name).strip()) > 20:
            errors[name] = "Enter 20 characters or fewer"
    for name in ("public_questions_minute", "member_questions_minute"):
        problem = minute_problem(getattr(details, name))
        if problem:
            errors[name] = problem
    for name in ("public_questions_heading", "member_questions_heading"):
        if len(getattr(details, name).strip()) > SHORT_LIMIT:
            errors[name] = f"Enter {SHORT_LIMIT} characters or fewer"
    if details.ended_at is not None and details.started_at is None:
        errors["started_at"] = "Enter the time the meeting started, or leave both times blank"
    if details.started_at and details.ended_at and details.ended_at <= details.started_at:
        errors["ended_at"] = "The time the meeting ended must be after it started"
    return errors


# Exchanges -----------------------------------------------------------------------------


def next_number(meeting: Meeting, kind: QuestionKind) -> int:
    current = db.session.scalar(
        sa.select(sa.func.max(Question.number)).where(
            Question.meeting_id == meeting.id, Question.kind == kind
        )
    )
    return (current or 0) + 1


def enter_past_exchange(
    meeting: Meeting, exchange: PastExchange, *, by: User | None, now: dt.datetime | None = None
) -> Question:
    """Enter one question of a past meeting and everything the record says followed it.

    The question is numbered (the next number unless the record gives one), marked as
    entered after the event by `by`, and is ready for the meeting's minutes appendix.
    Raises PastRecordError, changing nothing, when any field cannot be entered.
    """
    if not can_enter_past_record(by, meeting):
        raise NotPermitted("You cannot enter questions for this meeting")
    now = now or utcnow()
    lifecycle.lock_meeting(meeting)
    errors = _exchange_errors(meeting, exchange, now)
    number = exchange.number or next_number(meeting, exchange.kind)
    if exchange.number is not None and "number" not in errors:
        taken = db.session.scalar(
            sa.select(Question.id).where(
                Question.meeting_id == meeting.id, Question.kind == exchange.kind, Question.number == number
            )
        )
        if taken is not None:
            errors["number"] = (
                f"{exchange.kind.prefix} {number} is already in this meeting's record. Enter another "
                f"number, or leave it blank to use the next one ({exchange.kind.prefix} "
                f"{next_number(meeting, exchange.kind)})"
            )
    if errors:
        raise PastRecordError(errors)

    question = Question(
        reference=lifecycle.new_reference(now),
        meeting=meeting,
        kind=exchange.kind,
        title=exchange.title.strip() or None,
        first_name=exchange.first_name.strip(),
        last_name=exchange.last_name.strip(),
        town=exchange.town.strip() or None,
        ward=exchange.ward.strip() or None,
        publish_name=exchange.publish_name,
        on_behalf_of=exchange.on_behalf_of.strip() or None,
        original_text=exchange.question.strip(),
        asked_post=exchange.post,
        answering_post=exchange.post,
        question_to_text=exchange.question_to.strip(),
        answered_by=exchange.answered_by.strip(),
        arrival=exchange.arrival,
        number=number,
        recorded_response_source=exchange.response.strip(),
        recorded_response_html=render_markdown(exchange.response.strip()),
        entered_after_event_at=now,
        entered_after_event_by=by,
    )
    db.session.add(question)
    lifecycle.decide_new(question, "enter_after_event", by=by, now=now).record()

    changes: dict = {
        "put": exchange.put,
        "read_by": exchange.read_by,
        "supplementary": exchange.supplementary,
        "supplementary_arrival": exchange.supplementary_arrival,
        "supplementary_answered_by": exchange.supplementary_answered_by,
        "supplementary_answer": exchange.supplementary_answer,
        "actions": exchange.actions,
        "noted_comments": exchange.noted_comments,
        "follow_ups": exchange.follow_ups,
    }
    try:
        proceedings.save_outcome(question, by=by, changes=changes, now=now)
    except Invalid as error:  # checked above; a rule added there later still stops here
        raise PastRecordError(error.errors) from error
    if exchange.written_answer_sent_on is not None:
        _enter_written_answer(question, exchange, by=by, now=now)
    elif exchange.written_answer_to_follow:
        _enter_undated_promise(question, by=by, now=now)
    db.session.flush()
    return question


def _enter_written_answer(
    question: Question, exchange: PastExchange, *, by: User | None, now: dt.datetime
) -> None:
    outcome: QuestionOutcome = question.outcome
    sent_on = exchange.written_answer_sent_on
    outcome.written_answer_promised = True
    outcome.written_answer_sent_on = sent_on
    outcome.written_answer_source = exchange.written_answer.strip()
    outcome.written_answer_html = render_markdown(outcome.written_answer_source)
    outcome.written_answer_recorded_by = by
    outcome.written_answer_recorded_at = now
    lifecycle.record_event(
        question,
        "record_written_answer",
        title=f"Written response sent on {format_date(sent_on, weekday=False)} entered from the record",
        actor=by,
        now=now,
        data={"sent_on": sent_on.isoformat()},
    )


def _enter_undated_promise(question: Question, *, by: User | None, now: dt.datetime) -> None:
    """The record promised a written answer and gave no date: no due date is invented."""
    outcome: QuestionOutcome = question.outcome
    outcome.written_answer_promised = True
    outcome.written_answer_undated = True
    lifecycle.record_event(
        question,
        "promise_written_answer",
        title="Written response promised with no date, entered from the record",
        actor=by,
        now=now,
        data={"after": {"promised": True, "due_on": None}},
    )


def _exchange_errors(meeting: Meeting, exchange: PastExchange, now: dt.datetime) -> dict[str, str]:
    errors: dict[str, str] = {}
    meeting_day = to_london(meeting.starts_at).date()
    if meeting.starts_at >= now:
        errors["meeting"] = "This meeting has not happened yet. Questions for it are taken through the portal"
    if exchange.kind is QuestionKind.MEMBER:
        if not exchange.last_name.strip():
            errors["last_name"] = "Enter the councillor's surname, as the record gives it"
    elif exchange.publish_name and not exchange.last_name.strip():
        errors["last_name"] = (
            "Enter the questioner's surname, or choose 'Name and address supplied' if the record "
            "does not name them"
        )
    for name in ("title", "first_name", "last_name", "town", "ward"):
        if len(getattr(exchange, name).strip()) > NAME_LIMIT:
            errors[name] = f"Enter {NAME_LIMIT} characters or fewer"
    for name in ("on_behalf_of", "question_to", "answered_by", "read_by", "supplementary_answered_by"):
        if len(getattr(exchange, name).strip()) > SHORT_LIMIT:
            errors[name] = f"Enter {SHORT_LIMIT} characters or fewer"
    for name in ("question", "response", "supplementary", "supplementary_answer", "written_answer"):
        if len(getattr(exchange, name).strip()) > LONG_LIMIT:
            errors[name] = "The text is too long; split it or shorten it"
    if exchange.number is not None and exchange.number < 1:
        errors["number"] = "Enter a whole number, 1 or more"
    if not exchange.question.strip() and not exchange.supplementary.strip():
        errors["question"] = "Enter the question, or the supplementary question if the record holds only that"
    if exchange.response.strip() and not exchange.question.strip():
        errors["response"] = "Enter the question this response answers, or leave the response blank"
    if exchange.supplementary_answer.strip() and not exchange.supplementary.strip():
        errors["supplementary"] = "Enter the supplementary question this response answers"
    if exchange.put is PutOutcome.READ_ON_BEHALF and not exchange.read_by.strip():
        errors["read_by"] = "Enter who read the question out, for example Chair"
    sent_on, written = exchange.written_answer_sent_on, exchange.written_answer.strip()
    if sent_on is not None:
        if sent_on < meeting_day:
            errors["written_answer_sent_on"] = (
                "The date the written response was sent must be on or after the meeting "
                f"({format_date(meeting_day, weekday=False)})"
            )
        elif sent_on > to_london(now).date():
            errors["written_answer_sent_on"] = (
                "The date the written response was sent must be today or in the past"
            )
        if not written:
            errors["written_answer"] = "Enter the written response, as the record gives it"
    elif written:
        errors["written_answer_sent_on"] = "Enter the date the written response was sent"
    if exchange.written_answer_to_follow and (sent_on is not None or written):
        errors["written_answer_to_follow"] = (
            "The record gives the written response that was sent: enter it with its date and "
            "untick “A written response will be provided”"
        )
    elif exchange.written_answer_to_follow and exchange.put is PutOutcome.NOT_PUT:
        errors["written_answer_to_follow"] = (
            "A question not put at the meeting had no written response promised there: untick "
            "“A written response will be provided”, or record how the question was put"
        )
    for index, entry in enumerate(exchange.actions):
        if not entry.text.strip() and entry.owner.strip():
            errors[f"actions-{index}-text"] = "Enter the action, or remove who it is for"
    for index, entry in enumerate(exchange.follow_ups):
        if (entry.answer.strip() or entry.answered_by.strip()) and not entry.question.strip():
            errors[f"follow_ups-{index}-question"] = "Enter the follow-up question, or remove its answer"
        elif entry.question.strip() and not entry.asked_by.strip():
            errors[f"follow_ups-{index}-asked_by"] = (
                "Enter who asked the follow-up question, for example Cllr J Hewitt"
            )
    for index, entry in enumerate(exchange.noted_comments):
        if entry.body.strip() and not entry.heading.strip():
            errors[f"noted_comments-{index}-heading"] = (
                "Enter a heading for the comment, such as who it is from"
            )
    return errors


def entered_questions(meeting: Meeting) -> list[Question]:
    """The meeting's questions entered after the event, public then member, by number."""
    return list(
        db.session.scalars(
            sa.select(Question)
            .where(Question.meeting_id == meeting.id, Question.entered_after_event_at.is_not(None))
            .order_by(Question.kind.desc(), Question.number, Question.id)
        )
    )


def past_meetings(limit: int = 50) -> list[Meeting]:
    """Meetings whose record was entered after the event, newest first."""
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.entered_after_event_at.is_not(None))
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
            .limit(limit)
        )
    )
