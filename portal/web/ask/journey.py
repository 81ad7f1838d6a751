"""Shared pieces of the asking journey: the blueprint, the draft in the session, the steps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from portal.domain import conditions
from portal.domain.asking import drafts
from portal.domain.asking.submission import committee_rule, post_choices
from portal.domain.entities import Meeting, QuestionDraft, utcnow

bp = Blueprint("ask", __name__, url_prefix="/ask")

DRAFT_KEY = "ask_draft"
SENT_KEY = "ask_sent"
STEPS = ("ask.meeting", "ask.details", "ask.question", "ask.check")


@bp.after_request
def never_cache(response: Response) -> Response:
    """Pages of the journey show personal details: never keep them in a shared cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def submit_limit() -> str:
    return current_app.config.get("ASK_SUBMIT_RATE_LIMIT", "5 per minute;30 per hour")


def confirm_limit() -> str:
    return current_app.config.get("ASK_CONFIRM_RATE_LIMIT", "10 per minute;60 per hour")


def current_draft(now: dt.datetime | None = None) -> QuestionDraft | None:
    return drafts.find_draft(session.get(DRAFT_KEY), now)


def remember_draft(draft: QuestionDraft) -> None:
    session[DRAFT_KEY] = draft.key


def forget_draft() -> None:
    session.pop(DRAFT_KEY, None)


def returning_to_check() -> bool:
    return request.args.get("return") == "check"


def step_url(endpoint: str) -> str:
    """The URL of a step, keeping "return to check your answers" when changing an answer."""
    return url_for(endpoint, **({"return": "check"} if returning_to_check() else {}))


def lost_draft() -> Response:
    """No draft to carry on with: back to the start, saying why."""
    forget_draft()
    days = drafts.draft_lifetime().days
    flash(
        gettext(
            "We could not find your answers. If you started more than %(days)s days ago, they have "
            "been deleted to protect your privacy. Start again below.",
            days=days,
        ),
        "info",
    )
    return redirect(url_for("ask.start"))


def first_missing_step(draft: QuestionDraft | None) -> str | None:
    if draft is None or draft.meeting is None:
        return "ask.meeting"
    if not drafts.has_details(draft):
        return "ask.details"
    if not drafts.has_question(draft):
        return "ask.question"
    return None


def guard(step: str, now: dt.datetime | None = None) -> tuple[QuestionDraft | None, Response | None]:
    """The draft for a step, or where to send the questioner instead."""
    draft = current_draft(now)
    if draft is None:
        if session.get(SENT_KEY):
            # Back to a page of a question already sent: say where it is, not that it was lost.
            return None, redirect(url_for("ask.sent"))
        return None, lost_draft()
    if draft.meeting is not None and not conditions.is_open_for_public_questions(draft.meeting, now):
        return draft, redirect(url_for("ask.deadline_passed"))
    missing = first_missing_step(draft)
    if missing is not None and STEPS.index(missing) < STEPS.index(step):
        return draft, redirect(url_for(missing))
    return draft, None


def after_step(draft: QuestionDraft, default: str) -> Response:
    """Where to go after saving a step: back to check your answers if changing, else on."""
    if returning_to_check():
        missing = first_missing_step(draft)
        return redirect(url_for(missing or "ask.check", **({"return": "check"} if missing else {})))
    return redirect(url_for(default))


def post_radio_choices(meeting: Meeting) -> list[tuple[str, str]]:
    choices = [(str(post.id), post.title) for post in post_choices(meeting)]
    choices.append((drafts.POST_UNKNOWN, gettext("I don't know – the council will decide")))
    return choices


def post_label(draft: QuestionDraft) -> str:
    value = (draft.answers or {}).get("post")
    for key, label in post_radio_choices(draft.meeting) if draft.meeting else []:
        if key == str(value):
            return label
    return gettext("I don't know – the council will decide")


def public_display_preview(draft: QuestionDraft) -> str:
    """How the questioner will appear in the record, worked out as the real question will be."""
    from portal.domain.entities import Question
    from portal.domain.states import QuestionKind

    answers = draft.answers or {}
    preview = Question(
        kind=QuestionKind.PUBLIC,
        title=answers.get("title") or None,
        first_name=answers.get("first_name", ""),
        last_name=answers.get("last_name", ""),
        town=answers.get("town") or None,
        publish_name=bool(answers.get("publish_name", True)),
    )
    return preview.public_display


def meeting_hint(meeting: Meeting) -> dict[str, Any]:
    """When and where, and the deadline plainly: how it was worked out is on the meeting's
    page, not read out again for every choice."""
    from flask import render_template

    allowed = committee_rule(meeting, "questions_per_person")
    return {"html": render_template("ask/_meeting_hint.html", meeting=meeting, allowed=allowed)}


def now() -> dt.datetime:
    return utcnow()
