"""Many people at once, as the portal runs: residents asking, the outbox worker sending,
clerks accepting. On SQLite (a file, as the default install) writers wait their turn;
on PostgreSQL rows are locked. Nobody sees the 503 page, nothing is lost or doubled.

Each thread has its own session and connection on a database of the test's own
(tests/file_database.py), so these are real transactions, not the shared test connection.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from portal.domain.states import QuestionStatus
from portal.extensions import db
from portal.models import Question
from portal.tasks import send_outbox_once
from tests import factories
from tests.conftest import is_postgres
from tests.file_database import ask_a_question, confirmation_link, file_database_app


@pytest.fixture
def sqlite_app(tmp_path: Path) -> Iterator[Flask]:
    with file_database_app(tmp_path) as app:
        yield app


def _meeting(app: Flask) -> tuple[int, int]:
    with app.app_context():
        post = factories.make_post("Cabinet member children and families")
        committee = factories.make_committee("Council", slug="council-load", posts=[post], word_limit=100)
        meeting = factories.make_meeting(committee, days_ahead=20)
        db.session.commit()
        return meeting.id, post.id


def _in_threads(count: int, work: Callable[[int], object]) -> list[object]:
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(index: int) -> None:
        barrier.wait(timeout=30)
        try:
            results[index] = work(index)
        except Exception as error:  # reported in the assertion, not lost in a thread
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def test_residents_asking_at_once_all_get_through(sqlite_app):
    """Eight residents, five questions each, at the same moment: every page answers, every
    question is stored once, and each can be confirmed."""
    meeting_id, post_id = _meeting(sqlite_app)

    def resident(index: int) -> list[int]:
        codes: list[int] = []
        for journey in range(5):
            client = sqlite_app.test_client()
            codes += ask_a_question(client, meeting_id, post_id, f"resident{index}.{journey}@example.com")
        return codes

    results = _in_threads(8, resident)

    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    codes = [code for result in results for code in result]
    assert all(code in (200, 302) for code in codes), sorted(set(codes))
    with sqlite_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Question)) == 40
        emails = db.session.scalars(sa.select(Question.email)).all()
        assert len(set(emails)) == 40


def test_the_outbox_worker_and_residents_share_the_database(sqlite_app):
    """A resident asking while the outbox worker sends: neither is refused."""
    meeting_id, post_id = _meeting(sqlite_app)
    stop = threading.Event()
    worker_errors: list[Exception] = []

    def worker() -> None:
        while not stop.is_set():
            with sqlite_app.app_context():
                try:
                    send_outbox_once()
                except Exception as error:
                    worker_errors.append(error)
                finally:
                    db.session.remove()

    sender = threading.Thread(target=worker)
    sender.start()
    try:
        results = _in_threads(
            4,
            lambda index: [
                code
                for journey in range(5)
                for code in ask_a_question(
                    sqlite_app.test_client(), meeting_id, post_id, f"r{index}.{journey}@example.com"
                )
            ],
        )
    finally:
        stop.set()
        sender.join(30)
    assert not [r for r in results if isinstance(r, Exception)], results
    codes = {code for result in results for code in result}
    assert codes <= {200, 302}, codes
    assert not worker_errors, worker_errors
    with sqlite_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Question)) == 20


def test_confirming_at_once_confirms_every_question(sqlite_app):
    meeting_id, post_id = _meeting(sqlite_app)
    emails = [f"confirmer{i}@example.com" for i in range(6)]
    for email in emails:
        assert set(ask_a_question(sqlite_app.test_client(), meeting_id, post_id, email)) <= {200, 302}
    with sqlite_app.app_context():
        links = [confirmation_link(email) for email in emails]
    assert all(links)

    def confirm(index: int) -> int:
        client = sqlite_app.test_client()
        assert client.get(links[index]).status_code == 200
        return client.post(links[index]).status_code

    assert _in_threads(6, confirm) == [302] * 6
    with sqlite_app.app_context():
        statuses = set(db.session.scalars(sa.select(Question.status)))
    assert statuses == {QuestionStatus.RECEIVED}


@pytest.mark.skipif(is_postgres(), reason="SQLite's one write lock")
def test_pages_are_read_while_someone_else_is_writing(sqlite_app):
    """Reading never waits for a writer: with the write lock held elsewhere, the pages a
    resident reads still answer, and the form they send waits its turn, then goes through."""
    meeting_id, _post = _meeting(sqlite_app)
    with sqlite_app.app_context():
        holder = db.engine.raw_connection()
    holder.driver_connection.execute("BEGIN IMMEDIATE")  # another writer, mid-transaction
    released = threading.Event()
    try:
        client = sqlite_app.test_client()
        assert client.get("/ask").status_code == 200
        assert client.get(f"/ask/meeting?meeting={meeting_id}").status_code == 200

        def release_soon() -> None:
            released.wait(0.5)
            holder.driver_connection.execute("COMMIT")
            released.set()

        threading.Thread(target=release_soon).start()
        assert client.post("/ask/meeting", data={"meeting": str(meeting_id)}).status_code == 302
        assert released.is_set()  # the form waited for the other writer, then was stored
    finally:
        released.set()
        holder.close()
    assert client.get("/ask/details").status_code == 200


def _clerks_and_questions(app: Flask, clerks: int, questions: int) -> tuple[list[str], list[int], int]:
    with app.app_context():
        post = factories.make_post("Cabinet member children and families")
        committee = factories.make_committee("Council", slug="council-clerks", posts=[post])
        meeting = factories.make_meeting(committee, days_ahead=20)
        ids = [factories.make_question(meeting).id for _ in range(questions)]
        emails = []
        for n in range(clerks):
            clerk = factories.make_user(roles={"clerk"}, email=f"clerk{n}@example.gov.uk")
            factories.give_second_factor(clerk)
            emails.append(clerk.email)
        db.session.commit()
        return emails, ids, post.id


def _signed_in(app: Flask, email: str):
    client = app.test_client()
    client.post("/staff/sign-in", data={"email": email, "password": factories.PASSWORD})
    assert client.post("/staff/sign-in/code", data={"code": factories.totp_code()}).status_code == 302
    return client


def test_clerks_accepting_one_meetings_questions_at_once_number_them_without_gaps(sqlite_app):
    """Four clerks work through the same 24 questions at once, each in their own order:
    every question is accepted once, numbered PQ 1 to PQ 24 with no gap and no duplicate,
    and a clerk who was beaten to a question is told so, never shown the 503 page."""
    emails, ids, post_id = _clerks_and_questions(sqlite_app, clerks=4, questions=24)
    clients = [_signed_in(sqlite_app, email) for email in emails]

    def clerk(index: int) -> list[tuple[int, int, str]]:
        order = ids[index:] + ids[:index] if index % 2 == 0 else list(reversed(ids))
        seen = []
        for question_id in order:
            response = clients[index].post(
                f"/staff/moderation/questions/{question_id}/accept",
                data={"post": str(post_id), "expected_status": "received"},
                follow_redirects=True,
            )
            seen.append((question_id, response.status_code, response.get_data(as_text=True)))
        return seen

    results = _in_threads(4, clerk)

    assert not [r for r in results if isinstance(r, Exception)], results
    codes = {code for result in results for _, code, _ in result}
    assert codes == {200}, codes
    pages = [html for result in results for _, _, html in result]
    won = [html for html in pages if "accepted as PQ" in html]
    assert len(won) == 24  # each question accepted once, and its clerk told so
    for html in pages:
        if "accepted as PQ" not in html:  # beaten to it: told, on the question's page
            assert "govuk-notification-banner" in html
    with sqlite_app.app_context():
        numbers = db.session.scalars(sa.select(Question.number).where(Question.id.in_(ids))).all()
        statuses = set(db.session.scalars(sa.select(Question.status).where(Question.id.in_(ids))))
        events = db.session.scalar(sa.text("SELECT count(*) FROM question_event WHERE verb = 'accept'"))
    assert sorted(numbers) == list(range(1, 25))
    assert statuses == {QuestionStatus.ACCEPTED}
    assert events == 24


@pytest.mark.skipif(is_postgres(), reason="the writers' turn is SQLite's (decision 0211)")
def test_a_writer_waits_its_turn_and_a_failed_writer_hands_it_on(sqlite_app, monkeypatch):
    """Writers take turns (decision 0211): a second writer waits for the first rather than
    being refused; one that gives up after the busy timeout gets the 503 page, and a
    writer whose transaction fails hands the turn on, so the next one gets through."""
    import portal.extensions as extensions

    meeting_id, post_id = _meeting(sqlite_app)
    monkeypatch.setattr(extensions, "SQLITE_BUSY_TIMEOUT_MS", 500)
    holding = threading.Event()
    release = threading.Event()

    def first_writer() -> None:
        with sqlite_app.app_context():
            db.session.execute(sa.text("UPDATE meeting SET id = id WHERE id = :i"), {"i": meeting_id})
            holding.set()
            release.wait(30)
            raise RuntimeError("the request failed")  # rolled back below, never committed

    def run_first() -> None:
        with contextlib.suppress(RuntimeError):
            first_writer()

    thread = threading.Thread(target=run_first)
    thread.start()
    assert holding.wait(30)
    # While the first holds the turn, a resident's send gives up after the busy timeout
    # with the friendly 503 page, keeping what they typed.
    client = sqlite_app.test_client()
    codes = ask_a_question(client, meeting_id, post_id, "waiting@example.com")
    assert 503 in codes
    release.set()
    thread.join(30)
    # The failed writer handed its turn on: the next resident gets through at once.
    codes = ask_a_question(sqlite_app.test_client(), meeting_id, post_id, "next@example.com")
    assert all(code in (200, 302) for code in codes), codes


def _turn_is_free(app: Flask) -> bool:
    """Whether another thread can take the writers' turn at once (and hands it straight back)."""
    import portal.extensions as extensions

    with app.app_context():
        path = extensions._writer_turn_path(db.engine.url.database)
    free: list[bool] = []

    def other_writer() -> None:
        try:
            held = extensions._take_writer_turn(path, 0.5)
            free.append(held is not None)
            extensions._hand_on(*held)
        except extensions._NoTurn:
            free.append(False)

    thread = threading.Thread(target=other_writer)
    thread.start()
    thread.join(10)
    return free == [True]


