"""Officers' and post holders' answer pages, and answer templates."""

from portal.web.answers import routes, template_routes  # noqa: F401  (each adds its views to the blueprint)
from portal.web.answers.blueprint import bp

__all__ = ["bp"]
