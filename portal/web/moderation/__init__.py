from portal.web.moderation.routes import bp

__all__ = ["bp"]
