from portal.web.audit.routes import bp

__all__ = ["bp"]
