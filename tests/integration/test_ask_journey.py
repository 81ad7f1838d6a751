"""The asking journey page by page: every step, every error message, nothing typed lost."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from portal.domain.numbers import question_label
from portal.domain.states import QuestionStatus
from portal.extensions import db
from portal.models import OutboxMessage, Question, QuestionDraft, utcnow
from tests import factories
from tests.html import error_messages, field_errors, heading, input_value, page, text, title

DETAILS = {
    "title": "Ms",
    "first_name": "Hannah",
    "last_name": "Carter",
    "email": "hannah.carter@example.com",
    "phone": "",
    "address_line_1": "12 Mill Lane",
    "address_line_2": "",
    "town": "Kingsmere",
    "postcode": "km1 4tt",
    "lives_or_works_in_area": "yes",
    "on_behalf_of": "",
    "publish_name": "yes",
}
TEXT = "How many children's social workers are agency staff, and what is being done about it?"


@pytest.fixture
def post():
    return factories.make_post("Cabinet member children and families")


@pytest.fixture
def meeting(post):
    committee = factories.make_committee("Council", slug="council-ask", posts=[post], word_limit=30)
    return factories.make_meeting(committee, days_ahead=20)


def choose(client, meeting):
    return client.post("/ask/meeting", data={"meeting": str(meeting.id)})


def give_details(client, **changes):
    return client.post("/ask/details", data={**DETAILS, **changes})


def ask(client, post, text=TEXT):
    return client.post("/ask/question", data={"text": text, "post": str(post.id)})


def submission_key(client):
    return input_value(client.get("/ask/check-answers"), "submission_key")


def walk_to_check(client, meeting, post, **details):
    assert choose(client, meeting).status_code == 302
    assert give_details(client, **details).status_code == 302
    assert ask(client, post).status_code == 302


def send(client):
    return client.post("/ask/check-answers", data={"submission_key": submission_key(client)})


# The start page ---------------------------------------------------------------------------


def test_the_start_page_explains_the_rules_and_starts(client, meeting):
    response = client.get("/ask")
    assert response.status_code == 200
    assert heading(response) == "Ask the council a question"
    words = text(response)
    for expected in (
        "one question at each meeting",
        "30 words",
        "48 hours",
        "a complaint",
        "planning or licensing application",
        "Name and address supplied",
        "privacy notice",
    ):
        assert expected in words
    assert page(response).select_one("a.govuk-button--start")["href"] == "/ask/meeting"


def test_the_start_page_carries_a_chosen_meeting(client, meeting):
    response = client.get(f"/ask?meeting={meeting.id}")
    start = page(response).select_one("a.govuk-button--start")
    assert start["href"] == f"/ask/meeting?meeting={meeting.id}"


def test_the_start_page_says_when_a_meeting_is_past_its_deadline_and_points_to_the_next(client, meeting):
    closed = factories.make_meeting(meeting.committee, days_ahead=3)
    closed.question_deadline_at = utcnow() - dt.timedelta(hours=1)
    db.session.flush()
    words = text(client.get(f"/ask?meeting={closed.id}"))
    assert "The deadline for questions was" in words
    assert "The next Council meeting taking questions is on" in words


def test_with_no_meeting_open_there_is_no_dead_end(client):
    response = client.get("/ask")
    assert "No meeting is taking questions at the moment" in text(response)
    assert page(response).select_one("a.govuk-button--start") is None
    assert page(response).find("a", string="See the meetings coming up")


# Choosing a meeting ----------------------------------------------------------------------


def test_only_meetings_taking_questions_are_offered_with_their_deadlines(client, meeting):
    no_public = factories.make_meeting(factories.make_committee("Audit", takes_public_questions=False))
    response = client.get("/ask/meeting")
    assert heading(response) == "Which meeting do you want to ask your question at?"
    values = [i["value"] for i in page(response).select("input[name=meeting]")]
    assert values == [str(meeting.id)]
    words = text(response)
    assert "Send your question by" in words
    assert meeting.deadline_explanation not in words  # said once, on the meeting's page
    assert "Meetings not taking questions" in words
    assert "This meeting does not take questions from the public" in words
    assert str(no_public.id) not in values


def test_a_meeting_must_be_chosen(client, meeting):
    response = client.post("/ask/meeting", data={})
    assert error_messages(response) == ["Select a meeting"]
    assert title(response).startswith("Error: ")


def test_a_meeting_not_on_the_list_is_refused(client, meeting):
    closed = factories.make_meeting(meeting.committee, days_ahead=3)
    closed.question_deadline_at = utcnow() - dt.timedelta(hours=1)
    db.session.flush()
    response = client.post("/ask/meeting", data={"meeting": str(closed.id)})
    assert error_messages(response) == ["Select a meeting from the list"]


def test_choosing_a_meeting_starts_a_draft_held_on_the_server(client, meeting):
    response = choose(client, meeting)
    assert response.headers["Location"] == "/ask/details"
    draft = db.session.scalar(sa.select(QuestionDraft))
    assert draft.meeting_id == meeting.id
    with client.session_transaction() as session:
        assert session["ask_draft"] == draft.key
        assert "Hannah" not in str(dict(session))


def test_the_meeting_in_the_link_is_preselected(client, meeting):
    factories.make_meeting(meeting.committee, days_ahead=40)
    response = client.get(f"/ask/meeting?meeting={meeting.id}")
    checked = page(response).select_one("input[name=meeting][checked]")
    assert checked["value"] == str(meeting.id)


# Your details ------------------------------------------------------------------------------


def test_every_required_detail_has_its_own_message(client, meeting):
    choose(client, meeting)
    response = client.post("/ask/details", data={})
    assert error_messages(response) == [
        "Enter your first name",
        "Enter your last name",
        "Enter your e-mail address",
        "Enter address line 1, typically the building and street",
        "Enter town or city",
        "Enter postcode",
        "Confirm that you live or work in Kingsmere",
        "Select how your name should appear when your question is published",
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "hannah.carter", "Enter an e-mail address in the correct format, like name@example.com"),
        ("postcode", "KM1", "Enter a full UK postcode, like KM1 2AB"),
        ("postcode", "12345678901", "Enter a full UK postcode, like KM1 2AB"),
        (
            "phone",
            "call me",
            "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
        ),
        ("first_name", "H" * 101, "First name must be 100 characters or fewer"),
        ("last_name", "C" * 101, "Last name must be 100 characters or fewer"),
        ("title", "The Right Honourable Lady", "Title must be 20 characters or fewer"),
        ("address_line_1", "x" * 201, "Address line 1 must be 200 characters or fewer"),
        ("address_line_2", "x" * 201, "Address line 2 must be 200 characters or fewer"),
        ("town", "x" * 101, "Town or city must be 100 characters or fewer"),
        ("on_behalf_of", "x" * 201, "The name must be 200 characters or fewer"),
        ("email", "a" * 250 + "@example.com", "E-mail address must be 254 characters or fewer"),
        ("first_name", "Han\x00nah", "Remove the hidden formatting characters from your text"),
        ("town", "Kings\u202emere", "Remove the hidden formatting characters from your text"),
    ],
)
def test_each_detail_is_checked_with_a_specific_message(client, meeting, field, value, message):
    choose(client, meeting)
    response = give_details(client, **{field: value})
    assert error_messages(response) == [message]
    other = "first_name" if field != "first_name" else "last_name"
    assert input_value(response, other) == DETAILS[other], "what was typed is shown back"


def test_details_are_saved_tidied_and_the_journey_goes_on(client, meeting):
    choose(client, meeting)
    response = give_details(client, email=" Hannah.Carter@Example.COM ", phone="01632 960001")
    assert response.headers["Location"] == "/ask/question"
    answers = db.session.scalar(sa.select(QuestionDraft)).answers
    assert answers["postcode"] == "KM1 4TT"
    assert answers["email"] == "Hannah.Carter@example.com"
    assert answers["publish_name"] is True
    page_again = client.get("/ask/details")
    assert input_value(page_again, "first_name") == "Hannah"
    assert page(page_again).select_one("input[name=publish_name][value=yes]").has_attr("checked")


def test_an_address_that_already_asked_at_this_meeting_is_told_the_reference(client, meeting):
    earlier = factories.make_question(meeting, email="hannah.carter@example.com")
    choose(client, meeting)
    response = give_details(client, email="HANNAH.CARTER+again@example.com")
    assert error_messages(response) == [
        f"You have already asked a question for this meeting (reference {earlier.reference}). "
        "You can ask 1 question at each meeting"
    ]
    assert page(response).find("a", string="Ask at a different meeting")
    assert db.session.scalar(sa.select(QuestionDraft)).answers["first_name"] == "Hannah", "nothing lost"


def test_the_details_page_needs_a_meeting_first(client, meeting):
    response = client.get("/ask/details")
    assert response.headers["Location"] == "/ask"
    assert "We could not find your answers" in text(client.get("/ask"))


# Your question -----------------------------------------------------------------------------


def test_the_question_page_counts_words_against_the_committee_limit(client, meeting, post):
    choose(client, meeting)
    give_details(client)
    response = client.get("/ask/question")
    assert heading(response) == "Your question"
    counter = page(response).select_one("[data-module=govuk-character-count]")
    assert counter["data-maxwords"] == "30"
    assert "Do not name or describe children, members of staff" in text(response)
    options = [i["value"] for i in page(response).select("input[name=post]")]
    assert options == [str(post.id), "unknown"]
    assert "I don't know – the council will decide" in text(response)


def test_the_question_and_who_it_is_for_are_required(client, meeting):
    choose(client, meeting)
    give_details(client)
    response = client.post("/ask/question", data={})
    assert error_messages(response) == ["Enter your question", "Select who your question is for"]


def test_a_question_over_the_word_limit_is_refused_on_the_server_and_kept(client, meeting, post):
    choose(client, meeting)
    give_details(client)
    long_text = "word " * 33
    response = ask(client, post, long_text)
    assert error_messages(response) == ["Your question must be 30 words or fewer. It is 3 words too long"]
    assert page(response).select_one("textarea[name=text]").get_text().strip() == long_text.strip()
    assert db.session.scalar(sa.select(QuestionDraft)).answers["text"].strip() == long_text.strip()


def test_every_problem_on_the_question_page_is_shown_at_once(client, meeting, post):
    choose(client, meeting)
    give_details(client)
    long_text = "Why are families in Westcote waiting so long for help? " * 4  # 40 words, 30 allowed
    response = client.post("/ask/question", data={"text": long_text})
    assert error_messages(response) == [
        "Your question must be 30 words or fewer. It is 10 words too long",
        "Select who your question is for",
    ]
    assert page(response).select_one("textarea[name=text]").get_text().strip() == long_text.strip()


def test_a_question_that_is_far_too_long_is_refused(client, meeting, post):
    choose(client, meeting)
    give_details(client)
    response = ask(client, post, "x" * 15001)
    assert error_messages(response) == ["Your question is too long. Make it shorter"]


def test_control_characters_are_refused_in_the_question(client, meeting, post):
    choose(client, meeting)
    give_details(client)
    response = ask(client, post, "Why\x07 not?")
    assert error_messages(response) == ["Remove the hidden formatting characters from your text"]


def test_who_it_is_for_must_be_one_of_the_committee_posts(client, meeting):
    choose(client, meeting)
    give_details(client)
    other = factories.make_post("Chair of planning committee")
    response = client.post("/ask/question", data={"text": TEXT, "post": str(other.id)})
    assert error_messages(response) == ["Select who your question is for"]


def test_with_no_similar_answered_question_the_journey_goes_to_check_answers(client, meeting, post):
    choose(client, meeting)
    give_details(client)
    assert ask(client, post).headers["Location"] == "/ask/check-answers"


def test_similar_answered_questions_are_shown_before_check_answers(client, meeting, post):
    earlier_meeting = factories.make_meeting(meeting.committee, starts_at=utcnow() - dt.timedelta(days=30))
    answered = factories.make_question(earlier_meeting, status=QuestionStatus.PUBLISHED, text=TEXT)
    choose(client, meeting)
    give_details(client)
    assert ask(client, post).headers["Location"] == "/ask/similar"
    response = client.get("/ask/similar")
    assert heading(response) == "Your question may already have been answered"
    link = page(response).select_one("main a[href*='#pq-']")
    assert link["href"] == f"/meetings/{earlier_meeting.id}/questions#pq-{answered.number}"
    assert f"Read the answer to {question_label(answered)}" in link.get_text()
    assert page(response).find("a", string="Continue with my question")["href"] == "/ask/check-answers"


# Check your answers and send ---------------------------------------------------------------


def test_check_answers_shows_everything_with_change_links(client, meeting, post):
    walk_to_check(client, meeting, post, on_behalf_of="Kingsmere Parent Carer Forum")
    response = client.get("/ask/check-answers")
    assert heading(response) == "Check your answers before sending your question"
    words = text(response)
    for expected in (
        "Ms Hannah Carter",
        "hannah.carter@example.com",
        "KM1 4TT",
        "Ms Carter, Kingsmere",
        "Kingsmere Parent Carer Forum",
        TEXT,
        "Cabinet member children and families",
    ):
        assert expected in words
    changes = {a["href"] for a in page(response).select(".govuk-summary-list__actions a")}
    assert "/ask/meeting?return=check" in changes
    assert "/ask/details?return=check#email" in changes
    assert "/ask/question?return=check#text" in changes


def test_anonymous_publication_is_shown_exactly(client, meeting, post):
    walk_to_check(client, meeting, post, publish_name="no")
    assert "Name and address supplied" in text(client.get("/ask/check-answers"))


def test_a_change_link_returns_to_check_answers(client, meeting, post):
    walk_to_check(client, meeting, post)
    response = client.post("/ask/details?return=check", data={**DETAILS, "town": "Westcote"})
    assert response.headers["Location"] == "/ask/check-answers"
    assert "Ms Carter, Westcote" in text(client.get("/ask/check-answers"))


def test_changing_to_a_meeting_with_a_lower_limit_asks_to_check_the_question(client, meeting, post):
    tight = factories.make_meeting(
        factories.make_committee("Cabinet", posts=[post], word_limit=10), days_ahead=25
    )
    walk_to_check(client, meeting, post)
    response = client.post("/ask/meeting?return=check", data={"meeting": str(tight.id)})
    assert response.headers["Location"] == "/ask/question?return=check"


def test_sending_stores_an_unconfirmed_question_and_asks_to_check_email(client, meeting, post):
    walk_to_check(client, meeting, post)
    response = send(client)
    assert response.headers["Location"] == "/ask/sent"
    question = db.session.scalar(sa.select(Question))
    assert question.status is QuestionStatus.UNCONFIRMED
    sent = client.get("/ask/sent")
    assert heading(sent) == "Check your e-mail"
    assert "hannah.carter@example.com" in text(sent)
    assert question.reference in text(sent)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(QuestionDraft)) == 0


def test_sending_twice_with_the_back_button_makes_one_question(client, meeting, post):
    walk_to_check(client, meeting, post)
    key = submission_key(client)
    first = client.post("/ask/check-answers", data={"submission_key": key})
    second = client.post("/ask/check-answers", data={"submission_key": key})
    assert first.headers["Location"] == second.headers["Location"] == "/ask/sent"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Question)) == 1
    assert len(db.session.scalars(sa.select(OutboxMessage)).all()) == 1


def test_the_limit_is_checked_again_when_sending(client, meeting, post):
    walk_to_check(client, meeting, post)
    earlier = factories.make_question(meeting, email="hannah.carter@example.com")
    response = send(client)
    assert error_messages(response) == [
        f"You have already asked a question for this meeting (reference {earlier.reference}). "
        "You can ask 1 question at each meeting"
    ]
    assert page(response).select_one(".govuk-error-summary a")["href"] == "#change-email"
    assert page(response).select_one("#change-email") is not None


def test_a_deadline_passing_mid_journey_shows_their_question_back(client, meeting, post):
    later = factories.make_meeting(meeting.committee, days_ahead=40)
    walk_to_check(client, meeting, post)
    key = submission_key(client)
    meeting.question_deadline_at = utcnow() - dt.timedelta(minutes=1)
    db.session.flush()
    response = client.post("/ask/check-answers", data={"submission_key": key})
    assert response.headers["Location"] == "/ask/deadline-passed"
    passed = client.get("/ask/deadline-passed")
    assert heading(passed) == "The deadline for this meeting has passed"
    assert TEXT in text(passed)
    assert "Nothing you wrote has been lost" in text(passed)
    assert "The next Council meeting taking questions is on" in text(passed)
    # Choosing the later meeting goes straight back to check answers with everything kept.
    moved = client.post("/ask/meeting?return=check", data={"meeting": str(later.id)})
    assert moved.headers["Location"] == "/ask/check-answers"
    assert send(client).headers["Location"] == "/ask/sent"
    assert db.session.scalar(sa.select(Question)).meeting_id == later.id


def test_every_step_sends_a_closed_meeting_to_the_deadline_page(client, meeting, post):
    walk_to_check(client, meeting, post)
    meeting.question_deadline_at = utcnow() - dt.timedelta(minutes=1)
    db.session.flush()
    for path in ("/ask/details", "/ask/question", "/ask/check-answers"):
        assert client.get(path).headers["Location"] == "/ask/deadline-passed"


def test_the_trap_field_pretends_to_succeed_but_stores_nothing(client, meeting, post):
    choose(client, meeting)
    give_details(client, website="http://spam.example")
    ask(client, post)
    response = send(client)
    assert response.headers["Location"] == "/ask/sent"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Question)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
    assert heading(client.get("/ask/sent")) == "Check your e-mail"


def test_answers_can_be_deleted(client, meeting, post):
    walk_to_check(client, meeting, post)
    response = client.post("/ask/discard")
    assert response.headers["Location"] == "/ask"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(QuestionDraft)) == 0
    assert "Your answers have been deleted" in text(client.get("/ask"))


def test_a_question_in_progress_is_offered_on_the_start_page(client, meeting, post):
    walk_to_check(client, meeting, post)
    assert page(client.get("/ask")).find("a", string="Carry on with your question")


def test_pages_with_personal_details_are_never_cached(client, meeting, post):
    walk_to_check(client, meeting, post)
    assert client.get("/ask/check-answers").headers["Cache-Control"] == "no-store"


def test_field_errors_are_shown_beside_the_fields(client, meeting):
    choose(client, meeting)
    response = give_details(client, postcode="nonsense")
    assert field_errors(response) == ["Enter a full UK postcode, like KM1 2AB"]


def test_going_back_after_sending_points_to_the_sent_page_not_a_lost_draft(client, meeting, post):
    walk_to_check(client, meeting, post)
    send(client)
    assert client.get("/ask/check-answers").headers["Location"] == "/ask/sent"
