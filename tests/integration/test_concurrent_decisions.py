"""Two clerks at once, for real: separate sessions on separate connections, in threads.

Numbers never collide, and two decisions on one question never both win. Only
PostgreSQL takes row locks (SELECT ... FOR UPDATE); SQLite writes one at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from flask import Flask

from portal.domain.questions import moderation
from portal.extensions import db
from portal.models import (
    Committee,
    Counter,
    Meeting,
    OutboxMessage,
    Post,
    Question,
    RejectionGround,
    User,
)
from tests import factories

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def committed(app: Flask) -> Iterator[None]:
    """Sessions that commit for real (the usual per-test transaction would hide each
    thread's work from the other); everything made here is deleted afterwards."""
    test_session = db.session
    db.session = db._make_scoped_session({})
    try:
        yield
    finally:
        db.session.rollback()
        for model in (OutboxMessage, Question, Meeting, Committee, Post, RejectionGround, User, Counter):
            db.session.execute(sa.delete(model))
        db.session.commit()
        db.session.remove()
        db.session = test_session


def race(app: Flask, *work: Callable[[], object]) -> list[object]:
    """Run each piece of work in its own thread, app context and database session,
    all released at the same moment. Returns each result (or the exception raised)."""
    barrier = threading.Barrier(len(work))
    results: list[object] = [None] * len(work)

    def run(index: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                results[index] = work[index]()
                db.session.commit()
            except Exception as error:
                db.session.rollback()
                results[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def _setup(questions: int) -> tuple[list[int], list[int], int]:
    post = factories.make_post()
    meeting = factories.make_meeting(factories.make_committee(posts=[post]))
    clerks = [factories.make_user(roles={"clerk"}, first_name=f"Clerk{i}").id for i in range(2)]
    ids = [factories.make_question(meeting).id for _ in range(questions)]
    factories.ground()
    db.session.commit()
    return ids, clerks, post.id


def _accept(question_id: int, clerk_id: int, post_id: int) -> Callable[[], int]:
    def work() -> int:
        question = db.session.get(Question, question_id)
        moderation.accept(question, by=db.session.get(User, clerk_id), post=db.session.get(Post, post_id))
        return question.number

    return work


def test_two_clerks_accepting_at_once_get_different_numbers(app, committed):
    for _ in range(3):  # a race can be lucky once; three times it is the lock
        ids, clerks, post_id = _setup(questions=2)
        results = race(app, _accept(ids[0], clerks[0], post_id), _accept(ids[1], clerks[1], post_id))
        assert all(isinstance(r, int) for r in results), results  # both accepted, neither failed
        # Whoever got there first, the list ends in order of receipt: PQ 1, PQ 2.
        in_receipt_order = db.session.scalars(
            sa.select(Question.number).where(Question.id.in_(ids)).order_by(Question.received_at, Question.id)
        )
        assert list(in_receipt_order) == [1, 2]


def test_two_clerks_deciding_one_question_at_once_only_one_wins(app, committed):
    ids, clerks, post_id = _setup(questions=1)
    from portal.domain.states import QuestionStatus

    def reject() -> str:
        question = db.session.get(Question, ids[0])
        ground = db.session.scalar(sa.select(RejectionGround).where(RejectionGround.code == "names_staff"))
        moderation.reject(
            question,
            by=db.session.get(User, clerks[1]),
            ground=ground,
            explanation="Names a member of staff.",
            expected_status=QuestionStatus.RECEIVED,
        )
        return "rejected"

    accept = _accept(ids[0], clerks[0], post_id)
    results = race(app, accept, reject)
    refused = [r for r in results if isinstance(r, moderation.DecisionRefused)]
    assert len(refused) == 1, results
    question = db.session.get(Question, ids[0])
    events = [e.verb for e in question.events]
    assert events.count("accept") + events.count("reject") == 1
    assert question.status in (QuestionStatus.ACCEPTED, QuestionStatus.REJECTED)
