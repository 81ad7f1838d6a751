"""Admin: posts that answer questions, their holders and drafters (administrators)."""

from __future__ import annotations

from collections.abc import Iterable

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from portal.domain import entities
from portal.domain.entities import Post, PostDrafter, PostHolder, Role, User
from portal.domain.meetings.closures import london_today
from portal.domain.meetings.committees import committees_answered_by
from portal.domain.people import posts as domain
from portal.domain.people.posts import PostError
from portal.web.access import get_or_404, requires_role
from portal.web.admin.forms_common import choices, placeholder
from portal.web.admin.forms_people import DrafterForm, EndHoldingForm, HolderForm, PostForm
from portal.web.admin.routes import actor, bp, part_of_or_404, show_problem


def _post_or_404(post_id: int) -> Post:
    return get_or_404(Post, post_id)


def _people(prompt: str, people: Iterable[User]) -> list[SelectChoice]:
    """Choices of staff, each with their job title where they have one."""
    return placeholder(prompt) + choices(
        (str(u.id), f"{u.name}{', ' + u.job_title if u.job_title else ''}") for u in people
    )


@bp.route("/posts")
@requires_role(Role.ADMIN)
def posts() -> str:
    return render_template("admin/posts/list.html", posts=domain.all_posts())


@bp.route("/posts/new", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def add_post() -> str | Response:
    form = PostForm()
    del form.is_active
    if form.validate_on_submit():
        try:
            post = domain.add_post(
                by=actor(),
                title=form.title.data,
                title_cy=form.title_cy.data or "",
                description=form.description.data or "",
            )
        except PostError as error:
            show_problem(form, error)
        else:
            flash(
                f"{post.title} has been added. Add who holds it and which officers draft for it.", "success"
            )
            return redirect(url_for("admin.post", post_id=post.id))
    return render_template("admin/posts/form.html", form=form, post=None)


@bp.route("/posts/<int:post_id>")
@requires_role(Role.ADMIN)
def post(post_id: int) -> str:
    found = _post_or_404(post_id)
    committees = committees_answered_by(found)
    holders = sorted(found.holders, key=lambda h: (h.ends_on is not None, h.starts_on or h.ends_on, h.id))
    return render_template(
        "admin/posts/show.html",
        post=found,
        holders=holders,
        current=set(u.id for u in found.current_holders()),
        committees=committees,
    )


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def edit_post(post_id: int) -> str | Response:
    found = _post_or_404(post_id)
    form = PostForm(obj=found)
    if form.validate_on_submit():
        try:
            domain.update_post(
                found,
                by=actor(),
                title=form.title.data,
                title_cy=form.title_cy.data or "",
                description=form.description.data or "",
                is_active=form.is_active.data,
            )
        except PostError as error:
            show_problem(form, error)
        else:
            flash(f"{found.title} has been saved", "success")
            return redirect(url_for("admin.post", post_id=found.id))
    return render_template("admin/posts/form.html", form=form, post=found)


@bp.route("/posts/<int:post_id>/holders/new", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def add_holder(post_id: int) -> str | Response:
    found = _post_or_404(post_id)
    form = HolderForm(data={"starts_on": london_today()})
    form.user.choices = _people("Choose a person", domain.possible_holders())
    if form.validate_on_submit():
        person = entities.find(User, form.user.data)
        try:
            if person is None:
                raise PostError("Select who holds the post", field="user")
            domain.add_holder(
                found, by=actor(), user=person, starts_on=form.starts_on.data, ends_on=form.ends_on.data
            )
        except PostError as error:
            show_problem(form, error)
        else:
            flash(f"{person.name} has been added as a holder of {found.title}", "success")
            return redirect(url_for("admin.post", post_id=found.id))
    return render_template("admin/posts/holder-form.html", form=form, post=found)


@bp.route("/posts/<int:post_id>/holders/<int:holder_id>/end", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def end_holder(post_id: int, holder_id: int) -> str | Response:
    found = _post_or_404(post_id)
    holder = part_of_or_404(PostHolder, holder_id, post_id=found.id)
    form = EndHoldingForm(data={"ends_on": holder.ends_on or london_today()})
    if form.validate_on_submit():
        try:
            domain.end_holding(holder, by=actor(), ends_on=form.ends_on.data)
        except PostError as error:
            show_problem(form, error)
        else:
            flash(f"{holder.user.name}'s time as {found.title} has an end date", "success")
            return redirect(url_for("admin.post", post_id=found.id))
    return render_template("admin/posts/end-holding.html", form=form, post=found, holder=holder)


@bp.route("/posts/<int:post_id>/holders/<int:holder_id>/remove", methods=["POST"])
@requires_role(Role.ADMIN)
def remove_holder(post_id: int, holder_id: int) -> Response:
    found = _post_or_404(post_id)
    holder = part_of_or_404(PostHolder, holder_id, post_id=found.id)
    name = holder.user.name
    domain.remove_holder(holder, by=actor())
    flash(f"{name} has been removed from the holders of {found.title}", "success")
    return redirect(url_for("admin.post", post_id=found.id))


@bp.route("/posts/<int:post_id>/drafters/new", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def add_drafter(post_id: int) -> str | Response:
    found = _post_or_404(post_id)
    form = DrafterForm()
    candidates = domain.possible_drafters(found)
    form.user.choices = _people("Choose an officer", candidates)
    if form.validate_on_submit():
        person = entities.find(User, form.user.data)
        try:
            if person is None:
                raise PostError("Select an officer", field="user")
            domain.add_drafter(found, by=actor(), user=person)
        except PostError as error:
            show_problem(form, error)
        else:
            flash(f"{person.name} now drafts answers for {found.title}", "success")
            return redirect(url_for("admin.post", post_id=found.id))
    return render_template("admin/posts/drafter-form.html", form=form, post=found, candidates=candidates)


@bp.route("/posts/<int:post_id>/drafters/<int:drafter_id>/remove", methods=["POST"])
@requires_role(Role.ADMIN)
def remove_drafter(post_id: int, drafter_id: int) -> Response:
    found = _post_or_404(post_id)
    drafter = part_of_or_404(PostDrafter, drafter_id, post_id=found.id)
    name = drafter.user.name
    domain.remove_drafter(drafter, by=actor())
    flash(f"{name} no longer drafts answers for {found.title}", "success")
    return redirect(url_for("admin.post", post_id=found.id))
