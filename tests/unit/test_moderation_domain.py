"""Moderation decisions and the numbered list, through the domain verbs."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from portal.domain import permissions
from portal.domain.numbers import question_label
from portal.domain.permissions import NotPermitted
from portal.domain.questions import moderation, numbering
from portal.domain.states import QuestionKind, QuestionStatus
from portal.extensions import db
from portal.models import OutboxMessage, QuestionEvent, utcnow
from tests import factories

S = QuestionStatus


@pytest.fixture
def post():
    return factories.make_post("Cabinet member children and families")


@pytest.fixture
def meeting(post):
    return factories.make_meeting(factories.make_committee(posts=[post]))


def received(meeting, days_ago: float, **kwargs):
    return factories.make_question(meeting, received_at=utcnow() - dt.timedelta(days=days_ago), **kwargs)


def labels(meeting, kind=QuestionKind.PUBLIC) -> list[tuple[str, str]]:
    return [(question_label(q), q.first_name) for q in numbering.numbered_list(meeting, kind)]


def outbox(template: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.template == template).order_by(OutboxMessage.id)
        )
    )


def test_accepting_numbers_in_order_of_receipt_whatever_the_order_of_decisions(meeting, post, clerk):
    first = received(meeting, 5, first_name="Ann")
    second = received(meeting, 4, first_name="Ben")
    third = received(meeting, 3, first_name="Cat")
    moderation.accept(third, by=clerk, post=post)
    moderation.accept(first, by=clerk, post=post)
    moderation.accept(second, by=clerk, post=post)
    assert labels(meeting) == [("PQ 1", "Ann"), ("PQ 2", "Ben"), ("PQ 3", "Cat")]
    # Cat was PQ 1, then PQ 2, then PQ 3: each move is on her record, for staff only.
    moves = [e for e in third.events if e.verb == "renumber"]
    assert [e.data for e in moves] == [{"from": 1, "to": 2}, {"from": 2, "to": 3}]
    assert not any(e.is_public for e in moves)


def test_public_and_member_questions_are_numbered_separately(meeting, post, clerk):
    public = received(meeting, 2)
    member = received(meeting, 1, kind=QuestionKind.MEMBER)
    moderation.accept(public, by=clerk, post=post)
    moderation.accept(member, by=clerk, post=post)
    assert (question_label(public), question_label(member)) == ("PQ 1", "MQ 1")


def test_accept_records_the_decision_and_tells_the_questioner(meeting, post, clerk):
    question = received(meeting, 1)
    moderation.accept(question, by=clerk, post=post)
    assert question.status is S.ACCEPTED
    assert question.answering_post == post
    event = question.events[-1]
    assert (event.verb, event.actor, event.is_public) == ("accept", clerk, True)
    [message] = outbox("question_accepted")
    assert message.to_address == question.email
    assert "/questions/" + question.tracking_token in message.body_text
    assert post.title in message.body_text


def test_a_clerk_who_saw_an_older_state_changes_nothing(meeting, post, clerk):
    question = received(meeting, 1)
    other = factories.make_user(roles={"clerk"}, first_name="Omar", last_name="Other")
    moderation.accept(question, by=other, post=post)
    events = len(question.events)
    with pytest.raises(moderation.DecisionRefused, match="Omar Other changed it"):
        moderation.reject(
            question,
            by=clerk,
            ground=factories.ground("individual_case"),
            explanation="About one family.",
            expected_status=S.RECEIVED,
        )
    assert question.status is S.ACCEPTED
    assert question.number == 1
    assert len(question.events) == events


def test_a_transition_the_table_refuses_is_refused_in_words(meeting, post, clerk):
    question = factories.make_question(meeting, status=S.REJECTED)
    with pytest.raises(moderation.DecisionRefused, match="is rejected, so it cannot be accepted"):
        moderation.accept(question, by=clerk, post=post)


def test_only_clerks_decide(meeting, post, officer):
    question = received(meeting, 1)
    with pytest.raises(NotPermitted):
        moderation.accept(question, by=officer, post=post)
    assert question.status is S.RECEIVED


def test_rejecting_a_numbered_question_closes_the_gap(meeting, post, clerk):
    ann, ben, cat = (received(meeting, 5 - i, first_name=n) for i, n in enumerate(("Ann", "Ben", "Cat")))
    for q in (ann, ben, cat):
        moderation.accept(q, by=clerk, post=post)
    ground = factories.ground("names_staff")
    moderation.reject(ben, by=clerk, ground=ground, explanation="Names a social worker.", internal_note="n")
    assert ben.status is S.REJECTED
    assert ben.number is None
    assert ben.rejection_listed is ground.listed_by_default
    assert labels(meeting) == [("PQ 1", "Ann"), ("PQ 2", "Cat")]
    [message] = outbox("question_rejected")
    assert "Names a social worker." in message.body_text
    assert "You can send a new or changed question until" in message.body_text


def test_reject_keeps_the_clerks_wording_and_visibility(meeting, clerk):
    question = received(meeting, 1)
    ground = factories.ground("defamatory_frivolous_offensive")
    moderation.reject(question, by=clerk, ground=ground, explanation="Our words.", listed=True)
    assert question.rejection_explanation == "Our words."
    assert question.rejection_listed is True
    assert question.events[-1].public_note == "Our words."


def test_reject_needs_a_ground_and_an_explanation(meeting, clerk):
    question = received(meeting, 1)
    with pytest.raises(moderation.ModerationError, match="Select why"):
        moderation.reject(question, by=clerk, ground=None, explanation="x")
    with pytest.raises(moderation.ModerationError, match="Enter the explanation"):
        moderation.reject(question, by=clerk, ground=factories.ground(), explanation="  ")
    assert question.status is S.RECEIVED


def test_clarification_sends_the_message_and_the_question_can_return_to_the_queue(meeting, clerk):
    from portal.domain import lifecycle

    question = received(meeting, 1)
    moderation.request_clarification(question, by=clerk, message="Which school do you mean?")
    assert question.status is S.CLARIFICATION_REQUESTED
    [message] = outbox("clarification_requested")
    assert "Which school do you mean?" in message.body_text
    lifecycle.transition(question, "clarify", actor=None, actor_kind="questioner")
    assert question.status is S.RECEIVED


def test_withdrawing_an_unpublished_question_releases_its_number(meeting, post, clerk):
    ann, ben = received(meeting, 2, first_name="Ann"), received(meeting, 1, first_name="Ben")
    for q in (ann, ben):
        moderation.accept(q, by=clerk, post=post)
    moderation.withdraw_on_behalf(ann, by=clerk, reason="Phoned on Monday")
    assert (ann.status, ann.number, ann.withdrawn_reason) == (S.WITHDRAWN, None, "Phoned on Monday")
    assert labels(meeting) == [("PQ 1", "Ben")]
    assert outbox("question_withdrawn_on_behalf")


@pytest.mark.parametrize("status", [S.RECEIVED, S.ACCEPTED, S.ANSWER_APPROVED, S.PUBLISHED], ids=str)
def test_nothing_is_withdrawn_on_behalf_once_the_meeting_has_started(post, clerk, status):
    meeting = factories.make_meeting(
        factories.make_committee(posts=[post]), starts_at=utcnow() - dt.timedelta(hours=1)
    )
    question = factories.make_question(meeting, status=status, post=post)
    assert not permissions.can_withdraw_on_behalf(clerk, question)
    with pytest.raises(NotPermitted):
        moderation.withdraw_on_behalf(question, by=clerk, reason="Phoned after the meeting")
    assert question.status is status
    assert not outbox("question_withdrawn_on_behalf")


def test_a_published_number_never_changes(meeting, post, clerk):
    published = factories.make_question(meeting, status=S.PUBLISHED, post=post, number=1, first_name="Pub")
    later = received(meeting, 1, first_name="New")
    moderation.accept(later, by=clerk, post=post)
    assert labels(meeting) == [("PQ 1", "Pub"), ("PQ 2", "New")]
    with pytest.raises(moderation.DecisionRefused):
        moderation.move_question(published, by=clerk, offset=1)
    with pytest.raises(moderation.DecisionRefused, match="already first"):
        moderation.move_question(later, by=clerk, offset=-1)
    moderation.withdraw_on_behalf(published, by=clerk, reason="Asked at the door")
    assert published.number == 1
    assert labels(meeting) == [("PQ 1", "Pub"), ("PQ 2", "New")]


def test_moving_and_setting_the_order_keep_numbers_contiguous(meeting, post, clerk):
    qs = [received(meeting, 5 - i, first_name=n) for i, n in enumerate(("Ann", "Ben", "Cat", "Dan"))]
    for q in qs:
        moderation.accept(q, by=clerk, post=post)
    moderation.move_question(qs[3], by=clerk, offset=-1)
    assert labels(meeting) == [("PQ 1", "Ann"), ("PQ 2", "Ben"), ("PQ 3", "Dan"), ("PQ 4", "Cat")]
    changed = moderation.set_question_order(
        meeting, QuestionKind.PUBLIC, {qs[3].id: 1, qs[0].id: 2, qs[1].id: 3, qs[2].id: 3}, by=clerk
    )
    assert changed == 3
    assert labels(meeting) == [("PQ 1", "Dan"), ("PQ 2", "Ann"), ("PQ 3", "Ben"), ("PQ 4", "Cat")]


def test_a_move_from_a_stale_page_is_refused(meeting, post, clerk):
    a, b = received(meeting, 2), received(meeting, 1)
    for q in (a, b):
        moderation.accept(q, by=clerk, post=post)
    with pytest.raises(moderation.DecisionRefused, match="list changed"):
        moderation.move_question(b, by=clerk, offset=-1, expected_number=1)


def test_edit_for_publication_keeps_the_original_and_records_who_when_why(meeting, clerk):
    question = received(meeting, 1, text="Why did Ms Patel close our case?")
    edit = moderation.edit_for_publication(
        question, by=clerk, text="Why did [name removed] close our case?", reason="Names a member of staff"
    )
    assert question.original_text == "Why did Ms Patel close our case?"
    assert question.publication_text == "Why did [name removed] close our case?"
    assert (edit.by, edit.reason, edit.text_before) == (
        clerk,
        "Names a member of staff",
        question.original_text,
    )
    event = question.events[-1]
    assert (event.verb, event.is_public, event.internal_note) == (
        "edit_for_publication",
        False,
        "Names a member of staff",
    )
    [message] = outbox("question_edited")
    assert "[name removed]" in message.body_text
    assert "Names a member" not in message.body_text
    with pytest.raises(moderation.DecisionRefused, match="Cara Clerk edited"):
        moderation.edit_for_publication(question, by=clerk, text="Other", reason="x", expected_edits=0)
    moderation.edit_for_publication(question, by=clerk, text=question.original_text, reason="Restored")
    assert question.publication_text is None
    assert len(question.edits) == 2


def test_events_are_never_rewritten(meeting, clerk):
    from portal.models.questions import ImmutableRecordError

    question = received(meeting, 1)
    moderation.request_clarification(question, by=clerk, message="Which ward?")
    event = db.session.scalar(sa.select(QuestionEvent).where(QuestionEvent.verb == "request_clarification"))
    event.title = "Changed"
    with pytest.raises(ImmutableRecordError):
        db.session.flush()
    db.session.rollback()