def _write_then_lose_the_connection(meeting_id: int) -> None:
    """A writer whose SQLite connection is closed under it mid-transaction: SQLAlchemy then
    invalidates the connection, and no commit or rollback of it is ever reported."""
    db.session.execute(sa.text("UPDATE meeting SET id = id WHERE id = :i"), {"i": meeting_id})
    db.session.connection().connection.dbapi_connection.close()
    with pytest.raises(sa.exc.DBAPIError):
        db.session.execute(sa.text("UPDATE meeting SET id = id WHERE id = :i"), {"i": meeting_id})


@pytest.mark.skipif(is_postgres(), reason="the writers' turn is SQLite's (decision 0211)")
def test_a_writer_whose_connection_is_lost_mid_transaction_hands_the_turn_on(sqlite_app):
    meeting_id, _ = _meeting(sqlite_app)
    with sqlite_app.app_context():
        _write_then_lose_the_connection(meeting_id)
    assert _turn_is_free(sqlite_app)


@pytest.mark.skipif(is_postgres(), reason="the writers' turn is SQLite's (decision 0211)")
def test_the_turn_is_handed_on_when_the_context_ends_whatever_the_connection_said(sqlite_app):
    """The guard does not rely on SQLAlchemy reporting the end of every transaction: here the
    pool's report of the invalidation is taken away, as if it had never come."""
    import portal.extensions as extensions

    meeting_id, _ = _meeting(sqlite_app)
    sa.event.remove(sa.pool.Pool, "invalidate", extensions._writer_turn_invalidated)
    try:
        with sqlite_app.app_context():
            _write_then_lose_the_connection(meeting_id)
            assert not _turn_is_free(sqlite_app)  # still this writer's, until its context ends
    finally:
        sa.event.listen(sa.pool.Pool, "invalidate", extensions._writer_turn_invalidated)
    assert _turn_is_free(sqlite_app)
