from portal.web.importing.routes import bp

__all__ = ["bp"]
