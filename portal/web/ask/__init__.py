"""The public asking journey (`/ask`)."""

from portal.web.ask import confirm, routes  # noqa: F401  (each adds its views to the blueprint)
from portal.web.ask.journey import bp

__all__ = ["bp"]
