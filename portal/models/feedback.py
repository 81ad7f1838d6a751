"""What questioners tell the council afterwards: whether the answer answered their question,
and, for a question not accepted, their request for a review of that decision.

Whether it answered:

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
from portal.models.users import User


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


class ReviewOutcome(enum.StrEnum):
    UPHELD = "upheld"
    OVERTURNED = "overturned"

    @property
    def label(self) -> str:
        return {"upheld": "Decision upheld", "overturned": "Decision overturned"}[self.value]


class RejectionReview(TimestampMixin, Model):
    """A questioner's request that the decision not to accept their question be looked at
    again, and the decision of the committee's chair (or the person the council names)."""

    __tablename__ = "rejection_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One review per question: a question put back in the queue and refused again has had its review.
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("question.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    asked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    grounds: Mapped[str] = mapped_column(sa.Text, nullable=False)  # why the questioner asks
    # The rejection reviewed, as it stood: its ground's title and what the questioner was told.
    rejection_ground_title: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    rejection_explanation: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)
    outcome: Mapped[ReviewOutcome | None] = mapped_column(enum_column(ReviewOutcome, "review_outcome"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    decided_by_name: Mapped[str] = mapped_column(sa.String(200), default="", nullable=False)
    decision_reasons: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)
    # Overturned before the meeting's question deadline: the question went back in the queue.
    back_in_queue: Mapped[bool] = mapped_column(sa.Boolean, default=False, nullable=False)

    question: Mapped[Question] = relationship(backref=sa.orm.backref("review", uselist=False))
    decided_by: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.CheckConstraint("grounds <> ''", name="review_has_grounds"),
        sa.CheckConstraint(
            "(outcome IS NULL AND decided_at IS NULL)"
            " OR (outcome IS NOT NULL AND decided_at IS NOT NULL AND decision_reasons <> '')",
            name="decision_has_reasons",
        ),
        sa.CheckConstraint(
            "back_in_queue = false OR outcome = 'overturned'", name="only_overturned_requeued"
        ),
    )
