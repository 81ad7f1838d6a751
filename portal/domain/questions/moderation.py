"""Democratic services' decisions on a question: accept, reject, ask for clarification,
edit for publication, withdraw on the questioner's behalf, and the order of the list.

Each verb takes the one decision step, `lifecycle.decide()`: lock the question (and its
meeting), check that nobody else decided first, then the transition table and the
named permission; it sets its own fields, records the move and its event through the
decision, and queues an e-mail to the questioner in the outbox. They flush; the request
boundary commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.domain import conditions, lifecycle, permissions
from portal.domain.errors import Invalid
from portal.domain.numbers import question_label
from portal.domain.permissions import NotPermitted
from portal.domain.questions import numbering
from portal.domain.states import (
    QuestionKind,
    QuestionStatus,
)
from portal.extensions import db
from portal.formatting import format_datetime
from portal.models import Meeting, Post, Question, QuestionEdit, RejectionGround, User

S = QuestionStatus


class ModerationError(Invalid):
    """Something the clerk must correct on the form, worded for them."""


class DecisionRefused(lifecycle.Refused):
    """The decision cannot be made now (someone else decided first); nothing changed."""


def _decide(
    question: Question, verb: str, *, by: User, expected_status: QuestionStatus | None, **checks: object
) -> lifecycle.Decision:
    """The decision step (lifecycle.decide): lock, refuse if it moved on while the clerk had
    it open, then the transition table and the named permission."""
    return lifecycle.decide(
        question, verb, by=by, expected_status=expected_status, refusal=DecisionRefused, **checks
    )


def _required(value: str | None, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ModerationError(message, field)
    return value


def _deadline_open(question: Question, now: dt.datetime) -> bool:
    if question.kind is QuestionKind.MEMBER:
        return conditions.is_open_for_member_questions(question.meeting, now)
    return conditions.is_open_for_public_questions(question.meeting, now)


# Decisions -------------------------------------------------------------------------------


def accept(
    question: Question,
    *,
    by: User,
    post: Post | None,
    expected_status: QuestionStatus | None = None,
    now: dt.datetime | None = None,
) -> Question:
    """Accept the question for its meeting, to be answered by `post`. It joins the
    meeting's numbered list in order of receipt."""
    if post is None or not post.is_active:
        raise ModerationError("Select the post that will answer the question", "post")
    decision = _decide(question, "accept", by=by, expected_status=expected_status, now=now)
    question = decision.question
    number = numbering.reserve_number(question, by=by)
    question.number = number
    question.answering_post = post
    question.decided_at = decision.now
    event = decision.record(data={"number": number, "post": post.title})
    decision.tell("question_accepted", dedupe_key=f"question-accepted-{event.id}")
    return question


@dataclass(frozen=True)
class SeveralAccepted:
    """What accepting several questions at once did: those accepted, in the order they
    were numbered, and why each of the others was left as it was."""

    accepted: list[Question]
    refused: list[tuple[Question, str]]


def accept_several(
    chosen: list[tuple[Question, QuestionStatus | None]],
    *,
    by: User,
    post: Post | None,
    now: dt.datetime | None = None,
) -> SeveralAccepted:
    """Accept each chosen question (with the status the clerk saw) to be answered by
    `post`, in order of receipt, exactly as one at a time: each gets its own decision,
    number, event and e-mail. A question that cannot be accepted (someone decided it
    first, or its committee is not answered by that post) is left unchanged and said why;
    the others are still accepted."""
    if post is None or not post.is_active:
        raise ModerationError("Select the post that will answer the questions", "post")
    if not chosen:
        raise ModerationError("Select the questions to accept", "questions")
    accepted: list[Question] = []
    refused: list[tuple[Question, str]] = []
    in_order = sorted(chosen, key=lambda pair: (pair[0].received_at is None, pair[0].received_at, pair[0].id))
    for question, expected_status in in_order:
        committee_posts = question.meeting.committee.posts
        if committee_posts and post not in committee_posts:
            refused.append(
                (
                    question,
                    f"{question.reference} was not accepted: {question.meeting.committee.name} "
                    f"is not answered by {post.title}",
                )
            )
            continue
        savepoint = db.session.begin_nested()
        try:
            accept(question, by=by, post=post, expected_status=expected_status, now=now)
        except (lifecycle.Refused, NotPermitted) as error:
            savepoint.rollback()
            refused.append((question, str(error)))
            continue
        savepoint.commit()
        accepted.append(question)
    return SeveralAccepted(accepted, refused)


def reject(
    question: Question,
    *,
    by: User,
    ground: RejectionGround | None,
    explanation: str | None,
    internal_note: str | None = None,
    listed: bool | None = None,
    expected_status: QuestionStatus | None = None,
    now: dt.datetime | None = None,
) -> Question:
    """Reject on a coded ground, with the words the questioner sees and a note for staff.
    A numbered question leaves the list and the numbers behind it close up."""
    if ground is None or not ground.is_active:
        raise ModerationError("Select why the question cannot be accepted", "ground")
    explanation = _required(explanation, "Enter the explanation the questioner will see", "explanation")
    decision = _decide(question, "reject", by=by, expected_status=expected_status, now=now)
    question, now = decision.question, decision.now
    listed = ground.listed_by_default if listed is None else listed
    old_number = question.number
    question.number = None
    question.rejection_ground = ground
    question.rejection_explanation = explanation
    question.rejection_note = (internal_note or "").strip() or None
    question.rejection_listed = listed
    question.decided_at = now
    event = decision.record(
        public_note=explanation,
        internal_note=question.rejection_note,
        data={"ground": ground.code, "listed": listed, "number": old_number},
    )
    if old_number is not None:
        numbering.close_gaps(
            question.meeting, question.kind, by=by, reason=f"{question.reference} was rejected"
        )
    decision.tell(
        "question_rejected",
        dedupe_key=f"question-rejected-{event.id}",
        explanation=explanation,
        can_resubmit=_deadline_open(question, now),
    )
    return question


