"""After the meeting, two people at once, for real (separate sessions in threads, on
PostgreSQL): one response per question, one review, one closing of an action."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from portal.domain.asking import feedback
from portal.domain.errors import Refused
from portal.domain.meetings import actions
from portal.domain.questions import moderation, reviews
from portal.extensions import db
from portal.models import (
    ActionStatus,
    AnswerFeedback,
    ArchiveEntry,
    Committee,
    Counter,
    Meeting,
    MeetingAction,
    OutboxMessage,
    Post,
    Publication,
    PublicationFile,
    Question,
    RejectionGround,
    RejectionReview,
    User,
    Verdict,
)
from tests import factories
from tests.integration.test_actions import minutes_with_actions
from tests.integration.test_concurrent_decisions import race

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def committed(app):
    """Sessions that commit for real; everything made here (published records included) is
    deleted afterwards."""
    test_session = db.session
    db.session = db._make_scoped_session({})
    try:
        yield
    finally:
        db.session.rollback()
        _delete_everything()
        db.session.remove()
        db.session = test_session


def _delete_everything() -> None:
    for model in (
        OutboxMessage,
        ArchiveEntry,
        PublicationFile,
        Publication,
        Question,
        Meeting,
        Committee,
        Post,
        RejectionGround,
        User,
        Counter,
    ):
        db.session.execute(sa.delete(model))
    db.session.commit()


def test_two_responses_sent_at_once_count_once(app, committed):
    question_id = factories.make_published_question().id
    db.session.commit()

    def respond(verdict: Verdict):
        def work() -> str:
            feedback.give_feedback(db.session.get(Question, question_id), verdict, "")
            return verdict.value

        return work

    results = race(app, respond(Verdict.ANSWERED), respond(Verdict.NOT_ANSWERED))
    assert sum(isinstance(r, Refused) for r in results) == 1, results
    rows = db.session.scalars(
        sa.select(AnswerFeedback).where(AnswerFeedback.question_id == question_id)
    ).all()
    assert len(rows) == 1
    assert rows[0].verdict.value in results


def test_a_review_asked_twice_at_once_is_one_review(app, committed):
    meeting = factories.make_meeting(days_ahead=30)
    question = factories.make_question(meeting)
    clerk = factories.make_user(roles={"clerk"})
    moderation.reject(
        question,
        by=clerk,
        ground=factories.ground("individual_case"),
        explanation="An individual case.",
        listed=True,
    )
    question_id = question.id
    db.session.commit()

    def ask() -> str:
        reviews.ask_review(db.session.get(Question, question_id), "It is about the service, not one family.")
        return "asked"

    results = race(app, ask, ask)
    assert results.count("asked") == 1, results
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RejectionReview)) == 1


def test_an_action_closed_twice_at_once_is_closed_once(app, committed):
    clerk = factories.make_user(roles={"clerk"})
    _, question, _ = minutes_with_actions(clerk)
    action_id, clerk_id = question.actions[0].id, clerk.id
    db.session.commit()

    def done() -> str:
        actions.complete_action(
            db.session.get(MeetingAction, action_id),
            by=db.session.get(User, clerk_id),
            done_on=dt.date(2025, 2, 10),
        )
        return "done"

    def drop() -> str:
        actions.drop_action(
            db.session.get(MeetingAction, action_id),
            by=db.session.get(User, clerk_id),
            reason="No longer needed.",
        )
        return "dropped"

    results = race(app, done, drop)
    assert sum(isinstance(r, Refused) for r in results) == 1, results
    action = db.session.get(MeetingAction, action_id)
    assert action.status in (ActionStatus.DONE, ActionStatus.DROPPED)
    verbs = [e.verb for e in action.question.events]
    assert verbs.count("complete_action") + verbs.count("drop_action") == 1
