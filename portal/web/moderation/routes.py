"""Democratic services' moderation: the queue, a question's page, and each decision."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from portal.domain import entities, permissions
from portal.domain.entities import Post, Question, RejectionGround, Role, User, utcnow
from portal.domain.numbers import question_label
from portal.domain.people.accounts import everyone
from portal.domain.people.posts import active_posts
from portal.domain.questions import grounds, hints, moderation, similarity, textdiff, worklist
from portal.domain.states import STAFF_STATUS_LABELS, QuestionKind, QuestionStatus
from portal.formatting import plural
from portal.web.access import get_or_404, refusal_goes_back, requires_role
from portal.web.forms import BaseForm
from portal.web.moderation.blueprint import bp
from portal.web.moderation.forms import (
    AcceptForm,
    AcceptSeveralForm,
    ClarifyForm,
    DecisionForm,
    EditForm,
    QueueFilterForm,
    RejectForm,
    RejectGroundForm,
    WithdrawForm,
)

WAITING = "waiting"
# A clerk refused a decision on the question (not the page) is told why on the question.
REFUSED_TOO = (permissions.NotPermitted,)


def _question(question_id: int) -> Question:
    return get_or_404(Question, question_id)


def _expected(value: str | None) -> QuestionStatus | None:
    try:
        return QuestionStatus(value) if value else None
    except ValueError:
        return None


def _unless_open(question: Question, allowed: bool) -> Response | None:
    """A decision page for a question that has moved on goes back to the question."""
    if allowed:
        return None
    status = STAFF_STATUS_LABELS[question.status].lower()
    flash(f"{question_label(question)} is {status}, so that cannot be done now", "error")
    return redirect(url_for("moderation.question", question_id=question.id))


def _decide(
    question: Question,
    form: BaseForm,
    field: str,
    decision: Callable[[], str],
    *,
    then_next: bool = False,
) -> Response | None:
    """Make a decision from a valid form: `decision` makes it and says what was done.

    On success the clerk goes back to the question with that message or, for a decision
    that takes the question out of their hands (`then_next`), on to the next question
    waiting, so forty questions take forty decisions, not forty trips back to the queue.
    A problem with what was entered goes beside the field (`field`, unless the error
    names its own) and None is returned, so the page shows the form again; a refusal goes
    back to the question.
    """
    if not form.validate_on_submit():
        return None
    try:
        with refusal_goes_back(url_for("moderation.question", question_id=question.id), also=REFUSED_TOO):
            done = decision()
    except moderation.ModerationError as error:
        form.add_error(error.field or field, str(error))
        return None
    if then_next:
        return _on_to_the_next(question, done)
    flash(done, "success")
    return redirect(url_for("moderation.question", question_id=question.id))


def _on_to_the_next(decided: Question, done: str) -> Response:
    """After a decision: the next question waiting, or the queue when none is left."""
    following = worklist.next_waiting(decided)
    if following is None:
        flash(f"{done}. No more questions are waiting for a decision", "success")
        return redirect(url_for("moderation.queue"))
    flash(f"{done}. This is the next question waiting for a decision", "success")
    return redirect(url_for("moderation.question", question_id=following.id))


def _status_decision(
    question: Question,
    form: DecisionForm,
    allowed: Callable[[User, Question], bool],
    field: str,
    decision: Callable[[QuestionStatus | None], str],
    template: str,
    *,
    then_next: bool = False,
) -> str | Response:
    """A decision page whose form carries only the status the clerk saw and its own words."""
    if request.method == "GET":
        if (moved_on := _unless_open(question, allowed(current_user, question))) is not None:
            return moved_on
        form.expected_status.data = question.status.value
    decided = _decide(
        question, form, field, lambda: decision(_expected(form.expected_status.data)), then_next=then_next
    )
    if decided is not None:
        return decided
    return render_template(template, question=question, form=form)


@bp.route("")
@requires_role(Role.CLERK)
def queue() -> str:
    return _queue_page(request.args, AcceptSeveralForm(formdata=None))


def _queue_page(args: MultiDict, several: AcceptSeveralForm) -> str:
    """The queue as filtered by `args` (its query string), with its form to accept several
    at once."""
    form = QueueFilterForm(args)
    meetings = worklist.meetings_with_questions()
    form.meeting.choices = [("", "All meetings")] + [
        (str(m.id), f"{m.committee.name}, {m.starts_at:%d/%m/%Y}") for m in meetings
    ]
    form.status.choices = [(WAITING, "Waiting for a decision"), ("", "Any status")] + [
        (s.value, STAFF_STATUS_LABELS[s]) for s in worklist.QUEUE_STATUSES
    ]
    status_value = args.get("status", WAITING)
    form.status.data = status_value
    if status_value == WAITING:
        statuses = worklist.AWAITING_DECISION
    elif status_value == "":
        statuses = worklist.QUEUE_STATUSES
    else:
        statuses = (_expected(status_value),) if _expected(status_value) else worklist.AWAITING_DECISION
    meeting_id = args.get("meeting", "")
    kind = args.get("kind", "")
    questions = worklist.moderation_queue(
        meeting_id=int(meeting_id) if meeting_id.isdigit() else None,
        statuses=statuses,
        kind=QuestionKind(kind) if kind in ("public", "member") else None,
    )
    can_accept = {q.id for q in questions if permissions.can_accept(current_user, q)}
    several.post.choices = [("", "Choose a post"), *_posts_for(q for q in questions if q.id in can_accept)]
    if not several.back.data:
        several.back.data = request.full_path.rstrip("?")
    return render_template(
        "moderation/queue.html",
        filter_form=form,
        questions=questions,
        can_accept=can_accept,
        form=several,
        chosen=set(several.questions.data or []),
    )


def _posts_for(questions: Iterable[Question]) -> list[tuple[str, str]]:
    """Posts that may answer any of these questions: their committees' answering posts, or
    every active post if a committee has none listed."""
    posts: dict[int, Post] = {}
    for question in questions:
        for value, _title in _post_choices(question):
            posts.setdefault(int(value), entities.find(Post, int(value)))
    return [(str(p.id), p.title) for p in sorted(posts.values(), key=lambda p: p.title)]


@bp.route("/accept-selected", methods=["POST"])
@requires_role(Role.CLERK)
def accept_selected() -> str | Response:
    """Accept the ticked questions at once, each with its own number, event and e-mail."""
    form = AcceptSeveralForm()
    back = form.back.data or ""
    if not back.startswith(url_for("moderation.queue")):
        back = url_for("moderation.queue")
    chosen: list[tuple[Question, QuestionStatus | None]] = []
    for value in form.questions.data or []:
        question_id, _, status = value.partition(":")
        question = entities.find(Question, int(question_id)) if question_id.isdigit() else None
        if question is not None:
            chosen.append((question, _expected(status)))
    form.post.choices = [("", "Choose a post"), *_posts_for(q for q, _ in chosen)]
    if not form.validate_on_submit():
        return _requeue(form, back)
    try:
        done = moderation.accept_several(
            chosen, by=current_user, post=entities.find(Post, int(form.post.data))
        )
    except moderation.ModerationError as error:
        form.add_error(error.field or "questions", str(error))
        return _requeue(form, back)
    if done.accepted:
        labels = ", ".join(question_label(q) for q in done.accepted)
        told = "Each questioner has been told" if len(done.accepted) > 1 else "The questioner has been told"
        flash(
            f"{plural(len(done.accepted), 'question')} accepted as {labels}, to be answered by "
            f"{done.accepted[0].answering_post.title}. {told}",
            "success",
        )
    for _question, why in done.refused:
        flash(why, "error")
    return redirect(back)


def _requeue(form: AcceptSeveralForm, back: str) -> str:
    """The queue again, as the clerk had it, with what they ticked and what to correct."""
    query = back.partition("?")[2]
    return _queue_page(MultiDict(parse_qsl(query)), form)


@bp.route("/questions/<int:question_id>")
@requires_role(Role.CLERK)
def question(question_id: int) -> str:
    question = _question(question_id)
    found = _hints(question)
    edits = list(question.edits)
    return render_template(
        "moderation/question.html",
        question=question,
        hints=found,
        segments=hints.highlight(question.original_text, found),
        similar=similarity.similar_questions(question.original_text, exclude_question_id=question.id),
        diff=textdiff.word_diff(question.original_text, question.publication_text)
        if question.publication_text is not None
        else None,
        edits=edits,
        can=_abilities(question),
    )


def _hints(question: Question) -> list[hints.Hint]:
    """Hints on the questioner's words, including the names of the council's own staff."""
    staff = everyone()
    names = [u.name for u in staff if not u.has_role(Role.COUNCILLOR)]
    return hints.find_hints(question.original_text, staff_names=names)


def _abilities(question: Question) -> dict[str, bool]:
    user = current_user
    return {
        "accept": permissions.can_accept(user, question),
        "reject": permissions.can_reject(user, question),
        "clarify": permissions.can_request_clarification(user, question),
        "edit": permissions.can_edit_for_publication(user, question),
        "withdraw": permissions.can_withdraw_on_behalf(user, question),
        "contact": permissions.can_view_contact_details(user, question),
        "renumber": question.number is not None and permissions.can_renumber(user, question.meeting),
    }


def _post_choices(question: Question) -> list[tuple[str, str]]:
    posts = question.meeting.committee.posts or list(active_posts())
    return [(str(p.id), p.title) for p in posts]


@bp.route("/questions/<int:question_id>/accept", methods=["GET", "POST"])
@requires_role(Role.CLERK)
def accept(question_id: int) -> str | Response:
    question = _question(question_id)
    form = AcceptForm()
    form.post.choices = _post_choices(question)
    if request.method == "GET":
        if (moved_on := _unless_open(question, permissions.can_accept(current_user, question))) is not None:
            return moved_on
        form.expected_status.data = question.status.value
        default = question.answering_post or question.asked_post
        if default is not None and any(value == str(default.id) for value, _ in form.post.choices):
            form.post.data = str(default.id)

    def decision() -> str:
        post = entities.find(Post, int(form.post.data))
        moderation.accept(
            question, by=current_user, post=post, expected_status=_expected(form.expected_status.data)
        )
        return f"{question.reference} accepted as {question_label(question)}, to be answered by {post.title}"

    if (decided := _decide(question, form, "post", decision, then_next=True)) is not None:
        return decided
    return render_template("moderation/accept.html", question=question, form=form)


def _ground(code: str | None) -> RejectionGround | None:
    return next((g for g in grounds.active_grounds() if g.code == code), None)


@bp.route("/questions/<int:question_id>/reject", methods=["GET", "POST"])
@requires_role(Role.CLERK)
def reject(question_id: int) -> str | Response:
    """Two steps: choose the ground (a GET form), then the wording, pre-filled from it."""
    question = _question(question_id)
    if request.method == "GET":
        if (moved_on := _unless_open(question, permissions.can_reject(current_user, question))) is not None:
            return moved_on
        ground = _ground(request.args.get("ground"))
        if ground is None:
            attempted = "ground" in request.args or "submit" in request.args
            choose = RejectGroundForm(request.args if attempted else None)
            choose.ground.choices = [(g.code, g.title) for g in grounds.active_grounds()]
            if attempted:
                choose.validate()
            return render_template("moderation/reject-ground.html", question=question, form=choose)
        form = RejectForm(
            data={
                "ground": ground.code,
                "explanation": ground.public_wording,
                "listed": "listed" if ground.listed_by_default else "hidden",
                "expected_status": question.status.value,
            }
        )
        return render_template(
            "moderation/reject.html",
            question=question,
            form=form,
            ground=ground,
            deadline_open=question.meeting.question_deadline_at > utcnow(),
        )
    form = RejectForm()
    ground = _ground(form.ground.data)
    if ground is None:
        flash("Select why the question cannot be accepted", "error")
        return redirect(url_for("moderation.reject", question_id=question.id))

    def decision() -> str:
        moderation.reject(
            question,
            by=current_user,
            ground=ground,
            explanation=form.explanation.data,
            internal_note=form.internal_note.data,
            listed=form.listed.data == "listed",
            expected_status=_expected(form.expected_status.data),
        )
        return f"{question.reference} rejected: {ground.title}. The questioner has been told"

    if (decided := _decide(question, form, "explanation", decision, then_next=True)) is not None:
        return decided
    return render_template(
        "moderation/reject.html",
        question=question,
        form=form,
        ground=ground,
        deadline_open=question.meeting.question_deadline_at > utcnow(),
    )


@bp.route("/questions/<int:question_id>/clarify", methods=["GET", "POST"])
@requires_role(Role.CLERK)
def clarify(question_id: int) -> str | Response:
    question = _question(question_id)
    form = ClarifyForm()

    def decision(expected_status: QuestionStatus | None) -> str:
        moderation.request_clarification(
            question, by=current_user, message=form.message.data, expected_status=expected_status
        )
        return f"The questioner has been asked to clarify {question.reference}"

    return _status_decision(
        question,
        form,
        permissions.can_request_clarification,
        "message",
        decision,
        "moderation/clarify.html",
        then_next=True,
    )


@bp.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
@requires_role(Role.CLERK)
def edit(question_id: int) -> str | Response:
    question = _question(question_id)
    form = EditForm()
    if request.method == "GET":
        allowed = permissions.can_edit_for_publication(current_user, question)
        if (moved_on := _unless_open(question, allowed)) is not None:
            return moved_on
        form.text.data = question.text_for_publication
        form.expected_edits.data = str(len(question.edits))

    def decision() -> str:
        expected = form.expected_edits.data
        moderation.edit_for_publication(
            question,
            by=current_user,
            text=form.text.data,
            reason=form.reason.data,
            expected_edits=int(expected) if expected and expected.isdigit() else None,
        )
        return f"The text for publication of {question_label(question)} has been saved"

    if (decided := _decide(question, form, "text", decision)) is not None:
        return decided
    found = _hints(question)
    return render_template(
        "moderation/edit.html",
        question=question,
        form=form,
        hints=found,
        segments=hints.highlight(question.original_text, found),
    )


@bp.route("/questions/<int:question_id>/withdraw", methods=["GET", "POST"])
@requires_role(Role.CLERK)
def withdraw(question_id: int) -> str | Response:
    question = _question(question_id)
    form = WithdrawForm()

    def decision(expected_status: QuestionStatus | None) -> str:
        moderation.withdraw_on_behalf(
            question, by=current_user, reason=form.reason.data, expected_status=expected_status
        )
        return f"{question.reference} has been withdrawn. The questioner has been told"

    return _status_decision(
        question, form, permissions.can_withdraw_on_behalf, "reason", decision, "moderation/withdraw.html"
    )
