"""The Council Questions Portal."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask

from portal.config import ROOT, config_for


def create_app(overrides: dict[str, Any] | None = None, env: str | None = None) -> Flask:
    """Build the app: config, extensions, templates, blueprints, errors, CLI. Nothing else."""
    config = config_for(env or (overrides or {}).get("PORTAL_ENV"))
    config.check()

    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
        instance_relative_config=False,
    )
    from portal.templating import PortalEnvironment

    app.jinja_environment = PortalEnvironment
    app.config.from_object(config)
    if overrides:
        app.config.update(overrides)
    logging.basicConfig(
        level=app.config["LOG_LEVEL"], format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    from portal.logs import install_redaction

    install_redaction()  # private links never reach a log line

    from portal import cli, errors, templating
    from portal.web import register_blueprints
    from portal.web.boundary import init_boundary
    from portal.web.security import init_security, trust_the_proxy

    init_security(app)
    templating.init_templates(app)
    init_boundary(app)
    register_blueprints(app)
    errors.register_error_handlers(app)
    cli.register_commands(app)
    trust_the_proxy(app)
    return app
