from portal.web.accounts import second_factor, sso  # noqa: F401 (their routes)
from portal.web.accounts.routes import bp

__all__ = ["bp"]
