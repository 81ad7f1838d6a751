"""Actions arising at meetings, after the meeting: each owner's list and each action's page
for staff; each committee's public action tracker, with CSV, JSON and Atom beside it."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Blueprint, Response, current_app, flash, jsonify, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import escape

from portal.domain import entities, permissions
from portal.domain.entities import Meeting, MeetingAction, Post, Role, utcnow
from portal.domain.errors import Refused
from portal.domain.meetings import actions
from portal.domain.meetings.actions import ActionError
from portal.domain.numbers import question_label
from portal.domain.people.posts import all_posts
from portal.domain.sanitise import plain_text
from portal.formatting import current_language, format_date, to_london
from portal.web.access import load_for, public, requires_role, signed_in, undo_for
from portal.web.actions.forms import AssignForm, DoneForm, DropForm, UpdateForm
from portal.web.archive.feeds import EPOCH, absolute, conditional
from portal.web.archive.routes import committee_or_404

bp = Blueprint("actions", __name__)


def csv_columns() -> list[str]:
    """The CSV's headings in the reader's language (decision 0300): people read them in a
    spreadsheet. The JSON's field names stay English for every reader."""
    return [
        _("Meeting"),
        _("Meeting date"),
        _("Question"),
        _("Action"),
        _("Information request"),
        _("Department responsible"),
        _("Due by"),
        _("Response"),
        _("Status"),
        _("Date updated"),
    ]


def _status_words(row: actions.TrackerRow) -> str:
    if row.overdue:
        return _("Overdue")
    return {"open": _("Open"), "done": _("Done")}.get(row.action.status.value, _("Dropped"))


def _response_words(row: actions.TrackerRow) -> str:
    """The latest response as the public page words it; staff-typed text stays as typed."""
    if row.action.status.value == "dropped":
        return _("Dropped: %(reason)s", reason=row.action.dropped_reason or "")
    if row.response == "Response pending.":
        return _("Response pending.")
    return row.response


# Staff ------------------------------------------------------------------------------------


@bp.route("/staff/actions")
@signed_in
def staff_list() -> str:
    today = to_london(utcnow()).date()
    posts = actions.posts_answerable_by(current_user)
    return render_template(
        "actions/list.html",
        mine=actions.open_actions(posts=posts),
        posts=posts,
        everyone=actions.open_actions() if permissions.is_clerk(current_user) else None,
        today=today,
        owner_name=actions.owner_name,
    )


def _action_or_404(action_id: int) -> MeetingAction:
    action = load_for(permissions.can_view_action, MeetingAction, action_id)
    return action


def _forms(action: MeetingAction) -> dict[str, Any]:
    assign = AssignForm(
        prefix="assign",
        data={"owner_post": action.owner_post_id, "due_on": action.due_on},
    ).offer([p for p in all_posts() if p.is_active or p.id == action.owner_post_id])
    return {
        "assign": assign,
        "update": UpdateForm(prefix="update"),
        "done": DoneForm(prefix="done"),
        "drop": DropForm(prefix="drop"),
    }


def _render_action(
    action: MeetingAction,
    forms: dict[str, Any] | None = None,
    failed: Any = None,
    refused: str | None = None,
    status: int = 200,
) -> tuple[str, int]:
    forms = forms or _forms(action)
    today = to_london(utcnow()).date()
    return (
        render_template(
            "actions/action.html",
            action=action,
            question=action.question,
            meeting=action.question.meeting,
            owner=actions.owner_name(action),
            today=today,
            forms=forms,
            form=failed,
            refused=refused,
            can_assign=permissions.can_assign_action(current_user, action),
            can_update=permissions.can_update_action(current_user, action),
            public_path=actions.public_question_path(action.question),
        ),
        status,
    )


@bp.route("/staff/actions/<int:action_id>")
@signed_in
def action_page(action_id: int) -> tuple[str, int]:
    return _render_action(_action_or_404(action_id))


def _save(action: MeetingAction, name: str, form: Any, step: Any, done: str) -> Response | tuple[str, int]:
    """Run one step from the page's `name` form; show the page again with its errors if it fails."""
    forms = _forms(action)
    forms[name] = form
    if form.validate_on_submit():
        try:
            step()
        except ActionError as error:
            for field, message in error.errors.items():
                form.add_error(field, message)
        except Refused as refusal:
            # The action as it now is, with what was typed still in the form that was sent.
            refused = undo_for(refusal)
            action = entities.find(MeetingAction, action.id)
            return _render_action(action, {**_forms(action), name: form}, refused=refused, status=409)
        else:
            flash(done, "success")
            return redirect(url_for("actions.action_page", action_id=action.id))
    return _render_action(action, forms, failed=form, status=422)


@bp.route("/staff/actions/<int:action_id>/assign", methods=["POST"])
@requires_role(Role.CLERK)
def assign(action_id: int) -> Response | tuple[str, int]:
    action = _action_or_404(action_id)
    form = AssignForm(prefix="assign").offer(all_posts())

    def step() -> None:
        post = entities.find(Post, form.owner_post.data) if form.owner_post.data else None
        actions.assign_action(action, by=current_user, owner_post=post, due_on=form.due_on.data)

    return _save(action, "assign", form, step, f"{actions.action_label(action)} saved")


@bp.route("/staff/actions/<int:action_id>/update", methods=["POST"])
@signed_in
def update(action_id: int) -> Response | tuple[str, int]:
    action = _action_or_404(action_id)
    form = UpdateForm(prefix="update")

    def step() -> None:
        actions.add_update(action, by=current_user, updated_on=form.updated_on.data, body=form.body.data)

    return _save(action, "update", form, step, f"Progress on {actions.action_label(action)} recorded")


