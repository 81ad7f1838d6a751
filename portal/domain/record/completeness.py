"""What stops a document being published: a list of exactly what is missing.

The seeds show placeholders such as "The meeting ended at Time Not Specified" leaking
into print. Publishing is refused while anything here is missing, and the clerk sees
this list, each entry saying what to do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from portal.domain.meetings import procedure
from portal.domain.numbers import question_anchor, question_label
from portal.domain.record.build import SECTION_TITLES, record_questions, shows_section
from portal.domain.states import QuestionKind, QuestionStatus
from portal.extensions import db
from portal.formatting import to_london
from portal.models import AnswerStatus, DocumentKind, Meeting, Numbering, PutOutcome, Question

S = QuestionStatus


@dataclass(frozen=True)
class Missing:
    """One thing missing, worded as what to do about it."""

    message: str
    question_id: int | None = None
    area: str = "meeting"  # meeting, moderation, answer, console
    anchor: str = ""  # where the question is on the console


def check_completeness(
    meeting: Meeting, kind: DocumentKind, *, questions: list[Question] | None = None
) -> list[Missing]:
    """Everything that must be put right before `kind` can be published for `meeting`
    (`questions`: its `record_questions`, if read already)."""
    missing: list[Missing] = []
    questions = record_questions(meeting) if questions is None else questions
    _check_meeting(meeting, missing)
    _check_undecided(meeting, missing)
    _check_sections(meeting, questions, missing)
    _check_numbering(meeting, questions, missing)
    _check_scheme(meeting, questions, missing)
    for question in questions:
        if question.status is S.WITHDRAWN:
            continue
        _check_question(question, missing)
        if kind is DocumentKind.MINUTES_APPENDIX:
            _check_outcome(question, missing)
    if kind is DocumentKind.MINUTES_APPENDIX and meeting.entered_after_event_at is None:
        _check_times(meeting, missing)
    return missing


def _check_meeting(meeting: Meeting, missing: list[Missing]) -> None:
    if to_london(meeting.starts_at).time() == dt.time(0, 0):
        missing.append(Missing("Enter the time the meeting starts (it is set to midnight)"))
    if not meeting.venue.strip():
        missing.append(Missing("Enter where the meeting is held (the venue is empty)"))


def _check_undecided(meeting: Meeting, missing: list[Missing]) -> None:
    undecided = db.session.scalars(
        sa.select(Question)
        .where(
            Question.meeting_id == meeting.id,
            Question.status.in_([S.RECEIVED, S.CLARIFICATION_REQUESTED]),
        )
        .order_by(Question.received_at, Question.id)
    )
    for question in undecided:
        missing.append(
            Missing(
                f"Accept or reject question {question.reference} (received, not yet decided)",
                question.id,
                "moderation",
            )
        )


def _check_sections(meeting: Meeting, questions: list[Question], missing: list[Missing]) -> None:
    if meeting.entered_after_event_at is not None:
        return  # the record may give no agenda item number; its heading then has none
    for kind, item in (
        (QuestionKind.PUBLIC, meeting.public_questions_item),
        (QuestionKind.MEMBER, meeting.member_questions_item),
    ):
        if shows_section(meeting, kind, questions) and not (item or "").strip():
            missing.append(Missing(f"Enter the agenda item number for {SECTION_TITLES[kind].lower()}"))


def _check_numbering(meeting: Meeting, questions: list[Question], missing: list[Missing]) -> None:
    rules = procedure.effective(meeting)
    for kind in (QuestionKind.PUBLIC, QuestionKind.MEMBER):
        item = meeting.public_questions_item if kind is QuestionKind.PUBLIC else meeting.member_questions_item
        numbers = sorted(q.number for q in questions if q.kind is kind and q.number)
        gaps = sorted(set(range(1, (numbers[-1] if numbers else 0) + 1)) - set(numbers))
        if gaps:
            labels = ", ".join(procedure.number_label(rules, kind, n, item) or str(n) for n in gaps)
            noun = "is" if len(gaps) == 1 else "are"
            missing.append(
                Missing(
                    f"Renumber the {'public' if kind is QuestionKind.PUBLIC else 'member'} questions "
                    f"so they run in order: {labels} {noun} missing",
                    area="moderation",
                )
            )


def _check_scheme(meeting: Meeting, questions: list[Question], missing: list[Missing]) -> None:
    """The committee's numbering must give every question of the record its own number."""
    rules = procedure.effective(meeting)
    for problem in procedure.collisions(
        rules, public_item=meeting.public_questions_item, member_item=meeting.member_questions_item
    ):
        missing.append(Missing(problem))
    if rules.numbering is Numbering.AGENDA_ITEM:
        for kind, item in (
            (QuestionKind.PUBLIC, meeting.public_questions_item),
            (QuestionKind.MEMBER, meeting.member_questions_item),
        ):
            if any(q.kind is kind for q in questions) and not (item or "").strip():
                missing.append(
                    Missing(
                        f"Enter the agenda item number for {SECTION_TITLES[kind].lower()}: "
                        "their numbers are made from it, such as 11.1"
                    )
                )


def _check_question(question: Question, missing: list[Missing]) -> None:
    if question.entered_after_event:
        _check_entered(question, missing)
        return
    post = question.answering_post or question.asked_post
    if post is None or not post.title.strip():
        missing.append(
            Missing(f"{question_label(question)} has no post to answer it", question.id, "moderation")
        )
    answer = getattr(question, "answer", None)
    if answer is None or answer.status is not AnswerStatus.APPROVED or not answer.body_html.strip():
        missing.append(Missing(f"{question_label(question)} has no approved answer", question.id, "answer"))
    if not question.text_for_publication.strip():
        missing.append(Missing(f"{question_label(question)} has no question text", question.id, "moderation"))


def _check_entered(question: Question, missing: list[Missing]) -> None:
    """A record entered after the event holds what the council's record holds: a
    question or a supplementary at least, and nothing it would have to invent."""
    outcome = question.outcome
    if not question.text_for_publication.strip() and not (outcome and outcome.supplementary_html):
        missing.append(
            Missing(
                f"{question_label(question)} has neither a question nor a supplementary question",
                question.id,
                "entry",
            )
        )


def _check_outcome(question: Question, missing: list[Missing]) -> None:
    label, anchor = question_label(question), question_anchor(question)
    outcome = question.outcome
    if question.entered_after_event:
        if outcome is not None and outcome.supplementary_answer_html and not outcome.supplementary_html:
            missing.append(Missing(f"{label}: record the supplementary question", question.id, "entry"))
        return

    def console(what: str) -> None:
        missing.append(Missing(f"{label}: {what}", question.id, "console", anchor))

    if outcome is None or outcome.put is None:
        console("record whether the question was put at the meeting")
        return
    if outcome.put is PutOutcome.NOT_PUT:
        return
    if outcome.supplementary_answer_html and not outcome.supplementary_html:
        console("record the supplementary question")
    if outcome.supplementary_html and not outcome.supplementary_answer_html:
        console("record the answer to the supplementary question")
    if outcome.supplementary_html and not outcome.supplementary_answered_by.strip():
        console("record who answered the supplementary question")


def _check_times(meeting: Meeting, missing: list[Missing]) -> None:
    if meeting.actual_started_at is None:
        missing.append(Missing("Record the time the meeting started", area="console"))
    if meeting.actual_ended_at is None:
        missing.append(Missing("Record the time the meeting ended", area="console"))
