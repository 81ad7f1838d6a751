"""The record of what happened to each question at the meeting.

One QuestionOutcome per question: how it was put, the supplementary question and its
answer, and any written answer promised and sent. Actions arising and comments asked
to be noted hang off the question in order. Every rich-text field keeps what the
clerk typed (`*_source`) and the sanitised HTML from domain/sanitise.py (`*_html`).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Model, TimestampMixin, UTCDateTime, enum_column, utcnow
from portal.models.committees import Meeting, Post
from portal.models.questions import ImmutableRecordError, Question
from portal.models.statuses import Arrival
from portal.models.users import User


class PutOutcome(enum.StrEnum):
    """How the question was dealt with at the meeting."""

    PUT_BY_QUESTIONER = "put_by_questioner"
    READ_ON_BEHALF = "read_on_behalf"
    NOT_PUT = "not_put"

    @property
    def label(self) -> str:
        return {
            "put_by_questioner": "Put by the questioner",
            "read_on_behalf": "Read out on the questioner's behalf",
            "not_put": "Not put",
        }[self.value]


class QuestionOutcome(TimestampMixin, Model):
    __tablename__ = "question_outcome"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("question.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    put: Mapped[PutOutcome | None] = mapped_column(enum_column(PutOutcome, "put_outcome"))
    # Who read the question out, such as "Chair": shown as "Chair (on behalf of ...)".
    read_by: Mapped[str | None] = mapped_column(sa.String(200))

    # How the supplementary reached the council, when the record says so.
    supplementary_arrival: Mapped[Arrival | None] = mapped_column(
        enum_column(Arrival, "supplementary_arrival")
    )
    supplementary_source: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)
    supplementary_html: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)
    # The post or person who answered the supplementary, exactly as the record shows it.
    supplementary_answered_by: Mapped[str] = mapped_column(sa.String(200), default="", nullable=False)
    supplementary_answer_source: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)
    supplementary_answer_html: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)

    written_answer_promised: Mapped[bool] = mapped_column(sa.Boolean, default=False, nullable=False)
    written_answer_due_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    # A past meeting's record that says only "A written response will be provided": the
    # promise stands with no due date, and nothing invents one.
    written_answer_undated: Mapped[bool] = mapped_column(
        sa.Boolean, default=False, server_default=sa.false(), nullable=False
    )
    written_answer_sent_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    written_answer_source: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)
    written_answer_html: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)
    written_answer_recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    written_answer_recorded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    # Where the question, and its supplementary, begin in the meeting's webcast (seconds in).
    webcast_question_at: Mapped[int | None] = mapped_column(sa.Integer)
    webcast_supplementary_at: Mapped[int | None] = mapped_column(sa.Integer)

    question: Mapped[Question] = relationship(backref=sa.orm.backref("outcome", uselist=False))
    written_answer_recorded_by: Mapped[User | None] = relationship(
        foreign_keys=[written_answer_recorded_by_id]
    )
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])

    __table_args__ = (
        sa.CheckConstraint("put <> 'read_on_behalf' OR read_by IS NOT NULL", name="on_behalf_has_reader"),
        sa.CheckConstraint(
            "written_answer_promised = true"
            " OR (written_answer_due_on IS NULL AND written_answer_sent_on IS NULL)",
            name="written_answer_needs_promise",
        ),
        sa.CheckConstraint(
            # A record entered after the event may show only the date a written answer was sent.
            "written_answer_promised = false OR written_answer_due_on IS NOT NULL"
            " OR written_answer_sent_on IS NOT NULL OR written_answer_undated = true",
            name="promise_has_due_date",
        ),
        sa.CheckConstraint(
            "written_answer_sent_on IS NULL OR written_answer_html <> ''", name="sent_answer_has_text"
        ),
        sa.CheckConstraint(
            "written_answer_undated = false"
            " OR (written_answer_promised = true AND written_answer_due_on IS NULL)",
            name="undated_promise_has_no_due_date",
        ),
        sa.CheckConstraint(
            "(webcast_question_at IS NULL OR webcast_question_at >= 0)"
            " AND (webcast_supplementary_at IS NULL OR webcast_supplementary_at >= 0)",
            name="webcast_moments_not_negative",
        ),
    )

    @property
    def written_answer_owed(self) -> bool:
        return self.written_answer_promised and self.written_answer_sent_on is None


class ActionStatus(enum.StrEnum):
    """Where an action arising stands. Overdue is not a status: it is open past its due date."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return {"open": "Open", "done": "Done", "dropped": "Dropped"}[self.value]


