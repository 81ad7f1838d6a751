"""Admin: staff accounts (administrators only)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from portal.domain.entities import Role, User
from portal.domain.people import accounts, second_factor, security_log, sessions, single_sign_on
from portal.domain.people.accounts import AccountError
from portal.domain.people.second_factor import SecondFactorError
from portal.domain.people.sign_in_settings import second_factor_required
from portal.web.access import get_or_404, requires_role
from portal.web.admin.forms_people import ROLE_HINT_TEXT, StaffForm
from portal.web.admin.routes import ConfirmForm, actor, bp, private_page, show_problem


def _user_or_404(user_id: int) -> User:
    return get_or_404(User, user_id)


def _details(form: StaffForm) -> dict:
    return {
        "email": form.email.data,
        "first_name": form.first_name.data,
        "last_name": form.last_name.data,
        "roles": form.selected_roles(),
        "job_title": form.job_title.data,
        "ward": form.ward.data,
    }


@bp.route("/staff")
@requires_role(Role.ADMIN)
def users() -> str:
    rows = [(user, accounts.account_status(user)) for user in accounts.staff_accounts()]
    return render_template("admin/users/list.html", rows=rows)


@bp.route("/staff/new", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def add_user() -> str | Response:
    form = StaffForm()
    if form.validate_on_submit():
        try:
            user, password = accounts.add_staff_account(by=actor(), **_details(form))
        except AccountError as error:
            show_problem(form, error)
        else:
            return private_page("admin/users/password.html", user=user, password=password, created=True)
    return render_template("admin/users/form.html", form=form, user=None, role_hints=ROLE_HINT_TEXT)


@bp.route("/staff/<int:user_id>")
@requires_role(Role.ADMIN)
def user(user_id: int) -> str:
    found = _user_or_404(user_id)
    return render_template(
        "admin/users/show.html",
        user=found,
        status=accounts.account_status(found),
        is_locked=accounts.is_locked(found),
        is_self=found.id == actor().id,
        second_factor_required=second_factor_required(found),
        live_sessions=sessions.live_sessions(found),
        events=security_log.events_for(found),
    )


@bp.route("/staff/<int:user_id>/edit", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def edit_user(user_id: int) -> str | Response:
    found = _user_or_404(user_id)
    form = StaffForm(obj=found)
    if not form.is_submitted():
        form.roles.data = sorted(r.value for r in found.roles)
    if form.validate_on_submit():
        try:
            accounts.update_user(found, by=actor(), **_details(form))
        except AccountError as error:
            show_problem(form, error)
        else:
            flash(f"{found.name}'s details have been saved", "success")
            return redirect(url_for("admin.user", user_id=found.id))
    return render_template("admin/users/form.html", form=form, user=found, role_hints=ROLE_HINT_TEXT)


def _confirm(found: User, *, action: str) -> str | Response:
    """Disable, enable or new password: an 'Are you sure?' page, then the change."""
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            if action == "disable":
                accounts.set_enabled(found, False, by=actor())
                flash(f"{found.name}'s account has been disabled. They have been signed out.", "success")
            elif action == "enable":
                accounts.set_enabled(found, True, by=actor())
                flash(f"{found.name}'s account has been enabled", "success")
            elif action == "second-factor":
                second_factor.reset(found, by=actor())
                flash(
                    f"{found.name}'s second factor has been reset. They have been signed out and will set up "
                    "a new authenticator app when they next sign in.",
                    "success",
                )
            elif action == "sessions":
                ended = sessions.end_all_sessions(found, sessions.SIGNED_OUT_ELSEWHERE)
                security_log.record(
                    "signed_out_everywhere",
                    f"Signed out everywhere by an administrator ({ended})",
                    user=found,
                    actor=actor(),
                )
                flash(f"{found.name} has been signed out everywhere", "success")
            elif action == "single-sign-on":
                single_sign_on.unlink(found, by=actor())
                flash(f"{found.name}'s account is no longer linked to the identity provider", "success")
            else:
                password = accounts.reset_password(found, by=actor())
                return private_page("admin/users/password.html", user=found, password=password, created=False)
        except (AccountError, SecondFactorError) as error:
            show_problem(form, error)
        else:
            return redirect(url_for("admin.user", user_id=found.id))
    return render_template("admin/users/confirm.html", form=form, user=found, action=action)


@bp.route("/staff/<int:user_id>/disable", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def disable_user(user_id: int) -> str | Response:
    return _confirm(_user_or_404(user_id), action="disable")


@bp.route("/staff/<int:user_id>/enable", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def enable_user(user_id: int) -> str | Response:
    return _confirm(_user_or_404(user_id), action="enable")


@bp.route("/staff/<int:user_id>/new-password", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def new_password(user_id: int) -> str | Response:
    return _confirm(_user_or_404(user_id), action="password")


@bp.route("/staff/<int:user_id>/unlock", methods=["POST"])
@requires_role(Role.ADMIN)
def unlock_user(user_id: int) -> Response:
    found = _user_or_404(user_id)
    try:
        accounts.unlock_user(found, by=actor())
    except AccountError as error:
        flash(str(error), "error")
    else:
        flash(f"{found.name}'s account has been unlocked. They can sign in again now.", "success")
    return redirect(url_for("admin.user", user_id=found.id))


@bp.route("/staff/<int:user_id>/reset-second-factor", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def reset_second_factor(user_id: int) -> str | Response:
    return _confirm(_user_or_404(user_id), action="second-factor")


@bp.route("/staff/<int:user_id>/sign-out-everywhere", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def sign_out_user(user_id: int) -> str | Response:
    return _confirm(_user_or_404(user_id), action="sessions")


@bp.route("/staff/<int:user_id>/unlink-single-sign-on", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def unlink_single_sign_on(user_id: int) -> str | Response:
    return _confirm(_user_or_404(user_id), action="single-sign-on")