@bp.route("/staff/actions/<int:action_id>/done", methods=["POST"])
@signed_in
def done(action_id: int) -> Response | tuple[str, int]:
    action = _action_or_404(action_id)
    form = DoneForm(prefix="done")

    def step() -> None:
        actions.complete_action(action, by=current_user, done_on=form.done_on.data, note=form.note.data or "")

    return _save(action, "done", form, step, f"{actions.action_label(action)} marked as done")


@bp.route("/staff/actions/<int:action_id>/drop", methods=["POST"])
@signed_in
def drop(action_id: int) -> Response | tuple[str, int]:
    action = _action_or_404(action_id)
    form = DropForm(prefix="drop")

    def step() -> None:
        actions.drop_action(action, by=current_user, reason=form.reason.data)

    return _save(action, "drop", form, step, f"{actions.action_label(action)} dropped")


# Public -----------------------------------------------------------------------------------


@bp.app_template_global()
def previous_actions(meeting: Meeting) -> list[actions.TrackerRow]:
    """For a meeting's public page: actions from the committee's earlier meetings, with their status."""
    today = to_london(utcnow()).date()
    return [actions.tracker_row(a, today) for a in actions.actions_from_previous_meetings(meeting)]


@bp.route("/committees/<slug>/actions")
@public
def tracker(slug: str) -> str:
    committee = committee_or_404(slug)
    return render_template(
        "actions/tracker.html", committee=committee, tracker=actions.committee_tracker(committee)
    )


@bp.route("/committees/<slug>/actions.csv")
@public
def tracker_csv(slug: str) -> Response:
    committee = committee_or_404(slug)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_columns())
    welsh_name = committee.name_cy if current_language() == "cy" else None
    for row in actions.committee_tracker(committee).rows:
        writer.writerow(
            [
                welsh_name or committee.name,
                to_london(row.meeting.starts_at).date().isoformat(),
                question_label(row.question),
                row.action.letter,
                _safe_cell(plain_text(row.action.text_html)),
                _safe_cell(row.responsible),
                row.due_on.isoformat() if row.due_on else "",
                _safe_cell(_response_words(row)),
                _status_words(row),
                row.updated_on.isoformat() if row.updated_on else "",
            ]
        )
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f"attachment; filename={committee.slug}-actions.csv"
    return conditional(response)


def _safe_cell(value: str) -> str:
    """Text that a spreadsheet would take for a formula is shown as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@bp.route("/committees/<slug>/actions.json")
@public
def tracker_json(slug: str) -> Response:
    committee = committee_or_404(slug)
    # One file for every reader, in English (decision 0300): programs read it.
    with force_locale("en"):
        tracker = actions.committee_tracker(committee)
        rows = [row.as_dict() for row in tracker.rows]
    return conditional(
        jsonify(
            committee={"name": committee.name, "slug": committee.slug},
            open=len(tracker.open),
            overdue=tracker.overdue_count,
            actions=rows,
        )
    )


@bp.route("/committees/<slug>/actions.atom")
@public
def tracker_atom(slug: str) -> Response:
    committee = committee_or_404(slug)
    tracker = actions.committee_tracker(committee)
    council = current_app.config["COUNCIL_NAME"]
    host = absolute("/").split("//", 1)[-1].split("/")[0].split(":")[0]
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.id(f"tag:{host},2020:actions/{committee.slug}")
    fg.title(f"Actions arising: {committee.name}")
    fg.subtitle(f"Actions from {committee.name} meetings, tracked to done by {council}.")
    fg.author({"name": council})
    fg.link(
        href=absolute(url_for("actions.tracker_atom", slug=slug)), rel="self", type="application/atom+xml"
    )
    fg.link(href=absolute(url_for("actions.tracker", slug=slug)), rel="alternate", type="text/html")
    fg.language("en-GB")
    stamps = [_changed_at(row) for row in tracker.rows]
    fg.updated(max(stamps, default=EPOCH))
    for row, changed_at in sorted(zip(tracker.rows, stamps, strict=True), key=lambda p: p[1], reverse=True):
        fe = fg.add_entry(order="append")
        fe.id(f"tag:{host},2020:action/{row.action.id}")
        fe.title(f"{question_label(row.question)} action {row.action.letter}): {row.status}")
        fe.link(
            href=absolute(url_for("actions.tracker", slug=slug) + f"#action-{row.action.id}"), rel="alternate"
        )
        fe.updated(changed_at)
        fe.published(row.action.created_at)
        fe.content(
            f"<p>{escape(plain_text(row.action.text_html))}</p>"
            f"<p><strong>Responsible:</strong> {escape(row.responsible)}</p>"
            f"<p><strong>Response:</strong> {escape(row.response)}</p>"
            + (
                f"<p><strong>Due by:</strong> {escape(format_date(row.due_on, weekday=False))}</p>"
                if row.due_on
                else ""
            ),
            type="html",
        )
    return conditional(Response(fg.atom_str(pretty=True), content_type="application/atom+xml; charset=utf-8"))


def _changed_at(row: actions.TrackerRow) -> Any:
    """When the action last changed: its latest update or closing, else when it was recorded."""
    stamps = [row.action.created_at, row.action.updated_at]
    stamps += [u.recorded_at for u in row.action.updates]
    return max(s for s in stamps if s is not None)
