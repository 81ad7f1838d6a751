"""Entering the record of a meeting that has already happened, as the council published it.

The pages read the forms and call `portal.domain.meetings.past_records`; nothing here
decides what may be entered.
"""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.domain import entities, permissions
from portal.domain.entities import Arrival, Committee, PutOutcome, QuestionKind, Role, User, utcnow
from portal.domain.meetings import past_records
from portal.domain.meetings.committees import active_committees
from portal.domain.meetings.past_records import PastExchange, PastMeeting, PastRecordError
from portal.domain.numbers import question_label
from portal.web.access import meeting_or_404, requires_role
from portal.web.admin.forms_common import choices, placeholder
from portal.web.past_records.forms import PastExchangeForm, PastMeetingForm

bp = Blueprint("past_records", __name__, url_prefix="/staff/past-meetings")

# Domain field names that the form shows under another name.
_FIELD_FOR = {"starts_at": "day", "started_at": "started", "ended_at": "ended", "meeting": "submit"}


def _clerk() -> User:
    return current_user._get_current_object()


def _show_errors(form: PastMeetingForm | PastExchangeForm, errors: dict[str, str]) -> None:
    for name, message in errors.items():
        field = _FIELD_FOR.get(name, name)
        if field.startswith("actions-"):
            field = "actions"
        elif field.startswith("noted_comments-"):
            field = "comment_heading"
        elif field.startswith("follow_ups-"):
            field = {"question": "follow_up", "asked_by": "follow_up_asked_by"}.get(
                field.rsplit("-", 1)[-1], "follow_up_answered_by"
            )
        form.add_error(field if field in form._fields else "submit", message)


@bp.route("/")
@requires_role(Role.CLERK)
def index() -> str:
    return render_template("past_records/index.html", meetings=past_records.past_meetings())


@bp.route("/new", methods=["GET", "POST"])
@requires_role(Role.CLERK)
def new_meeting() -> str | Response:
    form = PastMeetingForm()
    committees = active_committees()
    form.committee.choices = placeholder("Choose a committee") + choices((c.id, c.name) for c in committees)
    if form.validate_on_submit():
        committee = entities.find(Committee, form.committee.data)
        if committee is None:
            form.add_error("committee", "Select a committee")
        else:
            details = PastMeeting(
                committee=committee,
                starts_at=form.starts_at(),
                venue=form.venue.data or "",
                title=form.title.data or "",
                public_questions_item=form.public_questions_item.data or "",
                member_questions_item=form.member_questions_item.data or "",
                public_questions_heading=form.public_questions_heading.data or "",
                member_questions_heading=form.member_questions_heading.data or "",
                public_questions_minute=form.public_questions_minute.data or "",
                member_questions_minute=form.member_questions_minute.data or "",
                started_at=form.actual(form.started),
                ended_at=form.actual(form.ended),
            )
            try:
                meeting = past_records.enter_past_meeting(details, by=_clerk())
            except PastRecordError as error:
                _show_errors(form, error.errors)
            else:
                flash("Meeting entered. Now add its questions as the record gives them.", "success")
                return redirect(url_for("past_records.meeting", meeting_id=meeting.id))
    return render_template("past_records/new_meeting.html", form=form)


@bp.route("/<int:meeting_id>")
@requires_role(Role.CLERK)
def meeting(meeting_id: int) -> str:
    found = meeting_or_404(meeting_id, permissions.can_enter_past_record)
    return render_template(
        "past_records/meeting.html",
        meeting=found,
        questions=past_records.entered_questions(found),
        is_past=found.starts_at < utcnow(),
    )


@bp.route("/<int:meeting_id>/questions/new", methods=["GET", "POST"])
@requires_role(Role.CLERK)
def new_question(meeting_id: int) -> str | Response:
    found = meeting_or_404(meeting_id, permissions.can_enter_past_record)
    form = PastExchangeForm()
    if form.validate_on_submit():
        exchange = _exchange(form)
        try:
            question = past_records.enter_past_exchange(found, exchange, by=_clerk())
        except PastRecordError as error:
            _show_errors(form, error.errors)
        else:
            flash(f"{question_label(question)} has been added to the record.", "success")
            return redirect(url_for("past_records.meeting", meeting_id=found.id))
    return render_template("past_records/new_question.html", form=form, meeting=found)


def _exchange(form: PastExchangeForm) -> PastExchange:
    def text(name: str) -> str:
        return (getattr(form, name).data or "").strip()

    def arrival(name: str) -> Arrival | None:
        value = text(name)
        return Arrival(value) if value else None

    unnamed = bool(form.unnamed.data)
    return PastExchange(
        kind=QuestionKind(form.kind.data),
        number=int(text("number")) if text("number") else None,
        title="" if unnamed else text("title"),
        first_name="" if unnamed else text("first_name"),
        last_name="" if unnamed else text("last_name"),
        town="" if unnamed else text("town"),
        ward=text("ward"),
        publish_name=not unnamed,
        on_behalf_of="" if unnamed else text("on_behalf_of"),
        arrival=arrival("arrival"),
        question=text("question"),
        question_to=text("question_to"),
        response=text("response"),
        answered_by=text("answered_by"),
        put=PutOutcome(text("put")) if text("put") else None,
        read_by=text("read_by"),
        supplementary=text("supplementary"),
        supplementary_arrival=arrival("supplementary_arrival"),
        supplementary_answered_by=text("supplementary_answered_by"),
        supplementary_answer=text("supplementary_answer"),
        written_answer_to_follow=bool(form.written_answer_to_follow.data),
        written_answer_sent_on=form.written_answer_sent_on.data,
        written_answer=text("written_answer"),
        actions=form.action_entries(),
        noted_comments=form.comment_entries(),
        follow_ups=form.follow_up_entries(),
    )
