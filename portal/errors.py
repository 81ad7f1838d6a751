"""Error pages that never crash: every status has words, and a plain fallback."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, current_app, g, render_template, request, session
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import Forbidden, HTTPException, InternalServerError

from portal.domain.errors import NotPermitted
from portal.extensions import db, login_manager

log = logging.getLogger(__name__)

ERROR_WORDS: dict[int, tuple[Any, Any]] = {
    400: (_l("Sorry, there is a problem with that request"), _l("Go back and try again.")),
    403: (
        _l("You do not have permission to see this page"),
        _l("If you think you should, ask democratic services."),
    ),
    404: (_l("Page not found"), _l("If you typed the web address, check it is correct.")),
    405: (_l("Sorry, that action is not possible here"), _l("Go back and use the buttons on the page.")),
    413: (_l("That is too much to send at once"), _l("Go back and shorten what you entered.")),
    429: (
        _l("You have tried that too many times"),
        _l("Wait a few minutes and try again. Nothing you sent has been lost."),
    ),
    500: (
        _l("Sorry, there is a problem with the service"),
        _l("Try again later. Nothing you sent was saved twice."),
    ),
    503: (
        _l("Sorry, the service is unavailable"),
        _l("The service cannot reach its records at the moment. Try again in a few minutes."),
    ),
}

# Fields never shown back on the "form expired" page.
NOT_SHOWN_BACK = {
    "csrf_token",
    "password",
    "new_password",
    "current_password",
    "confirm_password",
    "website",
    "code",
}


def _plain(code: int) -> Response:
    title, advice = ERROR_WORDS.get(code, ERROR_WORDS[500])
    return Response(f"{title}\n\n{advice}\n", status=code, mimetype="text/plain")


# Pages whose requests carry files: what to do when the files are too large.
UPLOAD_TOO_LARGE = {
    "importing.index": (
        "The documents are too large to upload at once",
        "Each document must be smaller than 20 MB. Go back and upload fewer at a time, or ask for them "
        "to be imported from a folder with the archive import command. Nothing was imported.",
    ),
}


def render_error(
    code: int, template: str = "errors/error.html", words: tuple[str, str] | None = None, **context: object
) -> Response | tuple:
    title, advice = words or ERROR_WORDS.get(
        code, (_l("Error %(code)s", code=code), _l("Go back and try again."))
    )
    try:
        return render_template(template, code=code, title=title, advice=advice, **context), code
    except Exception:  # the error page itself must never fail
        log.exception("Rendering the %s page failed", code)
        return _plain(code)


def _who_can_help() -> dict[str, object]:
    """For a member of staff refused a page: whom the page is for, what their own account
    may do, and the administrators who can change that, so the 403 page is not a dead end."""
    from flask_login import current_user

    from portal.domain.people.accounts import administrators
    from portal.models.users import ROLE_LABELS, Role

    try:
        if not current_user.is_authenticated:
            return {}
        view = current_app.view_functions.get(request.endpoint or "")
        access = getattr(view, "access", None)
        needed = sorted(access, key=list(ROLE_LABELS).index) if isinstance(access, frozenset) else []
        return {
            "needed": [ROLE_LABELS[role] for role in needed],
            "yours": [ROLE_LABELS[role] for role in sorted(current_user.roles, key=list(ROLE_LABELS).index)],
            "admins": [a for a in administrators() if a.id != current_user.id],
            "is_admin": current_user.has_role(Role.ADMIN),
        }
    except Exception:  # the error page must never fail for want of its help
        log.exception("Finding who can help on the 403 page failed")
        return {}


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def form_expired(error: CSRFError) -> Response | tuple:
        # Show back what they typed, so nothing is lost, and let them start again.
        typed = [
            (key, value)
            for key, value in request.form.items(multi=True)
            if key not in NOT_SHOWN_BACK and value.strip()
        ]
        return render_error(400, "errors/expired.html", typed=typed, back_to=request.path)

    @app.errorhandler(NotPermitted)
    def not_permitted(error: NotPermitted) -> Response | tuple:
        # Any verb's refusal of the person (not of the step): the 403 page, whatever the route.
        db.session.rollback()
        return http_error(Forbidden())

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response | tuple:
        code = error.code or 500
        words = UPLOAD_TOO_LARGE.get(request.endpoint or "") if code == 413 else None
        response = render_error(code, words=words, **(_who_can_help() if code == 403 else {}))
        if code == 405 and isinstance(response, tuple) and error.valid_methods:
            body, status = response
            return body, status, {"Allow": ", ".join(error.valid_methods)}
        return response

    # The database cannot be reached (down, refused, locked too long, pool exhausted): 503.
    # Other database errors, such as a broken constraint, are faults in the portal: 500.
    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeoutError)
    def database_unavailable(error: Exception) -> Response | tuple:
        log.error("Database error on %s %s: %s", request.method, request.path, error.__class__.__name__)
        return unavailable_page()

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response | tuple:
        if isinstance(error, HTTPException):
            return http_error(error)
        log.exception("Unhandled error on %s %s", request.method, request.path)
        try:
            db.session.rollback()
        except Exception:
            log.exception("Rollback after an error failed")
        return render_error(InternalServerError.code)


# What a form on these pages had not yet done when the database stopped answering.
NOT_DONE_YET: dict[str, str] = {
    "ask.check": "Your question has not been sent. Your answers are kept: sending it again "
    "will not count as a second question.",
}
# Sent again by "Try again", but not shown as something the person typed.
NOT_LISTED = {"submission_key", "expected_status", "version"}


def unavailable_page() -> Response:
    """The one "service unavailable" page, for everyone, rendered without the database.

    Whatever the request had changed is rolled back. For a form, what the person typed is
    shown back and can be sent again as it was with one button, so nothing typed is lost.
    """
    try:
        db.session.rollback()
    except Exception:
        log.exception("Rollback after a database error failed")
    # Nothing the request did stands, in the browser's session either (a draft forgotten,
    # a question marked as sent): put back the session the request arrived with.
    try:
        arrived = current_app.session_interface.open_session(current_app, request)
        if arrived is not None:
            session.clear()
            session.update(arrived)
    except Exception:
        log.exception("Could not put the session back after a database error")
    # The page must not ask the database who is signed in: it is not answering.
    g._login_user = login_manager.anonymous_user()
    typed: list[tuple[str, str]] = []
    resend: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            fields = list(request.form.items(multi=True))
        except Exception:  # a body that cannot be read is not shown back
            fields = []
        resend = [(key, value) for key, value in fields if key not in NOT_SHOWN_BACK]
        typed = [(key, value) for key, value in resend if key not in NOT_LISTED and value.strip()]
    response = render_error(
        503,
        "errors/unavailable.html",
        typed=typed,
        resend=resend,
        was_form=request.method == "POST",
        not_done=NOT_DONE_YET.get(request.endpoint or ""),
        database_unavailable=True,
    )
    if isinstance(response, tuple):
        response = Response(response[0], status=response[1], mimetype="text/html")
    response.headers["Retry-After"] = "60"
    response.headers["Cache-Control"] = "no-store"
    return response
