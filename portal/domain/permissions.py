"""Who may do what: named predicates, checked by routes and again by domain verbs.

Each predicate knows about roles and, where it matters, about the object's state,
so a valid role acting at the wrong moment is refused too. For a question, the state
part comes from the lifecycle table (`states.MOVES`): `may(verb, actor, question)` finds
the row for the verb from the question's status (and its answer's), then asks the row's
`who` (`ACTORS`) and `conditions` (`CONDITIONS`), named below. The `can_…` predicates
are that, by name.

It imports no area of the domain (only `states`, `conditions` and the models), so every
area can ask it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from portal.domain.conditions import (
    confirmation_deadline,
    feedback_closes_at,
    is_open_for_member_questions,
    is_open_for_public_questions,
    live_resubmission,
    review_closes_at,
)

# NotPermitted is the error vocabulary's; offered here beside the predicates that raise it.
from portal.domain.errors import NotPermitted as NotPermitted
from portal.domain.states import (
    AFTER_CONFIRMATION_DEADLINE,
    AFTER_QUESTION_DEADLINE,
    ANSWERED,
    BEFORE_CONFIRMATION_DEADLINE,
    BEFORE_MEETING,
    BEFORE_QUESTION_DEADLINE,
    MEETING_NOT_CANCELLED,
    MODERATION_QUEUE,
    MOVES,
    NO_REVIEW_YET,
    NOT_SENT_AGAIN,
    PUBLIC_QUESTION,
    REVIEW_WAITING,
    TAKING_MEMBER,
    TAKING_PUBLIC,
    WITHIN_REVIEW_PERIOD,
    WRITTEN_ANSWER_PROMISED,
    QuestionKind,
    QuestionStatus,
    find_move,
    statuses_waiting_on,
)
from portal.models import (
    ActionStatus,
    AlertSubscription,
    Answer,
    AnswerStatus,
    Committee,
    Meeting,
    MeetingAction,
    MeetingStatus,
    MembershipRole,
    Post,
    Question,
    Role,
    SubscriptionStatus,
    User,
    utcnow,
)

S = QuestionStatus


def _is_staff(user: User | None) -> bool:
    return user is not None and user.is_authenticated and user.is_enabled


def is_clerk(user: User | None) -> bool:
    return _is_staff(user) and user.has_role(Role.CLERK)


def is_admin(user: User | None) -> bool:
    return _is_staff(user) and user.has_role(Role.ADMIN)


# Administration -----------------------------------------------------------------------


def can_manage_users(user: User | None) -> bool:
    return is_admin(user)


def can_handle_data_requests(user: User | None) -> bool:
    """Subject access and erasure requests that arrive by letter: democratic services and
    administrators, who already see questioners' details."""
    return user is not None and user.is_authenticated and user.has_role(Role.ADMIN, Role.CLERK)


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


def can_resolve_possibly_sent_mail(user: User | None) -> bool:
    """Decide about e-mail that may or may not have arrived (the sender stopped after the
    mail server took it): democratic services and administrators."""
    return is_admin(user) or is_clerk(user)


def can_see_mail_recipients(user: User | None) -> bool:
    """A message's recipient may be a questioner: their address is for democratic services
    only, as with a question's contact details."""
    return is_clerk(user)


def can_view_audit_log(user: User | None) -> bool:
    return is_admin(user) or is_clerk(user)


def can_import_archive(user: User | None) -> bool:
    """Upload the council's old published documents, check what was read, and file it."""
    return is_clerk(user)


# Who may take a step, and the conditions on it: the names the lifecycle table uses ----


class _Questioner:
    """The person holding a question's private tracking link (they have no account)."""

    def __repr__(self) -> str:
        return "QUESTIONER"


QUESTIONER = _Questioner()
Actor = User | _Questioner | None


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def drafts_for(user: User | None, question: Question) -> bool:
    """The user drafts answers for the post that answers `question` (whatever its state)."""
    post = question.answering_post
    return _is_staff(user) and post is not None and post.is_drafted_by(user)


def holds_answering_post(user: User | None, question: Question) -> bool:
    post = question.answering_post
    return _is_staff(user) and post is not None and post.is_held_by(user)


