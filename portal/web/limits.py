"""How much a request may send.

MAX_CONTENT_LENGTH caps every request (nginx's client_max_body_size says the same).
Below it, each page gets the limit its forms need: public pages PUBLIC_FORM_MAX_LENGTH
(a question is a few hundred words), staff pages STAFF_FORM_MAX_LENGTH (an answer with
tables), and the import page IMPORT_UPLOAD_MAX_LENGTH (old committee papers). Anything
larger is refused with 413 before it is read, never parsed or echoed.
"""

from __future__ import annotations

from flask import Flask, current_app, request

from portal.web.access import PUBLIC, access_of

# Pages that take uploaded documents, which may be larger than any form.
UPLOADS = frozenset({"importing.index"})


def _limit_this_request() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None:
        return
    config = current_app.config
    key = "PUBLIC_FORM_MAX_LENGTH" if access_of(view) == PUBLIC else "STAFF_FORM_MAX_LENGTH"
    limit = min(int(config[key]), int(config["MAX_CONTENT_LENGTH"] or config[key]))
    request.max_form_memory_size = limit
    if request.endpoint in UPLOADS:
        # Old committee papers: files of up to 20 MB each (nginx allows the same here).
        limit = int(config["IMPORT_UPLOAD_MAX_LENGTH"])
    request.max_content_length = limit


def init_request_limits(app: Flask) -> None:
    # First of all: CSRF protection and the rate limiter read the form in their own hooks.
    app.before_request_funcs.setdefault(None, []).insert(0, _limit_this_request)
