"""The meeting console: clerks record what happened to each question, during and after
the meeting. Each question's form posts on its own and saves as it goes."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from portal.domain.entities import Arrival, Meeting, Question, Role
from portal.domain.errors import Invalid
from portal.domain.meetings import proceedings, webcast
from portal.domain.meetings.proceedings import MeetingRecordError
from portal.domain.numbers import effective, question_anchor, question_label
from portal.domain.permissions import can_record_outcome, can_run_console
from portal.formatting import format_time, london_to_utc, to_london
from portal.web.access import load_for, meeting_or_404, requires_role
from portal.web.console.forms import ConsoleForm, FieldErrors, parse_outcome, parse_time

bp = Blueprint("console", __name__, url_prefix="/staff/console")


def _meeting_or_404(meeting_id: int) -> Meeting:
    return meeting_or_404(meeting_id, can_run_console)


def _wants_json() -> bool:
    return (
        request.headers.get("X-Requested-With") == "fetch"
        or request.accept_mimetypes.best == "application/json"
    )


def _render_console(
    meeting: Meeting,
    *,
    failed: Question | None = None,
    errors: dict[str, str] | None = None,
    times_errors: dict[str, str] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    questions = proceedings.console_questions(meeting)
    errors = errors or {}
    error_report = (
        FieldErrors(errors, f"q{failed.id}-") if failed is not None else FieldErrors(times_errors or {})
    )
    return (
        render_template(
            "console/meeting.html",
            meeting=meeting,
            committee=meeting.committee,
            questions=questions,
            outcome_of=proceedings.outcome_of,
            default_due=proceedings.default_due_date(meeting),
            format_offset=webcast.format_offset,
            posted=request.form if request.method == "POST" else None,
            failed_id=failed.id if failed is not None else None,
            question_errors=errors,
            times_errors=times_errors or {},
            form=error_report,
            csrf_form=ConsoleForm(),
            arrival_choices=_arrival_choices,
            prints_arrival=effective(meeting).prints_arrival,
        ),
        status,
    )


@bp.route("/meetings/<int:meeting_id>")
@requires_role(Role.CLERK)
def meeting(meeting_id: int) -> tuple[str, int]:
    return _render_console(_meeting_or_404(meeting_id))


@bp.route("/questions/<int:question_id>", methods=["POST"])
@requires_role(Role.CLERK)
def save_question(question_id: int) -> Response | tuple:
    question = load_for(can_record_outcome, Question, question_id)
    parsed = parse_outcome(request.form)
    mark = request.form.get("mark")
    if mark in proceedings.WEBCAST_WORDS:
        parsed.errors.pop(mark, None)
        try:
            parsed.changes[mark] = webcast.offset_now(question.meeting)
        except Invalid as error:
            parsed.errors[mark] = error.message
    if not parsed.errors:
        try:
            saved = proceedings.save_outcome(
                question, by=current_user, changes=parsed.changes, draft=parsed.partial
            )
        except MeetingRecordError as error:
            parsed.errors.update(error.errors)
    if parsed.errors:
        if _wants_json():
            return jsonify(
                saved=False, errors={f"q{question.id}-{k}": v for k, v in parsed.errors.items()}
            ), 422
        return _render_console(question.meeting, failed=question, errors=parsed.errors, status=422)
    saved_at = format_time(saved.saved_at)
    if _wants_json():
        moments = {
            name: webcast.format_offset(getattr(saved.outcome, name)) for name in proceedings.WEBCAST_WORDS
        }
        return jsonify(
            saved=True,
            saved_at=saved_at,
            changed=saved.changed,
            label=question_label(question),
            moments=moments,
            reminders={f"q{question.id}-{k}": v for k, v in saved.reminders.items()},
        )
    flash(f"{question_label(question)} saved at {saved_at}", "success")
    return redirect(url_for("console.meeting", meeting_id=question.meeting_id, _anchor=_anchor(question)))


@bp.route("/meetings/<int:meeting_id>/times", methods=["POST"])
@requires_role(Role.CLERK)
def save_times(meeting_id: int) -> Response | tuple:
    meeting = _meeting_or_404(meeting_id)
    errors: dict[str, str] = {}
    values: dict[str, dt.datetime | None] = {
        "started_at": meeting.actual_started_at,
        "ended_at": meeting.actual_ended_at,
    }
    day = to_london(meeting.starts_at).date()
    for name, words in (("started_at", "the meeting started"), ("ended_at", "the meeting ended")):
        if name not in request.form:
            continue
        text = request.form.get(name, "").strip()
        if not text:
            values[name] = None
            continue
        parsed = parse_time(text)
        if parsed is None:
            errors[name] = f"Enter the time {words} as, for example, 2:30pm"
        else:
            values[name] = london_to_utc(day, parsed)
    webcast_values: dict[str, object] = {
        "started_at": meeting.webcast_started_at,
        "length": meeting.webcast_length_seconds,
    }
    if "webcast_started_at" in request.form:
        text = request.form.get("webcast_started_at", "").strip()
        parsed_time = parse_time(text) if text else None
        if text and parsed_time is None:
            errors["webcast_started_at"] = "Enter the time the webcast started as, for example, 2:25pm"
        else:
            webcast_values["started_at"] = london_to_utc(day, parsed_time) if parsed_time else None
    if "webcast_length" in request.form:
        try:
            webcast_values["length"] = webcast.parse_offset(
                request.form.get("webcast_length", ""), "The length of the webcast"
            )
        except Invalid as error:
            errors["webcast_length"] = error.message
    if not errors:
        try:
            proceedings.record_meeting_times(
                meeting, by=current_user, started_at=values["started_at"], ended_at=values["ended_at"]
            )
            webcast.record_webcast(
                meeting,
                by=current_user,
                started_at=webcast_values["started_at"],
                length_seconds=webcast_values["length"],
            )
        except MeetingRecordError as error:
            errors.update(error.errors)
        except Invalid as error:
            errors.update(error.errors)
    if errors:
        if _wants_json():
            return jsonify(saved=False, errors=errors), 422
        return _render_console(meeting, times_errors=errors, status=422)
    if _wants_json():
        return jsonify(saved=True, saved_at=format_time(dt.datetime.now(dt.UTC)))
    flash("Meeting times saved", "success")
    return redirect(url_for("console.meeting", meeting_id=meeting.id, _anchor="meeting-times"))


def _arrival_choices(prefix: str, chosen: str) -> list[tuple[str, str, bool, str]]:
    """The console's radios for how a supplementary arrived: "Not recorded", then each way."""
    name = f"{prefix}supplementary_arrival"
    first = ("", "Not recorded", chosen == "", name)
    rest = [(way.value, way.label, chosen == way.value, f"{name}-{way.value}") for way in Arrival]
    return [first, *rest]


def _anchor(question: Question) -> str:
    return question_anchor(question)
