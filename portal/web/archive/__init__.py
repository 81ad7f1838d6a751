from portal.web.archive import alerts, feeds  # noqa: F401  (their routes join the blueprint)
from portal.web.archive.routes import bp

__all__ = ["bp"]
