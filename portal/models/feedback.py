"""What questioners tell the council after the answer: whether it answered their question.

One response per question, which the questioner can change until the committee's next
meeting. The reason is private to the council; only the counts are ever public.
"""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Model, TimestampMixin, UTCDateTime, enum_column, utcnow
from portal.models.questions import Question


class Verdict(enum.StrEnum):
    ANSWERED = "answered"
    PARTLY = "partly"
    NOT_ANSWERED = "not_answered"

    @property
    def label(self) -> str:
        return {
            "answered": "Yes, it answered my question",
            "partly": "It partly answered my question",
            "not_answered": "No, it did not answer my question",
        }[self.value]

    @property
    def short(self) -> str:
        return {"answered": "Answered", "partly": "Partly answered", "not_answered": "Not answered"}[
            self.value
        ]


class AnswerFeedback(TimestampMixin, Model):
    __tablename__ = "answer_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique: one response per question, even when two are sent at once.
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("question.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    verdict: Mapped[Verdict] = mapped_column(enum_column(Verdict, "feedback_verdict"), nullable=False)
    reason: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)
    given_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    changes: Mapped[int] = mapped_column(sa.Integer, default=0, nullable=False)

    question: Mapped[Question] = relationship(backref=sa.orm.backref("feedback", uselist=False))

    __table_args__ = (sa.CheckConstraint("changes >= 0", name="changes_not_negative"),)
