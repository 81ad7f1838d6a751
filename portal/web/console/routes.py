"""The meeting console: clerks record what happened to each question, during and after
the meeting. Each question's form posts on its own and saves as it goes."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from portal.domain.entities import Arrival, Meeting, Question, Role
from portal.domain.errors import Invalid
from portal.domain.meetings import console_pages, proceedings, webcast
from portal.domain.meetings.proceedings import MeetingRecordError
from portal.domain.numbers import effective, question_anchor, question_label
from portal.domain.permissions import can_record_outcome, can_run_console
from portal.formatting import format_time, london_to_utc, to_london
from portal.web.access import load_for, meeting_or_404, requires_role
from portal.web.console.forms import ConsoleForm, FieldErrors, TimesForm, parse_outcome

bp = Blueprint("console", __name__, url_prefix="/staff/console")


def _meeting_or_404(meeting_id: int) -> Meeting:
    return meeting_or_404(meeting_id, can_run_console)


def _wants_json() -> bool:
    return (
        request.headers.get("X-Requested-With") == "fetch"
        or request.accept_mimetypes.best == "application/json"
    )


def _field_value(posted: object, name: str, saved: object) -> object:
    """What a field shows: what was just posted for it, if its question's save failed
    (`posted` is then that form), otherwise what is saved."""
    if posted is not None and name in posted:  # type: ignore[operator]
        return posted.get(name)  # type: ignore[attr-defined]
    return "" if saved is None else saved


def _number_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


def _render_console(
    meeting: Meeting,
    *,
    failed: Question | None = None,
    errors: dict[str, str] | None = None,
    times_errors: dict[str, str] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    shown = console_pages.console_page(
        meeting,
        page=_number_arg("page"),
        question_id=failed.id if failed is not None else _number_arg("question"),
    )
    procedure = effective(meeting)
    errors = errors or {}
    error_report = (
        FieldErrors(errors, f"q{failed.id}-") if failed is not None else FieldErrors(times_errors or {})
    )
    return (
        render_template(
            "console/meeting.html",
            meeting=meeting,
            committee=meeting.committee,
            questions=shown.questions,
            shown=shown,
            outcome_of=proceedings.outcome_of,
            default_due=proceedings.default_due_date(meeting),
            format_offset=webcast.format_offset,
            field_value=_field_value,
            posted=request.form if request.method == "POST" else None,
            failed_id=failed.id if failed is not None else None,
            question_errors=errors,
            times_errors=times_errors or {},
            form=error_report,
            csrf_form=ConsoleForm(),
            arrival_choices=_arrival_choices,
            procedure=procedure,
            prints_arrival=procedure.prints_arrival,
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
    return redirect(
        url_for(
            "console.meeting", meeting_id=question.meeting_id, question=question.id, _anchor=_anchor(question)
        )
    )


@bp.route("/meetings/<int:meeting_id>/times", methods=["POST"])
@requires_role(Role.CLERK)
def save_times(meeting_id: int) -> Response | tuple:
    meeting = _meeting_or_404(meeting_id)
    form = TimesForm(formdata=request.form)
    errors = form.errors_for(request.form)
    day = to_london(meeting.starts_at).date()

    def moment(name: str, now: dt.datetime | None) -> dt.datetime | None:
        """What was sent for `name` (empty: none), or what is recorded if it was not sent."""
        if name not in request.form:
            return now
        typed = form[name].data
        return london_to_utc(day, typed) if typed is not None else None

    values = {"started_at": moment("started_at", meeting.actual_started_at)}
    values["ended_at"] = moment("ended_at", meeting.actual_ended_at)
    webcast_values: dict[str, object] = {
        "started_at": moment("webcast_started_at", meeting.webcast_started_at),
        "length": form.webcast_length.data
        if "webcast_length" in request.form
        else meeting.webcast_length_seconds,
    }
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
