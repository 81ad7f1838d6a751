from portal.web.staff.routes import bp

__all__ = ["bp"]
