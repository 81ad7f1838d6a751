"""Who may reach each endpoint. Every view declares exactly one access rule.

The route-access test walks the URL map and fails for a view without one, so a new
route cannot ship without a decision. Anonymous visitors to a staff page are sent to
sign in; signed-in staff without the role get 403 (never a sign-in loop).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from flask import abort, current_app, flash, redirect
from flask_login import current_user

from portal.domain import entities
from portal.domain.entities import Meeting, Model, Role, User
from portal.domain.errors import Refused
from portal.extensions import db

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T", bound=Model)

PUBLIC = "public"
SIGNED_IN = "signed-in"
DEVELOPMENT = "development"


def public(view: F) -> F:
    """Anyone, signed in or not."""
    view.access = PUBLIC  # type: ignore[attr-defined]
    return view


def signed_in(view: F) -> F:
    """Any enabled staff account."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        return view(*args, **kwargs)

    wrapper.access = SIGNED_IN  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def requires_role(*roles: Role) -> Callable[[F], F]:
    """Staff holding at least one of `roles`."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapper.access = frozenset(roles)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


def development_only(view: F) -> F:
    """Only where the dev mailbox is switched on (development and tests); 404 elsewhere."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_app.config.get("SHOW_DEV_MAILBOX"):
            abort(404)
        return view(*args, **kwargs)

    wrapper.access = DEVELOPMENT  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


# Loading what the address names: 404 first, then 403 ---------------------------------


def get_or_404(kind: type[T], ident: object, **owner: object) -> T:
    """The `kind` the address names, or 404: also when it does not belong to what the rest
    of the address names (`post_id=post.id`), so one post's holder is not reached through
    another post. For pages whose access rule (public, or the role decorator) is the whole
    check; `load_for` adds a permission."""
    obj = entities.find(kind, ident)
    if obj is None or any(getattr(obj, column) != value for column, value in owner.items()):
        abort(404)
    return obj


def require(allowed: Callable[..., bool], *about: Any) -> None:
    """403 unless `allowed(current_user, *about)`, a named permissions predicate."""
    if not allowed(current_user, *about):
        abort(403)


def load_for(allowed: Callable[[Any, T], bool], kind: type[T], ident: object) -> T:
    """What a staff page is about: 404 if there is none, and only then 403 if the
    signed-in member of staff may not do this to it (`allowed`, a permissions predicate),
    so a refusal never tells someone without a part in it that it exists."""
    obj = get_or_404(kind, ident)
    require(allowed, obj)
    return obj


def meeting_or_404(meeting_id: int, allowed: Callable[[User, Meeting], bool]) -> Meeting:
    """The meeting a staff page is about (`load_for` a meeting)."""
    return load_for(allowed, Meeting, meeting_id)


# A step the domain refuses: nothing changed, say why, go back ----------------------------


def undo_for(refusal: Exception) -> str:
    """What to tell the person about a refused step, once anything it left pending is undone.
    For a page with a form: show it again with this in its banner, and what was typed kept."""
    db.session.rollback()
    return str(refusal)


@contextlib.contextmanager
def refusal_goes_back(to: str, *, also: tuple[type[Exception], ...] = ()) -> Iterator[None]:
    """Run a domain step for a button that has no text to keep. If the domain refuses it
    (`Refused`, or any of `also`), nothing was changed: the reason goes in a banner and the
    person goes back to `to`. A page with a form uses `undo_for` instead, so what was
    typed stays on the page."""
    try:
        yield
    except (Refused, *also) as refusal:
        flash(undo_for(refusal), "error")
        abort(redirect(to))


def access_of(view: Callable[..., Any]) -> Any:
    return getattr(view, "access", None)
