"""Member questions: councillors ask a committee a written question (`/staff/member-questions`)."""

from portal.web.member_questions.routes import bp

__all__ = ["bp"]
