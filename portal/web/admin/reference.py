"""Admin: rejection grounds and council closure days (administrators)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from portal.domain.entities import ClosureDay, RejectionGround, Role
from portal.domain.meetings import closures
from portal.domain.meetings.closures import ClosureError
from portal.domain.questions import grounds
from portal.domain.questions.grounds import GroundError
from portal.formatting import format_date, plural
from portal.web.access import get_or_404, requires_role
from portal.web.admin.forms_committees import ClosureDayForm, GroundForm
from portal.web.admin.routes import ConfirmForm, actor, bp, show_problem

LISTED, HIDDEN = "listed", "hidden"


def _ground_or_404(ground_id: int) -> RejectionGround:
    return get_or_404(RejectionGround, ground_id)


def _deadlines_changed(changed: int) -> str:
    if not changed:
        return "No upcoming question deadline changed."
    return f"The question deadlines of {plural(changed, 'upcoming meeting')} changed."


# Rejection grounds ----------------------------------------------------------------------


@bp.route("/rejection-grounds", endpoint="grounds")
@requires_role(Role.ADMIN)
def grounds_list() -> str:
    rows = [(g, grounds.questions_using(g), grounds.can_be_deleted(g)) for g in grounds.all_grounds()]
    return render_template("admin/grounds/list.html", rows=rows)


@bp.route("/rejection-grounds/new", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def add_ground() -> str | Response:
    form = GroundForm()
    del form.is_active
    if not form.is_submitted():
        form.listed_by_default.data = LISTED
        form.position.data = max((g.position for g in grounds.all_grounds()), default=0) + 1
    if form.validate_on_submit():
        try:
            ground = grounds.add_ground(
                by=actor(),
                code=form.code.data,
                title=form.title.data,
                public_wording=form.public_wording.data,
                listed_by_default=form.listed_by_default.data == LISTED,
                position=form.position.data,
            )
        except GroundError as error:
            show_problem(form, error)
        else:
            flash(f"The ground ‘{ground.title}’ has been added", "success")
            return redirect(url_for("admin.grounds"))
    return render_template("admin/grounds/form.html", form=form, ground=None)


@bp.route("/rejection-grounds/<int:ground_id>/edit", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def edit_ground(ground_id: int) -> str | Response:
    ground = _ground_or_404(ground_id)
    form = GroundForm(obj=ground)
    del form.code  # a ground's code never changes
    if not form.is_submitted():
        form.listed_by_default.data = LISTED if ground.listed_by_default else HIDDEN
    if form.validate_on_submit():
        try:
            grounds.update_ground(
                ground,
                by=actor(),
                title=form.title.data,
                public_wording=form.public_wording.data,
                listed_by_default=form.listed_by_default.data == LISTED,
                is_active=form.is_active.data,
                position=form.position.data,
            )
        except GroundError as error:
            show_problem(form, error)
        else:
            flash(f"The ground ‘{ground.title}’ has been saved", "success")
            return redirect(url_for("admin.grounds"))
    return render_template(
        "admin/grounds/form.html", form=form, ground=ground, used=grounds.questions_using(ground)
    )


@bp.route("/rejection-grounds/<int:ground_id>/delete", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def delete_ground(ground_id: int) -> str | Response:
    ground = _ground_or_404(ground_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        title = ground.title
        try:
            grounds.delete_ground(ground, by=actor())
        except GroundError as error:
            show_problem(form, error)
        else:
            flash(f"The ground ‘{title}’ has been deleted", "success")
            return redirect(url_for("admin.grounds"))
    return render_template(
        "admin/grounds/delete.html", form=form, ground=ground, deletable=grounds.can_be_deleted(ground)
    )


# Closure days -----------------------------------------------------------------------------


@bp.route("/closure-days", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def closure_days() -> str | Response:
    form = ClosureDayForm()
    if form.validate_on_submit():
        try:
            closure, changed = closures.add_closure_day(
                by=actor(), day=form.day.data, description=form.description.data
            )
        except ClosureError as error:
            show_problem(form, error)
        else:
            flash(
                f"{format_date(closure.day)} is now a closure day. {_deadlines_changed(changed)}", "success"
            )
            return redirect(url_for("admin.closure_days"))
    return render_template(
        "admin/closure-days.html",
        form=form,
        upcoming=closures.upcoming_closure_days(),
        past=closures.past_closure_days(),
    )


@bp.route("/closure-days/<int:closure_id>/remove", methods=["POST"])
@requires_role(Role.ADMIN)
def remove_closure_day(closure_id: int) -> Response:
    closure = get_or_404(ClosureDay, closure_id)
    day = closure.day
    changed = closures.remove_closure_day(closure, by=actor())
    flash(f"{format_date(day)} is no longer a closure day. {_deadlines_changed(changed)}", "success")
    return redirect(url_for("admin.closure_days"))
