"""Two clerks publish the same meeting at the same moment, through the publishing page,
in real threads with their own connections, on SQLite and on PostgreSQL.

The version number is taken under the meeting's lock, so one clerk publishes and the
other is told, on the page, that someone else published while their page was open:
never a 500, never two copies of one version."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask

from portal.extensions import db
from portal.models import Publication
from tests import factories
from tests.conftest import _signed_in_client as signed_in_client
from tests.conftest import is_postgres
from tests.file_database import file_database_app
from tests.record_factories import ready_meeting


@pytest.fixture
def racing_app(app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """An app whose requests commit for real, each on its own connection: a SQLite file
    of its own, or the PostgreSQL test database emptied afterwards."""
    if not is_postgres():
        with file_database_app(tmp_path) as sqlite_app, sqlite_app.app_context():
            yield sqlite_app
        return
    test_session = db.session
    db.session = db._make_scoped_session({})
    try:
        yield app
    finally:
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        db.session = test_session


def signed_in(app: Flask, first_name: str):
    clerk = factories.make_user(roles={"clerk"}, first_name=first_name, last_name="Clerk")
    db.session.commit()
    with app.app_context():  # a fresh `g` for each sign-in, as each request has in production
        client = signed_in_client(app, db.session.merge(clerk))
        db.session.remove()
    return client


def at_once(app: Flask, posts: list[tuple[object, str, dict]]) -> list:
    """Each (client, url, form) posted from its own thread, all released together."""
    # End this thread's own transaction first: on SQLite, outside a request, it would hold
    # the write lock and the clerks would both be waiting on the test, not on each other.
    db.session.rollback()
    barrier = threading.Barrier(len(posts))
    responses: list = [None] * len(posts)

    def run(index: int) -> None:
        client, url, data = posts[index]
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                responses[index] = client.post(url, data=data)
            except Exception as error:
                responses[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(posts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return responses


def problem(response) -> str:
    summary = BeautifulSoup(response.data, "html.parser").select_one(".govuk-error-summary")
    return " ".join(summary.get_text(" ").split()) if summary else ""


def versions(meeting_id: int) -> list[int]:
    db.session.rollback()  # a fresh snapshot, after the clerks' commits
    return list(
        db.session.scalars(
            sa.select(Publication.version)
            .where(Publication.meeting_id == meeting_id)
            .order_by(Publication.version)
        )
    )


def test_two_clerks_publishing_the_supplement_at_once(racing_app):
    app = racing_app
    anna, ben = signed_in(app, "Anna"), signed_in(app, "Ben")
    for attempt in range(3):  # a race can be won by luck once; three times it is the lock
        starts_at = factories.london(2030, 3, 12 + attempt, 14, 30)
        meeting, _ = ready_meeting(public=3, member=1, starts_at=starts_at)
        db.session.commit()
        url = f"/staff/publishing/meetings/{meeting.id}/publish/agenda-supplement"
        responses = at_once(app, [(anna, url, {"seen_version": "0"}), (ben, url, {"seen_version": "0"})])

        codes = sorted(getattr(r, "status_code", r) for r in responses)
        assert codes == [302, 409], [(r.status_code, r.headers.get("Location")) for r in responses]
        loser = next(r for r in responses if r.status_code == 409)
        assert "Nothing has been published by you" in problem(loser)
        assert "while you had this page open" in problem(loser)
        assert versions(meeting.id) == [1]


def test_two_clerks_correcting_at_once_one_correction_is_published(racing_app):
    app = racing_app
    anna, ben = signed_in(app, "Anna"), signed_in(app, "Ben")
    meeting, _ = ready_meeting(public=2, member=0)
    db.session.commit()
    assert anna.post(f"/staff/publishing/meetings/{meeting.id}/publish/agenda-supplement").status_code == 302

    url = f"/staff/publishing/meetings/{meeting.id}/correct"
    responses = at_once(
        app,
        [
            (anna, url, {"seen_version": "1", "change_note": "PQ 1: the figures for July corrected"}),
            (ben, url, {"seen_version": "1", "change_note": "PQ 2: a typing error corrected"}),
        ],
    )
    codes = sorted(getattr(r, "status_code", r) for r in responses)
    assert codes == [302, 409], responses
    loser = next(r for r in responses if r.status_code == 409)
    # PostgreSQL names the version the loser waited for; SQLite, whose writer was refused
    # its snapshot, says someone else did.
    assert "while you had this page open. Nothing has been published by you" in problem(loser)
    # What the loser typed is still in the box, to publish again if it is still needed.
    textarea = BeautifulSoup(loser.data, "html.parser").select_one("textarea[name=change_note]")
    typed = {"PQ 1: the figures for July corrected", "PQ 2: a typing error corrected"}
    assert textarea.get_text().strip() in typed
    assert versions(meeting.id) == [1, 2]


def test_publishing_from_a_page_that_is_out_of_date_is_refused(racing_app):
    app = racing_app
    anna = signed_in(app, "Anna")
    meeting, _ = ready_meeting(public=1, member=0)
    db.session.commit()
    url = f"/staff/publishing/meetings/{meeting.id}/publish/agenda-supplement"
    assert anna.post(url, data={"seen_version": "0"}).status_code == 302
    again = anna.post(url, data={"seen_version": "0"})  # the back button, then publish again
    assert again.status_code == 409
    assert "Version 1 (agenda supplement) was published by Anna Clerk" in problem(again)
    assert versions(meeting.id) == [1]
