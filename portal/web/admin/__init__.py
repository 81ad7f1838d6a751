from portal.web.admin import committees, meetings, posts, procedures, reference, security, users  # noqa: F401  (routes)
from portal.web.admin.routes import bp

__all__ = ["bp"]
