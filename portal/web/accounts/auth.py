"""Loading the signed-in user from the server-side session, starting and ending sessions,
remembering browsers that signed in before, and checking `next` addresses."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, current_app, g, request, session
from flask_login import login_user, logout_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from portal.domain.entities import StaffSession, User, utcnow
from portal.domain.people import sessions
from portal.extensions import db, transaction_intent

log = logging.getLogger(__name__)

# The Flask session cookie holds this random token; the database holds only its hash.
SESSION_TOKEN = "staff_session"  # noqa: S105 (a session key name)
# Set between a right password and a right second factor.
PENDING = "pending_sign_in"
PENDING_SECONDS = 10 * 60
KNOWN_DEVICE_COOKIE = "portal_known_device"
SSO = "single sign-on"


def client_address() -> str:
    return request.remote_addr or "unknown"


def load_user(user_id: str) -> User | None:
    """The user of the live server-side session named by this browser's cookie."""
    # When the database is not answering this raises, and the person gets the "service
    # unavailable" page (portal/errors.py), not the sign-in page as if signed out.
    row = sessions.find_live(session.get(SESSION_TOKEN))
    if row is None or str(row.user_id) != str(user_id):
        return None
    g.staff_session = row
    return row.user


def current_session() -> StaffSession | None:
    return g.get("staff_session")


def begin_session(user: User, method: str) -> StaffSession:
    """Sign `user` in on this browser: a new server-side session, and a fresh cookie."""
    session.pop(PENDING, None)
    previous = session.get(SESSION_TOKEN)
    if previous:
        old = sessions.find_live(previous)
        if old is not None:
            sessions.end_session(old, sessions.SIGNED_OUT)
    row, token = sessions.start_session(
        user, method=method, source=client_address(), user_agent=request.headers.get("User-Agent")
    )
    login_user(user)
    session[SESSION_TOKEN] = token
    session.permanent = False
    g.staff_session = row
    g.remember_device_for = user.id
    return row


def end_this_session(reason: str = sessions.SIGNED_OUT) -> None:
    row = sessions.find_live(session.get(SESSION_TOKEN))
    if row is not None:
        sessions.end_session(row, reason)
    logout_user()
    session.pop(SESSION_TOKEN, None)
    session.pop(PENDING, None)


def _device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="known-device")


def is_known_device(user: User) -> bool:
    """This browser completed a sign-in to this account before (a signed cookie)."""
    raw = request.cookies.get(KNOWN_DEVICE_COOKIE)
    if not raw:
        return False
    max_age = int(current_app.config["KNOWN_DEVICE_DAYS"]) * 86400
    try:
        known = _device_serializer().loads(raw, max_age=max_age)
    except BadSignature:
        return False
    return isinstance(known, list) and user.id in known


def init_sessions(app: Flask) -> None:
    @app.after_request
    def keep_session_alive(response: Response) -> Response:
        """Record use of the session now and then (idle timeout), and remember a browser
        that has just signed in."""
        row = g.get("staff_session")
        user_id = g.pop("remember_device_for", None)
        if user_id is not None:
            known: list[int] = []
            raw = request.cookies.get(KNOWN_DEVICE_COOKIE)
            if raw:
                try:
                    loaded = _device_serializer().loads(raw)
                    known = [int(i) for i in loaded][:5] if isinstance(loaded, list) else []
                except (BadSignature, TypeError, ValueError):
                    known = []
            known = [user_id, *[i for i in known if i != user_id]][:5]
            response.set_cookie(
                KNOWN_DEVICE_COOKIE,
                _device_serializer().dumps(known),
                max_age=int(app.config["KNOWN_DEVICE_DAYS"]) * 86400,
                secure=app.config["SESSION_COOKIE_SECURE"],
                httponly=True,
                samesite="Lax",
                path="/staff",
            )
        # Nothing is recorded for a page that failed (the database may be why).
        if row is None or response.status_code >= 500:
            return response
        now = utcnow()
        try:
            if row.ended_at is not None or not sessions.needs_touch(row, now):
                return response
        except SQLAlchemyError:
            db.session.rollback()
            log.warning("Could not record session use")
            return response
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            sessions.touch(row.id, now)  # committed with the request's own changes
            return response
        # A page read writes nothing else, so this small update commits on its own.
        if db.session.new or db.session.dirty or db.session.deleted:
            return response
        try:
            # The page's reading transaction ends; the touch waits its turn to write.
            db.session.rollback()
            with transaction_intent(writes=True):
                sessions.touch(row.id, now)
                db.session.commit()
        except SQLAlchemyError:
            db.session.rollback()
            log.warning("Could not record session use")
        return response


def is_safe_next(target: str | None) -> bool:
    """Only paths on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and not any(ord(c) < 32 for c in target)