def drafted_answer(user: User | None, answer: Answer | None) -> bool:
    """The user wrote a saved version of the answer, at any point in its history."""
    if user is None or answer is None:
        return False
    return answer.drafted_by_id == user.id or any(r.author_id == user.id for r in answer.revisions)


def _independent_holder(user: User | None, question: Question) -> bool:
    """A holder of the answering post who neither wrote any version of the answer nor sent
    it for approval (docs/decisions/0100-who-drafted-an-answer.md)."""
    answer = question.answer
    return (
        holds_answering_post(user, question)
        and answer is not None
        and answer.submitted_by_id != user.id
        and not drafted_answer(user, answer)
    )


# Each name in a row's `who`: does `actor` count as one, for `question`?
ACTORS: dict[str, Callable[[Actor, Question], bool]] = {
    "anyone": lambda actor, question: True,
    "questioner": lambda actor, question: actor is QUESTIONER,
    "system": lambda actor, question: actor is None,
    "clerk": lambda actor, question: is_clerk(_user(actor)),
    "councillor": lambda actor, question: _is_staff(_user(actor)) and _user(actor).has_role(Role.COUNCILLOR),
    "drafter": lambda actor, question: drafts_for(_user(actor), question),
    "holder": lambda actor, question: holds_answering_post(_user(actor), question),
    "independent holder": lambda actor, question: _independent_holder(_user(actor), question),
    "reviewer": lambda actor, question: decides_reviews(_user(actor), question.meeting.committee),
}
# How each `who` reads in docs/lifecycle.md.
ACTOR_WORDS: dict[str, str] = {
    "anyone": "anyone (the public journey)",
    "questioner": "the questioner, through their private tracking link",
    "system": "the portal itself (a scheduled job)",
    "clerk": "democratic services (clerk)",
    "councillor": "a councillor",
    "drafter": "an officer who drafts for the answering post",
    "holder": "a holder of the answering post",
    "independent holder": "a holder of the answering post who wrote none of the answer and did not send it",
    "reviewer": "the committee's chair, or a holder of the post the council names to decide reviews",
}


def _before_meeting(question: Question, now: dt.datetime) -> bool:
    return question.meeting.starts_at > now


def _written_answer_promised(question: Question, now: dt.datetime) -> bool:
    outcome = getattr(question, "outcome", None)
    return outcome is not None and outcome.written_answer_promised


# Each name in a row's `conditions`: does it hold for `question` at `now`?
CONDITIONS: dict[str, Callable[[Question, dt.datetime], bool]] = {
    BEFORE_MEETING: _before_meeting,
    TAKING_PUBLIC: lambda question, now: is_open_for_public_questions(question.meeting, now),
    TAKING_MEMBER: lambda question, now: is_open_for_member_questions(question.meeting, now),
    BEFORE_CONFIRMATION_DEADLINE: lambda question, now: now < confirmation_deadline(question),
    AFTER_CONFIRMATION_DEADLINE: lambda question, now: now >= confirmation_deadline(question),
    MEETING_NOT_CANCELLED: lambda question, now: question.meeting.status is not MeetingStatus.CANCELLED,
    WRITTEN_ANSWER_PROMISED: _written_answer_promised,
    PUBLIC_QUESTION: lambda question, now: question.kind is QuestionKind.PUBLIC,
    NOT_SENT_AGAIN: lambda question, now: live_resubmission(question) is None,
    WITHIN_REVIEW_PERIOD: lambda question, now: (
        (closes := review_closes_at(question)) is not None and now < closes
    ),
    NO_REVIEW_YET: lambda question, now: getattr(question, "review", None) is None,
    REVIEW_WAITING: lambda question, now: (
        (review := getattr(question, "review", None)) is not None and review.outcome is None
    ),
    BEFORE_QUESTION_DEADLINE: lambda question, now: now < question.meeting.question_deadline_at,
    AFTER_QUESTION_DEADLINE: lambda question, now: now >= question.meeting.question_deadline_at,
}


def _answer_status(question: Question) -> AnswerStatus | None:
    answer = question.answer
    return answer.status if answer is not None else None


# Whose part in a step does not depend on the state: a holder who wrote the answer still
# has a part in approving it (and is refused with words, not a 403).
_PART_OF = {"independent holder": "holder"}


