"""Admin: the council's sign-in settings, and people's requests for their data made by letter."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from portal.domain.asking import personal_data
from portal.domain.entities import Role, utcnow
from portal.domain.people.sign_in_settings import SettingsError, change_rules, current_rules
from portal.web.access import requires_role
from portal.web.admin.forms_security import FindPersonForm, SignInSettingsForm
from portal.web.admin.routes import actor, bp, private_page, show_problem


@bp.route("/sign-in-settings", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def sign_in_settings() -> str | Response:
    form = SignInSettingsForm()
    if not form.is_submitted():
        rules = current_rules()
        form.idle_minutes.data = rules.session_idle_minutes
        form.absolute_hours.data = rules.session_absolute_hours
        form.everyone_second_factor.data = rules.second_factor_for_everyone
    if form.validate_on_submit():
        try:
            change_rules(
                by=actor(),
                idle_minutes=form.idle_minutes.data,
                absolute_hours=form.absolute_hours.data,
                everyone_second_factor=bool(form.everyone_second_factor.data),
            )
        except SettingsError as error:
            show_problem(form, error)
        else:
            flash("The sign-in settings have been saved", "success")
            return redirect(url_for("admin.sign_in_settings"))
    return render_template("admin/sign-in-settings.html", form=form)


@bp.route("/people", methods=["GET", "POST"])
@requires_role(Role.ADMIN, Role.CLERK)
def data_requests() -> str | Response:
    """Find a person's data by address or reference (POST, so the address is never in a URL),
    then give them a copy or erase it."""
    form = FindPersonForm()
    action = request.form.get("action", "find")
    if form.validate_on_submit():
        person = form.person.data
        if action == "copy":
            export, _ = personal_data.produce_copy_for_letter(person, by=actor())
            body = personal_data.export_zip(export)
            response = Response(
                body,
                mimetype="application/zip",
                headers={"Content-Disposition": f'attachment; filename="data-{utcnow():%Y-%m-%d}.zip"'},
            )
            response.headers["Cache-Control"] = "no-store"
            return response
        identity, questions = personal_data.find_subject(person)
        plan = personal_data.plan_erasure(questions)
        if action == "erase":
            plan, _ = personal_data.erase(person, by=actor())
            return private_page("admin/data/erased.html", plan=plan)
        if action == "confirm-erase":
            return private_page("admin/data/confirm-erase.html", form=form, plan=plan, identity=identity)
        return private_page(
            "admin/data/person.html", form=form, identity=identity, questions=questions, plan=plan
        )
    return render_template("admin/data/find.html", form=form)
