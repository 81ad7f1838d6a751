"""The portal's own steps go through the one decision step: creating a question, expiring
it and publishing it are decided by the lifecycle table, like every person's step."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.domain import lifecycle
from portal.domain.asking import submission
from portal.domain.errors import Refused
from portal.domain.permissions import NotPermitted
from portal.domain.states import QuestionKind, QuestionStatus
from portal.extensions import db
from portal.models import Question, utcnow
from tests import factories

S = QuestionStatus


def _unsaved_question(meeting) -> Question:
    question = Question(
        reference=lifecycle.new_reference(),
        meeting=meeting,
        kind=QuestionKind.PUBLIC,
        first_name="Hannah",
        last_name="Carter",
        original_text="How many libraries will open on Sundays?",
    )
    db.session.add(question)
    return question


def test_only_a_clerk_may_enter_a_question_after_its_meeting(app, officer, clerk):
    meeting = factories.make_meeting(starts_at=utcnow() - dt.timedelta(days=10))
    question = _unsaved_question(meeting)

    with pytest.raises(NotPermitted):
        lifecycle.decide_new(question, "enter_after_event", by=officer)

    assert question.status is None
    assert question.events == []


def test_a_question_for_a_meeting_no_longer_taking_questions_cannot_be_created(app):
    meeting = factories.make_meeting(starts_at=utcnow() - dt.timedelta(days=1))
    question = _unsaved_question(meeting)

    with pytest.raises(NotPermitted):
        lifecycle.decide_new(question, "submit", questioner=True)

    assert question.status is None


def test_expiry_is_the_portals_own_decision_and_spares_a_confirmed_question(app):
    meeting = factories.make_meeting()
    unconfirmed = factories.make_question(meeting, status=S.UNCONFIRMED)
    confirmed = factories.make_question(meeting, status=S.RECEIVED)
    later = unconfirmed.created_at + dt.timedelta(days=30)

    assert submission.expire_unconfirmed(now=later) == 1

    assert (unconfirmed.status, confirmed.status) == (S.EXPIRED, S.RECEIVED)
    event = unconfirmed.events[-1]
    assert (event.verb, event.actor, event.actor_kind) == ("expire", None, lifecycle.SYSTEM)


def test_a_meetings_questions_decided_together_are_refused_together(app, clerk):
    # Publishing decides every question of a meeting in one step: if one of them may not
    # be published (withdrawn meanwhile), none is, and no event is written.
    from tests.record_factories import ready_meeting

    _, questions = ready_meeting(public=3, member=0)
    questions[1].status = S.WITHDRAWN
    db.session.flush()
    before = {question.id: len(question.events) for question in questions}

    with pytest.raises(Refused):
        lifecycle.decide_all(questions, "publish", by=clerk, now=utcnow())
    db.session.flush()

    assert [question.status for question in questions] == [S.ANSWER_APPROVED, S.WITHDRAWN, S.ANSWER_APPROVED]
    db.session.expire_all()
    assert {question.id: len(question.events) for question in questions} == before

    decisions = lifecycle.decide_all([questions[0], questions[2]], "publish", by=clerk, now=utcnow())
    for decision in decisions:
        decision.record(flush=False)
    db.session.flush()
    assert [question.status for question in questions] == [S.PUBLISHED, S.WITHDRAWN, S.PUBLISHED]
    assert [question.events[-1].verb for question in (questions[0], questions[2])] == ["publish", "publish"]
