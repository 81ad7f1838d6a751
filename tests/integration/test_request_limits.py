"""How much a request may send, and how many question drafts new visitors can make."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from portal import create_app
from portal.domain.asking import drafts
from portal.extensions import db, limiter
from portal.models import QuestionDraft, utcnow
from tests import factories
from tests.conftest import database_url
from tests.html import error_messages, heading


def test_a_huge_field_on_a_public_form_is_refused_unread(client):
    response = client.post("/ask/meeting", data={"meeting": "x" * (10 * 1024 * 1024)})
    assert response.status_code == 413
    assert heading(response) == "That is too much to send at once"
    assert "xxxxxxxxxx" not in response.get_data(as_text=True)  # never echoed back


def test_public_forms_take_what_a_question_needs_and_no_more(app, client):
    limit = app.config["PUBLIC_FORM_MAX_LENGTH"]
    assert client.post("/questions/mine", data={"email": "a" * (limit + 10)}).status_code == 413
    assert client.post("/questions/mine", data={"email": "someone@example.com"}).status_code == 302


def test_staff_forms_may_send_more_for_long_answers(app, clerk_client):
    public_limit = app.config["PUBLIC_FORM_MAX_LENGTH"]
    response = clerk_client.post("/admin/sign-in-settings", data={"idle_minutes": "x" * (public_limit + 10)})
    assert response.status_code != 413  # a clerk may not change it (403), but it was read
    staff_limit = app.config["STAFF_FORM_MAX_LENGTH"]
    assert clerk_client.post("/admin/people", data={"person": "x" * (staff_limit + 10)}).status_code == 413


def test_the_sign_in_page_is_a_public_form(client):
    assert (
        client.post("/staff/sign-in", data={"email": "x", "password": "p" * (100 * 1024)}).status_code == 413
    )


def test_every_request_has_a_ceiling(app):
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
    nginx = open("deploy/nginx.conf").read()  # noqa: SIM115
    assert "client_max_body_size 2m;" in nginx


# -- Drafts ---------------------------------------------------------------------------------


def start_question(client, meeting):
    return client.post("/ask/meeting", data={"meeting": str(meeting.id)})


def test_a_draft_is_made_only_when_a_meeting_is_chosen(client):
    meeting = factories.make_meeting()
    before = drafts.live_draft_count()
    client.get("/ask/meeting")
    assert drafts.live_draft_count() == before
    assert start_question(client, meeting).headers["Location"] == "/ask/details"
    assert drafts.live_draft_count() == before + 1
    start_question(client, meeting)  # the same visitor choosing again reuses their draft
    assert drafts.live_draft_count() == before + 1


def test_past_the_cap_old_empty_drafts_make_room_then_new_ones_are_refused(app, client, monkeypatch):
    meeting = factories.make_meeting()
    monkeypatch.setitem(app.config, "MAX_LIVE_DRAFTS", 3)
    long_ago = utcnow() - dt.timedelta(hours=app.config["EMPTY_DRAFT_HOURS"] + 1)
    for _ in range(3):
        drafts.new_draft(meeting=meeting, now=long_ago)
    # Abandoned empty drafts are purged to make room.
    assert start_question(client, meeting).status_code == 302
    assert drafts.live_draft_count() == 1
    for _ in range(2):
        factories.make_draft(meeting)
    db.session.commit()  # (a savepoint in tests) so the refused request's rollback keeps them
    refused = start_question(app.test_client(), meeting)
    assert refused.status_code == 503
    assert error_messages(refused) == [
        "We cannot start a new question at the moment because so many are being written. "
        "Try again in a few minutes"
    ]
    assert drafts.live_draft_count() == 3


def test_empty_drafts_expire_sooner_than_started_ones(app):
    meeting = factories.make_meeting()
    hours = app.config["EMPTY_DRAFT_HOURS"]
    then = utcnow() - dt.timedelta(hours=hours + 1)
    empty = drafts.new_draft(meeting=meeting, now=then)
    started = drafts.new_draft(meeting=meeting, answers={"first_name": "Jo"}, now=then)
    drafts.purge_old_drafts()
    ids = set(db.session.scalars(sa.select(QuestionDraft.id)))
    assert empty.id not in ids
    assert started.id in ids


@pytest.fixture
def limited_app(monkeypatch):
    """A second app with rate limits on, on a connection of its own: what it writes is
    committed for real, so the test removes it again. The limiter is shared: put it back."""
    monkeypatch.setattr(limiter, "enabled", limiter.enabled)
    monkeypatch.setattr(limiter, "initialized", limiter.initialized)
    limited = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url(),
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            "DRAFTS_PER_ADDRESS_RATE_LIMIT": "3 per hour",
        },
        env="test",
    )
    limiter.reset()
    with limited.app_context():
        meeting = factories.make_meeting()
        db.session.commit()
        meeting_id, committee_id = meeting.id, meeting.committee_id
    yield limited, meeting_id
    limiter.reset()
    with limited.app_context():
        db.session.execute(sa.delete(QuestionDraft).where(QuestionDraft.meeting_id == meeting_id))
        db.session.execute(sa.text("DELETE FROM meeting_change WHERE meeting_id = :id"), {"id": meeting_id})
        db.session.execute(sa.text("DELETE FROM meeting WHERE id = :id"), {"id": meeting_id})
        db.session.execute(
            sa.text("DELETE FROM committee_post WHERE committee_id = :id"), {"id": committee_id}
        )
        db.session.execute(
            sa.text("DELETE FROM procedure_rules WHERE committee_id = :id"), {"id": committee_id}
        )
        db.session.execute(sa.text("DELETE FROM committee WHERE id = :id"), {"id": committee_id})
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def test_one_address_can_start_only_so_many_drafts_an_hour(limited_app):
    app, meeting_id = limited_app

    def start(client):
        return client.post("/ask/meeting", data={"meeting": str(meeting_id)}).status_code

    assert [start(app.test_client()) for _ in range(3)] == [302, 302, 302]
    assert start(app.test_client()) == 429
