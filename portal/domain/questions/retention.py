"""Removing questioners' contact details once they are no longer needed.

RETENTION_DAYS after the meeting a question was for, its e-mail address, phone number,
address and postcode are removed. The name, town and words stay: they are part of the
public record (and how the record shows the questioner). Messages about the question
that were already sent go too, since they hold the address.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import current_app

from portal.domain.lifecycle import SYSTEM, record_event
from portal.extensions import db
from portal.models import Meeting, OutboxMessage, OutboxStatus, Question, utcnow


def retention_days() -> int:
    return int(current_app.config["RETENTION_DAYS"])


def purge_contact_details(now: dt.datetime | None = None) -> int:
    """Purge every question due for it. Returns how many questions were purged."""
    now = now or utcnow()
    cutoff = now - dt.timedelta(days=retention_days())
    due = db.session.scalars(
        sa.select(Question)
        .join(Meeting, Meeting.id == Question.meeting_id)
        .where(Meeting.starts_at < cutoff, Question.personal_data_purged_at.is_(None))
        .order_by(Question.id)
    ).all()
    for question in due:
        question.email = None
        question.email_normalised = None
        question.phone = None
        question.address_line_1 = None
        question.address_line_2 = None
        question.postcode = None
        question.personal_data_purged_at = now
        record_event(
            question,
            "personal_data_purged",
            title="Contact details deleted",
            actor=None,
            actor_kind=SYSTEM,
            public=False,
            internal_note=f"Removed {retention_days()} days after the meeting, as the privacy notice says.",
            now=now,
        )
        db.session.execute(
            sa.delete(OutboxMessage).where(
                OutboxMessage.question_id == question.id,
                OutboxMessage.status.in_([OutboxStatus.SENT, OutboxStatus.FAILED]),
            )
        )
    db.session.flush()
    return len(due)
