"""Loading the signed-in user, and checking `next` addresses."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.models import User

log = logging.getLogger(__name__)


def load_user(session_id: str) -> User | None:
    """The session holds "<id>:<version>"; a changed version means the session has ended."""
    try:
        raw_id, raw_version = session_id.split(":", 1)
        user = db.session.get(User, int(raw_id))
    except (ValueError, TypeError):
        return None
    except SQLAlchemyError:
        log.warning("Could not load the signed-in user: database unavailable")
        db.session.rollback()
        return None
    if user is None or not user.is_enabled or str(user.session_version) != raw_version:
        return None
    return user


def is_safe_next(target: str | None) -> bool:
    """Only paths on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and not any(ord(c) < 32 for c in target)
