from portal.web.records.routes import bp

__all__ = ["bp"]
