"""The public asking journey: start, meeting, details, question, similar questions, check, send.

One thing per page. Answers are saved to a server-side draft as each page is sent, so
nothing typed is lost; the browser holds only the draft's key.
"""

from __future__ import annotations

import datetime as dt

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.wrappers import Response

from portal.domain import conditions, entities
from portal.domain.asking import drafts
from portal.domain.asking.submission import (
    DeadlinePassed,
    LimitReached,
    SubmissionError,
    find_by_submission_key,
    save_details,
    save_question,
    submit_draft,
    word_limit,
    word_limit_problem,
)
from portal.domain.entities import Meeting
from portal.domain.meetings import availability, scheduling
from portal.domain.questions import similarity
from portal.extensions import db, limiter
from portal.web.access import public
from portal.web.ask import journey
from portal.web.ask.forms import DetailsForm, MeetingForm, QuestionForm, SendForm
from portal.web.ask.journey import bp


@bp.route("")
@public
def start() -> str:
    now = journey.now()
    chosen = None
    if request.args.get("meeting", "").isdigit():
        chosen = entities.find(Meeting, int(request.args["meeting"]))
    open_meetings = scheduling.meetings_open_for_public_questions(now)
    limits = sorted({word_limit(m) for m in open_meetings}) or [300]
    return render_template(
        "ask/start.html",
        open_meetings=open_meetings,
        word_limit_text=(
            gettext("%(limit)s words", limit=limits[0])
            if len(limits) == 1
            else gettext("%(fewest)s to %(most)s words", fewest=limits[0], most=limits[-1])
        ),
        chosen=chosen,
        closed=availability.closed_meeting(chosen, now) if chosen else None,
        draft=journey.current_draft(now),
        draft_lifetime_days=drafts.draft_lifetime().days,
    )


def _drafts_limit() -> str:
    return current_app.config.get("DRAFTS_PER_ADDRESS_RATE_LIMIT", "20 per hour")


@bp.route("/meeting", methods=["GET", "POST"])
@limiter.limit(_drafts_limit, methods=["POST"], deduct_when=lambda response: bool(g.get("new_draft")))
@public
def meeting() -> str | Response:
    now = journey.now()
    draft = journey.current_draft(now)
    open_meetings = scheduling.meetings_open_for_public_questions(now)
    form = MeetingForm()
    form.meeting.choices = {str(m.id): m.committee.name for m in open_meetings}
    asked_for = request.args.get("meeting", "")
    if request.method == "GET":
        if asked_for.isdigit() and any(str(m.id) == asked_for for m in open_meetings):
            form.meeting.data = asked_for
        elif draft is not None and draft.meeting_id:
            form.meeting.data = str(draft.meeting_id)
        elif len(open_meetings) == 1:
            form.meeting.data = str(open_meetings[0].id)
    if form.validate_on_submit():
        chosen = next(m for m in open_meetings if str(m.id) == form.meeting.data)
        if draft is None:
            try:
                draft = drafts.new_draft(meeting=chosen, now=now)
            except drafts.TooManyDrafts:
                form.add_error(
                    "meeting",
                    gettext(
                        "We cannot start a new question at the moment because so many are being written. "
                        "Try again in a few minutes"
                    ),
                )
                return _meeting_page(form, open_meetings, asked_for, now), 503
            g.new_draft = True
            journey.remember_draft(draft)
        else:
            drafts.choose_meeting(draft, chosen, now)
        if journey.returning_to_check():
            return _back_to_check_after_meeting_change(draft)
        return redirect(url_for("ask.details"))
    return _meeting_page(form, open_meetings, asked_for, now)


def _meeting_page(form: MeetingForm, open_meetings: list, asked_for: str, now: dt.datetime) -> str:
    closed = None
    if asked_for.isdigit():
        requested = entities.find(Meeting, int(asked_for))
        closed = availability.closed_meeting(requested, now) if requested else None
    return render_template(
        "ask/meeting.html",
        form=form,
        open_meetings=open_meetings,
        closed=closed,
        others=availability.upcoming_closed_meetings(now),
        hints={str(m.id): journey.meeting_hint(m) for m in open_meetings},
    )


