from portal.web.publishing.routes import bp

__all__ = ["bp"]
