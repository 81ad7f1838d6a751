"""The database stops answering: every person, public or staff, gets the one friendly
"service unavailable" page, nothing is half-written, and the portal recovers by itself
when the database is back, without a restart."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy import event

from portal.extensions import db
from portal.models import OutboxMessage, Publication, Question, QuestionStatus
from tests import factories
from tests.conftest import is_postgres
from tests.file_database import DETAILS, TEXT, file_database_app
from tests.html import heading, page, text
from tests.record_factories import ready_meeting

sqlite_only = pytest.mark.skipif(is_postgres(), reason="faults injected into a SQLite file's engine")

UNAVAILABLE = "Sorry, the service is unavailable"


class Outage:
    """Switches the database off and on for an app: every statement fails (from the
    `after`-th one on, to catch a request part-way), or only the commit fails."""

    def __init__(self, app: Flask) -> None:
        with app.app_context():
            self.engine = db.engine
        self.statements_left: int | None = None
        self.commits_fail = False
        event.listen(self.engine, "before_cursor_execute", self._statement)
        self._do_commit = self.engine.dialect.do_commit
        self.engine.dialect.do_commit = self._commit  # type: ignore[method-assign]

    def _statement(self, *args: object) -> None:
        if self.statements_left is None:
            return
        if self.statements_left <= 0:
            raise sqlite3.OperationalError("unable to open database file")
        self.statements_left -= 1

    def _commit(self, connection: object) -> None:
        if self.commits_fail:
            raise sqlite3.OperationalError("disk I/O error")
        self._do_commit(connection)

    def start(self, after: int = 0) -> None:
        self.statements_left = after

    def end(self) -> None:
        self.statements_left = None
        self.commits_fail = False

    def close(self) -> None:
        self.end()
        event.remove(self.engine, "before_cursor_execute", self._statement)
        self.engine.dialect.do_commit = self._do_commit  # type: ignore[method-assign]


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[tuple[Flask, Outage, dict]]:
    with file_database_app(tmp_path) as app:
        with app.app_context():
            clerk = factories.make_user(roles={"clerk"}, email="clerk@example.gov.uk")
            factories.give_second_factor(clerk)
            post = factories.make_post("Cabinet member children and families")
            committee = factories.make_committee("Council", slug="council-out", posts=[post], word_limit=100)
            meeting = factories.make_meeting(committee, days_ahead=20)
            question = factories.make_question(meeting)
            db.session.commit()
            ids = {"clerk": clerk.email, "meeting": meeting.id, "post": post.id, "question": question.id}
        outage = Outage(app)
        try:
            yield app, outage, ids
        finally:
            outage.close()


def signed_in(app: Flask, email: str):
    client = app.test_client()
    response = client.post("/staff/sign-in", data={"email": email, "password": factories.PASSWORD})
    assert response.headers["Location"] == "/staff/sign-in/code"
    response = client.post("/staff/sign-in/code", data={"code": factories.totp_code()})
    assert response.status_code == 302
    return client


def assert_unavailable_page(response) -> None:
    assert response.status_code == 503
    assert response.mimetype == "text/html", "the friendly page, not plain text"
    assert heading(response) == UNAVAILABLE
    assert response.headers.get("Retry-After")


@sqlite_only
def test_public_and_staff_pages_say_the_service_is_unavailable(portal):
    app, outage, ids = portal
    clerk = signed_in(app, ids["clerk"])
    resident = app.test_client()
    outage.start()
    for client, path in (
        (resident, "/ask"),
        (resident, f"/meetings/{ids['meeting']}"),
        (clerk, "/staff/"),
        (clerk, f"/staff/moderation/questions/{ids['question']}"),
    ):
        assert_unavailable_page(client.get(path))


@sqlite_only
@pytest.mark.parametrize("after", [1, 3, 6])
def test_a_staff_page_the_database_stops_answering_part_way_through(portal, after):
    app, outage, ids = portal
    clerk = signed_in(app, ids["clerk"])
    outage.start(after=after)
    assert_unavailable_page(clerk.get(f"/staff/moderation/questions/{ids['question']}"))


@sqlite_only
def test_a_failure_at_commit_is_the_unavailable_page_and_nothing_is_written(portal):
    app, outage, ids = portal
    resident = app.test_client()
    resident.post("/ask/meeting", data={"meeting": str(ids["meeting"])})
    resident.post("/ask/details", data={**DETAILS, "email": "hannah.carter@example.com"})
    resident.post("/ask/question", data={"text": TEXT, "post": str(ids["post"])})
    key = resident.get("/ask/check-answers").get_data(as_text=True)
    key = key.split('name="submission_key" value="')[1].split('"')[0]
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.count()).select_from(Question))
    outage.commits_fail = True

    response = resident.post("/ask/check-answers", data={"submission_key": key})

    assert_unavailable_page(response)
    assert "Your question has not been sent" in text(response)
    outage.end()
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Question)) == before
    # And it goes through once the database is back.
    assert resident.post("/ask/check-answers", data={"submission_key": key}).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Question)) == before + 1


@sqlite_only
def test_staff_work_continues_when_the_database_is_back_without_a_restart(portal):
    app, outage, ids = portal
    clerk = signed_in(app, ids["clerk"])
    outage.start()
    assert_unavailable_page(clerk.get("/staff/"))
    outage.end()
    response = clerk.get(f"/staff/moderation/questions/{ids['question']}")
    assert response.status_code == 200
    assert "Signed in as" in page(response).get_text(" ")  # still signed in


@pytest.mark.postgres_only
def test_postgresql_going_away_and_coming_back(portal):
    """PostgreSQL refuses connections and drops those open (as a restart or failover does):
    the unavailable page for everyone, then the same app serves again by itself."""
    app, _, ids = portal
    clerk = signed_in(app, ids["clerk"])
    resident = app.test_client()
    assert clerk.get("/staff/").status_code == 200
    with app.app_context():
        name = db.engine.url.database
        admin = db.engine.url.set(database="postgres")
    control = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with control.connect() as connection:
            connection.execute(sa.text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            connection.execute(
                sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
                {"name": name},
            )
        assert_unavailable_page(clerk.get(f"/staff/moderation/questions/{ids['question']}"))
        assert_unavailable_page(resident.get("/ask"))
        sent = resident.post("/ask/meeting", data={"meeting": str(ids["meeting"])})
        assert_unavailable_page(sent)
    finally:
        with control.connect() as connection:
            connection.execute(sa.text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        control.dispose()
    assert clerk.get(f"/staff/moderation/questions/{ids['question']}").status_code == 200
    assert resident.post("/ask/meeting", data={"meeting": str(ids["meeting"])}).status_code == 302


@sqlite_only
def test_a_connection_lost_as_the_request_ends_still_delivers_the_page(portal):
    """The page was made, then the database went away before the request's session was
    closed: the reader still gets the page. Rolling back on the dead connection used to
    raise after the response was built, and gunicorn sent a blank 500."""
    app, outage, ids = portal
    dialect = outage.engine.dialect
    do_rollback = dialect.do_rollback

    def connection_lost(connection: object) -> None:
        raise sqlite3.OperationalError("server closed the connection unexpectedly")

    dialect.do_rollback = connection_lost  # type: ignore[method-assign]
    try:
        response = app.test_client().get(f"/meetings/{ids['meeting']}")
    finally:
        dialect.do_rollback = do_rollback  # type: ignore[method-assign]
    assert response.status_code == 200
    assert "Council" in heading(response)


@sqlite_only
@pytest.mark.parametrize("fault", ["part-way", "at the commit"])
def test_a_clerk_accepting_as_the_database_stops_is_told_and_can_accept_again(portal, fault):
    app, outage, ids = portal
    clerk = signed_in(app, ids["clerk"])
    url = f"/staff/moderation/questions/{ids['question']}/accept"
    form = {"post": str(ids["post"]), "expected_status": "received"}
    if fault == "at the commit":
        outage.commits_fail = True
    else:
        outage.start(after=6)

    assert_unavailable_page(clerk.post(url, data=form))

    outage.end()
    with app.app_context():
        question = db.session.get(Question, ids["question"])
        assert (question.status, question.number) == (QuestionStatus.RECEIVED, None)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
    assert clerk.post(url, data=form).status_code == 302
    with app.app_context():
        question = db.session.get(Question, ids["question"])
        assert (question.status, question.number) == (QuestionStatus.ACCEPTED, 1)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1


@sqlite_only
@pytest.mark.parametrize("fault", ["part-way", "at the commit"])
def test_publishing_as_the_database_stops_publishes_nothing_and_can_be_done_again(portal, tmp_path, fault):
    app, outage, ids = portal
    with app.app_context():
        meeting, _ = ready_meeting(public=2, member=0)
        db.session.commit()
        meeting_id = meeting.id
    clerk = signed_in(app, ids["clerk"])
    url = f"/staff/publishing/meetings/{meeting_id}/publish/agenda-supplement"
    form = {"seen_version": "0", "confirmed": "yes"}
    files = tmp_path / "publications" / "meetings" / str(meeting_id)
    if fault == "at the commit":
        outage.commits_fail = True
    else:
        outage.start(after=12)

    assert_unavailable_page(clerk.post(url, data=form))

    outage.end()
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Publication)) == 0
        statuses = set(
            db.session.scalars(sa.select(Question.status).where(Question.meeting_id == meeting_id))
        )
        assert statuses == {QuestionStatus.ANSWER_APPROVED}
    assert not files.exists() or not any(path.is_file() for path in files.rglob("*"))
    done = clerk.post(url, data=form, follow_redirects=True)
    assert "Agenda supplement published as version 1" in text(done)
    assert (files / "questions" / "v1.pdf").is_file()
