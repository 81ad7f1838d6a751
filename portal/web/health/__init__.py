"""`/healthz`: 200 when the database answers, 503 when it does not."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint, jsonify
from werkzeug.wrappers import Response

from portal.extensions import db
from portal.web.access import public

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)


@bp.route("/healthz")
@public
def healthz() -> tuple[Response, int]:
    try:
        db.session.execute(sa.text("SELECT 1"))
    except Exception as error:  # any failure to reach the database is "unavailable"
        log.warning("Health check: database unavailable (%s)", error.__class__.__name__)
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok"), 200
