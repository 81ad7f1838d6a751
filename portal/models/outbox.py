"""Messages waiting to be sent, written in the same transaction as the change they report."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Model, UTCDateTime, enum_column, utcnow


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"  # gave up after the last retry; a clerk can requeue it


class OutboxMessage(Model):
    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    # What the message is about ("confirm_question", "question_accepted"...), for staff and tests.
    template: Mapped[str] = mapped_column(sa.String(60), nullable=False)
    to_address: Mapped[str] = mapped_column(sa.String(254), nullable=False)
    subject: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    body_text: Mapped[str] = mapped_column(sa.Text, nullable=False)
    headers: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    # A message with the same key is never queued twice (double clicks, retried requests).
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    question_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("question.id", ondelete="SET NULL"), index=True
    )

    status: Mapped[OutboxStatus] = mapped_column(
        enum_column(OutboxStatus, "outbox_status"), default=OutboxStatus.PENDING, nullable=False, index=True
    )
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0, nullable=False)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    # Set while a sender holds the message, so two senders never deliver it twice.
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Set (and committed) just before the message is handed to the mail server or Notify:
    # if the sender then dies, the message may have gone, and is not sent again blindly.
    handed_over_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    transport: Mapped[str | None] = mapped_column(sa.String(20))
    provider_reference: Mapped[str | None] = mapped_column(sa.String(200))

    @property
    def possibly_sent(self) -> bool:
        """Handed over, then the sender stopped before it heard back: it may have been
        delivered. Never resent by itself; a member of staff decides (`outbox resolve`)."""
        handed_over = self.handed_over_at is not None
        return self.status is OutboxStatus.SENDING and handed_over and self.claimed_until is None

    __table_args__ = (
        sa.CheckConstraint("status <> 'sent' OR sent_at IS NOT NULL", name="sent_has_time"),
        sa.Index("ix_outbox_due", "status", "next_attempt_at"),
    )
