"""Reviews of rejections, for the committee's chair or the person the council names (who
decide) and democratic services (who follow them)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from werkzeug.wrappers import Response
from wtforms import RadioField, SubmitField

from portal.domain import entities, permissions
from portal.domain.entities import Question, ReviewOutcome, utcnow
from portal.domain.errors import Refused
from portal.domain.questions import reviews
from portal.web.access import require, signed_in, undo_for
from portal.web.admin.forms_common import choices
from portal.web.forms import BaseForm, Required, text_area

bp = Blueprint("reviews", __name__, url_prefix="/staff/reviews")


class DecideForm(BaseForm):
    outcome = RadioField(
        "Your decision",
        choices=choices(
            [
                (ReviewOutcome.UPHELD.value, "Uphold the decision: the question stays not accepted"),
                (
                    ReviewOutcome.OVERTURNED.value,
                    "Overturn the decision: the question should have been accepted",
                ),
            ]
        ),
        widget=GovRadioInput(),
        validate_choice=False,
        validators=[Required("Select whether the decision is upheld or overturned")],
    )
    reasons = text_area(
        "Your reasons",
        "Enter the reasons for the decision",
        reviews.REASONS_LIMIT,
        f"The reasons must be {reviews.REASONS_LIMIT:,} characters or fewer",
        description="The questioner is sent these, and sees them on their tracking page",
    )
    submit = SubmitField("Decide", widget=GovSubmitInput())


@bp.route("")
@signed_in
def review_list() -> str:
    found = reviews.reviews_for(current_user)
    if not found and not permissions.is_clerk(current_user):
        abort(403)
    return render_template("reviews/list.html", reviews=found)


@bp.route("/<int:question_id>", methods=["GET", "POST"])
@signed_in
def review(question_id: int) -> str | Response | tuple[str, int]:
    question = entities.find(Question, question_id)
    if question is None or question.review is None:
        abort(404)
    committee = question.meeting.committee
    require(permissions.can_see_reviews, committee)
    may_decide = permissions.decides_reviews(current_user, committee)
    form = DecideForm()
    refused = None
    if may_decide and form.validate_on_submit():
        try:
            reviews.decide_review(
                question,
                by=current_user,
                outcome=ReviewOutcome(form.outcome.data)
                if form.outcome.data in ReviewOutcome._value2member_map_
                else None,
                reasons=form.reasons.data,
            )
        except reviews.ReviewError as error:
            for name, message in error.errors.items():
                form.add_error(name, message)
        except Refused as refusal:
            refused = undo_for(refusal)
        else:
            flash(
                f"Review of {question.reference} decided: {question.review.outcome.label.lower()}", "success"
            )
            return redirect(url_for("reviews.review", question_id=question.id))
    elif form.is_submitted() and not may_decide:
        abort(403)
    status = 409 if refused else (422 if form.errors else 200)
    question = entities.find(Question, question_id)
    return render_template(
        "reviews/review.html",
        question=question,
        review=question.review,
        form=form,
        refused=refused,
        may_decide=may_decide,
        now_before_deadline=lambda q: utcnow() < q.meeting.question_deadline_at,
    ), status
