"""When the database fails mid-journey, the resident keeps what they typed and their
allowance of questions, and is told the truth."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.exc import OperationalError

from portal.extensions import db, limiter
from portal.web.ask import routes
from tests import factories
from tests.file_database import DETAILS, TEXT, file_database_app
from tests.html import heading, text


def database_gone(*args: object, **kwargs: object) -> None:
    raise OperationalError("INSERT ...", {}, Exception("unable to open database file"))


@pytest.fixture
def limited_app(tmp_path: Path) -> Iterator[Flask]:
    try:
        with file_database_app(
            tmp_path,
            RATELIMIT_ENABLED=True,
            RATELIMIT_STORAGE_URI="memory://",
            ASK_SUBMIT_RATE_LIMIT="2 per minute",
        ) as app:
            limiter.reset()
            yield app
    finally:
        limiter.reset()
        limiter.enabled = False  # the limiter is shared: leave it as the other tests expect


@pytest.fixture
def meeting_and_post(limited_app: Flask) -> tuple[int, int]:
    with limited_app.app_context():
        post = factories.make_post("Cabinet member children and families")
        committee = factories.make_committee("Council", slug="council-faults", posts=[post], word_limit=100)
        meeting = factories.make_meeting(committee, days_ahead=20)
        db.session.commit()
        return meeting.id, post.id


def test_a_503_on_the_details_page_shows_back_what_was_typed(limited_app, meeting_and_post, monkeypatch):
    meeting_id, _ = meeting_and_post
    client = limited_app.test_client()
    assert client.post("/ask/meeting", data={"meeting": str(meeting_id)}).status_code == 302
    monkeypatch.setattr(routes, "save_details", database_gone)
    typed = {**DETAILS, "email": "hannah.carter@example.com", "address_line_1": "12 Mill Lane, Upper Flat"}

    response = client.post("/ask/details", data=typed)

    assert response.status_code == 503
    assert heading(response) == "Sorry, the service is unavailable"
    page = text(response)
    for value in ("Hannah", "Carter", "hannah.carter@example.com", "12 Mill Lane, Upper Flat", "km1 4tt"):
        assert value in page
    assert "Nothing you entered on this page has been saved yet" in page
    # Once the database answers again, sending the same words from the page goes on.
    monkeypatch.undo()
    again = client.post("/ask/details", data=typed)
    assert again.status_code == 302
    assert again.headers["Location"].endswith("/ask/question")


def test_submissions_that_failed_do_not_use_up_the_allowance(limited_app, meeting_and_post, monkeypatch):
    meeting_id, post_id = meeting_and_post
    client = limited_app.test_client()
    client.post("/ask/meeting", data={"meeting": str(meeting_id)})
    client.post("/ask/details", data={**DETAILS, "email": "hannah.carter@example.com"})
    client.post("/ask/question", data={"text": TEXT, "post": str(post_id)})
    key = client.get("/ask/check-answers").get_data(as_text=True).split('name="submission_key" value="')[1]
    key = key.split('"')[0]
    monkeypatch.setattr(routes, "submit_draft", database_gone)

    failed = [client.post("/ask/check-answers", data={"submission_key": key}) for _ in range(3)]

    assert [r.status_code for r in failed] == [503, 503, 503]
    assert "Your question has not been sent" in text(failed[-1])
    monkeypatch.undo()
    sent = client.post("/ask/check-answers", data={"submission_key": key})
    assert sent.status_code == 302
    assert sent.headers["Location"].endswith("/ask/sent")
