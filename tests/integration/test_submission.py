"""Submitting, confirming and expiring questions: the rules, through the domain."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from portal.domain.asking import drafts, submission
from portal.domain.states import QuestionStatus
from portal.extensions import db
from portal.models import OutboxMessage, Question, QuestionDraft, utcnow
from tests import factories

S = QuestionStatus


def _messages(template=None):
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if template:
        query = query.where(OutboxMessage.template == template)
    return list(db.session.scalars(query))


def test_submitting_stores_an_unconfirmed_question_and_asks_for_confirmation():
    draft = factories.make_draft(email="Hannah.Carter+council@Example.com")
    key = draft.submission_key

    result = submission.submit_draft(draft)

    question = result.question
    assert result.is_new
    assert not result.confirmed
    assert question.status is S.UNCONFIRMED
    assert question.reference.startswith(f"Q-{utcnow().year}-")
    assert len(question.tracking_token) >= 40
    assert question.submission_key == key
    assert question.email == "Hannah.Carter+council@example.com"
    assert question.email_normalised == "hannah.carter@example.com"
    assert question.received_at is None
    assert [e.verb for e in question.events] == ["submit"]
    assert db.session.get(QuestionDraft, draft.id) is None, "the draft is deleted once submitted"
    [message] = _messages("confirm_question")
    assert message.to_address == question.email
    assert question.reference in message.subject
    assert "/ask/confirm/" in message.body_text


def test_submitting_the_same_draft_twice_makes_one_question():
    draft = factories.make_draft()
    key = draft.submission_key
    first = submission.submit_draft(draft)
    again = submission.find_by_submission_key(key)
    assert again.id == first.question.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Question)) == 1


def test_confirming_sends_the_question_to_the_council():
    question = submission.submit_draft(factories.make_draft()).question
    assert submission.confirm_question(question) is True
    assert question.status is S.RECEIVED
    assert question.received_at is not None
    assert [e.verb for e in question.events] == ["submit", "confirm"]
    [received] = _messages("question_received")
    assert f"/questions/{question.tracking_token}" in received.body_text
    # A second click on the link changes nothing and sends nothing more.
    assert submission.confirm_question(question) is False
    assert len(_messages("question_received")) == 1


def test_confirming_after_48_hours_is_too_late():
    question = submission.submit_draft(factories.make_draft()).question
    with pytest.raises(submission.ConfirmationTooLate):
        submission.confirm_question(question, now=question.created_at + dt.timedelta(hours=48, seconds=1))
    assert question.status is S.UNCONFIRMED


def test_confirming_after_the_deadline_is_fine_if_it_was_sent_in_time():
    now = utcnow()
    meeting = factories.make_meeting(days_ahead=10)
    meeting.question_deadline_at = now + dt.timedelta(hours=1)
    question = submission.submit_draft(factories.make_draft(meeting), now=now).question
    assert submission.confirm_question(question, now=now + dt.timedelta(hours=2))
    assert question.status is S.RECEIVED


def test_unconfirmed_questions_expire_after_48_hours_or_when_the_meeting_starts():
    now = utcnow()
    fresh = submission.submit_draft(factories.make_draft(), now=now).question
    old = submission.submit_draft(
        factories.make_draft(email="someone.else@example.com"), now=now - dt.timedelta(hours=49)
    ).question
    soon = factories.make_meeting(starts_at=now + dt.timedelta(hours=2))
    soon.question_deadline_at = now + dt.timedelta(hours=1)
    starting = submission.submit_draft(factories.make_draft(soon), now=now).question

    assert submission.expire_unconfirmed(now=now + dt.timedelta(hours=3)) == 2
    assert (old.status, starting.status, fresh.status) == (S.EXPIRED, S.EXPIRED, S.UNCONFIRMED)
    assert old.events[-1].verb == "expire"
    assert old.events[-1].actor_kind == "system"


def test_expiring_twice_changes_nothing():
    question = submission.submit_draft(factories.make_draft()).question
    later = question.created_at + dt.timedelta(hours=49)
    assert submission.expire_unconfirmed(now=later) == 1
    assert submission.expire_unconfirmed(now=later) == 0
    assert question.status is S.EXPIRED


def test_one_question_per_person_per_meeting_names_the_earlier_reference():
    meeting = factories.make_meeting()
    first = submission.submit_draft(factories.make_draft(meeting, email="jo.bloggs@gmail.com")).question
    second = factories.make_draft(meeting, email="JoBloggs+again@googlemail.com")
    with pytest.raises(submission.LimitReached) as refused:
        submission.submit_draft(second)
    assert refused.value.earlier.id == first.id
    assert str(refused.value) == (
        f"You have already asked a question for this meeting (reference {first.reference}). "
        "You can ask 1 question at each meeting"
    )
    assert refused.value.field == "email"


@pytest.mark.parametrize("status", [S.EXPIRED, S.REJECTED, S.WITHDRAWN])
def test_a_question_that_ended_does_not_count_towards_the_limit(status):
    meeting = factories.make_meeting()
    factories.make_question(meeting, status=status, email="hannah.carter@example.com")
    assert submission.submit_draft(factories.make_draft(meeting)).is_new


def test_the_committee_can_allow_more_than_one_question():
    committee = factories.make_committee(questions_per_person=2)
    meeting = factories.make_meeting(committee)
    submission.submit_draft(factories.make_draft(meeting))
    submission.submit_draft(factories.make_draft(meeting))
    with pytest.raises(submission.LimitReached, match="You can ask 2 questions at each meeting"):
        submission.submit_draft(factories.make_draft(meeting))


def test_a_question_over_the_word_limit_is_refused():
    committee = factories.make_committee(word_limit=10)
    draft = factories.make_draft(factories.make_meeting(committee), text="word " * 13)
    with pytest.raises(submission.SubmissionError) as refused:
        submission.submit_draft(draft)
    assert str(refused.value) == "Your question must be 10 words or fewer. It is 3 words too long"


def test_a_meeting_past_its_deadline_takes_no_more_questions():
    meeting = factories.make_meeting(days_ahead=10)
    draft = factories.make_draft(meeting)
    meeting.question_deadline_at = utcnow() - dt.timedelta(minutes=1)
    db.session.flush()
    with pytest.raises(submission.DeadlinePassed):
        submission.submit_draft(draft)
    assert db.session.get(QuestionDraft, draft.id) is not None, "what they wrote is kept"


def test_a_post_from_another_committee_is_refused():
    other = factories.make_post("Chair of planning")
    draft = factories.make_draft(post=str(other.id))
    with pytest.raises(submission.SubmissionError, match="Select who your question is for"):
        submission.submit_draft(draft)


def test_the_confirmation_can_be_sent_again_a_few_times():
    question = submission.submit_draft(factories.make_draft()).question
    sent = [submission.resend_confirmation(question) for _ in range(5)]
    assert sent == [True, True, True, False, False]
    assert len(_messages("confirm_question")) == submission.MAX_CONFIRMATION_EMAILS


def test_old_drafts_are_purged():
    meeting = factories.make_meeting()
    old = drafts.new_draft(meeting=meeting, now=utcnow() - dt.timedelta(days=4))
    kept = drafts.new_draft(meeting=meeting)
    assert drafts.find_draft(old.key) is None, "too old to carry on with"
    assert drafts.purge_old_drafts() == 1
    assert db.session.get(QuestionDraft, kept.id) is not None
