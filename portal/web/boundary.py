"""The transaction boundary: one commit at the end of a successful state-changing request.

Domain functions only flush. A POST that ends in a 2xx or 3xx commits here; anything
else rolls back. A GET never writes: in tests a flush during a GET fails loudly.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session

from portal.errors import render_error, unavailable_page
from portal.extensions import SAFE_METHODS, db

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])


class WriteDuringSafeRequest(RuntimeError):
    pass


def writes_on_get(view: F) -> F:
    """The one kind of GET that changes data: a page another site sends people back to
    (single sign-on's callback). It commits like a POST, and on SQLite its transaction
    takes the write lock from the start, as a POST's does (portal/extensions.py)."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        g.writes_on_get = True
        return view(*args, **kwargs)

    wrapper.writes_on_get = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def init_boundary(app: Flask) -> None:
    @app.after_request
    def commit_successful_changes(response: Response) -> Response:
        if (request.method in SAFE_METHODS and not g.get("writes_on_get")) or g.get("skip_commit"):
            return response
        if response.status_code < 400:
            try:
                db.session.commit()
            except (OperationalError, InterfaceError, PoolTimeoutError):
                # The database stopped answering at the last moment: nothing was written,
                # and the person is told so instead of seeing the page that was built.
                log.error("Commit failed at the end of %s %s: no database", request.method, request.path)
                return unavailable_page()
            except SQLAlchemyError:
                db.session.rollback()
                log.exception("Commit failed at the end of %s %s", request.method, request.path)
                page = render_error(500)
                return page if isinstance(page, Response) else Response(page[0], status=500)
        else:
            db.session.rollback()
        return response


@event.listens_for(Session, "before_flush")
def _forbid_writes_on_safe_requests(session: Session, flush_context: object, instances: object) -> None:
    """In tests, a GET that changes data fails, naming what it tried to write."""
    if not has_request_context() or request.method not in SAFE_METHODS or not current_app.testing:
        return
    if g.get("writes_on_get"):
        return
    if session.new or session.dirty or session.deleted:
        changed = sorted({type(o).__name__ for o in (*session.new, *session.dirty, *session.deleted)})
        raise WriteDuringSafeRequest(f"{request.method} {request.path} tried to write {changed}")