def has_a_part(verb: str, actor: Actor, question: Question) -> bool:
    """Whether `actor` is someone who takes `verb` at all, whatever the question's state
    (otherwise: HTTP 403, and nothing about the question is said)."""
    return any(
        ACTORS[who](actor, question)
        or (who == "independent holder" and holds_answering_post(_user(actor), question))
        for move in MOVES
        if move.verb == verb
        for who in move.who
    )


def may(verb: str, actor: Actor, question: Question, now: dt.datetime | None = None) -> bool:
    """`actor` may take `verb` on `question` now: the table has a row for it from the
    question's status (and its answer's, where the step moves the answer), the actor is
    one of the row's `who`, and all its conditions hold."""
    move = find_move(verb, question.status)
    if move is None:
        return False
    if move.answer is not None and _answer_status(question) not in dict(move.answer):
        return False
    if not any(ACTORS[who](actor, question) for who in move.who):
        return False
    now = now or utcnow()
    return all(CONDITIONS[condition](question, now) for condition in move.conditions)


def failed_conditions(verb: str, question: Question, now: dt.datetime | None = None) -> list[str]:
    """The row's conditions that do not hold now, in the table's words."""
    move = find_move(verb, question.status)
    if move is None:
        return []
    now = now or utcnow()
    return [condition for condition in move.conditions if not CONDITIONS[condition](question, now)]


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
    """Accept, reject or ask for clarification: clerks, while the question waits on the
    moderation queue."""
    return is_clerk(user) and question.status in statuses_waiting_on(MODERATION_QUEUE)


def can_accept(user: User | None, question: Question) -> bool:
    return may("accept", user, question)


def can_reject(user: User | None, question: Question) -> bool:
    return may("reject", user, question)


def can_request_clarification(user: User | None, question: Question) -> bool:
    return may("request_clarification", user, question)


def can_edit_for_publication(user: User | None, question: Question) -> bool:
    """Until the question is first published; afterwards a correction is a new version."""
    return may("edit_for_publication", user, question)


def can_withdraw_on_behalf(user: User | None, question: Question) -> bool:
    return user is not None and may("withdraw", user, question)


def can_renumber(user: User | None, meeting: Meeting) -> bool:
    return is_clerk(user) and meeting.status is not MeetingStatus.CANCELLED


def can_submit_member_question(user: User | None, meeting: Meeting, now: dt.datetime | None = None) -> bool:
    return _is_staff(user) and user.has_role(Role.COUNCILLOR) and is_open_for_member_questions(meeting, now)


# Publishing and the meeting ------------------------------------------------------------


def can_publish(user: User | None, meeting: Meeting) -> bool:
    return is_clerk(user) and meeting.status is not MeetingStatus.CANCELLED


def can_translate_record(user: User | None, question: Question) -> bool:
    """A clerk gives the record's texts in the other language (and the answer's language);
    the translation appears from the next version published."""
    return is_clerk(user) and question.meeting.status is not MeetingStatus.CANCELLED


def can_run_console(user: User | None, meeting: Meeting) -> bool:
    return is_clerk(user) and meeting.status is not MeetingStatus.CANCELLED


def can_enter_past_record(user: User | None, meeting: Meeting | None = None) -> bool:
    """Entering the record of a meeting that has already happened: clerks, for any meeting
    that was not cancelled."""
    return is_clerk(user) and (meeting is None or meeting.status is not MeetingStatus.CANCELLED)


def can_record_outcome(user: User | None, question: Question) -> bool:
    """What happened to a question at the meeting: clerks, for any question on the list."""
    return may("put_at_meeting", user, question)


def can_record_written_answer(user: User | None, question: Question) -> bool:
    """A written answer promised at the meeting, now sent (or its record corrected)."""
    return may("send_written_answer", user, question) or may("record_written_answer", user, question)


# Answers -------------------------------------------------------------------------------
# Officers draft for the posts they support (PostDrafter); a current holder of the post
# who wrote none of the answer and did not send it signs it off (DESIGN §2).


def can_draft_answer(user: User | None, question: Question) -> bool:
    """Write or revise the answer: while the question is accepted and the answer is not
    with the post holder."""
    return may("save_answer", user, question)


