"""Who may do what: named predicates, checked by routes and again by domain verbs.

Each predicate knows about roles and, where it matters, about the object's state,
so a valid role acting at the wrong moment is refused too.
"""

from __future__ import annotations

import datetime as dt

from portal.domain.states import QuestionKind, QuestionStatus
from portal.models import (
    AlertSubscription,
    Meeting,
    MeetingStatus,
    Question,
    Role,
    SubscriptionStatus,
    User,
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
    from portal.models import utcnow

    if question.status is S.PUBLISHED:
        # Any time before the meeting (DESIGN §2).
        return question.meeting.starts_at > utcnow()
    return question.status in (
        S.RECEIVED,
        S.CLARIFICATION_REQUESTED,
        S.ACCEPTED,
        S.ANSWER_DRAFTED,
        S.ANSWER_APPROVED,
    )


def can_submit_member_question(user: User | None, meeting: Meeting) -> bool:
    from portal.domain.scheduling import is_open_for_member_questions

    return _is_staff(user) and user.has_role(Role.COUNCILLOR) and is_open_for_member_questions(meeting)


# Publishing and the meeting ------------------------------------------------------------


def can_publish(user: User | None, meeting: Meeting) -> bool:
    return is_clerk(user) and meeting.status is not MeetingStatus.CANCELLED


def can_run_console(user: User | None, meeting: Meeting) -> bool:
    return is_clerk(user) and meeting.status is not MeetingStatus.CANCELLED


# Alerts (no account: the token in the e-mail is the holder's authority) ------------------

ALERT_CONFIRMATION_DAYS = 7


def subscriber_can_confirm(subscription: AlertSubscription, now: dt.datetime | None = None) -> bool:
    """A pending alert can be confirmed from its e-mail within a week of asking."""
    from portal.models import utcnow

    now = now or utcnow()
    return subscription.status is SubscriptionStatus.PENDING and subscription.created_at > now - dt.timedelta(
        days=ALERT_CONFIRMATION_DAYS
    )


def subscriber_can_unsubscribe(subscription: AlertSubscription) -> bool:
    return subscription.status is not SubscriptionStatus.UNSUBSCRIBED
