"""Answers: the officer's inbox, the editor with its preview, and the post holder's
approval. Every answer shown passes through the allow-list (the `answer_html` filter)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.domain import entities, permissions
from portal.domain.entities import Answer, AnswerStatus, AnswerTemplate, Question, Role, User
from portal.domain.errors import Refused
from portal.domain.numbers import question_label
from portal.domain.questions import answers, worklist
from portal.domain.sanitise import render_markdown
from portal.web.access import (
    get_or_404,
    load_for,
    refusal_goes_back,
    require,
    requires_role,
    signed_in,
    undo_for,
)
from portal.web.answers.blueprint import bp, format_help
from portal.web.answers.forms import AnswerForm, ApproveForm, ReopenForm, ReturnForm, SubmitAnswerForm

ANSWER_STATUS_WORDS = {
    AnswerStatus.DRAFT: "Being drafted",
    AnswerStatus.SUBMITTED: "Waiting for approval",
    AnswerStatus.RETURNED: "Returned for changes",
    AnswerStatus.APPROVED: "Approved",
}
# Someone refused a step on the answer (not the page) is told why on the answer.
REFUSED_TOO = (permissions.NotPermitted,)


@bp.app_context_processor
def answer_words() -> dict[str, Any]:
    return {"answer_status_words": ANSWER_STATUS_WORDS}


def _question(question_id: int) -> Question:
    """The question, if the person has a part in it: 404 first, then 403."""
    question = load_for(permissions.can_view_question, Question, question_id)
    return question


def _revision(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _back(question: Question) -> Response:
    return redirect(url_for("answers.question", question_id=question.id))


def _refusal_goes_back(question: Question, *also: type[Exception]) -> AbstractContextManager[None]:
    """A refused step goes back to the answer, saying why (`refusal_goes_back`)."""
    return refusal_goes_back(url_for("answers.question", question_id=question.id), also=(*REFUSED_TOO, *also))


@bp.route("")
@requires_role(Role.OFFICER, Role.COUNCILLOR)
def inbox() -> str:
    return render_template(
        "answers/inbox.html",
        to_draft=worklist.answers_to_draft(current_user),
        to_approve=worklist.answers_awaiting_approval_by(current_user),
        sent=worklist.answers_sent_by(current_user),
        drafts_for_posts=bool(worklist.posts_drafted_by(current_user)),
        holds_posts=bool(worklist.posts_held_by(current_user)),
    )


def _page(
    question: Question,
    form: AnswerForm | None = None,
    *,
    return_form: ReturnForm | None = None,
    reopen_form: ReopenForm | None = None,
    notice: str | None = None,
) -> str:
    """The answer page: the editor for drafters, the review for post holders. `form` is
    the editor; the form with errors (if any) drives the page's error summary."""
    user = current_user
    answer = question.answer
    revision = answers.latest_revision_number(answer)
    can_draft = permissions.can_draft_answer(user, question)
    if can_draft and form is None:
        form = AnswerForm(formdata=None)
        form.body.data = answer.body_source if answer else ""
        form.expected_revision.data = str(revision)
        template = _chosen_template(question)
        if template is not None:
            form.body.data = f"{form.body.data}\n\n{template.body_source}".strip()
            notice = (
                f"The template \u201c{template.title}\u201d has been added below. Save the draft to keep it."
            )
    preview_source = form.body.data if form is not None else None
    # The editor shows text that is not saved (a preview, a template added, a refused save):
    # leaving the page asks first.
    saved_source = answer.body_source if answer else ""
    unsaved_text = form is not None and (form.body.data or "").strip() != (saved_source or "").strip()
    return render_template(
        "answers/question.html",
        question=question,
        answer=answer,
        revision=revision,
        editor=form,
        form=return_form
        if return_form is not None and return_form.errors
        else reopen_form
        if reopen_form is not None and reopen_form.errors
        else form,
        notice=notice,
        unsaved_text=unsaved_text,
        preview_html=render_markdown(preview_source) if preview_source else None,
        templates=answers.templates_for(question.answering_post)
        if can_draft and question.answering_post
        else [],
        **format_help(),
        can={
            "draft": can_draft,
            "submit": permissions.can_submit_answer(user, answer),
            "approve": permissions.can_approve_answer(user, answer),
            "return": permissions.can_return_answer(user, answer),
            "reopen": permissions.can_reopen_answer(user, answer),
            "manage_templates": question.answering_post is not None
            and permissions.can_manage_answer_templates(user, question.answering_post),
        },
        submit_form=SubmitAnswerForm(formdata=None, expected_revision=str(revision)),
        approve_form=ApproveForm(formdata=None, expected_revision=str(revision)),
        return_form=return_form or ReturnForm(formdata=None, expected_revision=str(revision)),
        reopen_form=reopen_form or ReopenForm(formdata=None),
        own_answer=_own_answer(user, answer),
    )


def _own_answer(user: User, answer: Answer | None) -> str | None:
    """Why a holder of the post may not sign off an answer waiting for approval: they wrote
    a version of it, or sent it."""
    if answer is None or answer.status is not AnswerStatus.SUBMITTED:
        return None
    if permissions.drafted_answer(user, answer):
        return "wrote a version of this answer"
    if answer.submitted_by_id == user.id:
        return "sent this answer for approval"
    return None