class MeetingAction(TimestampMixin, Model):
    """An action arising from a question: lettered a), b)... in `position` order.

    After the meeting it is tracked to done: the post that owns it, when it is due, dated
    updates (ActionUpdate) and whether it is open, done or dropped (with the reason).
    """

    __tablename__ = "meeting_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id", ondelete="CASCADE"), nullable=False)
    position: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    text_source: Mapped[str] = mapped_column(sa.Text, nullable=False)
    text_html: Mapped[str] = mapped_column(sa.Text, nullable=False)
    # Who is to do it, such as "The Committee" or "Children and Young People directorate".
    owner: Mapped[str] = mapped_column(sa.String(200), default="", nullable=False)
    # The post answerable for it: its holders and drafters see it and are told when it is late.
    owner_post_id: Mapped[int | None] = mapped_column(sa.ForeignKey("post.id", ondelete="SET NULL"))
    due_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus, "action_status"), default=ActionStatus.OPEN, nullable=False
    )
    closed_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    dropped_reason: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)

    question: Mapped[Question] = relationship(
        backref=sa.orm.backref(
            "actions", order_by="MeetingAction.position", cascade="all, delete-orphan", lazy="selectin"
        )
    )
    owner_post: Mapped[Post | None] = relationship()
    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action",
        cascade="all, delete-orphan",
        order_by="(ActionUpdate.updated_on, ActionUpdate.id)",
        lazy="selectin",
    )

    __table_args__ = (
        sa.UniqueConstraint("question_id", "position", name="uq_meeting_action_position"),
        sa.CheckConstraint("position >= 0", name="position_not_negative"),
        sa.CheckConstraint("text_html <> ''", name="action_has_text"),
        sa.CheckConstraint("(status = 'open') = (closed_on IS NULL)", name="closed_action_has_date"),
        sa.CheckConstraint("status <> 'dropped' OR dropped_reason <> ''", name="dropped_action_has_reason"),
    )

    @property
    def letter(self) -> str:
        return letter_for(self.position)

    @property
    def is_tracked(self) -> bool:
        """Progress has been recorded, so the record of the meeting may not lose it."""
        return bool(self.updates) or self.status is not ActionStatus.OPEN

    def is_overdue(self, today: dt.date) -> bool:
        return self.status is ActionStatus.OPEN and self.due_on is not None and self.due_on < today

    @property
    def last_updated_on(self) -> dt.date | None:
        dates = [u.updated_on for u in self.updates]
        if self.closed_on:
            dates.append(self.closed_on)
        return max(dates, default=None)


class ActionUpdate(Model):
    """A dated note of progress on an action ("date updated" in a committee's tracker). Never changed."""

    __tablename__ = "action_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting_action.id", ondelete="CASCADE"), nullable=False, index=True
    )
    updated_on: Mapped[dt.date] = mapped_column(sa.Date, nullable=False)
    body_source: Mapped[str] = mapped_column(sa.Text, nullable=False)
    body_html: Mapped[str] = mapped_column(sa.Text, nullable=False)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    action: Mapped[MeetingAction] = relationship(back_populates="updates")
    recorded_by: Mapped[User | None] = relationship()

    __table_args__ = (sa.CheckConstraint("body_html <> ''", name="update_has_text"),)


class NotedComment(TimestampMixin, Model):
    """A comment someone at the meeting asked to be noted, such as one from a parents' forum."""

    __tablename__ = "noted_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id", ondelete="CASCADE"), nullable=False)
    position: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    heading: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    body_source: Mapped[str] = mapped_column(sa.Text, nullable=False)
    body_html: Mapped[str] = mapped_column(sa.Text, nullable=False)

    question: Mapped[Question] = relationship(
        backref=sa.orm.backref(
            "noted_comments", order_by="NotedComment.position", cascade="all, delete-orphan", lazy="selectin"
        )
    )

    __table_args__ = (
        sa.UniqueConstraint("question_id", "position", name="uq_noted_comment_position"),
        sa.CheckConstraint("position >= 0", name="position_not_negative"),
        sa.CheckConstraint("heading <> '' OR body_html <> ''", name="comment_not_empty"),
    )


