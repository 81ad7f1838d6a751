"""Councillors' written questions to a committee meeting."""

from __future__ import annotations

import secrets

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.domain.asking import drafts
from portal.domain.asking.member_questions import (
    meetings_open_for_member_questions,
    questions_by,
    submit_member_question,
)
from portal.domain.asking.submission import SubmissionError, word_limit, word_limit_problem
from portal.domain.entities import Meeting, Role, utcnow
from portal.web.access import get_or_404, requires_role
from portal.web.member_questions.forms import MemberQuestionForm

bp = Blueprint("member_questions", __name__, url_prefix="/staff/member-questions")


@bp.route("")
@requires_role(Role.COUNCILLOR)
def start() -> str:
    now = utcnow()
    return render_template(
        "member_questions/start.html",
        meetings=meetings_open_for_member_questions(now),
        questions=questions_by(current_user),
        now=now,
    )


@bp.route("/<int:meeting_id>", methods=["GET", "POST"])
@requires_role(Role.COUNCILLOR)
def ask(meeting_id: int) -> str | Response:
    meeting = get_or_404(Meeting, meeting_id)
    if meeting not in meetings_open_for_member_questions():
        flash("That meeting is not taking member questions. Choose another meeting.", "info")
        return redirect(url_for("member_questions.start"))
    form = MemberQuestionForm()
    form.post.choices = {str(p.id): p.title for p in meeting.committee.posts}
    form.post.choices[drafts.POST_UNKNOWN] = "I don't know – the council will decide"
    if not form.is_submitted():
        form.submission_key.data = secrets.token_urlsafe(32)
    if form.validate_on_submit():
        post = next((p for p in meeting.committee.posts if str(p.id) == form.post.data), None)
        try:
            question = submit_member_question(
                current_user,
                meeting,
                text=form.text.data,
                post=post,
                submission_key=form.submission_key.data or secrets.token_urlsafe(32),
            )
        except SubmissionError as error:
            form.add_error(error.field if error.field in ("text", "post") else "text", error.message)
        else:
            flash(f"Your question has been received. Its reference is {question.reference}", "success")
            return redirect(url_for("member_questions.start"))
    elif (
        form.is_submitted()
        and form.text.data
        and not form.text.errors
        and (problem := word_limit_problem(form.text.data, meeting))
    ):
        # Every problem at once: the word limit too, not only what the form itself checks.
        form.add_error("text", problem)
    return render_template(
        "member_questions/ask.html", form=form, meeting=meeting, word_limit=word_limit(meeting)
    )
