"""Admin: committees, their procedure rules, answering posts and members (administrators)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from portal.domain import entities
from portal.domain.entities import (
    Committee,
    CommitteeKind,
    CommitteePost,
    Layout,
    Membership,
    MembershipRole,
    Post,
    Role,
    User,
    utcnow,
)
from portal.domain.meetings import committees as domain
from portal.domain.meetings import procedure, scheduling
from portal.domain.meetings.committees import CommitteeError
from portal.domain.people.posts import all_posts, possible_holders
from portal.formatting import plural
from portal.web.access import get_or_404, requires_role
from portal.web.admin.forms_committees import MEMBER, PUBLIC, AnsweringPostForm, CommitteeForm, RulesForm
from portal.web.admin.forms_common import choices, placeholder
from portal.web.admin.forms_people import MembershipForm
from portal.web.admin.routes import ConfirmForm, actor, bp, part_of_or_404, show_problem


def _committee_or_404(committee_id: int) -> Committee:
    return get_or_404(Committee, committee_id)


def _details(form: CommitteeForm) -> dict:
    takes = set(form.takes.data or [])
    return {
        "name": form.name.data,
        "slug": form.slug.data or "",
        "kind": CommitteeKind(form.kind.data),
        "description": form.description.data or "",
        "takes_public_questions": PUBLIC in takes,
        "takes_member_questions": MEMBER in takes,
        "layout": Layout(form.layout.data),
    }


@bp.route("/committees")
@requires_role(Role.ADMIN)
def committees() -> str:
    rows = [(c, domain.upcoming_meetings_count(c)) for c in domain.all_committees()]
    return render_template("admin/committees/list.html", rows=rows)


@bp.route("/committees/new", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def add_committee() -> str | Response:
    form = CommitteeForm()
    del form.is_active
    if not form.is_submitted():
        form.takes.data = [PUBLIC]
        form.layout.data = Layout.TABLE.value
    if form.validate_on_submit():
        try:
            committee = domain.add_committee(by=actor(), **_details(form))
        except CommitteeError as error:
            show_problem(form, error)
        else:
            flash(
                f"{committee.name} has been added with the usual procedure rules. Check them below.",
                "success",
            )
            return redirect(url_for("admin.committee", committee_id=committee.id))
    return render_template("admin/committees/form.html", form=form, committee=None)


@bp.route("/committees/<int:committee_id>")
@requires_role(Role.ADMIN)
def committee(committee_id: int) -> str:
    found = _committee_or_404(committee_id)
    now = utcnow()
    return render_template(
        "admin/committees/show.html",
        committee=found,
        rules=found.rules,
        proc=procedure.committee_procedure(found),
        upcoming=scheduling.upcoming_meetings(now, found, limit=10),
        now=now,
    )


@bp.route("/committees/<int:committee_id>/edit", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def edit_committee(committee_id: int) -> str | Response:
    found = _committee_or_404(committee_id)
    form = CommitteeForm(obj=found)
    if not form.is_submitted():
        form.kind.data = found.kind.value
        form.layout.data = found.layout.value
        form.takes.data = [
            value
            for value, wanted in (
                (PUBLIC, found.takes_public_questions),
                (MEMBER, found.takes_member_questions),
            )
            if wanted
        ]
    if form.validate_on_submit():
        try:
            domain.update_committee(found, by=actor(), is_active=form.is_active.data, **_details(form))
        except CommitteeError as error:
            show_problem(form, error)
        else:
            flash(f"{found.name} has been saved", "success")
            return redirect(url_for("admin.committee", committee_id=found.id))
    return render_template("admin/committees/form.html", form=form, committee=found)


@bp.route("/committees/<int:committee_id>/rules", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def committee_rules(committee_id: int) -> str | Response:
    found = _committee_or_404(committee_id)
    form = RulesForm(obj=found.rules)
    if not form.is_submitted() and found.rules is not None:
        form.reviewer_post.data = found.rules.reviewer_post_id
    form.reviewer_post.choices = placeholder("Only the chair") + choices(
        (p.id, p.title)
        for p in all_posts()
        if p.is_active or (found.rules and p.id == found.rules.reviewer_post_id)
    )
    if form.validate_on_submit():
        try:
            domain.set_review_rules(
                found,
                by=actor(),
                review_days=form.review_days.data,
                reviewer_post=entities.find(Post, form.reviewer_post.data)
                if form.reviewer_post.data
                else None,
            )
            changed = domain.update_rules(
                found,
                by=actor(),
                deadline_clear_working_days=form.deadline_clear_working_days.data,
                deadline_time=form.deadline_time.data,
                word_limit=form.word_limit.data,
                questions_per_person=form.questions_per_person.data,
                eligibility_wording=form.eligibility_wording.data,
                written_answer_due_days=form.written_answer_due_days.data,
            )
        except CommitteeError as error:
            show_problem(form, error)
        else:
            if changed:
                flash(
                    f"The procedure rules have been saved. The question deadlines of "
                    f"{plural(changed, 'upcoming meeting')} changed.",
                    "success",
                )
            else:
                flash(
                    "The procedure rules have been saved. No upcoming question deadline changed.", "success"
                )
            return redirect(url_for("admin.committee", committee_id=found.id))
    return render_template("admin/committees/rules.html", form=form, committee=found)


# Answering posts ----------------------------------------------------------------------


@bp.route("/committees/<int:committee_id>/posts", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def committee_posts(committee_id: int) -> str | Response:
    found = _committee_or_404(committee_id)
    form = AnsweringPostForm()
    available = domain.posts_not_answering(found)
    form.post.choices = placeholder("Choose a post") + choices((str(p.id), p.title) for p in available)
    if form.validate_on_submit():
        post = entities.find(Post, form.post.data)
        try:
            if post is None:
                raise CommitteeError("Select a post", field="post")
            domain.add_answering_post(found, post, by=actor())
        except CommitteeError as error:
            show_problem(form, error)
        else:
            flash(f"{post.title} now answers questions to {found.name}", "success")
            return redirect(url_for("admin.committee_posts", committee_id=found.id))
    links = sorted(found.committee_posts, key=lambda cp: (cp.position, cp.id))
    return render_template(
        "admin/committees/posts.html", form=form, committee=found, links=links, available=available
    )


@bp.route("/committees/<int:committee_id>/posts/<int:link_id>/move", methods=["POST"])
@requires_role(Role.ADMIN)
def move_committee_post(committee_id: int, link_id: int) -> Response:
    found = _committee_or_404(committee_id)
    link = part_of_or_404(CommitteePost, link_id, committee_id=found.id)
    domain.move_answering_post(found, link, by=actor(), up=request.form.get("direction") == "up")
    return redirect(url_for("admin.committee_posts", committee_id=found.id))


@bp.route("/committees/<int:committee_id>/posts/<int:link_id>/remove", methods=["POST"])
@requires_role(Role.ADMIN)
def remove_committee_post(committee_id: int, link_id: int) -> Response:
    found = _committee_or_404(committee_id)
    link = part_of_or_404(CommitteePost, link_id, committee_id=found.id)
    title = link.post.title
    domain.remove_answering_post(found, link, by=actor())
    flash(f"{title} no longer answers questions to {found.name}", "success")
    return redirect(url_for("admin.committee_posts", committee_id=found.id))


# Members ------------------------------------------------------------------------------


def _membership_form(committee: Committee, membership: Membership | None) -> MembershipForm:
    form = MembershipForm(obj=membership)
    others = [
        m for m in committee.memberships if m.role is not MembershipRole.SUBSTITUTE and m is not membership
    ]
    form.substitute_for.choices = placeholder("Choose a member") + choices(
        (str(m.id), m.name) for m in others
    )
    form.user.choices = placeholder("No staff account") + choices(
        (str(u.id), f"{u.name} ({u.email})") for u in possible_holders()
    )
    if membership is not None and not form.is_submitted():
        form.role.data = membership.role.value
        form.substitute_for.data = membership.substitute_for_id
        form.user.data = membership.user_id
    return form


def _membership_values(form: MembershipForm, committee: Committee) -> dict:
    substitute_for = entities.find(Membership, form.substitute_for.data) if form.substitute_for.data else None
    user = entities.find(User, form.user.data) if form.user.data else None
    return {
        "name": form.name.data,
        "role": MembershipRole(form.role.data),
        "represents": form.represents.data,
        "substitute_for": substitute_for,
        "user": user,
    }


@bp.route("/committees/<int:committee_id>/members/new", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def add_member(committee_id: int) -> str | Response:
    found = _committee_or_404(committee_id)
    form = _membership_form(found, None)
    if form.validate_on_submit():
        try:
            membership = domain.add_membership(found, by=actor(), **_membership_values(form, found))
        except CommitteeError as error:
            show_problem(form, error)
        else:
            flash(f"{membership.name} has been added to {found.name}", "success")
            return redirect(url_for("admin.committee", committee_id=found.id, _anchor="members"))
    return render_template("admin/committees/member-form.html", form=form, committee=found, membership=None)


@bp.route("/committees/<int:committee_id>/members/<int:membership_id>/edit", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def edit_member(committee_id: int, membership_id: int) -> str | Response:
    found = _committee_or_404(committee_id)
    membership = part_of_or_404(Membership, membership_id, committee_id=found.id)
    form = _membership_form(found, membership)
    if form.validate_on_submit():
        try:
            domain.update_membership(membership, by=actor(), **_membership_values(form, found))
        except CommitteeError as error:
            show_problem(form, error)
        else:
            flash(f"{membership.name}'s membership has been saved", "success")
            return redirect(url_for("admin.committee", committee_id=found.id, _anchor="members"))
    return render_template(
        "admin/committees/member-form.html", form=form, committee=found, membership=membership
    )


@bp.route("/committees/<int:committee_id>/members/<int:membership_id>/remove", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def remove_member(committee_id: int, membership_id: int) -> str | Response:
    found = _committee_or_404(committee_id)
    membership = part_of_or_404(Membership, membership_id, committee_id=found.id)
    form = ConfirmForm()
    if form.validate_on_submit():
        name = membership.name
        try:
            domain.remove_membership(membership, by=actor())
        except CommitteeError as error:
            show_problem(form, error)
        else:
            flash(f"{name} has been removed from {found.name}", "success")
            return redirect(url_for("admin.committee", committee_id=found.id, _anchor="members"))
    return render_template(
        "admin/committees/member-remove.html", form=form, committee=found, membership=membership
    )
