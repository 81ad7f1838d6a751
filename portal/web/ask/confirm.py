"""After sending: "check your e-mail", the confirmation link, and the confirmation panel."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from portal.domain import conditions, entities
from portal.domain.asking import links
from portal.domain.asking.submission import (
    ConfirmationTooLate,
    confirm_question,
    resend_confirmation,
)
from portal.domain.entities import Question, utcnow
from portal.domain.messages import notify
from portal.domain.states import CONFIRMED, QuestionStatus
from portal.extensions import limiter
from portal.web.access import public
from portal.web.ask import journey
from portal.web.ask.forms import ConfirmForm, ResendForm
from portal.web.ask.journey import bp


def _sent_question() -> Question | None:
    question_id = session.get(journey.SENT_KEY)
    return entities.find(Question, question_id) if question_id else None


@bp.route("/sent", methods=["GET", "POST"])
@limiter.limit(journey.confirm_limit, methods=["POST"])
@public
def sent() -> str | Response:
    question = _sent_question()
    form = ResendForm()
    if form.validate_on_submit():
        if question is not None and resend_confirmation(question):
            flash(gettext("We have sent the e-mail again"), "success")
        else:
            flash(
                gettext("We cannot send the e-mail again. Contact democratic services if you need help."),
                "info",
            )
        return redirect(url_for("ask.sent"))
    return render_template(
        "ask/sent.html",
        question=question,
        form=form,
        confirm_by=conditions.confirmation_deadline(question) if question else None,
        can_resend=question is not None and question.status is QuestionStatus.UNCONFIRMED,
    )


JUST_CONFIRMED = "ask_just_confirmed"


def _question_from_link(token: str) -> tuple[Question | None, bool]:
    """(question, expired) for a confirmation link; (None, _) for a link the portal did not make.

    Links are found by the hash of their token. Links e-mailed before tokens were hashed
    were signed, and are read as before until they expire.
    """
    question = links.find_by_confirm_token(token)
    if question is not None:
        return question, utcnow() >= question.created_at + links.CONFIRM_LIFETIME
    try:
        question_id, expired = links.read_confirm_token(token), False
    except links.LinkExpired as error:
        question_id, expired = error.question_id, True
    except links.LinkInvalid:
        question_id, expired = None, False
    question = entities.find(Question, question_id) if question_id else None
    return question, expired


def _link_problem(question: Question | None) -> tuple[str, int]:
    if question is None:
        return render_template("ask/link-problem.html"), 404
    return render_template("ask/too-late.html", question=question), 410


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@limiter.limit(journey.confirm_limit, methods=["POST"])
@public
def confirm(token: str) -> str | Response | tuple[str, int]:
    question, expired = _question_from_link(token)
    if question is None:
        return _link_problem(None)
    if question.status in CONFIRMED:
        return redirect(url_for("ask.confirmed", token=token))
    if expired or question.status is not QuestionStatus.UNCONFIRMED:
        return _link_problem(question)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            confirm_question(question)
        except ConfirmationTooLate:
            return _link_problem(question)
        # Only the browser that confirmed is shown the tracking link; the link in the
        # address bar (and in histories and logs) never opens it again.
        session[JUST_CONFIRMED] = question.id
        return redirect(url_for("ask.confirmed", token=token))
    return render_template(
        "ask/confirm.html",
        form=form,
        question=question,
        confirm_by=conditions.confirmation_deadline(question),
    )


@bp.route("/confirmed/<token>")
@public
def confirmed(token: str) -> str | Response | tuple[str, int]:
    question, expired = _question_from_link(token)
    if question is None:
        return _link_problem(None)
    if question.status not in CONFIRMED:
        if question.status is QuestionStatus.UNCONFIRMED:
            return redirect(url_for("ask.confirm", token=token))
        abort(404)
    show_link = session.get(JUST_CONFIRMED) == question.id and not expired
    return render_template(
        "ask/confirmed.html",
        question=question,
        tracking_path=url_for("track.question", token=question.tracking_token) if show_link else None,
        tracking_url=notify.tracking_url(question) if show_link else None,
    )