def _chosen_template(question: Question, template_id: str | None = None) -> AnswerTemplate | None:
    """The template named by `template_id` (or the address's ?template=), if it belongs
    to the question's post and is offered."""
    template_id = template_id if template_id is not None else request.args.get("template", "")
    if not template_id.isdigit():
        return None
    template = entities.find(AnswerTemplate, int(template_id))
    if template is None or template.post_id != question.answering_post_id or not template.is_active:
        return None
    return template


@bp.route("/questions/<int:question_id>", methods=["GET", "POST"])
@signed_in
def question(question_id: int) -> str | Response:
    question = _question(question_id)
    if request.method == "GET":
        return _page(question)
    require(permissions.drafts_for, question)
    form = AnswerForm()
    if form.add_template.data:
        # Without saving: the template goes on the end of what was typed, which is kept.
        template = _chosen_template(question, request.form.get("template", ""))
        if template is None:
            notice = "Choose a template to add. Your changes have not been saved yet."
            return _page(question, form, notice=notice)
        form.body.data = f"{form.body.data or ''}\n\n{template.body_source}".strip()
        return _page(
            question,
            form,
            notice=f"The template \u201c{template.title}\u201d has been added below. "
            "Your changes have not been saved yet: save the draft to keep them.",
        )
    if form.preview.data:
        # Without JavaScript: show the preview of what was typed; nothing is saved.
        form.validate()
        return _page(question, form, notice="This is a preview. Your changes have not been saved yet.")
    if form.validate_on_submit():
        try:
            saved = answers.save_draft(
                question,
                by=current_user,
                source=form.body.data,
                note=form.note.data,
                expected_revision=_revision(form.expected_revision.data),
            )
        except answers.AnswerError as error:
            form.add_error(error.field or "body", str(error))
        except (Refused, *REFUSED_TOO) as refusal:
            # Keep what they typed on the page: never lose an officer's work.
            form.add_error("body", undo_for(refusal))
            return _page(get_or_404(Question, question_id), form), 409
        else:
            flash(f"Draft saved as version {saved.number}" if saved else "No changes to save", "success")
            return _back(question)
    return _page(question, form)


@bp.route("/questions/<int:question_id>/submit", methods=["POST"])
@signed_in
def submit(question_id: int) -> Response:
    question = _question(question_id)
    require(permissions.drafts_for, question)
    form = SubmitAnswerForm()
    if not form.validate_on_submit():
        abort(400)
    # A button with nothing typed: what is missing is in the answer itself, so that goes
    # back to the answer too.
    with _refusal_goes_back(question, answers.AnswerError):
        answers.submit_for_approval(
            question, by=current_user, expected_revision=_revision(form.expected_revision.data)
        )
    flash(
        f"The answer to {question_label(question)} has been sent to "
        f"{question.answering_post.title} for approval",
        "success",
    )
    return _back(question)


@bp.route("/questions/<int:question_id>/approve", methods=["POST"])
@signed_in
def approve(question_id: int) -> Response:
    question = _question(question_id)
    require(permissions.holds_answering_post, question)
    form = ApproveForm()
    if not form.validate_on_submit():
        abort(400)
    with _refusal_goes_back(question):
        answers.approve(question, by=current_user, expected_revision=_revision(form.expected_revision.data))
    flash(f"You have approved the answer to {question_label(question)}", "success")
    return _back(question)


@bp.route("/questions/<int:question_id>/return", methods=["POST"])
@signed_in
def return_answer(question_id: int) -> str | Response:
    question = _question(question_id)
    require(permissions.holds_answering_post, question)
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            with _refusal_goes_back(question):
                answers.return_for_changes(
                    question,
                    by=current_user,
                    comment=form.comment.data,
                    expected_revision=_revision(form.expected_revision.data),
                )
        except answers.AnswerError as error:
            form.add_error(error.field or "comment", str(error))
        else:
            flash(f"The answer to {question_label(question)} has been returned with your comment", "success")
            return _back(question)
    return _page(question, return_form=form)


@bp.route("/questions/<int:question_id>/reopen", methods=["POST"])
@signed_in
def reopen(question_id: int) -> str | Response:
    question = _question(question_id)
    if not (permissions.holds_answering_post(current_user, question) or permissions.is_clerk(current_user)):
        abort(403)
    form = ReopenForm()
    if form.validate_on_submit():
        try:
            with _refusal_goes_back(question):
                answers.reopen(question, by=current_user, reason=form.reason.data)
        except answers.AnswerError as error:
            form.add_error(error.field or "reason", str(error))
        else:
            label = question_label(question)
            flash(f"The answer to {label} has been reopened. It must be approved again", "success")
            return _back(question)
    return _page(question, reopen_form=form)


@bp.route("/questions/<int:question_id>/versions")
@signed_in
def revisions(question_id: int) -> str:
    question = _question(question_id)
    answer = question.answer
    shown = request.args.get("version", "")
    chosen = None
    if answer is not None and shown.isdigit():
        chosen = next((r for r in answer.revisions if r.number == int(shown)), None)
        if chosen is None:
            abort(404)
    return render_template("answers/revisions.html", question=question, answer=answer, chosen=chosen)


@bp.route("/preview", methods=["POST"])
@signed_in
def preview() -> Response:
    """The live preview: the officer's Markdown through the allow-list, as an HTML fragment."""
    source = request.form.get("body", "")[: answers.MAX_ANSWER_LENGTH]
    html = render_markdown(source)
    body = html or '<p class="govuk-body app-secondary">Nothing to preview yet.</p>'
    return Response(body, mimetype="text/html", headers={"Cache-Control": "no-store"})
