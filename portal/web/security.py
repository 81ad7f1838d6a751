"""Extensions that guard requests: database, CSRF, sign-in, rate limits, headers."""

from __future__ import annotations

import sys

import click
from flask import Flask
from sqlalchemy import orm as sa_orm
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.extensions import csrf, db, limiter, login_manager, talisman

# Scripts and styles come only from this site; no inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def trust_the_proxy(app: Flask) -> None:
    """Behind nginx, take the client's address, scheme and host from its headers. The
    outermost layer, so everything inside (the page cache's door too) sees them."""
    if app.config.get("PROXY_FIX"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]


def init_migrations(app: Flask) -> None:
    """Flask-Migrate's `flask db` commands, for the `flask` command and for a program that
    loaded Flask-Migrate to migrate before it made the app. Alembic and Mako take some
    10 MB, and a gunicorn worker, which only serves pages, never loads them."""
    if click.get_current_context(silent=True) is None and "flask_migrate" not in sys.modules:
        return
    from flask_migrate import Migrate

    Migrate(app, db, directory=str(app.root_path + "/../migrations"), compare_type=True, render_as_batch=True)


def init_security(app: Flask) -> None:
    import portal.domain.entities  # noqa: F401  (the whole schema, for Alembic and relationships)

    # Backrefs (Question.outcome) exist only once the mappers are configured, which the
    # first query does; a page whose query names one would fail as a process's first page.
    sa_orm.configure_mappers()

    db.init_app(app)
    init_migrations(app)
    csrf.init_app(app)
    limiter.init_app(app)

    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = "Sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=app.config["FORCE_HTTPS"],
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        content_security_policy=CONTENT_SECURITY_POLICY,
        content_security_policy_nonce_in=["script-src"],
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy={"geolocation": "()", "camera": "()", "microphone": "()"},
    )

    from portal.web.accounts.auth import load_user
    from portal.web.accounts.sso import init_single_sign_on

    login_manager.user_loader(load_user)
    init_single_sign_on(app)
