"""Admin: scheduling meetings, moving and cancelling them, and their question deadlines.

Democratic services (clerks) and administrators. Every change is recorded on the
meeting as a MeetingChange, which the meeting's page shows in words.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from portal.domain import entities, permissions
from portal.domain.entities import Committee, Meeting, Role, utcnow
from portal.domain.meetings import scheduling
from portal.domain.meetings.committees import active_committees, latest_meeting
from portal.domain.meetings.history import history
from portal.domain.meetings.scheduling import SchedulingError
from portal.domain.permissions import NotPermitted
from portal.domain.record.build import minutes_published
from portal.formatting import format_datetime, to_london
from portal.web.access import get_or_404, requires_role
from portal.web.admin.forms_common import choices, placeholder
from portal.web.admin.forms_meetings import (
    CancelMeetingForm,
    DeadlineForm,
    MeetingDetailsForm,
    MeetingEditForm,
    MoveMeetingForm,
    ReinstateMeetingForm,
    ScheduleMeetingForm,
)
from portal.web.admin.routes import actor, bp, show_problem

MEETING_MANAGERS = (Role.ADMIN, Role.CLERK)
DETAIL_FIELDS = (
    "title",
    "venue",
    "venue_cy",
    "contact_name",
    "contact_email",
    "contact_phone",
    "public_questions_item",
    "member_questions_item",
    "webcast_url",
    "takes_public_questions",
)


def _meeting_or_404(meeting_id: int) -> Meeting:
    return get_or_404(Meeting, meeting_id)


def _active_committees() -> list[Committee]:
    return active_committees()


def _details(form: MeetingDetailsForm) -> dict:
    values = {name: getattr(form, name).data for name in DETAIL_FIELDS}
    for name in DETAIL_FIELDS:
        if isinstance(values[name], str):
            values[name] = values[name] or ""
    return values


@bp.route("/meetings")
@requires_role(*MEETING_MANAGERS)
def meetings() -> str:
    now = utcnow()
    committees = _active_committees()
    chosen = request.args.get("committee", type=int)
    committee = next((c for c in committees if c.id == chosen), None)
    showing = "past" if request.args.get("show") == "past" else "upcoming"
    if showing == "past":
        rows = scheduling.past_meetings(now, committee, limit=50)
    else:
        rows = scheduling.upcoming_meetings(now, committee)
    return render_template(
        "admin/meetings/list.html",
        rows=rows,
        committees=committees,
        committee=committee,
        showing=showing,
        now=now,
    )


def _previous_contact(committee_id: int | None) -> dict:
    """The contact details of the committee's latest meeting, to save typing them again."""
    if committee_id is None:
        return {}
    latest = latest_meeting(committee_id)
    if latest is None:
        return {}
    return {
        "venue": latest.venue,
        "venue_cy": latest.venue_cy,
        "contact_name": latest.contact_name,
        "contact_email": latest.contact_email,
        "contact_phone": latest.contact_phone,
        "public_questions_item": latest.public_questions_item,
        "member_questions_item": latest.member_questions_item,
        "webcast_url": latest.webcast_url,
    }


@bp.route("/meetings/new", methods=["GET", "POST"])
@requires_role(*MEETING_MANAGERS)
def schedule_meeting() -> str | Response:
    chosen = request.args.get("committee", type=int)
    form = ScheduleMeetingForm(data={"committee": chosen, **_previous_contact(chosen)})
    committees = _active_committees()
    form.committee.choices = placeholder("Choose a committee") + choices(
        (str(c.id), c.name) for c in committees
    )
    if form.validate_on_submit():
        committee = entities.find(Committee, form.committee.data)
        try:
            if committee is None:
                raise SchedulingError("Select a committee", field="committee")
            starts_at = form.moment()
            if starts_at <= utcnow():
                raise SchedulingError("The date and time of the meeting must be in the future", field="day")
            meeting = scheduling.schedule_meeting(
                committee, starts_at=starts_at, by=actor(), **_details(form)
            )
        except SchedulingError as error:
            show_problem(form, error)
        else:
            closes = format_datetime(meeting.question_deadline_at)
            flash(f"The meeting has been scheduled. Questions close at {closes}.", "success")
            return redirect(url_for("admin.meeting", meeting_id=meeting.id))
    return render_template("admin/meetings/schedule.html", form=form)


@bp.route("/meetings/<int:meeting_id>")
@requires_role(*MEETING_MANAGERS)
def meeting(meeting_id: int) -> str:
    found = _meeting_or_404(meeting_id)
    user = actor()
    computed = (
        scheduling.preview_deadline(found.committee, found.starts_at) if found.deadline_overridden else None
    )
    return render_template(
        "admin/meetings/show.html",
        meeting=found,
        committee=found.committee,
        computed=computed,
        history=history(found.changes),
        now=utcnow(),
        can={
            "move": permissions.can_move_meeting(user, found),
            "cancel": permissions.can_cancel_meeting(user, found),
            "reinstate": permissions.can_reinstate_meeting(user, found),
            "held": permissions.can_mark_meeting_held(user, found),
            "deadline": permissions.can_set_deadline(user, found),
            "procedure": permissions.can_manage_committees(user),
        },
    )


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@requires_role(*MEETING_MANAGERS)
def edit_meeting(meeting_id: int) -> str | Response:
    found = _meeting_or_404(meeting_id)
    form = MeetingEditForm(obj=found)
    if form.validate_on_submit():
        minutes = (found.public_questions_minute, found.member_questions_minute)
        try:
            scheduling.update_details(
                found,
                by=actor(),
                public_questions_minute=form.public_questions_minute.data or "",
                member_questions_minute=form.member_questions_minute.data or "",
                **_details(form),
            )
        except (SchedulingError, NotPermitted) as error:
            show_problem(form, error)
        else:
            message = "The meeting's details have been saved"
            if minutes != (found.public_questions_minute, found.member_questions_minute) and (
                minutes_published(found)
            ):
                message += (
                    ". The minutes appendix already published stays as it is: the minute numbers "
                    "print from the next version you publish"
                )
            flash(message, "success")
            return redirect(url_for("admin.meeting", meeting_id=found.id))
    return render_template("admin/meetings/edit.html", form=form, meeting=found)


