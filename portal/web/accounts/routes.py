"""Staff sign-in, sign-out and password change."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from portal.domain.people import accounts
from portal.extensions import limiter
from portal.web.access import PUBLIC, access_of, public, signed_in
from portal.web.accounts.auth import is_safe_next
from portal.web.accounts.forms import ChangePasswordForm, SignInForm

bp = Blueprint("accounts", __name__, url_prefix="/staff")

SIGN_IN_FAILED = "Enter a correct e-mail address and password"
MUST_CHOOSE_THEIR_OWN = "You were given a password by an administrator. Choose your own password to carry on."
# Pages someone who must choose a new password can still reach.
_ALLOWED_BEFORE_NEW_PASSWORD = frozenset({"accounts.change_password", "accounts.sign_out", "static"})


@bp.before_app_request
def insist_on_a_password_of_their_own() -> Response | None:
    """Staff given a password by an administrator choose their own before anything else."""
    endpoint = request.endpoint
    if endpoint is None or endpoint in _ALLOWED_BEFORE_NEW_PASSWORD:
        return None
    view = current_app.view_functions.get(endpoint)
    if view is None or access_of(view) == PUBLIC:
        return None
    if current_user.is_authenticated and current_user.password_must_change:
        flash(MUST_CHOOSE_THEIR_OWN, "info")
        return redirect(url_for("accounts.change_password"))
    return None


def _after_sign_in(target: str | None) -> str:
    return target if is_safe_next(target) else url_for("staff.home")


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("10 per minute;60 per hour", methods=["POST"])
@public
def sign_in() -> str | Response:
    if current_user.is_authenticated:
        return redirect(_after_sign_in(request.args.get("next")))
    form = SignInForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            if user.password_must_change:
                flash(MUST_CHOOSE_THEIR_OWN, "info")
                return redirect(url_for("accounts.change_password", next=form.next.data or None))
            return redirect(_after_sign_in(form.next.data))
        # One message, whatever was wrong: no hint whether the account exists.
        form.add_error("email", SIGN_IN_FAILED)
        form.password.data = ""
        return render_template("accounts/sign-in.html", form=form), 200
    return render_template("accounts/sign-in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@public
def sign_out() -> Response:
    logout_user()
    flash("You have signed out", "success")
    return redirect(url_for("public.home"))


@bp.route("/password", methods=["GET", "POST"])
@signed_in
def change_password() -> str | Response:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current_password.data, form.new_password.data)
        except accounts.AccountError as error:
            form.add_error(error.field or "new_password", str(error))
        else:
            login_user(current_user)  # the session version changed: keep this session
            flash("Your password has been changed", "success")
            return redirect(_after_sign_in(request.args.get("next")))
    return render_template("accounts/change-password.html", form=form)
