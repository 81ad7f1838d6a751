from portal.web.mail.routes import bp

__all__ = ["bp"]
