"""Administration: staff accounts, committees, posts, meetings and procedure rules.

Sections live in their own modules (users, committees, posts, meetings, reference);
this one holds the blueprint, the index page and the helpers they share.
"""

from __future__ import annotations

from typing import Any, TypeVar

from flask import Blueprint, make_response, render_template
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from werkzeug.wrappers import Response
from wtforms import SubmitField

from portal.domain import permissions
from portal.domain.entities import Role, User
from portal.web.access import get_or_404, requires_role
from portal.web.forms import BaseForm

bp = Blueprint("admin", __name__, url_prefix="/admin")
Row = TypeVar("Row")


def actor() -> User:
    """The signed-in member of staff, as the object the domain expects."""
    return current_user._get_current_object()


def part_of_or_404(model: type[Row], row_id: int, **owner: int) -> Row:
    """A row by its id, or Not Found unless it belongs to what the address names
    (`post_id=post.id`): a holder of one post is not reached through another."""
    return get_or_404(model, row_id, **owner)


def show_problem(form: BaseForm, error: Exception) -> None:
    """Put a domain error beside the field it is about (or the button, if none).

    Domain verbs check everything before they change anything, so a refused change
    has written nothing for the request boundary to commit.
    """
    field = getattr(error, "field", None)
    form.add_error(field if field in form._fields else "submit", str(error))


def private_page(template: str, **context: Any) -> Response:
    """A page that must not be kept by the browser or a proxy (it shows a password)."""
    response = make_response(render_template(template, **context))
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


class ConfirmForm(BaseForm):
    """A form with only a button: for 'Are you sure?' pages."""

    submit = SubmitField("Continue", widget=GovSubmitInput())


SECTIONS: tuple[tuple[str, str, str, Any], ...] = (
    (
        "admin.meetings",
        "Meetings",
        "Schedule, move and cancel meetings, and set question deadlines by hand.",
        permissions.can_manage_meetings,
    ),
    (
        "admin.users",
        "Staff accounts",
        "Add people, change their roles, unlock accounts and give someone a new password.",
        permissions.can_manage_users,
    ),
    (
        "admin.sign_in_settings",
        "Sign-in settings",
        "How long sessions last, and whether everyone signs in with a second factor.",
        permissions.can_manage_users,
    ),
    (
        "admin.data_requests",
        "People's data",
        "Give someone a copy of the data held about them, or erase it, when they ask by letter.",
        permissions.can_handle_data_requests,
    ),
    (
        "admin.committees",
        "Committees",
        "Committees, their procedure rules for questions, the posts that answer them and their members.",
        permissions.can_manage_committees,
    ),
    (
        "admin.posts",
        "Posts",
        "Posts that answer questions, who holds them, and the officers who draft their answers.",
        permissions.can_manage_committees,
    ),
    (
        "admin.grounds",
        "Rejection grounds",
        "The grounds for not accepting a question, and what the questioner is told.",
        permissions.can_manage_committees,
    ),
    (
        "admin.closure_days",
        "Council closure days",
        "Days the council's offices are closed, which do not count towards question deadlines.",
        permissions.can_manage_committees,
    ),
)


@bp.route("/")
@requires_role(Role.ADMIN, Role.CLERK)
def index() -> str:
    user = actor()
    sections = [
        {"endpoint": endpoint, "title": title, "description": description}
        for endpoint, title, description, allowed in SECTIONS
        if allowed(user)
    ]
    return render_template("admin/index.html", sections=sections)
