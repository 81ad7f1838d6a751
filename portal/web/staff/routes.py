"""The staff home page."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from portal.domain import scheduling
from portal.models import utcnow
from portal.web.access import signed_in

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.route("/")
@signed_in
def home() -> str:
    now = utcnow()
    return render_template(
        "staff/home.html", user=current_user, upcoming=scheduling.upcoming_meetings(now)[:10], now=now
    )
