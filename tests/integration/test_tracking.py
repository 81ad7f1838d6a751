"""The questioner's private tracking page, for every status, and what they can do from it."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from portal.domain import lifecycle
from portal.domain.asking import links
from portal.domain.states import PUBLIC_STATUS_WORDS, QuestionStatus
from portal.extensions import db
from portal.models import OutboxMessage, Question, QuestionDraft, utcnow
from tests import factories
from tests.html import error_messages, heading, input_value, page, text

S = QuestionStatus
WITHDRAWABLE = {
    S.RECEIVED,
    S.CLARIFICATION_REQUESTED,
    S.ACCEPTED,
    S.ANSWER_DRAFTED,
    S.ANSWER_APPROVED,
    S.PUBLISHED,
}


def track(client, question):
    return client.get(f"/questions/{question.tracking_token}")


def messages(template):
    return list(
        db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.template == template).order_by(OutboxMessage.id)
        )
    )


@pytest.mark.parametrize("status", list(QuestionStatus), ids=str)
def test_every_status_has_plain_words_and_a_next_step(client, status):
    question = factories.make_question(status=status)
    response = track(client, question)
    assert response.status_code == 200
    assert heading(response) == f"Your question {question.reference}"
    words = text(response)
    assert PUBLIC_STATUS_WORDS[status] in words
    assert "What happens next" in words
    next_step = page(response).find("h2", string="What happens next").find_next_sibling("p")
    assert next_step is not None
    assert next_step.get_text(strip=True)
    withdraw = page(response).find("a", string="Withdraw your question")
    assert (withdraw is not None) is (status in WITHDRAWABLE)
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]


def test_contact_details_never_appear_on_the_tracking_page(client):
    question = factories.make_question(email="private.person@example.com")
    words = text(track(client, question))
    assert "private.person@example.com" not in words
    assert "KM1 4TT" not in words
    assert question.public_display in words


def test_an_unknown_token_is_not_found(client):
    assert client.get("/questions/not-a-real-token").status_code == 404


def test_the_timeline_shows_public_events_only_newest_first(client):
    question = factories.make_question(status=S.RECEIVED)
    lifecycle.record_event(question, "note", title="Internal: checked with legal", actor=None, public=False)
    lifecycle.record_event(
        question, "resubmitted", title="A public step", actor=None, now=utcnow() + dt.timedelta(minutes=1)
    )
    words = text(track(client, question))
    assert "A public step" in words
    assert "Internal: checked with legal" not in words
    assert "Created for a test" not in words


def test_a_published_answer_is_linked(client):
    question = factories.make_question(status=S.PUBLISHED)
    link = page(track(client, question)).find("a", string="Read the answer")
    assert link["href"] == f"/meetings/{question.meeting_id}/questions#pq-{question.number}"


# Withdrawing ---------------------------------------------------------------------------------


def test_withdrawing_asks_first_then_withdraws_and_emails(client):
    question = factories.make_question(status=S.ACCEPTED)
    confirm_page = client.get(f"/questions/{question.tracking_token}/withdraw")
    assert heading(confirm_page) == "Are you sure you want to withdraw your question?"
    assert question.status is S.ACCEPTED, "asking is not doing"

    response = client.post(
        f"/questions/{question.tracking_token}/withdraw", data={"reason": "It was answered"}
    )
    assert response.headers["Location"] == f"/questions/{question.tracking_token}"
    assert question.status is S.WITHDRAWN
    assert question.withdrawn_reason == "It was answered"
    assert question.events[-1].actor_kind == "questioner"
    [message] = messages("question_withdrawn")
    assert question.reference in message.subject
    assert "Your question has been withdrawn" in text(track(client, question))


def test_a_reason_for_withdrawing_is_capped(client):
    question = factories.make_question(status=S.RECEIVED)
    response = client.post(f"/questions/{question.tracking_token}/withdraw", data={"reason": "x" * 1001})
    assert error_messages(response) == ["Your reason must be 1,000 characters or fewer"]
    assert question.status is S.RECEIVED


@pytest.mark.parametrize("status", sorted(set(QuestionStatus) - WITHDRAWABLE), ids=str)
def test_questions_that_cannot_be_withdrawn_say_so(client, status):
    question = factories.make_question(status=status)
    response = client.post(f"/questions/{question.tracking_token}/withdraw", data={})
    assert response.headers["Location"] == f"/questions/{question.tracking_token}"
    assert question.status is status
    assert "This question can no longer be withdrawn" in text(track(client, question))


@pytest.mark.parametrize("status", sorted(WITHDRAWABLE), ids=str)
def test_no_question_can_be_withdrawn_once_the_meeting_has_started(client, status):
    """Withdrawal is "any time before the meeting", whatever the question's status."""
    meeting = factories.make_meeting(starts_at=utcnow() - dt.timedelta(hours=1))
    question = factories.make_question(meeting, status=status)
    assert page(track(client, question)).find("a", string="Withdraw your question") is None
    response = client.post(f"/questions/{question.tracking_token}/withdraw", data={"reason": "Too late"})
    assert response.headers["Location"] == f"/questions/{question.tracking_token}"
    assert question.status is status
    assert "This question can no longer be withdrawn" in text(track(client, question))


