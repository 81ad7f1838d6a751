"""The second step of signing in, and setting up an authenticator app."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, session, url_for
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from portal.domain.entities import User
from portal.domain.people import second_factor as factor
from portal.domain.people import throttle
from portal.domain.people.second_factor import SecondFactorError
from portal.extensions import limiter
from portal.web.access import public, signed_in
from portal.web.accounts.auth import PENDING
from portal.web.accounts.forms import CodeForm, ConfirmForm, SetUpForm
from portal.web.accounts.routes import bp, finish_sign_in, pending_user

SETUP_SECRET = "second_factor_setup"  # noqa: S105 (a session key name)
WRONG_CODE = "Enter a correct code from your authenticator app, or a recovery code"


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit("10 per minute;60 per hour", methods=["POST"])
@public
def second_factor() -> str | Response:
    user = pending_user()
    if user is None or not user.has_second_factor:
        flash("Sign in again: it took too long, or the page was opened on its own.", "info")
        return redirect(url_for("accounts.sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        wait = throttle.code_wait(user.id)
        if wait is not None:
            form.add_error("code", f"Too many wrong codes. Wait {wait.words} before trying again")
        else:
            try:
                accepted = factor.verify(user, form.code.data)
            except SecondFactorError as error:
                form.add_error("code", str(error))
                accepted = False
            if accepted:
                throttle.code_succeeded(user.id)
                left = factor.recovery_codes_left(user)
                used_recovery = len(form.code.data.strip()) > 8
                if used_recovery and left <= 3:
                    flash(
                        f"You have {left} recovery code{'s' if left != 1 else ''} left. Make new ones "
                        "from 'Your sessions and security'.",
                        "info",
                    )
                target = (session.get(PENDING) or {}).get("next")
                method = "password and recovery code" if used_recovery else "password and authenticator app"
                return finish_sign_in(user, method, target)
            if not form.errors:
                wait = throttle.code_failed(user.id)
                message = WRONG_CODE + (f". Wait {wait.words} before trying again" if wait else "")
                form.add_error("code", message)
        form.code.data = ""
    return render_template("accounts/code.html", form=form)


def _setup_user() -> tuple[User | None, bool]:
    """(who is setting up an app, whether they are part-way through signing in)."""
    if current_user.is_authenticated:
        return current_user, False
    return pending_user(), True


@bp.route("/sign-in/set-up-authenticator", methods=["GET", "POST"])
@public
def set_up_second_factor() -> str | Response:
    user, signing_in = _setup_user()
    if user is None:
        flash("Sign in again: it took too long, or the page was opened on its own.", "info")
        return redirect(url_for("accounts.sign_in"))
    if user.has_second_factor:
        if signing_in:
            return redirect(url_for("accounts.second_factor"))
        flash("You have already set up an authenticator app", "info")
        return redirect(url_for("accounts.sessions_page"))
    secret = session.get(SETUP_SECRET)
    if not secret:
        secret = factor.new_secret()
        session[SETUP_SECRET] = secret  # the browser's own cookie, until a code proves the app has it
    form = SetUpForm()
    if form.validate_on_submit():
        try:
            codes = factor.confirm_enrolment(user, secret, form.code.data)
        except SecondFactorError as error:
            form.add_error("code", str(error))
            form.code.data = ""
        else:
            session.pop(SETUP_SECRET, None)
            if signing_in:
                target = (session.get(PENDING) or {}).get("next")
                finish_sign_in(user, "password and authenticator app", target)
                session["after_recovery_codes"] = target or ""
            return render_template(
                "accounts/recovery-codes.html", codes=codes, continue_url=url_for("accounts.codes_saved")
            )
    uri = factor.provisioning_uri(user, secret)
    return render_template(
        "accounts/set-up-authenticator.html",
        form=form,
        qr=Markup(factor.qr_svg(uri)),  # noqa: S704 (segno's own SVG, built from our URI)
        key=factor.grouped(secret),
        signing_in=signing_in,
    )


@bp.route("/recovery-codes/saved")
@signed_in
def codes_saved() -> Response:
    from portal.web.accounts.routes import after_sign_in

    return redirect(after_sign_in(session.pop("after_recovery_codes", None)))


@bp.route("/recovery-codes", methods=["GET", "POST"])
@signed_in
def new_recovery_codes() -> str | Response:
    if not current_user.has_second_factor:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        codes = factor.new_recovery_codes(current_user)
        return render_template(
            "accounts/recovery-codes.html", codes=codes, continue_url=url_for("accounts.sessions_page")
        )
    return render_template("accounts/new-recovery-codes.html", form=form)
