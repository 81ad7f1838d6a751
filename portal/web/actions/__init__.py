from portal.web.actions.routes import bp

__all__ = ["bp"]
