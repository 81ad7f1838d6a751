"""Answers: officers draft them for a post, a holder of the post signs them off.

draft (every save is a kept revision) -> submitted for approval -> approved, or
returned with a comment and revised. The question moves with the answer through the
lifecycle table (submit_answer, return_answer, approve_answer, reopen_answer). All
answer HTML comes from `sanitise.render_markdown`.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portal.domain import lifecycle, permissions
from portal.domain.messages.notify import absolute_url, queue_email
from portal.domain.permissions import NotPermitted
from portal.domain.questions import numbering
from portal.domain.sanitise import render_markdown
from portal.domain.states import STAFF_STATUS_LABELS, TransitionNotAllowed, find_transition
from portal.extensions import db
from portal.formatting import format_datetime
from portal.models import Answer, AnswerRevision, AnswerStatus, AnswerTemplate, Post, Question, User, utcnow

MAX_ANSWER_LENGTH = 50_000


class AnswerError(ValueError):
    """Something to correct on the form, worded for the person using it."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class AnswerRefused(Exception):
    """The step cannot be taken now (the answer moved on); nothing was changed."""


def _lock(question: Question) -> tuple[Question, Answer | None]:
    question = numbering.lock_question(question)
    answer = db.session.execute(
        sa.select(Answer)
        .where(Answer.question_id == question.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    return question, answer


def latest_revision_number(answer: Answer | None) -> int:
    return answer.revisions[-1].number if answer is not None and answer.revisions else 0


def _check_revision(answer: Answer | None, expected_revision: int | None, doing: str) -> None:
    """Refuse when someone saved a newer version since the page was opened."""
    if expected_revision is None or latest_revision_number(answer) == expected_revision:
        return
    latest = answer.revisions[-1]
    who = latest.author.name if latest.author else "Someone else"
    raise AnswerRefused(
        f"{who} saved a newer version of the answer at {format_datetime(latest.created_at)}, while you "
        f"had it open. Nothing has been {doing}. Read the latest version first"
    )


def _staff_url(question: Question) -> str:
    return absolute_url(f"/staff/answers/questions/{question.id}")


def save_draft(
    question: Question,
    *,
    by: User,
    source: str | None,
    note: str | None = None,
    expected_revision: int | None = None,
    now: dt.datetime | None = None,
) -> AnswerRevision | None:
    """Save the officer's text as a new revision. Returns None when nothing changed."""
    source = (source or "").replace("\r\n", "\n").strip()
    if not source:
        raise AnswerError("Enter the answer", "body")
    if len(source) > MAX_ANSWER_LENGTH:
        raise AnswerError(f"The answer must be {MAX_ANSWER_LENGTH:,} characters or fewer", "body")
    question, answer = _lock(question)
    if not permissions.drafts_for(by, question):
        raise NotPermitted("You do not draft answers for this post")
    if not permissions.can_draft_answer(by, question):
        raise AnswerRefused(_why_not_editable(question))
    _check_revision(answer, expected_revision, "saved")
    if answer is not None and answer.revisions and answer.body_source == source:
        return None
    now = now or utcnow()
    if answer is None:
        answer = Answer(question=question, post=question.answering_post, status=AnswerStatus.DRAFT)
        db.session.add(answer)
    html = render_markdown(source)
    revision = AnswerRevision(
        number=latest_revision_number(answer) + 1,
        body_source=source,
        body_html=html,
        author=by,
        created_at=now,
        note=(note or "").strip()[:300] or None,
    )
    answer.revisions.append(revision)
    answer.body_source = source
    answer.body_html = html
    if answer.drafted_by_id is None:
        answer.drafted_by = by
    lifecycle.record_event(
        question,
        "save_answer",
        title=f"Answer draft saved (version {revision.number})",
        actor=by,
        public=False,
        now=now,
        data={"revision": revision.number},
    )
    return revision


def _why_not_editable(question: Question) -> str:
    answer = question.answer
    if answer is not None and answer.status is AnswerStatus.SUBMITTED:
        return "The answer is waiting for approval, so it cannot be changed. Ask the post holder to return it"
    if answer is not None and answer.status is AnswerStatus.APPROVED:
        return "The answer has been approved, so it cannot be changed unless it is reopened"
    return f"{question.label} is {question.status.value.replace('_', ' ')}, so its answer cannot be changed"


def submit_for_approval(
    question: Question,
    *,
    by: User,
    expected_revision: int | None = None,
    now: dt.datetime | None = None,
) -> Answer:
    """Send the latest saved version to the post's holders for approval."""
    question, answer = _lock(question)
    if not permissions.drafts_for(by, question):
        raise NotPermitted("You do not draft answers for this post")
    if answer is None or not answer.revisions:
        raise AnswerError("Save a draft of the answer before you send it for approval", "body")
    _allowed("submit_answer", question)
    if not permissions.can_submit_answer(by, answer):
        raise AnswerRefused(_why_not_editable(question))
    _check_revision(answer, expected_revision, "sent")
    now = now or utcnow()
    answer.status = AnswerStatus.SUBMITTED
    answer.submitted_by = by
    answer.submitted_at = now
    answer.approved_by = None
    answer.approved_at = None
    lifecycle.transition(
        question,
        "submit_answer",
        actor=by,
        now=now,
        data={"revision": latest_revision_number(answer)},
    )
    for holder in answer.post.current_holders():
        if holder.id != by.id and holder.is_enabled:
            queue_email(
                "answer_awaiting_approval",
                to=holder.email,
                question=question,
                dedupe_key=f"answer-awaiting-{answer.id}-{latest_revision_number(answer)}-{holder.id}",
                answer=answer,
                holder=holder,
                submitter=by,
                staff_url=_staff_url(question),
            )
    return answer


def _signing_off(question: Question, verb: str, by: User) -> tuple[Question, Answer]:
    question, answer = _lock(question)
    if not permissions.holds_answering_post(by, question):
        raise NotPermitted("You do not hold the post that answers this question")
    if answer is None:
        raise AnswerRefused("There is no answer to this question yet")
    if answer.status is not AnswerStatus.SUBMITTED:
        raise AnswerRefused(_not_waiting(answer))
    _allowed(verb, question)
    if permissions.drafted_answer(by, answer):
        raise AnswerRefused(
            "You wrote a version of this answer, so another holder of the post must approve or return it"
        )
    if answer.submitted_by_id == by.id:
        raise AnswerRefused(
            "You sent this answer for approval, so another holder of the post must approve or return it"
        )
    return question, answer


def _not_waiting(answer: Answer) -> str:
    if answer.status is AnswerStatus.APPROVED:
        who = f" by {answer.approved_by.name}" if answer.approved_by else ""
        return f"The answer has already been approved{who}. Nothing has been changed"
    if answer.status is AnswerStatus.RETURNED:
        return "The answer has already been returned for changes. Nothing has been changed"
    return "The answer has not been sent for approval. Nothing has been changed"


def _allowed(verb: str, question: Question) -> None:
    """The lifecycle table's verdict, in words for the person acting."""
    try:
        find_transition(verb, question.status)
    except TransitionNotAllowed:
        status = STAFF_STATUS_LABELS[question.status].lower()
        raise AnswerRefused(
            f"{question.label} is {status}, so that cannot be done now. Nothing has been changed"
        ) from None


def approve(
    question: Question,
    *,
    by: User,
    expected_revision: int | None = None,
    now: dt.datetime | None = None,
) -> Answer:
    """Sign the answer off as the version that will be published."""
    question, answer = _signing_off(question, "approve_answer", by)
    if not permissions.can_approve_answer(by, answer):
        raise NotPermitted("You cannot approve this answer")
    _check_revision(answer, expected_revision, "approved")
    now = now or utcnow()
    answer.status = AnswerStatus.APPROVED
    answer.approved_by = by
    answer.approved_at = now
    answer.returned_comment = None
    lifecycle.transition(
        question, "approve_answer", actor=by, now=now, data={"revision": latest_revision_number(answer)}
    )
    _tell_submitter("answer_approved", answer, by)
    return answer


def return_for_changes(
    question: Question,
    *,
    by: User,
    comment: str | None,
    expected_revision: int | None = None,
    now: dt.datetime | None = None,
) -> Answer:
    """Send the answer back to the officers with a comment saying what should change."""
    comment = (comment or "").strip()
    if not comment:
        raise AnswerError("Enter what needs to change", "comment")
    question, answer = _signing_off(question, "return_answer", by)
    if not permissions.can_return_answer(by, answer):
        raise NotPermitted("You cannot return this answer")
    _check_revision(answer, expected_revision, "returned")
    answer.status = AnswerStatus.RETURNED
    answer.returned_comment = comment
    lifecycle.transition(question, "return_answer", actor=by, now=now, internal_note=comment)
    _tell_submitter("answer_returned", answer, by, comment=comment)
    return answer


def reopen(question: Question, *, by: User, reason: str | None, now: dt.datetime | None = None) -> Answer:
    """Take an approved, unpublished answer back for changes; it must be approved again."""
    reason = (reason or "").strip()
    if not reason:
        raise AnswerError("Enter why the answer needs to change", "reason")
    question, answer = _lock(question)
    if not (permissions.holds_answering_post(by, question) or permissions.is_clerk(by)):
        raise NotPermitted("You cannot reopen this answer")
    if answer is None:
        raise AnswerRefused("There is no answer to this question yet")
    _allowed("reopen_answer", question)
    if not permissions.can_reopen_answer(by, answer):
        raise AnswerRefused("The answer is not approved, so there is nothing to reopen")
    answer.status = AnswerStatus.DRAFT
    answer.approved_by = None
    answer.approved_at = None
    lifecycle.transition(question, "reopen_answer", actor=by, now=now, internal_note=reason)
    return answer


def _tell_submitter(template: str, answer: Answer, by: User, **context: object) -> None:
    submitter = answer.submitted_by
    if submitter is None or not submitter.is_enabled:
        return
    queue_email(
        template,
        to=submitter.email,
        question=answer.question,
        answer=answer,
        by=by,
        submitter=submitter,
        staff_url=_staff_url(answer.question),
        **context,
    )


# Answer templates -------------------------------------------------------------------------


def templates_for(post: Post, *, include_archived: bool = False) -> list[AnswerTemplate]:
    query = sa.select(AnswerTemplate).where(AnswerTemplate.post_id == post.id)
    if not include_archived:
        query = query.where(AnswerTemplate.is_active.is_(True))
    return list(
        db.session.scalars(
            query.order_by(AnswerTemplate.is_active.desc(), AnswerTemplate.title, AnswerTemplate.id)
        )
    )


def _template_fields(title: str | None, body: str | None) -> tuple[str, str]:
    title = (title or "").strip()
    body = (body or "").replace("\r\n", "\n").strip()
    if not title:
        raise AnswerError("Enter a name for the template", "title")
    if len(title) > 200:
        raise AnswerError("The name must be 200 characters or fewer", "title")
    if not body:
        raise AnswerError("Enter the template text", "body")
    if len(body) > MAX_ANSWER_LENGTH:
        raise AnswerError(f"The template must be {MAX_ANSWER_LENGTH:,} characters or fewer", "body")
    return title, body


def create_template(post: Post, *, by: User, title: str | None, body: str | None) -> AnswerTemplate:
    if not permissions.can_manage_answer_templates(by, post):
        raise NotPermitted("You cannot manage templates for this post")
    title, body = _template_fields(title, body)
    template = AnswerTemplate(post=post, title=title, body_source=body, created_by_id=by.id)
    db.session.add(template)
    db.session.flush()
    return template


def update_template(
    template: AnswerTemplate, *, by: User, title: str | None, body: str | None, is_active: bool = True
) -> AnswerTemplate:
    if not permissions.can_manage_answer_templates(by, template.post):
        raise NotPermitted("You cannot manage templates for this post")
    template.title, template.body_source = _template_fields(title, body)
    template.is_active = is_active
    db.session.flush()
    return template
