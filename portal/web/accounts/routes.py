"""Staff sign-in (password, then the second factor), sign-out, sessions and password change."""

from __future__ import annotations

import time

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.domain import entities
from portal.domain.entities import User
from portal.domain.people import accounts, second_factor, sessions, throttle
from portal.domain.people.sign_in_settings import second_factor_required
from portal.extensions import limiter
from portal.web.access import PUBLIC, access_of, public, signed_in
from portal.web.accounts import auth
from portal.web.accounts.auth import PENDING, client_address, is_safe_next
from portal.web.accounts.forms import ChangePasswordForm, ConfirmForm, SignInForm

bp = Blueprint("accounts", __name__, url_prefix="/staff")

SIGN_IN_FAILED = "Enter a correct e-mail address and password"
MUST_CHOOSE_THEIR_OWN = "You were given a password by an administrator. Choose your own password to carry on."
MUST_SET_UP_SECOND_FACTOR = "Set up your authenticator app to carry on."
ACCOUNT_UNDER_ATTACK = (
    "There have been many wrong passwords for this account, so a password alone cannot sign in"
    " on this device. Sign in from a device you have used before, or ask an administrator to"
    " unlock your account"
)
# Pages someone who must choose a new password (or set up a second factor) can still reach.
_ALLOWED_BEFORE_NEW_PASSWORD = frozenset(
    {"accounts.change_password", "accounts.sign_out", "static", "accounts.set_up_second_factor"}
)


@bp.before_app_request
def insist_on_a_password_and_second_factor_of_their_own() -> Response | None:
    """Staff given a password by an administrator choose their own before anything else;
    staff who must use a second factor and have none set it up first."""
    endpoint = request.endpoint
    if endpoint is None or endpoint in _ALLOWED_BEFORE_NEW_PASSWORD:
        return None
    view = current_app.view_functions.get(endpoint)
    if view is None or access_of(view) == PUBLIC:
        return None
    if not current_user.is_authenticated:
        return None
    row = auth.current_session()
    by_sso = row is not None and row.method == auth.SSO
    if (
        not current_user.has_second_factor
        and second_factor_required(current_user)
        and not (by_sso and current_app.config["OIDC_SATISFIES_SECOND_FACTOR"])
    ):
        flash(MUST_SET_UP_SECOND_FACTOR, "info")
        return redirect(url_for("accounts.set_up_second_factor"))
    if current_user.password_must_change and not by_sso:
        flash(MUST_CHOOSE_THEIR_OWN, "info")
        return redirect(url_for("accounts.change_password"))
    return None


def after_sign_in(target: str | None) -> str:
    return target if is_safe_next(target) else url_for("staff.home")


def finish_sign_in(user: User, method: str, target: str | None) -> Response:
    auth.begin_session(user, method)
    if user.password_must_change and method != auth.SSO:
        flash(MUST_CHOOSE_THEIR_OWN, "info")
        return redirect(url_for("accounts.change_password", next=target or None))
    return redirect(after_sign_in(target))


def pending_user() -> User | None:
    """The person between a right password and a right second factor, if still in time."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > auth.PENDING_SECONDS:
        return None
    user = entities.find(User, int(pending.get("user", 0)))
    return user if user is not None and user.is_enabled else None


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("10 per minute;60 per hour", methods=["POST"])
@public
def sign_in() -> str | Response:
    if current_user.is_authenticated:
        return redirect(after_sign_in(request.args.get("next")))
    form = SignInForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        source = client_address()
        wait = throttle.password_wait(form.email.data, source)
        if wait is not None:
            form.add_error("email", f"Too many wrong passwords. Wait {wait.words} before trying again")
            form.password.data = ""
            return render_template("accounts/sign-in.html", form=form, sso=_sso_name()), 200
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            wait = throttle.password_failed(form.email.data, source)
            # One message, whatever was wrong: no hint whether the account exists.
            message = SIGN_IN_FAILED
            if wait is not None:
                message += f". Wait {wait.words} before trying again"
            form.add_error("email", message)
            form.password.data = ""
            return render_template("accounts/sign-in.html", form=form, sso=_sso_name()), 200
        throttle.password_succeeded(form.email.data, source)
        uses_second_factor = user.has_second_factor or second_factor_required(user)
        if not uses_second_factor and accounts.is_locked(user) and not auth.is_known_device(user):
            form.add_error("email", ACCOUNT_UNDER_ATTACK)
            form.password.data = ""
            return render_template("accounts/sign-in.html", form=form, sso=_sso_name()), 200
        if uses_second_factor:
            session[PENDING] = {"user": user.id, "at": time.time(), "next": form.next.data or ""}
            if user.has_second_factor:
                return redirect(url_for("accounts.second_factor"))
            return redirect(url_for("accounts.set_up_second_factor"))
        return finish_sign_in(user, "password", form.next.data)
    return render_template("accounts/sign-in.html", form=form, sso=_sso_name())


def _sso_name() -> str | None:
    return current_app.config["OIDC_NAME"] if current_app.config.get("OIDC_ISSUER") else None


@bp.route("/sign-out", methods=["POST"])
@public
def sign_out() -> Response:
    auth.end_this_session(sessions.SIGNED_OUT)
    flash("You have signed out", "success")
    return redirect(url_for("public.home"))


@bp.route("/sessions", methods=["GET", "POST"])
@signed_in
def sessions_page() -> str | Response:
    """Where the person is signed in, and "sign out everywhere"."""
    form = ConfirmForm()
    this = auth.current_session()
    if form.validate_on_submit():
        everywhere = request.form.get("scope") == "everywhere"
        ended = sessions.sign_out_everywhere(
            current_user, keep=None if everywhere else this, source=client_address()
        )
        if everywhere:
            auth.end_this_session(sessions.SIGNED_OUT_ELSEWHERE)
            flash("You have signed out everywhere", "success")
            return redirect(url_for("accounts.sign_in"))
        flash(f"You have signed out of {ended} other session{'s' if ended != 1 else ''}", "success")
        return redirect(url_for("accounts.sessions_page"))
    return render_template(
        "accounts/sessions.html",
        form=form,
        rows=sessions.live_sessions(current_user),
        this=this,
        codes_left=second_factor.recovery_codes_left(current_user)
        if current_user.has_second_factor
        else None,
    )


@bp.route("/password", methods=["GET", "POST"])
@signed_in
def change_password() -> str | Response:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(
                current_user,
                form.current_password.data,
                form.new_password.data,
                keep=auth.current_session(),
            )
        except accounts.AccountError as error:
            form.add_error(error.field or "new_password", str(error))
        else:
            flash("Your password has been changed. You have been signed out everywhere else.", "success")
            return redirect(after_sign_in(request.args.get("next")))
    return render_template("accounts/change-password.html", form=form)
