"""The questioner's private tracking pages (`/questions/<token>`) and "see all my questions".

Whoever holds the tracking link (sent only to the questioner's e-mail address) can see
the question and act on it; there is no account. The pages are never cached and tell
search engines to stay away.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from portal.domain import conditions, entities
from portal.domain.asking import feedback, links, questioner
from portal.domain.asking.submission import (
    SubmissionError,
    resend_confirmation,
    word_limit,
)
from portal.domain.conditions import feedback_closes_at, review_closes_at
from portal.domain.entities import Question, Verdict, utcnow
from portal.domain.errors import Refused
from portal.domain.messages import notify
from portal.domain.permissions import (
    NotPermitted,
    questioner_can_clarify,
    questioner_can_confirm,
    questioner_can_give_feedback,
    questioner_can_resubmit,
    questioner_can_withdraw,
)
from portal.domain.questions import reviews
from portal.domain.states import ANSWERED, QuestionStatus
from portal.extensions import limiter
from portal.web.access import get_or_404, public, refusal_goes_back, undo_for
from portal.web.ask.journey import DRAFT_KEY
from portal.web.track.forms import (
    VERDICT_WORDS,
    ClarifyForm,
    FeedbackForm,
    MyQuestionsForm,
    ResubmitForm,
    ReviewRequestForm,
    WithdrawForm,
)

bp = Blueprint("track", __name__, url_prefix="/questions")

S = QuestionStatus


@bp.after_request
def private_pages(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _request_link_limit() -> str:
    return current_app.config.get("MY_QUESTIONS_RATE_LIMIT", "5 per minute;20 per hour")


def _get_or_404(token: str) -> Question:
    question = questioner.find_by_tracking_token(token)
    if question is None:
        abort(404)
    return question


@bp.app_template_filter("line_breaks")
def line_breaks(text: str | None) -> Markup:
    """Plain text from the public for places that re-indent HTML (summary lists): every
    character escaped, line breaks as <br>, no newline characters left."""
    return Markup("<br>").join(escape(line) for line in (text or "").split("\n"))


@bp.app_template_global("answer_path")
def answer_path(question: Question) -> str:
    """The published answer, as a path on this site (notify gives the e-mail's absolute form)."""
    url = notify.published_answer_url(question)
    base = current_app.config["BASE_URL"].rstrip("/")
    return url[len(base) :] if url.startswith(base) else url


@bp.route("/<token>")
@public
def question(token: str) -> str:
    found = _get_or_404(token)
    now = utcnow()
    return render_template(
        "track/question.html",
        question=found,
        events=questioner.public_events(found),
        now=now,
        can_withdraw=questioner_can_withdraw(found),
        can_clarify=questioner_can_clarify(found),
        can_resubmit=questioner_can_resubmit(found),
        can_confirm=questioner_can_confirm(found),
        confirm_by=conditions.confirmation_deadline(found) if found.status is S.UNCONFIRMED else None,
        resubmission=conditions.live_resubmission(found) if found.status is S.REJECTED else None,
        meeting_open=conditions.is_open_for_public_questions(found.meeting, now),
        answer_path=answer_path(found),
        resubmit_form=ResubmitForm(),
        answered=found.status in ANSWERED,
        can_give_feedback=questioner_can_give_feedback(found, now),
        feedback_closes=feedback_closes_at(found) if found.status in ANSWERED else None,
        can_ask_review=reviews.can_ask(found, now),
        review_closes=review_closes_at(found) if found.status is S.REJECTED else None,
    )


@bp.route("/<token>/review", methods=["GET", "POST"])
@public
def ask_review(token: str) -> str | Response | tuple[str, int]:
    """Ask for a review of the decision not to accept the question."""
    found = _get_or_404(token)
    form = ReviewRequestForm()
    refused = None
    if form.validate_on_submit():
        try:
            reviews.ask_review(found, form.grounds.data)
        except reviews.ReviewError as error:
            form.add_error(error.field or "grounds", error.message)
        except Refused as refusal:
            refused = undo_for(refusal)
        else:
            flash(gettext("You have asked for a review. We have e-mailed you to confirm"), "success")
            return redirect(url_for("track.question", token=token, _anchor="review"))
    elif not form.is_submitted() and not reviews.can_ask(found):
        flash(gettext("You cannot ask for a review of this question"), "info")
        return redirect(url_for("track.question", token=token))
    status = 409 if refused else (422 if form.errors else 200)
    found = entities.find(Question, found.id)
    return render_template(
        "track/review.html", question=found, form=form, refused=refused, closes=review_closes_at(found)
    ), status


@bp.app_template_global()
def verdict_words(verdict: Verdict) -> str:
    """What the questioner said, in the language of the page."""
    return str(VERDICT_WORDS[verdict])


@bp.route("/<token>/feedback", methods=["GET", "POST"])
@public
def give_feedback(token: str) -> str | Response | tuple[str, int]:
    """Was your question answered? One response, changeable until the next meeting."""
    found = _get_or_404(token)
    now = utcnow()
    existing = found.feedback
    form = FeedbackForm(
        data={"verdict": existing.verdict.value, "reason": existing.reason, "mode": "change"}
        if existing is not None
        else None
    )
    refused = None
    if not questioner_can_give_feedback(found, now) and found.status not in ANSWERED:
        flash(gettext("You can say whether the answer answered your question once it is published"), "info")
        return redirect(url_for("track.question", token=token))
    if form.validate_on_submit():
        verdict = Verdict(form.verdict.data) if form.verdict.data in Verdict._value2member_map_ else None
        step = feedback.change_feedback if form.mode.data == "change" else feedback.give_feedback
        try:
            step(found, verdict, form.reason.data or "", now=now)
        except feedback.FeedbackError as error:
            form.add_error(error.field or "verdict", error.message)
        except Refused as refusal:
            refused = undo_for(refusal)
        else:
            flash(gettext("Thank you. Your response has been sent to the council"), "success")
            return redirect(url_for("track.question", token=token, _anchor="feedback"))
    status = 409 if refused else (422 if form.errors else 200)
    return (
        render_template(
            "track/feedback.html",
            question=entities.find(Question, found.id),
            form=form,
            refused=refused,
            is_open=questioner_can_give_feedback(found, now),
            closes=feedback_closes_at(found),
            changing=form.mode.data == "change",
        ),
        status,
    )


@bp.route("/<token>/withdraw", methods=["GET", "POST"])
@public
def withdraw(token: str) -> str | Response:
    found = _get_or_404(token)
    if not questioner_can_withdraw(found):
        flash(gettext("This question can no longer be withdrawn"), "info")
        return redirect(url_for("track.question", token=token))
    form = WithdrawForm()
    if form.validate_on_submit():
        with refusal_goes_back(url_for("track.question", token=token), also=(NotPermitted,)):
            questioner.withdraw_question(found, form.reason.data)
        flash(gettext("Your question has been withdrawn"), "success")
        return redirect(url_for("track.question", token=token))
    return render_template("track/withdraw.html", form=form, question=found)


@bp.route("/<token>/clarify", methods=["GET", "POST"])
@public
def clarify(token: str) -> str | Response:
    found = _get_or_404(token)
    if not questioner_can_clarify(found):
        flash(gettext("This question cannot be changed now"), "info")
        return redirect(url_for("track.question", token=token))
    form = ClarifyForm()
    if not form.is_submitted():
        form.text.data = found.original_text
    if form.validate_on_submit():
        try:
            questioner.clarify_question(found, form.text.data)
        except SubmissionError as error:
            form.add_error("text", error.message)
        else:
            flash(gettext("Thank you. We have your changed question"), "success")
            return redirect(url_for("track.question", token=token))
    return render_template(
        "track/clarify.html", form=form, question=found, word_limit=word_limit(found.meeting)
    )


@bp.route("/<token>/resubmit", methods=["POST"])
@public
def resubmit(token: str) -> Response:
    found = _get_or_404(token)
    form = ResubmitForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        draft = questioner.start_resubmission(found)
    except NotPermitted:
        flash(gettext("This question cannot be sent again. You can ask a new question instead."), "info")
        return redirect(url_for("track.question", token=token))
    session[DRAFT_KEY] = draft.key
    flash(gettext("We have filled in your answers. Change your question, then check and send it."), "info")
    return redirect(url_for("ask.question"))


@bp.route("/<token>/resend", methods=["POST"])
@limiter.limit(_request_link_limit, methods=["POST"])
@public
def resend(token: str) -> Response:
    found = _get_or_404(token)
    form = ResubmitForm()
    if form.validate_on_submit() and resend_confirmation(found):
        flash(gettext("We have sent the e-mail again"), "success")
    else:
        flash(
            gettext("We cannot send the e-mail again. Contact democratic services if you need help."), "info"
        )
    return redirect(url_for("track.question", token=token))


@bp.route("/mine", methods=["GET", "POST"])
@limiter.limit(_request_link_limit, methods=["POST"])
@public
def request_link() -> str | Response:
    form = MyQuestionsForm()
    if form.validate_on_submit():
        questioner.send_my_questions_link(form.email.data)
        # The same answer whether or not the address has asked anything.
        return redirect(url_for("track.link_sent"))
    return render_template("track/request-link.html", form=form)


@bp.route("/mine/sent")
@public
def link_sent() -> str:
    hours = int(links.MY_QUESTIONS_LIFETIME.total_seconds() // 3600)
    return render_template("track/link-sent.html", hours=hours)


@bp.route("/mine/<token>")
@public
def mine(token: str) -> str | tuple[str, int]:
    try:
        question_id = links.read_my_questions_token(token)
    except links.LinkExpired:
        return render_template("track/link-expired.html"), 410
    except links.LinkInvalid:
        abort(404)
    found = get_or_404(Question, question_id)
    return render_template("track/mine.html", questions=questioner.questions_of_same_person(found))
