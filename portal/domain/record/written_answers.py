"""Written answers promised at meetings: recording one as sent, and the register of
those owed (and overdue) and sent.

Only answers promised in a published minutes appendix are on the public register; the
staff list also shows promises recorded in the console but not yet published.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, selectinload

from portal.domain import lifecycle
from portal.domain.meetings.proceedings import MeetingRecordError
from portal.domain.numbers import question_anchor
from portal.domain.permissions import NotPermitted
from portal.domain.record.build import questioner_name
from portal.domain.sanitise import render_markdown
from portal.domain.states import PUBLISHED_IN_MINUTES, QuestionStatus
from portal.extensions import db
from portal.formatting import format_date, to_london
from portal.models import Meeting, Question, QuestionOutcome, User

S = QuestionStatus


def record_written_answer_sent(
    question: Question,
    *,
    by: User | None,
    sent_on: dt.date,
    body_source: str,
    now: dt.datetime | None = None,
) -> QuestionOutcome:
    """The written answer promised at the meeting has been sent: its date and its text.

    Called by publishing.record_sent_written_answer, which then publishes the record
    again so the answer appears in it.
    """
    verb = "send_written_answer" if question.status is S.AWAITING_WRITTEN_ANSWER else "record_written_answer"
    denied = "You cannot record a written answer for this question"
    decision = lifecycle.decide(
        question, verb, by=by, refusal=NotPermitted, refused_words=denied, not_permitted=denied, now=now
    )
    question, now = decision.question, decision.now
    outcome = question.outcome
    errors: dict[str, str] = {}
    body = (body_source or "").strip()
    html = render_markdown(body)
    if not html:
        errors["body"] = "Enter the written answer that was sent"
    meeting_day = to_london(question.meeting.starts_at).date()
    if sent_on < meeting_day:
        errors["sent_on"] = "The date the answer was sent must be on or after the meeting"
    elif sent_on > to_london(now).date():
        errors["sent_on"] = "The date the answer was sent must be today or in the past"
    if errors:
        raise MeetingRecordError(errors)
    first_time = outcome.written_answer_sent_on is None
    outcome.written_answer_sent_on = sent_on
    outcome.written_answer_source = body
    outcome.written_answer_html = html
    outcome.written_answer_recorded_by = by
    outcome.written_answer_recorded_at = now
    if decision.move.moves_status:
        decision.record(
            data={"sent_on": sent_on.isoformat()},
            public_note=f"Written response sent on {format_date(sent_on, weekday=False)}",
        )
    else:
        decision.record(
            title="Written answer recorded" if first_time else "Written answer corrected",
            data={"sent_on": sent_on.isoformat()},
        )
    db.session.flush()
    return outcome


@dataclass(frozen=True)
class WrittenAnswerEntry:
    question: Question
    outcome: QuestionOutcome
    meeting: Meeting
    questioner: str
    overdue: bool
    days_overdue: int
    question_path: str
    answer_path: str | None

    @property
    def due_on(self) -> dt.date | None:
        return self.outcome.written_answer_due_on

    @property
    def sent_on(self) -> dt.date | None:
        return self.outcome.written_answer_sent_on


@dataclass(frozen=True)
class Register:
    owed: list[WrittenAnswerEntry]
    sent: list[WrittenAnswerEntry]

    @property
    def overdue_count(self) -> int:
        return sum(1 for entry in self.owed if entry.overdue)


def _entry(question: Question, today: dt.date) -> WrittenAnswerEntry:
    outcome = question.outcome
    anchor = question_anchor(question)
    base = f"/meetings/{question.meeting_id}/questions"
    due = outcome.written_answer_due_on
    overdue = outcome.written_answer_sent_on is None and due is not None and due < today
    return WrittenAnswerEntry(
        question=question,
        outcome=outcome,
        meeting=question.meeting,
        questioner=questioner_name(question, question.meeting.committee.layout),
        overdue=overdue,
        days_overdue=(today - due).days if overdue and due else 0,
        question_path=f"{base}#{anchor}",
        answer_path=f"{base}#{anchor}-written-response" if outcome.written_answer_sent_on else None,
    )


def written_answers_register(now: dt.datetime, *, published_only: bool = True) -> Register:
    today = to_london(now).date()
    query = (
        sa.select(Question)
        .join(QuestionOutcome, QuestionOutcome.question_id == Question.id)
        .where(QuestionOutcome.written_answer_promised.is_(True))
        .order_by(
            # Promises with no date (a past record's "A written response will be provided")
            # after the dated ones, on every database.
            QuestionOutcome.written_answer_due_on.is_(None),
            QuestionOutcome.written_answer_due_on,
            Question.meeting_id,
            Question.kind.desc(),
            Question.number,
        )
        # The outcome comes with the row, the meetings and committees in one query each:
        # not three queries a row.
        .options(
            contains_eager(Question.outcome),
            selectinload(Question.meeting).selectinload(Meeting.committee),
        )
    )
    if published_only:
        query = query.where(Question.status.in_(PUBLISHED_IN_MINUTES))
    entries = [_entry(question, today) for question in db.session.scalars(query)]
    owed = [e for e in entries if e.sent_on is None]
    sent = sorted(
        (e for e in entries if e.sent_on is not None), key=lambda e: (e.sent_on, e.question.id), reverse=True
    )
    return Register(owed=owed, sent=sent)
