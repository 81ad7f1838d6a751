"""The confirmation link: confirm, the panel, and every way a link can go wrong."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portal.domain.asking import links, submission
from portal.domain.states import QuestionStatus
from portal.extensions import db
from portal.models import OutboxMessage, utcnow
from tests import factories
from tests.html import banners, error_messages, heading, page, text

S = QuestionStatus


def unconfirmed(**details):
    return submission.submit_draft(factories.make_draft(**details)).question


def link_in_email(question) -> str:
    message = db.session.scalar(
        sa.select(OutboxMessage)
        .where(OutboxMessage.question_id == question.id, OutboxMessage.template == "confirm_question")
        .order_by(OutboxMessage.id.desc())
    )
    return message.body_text.split("http://localhost", 1)[1].split()[0]


def test_the_link_asks_before_confirming_then_shows_the_reference_and_tracking_link(client):
    question = unconfirmed()
    path = link_in_email(question)
    confirm_page = client.get(path)
    assert heading(confirm_page) == "Confirm your question"
    assert question.original_text in text(confirm_page)
    assert question.status is S.UNCONFIRMED, "opening the link changes nothing"

    response = client.post(path)
    assert question.status is S.RECEIVED
    panel = client.get(response.headers["Location"])
    assert page(panel).select_one(".govuk-panel__title").get_text(strip=True) == "Question sent"
    assert question.reference in page(panel).select_one(".govuk-panel__body").get_text()
    tracking = page(panel).select_one("main a.app-break-anywhere")
    assert tracking["href"] == f"/questions/{question.tracking_token}"
    assert tracking.get_text() == f"http://localhost/questions/{question.tracking_token}"


def test_opening_the_link_again_after_confirming_shows_the_panel(client):
    question = unconfirmed()
    path = link_in_email(question)
    client.post(path)
    again = client.get(path)
    assert again.headers["Location"].startswith("/ask/confirmed/")
    assert client.post(path).headers["Location"].startswith("/ask/confirmed/")
    assert [e.verb for e in question.events] == ["submit", "confirm"]


def test_an_expired_link_shows_the_question_back(client):
    question = unconfirmed()
    token = links.confirm_token(question.id, utcnow() - dt.timedelta(hours=49))
    response = client.get(f"/ask/confirm/{token}")
    assert response.status_code == 410
    assert heading(response) == "This link has expired"
    assert question.original_text in text(response)
    assert client.post(f"/ask/confirm/{token}").status_code == 410
    assert question.status is S.UNCONFIRMED


def test_a_question_that_expired_cannot_be_confirmed(client):
    question = unconfirmed()
    path = link_in_email(question)
    submission.expire_unconfirmed(now=question.created_at + dt.timedelta(hours=49))
    assert client.post(path).status_code == 410
    assert question.status is S.EXPIRED


def test_a_broken_link_says_what_to_do(client):
    response = client.get("/ask/confirm/not-a-real-link")
    assert response.status_code == 404
    assert heading(response) == "This link does not work"
    assert "Check you copied the whole link" in text(response)


def test_the_panel_is_only_for_confirmed_questions(client):
    question = unconfirmed()
    token = links.confirm_token(question.id)
    assert client.get(f"/ask/confirmed/{token}").headers["Location"] == f"/ask/confirm/{token}"


def test_the_sent_page_can_send_the_email_again_until_the_limit(client):
    meeting = factories.make_meeting()
    draft = factories.make_draft(meeting)
    with client.session_transaction() as session:
        session["ask_draft"] = draft.key
    key = draft.submission_key
    client.post("/ask/check-answers", data={"submission_key": key})
    for _ in range(submission.MAX_CONFIRMATION_EMAILS - 1):
        client.post("/ask/sent")
    assert "We have sent the e-mail again" in " ".join(banners(client.get("/ask/sent")))
    client.post("/ask/sent")
    assert "We cannot send the e-mail again" in " ".join(banners(client.get("/ask/sent")))


def test_a_post_removed_from_the_committee_before_sending_is_caught_on_check_answers(client):
    post = factories.make_post("Cabinet member for housing")
    committee = factories.make_committee(posts=[post])
    draft = factories.make_draft(factories.make_meeting(committee), post=str(post.id))
    with client.session_transaction() as session:
        session["ask_draft"] = draft.key
    committee.committee_posts.clear()
    db.session.flush()
    response = client.post("/ask/check-answers", data={"submission_key": draft.submission_key})
    assert error_messages(response) == ["Select who your question is for"]
    assert page(response).select_one(".govuk-error-summary a")["href"] == "#change-post"


def test_a_word_limit_lowered_before_sending_is_caught_on_check_answers(client):
    committee = factories.make_committee(word_limit=50)
    draft = factories.make_draft(factories.make_meeting(committee), text="word " * 40)
    with client.session_transaction() as session:
        session["ask_draft"] = draft.key
    committee.rules.word_limit = 30
    db.session.flush()
    response = client.post("/ask/check-answers", data={"submission_key": draft.submission_key})
    assert error_messages(response) == ["Your question must be 30 words or fewer. It is 10 words too long"]
    assert page(response).select_one(".govuk-error-summary a")["href"] == "#change-text"
