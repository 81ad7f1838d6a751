"""Error pages that never crash: every status has words, and a plain fallback."""

from __future__ import annotations

import logging

from flask import Flask, Response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.extensions import db

log = logging.getLogger(__name__)

ERROR_WORDS: dict[int, tuple[str, str]] = {
    400: ("Sorry, there is a problem with that request", "Go back and try again."),
    403: ("You do not have permission to see this page", "If you think you should, ask democratic services."),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    405: ("Sorry, that action is not possible here", "Go back and use the buttons on the page."),
    413: ("That is too much to send at once", "Go back and shorten what you entered."),
    429: (
        "You have tried that too many times",
        "Wait a few minutes and try again. Nothing you sent has been lost.",
    ),
    500: ("Sorry, there is a problem with the service", "Try again later. Nothing you sent was saved twice."),
    503: (
        "Sorry, the service is unavailable",
        "The service cannot reach its records at the moment. Try again in a few minutes.",
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
    title, advice = words or ERROR_WORDS.get(code, (f"Error {code}", "Go back and try again."))
    try:
        return render_template(template, code=code, title=title, advice=advice, **context), code
    except Exception:  # the error page itself must never fail
        log.exception("Rendering the %s page failed", code)
        return _plain(code)


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

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response | tuple:
        code = error.code or 500
        words = UPLOAD_TOO_LARGE.get(request.endpoint or "") if code == 413 else None
        response = render_error(code, words=words)
        if code == 405 and isinstance(response, tuple) and error.valid_methods:
            body, status = response
            return body, status, {"Allow": ", ".join(error.valid_methods)}
        return response

    # The database cannot be reached (down, refused, pool exhausted): 503. Other
    # database errors, such as a broken constraint, are faults in the portal: 500.
    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeoutError)
    def database_unavailable(error: Exception) -> Response | tuple:
        log.error("Database error: %s", error.__class__.__name__)
        try:
            db.session.rollback()
        except Exception:
            log.exception("Rollback after a database error failed")
        return render_error(503)

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
