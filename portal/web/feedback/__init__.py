from portal.web.feedback.routes import bp

__all__ = ["bp"]
