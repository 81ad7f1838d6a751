"""The development mailbox (`/dev/mailbox`): every message in the outbox, newest first.

Only where SHOW_DEV_MAILBOX is on (development and tests); a 404 everywhere else. It
lets someone trying the portal open the confirmation link a questioner would get.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from markupsafe import Markup

from portal.domain.entities import OutboxMessage
from portal.domain.messages import outbox
from portal.domain.sanitise import linkify_plain_text
from portal.web.access import development_only, get_or_404

bp = Blueprint("dev", __name__, url_prefix="/dev")


@bp.route("/mailbox")
@development_only
def mailbox() -> str:
    return render_template("dev/mailbox.html", messages=outbox.messages_newest_first())


@bp.route("/mailbox/<int:message_id>")
@development_only
def message(message_id: int) -> str:
    found = get_or_404(OutboxMessage, message_id)
    base = current_app.config["BASE_URL"].rstrip("/")
    here = request.host_url.rstrip("/")
    body = Markup(linkify_plain_text(found.body_text, rewrite_prefix=(base, here)))  # noqa: S704 (escaped)
    return render_template("dev/message.html", message=found, body=body)
