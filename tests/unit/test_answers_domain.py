"""Answers: drafted by officers for a post, signed off by a holder who did not send it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.domain import permissions
from portal.domain.permissions import NotPermitted
from portal.domain.questions import answers, worklist
from portal.domain.states import QuestionStatus
from portal.extensions import db
from portal.models import AnswerStatus, OutboxMessage
from tests import factories

# Runs SQL: the PostgreSQL leg runs it too.
pytestmark = pytest.mark.database

S = QuestionStatus


@pytest.fixture
def people(officer, councillor):
    post = factories.make_answering_post(holders=[councillor], drafters=[officer])
    return post, officer, councillor


@pytest.fixture
def question(people):
    post, _, _ = people
    meeting = factories.make_meeting(factories.make_committee(posts=[post]))
    return factories.make_question(meeting, status=S.ACCEPTED, post=post)


def templates_sent(name: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.template == name).order_by(OutboxMessage.id)
        )
    )


def test_every_save_is_a_revision_with_sanitised_html(question, people):
    _, officer, _ = people
    first = answers.save_draft(question, by=officer, source="Thank you. <script>alert(1)</script>**Yes**.")
    second = answers.save_draft(question, by=officer, source="Thank you. **Yes**, and more.", note="More")
    assert (first.number, second.number) == (1, 2)
    answer = question.answer
    assert answer.status is AnswerStatus.DRAFT
    assert answer.body_html == "<p>Thank you. <strong>Yes</strong>, and more.</p>"
    assert "<script" not in first.body_html
    assert second.author == officer
    assert second.note == "More"
    assert answers.save_draft(question, by=officer, source="Thank you. **Yes**, and more.") is None


def test_a_save_over_a_newer_version_is_refused(question, people):
    _, officer, _ = people
    colleague = factories.make_user(roles={"officer"}, first_name="Vic")
    question.answering_post.drafters.append(factories.PostDrafter(user=colleague))
    answers.save_draft(question, by=officer, source="Version one")
    answers.save_draft(question, by=colleague, source="Version two", expected_revision=1)
    with pytest.raises(answers.AnswerRefused, match=r"Vic .* saved a newer version"):
        answers.save_draft(question, by=officer, source="My version", expected_revision=1)
    assert question.answer.body_source == "Version two"


def test_draft_submit_return_revise_approve(question, people):
    _, officer, councillor = people
    answers.save_draft(question, by=officer, source="First go")
    answers.submit_for_approval(question, by=officer, expected_revision=1)
    assert (question.status, question.answer.status) == (S.ANSWER_DRAFTED, AnswerStatus.SUBMITTED)
    [awaiting] = templates_sent("answer_awaiting_approval")
    assert awaiting.to_address == councillor.email

    with pytest.raises(answers.AnswerRefused, match="waiting for approval"):
        answers.save_draft(question, by=officer, source="Sneaky change")

    answers.return_for_changes(question, by=councillor, comment="Add last quarter's figures")
    assert (question.status, question.answer.status) == (S.ACCEPTED, AnswerStatus.RETURNED)
    assert question.answer.returned_comment == "Add last quarter's figures"
    assert templates_sent("answer_returned")[0].to_address == officer.email

    with pytest.raises(answers.AnswerRefused, match="already been returned"):
        answers.approve(question, by=councillor)

    answers.save_draft(question, by=officer, source="Second go, with figures")
    answers.submit_for_approval(question, by=officer)
    answers.approve(question, by=councillor, expected_revision=2)
    answer = question.answer
    assert (question.status, answer.status) == (S.ANSWER_APPROVED, AnswerStatus.APPROVED)
    assert (answer.approved_by, answer.submitted_by) == (councillor, officer)
    assert [e.verb for e in question.events if e.verb.endswith("answer")] == [
        "save_answer",
        "submit_answer",
        "return_answer",
        "save_answer",
        "submit_answer",
        "approve_answer",
    ]


def test_the_holder_who_sent_it_cannot_approve_it(people):
    post, _officer, councillor = people
    both = factories.make_user(roles={"officer", "councillor"}, first_name="Dual")
    post.holders.append(factories.PostHolder(user=both))
    post.drafters.append(factories.PostDrafter(user=both))
    meeting = factories.make_meeting(factories.make_committee(posts=[post]))
    question = factories.make_question(meeting, status=S.ACCEPTED, post=post)
    answers.save_draft(question, by=both, source="Answer")
    answers.submit_for_approval(question, by=both)
    with pytest.raises(answers.AnswerRefused, match="another holder"):
        answers.approve(question, by=both)
    answers.approve(question, by=councillor)
    assert question.status is S.ANSWER_APPROVED


def test_a_holder_who_wrote_any_version_cannot_approve_or_return_it(people):
    """The sign-off is by someone who wrote none of the answer, even when a colleague sent it."""
    post, officer, councillor = people
    both = factories.make_user(roles={"officer", "councillor"}, first_name="Dual")
    post.holders.append(factories.PostHolder(user=both))
    post.drafters.append(factories.PostDrafter(user=both))
    meeting = factories.make_meeting(factories.make_committee(posts=[post]))
    question = factories.make_question(meeting, status=S.ACCEPTED, post=post)
    answers.save_draft(question, by=both, source="A first version by the post holder")
    answers.save_draft(question, by=officer, source="The officer's version", expected_revision=1)
    answers.submit_for_approval(question, by=officer, expected_revision=2)
    answer = question.answer
    assert not permissions.can_approve_answer(both, answer)
    assert not permissions.can_return_answer(both, answer)
    with pytest.raises(answers.AnswerRefused, match="You wrote a version of this answer"):
        answers.approve(question, by=both)
    with pytest.raises(answers.AnswerRefused, match="You wrote a version of this answer"):
        answers.return_for_changes(question, by=both, comment="Looks fine to me")
    assert (question.status, answer.status) == (S.ANSWER_DRAFTED, AnswerStatus.SUBMITTED)
    assert worklist.answers_awaiting_approval_by(both) == []
    assert worklist.answers_awaiting_approval_by(councillor) == [question]
    assert permissions.can_approve_answer(councillor, answer)
    answers.approve(question, by=councillor)
    assert question.status is S.ANSWER_APPROVED


def test_only_drafters_draft_and_only_holders_approve(question, people):
    _, officer, councillor = people
    stranger = factories.make_user(roles={"officer"})
    with pytest.raises(NotPermitted):
        answers.save_draft(question, by=stranger, source="Not mine")
    with pytest.raises(NotPermitted):
        answers.save_draft(question, by=councillor, source="Holder drafting")
    answers.save_draft(question, by=officer, source="Answer")
    answers.submit_for_approval(question, by=officer)
    with pytest.raises(NotPermitted):
        answers.approve(question, by=officer)
    with pytest.raises(NotPermitted):
        answers.approve(question, by=stranger)


def test_submitting_needs_a_saved_answer(question, people):
    _, officer, _ = people
    with pytest.raises(answers.AnswerError, match="Save a draft"):
        answers.submit_for_approval(question, by=officer)


def test_returning_needs_a_comment(question, people):
    _, officer, councillor = people
    answers.save_draft(question, by=officer, source="Answer")
    answers.submit_for_approval(question, by=officer)
    with pytest.raises(answers.AnswerError, match="Enter what needs to change"):
        answers.return_for_changes(question, by=councillor, comment=" ")
    assert question.answer.status is AnswerStatus.SUBMITTED


def test_an_approved_answer_can_be_reopened_before_publication(question, people, clerk):
    _, officer, councillor = people
    answers.save_draft(question, by=officer, source="Answer")
    answers.submit_for_approval(question, by=officer)
    answers.approve(question, by=councillor)
    answers.reopen(question, by=clerk, reason="The figures were revised")
    assert (question.status, question.answer.status) == (S.ACCEPTED, AnswerStatus.DRAFT)
    assert question.answer.approved_by is None


def test_templates_are_kept_per_post_by_clerks_and_drafters(people, clerk):
    post, officer, councillor = people
    template = answers.create_template(post, by=officer, title="Opening", body="Thank you for your question.")
    answers.create_template(post, by=clerk, title="Closing", body="I hope this helps.")
    assert [t.title for t in answers.templates_for(post)] == ["Closing", "Opening"]
    answers.update_template(template, by=clerk, title="Opening", body="Thank you.", is_active=False)
    assert [t.title for t in answers.templates_for(post)] == ["Closing"]
    with pytest.raises(NotPermitted):
        answers.create_template(post, by=councillor, title="X", body="Y")
    with pytest.raises(answers.AnswerError, match="Enter a name"):
        answers.create_template(post, by=clerk, title="", body="Y")
