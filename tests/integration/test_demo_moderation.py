"""The demo leaves the clerk, the officer and the councillor each something to do."""

from __future__ import annotations

import sqlalchemy as sa

from portal.demo import foundation, load_demo
from portal.domain import worklist
from portal.domain.accounts import find_user_by_email
from portal.domain.states import QuestionStatus
from portal.extensions import db
from portal.models import AnswerStatus, AnswerTemplate, Question, QuestionEvent

S = QuestionStatus


def test_the_demo_moves_questions_along_and_runs_again_unchanged(monkeypatch, tmp_path):
    monkeypatch.setattr(foundation, "SIGN_INS_FILE", tmp_path / "sign-ins.json")
    monkeypatch.setattr(foundation, "INSTANCE", tmp_path)
    load_demo()

    own = list(
        db.session.scalars(
            sa.select(Question).where(Question.submission_key.like("demo-moderation-%")).order_by(Question.id)
        )
    )
    statuses = sorted(q.status.value for q in own)
    assert statuses == ["accepted", "answer_approved", "answer_drafted", "received", "received"]
    approved = db.session.scalar(sa.select(Question).where(Question.status == S.ANSWER_APPROVED))
    assert approved.answer.status is AnswerStatus.APPROVED
    assert approved.answer.approved_by.email == "councillor@kingsmere.gov.uk"
    assert approved.answer.submitted_by.email == "officer@kingsmere.gov.uk"
    council_meeting = own[0].meeting
    numbered = db.session.scalars(
        sa.select(Question)
        .where(Question.meeting_id == council_meeting.id, Question.number.is_not(None))
        .order_by(Question.number)
    )
    # Numbered in order of receipt, contiguous, with the asking demo's accepted question among them.
    assert [q.label for q in numbered] == ["PQ 1", "PQ 2", "PQ 3", "PQ 4"]

    officer = find_user_by_email("officer@kingsmere.gov.uk")
    councillor = find_user_by_email("councillor@kingsmere.gov.uk")
    assert len(worklist.answers_to_draft(officer)) == 2
    assert len(worklist.answers_awaiting_approval_by(councillor)) == 1
    waiting = worklist.moderation_queue()
    assert {q.submission_key for q in own if q.status is S.RECEIVED} <= {q.submission_key for q in waiting}

    templates = db.session.scalar(sa.select(sa.func.count()).select_from(AnswerTemplate))
    events = db.session.scalar(sa.select(sa.func.count()).select_from(QuestionEvent))
    assert load_demo() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AnswerTemplate)) == templates
    assert db.session.scalar(sa.select(sa.func.count()).select_from(QuestionEvent)) == events
