"""Democratic services' pages: the queue, a question, each decision and the numbered list."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from portal.domain.questions import moderation
from portal.domain.states import QuestionKind, QuestionStatus
from portal.extensions import db
from portal.models import OutboxMessage, utcnow
from tests import factories
from tests.html import banners, error_messages, heading, input_value, page, text, title

S = QuestionStatus


@pytest.fixture
def post():
    return factories.make_answering_post()


@pytest.fixture(autouse=True)
def grounds():
    """The standard rejection grounds (the first migration seeds them in a real database)."""
    factories.ground()


@pytest.fixture
def meeting(post):
    return factories.make_meeting(factories.make_committee("Council", posts=[post]))


def ago(days: float) -> dt.datetime:
    return utcnow() - dt.timedelta(days=days)


def test_the_queue_shows_questions_waiting_oldest_first_and_filters(clerk_client, meeting):
    newer = factories.make_question(meeting, received_at=ago(1), first_name="Newer")
    older = factories.make_question(meeting, received_at=ago(3), first_name="Older")
    factories.make_question(
        meeting, status=S.CLARIFICATION_REQUESTED, received_at=ago(2), first_name="Waiting"
    )
    member = factories.make_question(meeting, kind=QuestionKind.MEMBER, received_at=ago(0.5))
    factories.make_question(meeting, status=S.ACCEPTED, first_name="Accepted")
    other = factories.make_question(received_at=ago(5), first_name="Elsewhere")

    response = clerk_client.get("/staff/moderation")
    rows = [" ".join(r.get_text(" ").split()) for r in page(response).select("tbody tr")]
    assert heading(response) == "Moderation"
    assert [r.select_one("td a").get_text() for r in page(response).select("tbody tr")] == [
        other.reference,
        older.reference,
        factories.db.session.scalar(
            sa.select(factories.Question.reference).where(factories.Question.first_name == "Waiting")
        ),
        newer.reference,
        member.reference,
    ]
    assert "Accepted" not in " ".join(rows)

    only_meeting = clerk_client.get(f"/staff/moderation?meeting={meeting.id}&status=received&kind=public")
    found = " ".join(r.get_text(" ") for r in page(only_meeting).select("tbody tr"))
    assert older.reference in found
    assert newer.reference in found
    assert other.reference not in found
    assert member.reference not in found
    assert "Waiting" not in found


def test_the_question_page_shows_what_a_clerk_needs(clerk_client, meeting):
    factories.make_question(
        meeting,
        status=S.PUBLISHED,
        text="How many children's social workers are agency staff in Kingsmere?",
        number=1,
    )
    question = factories.make_question(
        meeting,
        text="My son Jack (9) has had four social workers. How many social workers are agency staff?",
        email="fiona.reid@example.com",
    )
    response = clerk_client.get(f"/staff/moderation/questions/{question.id}")
    assert response.status_code == 200
    body = text(response)
    assert question.reference in heading(response)
    assert "fiona.reid@example.com" in body  # contact details, for clerks
    marks = [m.get_text() for m in page(response).select(".app-question-text mark")]
    assert "My son Jack (9)" in marks
    assert "May name or identify a child" in body
    assert "Similar questions answered in the last six months" in body
    assert "PQ 1" in body  # the similar, published question
    assert "Created for a test" in body  # the timeline


def test_accept_from_the_page(clerk_client, meeting, post):
    question = factories.make_question(meeting)
    form = clerk_client.get(f"/staff/moderation/questions/{question.id}/accept")
    assert input_value(form, "expected_status") == "received"
    response = clerk_client.post(
        f"/staff/moderation/questions/{question.id}/accept",
        data={"post": str(post.id), "expected_status": "received"},
        follow_redirects=True,
    )
    [banner] = banners(response)
    assert banner == (
        f"Success {question.reference} accepted as PQ 1, to be answered by {post.title}. "
        "No more questions are waiting for a decision"
    )
    assert heading(response) == "Moderation"
    assert question.status is S.ACCEPTED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1


def test_accept_without_a_post_says_what_to_do(clerk_client, meeting):
    question = factories.make_question(meeting)
    response = clerk_client.post(
        f"/staff/moderation/questions/{question.id}/accept", data={"expected_status": "received"}
    )
    assert error_messages(response) == ["Select the post that will answer the question"]
    assert title(response).startswith("Error: ")
    assert question.status is S.RECEIVED


def test_two_clerks_deciding_at_once_the_second_is_told_and_nothing_changes(clerk_client, meeting, post):
    question = factories.make_question(meeting)
    other = factories.make_user(roles={"clerk"}, first_name="Omar", last_name="Other")
    moderation.accept(question, by=other, post=post)
    db.session.commit()  # the other clerk's decision is saved before this one arrives
    events = len(question.events)
    response = clerk_client.post(
        f"/staff/moderation/questions/{question.id}/reject",
        data={
            "ground": "names_staff",
            "explanation": "Names a member of staff.",
            "listed": "listed",
            "expected_status": "received",
        },
        follow_redirects=True,
    )
    message = " ".join(banners(response))
    assert "Omar Other changed it" in message
    assert "Nothing has been changed" in message
    db.session.refresh(question)
    assert question.status is S.ACCEPTED
    assert len(question.events) == events


def test_reject_in_two_steps_with_the_grounds_wording_prefilled(clerk_client, meeting):
    question = factories.make_question(meeting)
    choose = clerk_client.get(f"/staff/moderation/questions/{question.id}/reject")
    assert heading(choose) == f"Reject {question.reference}"
    assert page(choose).find("input", attrs={"value": "individual_case"}) is not None
    nothing_chosen = clerk_client.get(f"/staff/moderation/questions/{question.id}/reject?ground=")
    assert error_messages(nothing_chosen) == ["Select why the question cannot be accepted"]

    ground = factories.ground("individual_case")
    details = clerk_client.get(f"/staff/moderation/questions/{question.id}/reject?ground=individual_case")
    assert input_value(details, "explanation") == ground.public_wording
    checked = page(details).find("input", attrs={"name": "listed", "checked": True})
    assert checked["value"] == ("listed" if ground.listed_by_default else "hidden")

    response = clerk_client.post(
        f"/staff/moderation/questions/{question.id}/reject",
        data={
            "ground": "individual_case",
            "explanation": "This is about one family's case.",
            "internal_note": "Checked with the service manager",
            "listed": "hidden",
            "expected_status": "received",
        },
        follow_redirects=True,
    )
    assert "rejected: About an individual case or complaint" in " ".join(banners(response))
    assert question.rejection_explanation == "This is about one family's case."
    assert question.rejection_listed is False
    shown = clerk_client.get(f"/staff/moderation/questions/{question.id}")
    assert "Checked with the service manager" in text(shown)


def test_reject_keeps_what_was_typed_when_something_is_missing(clerk_client, meeting):
    question = factories.make_question(meeting)
    response = clerk_client.post(
        f"/staff/moderation/questions/{question.id}/reject",
        data={
            "ground": "names_staff",
            "explanation": "",
            "internal_note": "my note",
            "expected_status": "received",
        },
    )
    assert error_messages(response) == [
        "Enter the explanation the questioner will see",
        "Select whether the rejection is listed or hidden",
    ]
    assert input_value(response, "internal_note") == "my note"
    assert question.status is S.RECEIVED


def test_clarify_and_withdraw_from_the_page(clerk_client, meeting):
    question = factories.make_question(meeting)
    clerk_client.post(
        f"/staff/moderation/questions/{question.id}/clarify",
        data={"message": "Which school do you mean?", "expected_status": "received"},
    )
    assert question.status is S.CLARIFICATION_REQUESTED
    response = clerk_client.post(
        f"/staff/moderation/questions/{question.id}/withdraw",
        data={"reason": "E-mail from the questioner", "expected_status": "clarification_requested"},
        follow_redirects=True,
    )
    assert "has been withdrawn" in " ".join(banners(response))
    assert question.status is S.WITHDRAWN


def test_edit_for_publication_shows_staff_the_difference(clerk_client, meeting):
    question = factories.make_question(meeting, text="Why did Ms Patel close our case?")
    form = clerk_client.get(f"/staff/moderation/questions/{question.id}/edit")
    assert input_value(form, "text") == "Why did Ms Patel close our case?"
    response = clerk_client.post(
        f"/staff/moderation/questions/{question.id}/edit",
        data={"text": "Why was our case closed?", "reason": "Names a member of staff", "expected_edits": "0"},
        follow_redirects=True,
    )
    assert "text for publication" in " ".join(banners(response))
    diff = page(response).select_one(".app-diff")
    assert [d.get_text() for d in diff.select("del")] == ["[removed: did Ms Patel close]"]
    assert [i.get_text() for i in diff.select("ins")] == ["[added: was]", "[added:  closed]"]
    assert "Names a member of staff" in text(response)
    assert question.original_text == "Why did Ms Patel close our case?"


def test_a_decision_page_for_a_question_that_moved_on_goes_back_with_a_message(clerk_client, meeting):
    question = factories.make_question(meeting, status=S.REJECTED)
    response = clerk_client.get(f"/staff/moderation/questions/{question.id}/accept", follow_redirects=True)
    assert "is rejected, so that cannot be done now" in " ".join(banners(response))


def test_the_numbered_list_moves_and_orders(clerk_client, meeting, post, clerk):
    questions = [
        factories.make_question(meeting, received_at=ago(5 - i), first_name=n) for i, n in enumerate("ABC")
    ]
    for q in questions:
        moderation.accept(q, by=clerk, post=post)
    listing = clerk_client.get(f"/staff/moderation/meetings/{meeting.id}/numbering")
    assert [th.get_text() for th in page(listing).select("tbody th")] == ["PQ 1", "PQ 2", "PQ 3"]

    moved = clerk_client.post(
        f"/staff/moderation/meetings/{meeting.id}/numbering/public",
        data={"action": f"up:{questions[2].id}:3"},
        follow_redirects=True,
    )
    assert f"{questions[2].reference} is now PQ 2" in " ".join(banners(moved))

    ordered = clerk_client.post(
        f"/staff/moderation/meetings/{meeting.id}/numbering/public",
        data={
            "action": "order",
            f"position-public-{questions[0].id}": "3",
            f"position-public-{questions[1].id}": "1",
            f"position-public-{questions[2].id}": "2",
        },
        follow_redirects=True,
    )
    assert "PQ list: the new order is saved (2 renumbered)" in " ".join(banners(ordered))
    assert [q.number for q in questions] == [3, 1, 2]

    stale = clerk_client.post(
        f"/staff/moderation/meetings/{meeting.id}/numbering/public",
        data={"action": f"down:{questions[1].id}:3"},
        follow_redirects=True,
    )
    assert "The list changed while you had it open" in " ".join(banners(stale))
    assert [q.number for q in questions] == [3, 1, 2]

    bad = clerk_client.post(
        f"/staff/moderation/meetings/{meeting.id}/numbering/public",
        data={"action": "order", f"position-public-{questions[0].id}": "first"},
        follow_redirects=True,
    )
    assert "Enter each position as a whole number" in " ".join(banners(bad))


def test_after_each_decision_the_clerk_is_on_the_next_question_waiting(clerk_client, meeting, post):
    first = factories.make_question(meeting, received_at=ago(3))
    second = factories.make_question(meeting, received_at=ago(2))
    elsewhere = factories.make_question(received_at=ago(5))  # older, but at another meeting
    third = factories.make_question(meeting, received_at=ago(1))

    accepted = clerk_client.post(
        f"/staff/moderation/questions/{first.id}/accept",
        data={"post": str(post.id), "expected_status": "received"},
        follow_redirects=True,
    )
    assert f"{first.reference} accepted as PQ 1" in banners(accepted)[0]
    assert "This is the next question waiting for a decision" in banners(accepted)[0]
    assert heading(accepted).startswith(second.reference)

    clarified = clerk_client.post(
        f"/staff/moderation/questions/{second.id}/clarify",
        data={"message": "Which school do you mean?", "expected_status": "received"},
        follow_redirects=True,
    )
    assert heading(clarified).startswith(third.reference)

    rejected = clerk_client.post(
        f"/staff/moderation/questions/{third.id}/reject",
        data={
            "ground": "names_staff",
            "explanation": "Names a member of staff.",
            "listed": "listed",
            "expected_status": "received",
        },
        follow_redirects=True,
    )
    assert heading(rejected).startswith(elsewhere.reference)  # the same meeting's are all decided


def _tick(question) -> str:
    return f"{question.id}:{question.status.value}"


def test_a_clerk_accepts_several_questions_at_once_each_numbered_and_told(clerk_client, meeting, post):
    questions = [factories.make_question(meeting, received_at=ago(days)) for days in (3, 1, 2)]
    left = factories.make_question(meeting, received_at=ago(4))
    queue = clerk_client.get(f"/staff/moderation?meeting={meeting.id}")
    boxes = page(queue).select("input[name=questions]")
    assert len(boxes) == 4
    assert page(queue).select_one(f"label[for=select-{left.id}]").get_text() == f"Select {left.reference}"

    response = clerk_client.post(
        "/staff/moderation/accept-selected",
        data={
            "questions": [_tick(q) for q in questions],
            "post": str(post.id),
            "back": f"/staff/moderation?meeting={meeting.id}",
        },
    )
    assert response.headers["Location"] == f"/staff/moderation?meeting={meeting.id}"
    shown = clerk_client.get(response.headers["Location"])
    first, third, second = questions
    assert banners(shown) == [
        f"Success 3 questions accepted as PQ 1, PQ 2, PQ 3, to be answered by {post.title}. "
        "Each questioner has been told"
    ]
    # In order of receipt, each with its own event and e-mail, as if accepted one by one.
    assert [(q.number, q.status) for q in (first, second, third)] == [
        (1, S.ACCEPTED),
        (2, S.ACCEPTED),
        (3, S.ACCEPTED),
    ]
    assert all(q.events[-1].verb == "accept" for q in questions)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 3
    assert left.status is S.RECEIVED
    assert [r.select_one("td a").get_text() for r in page(shown).select("tbody tr")] == [left.reference]


def test_accepting_several_says_what_is_missing_and_keeps_the_ticks(clerk_client, meeting, post):
    question = factories.make_question(meeting)
    nothing = clerk_client.post(
        "/staff/moderation/accept-selected", data={"post": "", "back": "/staff/moderation"}
    )
    assert error_messages(nothing) == [
        "Select the questions to accept",
        "Select the post that will answer the questions",
    ]
    assert title(nothing).startswith("Error: ")
    no_post = clerk_client.post(
        "/staff/moderation/accept-selected",
        data={"questions": [_tick(question)], "back": "/staff/moderation"},
    )
    assert error_messages(no_post) == ["Select the post that will answer the questions"]
    assert page(no_post).select_one(f"#select-{question.id}").has_attr("checked")
    assert question.status is S.RECEIVED


def test_a_question_decided_meanwhile_is_left_alone_and_the_others_accepted(clerk_client, meeting, post):
    taken, free = factories.make_question(meeting, received_at=ago(2)), factories.make_question(meeting)
    seen = [_tick(taken), _tick(free)]
    other = factories.make_user(roles={"clerk"}, first_name="Omar", last_name="Other")
    moderation.reject(taken, by=other, ground=factories.ground(), explanation="Names a member of staff.")
    db.session.commit()
    response = clerk_client.post(
        "/staff/moderation/accept-selected",
        data={"questions": seen, "post": str(post.id), "back": "/staff/moderation"},
        follow_redirects=True,
    )
    messages = banners(response)
    assert any("1 question accepted as PQ 1" in m for m in messages)
    assert any(f"{taken.reference} is now rejected: Omar Other changed it" in m for m in messages)
    assert taken.status is S.REJECTED
    assert free.number == 1
