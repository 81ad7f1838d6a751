"""Answers: officers draft them for a post, a holder of the post signs them off.

draft (every save is a kept revision) -> submitted for approval -> approved, or
returned with a comment and revised. Each verb takes the one decision step,
`lifecycle.decide()`; the lifecycle table moves the answer's own status with the
question's (`states.ANSWER_MOVES`: save_answer, submit_answer, return_answer,
approve_answer, reopen_answer), and nothing here sets either status by hand. All answer
HTML comes from `sanitise.render_markdown`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import sqlalchemy as sa

from portal.domain import lifecycle, permissions
from portal.domain.errors import Invalid
from portal.domain.messages.notify import absolute_url, queue_email
from portal.domain.numbers import question_label
from portal.domain.permissions import NotPermitted
from portal.domain.sanitise import plain_text, render_markdown
from portal.domain.states import STAFF_STATUS_LABELS, find_move
from portal.extensions import db
from portal.formatting import format_datetime
from portal.models import Answer, AnswerRevision, AnswerStatus, AnswerTemplate, Post, Question, User

MAX_ANSWER_LENGTH = 50_000


class AnswerError(Invalid):
    """Something to correct on the form, worded for the person using it."""


class AnswerRefused(lifecycle.Refused):
    """The step cannot be taken now (the answer moved on); nothing was changed."""


def latest_revision_number(answer: Answer | None) -> int:
    return answer.revisions[-1].number if answer is not None and answer.revisions else 0


def _newer_revision(answer: Answer | None, expected_revision: int | None, doing: str) -> None:
    """Refuse when someone saved a newer version since the page was opened."""
    if expected_revision is None or latest_revision_number(answer) == expected_revision:
        return
    latest = answer.revisions[-1]
    who = latest.author.name if latest.author else "Someone else"
    raise AnswerRefused(
        f"{who} saved a newer version of the answer at {format_datetime(latest.created_at)}, while you "
        f"had it open. Nothing has been {doing}. Read the latest version first"
    )


def _cannot_now(question: Question) -> str:
    """The lifecycle table's verdict, in words for the person acting."""
    status = STAFF_STATUS_LABELS[question.status].lower()
    return f"{question_label(question)} is {status}, so that cannot be done now. Nothing has been changed"


def _decide(
    question: Question, verb: str, *, by: User, check: Callable[[Question], None], **words: object
) -> lifecycle.Decision:
    """The decision step (lifecycle.decide) for an answer: lock, the page's version, then the
    lifecycle table (which moves the answer with the question) and the named permission."""
    return lifecycle.decide(question, verb, by=by, check=check, refusal=AnswerRefused, **words)


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
    html = render_markdown(source)
    if not plain_text(html).strip():
        # Only markup the allow-list removes (or a rule): saving it would leave the answer
        # empty on the server while the officer sees text. Refused, with the text kept.
        raise AnswerError(
            "Enter the answer as words: what you entered would show nothing once published", "body"
        )
    decision = _decide(
        question,
        "save_answer",
        by=by,
        check=lambda q: _newer_revision(q.answer, expected_revision, "saved"),
        refused_words=_why_not_editable,
        not_permitted="You do not draft answers for this post",
        now=now,
    )
    question, now = decision.question, decision.now
    answer = question.answer
    if answer is not None and answer.revisions and answer.body_source == source:
        return None
    if answer is None:
        answer = Answer(question=question, post=question.answering_post)
        db.session.add(answer)
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
    decision.record(
        title=f"Answer draft saved (version {revision.number})", data={"revision": revision.number}
    )
    return revision


def _why_not_editable(question: Question) -> str:
    answer = question.answer
    if answer is not None and answer.status is AnswerStatus.SUBMITTED:
        return "The answer is waiting for approval, so it cannot be changed. Ask the post holder to return it"
    if answer is not None and answer.status is AnswerStatus.APPROVED:
        return "The answer has been approved, so it cannot be changed unless it is reopened"
    status = question.status.value.replace("_", " ")
    return f"{question_label(question)} is {status}, so its answer cannot be changed"