def _back_to_check_after_meeting_change(draft: drafts.QuestionDraft) -> Response:
    """A new meeting may have other posts or a lower word limit: check the question still fits."""
    answers = draft.answers or {}
    fits = answers.get("text") and not word_limit_problem(answers["text"], draft.meeting)
    posts = {value for value, _ in journey.post_radio_choices(draft.meeting)}
    if not fits or str(answers.get("post")) not in posts:
        flash(
            gettext("The meeting you chose has its own rules. Check your question still fits them."), "info"
        )
        return redirect(url_for("ask.question", **{"return": "check"}))
    return journey.after_step(draft, "ask.check")


@bp.route("/details", methods=["GET", "POST"])
@public
def details() -> str | Response:
    now = journey.now()
    draft, elsewhere = journey.guard("ask.details", now)
    if elsewhere:
        return elsewhere
    form = DetailsForm()
    if request.method == "GET":
        answers = dict(draft.answers or {})
        for name in drafts.DETAIL_FIELDS:
            if name in answers and name != "publish_name":
                getattr(form, name).data = answers[name]
        if "publish_name" in answers:
            form.publish_name.data = "yes" if answers["publish_name"] else "no"
    if form.validate_on_submit():
        details = {name: getattr(form, name).data for name in drafts.DETAIL_FIELDS}
        details["publish_name"] = form.publish_name.data == "yes"
        details["lives_or_works_in_area"] = bool(form.lives_or_works_in_area.data)
        try:
            save_details(draft, details, trap_filled=bool(form.website.data), now=now)
        except LimitReached as error:
            form.add_error("email", error.message)
            return _details_page(form, draft, limit_reached=error)
        return journey.after_step(draft, "ask.question")
    return _details_page(form, draft)


def _details_page(
    form: DetailsForm, draft: drafts.QuestionDraft, limit_reached: LimitReached | None = None
) -> str:
    return render_template(
        "ask/details.html", form=form, draft=draft, meeting=draft.meeting, limit_reached=limit_reached
    )


@bp.route("/question", methods=["GET", "POST"])
@public
def question() -> str | Response:
    now = journey.now()
    draft, elsewhere = journey.guard("ask.question", now)
    if elsewhere:
        return elsewhere
    form = QuestionForm()
    form.post.choices = dict(journey.post_radio_choices(draft.meeting))
    answers = draft.answers or {}
    if request.method == "GET":
        form.text.data = answers.get("text", "")
        if answers.get("post"):
            form.post.data = str(answers["post"])
    if form.validate_on_submit():
        try:
            has_similar = save_question(draft, form.text.data, form.post.data, now)
        except SubmissionError as error:
            form.add_error("text", error.message)
        else:
            return redirect(journey.step_url("ask.similar") if has_similar else url_for("ask.check"))
    elif request.method == "POST" and form.text.data and not form.text.errors:
        # Keep what was typed even when another answer on the page needs fixing, and say
        # everything that needs fixing at once: the word limit too, not only the choice.
        drafts.save_answers(draft, {"text": form.text.data}, now)
        if problem := word_limit_problem(form.text.data, draft.meeting):
            form.add_error("text", problem)
    return render_template(
        "ask/question.html",
        form=form,
        draft=draft,
        meeting=draft.meeting,
        word_limit=word_limit(draft.meeting),
    )


@bp.route("/similar")
@public
def similar() -> str | Response:
    now = journey.now()
    draft, elsewhere = journey.guard("ask.check", now)
    if elsewhere:
        return elsewhere
    found = similarity.similar_questions(draft.answers["text"], now=now)
    if not found:
        return redirect(url_for("ask.check"))
    return render_template("ask/similar.html", draft=draft, similar=found)


