"""The numbered lists of a meeting (the "PQ list", named by the meeting's numbering
scheme): move a question up or down, or set the order by typing positions, until the
questions are published."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.domain import entities, permissions
from portal.domain.entities import Meeting, Question, Role
from portal.domain.numbers import effective, list_title, question_label
from portal.domain.questions import moderation, numbering
from portal.domain.states import QuestionKind
from portal.web.access import get_or_404, refusal_goes_back, requires_role
from portal.web.moderation.blueprint import bp


@bp.route("/meetings/<int:meeting_id>/numbering")
@requires_role(Role.CLERK)
def numbering_page(meeting_id: int) -> str:
    meeting = get_or_404(Meeting, meeting_id)
    numbered = {kind: numbering.numbered_list(meeting, kind) for kind in QuestionKind}
    # The lists the meeting can have: a committee that takes no member questions has no MQ
    # list (unless one was entered from a past record).
    takes = {
        QuestionKind.PUBLIC: meeting.committee.takes_public_questions and meeting.takes_public_questions,
        QuestionKind.MEMBER: meeting.committee.takes_member_questions,
    }
    kinds = [kind for kind in QuestionKind if takes[kind] or numbered[kind]] or [QuestionKind.PUBLIC]
    alone = len(kinds) == 1
    lists = [(kind, list_title(meeting, kind, alone=alone), numbered[kind]) for kind in kinds]
    return render_template(
        "moderation/numbering.html",
        meeting=meeting,
        title=" and ".join(title for _, title, _ in lists),
        lists=lists,
        is_fixed=numbering.is_fixed,
        procedure=effective(meeting),
        can_renumber=permissions.can_renumber(current_user, meeting),
        errors=request.args.getlist("error"),
    )


def _positions(form: dict[str, str], kind: QuestionKind) -> dict[int, int] | None:
    """question id -> position typed, or None if any position is not a whole number."""
    positions: dict[int, int] = {}
    prefix = f"position-{kind.value}-"
    for name, value in form.items():
        if not name.startswith(prefix) or not name[len(prefix) :].isdigit():
            continue
        value = value.strip()
        if not value.isdigit() or int(value) < 1:
            return None
        positions[int(name[len(prefix) :])] = int(value)
    return positions


@bp.route("/meetings/<int:meeting_id>/numbering/<kind>", methods=["POST"])
@requires_role(Role.CLERK)
def reorder(meeting_id: int, kind: str) -> Response:
    meeting = get_or_404(Meeting, meeting_id)
    if kind not in {k.value for k in QuestionKind}:
        abort(404)
    question_kind = QuestionKind(kind)
    back = url_for("moderation.numbering_page", meeting_id=meeting.id, _anchor=f"{kind}-questions")
    action = request.form.get("action", "order")
    with refusal_goes_back(back, also=(permissions.NotPermitted, moderation.ModerationError)):
        if action.startswith(("up:", "down:")):
            direction, question_id, expected = [*action.split(":"), "", ""][:3]
            question = entities.find(Question, int(question_id)) if question_id.isdigit() else None
            if question is None or question.meeting_id != meeting.id or question.kind is not question_kind:
                abort(404)
            moderation.move_question(
                question,
                by=current_user,
                offset=-1 if direction == "up" else 1,
                expected_number=int(expected) if expected.isdigit() else None,
            )
            flash(f"{question.reference} is now {question_label(question)}", "success")
        else:
            positions = _positions(request.form, question_kind)
            if positions is None:
                flash("Enter each position as a whole number, such as 1, 2 or 3", "error")
                return redirect(back)
            changed = moderation.set_question_order(meeting, question_kind, positions, by=current_user)
            title = list_title(meeting, question_kind, alone=True)
            flash(
                f"{title}: the new order is saved ({changed} renumbered)"
                if changed
                else f"{title}: the order has not changed",
                "success",
            )
    return redirect(back)