def submit_for_approval(
    question: Question,
    *,
    by: User,
    expected_revision: int | None = None,
    now: dt.datetime | None = None,
) -> Answer:
    """Send the latest saved version to the post's holders for approval."""

    def saved_and_current(question: Question) -> None:
        if question.answer is None or not question.answer.revisions:
            raise AnswerError("Save a draft of the answer before you send it for approval", "body")
        _newer_revision(question.answer, expected_revision, "sent")

    decision = _decide(
        question,
        "submit_answer",
        by=by,
        check=saved_and_current,
        refused_words=_cannot_now,
        not_permitted="You do not draft answers for this post",
        now=now,
    )
    question, now = decision.question, decision.now
    answer = question.answer
    answer.submitted_by = by
    answer.submitted_at = now
    answer.approved_by = None
    answer.approved_at = None
    decision.record(data={"revision": latest_revision_number(answer)})
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


def _waiting_for(by: User, expected_revision: int | None, doing: str) -> Callable[[Question], None]:
    """What must be true of the answer before a holder signs it off, in words if not."""

    def check(question: Question) -> None:
        answer = question.answer
        if answer is None:
            raise AnswerRefused("There is no answer to this question yet")
        if answer.status is not AnswerStatus.SUBMITTED:
            raise AnswerRefused(_not_waiting(answer))
        if find_move("approve_answer", question.status) is None:
            raise AnswerRefused(_cannot_now(question))
        if permissions.drafted_answer(by, answer):
            raise AnswerRefused(
                "You wrote a version of this answer, so another holder of the post must approve or return it"
            )
        if answer.submitted_by_id == by.id:
            raise AnswerRefused(
                "You sent this answer for approval, so another holder of the post must approve or return it"
            )
        _newer_revision(answer, expected_revision, doing)

    return check


def _not_waiting(answer: Answer) -> str:
    if answer.status is AnswerStatus.APPROVED:
        who = f" by {answer.approved_by.name}" if answer.approved_by else ""
        return f"The answer has already been approved{who}. Nothing has been changed"
    if answer.status is AnswerStatus.RETURNED:
        return "The answer has already been returned for changes. Nothing has been changed"
    return "The answer has not been sent for approval. Nothing has been changed"


def approve(
    question: Question,
    *,
    by: User,
    expected_revision: int | None = None,
    now: dt.datetime | None = None,
) -> Answer:
    """Sign the answer off as the version that will be published."""
    decision = _decide(
        question,
        "approve_answer",
        by=by,
        check=_waiting_for(by, expected_revision, "approved"),
        refused_words=_cannot_now,
        not_permitted="You do not hold the post that answers this question",
        now=now,
    )
    question, now = decision.question, decision.now
    answer = question.answer
    answer.approved_by = by
    answer.approved_at = now
    answer.returned_comment = None
    decision.record(data={"revision": latest_revision_number(answer)})
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
    decision = _decide(
        question,
        "return_answer",
        by=by,
        check=_waiting_for(by, expected_revision, "returned"),
        refused_words=_cannot_now,
        not_permitted="You do not hold the post that answers this question",
        now=now,
    )
    answer = decision.question.answer
    answer.returned_comment = comment
    decision.record(internal_note=comment)
    _tell_submitter("answer_returned", answer, by, comment=comment)
    return answer


def reopen(question: Question, *, by: User, reason: str | None, now: dt.datetime | None = None) -> Answer:
    """Take an approved, unpublished answer back for changes; it must be approved again."""
    reason = (reason or "").strip()
    if not reason:
        raise AnswerError("Enter why the answer needs to change", "reason")

    def has_an_answer(question: Question) -> None:
        if question.answer is None:
            raise AnswerRefused("There is no answer to this question yet")

    decision = _decide(
        question,
        "reopen_answer",
        by=by,
        check=has_an_answer,
        refused_words=_cannot_now,
        not_permitted="You cannot reopen this answer",
        now=now,
    )
    answer = decision.question.answer
    answer.approved_by = None
    answer.approved_at = None
    decision.record(internal_note=reason)
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
