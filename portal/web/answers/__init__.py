from portal.web.answers.routes import bp

__all__ = ["bp"]
