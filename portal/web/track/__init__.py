"""The questioner's private tracking pages (`/questions/<token>`)."""

from portal.web.track.routes import bp

__all__ = ["bp"]
