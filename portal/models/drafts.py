"""A question being written: the answers given so far, kept on the server until submitted.

The browser holds only the draft's unguessable key (in the session cookie), so a
long question fits, nothing typed is lost between pages, and personal details never
travel in a cookie. Drafts are deleted when the question is submitted, and old ones
are purged (see portal/domain/asking/drafts.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Model, UTCDateTime, utcnow
from portal.models.committees import Meeting
from portal.models.questions import Question


class QuestionDraft(Model):
    __tablename__ = "question_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Held in the questioner's session; the only way to reach the draft.
    key: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    # Becomes Question.submission_key: submitting the same draft twice finds the first question.
    submission_key: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id", ondelete="SET NULL"))
    # "Fix and resubmit" after a rejection starts a draft from the rejected question.
    resubmission_of_id: Mapped[int | None] = mapped_column(sa.ForeignKey("question.id", ondelete="SET NULL"))
    # The answers, by field name: details, question text, who it is for.
    answers: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict, nullable=False)
    # A form's hidden trap field was filled in: treated as automated, never submitted.
    is_suspect: Mapped[bool] = mapped_column(sa.Boolean, default=False, nullable=False)

    meeting: Mapped[Meeting | None] = relationship()
    resubmission_of: Mapped[Question | None] = relationship()

    def __repr__(self) -> str:
        return f"<QuestionDraft {self.id}>"
