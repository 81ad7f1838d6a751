"""Councillors ask member questions: the same rules, straight to the council."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from portal.domain.states import QuestionKind, QuestionStatus
from portal.extensions import db
from portal.models import Question, utcnow
from tests import factories
from tests.html import error_messages, heading, input_value, page, text


@pytest.fixture
def post():
    return factories.make_post("Cabinet member children and families")


@pytest.fixture
def meeting(post):
    committee = factories.make_committee("Council", posts=[post], takes_member_questions=True, word_limit=20)
    return factories.make_meeting(committee)


def ask(client, meeting, **data):
    form = client.get(f"/staff/member-questions/{meeting.id}")
    key = input_value(form, "submission_key")
    return client.post(f"/staff/member-questions/{meeting.id}", data={"submission_key": key, **data})


def test_the_start_page_lists_meetings_taking_member_questions(councillor_client, meeting):
    factories.make_meeting(factories.make_committee("Licensing", takes_member_questions=False))
    response = councillor_client.get("/staff/member-questions")
    assert heading(response) == "Ask a member question"
    assert "Cllr Carole Gandy, Mortimer" in text(response)
    links = [a["href"] for a in page(response).select("main a") if "/staff/member-questions/" in a["href"]]
    assert links == [f"/staff/member-questions/{meeting.id}"]


def test_the_start_page_shows_each_deadline_plainly_and_the_meeting_page_how_it_was_worked_out(
    councillor_client, meeting
):
    start = councillor_client.get("/staff/member-questions")
    assert "Send your question by" in text(start)
    assert "How we worked this out" not in text(start)
    assert not page(start).select(".app-deadline-working")
    meeting_page = councillor_client.get(f"/staff/member-questions/{meeting.id}")
    working = page(meeting_page).select(".app-deadline-working")
    assert len(working) == 1
    assert "How we worked this out" in working[0].get_text()


def test_a_councillor_asks_a_question_that_goes_straight_to_received(
    councillor_client, councillor, meeting, post
):
    response = ask(
        councillor_client, meeting, text="How many foster carers were recruited since May?", post=str(post.id)
    )
    assert response.headers["Location"] == "/staff/member-questions"
    question = db.session.scalar(sa.select(Question))
    assert question.kind is QuestionKind.MEMBER
    assert question.status is QuestionStatus.RECEIVED
    assert question.received_at is not None
    assert question.councillor_id == councillor.id
    assert question.public_display == "Cllr Carole Gandy, Mortimer"
    assert question.asked_post_id == post.id
    assert [e.verb for e in question.events] == ["submit_member"]
    assert question.events[0].actor_id == councillor.id
    listing = councillor_client.get("/staff/member-questions")
    assert f"Your question has been received. Its reference is {question.reference}" in text(listing)
    assert question.reference in text(listing)


def test_the_same_form_sent_twice_makes_one_question(councillor_client, meeting, post):
    form = councillor_client.get(f"/staff/member-questions/{meeting.id}")
    data = {"submission_key": input_value(form, "submission_key"), "text": "Why?", "post": str(post.id)}
    councillor_client.post(f"/staff/member-questions/{meeting.id}", data=data)
    councillor_client.post(f"/staff/member-questions/{meeting.id}", data=data)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Question)) == 1


def test_one_member_question_per_councillor_per_meeting(councillor_client, meeting, post):
    ask(councillor_client, meeting, text="First question?", post=str(post.id))
    first = db.session.scalar(sa.select(Question))
    response = ask(councillor_client, meeting, text="Second question?", post="unknown")
    assert error_messages(response) == [
        f"You have already asked a question for this meeting (reference {first.reference}). "
        "Councillors can ask 1 at each meeting"
    ]


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        ({}, ["Enter your question", "Select who your question is for"]),
        (
            {"text": "word " * 21, "post": "unknown"},
            ["Your question must be 20 words or fewer. It is 1 word too long"],
        ),
        ({"text": "Why?", "post": "999999"}, ["Select who your question is for"]),
    ],
)
def test_member_questions_are_checked(councillor_client, meeting, data, messages):
    assert error_messages(ask(councillor_client, meeting, **data)) == messages


def test_a_meeting_past_its_deadline_is_refused(councillor_client, meeting):
    meeting.question_deadline_at = utcnow() - dt.timedelta(minutes=1)
    db.session.flush()
    response = councillor_client.get(f"/staff/member-questions/{meeting.id}")
    assert response.headers["Location"] == "/staff/member-questions"


def test_only_councillors_may_ask(clerk_client, meeting):
    assert clerk_client.get(f"/staff/member-questions/{meeting.id}").status_code == 403
    assert clerk_client.get("/staff/member-questions").status_code == 403
