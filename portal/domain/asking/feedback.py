"""Was your question answered? The questioner's verdict on the published answer.

From their tracking page (linked from the "answer published" e-mail) the questioner says
whether the answer answered their question: answered, partly or not answered, with an
optional reason that only the council sees. One response per question, which they can
change until the committee's next meeting starts. Democratic services and the chair see
a report per meeting; the public statistics show only the counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext

from portal.domain import lifecycle
from portal.domain.conditions import feedback_closes_at
from portal.domain.errors import Invalid, Refused
from portal.domain.permissions import questioner_can_give_feedback
from portal.domain.states import ANSWERED
from portal.extensions import db
from portal.formatting import format_datetime
from portal.models import AnswerFeedback, Meeting, Question, Verdict, utcnow

REASON_LIMIT = 1_000


class FeedbackError(Invalid):
    """Something on the feedback form to put right."""


def _check(question: Question, verdict: Verdict | None, reason: str, now: dt.datetime) -> str:
    if not questioner_can_give_feedback(question, now):
        closes = feedback_closes_at(question)
        if closes is not None and now >= closes:
            raise Refused(
                gettext(
                    "You can no longer say whether the answer answered your question: the committee’s "
                    "next meeting started at %(when)s. Nothing has been changed",
                    when=format_datetime(closes),
                )
            )
        raise Refused(gettext("You can say whether the answer answered your question once it is published"))
    if verdict is None:
        raise FeedbackError(gettext("Select whether the answer answered your question"), field="verdict")
    text = (reason or "").strip()
    if len(text) > REASON_LIMIT:
        raise FeedbackError(
            gettext("Your reason must be %(limit)s characters or fewer", limit=f"{REASON_LIMIT:,}"),
            field="reason",
        )
    return text


def give_feedback(
    question: Question, verdict: Verdict | None, reason: str = "", *, now: dt.datetime | None = None
) -> AnswerFeedback:
    """The questioner's first response. A second one is refused: they change the first instead."""
    now = now or utcnow()
    question = lifecycle.lock_question(question)
    text = _check(question, verdict, reason, now)
    if question.feedback is not None:
        raise Refused(
            gettext(
                "You have already said whether the answer answered your question. "
                "To change your response, use “Change your response”. Nothing has been changed"
            )
        )
    feedback = AnswerFeedback(question_id=question.id, verdict=verdict, reason=text, given_at=now, changes=0)
    try:
        with db.session.begin_nested():  # the unique question_id settles two sent at once
            db.session.add(feedback)
            db.session.flush()
    except sa.exc.IntegrityError:
        raise Refused(
            gettext(
                "You have already said whether the answer answered your question. Nothing has been changed"
            )
        ) from None
    db.session.expire(question, ["feedback"])
    _record(question, verdict, now, first=True)
    return feedback


def change_feedback(
    question: Question, verdict: Verdict | None, reason: str = "", *, now: dt.datetime | None = None
) -> AnswerFeedback:
    """Change the response already given, until the committee's next meeting starts."""
    now = now or utcnow()
    question = lifecycle.lock_question(question)
    text = _check(question, verdict, reason, now)
    feedback = question.feedback
    if feedback is None:
        raise Refused(gettext("You have not yet said whether the answer answered your question"))
    if feedback.verdict == verdict and feedback.reason == text:
        return feedback
    feedback.verdict, feedback.reason = verdict, text
    feedback.changes += 1
    feedback.updated_at = now
    _record(question, verdict, now, first=False)
    db.session.flush()
    return feedback


def _record(question: Question, verdict: Verdict, now: dt.datetime, *, first: bool) -> None:
    # The reason stays on the feedback row, for the council's report; the event says only the verdict.
    lifecycle.record_event(
        question,
        "give_feedback" if first else "change_feedback",
        title=f"You said: {verdict.label.lower()}"
        if first
        else f"You changed your response: {verdict.label.lower()}",
        actor=None,
        actor_kind=lifecycle.QUESTIONER,
        public=True,
        now=now,
        data={"verdict": verdict.value},
    )


# Reports ---------------------------------------------------------------------------------


@dataclass
class Counts:
    answered: int = 0
    partly: int = 0
    not_answered: int = 0

    def add(self, verdict: Verdict) -> None:
        setattr(self, verdict.value, getattr(self, verdict.value) + 1)

    @property
    def total(self) -> int:
        return self.answered + self.partly + self.not_answered


@dataclass
class MeetingFeedback:
    meeting: Meeting
    answered_questions: int
    counts: Counts
    responses: list[AnswerFeedback] = field(default_factory=list)


def meeting_report(meeting: Meeting) -> MeetingFeedback:
    """For democratic services and the chair: every response for a meeting, with reasons."""
    responses = list(
        db.session.scalars(
            sa.select(AnswerFeedback)
            .join(Question, Question.id == AnswerFeedback.question_id)
            .where(Question.meeting_id == meeting.id)
            .order_by(Question.kind.desc(), Question.number, Question.id)
        )
    )
    counts = Counts()
    for response in responses:
        counts.add(response.verdict)
    answered = db.session.scalar(
        sa.select(sa.func.count(Question.id)).where(
            Question.meeting_id == meeting.id, Question.status.in_(sorted(ANSWERED))
        )
    )
    return MeetingFeedback(
        meeting=meeting, answered_questions=answered or 0, counts=counts, responses=responses
    )


def counts_by_committee(committee_ids: list[int] | None = None) -> dict[int, Counts]:
    """Public: how many said answered, partly, not answered, per committee. Never who, never why."""
    query = (
        sa.select(Meeting.committee_id, AnswerFeedback.verdict, sa.func.count(AnswerFeedback.id))
        .select_from(AnswerFeedback)
        .join(Question, Question.id == AnswerFeedback.question_id)
        .join(Meeting, Meeting.id == Question.meeting_id)
        .group_by(Meeting.committee_id, AnswerFeedback.verdict)
        .order_by(Meeting.committee_id, AnswerFeedback.verdict)
    )
    if committee_ids is not None:
        query = query.where(Meeting.committee_id.in_(committee_ids))
    result: dict[int, Counts] = {}
    for committee_id, verdict, n in db.session.execute(query):
        counts = result.setdefault(committee_id, Counts())
        setattr(counts, Verdict(verdict).value, n)
    return result
