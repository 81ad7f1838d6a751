"""Administration: staff accounts, committees, posts, meetings and procedure rules."""

from __future__ import annotations

from flask import Blueprint, render_template

from portal.models import Role
from portal.web.access import requires_role

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@requires_role(Role.ADMIN, Role.CLERK)
def index() -> str:
    return render_template("admin/index.html")
