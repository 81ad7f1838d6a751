from portal.web.reviews.routes import bp

__all__ = ["bp"]