def request_clarification(
    question: Question,
    *,
    by: User,
    message: str | None,
    expected_status: QuestionStatus | None = None,
    now: dt.datetime | None = None,
) -> Question:
    """Ask the questioner to clarify; they change the question from their tracking page
    and it comes back to the queue."""
    message = _required(message, "Enter what the questioner needs to clarify", "message")
    decision = _decide(question, "request_clarification", by=by, expected_status=expected_status, now=now)
    question = decision.question
    question.clarification_message = message
    event = decision.record(public_note=message)
    decision.tell(
        "clarification_requested",
        dedupe_key=f"clarification-requested-{event.id}",
        message=message,
    )
    return question


def withdraw_on_behalf(
    question: Question,
    *,
    by: User,
    reason: str | None,
    expected_status: QuestionStatus | None = None,
    now: dt.datetime | None = None,
) -> Question:
    """Withdraw the question because the questioner asked democratic services to.
    An unpublished number is released; a published one is kept."""
    reason = _required(reason, "Enter how the questioner asked for the question to be withdrawn", "reason")
    decision = _decide(
        question,
        "withdraw",
        by=by,
        expected_status=expected_status,
        not_permitted="You cannot withdraw this question now",
        now=now,
    )
    question = decision.question
    old_number = None
    if question.number is not None and not numbering.is_fixed(question):
        old_number, question.number = question.number, None
    question.withdrawn_reason = reason
    event = decision.record(
        public_note="Democratic services withdrew your question, as you asked.",
        internal_note=reason,
        data={"on_behalf": True, "number": old_number},
    )
    if old_number is not None:
        numbering.close_gaps(
            question.meeting, question.kind, by=by, reason=f"{question.reference} was withdrawn"
        )
    decision.tell("question_withdrawn_on_behalf", dedupe_key=f"question-withdrawn-{event.id}")
    return question


def edit_for_publication(
    question: Question,
    *,
    by: User,
    text: str | None,
    reason: str | None,
    expected_edits: int | None = None,
    now: dt.datetime | None = None,
) -> QuestionEdit:
    """Publish an edited text (e.g. "[name removed]"). The questioner's own words are
    never changed; the edit records who, when and why. Going back to the original
    text is an edit too."""
    text = _required(text, "Enter the text to publish", "text")
    reason = _required(reason, "Enter why the text is being edited", "reason")

    def edited_since(question: Question) -> None:
        if expected_edits is not None and len(question.edits) != expected_edits:
            latest = question.edits[-1]
            who = latest.by.name if latest.by else "someone else"
            raise DecisionRefused(
                f"{who} edited the text for publication at {format_datetime(latest.at)}, while you had it "
                "open. Nothing has been changed. Check their edit before making yours"
            )

    decision = _decide(
        question, "edit_for_publication", by=by, expected_status=None, check=edited_since, now=now
    )
    question, now = decision.question, decision.now
    before = question.text_for_publication
    if text == before:
        raise ModerationError("The text is the same as the text already set for publication", "text")
    edit = QuestionEdit(at=now, by=by, text_before=before, text_after=text, reason=reason)
    question.edits.append(edit)
    question.publication_text = None if text == question.original_text else text
    restored = question.publication_text is None
    decision.record(
        title="Original text restored for publication" if restored else "Text edited for publication",
        internal_note=reason,
    )
    db.session.flush()
    decision.tell("question_edited", dedupe_key=f"question-edited-{edit.id}", restored=restored)
    return edit


# The numbered list -------------------------------------------------------------------------


def move_question(question: Question, *, by: User, offset: int, expected_number: int | None = None) -> int:
    """Move an unpublished question one place up (-1) or down (+1) its meeting's list."""
    if offset not in (-1, 1):
        raise ModerationError("Choose to move the question up or down", "direction")
    if not permissions.can_renumber(by, question.meeting):
        raise NotPermitted("You cannot reorder this meeting's questions")
    question = lifecycle.lock_question(question)
    if expected_number is not None and question.number != expected_number:
        raise DecisionRefused(
            "The list changed while you had it open. Nothing has been moved. Check the order and try again"
        )
    if question.status not in numbering.MOVABLE:
        raise DecisionRefused(
            f"{question_label(question)} is {question.status.value}, so its number cannot change"
        )
    try:
        return numbering.move(question, offset, by=by)
    except numbering.NumberingError as error:
        raise DecisionRefused(str(error)) from None


def set_question_order(meeting: Meeting, kind: QuestionKind, positions: dict[int, int], *, by: User) -> int:
    """Reorder the meeting's unpublished questions of `kind` by the positions typed."""
    if not permissions.can_renumber(by, meeting):
        raise NotPermitted("You cannot reorder this meeting's questions")
    lifecycle.lock_meeting(meeting)
    try:
        return numbering.set_order(meeting, kind, positions, by=by)
    except numbering.NumberingError as error:
        raise DecisionRefused(str(error)) from None
