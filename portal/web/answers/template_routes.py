"""Answer templates: reusable paragraphs per post, kept by democratic services and by the
officers who draft for the post."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.domain import permissions
from portal.domain.entities import AnswerTemplate, Post, Role
from portal.domain.people.posts import active_posts
from portal.domain.questions import answers, worklist
from portal.web.access import get_or_404, load_for, require, requires_role
from portal.web.answers.blueprint import bp, format_help
from portal.web.answers.forms import TemplateForm


def _manageable_posts() -> list[Post]:
    if permissions.is_clerk(current_user):
        return active_posts()
    return worklist.posts_drafted_by(current_user)


@bp.route("/templates")
@requires_role(Role.CLERK, Role.OFFICER)
def templates() -> str:
    posts = _manageable_posts()
    return render_template(
        "answers/templates.html",
        posts=[(post, answers.templates_for(post, include_archived=True)) for post in posts],
    )


@bp.route("/templates/new/<int:post_id>", methods=["GET", "POST"])
@requires_role(Role.CLERK, Role.OFFICER)
def new_template(post_id: int) -> str | Response:
    post = load_for(permissions.can_manage_answer_templates, Post, post_id)
    form = TemplateForm()
    if request.method == "GET":
        form.is_active.data = True
    if form.validate_on_submit():
        try:
            template = answers.create_template(
                post, by=current_user, title=form.title.data, body=form.body.data
            )
        except answers.AnswerError as error:
            form.add_error(error.field or "body", str(error))
        else:
            flash(f"Template \u201c{template.title}\u201d added for {post.title}", "success")
            return redirect(url_for("answers.templates", _anchor=f"post-{post.id}"))
    return render_template("answers/template-form.html", form=form, post=post, template=None, **format_help())


@bp.route("/templates/<int:template_id>", methods=["GET", "POST"])
@requires_role(Role.CLERK, Role.OFFICER)
def edit_template(template_id: int) -> str | Response:
    template = get_or_404(AnswerTemplate, template_id)
    require(permissions.can_manage_answer_templates, template.post)
    form = TemplateForm(obj=None if request.method == "POST" else template)
    if request.method == "GET":
        form.body.data = template.body_source
    if form.validate_on_submit():
        try:
            answers.update_template(
                template,
                by=current_user,
                title=form.title.data,
                body=form.body.data,
                is_active=bool(form.is_active.data),
            )
        except answers.AnswerError as error:
            form.add_error(error.field or "body", str(error))
        else:
            flash(f"Template \u201c{template.title}\u201d saved", "success")
            return redirect(url_for("answers.templates", _anchor=f"post-{template.post_id}"))
    return render_template(
        "answers/template-form.html", form=form, post=template.post, template=template, **format_help()
    )