@bp.route("/meetings/<int:meeting_id>/move", methods=["GET", "POST"])
@requires_role(*MEETING_MANAGERS)
def move_meeting(meeting_id: int) -> str | Response:
    found = _meeting_or_404(meeting_id)
    local = to_london(found.starts_at)
    form = MoveMeetingForm(data={"day": local.date(), "time": local.time(), "venue": found.venue})
    if form.validate_on_submit():
        before = found.question_deadline_at
        try:
            scheduling.move_meeting(
                found,
                to_starts_at=form.moment(),
                venue=form.venue.data or "",
                by=actor(),
                reason=form.reason.data,
            )
        except SchedulingError as error:
            show_problem(form, error)
        else:
            after = found.question_deadline_at
            if after != before:
                deadline = (
                    f"The question deadline moved from {format_datetime(before)} to {format_datetime(after)}."
                )
            else:
                deadline = f"The question deadline stays at {format_datetime(after)}."
            flash(f"The meeting has moved to {format_datetime(found.starts_at)}. {deadline}", "success")
            return redirect(url_for("admin.meeting", meeting_id=found.id))
    return render_template("admin/meetings/move.html", form=form, meeting=found)


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
@requires_role(*MEETING_MANAGERS)
def cancel_meeting(meeting_id: int) -> str | Response:
    found = _meeting_or_404(meeting_id)
    form = CancelMeetingForm()
    if form.validate_on_submit():
        try:
            scheduling.cancel_meeting(found, by=actor(), reason=form.reason.data)
        except SchedulingError as error:
            show_problem(form, error)
        else:
            flash("The meeting has been cancelled. Its page now says so.", "success")
            return redirect(url_for("admin.meeting", meeting_id=found.id))
    return render_template("admin/meetings/cancel.html", form=form, meeting=found)


@bp.route("/meetings/<int:meeting_id>/reinstate", methods=["GET", "POST"])
@requires_role(*MEETING_MANAGERS)
def reinstate_meeting(meeting_id: int) -> str | Response:
    found = _meeting_or_404(meeting_id)
    form = ReinstateMeetingForm()
    if form.validate_on_submit():
        try:
            scheduling.reinstate_meeting(found, by=actor(), reason=form.reason.data or "")
        except SchedulingError as error:
            show_problem(form, error)
        else:
            flash("The meeting has been reinstated", "success")
            return redirect(url_for("admin.meeting", meeting_id=found.id))
    return render_template("admin/meetings/reinstate.html", form=form, meeting=found)


@bp.route("/meetings/<int:meeting_id>/held", methods=["POST"])
@requires_role(*MEETING_MANAGERS)
def mark_held(meeting_id: int) -> Response:
    found = _meeting_or_404(meeting_id)
    try:
        scheduling.mark_held(found, by=actor())
    except SchedulingError as error:
        flash(str(error), "error")
    else:
        flash("The meeting has been marked as held", "success")
    return redirect(url_for("admin.meeting", meeting_id=found.id))


@bp.route("/meetings/<int:meeting_id>/deadline", methods=["GET", "POST"])
@requires_role(*MEETING_MANAGERS)
def set_deadline(meeting_id: int) -> str | Response:
    found = _meeting_or_404(meeting_id)
    local = to_london(found.question_deadline_at)
    form = DeadlineForm(data={"day": local.date(), "time": local.time()})
    if form.validate_on_submit():
        try:
            scheduling.override_deadline(
                found, deadline_at=form.moment(), by=actor(), reason=form.reason.data
            )
        except SchedulingError as error:
            show_problem(form, error)
        else:
            flash(f"Questions now close at {format_datetime(found.question_deadline_at)}", "success")
            return redirect(url_for("admin.meeting", meeting_id=found.id))
    return render_template("admin/meetings/deadline.html", form=form, meeting=found)


@bp.route("/meetings/<int:meeting_id>/deadline/computed", methods=["POST"])
@requires_role(*MEETING_MANAGERS)
def restore_deadline(meeting_id: int) -> Response:
    found = _meeting_or_404(meeting_id)
    try:
        scheduling.restore_computed_deadline(found, by=actor())
    except SchedulingError as error:
        flash(str(error), "error")
    else:
        flash(
            f"The deadline is worked out from the rules again: {format_datetime(found.question_deadline_at)}",
            "success",
        )
    return redirect(url_for("admin.meeting", meeting_id=found.id))