def _sent(response: Response) -> bool:
    """Only a question sent counts against the allowance: not one refused for something
    to fix, nor one that failed because the database was unavailable."""
    return response.status_code in (302, 303)


@bp.route("/check-answers", methods=["GET", "POST"])
@limiter.limit(journey.submit_limit, methods=["POST"], deduct_when=_sent)
@public
def check() -> str | Response:
    now = journey.now()
    form = SendForm()
    if request.method == "POST":
        earlier = find_by_submission_key(form.submission_key.data)
        if earlier is not None:
            # Sent already: the back button, or a second click.
            session[journey.SENT_KEY] = earlier.id
            return redirect(url_for("ask.sent"))
    draft, elsewhere = journey.guard("ask.check", now)
    if elsewhere:
        return elsewhere
    if request.method == "GET":
        form.submission_key.data = draft.submission_key
        return _check_page(form, draft)
    if not form.validate_on_submit():
        abort(400)
    if draft.is_suspect:
        drafts.discard(draft)
        journey.forget_draft()
        session[journey.SENT_KEY] = None
        return redirect(url_for("ask.sent"))
    submission_key = draft.submission_key
    try:
        submitted = submit_draft(draft, now)
    except DeadlinePassed:
        return redirect(url_for("ask.deadline_passed"))
    except LimitReached as error:
        return _check_page(form, draft, problem=error.message, anchor="change-email")
    except SubmissionError as error:
        anchor = {"text": "change-text", "post": "change-post"}.get(error.field or "", "change-meeting")
        return _check_page(form, draft, problem=error.message, anchor=anchor)
    except (IntegrityError, OperationalError):
        # Two requests sent the same draft at once; the other one stored it.
        db.session.rollback()
        earlier = find_by_submission_key(submission_key)
        if earlier is None:
            raise
        session[journey.SENT_KEY] = earlier.id
        return redirect(url_for("ask.sent"))
    journey.forget_draft()
    session[journey.SENT_KEY] = submitted.question.id
    if submitted.confirmed:
        from portal.web.ask.confirm import JUST_CONFIRMED

        # Sent from a confirmed tracking page: this browser is shown the new tracking link.
        session[JUST_CONFIRMED] = submitted.question.id
        return redirect(url_for("ask.confirmed", token=submitted.question.confirm_token))
    return redirect(url_for("ask.sent"))


def _check_page(
    form: SendForm, draft: drafts.QuestionDraft, problem: str | None = None, anchor: str = ""
) -> str:
    if problem:
        # The error summary links to the change link of the answer that needs changing.
        form.submission_key.id = anchor
        form.add_error("submission_key", problem)
    form.submission_key.data = draft.submission_key
    return render_template(
        "ask/check.html",
        form=form,
        draft=draft,
        answers=draft.answers,
        meeting=draft.meeting,
        post_label=journey.post_label(draft),
        display=journey.public_display_preview(draft),
        problem_anchor=anchor if problem else None,
    )


@bp.route("/deadline-passed")
@public
def deadline_passed() -> str | Response:
    now = journey.now()
    draft = journey.current_draft(now)
    if draft is None:
        return journey.lost_draft()
    meeting = draft.meeting
    if meeting is not None and conditions.is_open_for_public_questions(meeting, now):
        return redirect(url_for(journey.first_missing_step(draft) or "ask.check"))
    open_meetings = scheduling.meetings_open_for_public_questions(now)
    same_committee = [m for m in open_meetings if meeting and m.committee_id == meeting.committee_id]
    return render_template(
        "ask/deadline-passed.html",
        draft=draft,
        meeting=meeting,
        closed=availability.closed_meeting(meeting, now) if meeting else None,
        same_committee=same_committee,
        open_meetings=open_meetings,
    )


@bp.route("/discard", methods=["POST"])
@public
def discard() -> Response:
    draft = journey.current_draft()
    if draft is not None:
        drafts.discard(draft)
    journey.forget_draft()
    flash(gettext("Your answers have been deleted"), "success")
    return redirect(url_for("ask.start"))
