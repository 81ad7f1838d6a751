from portal.web.data.routes import bp

__all__ = ["bp"]
