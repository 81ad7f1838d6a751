from portal.web.past_records.routes import bp

__all__ = ["bp"]