class FollowUp(TimestampMixin, Model):
    """A follow-up inside an exchange: a committee member's question after the
    supplementary (to the director, say) and its answer, in `position` order."""

    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id", ondelete="CASCADE"), nullable=False)
    position: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    asked_by: Mapped[str] = mapped_column(sa.String(200), nullable=False)  # "Cllr J Hewitt", as recorded
    question_source: Mapped[str] = mapped_column(sa.Text, nullable=False)
    question_html: Mapped[str] = mapped_column(sa.Text, nullable=False)
    answered_by: Mapped[str] = mapped_column(sa.String(300), default="", nullable=False)
    answer_source: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)
    answer_html: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)

    question: Mapped[Question] = relationship(
        backref=sa.orm.backref(
            "follow_ups", order_by="FollowUp.position", cascade="all, delete-orphan", lazy="selectin"
        )
    )

    __table_args__ = (
        sa.UniqueConstraint("question_id", "position", name="uq_follow_up_position"),
        sa.CheckConstraint("position >= 0", name="position_not_negative"),
        sa.CheckConstraint("question_html <> ''", name="follow_up_has_question"),
        sa.CheckConstraint("asked_by <> ''", name="follow_up_has_asker"),
    )


class MeetingRecordEvent(Model):
    """Something recorded about the meeting as a whole (its actual times). Never changed."""

    __tablename__ = "meeting_record_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    verb: Mapped[str] = mapped_column(sa.String(50), nullable=False)
    title: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    data: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)

    meeting: Mapped[Meeting] = relationship(
        backref=sa.orm.backref(
            "record_events", order_by="MeetingRecordEvent.id", cascade="all, delete-orphan"
        )
    )
    actor: Mapped[User | None] = relationship()


def letter_for(position: int) -> str:
    """a, b, ... z, aa, ab...: how actions are lettered in the minutes."""
    letters = ""
    n = position
    while True:
        n, rest = divmod(n, 26)
        letters = chr(ord("a") + rest) + letters
        if n == 0:
            return letters
        n -= 1


@event.listens_for(ActionUpdate, "before_update")
@event.listens_for(MeetingRecordEvent, "before_update")
def _forbid_update(mapper: Any, connection: Any, target: Any) -> None:
    state = sa.inspect(target)
    if any(state.attrs[c.key].history.has_changes() for c in mapper.column_attrs):
        raise ImmutableRecordError(f"{type(target).__name__} rows are never changed once written")


class TextPart(enum.StrEnum):
    """The texts of a question's record that a clerk can give in the other language."""

    QUESTION = "question"
    ANSWER = "answer"
    SUPPLEMENTARY_QUESTION = "supplementary_question"
    SUPPLEMENTARY_ANSWER = "supplementary_answer"

    @property
    def label(self) -> str:
        return {
            "question": "question",
            "answer": "answer",
            "supplementary_question": "supplementary question",
            "supplementary_answer": "supplementary answer",
        }[self.value]


class RecordTranslation(TimestampMixin, Model):
    """The council's own translation of one text of a question's record: the question, its
    answer, the supplementary question or its answer, in `language` (the original is in the
    other). The question is plain text like the original; the rest keep what the clerk
    typed (`source`) and the sanitised HTML from domain/sanitise.py (`html`)."""

    __tablename__ = "record_translation"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("question.id", ondelete="CASCADE"), nullable=False, index=True
    )
    part: Mapped[TextPart] = mapped_column(enum_column(TextPart, "text_part"), nullable=False)
    language: Mapped[str] = mapped_column(sa.String(2), nullable=False)
    source: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)
    html: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    question: Mapped[Question] = relationship(
        backref=sa.orm.backref("translations", cascade="all, delete-orphan", order_by="RecordTranslation.id")
    )
    updated_by: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("question_id", "part", name="uq_record_translation_part"),
        sa.CheckConstraint("language IN ('en', 'cy')", name="translation_language_known"),
    )
