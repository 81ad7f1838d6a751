"""Who may do what: named predicates, checked by routes and again by domain verbs.

Each predicate knows about roles and, where it matters, about the object's state,
so a valid role acting at the wrong moment is refused too. It imports no area of the
domain (only `states`, `conditions` and the models), so every area can ask it.
"""

from __future__ import annotations

import datetime as dt

from portal.domain.conditions import (
    confirmation_deadline,
    is_open_for_member_questions,
    is_open_for_public_questions,
    live_resubmission,
)
from portal.domain.states import NUMBERED, QuestionKind, QuestionStatus
from portal.models import (
    AlertSubscription,
    Answer,
    AnswerStatus,
    Meeting,
    MeetingStatus,
    Post,
    Question,
    Role,
    SubscriptionStatus,
    User,
    utcnow,
)

S = QuestionStatus


class NotPermitted(Exception):
    """The actor may not do this (HTTP 403)."""


def _is_staff(user: User | None) -> bool:
    return user is not None and user.is_authenticated and user.is_enabled


def is_clerk(user: User | None) -> bool:
    return _is_staff(user) and user.has_role(Role.CLERK)


def is_admin(user: User | None) -> bool:
    return _is_staff(user) and user.has_role(Role.ADMIN)


# Administration -----------------------------------------------------------------------


def can_manage_users(user: User | None) -> bool:
    return is_admin(user)


def can_manage_committees(user: User | None) -> bool:
    """Committees, posts, memberships, procedure rules, rejection grounds, closure days."""
    return is_admin(user)


def can_manage_meetings(user: User | None) -> bool:
    """Schedule, move, cancel meetings and set deadlines by hand."""
    return is_admin(user) or is_clerk(user)


def can_move_meeting(user: User | None, meeting: Meeting) -> bool:
    return can_manage_meetings(user) and meeting.status in (MeetingStatus.SCHEDULED, MeetingStatus.MOVED)


def can_cancel_meeting(user: User | None, meeting: Meeting) -> bool:
    return can_manage_meetings(user) and meeting.status in (MeetingStatus.SCHEDULED, MeetingStatus.MOVED)


def can_reinstate_meeting(user: User | None, meeting: Meeting) -> bool:
    return can_manage_meetings(user) and meeting.status is MeetingStatus.CANCELLED


def can_mark_meeting_held(user: User | None, meeting: Meeting) -> bool:
    """Once it has started; a cancelled meeting was never held."""
    return (
        can_manage_meetings(user)
        and meeting.status in (MeetingStatus.SCHEDULED, MeetingStatus.MOVED)
        and meeting.starts_at <= utcnow()
    )


def can_set_deadline(user: User | None, meeting: Meeting) -> bool:
    """Set the question deadline by hand, or go back to the one the rules give."""
    return can_manage_meetings(user) and meeting.status in (MeetingStatus.SCHEDULED, MeetingStatus.MOVED)


def can_view_audit_log(user: User | None) -> bool:
    return is_admin(user) or is_clerk(user)


# Questions ---------------------------------------------------------------------------


def can_view_question(user: User | None, question: Question) -> bool:
    """Staff who have a part in the question: clerks; officers drafting for its post;
    holders of its post; the councillor who asked it."""
    if not _is_staff(user):
        return False
    if is_clerk(user) or is_admin(user):
        return True
    post = question.answering_post or question.asked_post
    if post is not None and user.has_role(Role.OFFICER) and post.is_drafted_by(user):
        return True
    if post is not None and post.is_held_by(user):
        return True
    return question.kind is QuestionKind.MEMBER and question.councillor_id == user.id


def can_view_contact_details(user: User | None, question: Question) -> bool:
    """E-mail, address and phone: democratic services only."""
    return is_clerk(user)


def can_moderate(user: User | None, question: Question) -> bool:
    """Accept, reject or ask for clarification: clerks, while a decision is still open."""
    return is_clerk(user) and question.status in (S.RECEIVED, S.CLARIFICATION_REQUESTED)


def can_accept(user: User | None, question: Question) -> bool:
    return is_clerk(user) and question.status is S.RECEIVED


def can_reject(user: User | None, question: Question) -> bool:
    return is_clerk(user) and question.status in (S.RECEIVED, S.CLARIFICATION_REQUESTED, S.ACCEPTED)


def can_request_clarification(user: User | None, question: Question) -> bool:
    return is_clerk(user) and question.status is S.RECEIVED


def can_edit_for_publication(user: User | None, question: Question) -> bool:
    """Until the question is first published; afterwards a correction is a new version."""
    return is_clerk(user) and question.status in (
        S.RECEIVED,
        S.CLARIFICATION_REQUESTED,
        S.ACCEPTED,
        S.ANSWER_DRAFTED,
        S.ANSWER_APPROVED,
    )


def can_withdraw_on_behalf(user: User | None, question: Question) -> bool:
    return is_clerk(user) and _withdrawable(question)


def can_renumber(user: User | None, meeting: Meeting) -> bool:
    return is_clerk(user) and meeting.status is not MeetingStatus.CANCELLED


def questioner_can_withdraw(question: Question) -> bool:
    return _withdrawable(question)


def _withdrawable(question: Question) -> bool:
    """Any time before the meeting (DESIGN §2), whatever has happened to the question."""
    return question.meeting.starts_at > utcnow() and question.status in (
        S.RECEIVED,
        S.CLARIFICATION_REQUESTED,
        S.ACCEPTED,
        S.ANSWER_DRAFTED,
        S.ANSWER_APPROVED,
        S.PUBLISHED,
    )