# Clarifying ----------------------------------------------------------------------------------


def test_after_a_clarification_request_the_questioner_edits_the_question(client):
    question = factories.make_question(status=S.CLARIFICATION_REQUESTED, text="Why was it closed?")
    tracking = track(client, question)
    assert "Please say which service you are asking about." in text(tracking)
    form = client.get(f"/questions/{question.tracking_token}/clarify")
    assert heading(form) == "Change your question"
    assert page(form).select_one("textarea[name=text]").get_text().strip() == "Why was it closed?"

    response = client.post(
        f"/questions/{question.tracking_token}/clarify",
        data={"text": "Why was the family support service at the Orchard Centre closed?"},
    )
    assert response.headers["Location"] == f"/questions/{question.tracking_token}"
    assert question.status is S.RECEIVED
    assert question.original_text == "Why was the family support service at the Orchard Centre closed?"
    event = question.events[-1]
    assert event.verb == "clarify"
    assert event.data == {"previous_text": "Why was it closed?"}
    assert messages("question_changed")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter your question"),
        ("Why was it closed?", "Change your question to answer the council's request"),
        ("word " * 301, "Your question must be 300 words or fewer. It is 1 word too long"),
        ("Why\x1b?", "Remove the hidden formatting characters from your text"),
    ],
)
def test_clarifying_checks_the_new_text(client, typed, message):
    question = factories.make_question(status=S.CLARIFICATION_REQUESTED, text="Why was it closed?")
    response = client.post(f"/questions/{question.tracking_token}/clarify", data={"text": typed})
    assert error_messages(response) == [message]
    assert question.status is S.CLARIFICATION_REQUESTED


def test_clarifying_is_only_possible_when_asked(client):
    question = factories.make_question(status=S.RECEIVED)
    response = client.get(f"/questions/{question.tracking_token}/clarify")
    assert response.headers["Location"] == f"/questions/{question.tracking_token}"


# Fixing and resubmitting after a rejection ---------------------------------------------------


def test_a_rejection_shows_the_ground_and_the_explanation(client):
    question = factories.make_question(status=S.REJECTED)
    question.rejection_explanation = "Please ask again without naming the team manager."
    db.session.flush()
    words = text(track(client, question))
    assert question.rejection_ground.public_wording in words
    assert "Please ask again without naming the team manager." in words
    assert "Fix and send again" in words


def test_fix_and_resubmit_fills_in_the_answers_and_links_the_new_question(client):
    post = factories.make_post("Cabinet member children and families")
    meeting = factories.make_meeting(factories.make_committee(posts=[post]))
    rejected = factories.make_question(
        meeting,
        status=S.REJECTED,
        text="Why did Ms J. Harding not call back?",
        email="hannah.carter@example.com",
        post=post,
    )

    response = client.post(f"/questions/{rejected.tracking_token}/resubmit")
    assert response.headers["Location"] == "/ask/question"
    question_page = client.get("/ask/question")
    assert "Why did Ms J. Harding not call back?" in page(question_page).select_one("textarea").get_text()
    assert "We have filled in your answers" in text(question_page)

    client.post(
        "/ask/question",
        data={"text": "Why do calls to the west locality team go unanswered?", "post": str(post.id)},
    )
    key = input_value(client.get("/ask/check-answers"), "submission_key")
    sent = client.post("/ask/check-answers", data={"submission_key": key})
    assert "/ask/confirmed/" in sent.headers["Location"], "the same address needs no second confirmation"

    new = db.session.scalar(sa.select(Question).where(Question.id != rejected.id))
    assert new.resubmission_of_id == rejected.id
    assert new.status is S.RECEIVED
    assert new.original_text == "Why do calls to the west locality team go unanswered?"
    assert rejected.events[-1].verb == "resubmitted"
    assert messages("question_resubmitted")
    confirmed = client.get(sent.headers["Location"])
    assert new.reference in text(confirmed)
    old_page = text(track(client, rejected))
    assert f"follow question {new.reference}" in old_page
    assert "Fix and send again" not in old_page


