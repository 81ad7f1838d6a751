"""Review of a rejection: asked from the tracking page within the committee's period, once;
decided by the chair or the named reviewer with reasons; e-mailed, on the timeline, counted in
the public statistics; overturned before the deadline, the question is back in the queue."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portal.domain.questions import moderation, reviews
from portal.domain.states import QuestionStatus
from portal.extensions import db
from portal.models import Membership, MembershipRole, OutboxMessage, QuestionEvent, ReviewOutcome, utcnow
from tests import factories
from tests.html import error_messages, heading, page, text

GROUNDS = "My question is about the council's fostering service, not about one family's case."
REASONS = "The question asks about the service as a whole; it names no child or family."


def rejected_question(*, days_ahead=30, clerk=None):
    """A public question not accepted by democratic services, for a meeting `days_ahead` away."""
    meeting = factories.make_meeting(days_ahead=days_ahead)
    question = factories.make_question(meeting)
    clerk = clerk or factories.make_user(roles={"clerk"})
    moderation.reject(
        question,
        by=clerk,
        ground=factories.ground("individual_case"),
        explanation="Questions about an individual case cannot be put at a public meeting.",
        listed=True,
    )
    db.session.commit()
    return question


def chair_of(committee):
    chair = factories.make_user(roles={"councillor"}, first_name="Phillip", last_name="Howells")
    db.session.add(
        Membership(
            committee=committee, user=chair, name="Councillor Phillip Howells", role=MembershipRole.CHAIR
        )
    )
    db.session.commit()
    return chair


def _messages(template):
    return db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.template == template).order_by(OutboxMessage.id)
    ).all()


def test_the_questioner_asks_and_the_chair_overturns_before_the_deadline(client, signed_in_as):
    question = rejected_question()
    chair = chair_of(question.meeting.committee)
    track = client.get(f"/questions/{question.tracking_token}")
    link = page(track).find("a", string=lambda s: s and "Ask for a review" in s)
    form = client.get(link["href"])
    assert heading(form) == "Ask for a review of the decision"
    response = client.post(link["href"], data={"grounds": GROUNDS})
    assert response.status_code == 302
    assert question.review.grounds == GROUNDS
    assert [m.to_address for m in _messages("review_to_decide")] == [chair.email]
    assert [m.to_address for m in _messages("review_asked")] == [question.email]

    chair_client = signed_in_as(chair)
    assert question.reference in text(chair_client.get("/staff/reviews"))
    page_ = chair_client.get(f"/staff/reviews/{question.id}")
    assert GROUNDS in text(page_)
    response = chair_client.post(
        f"/staff/reviews/{question.id}", data={"outcome": "overturned", "reasons": REASONS}
    )
    assert response.status_code == 302
    db.session.refresh(question)
    assert question.status is QuestionStatus.RECEIVED
    assert question.rejection_ground is None
    assert question.review.back_in_queue
    assert question in moderation_queue()
    decided = _messages("review_decided")[0]
    assert REASONS in decided.body_text
    assert "back with democratic services" in decided.body_text
    verbs = [e.verb for e in question.events]
    assert verbs[-2:] == ["ask_review", "overturn_rejection"]
    assert "Decision overturned by" in text(client.get(f"/questions/{question.tracking_token}"))


def moderation_queue():
    from portal.domain.questions import worklist

    return worklist.moderation_queue()


def test_the_named_reviewer_upholds_and_it_is_counted_publicly(client, signed_in_as):
    question = rejected_question()
    officer = factories.make_user(roles={"officer"}, first_name="Claire", last_name="Ward")
    post = factories.make_post("Monitoring Officer", holders=[officer])
    question.meeting.committee.rules.reviewer_post = post
    reviews.ask_review(question, GROUNDS)
    db.session.commit()
    response = signed_in_as(officer).post(
        f"/staff/reviews/{question.id}", data={"outcome": "upheld", "reasons": REASONS}
    )
    assert response.status_code == 302
    db.session.refresh(question)
    assert question.status is QuestionStatus.REJECTED
    assert question.review.outcome is ReviewOutcome.UPHELD
    assert "upheld the decision" in _messages("review_decided")[0].body_text

    stats = client.get("/statistics")
    table = page(stats).select_one("#reviews").find_next("table")
    row = [c.get_text(strip=True) for c in table.select("tbody tr")[0].find_all(["th", "td"])]
    assert row == [question.meeting.committee.name, "1", "1", "0", "0"]
    assert GROUNDS not in stats.get_data(as_text=True)


def test_overturned_after_the_deadline_is_recorded_but_not_put_back(signed_in_as):
    question = rejected_question(days_ahead=1)  # the question deadline has passed
    assert question.meeting.question_deadline_at < utcnow()
    chair = chair_of(question.meeting.committee)
    reviews.ask_review(question, GROUNDS)
    db.session.commit()
    signed_in_as(chair).post(
        f"/staff/reviews/{question.id}", data={"outcome": "overturned", "reasons": REASONS}
    )
    db.session.refresh(question)
    assert question.status is QuestionStatus.REJECTED
    assert question.review.outcome is ReviewOutcome.OVERTURNED
    assert not question.review.back_in_queue
    assert "too late" in question.events[-1].title
    assert "cannot be put at it" in _messages("review_decided")[0].body_text


def test_asking_twice_or_after_the_period_is_refused_and_changes_nothing(client):
    question = rejected_question()
    url = f"/questions/{question.tracking_token}/review"
    client.post(url, data={"grounds": GROUNDS})
    response = client.post(url, data={"grounds": "Again, please."})
    assert response.status_code == 409
    assert error_messages(response) == [
        "You have already asked for a review of this decision. Nothing has been changed"
    ]
    assert question.review.grounds == GROUNDS

    late = rejected_question()
    reject_event = next(e for e in late.events if e.verb == "reject")
    db.session.execute(
        sa.update(QuestionEvent)
        .where(QuestionEvent.id == reject_event.id)
        .values(at=utcnow() - dt.timedelta(days=11))
    )
    db.session.expire_all()
    db.session.commit()
    response = client.post(f"/questions/{late.tracking_token}/review", data={"grounds": GROUNDS})
    assert response.status_code == 409
    assert error_messages(response)[0].startswith("You can no longer ask for a review of this decision.")
    assert late.review is None
    assert "The time for asking for a review of this decision has passed." in text(
        client.get(f"/questions/{late.tracking_token}")
    )


def test_a_review_needs_reasons_and_a_tracking_link(client):
    question = rejected_question()
    url = f"/questions/{question.tracking_token}/review"
    response = client.post(url, data={"grounds": "  "})
    assert response.status_code == 422
    assert error_messages(response) == ["Enter why the decision should be reviewed"]
    assert client.post("/questions/someone-elses-guess/review", data={"grounds": GROUNDS}).status_code == 404
    assert question.review is None


def test_only_the_chair_or_named_reviewer_decides_and_only_once(signed_in_as, clerk_client):
    question = rejected_question()
    chair = chair_of(question.meeting.committee)
    reviews.ask_review(question, GROUNDS)
    db.session.commit()
    # Democratic services follow the review but do not decide it (they made the decision).
    assert GROUNDS in text(clerk_client.get(f"/staff/reviews/{question.id}"))
    response = clerk_client.post(
        f"/staff/reviews/{question.id}", data={"outcome": "overturned", "reasons": REASONS}
    )
    assert response.status_code == 403
    other = signed_in_as(factories.make_user(roles={"councillor"}))
    assert other.get(f"/staff/reviews/{question.id}").status_code == 403

    chair_client = signed_in_as(chair)
    response = chair_client.post(f"/staff/reviews/{question.id}", data={"reasons": REASONS})
    assert error_messages(response) == ["Select whether the decision is upheld or overturned"]
    chair_client.post(f"/staff/reviews/{question.id}", data={"outcome": "upheld", "reasons": REASONS})
    response = chair_client.post(
        f"/staff/reviews/{question.id}", data={"outcome": "overturned", "reasons": "No."}
    )
    assert response.status_code == 409
    assert error_messages(response)[0].startswith("This review was decided by Phillip Howells at")
    db.session.refresh(question)
    assert question.review.outcome is ReviewOutcome.UPHELD
    assert question.status is QuestionStatus.REJECTED


def test_an_administrator_names_who_decides_reviews_and_the_period(admin_client):
    committee = factories.make_committee()
    post = factories.make_post("Monitoring Officer")
    form = {
        "deadline_clear_working_days": "2",
        "deadline_time": "9:30am",
        "word_limit": "300",
        "questions_per_person": "1",
        "eligibility_wording": "Anyone can ask.",
        "written_answer_due_days": "28",
        "review_days": "14",
        "reviewer_post": str(post.id),
    }
    response = admin_client.post(f"/admin/committees/{committee.id}/rules", data=form)
    assert response.status_code == 302
    assert (committee.rules.review_days, committee.rules.reviewer_post) == (14, post)
    response = admin_client.post(
        f"/admin/committees/{committee.id}/rules", data={**form, "review_days": "91"}
    )
    assert error_messages(response) == ["Days to ask for a review must be between 1 and 90"]
    assert committee.rules.review_days == 14
