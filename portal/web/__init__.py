"""Blueprints, one per area. Each module exposes `bp`."""

from __future__ import annotations

import importlib

from flask import Flask

from portal.web.navigation import init_navigation
from portal.web.page_cache import init_page_cache

BLUEPRINT_MODULES = (
    "portal.web.health",
    "portal.web.public",
    "portal.web.accounts",
    "portal.web.staff",
    "portal.web.admin",
    "portal.web.ask",
    "portal.web.track",
    "portal.web.data",
    "portal.web.member_questions",
    "portal.web.dev",
    "portal.web.moderation",
    "portal.web.answers",
    "portal.web.audit",
    "portal.web.records",
    "portal.web.actions",
    "portal.web.feedback",
    "portal.web.reviews",
    "portal.web.publishing",
    "portal.web.importing",
    "portal.web.console",
    "portal.web.mail",
    "portal.web.past_records",
    "portal.web.archive",
    "portal.web.api",
    "portal.web.language",
)


def register_blueprints(app: Flask) -> None:
    from portal.web.accounts.auth import init_sessions
    from portal.web.language import init_language
    from portal.web.limits import init_request_limits

    init_language(app)
    init_navigation(app)
    init_page_cache(app)
    # After the request boundary, so these run before its commit.
    init_sessions(app)
    init_request_limits(app)
    for name in BLUEPRINT_MODULES:
        module = importlib.import_module(name)
        app.register_blueprint(module.bp)
