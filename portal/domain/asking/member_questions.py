"""Member questions: a councillor asks a committee a written question (numbered MQ n later).

The same rules as the public's (deadline, word limit, one per councillor per meeting),
but the councillor is signed in, so the question goes straight to `received`. It is
shown publicly as "Cllr First Last, Ward", copied from the account when it was asked.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portal.domain.asking.submission import (
    SubmissionError,
    committee_rule,
    earlier_questions,
    find_by_submission_key,
    word_limit_problem,
)
from portal.domain.conditions import is_open_for_member_questions
from portal.domain.lifecycle import decide_new, new_reference
from portal.domain.permissions import NotPermitted, can_submit_member_question
from portal.domain.states import QuestionKind
from portal.extensions import db
from portal.models import Committee, Meeting, MeetingStatus, Post, Question, User, utcnow


def meetings_open_for_member_questions(now: dt.datetime | None = None) -> list[Meeting]:
    now = now or utcnow()
    query = (
        sa.select(Meeting)
        .join(Committee)
        .where(
            Committee.takes_member_questions.is_(True),
            Committee.is_active.is_(True),
            Meeting.status.in_([MeetingStatus.SCHEDULED, MeetingStatus.MOVED]),
            Meeting.question_deadline_at > now,
        )
        .order_by(Meeting.question_deadline_at, Meeting.id)
    )
    return list(db.session.scalars(query))


def questions_by(councillor: User) -> list[Question]:
    return list(
        db.session.scalars(
            sa.select(Question)
            .where(Question.kind == QuestionKind.MEMBER, Question.councillor_id == councillor.id)
            .order_by(Question.created_at.desc(), Question.id.desc())
        )
    )


def submit_member_question(
    councillor: User,
    meeting: Meeting,
    *,
    text: str,
    post: Post | None,
    submission_key: str,
    now: dt.datetime | None = None,
) -> Question:
    """Store a councillor's question as received. The same submission key returns the same question."""
    existing = find_by_submission_key(submission_key)
    if existing is not None:
        return existing
    now = now or utcnow()
    db.session.execute(sa.select(Meeting.id).where(Meeting.id == meeting.id).with_for_update())
    if not is_open_for_member_questions(meeting, now):
        raise SubmissionError("The deadline for questions to this meeting has passed", field="meeting")
    if not can_submit_member_question(councillor, meeting, now):
        raise NotPermitted("Only councillors can ask member questions")
    text = text.strip()
    if not text:
        raise SubmissionError("Enter your question", field="text")
    problem = word_limit_problem(text, meeting)
    if problem:
        raise SubmissionError(problem, field="text")
    if post is not None and post not in meeting.committee.posts:
        raise SubmissionError("Select who your question is for", field="post")
    allowed = committee_rule(meeting, "questions_per_person")
    earlier = earlier_questions(meeting, councillor_id=councillor.id)
    if len(earlier) >= allowed:
        raise SubmissionError(
            f"You have already asked a question for this meeting (reference {earlier[0].reference}). "
            f"Councillors can ask {allowed} at each meeting",
            field="meeting",
        )
    question = Question(
        reference=new_reference(now),
        meeting=meeting,
        kind=QuestionKind.MEMBER,
        first_name=councillor.first_name,
        last_name=councillor.last_name,
        email=councillor.email,
        email_normalised=councillor.email.lower(),
        lives_or_works_in_area=True,
        publish_name=True,
        councillor=councillor,
        ward=councillor.ward,
        original_text=text,
        asked_post=post,
        submission_key=submission_key,
        received_at=now,
        created_at=now,
        updated_at=now,
    )
    db.session.add(question)
    decision = decide_new(question, "submit_member", by=councillor, now=now)
    decision.record()
    decision.tell("question_received", dedupe_key=f"received-{question.id}")
    return question
