from portal.web.console.routes import bp

__all__ = ["bp"]