def can_submit_answer(user: User | None, answer: Answer | None) -> bool:
    return (
        answer is not None
        and may("submit_answer", user, answer.question)
        and bool(answer.body_source.strip())
    )


def can_approve_answer(user: User | None, answer: Answer | None) -> bool:
    """A current holder of the post who neither wrote any version of it nor sent it."""
    return answer is not None and may("approve_answer", user, answer.question)


def can_return_answer(user: User | None, answer: Answer | None) -> bool:
    return answer is not None and may("return_answer", user, answer.question)


def can_reopen_answer(user: User | None, answer: Answer | None) -> bool:
    """Take an approved answer back for changes before it is published: a holder of the
    post, or democratic services."""
    return answer is not None and may("reopen_answer", user, answer.question)


def can_manage_answer_templates(user: User | None, post: Post) -> bool:
    """Democratic services for every post; officers for the posts they draft for."""
    return is_clerk(user) or (_is_staff(user) and user.has_role(Role.OFFICER) and post.is_drafted_by(user))


# The questioner (no account: they hold the private tracking link) -----------------------


def questioner_can_confirm(question: Question, now: dt.datetime | None = None) -> bool:
    """Until the question expires: 48 hours after it was sent, or the meeting starting."""
    return may("confirm", QUESTIONER, question, now)


def questioner_can_withdraw(question: Question) -> bool:
    """Any time before the meeting (DESIGN §2), whatever has happened to the question."""
    return may("withdraw", QUESTIONER, question)


def questioner_can_clarify(question: Question) -> bool:
    """After the council asks them to, until the meeting starts."""
    return may("clarify", QUESTIONER, question)


def questioner_can_resubmit(question: Question) -> bool:
    """A rejected public question can be fixed and sent again while the meeting takes questions,
    once: after that, the new question is the one to follow."""
    return may("resubmitted", QUESTIONER, question)


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


# Actions arising from meetings -------------------------------------------------------------


def owns_action(user: User | None, action: MeetingAction) -> bool:
    """Holds, or drafts for, the post the action belongs to."""
    post = action.owner_post
    return _is_staff(user) and post is not None and (post.is_held_by(user) or post.is_drafted_by(user))


def can_assign_action(user: User | None, action: MeetingAction) -> bool:
    """Give an open action its owning post and due date: democratic services."""
    return is_clerk(user) and action.status is ActionStatus.OPEN


def can_update_action(user: User | None, action: MeetingAction) -> bool:
    """Record progress on an open action, mark it done or drop it: its owner or a clerk."""
    return action.status is ActionStatus.OPEN and (is_clerk(user) or owns_action(user, action))


def can_view_action(user: User | None, action: MeetingAction) -> bool:
    return is_clerk(user) or owns_action(user, action)


# What questioners say about the answer ---------------------------------------------------


def questioner_can_give_feedback(question: Question, now: dt.datetime | None = None) -> bool:
    """The answer is published and the committee's next meeting has not yet started."""
    if question.status not in ANSWERED:
        return False
    closes = feedback_closes_at(question)
    return closes is None or (now or utcnow()) < closes


def chairs(user: User | None, committee: Committee, on: dt.date | None = None) -> bool:
    """The person is the committee's chair today."""
    day = on or utcnow().date()
    return _is_staff(user) and any(
        m.user_id == user.id
        and m.role is MembershipRole.CHAIR
        and (m.starts_on is None or m.starts_on <= day)
        and (m.ends_on is None or m.ends_on >= day)
        for m in committee.memberships
    )


def decides_reviews(user: User | None, committee: Committee) -> bool:
    """The committee's chair, or a holder of the post named in its rules to decide reviews."""
    if chairs(user, committee):
        return True
    rules = committee.rules
    post = rules.reviewer_post if rules is not None else None
    return _is_staff(user) and post is not None and post.is_held_by(user)


def can_see_reviews(user: User | None, committee: Committee) -> bool:
    return is_clerk(user) or decides_reviews(user, committee)


def can_see_feedback_report(user: User | None, committee: Committee) -> bool:
    """Democratic services, and the committee's chair."""
    return is_clerk(user) or chairs(user, committee)
