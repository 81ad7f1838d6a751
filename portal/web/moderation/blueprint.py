"""The moderation blueprint: the queue and decisions (routes.py), the numbered list (numbering.py)."""

from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/staff/moderation")