def can_submit_member_question(user: User | None, meeting: Meeting, now: dt.datetime | None = None) -> bool:
    return _is_staff(user) and user.has_role(Role.COUNCILLOR) and is_open_for_member_questions(meeting, now)


# Publishing and the meeting ------------------------------------------------------------


def can_publish(user: User | None, meeting: Meeting) -> bool:
    return is_clerk(user) and meeting.status is not MeetingStatus.CANCELLED


def can_run_console(user: User | None, meeting: Meeting) -> bool:
    return is_clerk(user) and meeting.status is not MeetingStatus.CANCELLED


# Answers -------------------------------------------------------------------------------
# Officers draft for the posts they support (PostDrafter); a current holder of the post
# who wrote none of the answer and did not send it signs it off (DESIGN §2,
# docs/decisions/0100-who-drafted-an-answer.md).


def drafts_for(user: User | None, question: Question) -> bool:
    """The user drafts answers for the post that answers `question` (whatever its state)."""
    post = question.answering_post
    return _is_staff(user) and post is not None and post.is_drafted_by(user)


def holds_answering_post(user: User | None, question: Question) -> bool:
    post = question.answering_post
    return _is_staff(user) and post is not None and post.is_held_by(user)


def can_draft_answer(user: User | None, question: Question) -> bool:
    """Write or revise the answer: while the question is accepted and the answer is not
    with the post holder."""
    if not drafts_for(user, question) or question.status is not S.ACCEPTED:
        return False
    answer = question.answer
    return answer is None or answer.status in (AnswerStatus.DRAFT, AnswerStatus.RETURNED)


def can_submit_answer(user: User | None, answer: Answer | None) -> bool:
    return answer is not None and can_draft_answer(user, answer.question) and bool(answer.body_source.strip())


def drafted_answer(user: User | None, answer: Answer | None) -> bool:
    """The user wrote a saved version of the answer, at any point in its history."""
    if user is None or answer is None:
        return False
    return answer.drafted_by_id == user.id or any(r.author_id == user.id for r in answer.revisions)


def _can_sign_off(user: User | None, answer: Answer | None) -> bool:
    return (
        answer is not None
        and _is_staff(user)
        and answer.status is AnswerStatus.SUBMITTED
        and answer.question.status is S.ANSWER_DRAFTED
        and answer.post.is_held_by(user)
        and answer.submitted_by_id != user.id
        and not drafted_answer(user, answer)
    )


def can_approve_answer(user: User | None, answer: Answer | None) -> bool:
    """A current holder of the post who neither wrote any version of it nor sent it."""
    return _can_sign_off(user, answer)


def can_return_answer(user: User | None, answer: Answer | None) -> bool:
    return _can_sign_off(user, answer)


def can_reopen_answer(user: User | None, answer: Answer | None) -> bool:
    """Take an approved answer back for changes before it is published: a holder of the
    post, or democratic services."""
    if answer is None or not _is_staff(user):
        return False
    return (
        answer.status is AnswerStatus.APPROVED
        and answer.question.status is S.ANSWER_APPROVED
        and (answer.post.is_held_by(user) or is_clerk(user))
    )


def can_manage_answer_templates(user: User | None, post: Post) -> bool:
    """Democratic services for every post; officers for the posts they draft for."""
    return is_clerk(user) or (_is_staff(user) and user.has_role(Role.OFFICER) and post.is_drafted_by(user))


# The questioner (no account: they hold the private tracking link) -----------------------


def questioner_can_confirm(question: Question, now: dt.datetime | None = None) -> bool:
    """Until the question expires: 48 hours after it was sent, or the meeting starting."""
    return question.status is S.UNCONFIRMED and (now or utcnow()) < confirmation_deadline(question)


def questioner_can_clarify(question: Question) -> bool:
    """After the council asks them to, until the meeting starts."""
    return question.status is S.CLARIFICATION_REQUESTED and question.meeting.starts_at > utcnow()


def questioner_can_resubmit(question: Question) -> bool:
    """A rejected public question can be fixed and sent again while the meeting takes questions,
    once: after that, the new question is the one to follow."""
    return (
        question.kind is QuestionKind.PUBLIC
        and question.status is S.REJECTED
        and is_open_for_public_questions(question.meeting)
        and live_resubmission(question) is None
    )


def can_record_outcome(user: User | None, question: Question) -> bool:
    """What happened to a question at the meeting: clerks, for any question on the list."""
    return can_run_console(user, question.meeting) and question.status in NUMBERED


def can_record_written_answer(user: User | None, question: Question) -> bool:
    """A written answer promised at the meeting, now sent."""
    outcome = getattr(question, "outcome", None)
    return (
        is_clerk(user)
        and question.status in (S.PUBLISHED, S.AWAITING_WRITTEN_ANSWER, S.CLOSED)
        and outcome is not None
        and outcome.written_answer_promised
    )


def can_correct(user: User | None, meeting: Meeting) -> bool:
    """Publish a corrected version of a meeting's record, with a change note."""
    return can_publish(user, meeting)


# Alerts (no account: the token in the e-mail is the holder's authority) ------------------

ALERT_CONFIRMATION_DAYS = 7


def subscriber_can_confirm(subscription: AlertSubscription, now: dt.datetime | None = None) -> bool:
    """A pending alert can be confirmed from its e-mail within a week of asking."""
    now = now or utcnow()
    return subscription.status is SubscriptionStatus.PENDING and subscription.created_at > now - dt.timedelta(
        days=ALERT_CONFIRMATION_DAYS
    )


def subscriber_can_unsubscribe(subscription: AlertSubscription) -> bool:
    return subscription.status is not SubscriptionStatus.UNSUBSCRIBED
