from portal.web.public.routes import bp

__all__ = ["bp"]
