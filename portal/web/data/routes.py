"""A questioner's copy of their data: asked for by e-mail address or from a tracking page,
downloaded from the link e-mailed to them (portal/domain/asking/personal_data.py)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from portal.domain.asking import personal_data, questioner
from portal.domain.entities import utcnow
from portal.extensions import limiter
from portal.web.access import public
from portal.web.data.forms import DownloadForm, YourDataForm

bp = Blueprint("data", __name__, url_prefix="/your-data")


@bp.after_request
def private_pages(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _limit() -> str:
    return current_app.config.get("MY_QUESTIONS_RATE_LIMIT", "5 per minute;20 per hour")


@bp.route("", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
@public
def request_copy() -> str | Response:
    form = YourDataForm()
    if form.validate_on_submit():
        personal_data.request_copy(email=form.email.data)
        # The same answer whether or not anything is held for the address.
        return redirect(url_for("data.sent"))
    return render_template("data/request.html", form=form, days=personal_data.export_days())


@bp.route("/from-question/<token>", methods=["POST"])
@limiter.limit(_limit, methods=["POST"])
@public
def request_from_question(token: str) -> Response:
    found = questioner.find_by_tracking_token(token)
    if found is None:
        abort(404)
    form = DownloadForm()
    if not form.validate_on_submit():
        abort(400)
    if personal_data.request_copy(question=found):
        return redirect(url_for("data.sent"))
    flash(
        gettext(
            "We no longer hold your e-mail address for this question, so we cannot send you a copy by "
            "e-mail. Write to democratic services to ask for one."
        ),
        "info",
    )
    return redirect(url_for("track.question", token=token))


@bp.route("/sent")
@public
def sent() -> str:
    return render_template("data/sent.html", days=personal_data.export_days())


@bp.route("/<token>")
@public
def download_page(token: str) -> str | tuple[str, int]:
    row, expired = personal_data.find_copy_request(token)
    if row is None:
        abort(404)
    if expired:
        return render_template("data/expired.html"), 410
    return render_template("data/download.html", token=token, valid_until=row.expires_at)


@bp.route("/<token>/download")
@public
def download(token: str) -> Response | tuple[str, int]:
    row, expired = personal_data.find_copy_request(token)
    if row is None:
        abort(404)
    if expired:
        return render_template("data/expired.html"), 410
    body = personal_data.export_zip(personal_data.copy_for_request(row))
    name = f"your-data-{utcnow():%Y-%m-%d}.zip"
    return Response(
        body,
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
