"""Races on PostgreSQL: two submissions at once, two senders at once. Each thread has its
own connection and commits for real, as separate requests and workers would."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa

from portal.domain.asking import submission
from portal.domain.messages import outbox
from portal.extensions import db
from portal.models import OutboxMessage, Question
from tests import factories

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def committed(app) -> Iterator[None]:
    """Real commits on the app's engine, and every table emptied afterwards (the other tests
    never commit, so nothing else is lost)."""
    test_session = db.session
    db.session = db._make_scoped_session({})
    try:
        yield
    finally:
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        db.session = test_session


def run_together(app, work: Callable[[int], object], count: int = 2) -> list[object]:
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(index: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                results[index] = work(index)
                db.session.commit()
            except Exception as error:
                db.session.rollback()
                results[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_one_question_per_person_holds_when_two_arrive_at_once(app, committed):
    meeting = factories.make_meeting()
    draft_ids = [factories.make_draft(meeting).id, factories.make_draft(meeting).id]
    db.session.commit()

    def submit(index: int) -> object:
        from portal.models import QuestionDraft

        return submission.submit_draft(db.session.get(QuestionDraft, draft_ids[index])).question.reference

    results = run_together(app, submit)

    assert sum(isinstance(r, str) for r in results) == 1
    assert sum(isinstance(r, submission.LimitReached) for r in results) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Question)) == 1


def test_a_double_click_makes_one_question(app, committed):
    draft = factories.make_draft()
    draft_id, key = draft.id, draft.submission_key
    db.session.commit()

    def submit(index: int) -> object:
        from portal.models import QuestionDraft

        draft = db.session.get(QuestionDraft, draft_id)
        if draft is None:  # the other click finished first (the route looks the key up, as here)
            return submission.find_by_submission_key(key).reference
        return submission.submit_draft(draft).question.reference

    results = run_together(app, submit)

    assert results[0] == results[1], results
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Question)) == 1


def test_two_senders_never_deliver_one_message(app, committed):
    from portal.domain.messages import notify
    from portal.models import utcnow

    notify.queue_email("your_questions", to="x@example.com", list_url="u", questions=[], valid_until=utcnow())
    db.session.commit()
    message_id = db.session.scalar(sa.select(OutboxMessage.id))

    results = run_together(app, lambda _: outbox.claim(message_id), count=4)

    assert results.count(True) == 1
    assert results.count(False) == 3
