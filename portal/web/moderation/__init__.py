"""Democratic services' moderation pages."""

from portal.web.moderation import numbering, routes  # noqa: F401  (each adds its views to the blueprint)
from portal.web.moderation.blueprint import bp

__all__ = ["bp"]