def test_resubmitting_from_a_different_address_must_be_confirmed(client):
    rejected = factories.make_question(status=S.REJECTED, email="hannah.carter@example.com")
    client.post(f"/questions/{rejected.tracking_token}/resubmit")
    details = {
        "title": "Ms",
        "first_name": "Hannah",
        "last_name": "Carter",
        "email": "h.carter@example.org",
        "address_line_1": "1 Mill Lane",
        "town": "Kingsmere",
        "postcode": "KM1 4TT",
        "lives_or_works_in_area": "yes",
        "publish_name": "yes",
    }
    client.post("/ask/details?return=check", data=details)
    key = input_value(client.get("/ask/check-answers"), "submission_key")
    assert client.post("/ask/check-answers", data={"submission_key": key}).headers["Location"] == "/ask/sent"
    new = db.session.scalar(sa.select(Question).where(Question.id != rejected.id))
    assert new.status is S.UNCONFIRMED


def test_after_the_deadline_a_rejected_question_points_to_later_meetings(client):
    rejected = factories.make_question(status=S.REJECTED)
    rejected.meeting.question_deadline_at = utcnow() - dt.timedelta(minutes=1)
    db.session.flush()
    response = track(client, rejected)
    assert "Fix and send again" not in text(response)
    assert "ask a question at a later meeting" in text(response)
    assert client.post(f"/questions/{rejected.tracking_token}/resubmit").headers["Location"] == (
        f"/questions/{rejected.tracking_token}"
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(QuestionDraft)) == 0


# See all my questions ------------------------------------------------------------------------


def test_asking_for_a_list_always_gives_the_same_answer(client):
    factories.make_question(email="known@example.com")
    known = client.post("/questions/mine", data={"email": "Known@Example.com"})
    unknown = client.post("/questions/mine", data={"email": "nobody@example.com"})
    assert known.headers["Location"] == unknown.headers["Location"] == "/questions/mine/sent"
    assert len(messages("your_questions")) == 1
    assert heading(client.get("/questions/mine/sent")) == "Check your e-mail"


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your e-mail address"),
        ("not-an-address", "Enter an e-mail address in the correct format, like name@example.com"),
    ],
)
def test_the_list_request_checks_the_address(client, email, message):
    assert error_messages(client.post("/questions/mine", data={"email": email})) == [message]


def test_the_list_link_shows_every_question_from_that_address(client):
    first = factories.make_question(email="jo@example.com", status=S.WITHDRAWN)
    second = factories.make_question(email="jo+later@example.com")
    factories.make_question(email="someone.else@example.com")
    client.post("/questions/mine", data={"email": "jo@example.com"})
    [message] = messages("your_questions")
    path = message.body_text.split("http://localhost", 1)[1].split()[0]
    response = client.get(path)
    assert heading(response) == "Your questions"
    hrefs = {a["href"] for a in page(response).select("table a")}
    assert hrefs == {f"/questions/{first.tracking_token}", f"/questions/{second.tracking_token}"}


def test_an_old_list_link_has_expired(client):
    question = factories.make_question()
    token = links.my_questions_token(question.id, utcnow() - dt.timedelta(hours=25))
    response = client.get(f"/questions/mine/{token}")
    assert response.status_code == 410
    assert heading(response) == "This link has expired"
    assert client.get("/questions/mine/forged").status_code == 404


def test_an_unconfirmed_question_can_have_its_email_sent_again(client):
    from portal.domain.asking import submission

    question = submission.submit_draft(factories.make_draft()).question
    response = client.post(f"/questions/{question.tracking_token}/resend")
    assert response.headers["Location"] == f"/questions/{question.tracking_token}"
    assert len(messages("confirm_question")) == 2
