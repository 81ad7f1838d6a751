"""Development tools: the mailbox that shows what the portal would have e-mailed."""

from portal.web.dev.routes import bp

__all__ = ["bp"]
