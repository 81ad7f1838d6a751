"""Answers drafted by officers for a post and approved by a holder of that post."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Model, TimestampMixin, UTCDateTime, enum_column, utcnow
from portal.models.committees import Post
from portal.models.questions import Question
from portal.models.statuses import AnswerStatus
from portal.models.users import User


class Answer(TimestampMixin, Model):
    """The written answer to one question. Its text lives in revisions; the current
    one is copied here. `body_html` is always the output of domain/sanitise.py."""

    __tablename__ = "answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("question.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("post.id"), nullable=False)
    status: Mapped[AnswerStatus] = mapped_column(
        enum_column(AnswerStatus, "answer_status"), default=AnswerStatus.DRAFT, nullable=False
    )
    body_source: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)  # what the officer typed
    body_html: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)  # sanitised, for display
    drafted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    returned_comment: Mapped[str | None] = mapped_column(sa.Text)

    question: Mapped[Question] = relationship(backref=sa.orm.backref("answer", uselist=False))
    post: Mapped[Post] = relationship()
    drafted_by: Mapped[User | None] = relationship(foreign_keys=[drafted_by_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    revisions: Mapped[list[AnswerRevision]] = relationship(
        back_populates="answer", order_by="AnswerRevision.number", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint(
            "status <> 'approved' OR (approved_by_id IS NOT NULL AND approved_at IS NOT NULL)",
            name="approved_has_approver",
        ),
        sa.CheckConstraint(
            "status NOT IN ('submitted', 'approved') OR submitted_at IS NOT NULL", name="submitted_has_time"
        ),
        sa.CheckConstraint(
            "status <> 'returned' OR returned_comment IS NOT NULL", name="returned_has_comment"
        ),
        # The holder who approves is never the person who submitted it (DESIGN §2).
        sa.CheckConstraint(
            "approved_by_id IS NULL OR submitted_by_id IS NULL OR approved_by_id <> submitted_by_id",
            name="approver_not_submitter",
        ),
    )


class AnswerRevision(Model):
    """Every saved version of an answer, kept for good."""

    __tablename__ = "answer_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(sa.ForeignKey("answer.id", ondelete="CASCADE"), nullable=False)
    number: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    body_source: Mapped[str] = mapped_column(sa.Text, nullable=False)
    body_html: Mapped[str] = mapped_column(sa.Text, nullable=False)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    note: Mapped[str | None] = mapped_column(sa.String(300))

    answer: Mapped[Answer] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship()

    __table_args__ = (sa.UniqueConstraint("answer_id", "number", name="uq_answer_revision_number"),)


class AnswerTemplate(TimestampMixin, Model):
    """A reusable paragraph or answer for a post, to start a draft from."""

    __tablename__ = "answer_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("post.id", ondelete="CASCADE"), nullable=False)
    title: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    body_source: Mapped[str] = mapped_column(sa.Text, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    is_active: Mapped[bool] = mapped_column(sa.Boolean, default=True, nullable=False)

    post: Mapped[Post] = relationship()
