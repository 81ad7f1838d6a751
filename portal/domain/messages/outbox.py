"""Sending what the outbox holds: claim a message, deliver it, record what happened.

A sender first claims a due message with one conditional UPDATE (status `sending`,
`claimed_until` a few minutes ahead), and commits, before delivering it. Another
sender's UPDATE then matches nothing, so two senders never deliver one message. A
sender that dies mid-delivery leaves a claim that lapses, and the message is tried
again. Failures are retried with exponential backoff up to OUTBOX_MAX_ATTEMPTS, then
the message is marked `failed` for a clerk to look at; nothing is ever dropped.

These functions flush; portal/tasks.py commits between the steps.
"""

from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa

from portal.extensions import db
from portal.mail.transports import DeliveryFailed, Transport, scrub
from portal.models import OutboxMessage, OutboxStatus, utcnow

log = logging.getLogger(__name__)

CLAIM_FOR = dt.timedelta(minutes=5)
FIRST_RETRY_AFTER = dt.timedelta(minutes=1)
LONGEST_WAIT = dt.timedelta(hours=6)
_SENDABLE = (OutboxStatus.PENDING, OutboxStatus.SENDING)


def retry_delay(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8... minutes after the 1st, 2nd, 3rd... failure, never more than 6 hours."""
    return min(FIRST_RETRY_AFTER * (2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def _is_due(now: dt.datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        OutboxMessage.status.in_(_SENDABLE),
        OutboxMessage.next_attempt_at <= now,
        sa.or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
    )


def due_message_ids(now: dt.datetime | None = None, limit: int = 50) -> list[int]:
    now = now or utcnow()
    query = (
        sa.select(OutboxMessage.id)
        .where(_is_due(now))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def claim(message_id: int, now: dt.datetime | None = None) -> bool:
    """Take the message for this sender. False if another sender has it or it is not due."""
    now = now or utcnow()
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, _is_due(now))
        .values(status=OutboxStatus.SENDING, claimed_until=now + CLAIM_FOR)
        # Keep a loaded copy of the message in step, so a later change to the claim is written.
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount == 1


def deliver(
    message: OutboxMessage, transport: Transport, *, max_attempts: int, now: dt.datetime | None = None
) -> OutboxStatus:
    """Deliver one claimed message and record the outcome; returns its new status."""
    now = now or utcnow()
    message.attempts += 1
    message.transport = transport.name
    try:
        reference = transport.send(message)
    except DeliveryFailed as error:
        _record_failure(message, error.reason, permanent=error.permanent, max_attempts=max_attempts, now=now)
    except Exception as error:  # a transport bug must not lose the message either
        _record_failure(message, type(error).__name__, permanent=False, max_attempts=max_attempts, now=now)
    else:
        message.status = OutboxStatus.SENT
        message.sent_at = now
        message.claimed_until = None
        message.last_error = None
        message.provider_reference = (reference or None) and reference[:200]
        log.info("Sent %s message %s by %s", message.template, message.id, transport.name)
    db.session.flush()
    return message.status


def _record_failure(
    message: OutboxMessage, reason: str, *, permanent: bool, max_attempts: int, now: dt.datetime
) -> None:
    message.last_error = scrub(reason)
    message.claimed_until = None
    if permanent or message.attempts >= max_attempts:
        message.status = OutboxStatus.FAILED
        log.error(
            "Gave up on %s message %s after %s attempts: %s",
            message.template,
            message.id,
            message.attempts,
            message.last_error,
        )
        return
    message.status = OutboxStatus.PENDING
    message.next_attempt_at = now + retry_delay(message.attempts)
    log.warning(
        "Attempt %s at %s message %s failed (next try %s): %s",
        message.attempts,
        message.template,
        message.id,
        message.next_attempt_at.isoformat(timespec="seconds"),
        message.last_error,
    )


def requeue(message: OutboxMessage, now: dt.datetime | None = None) -> None:
    """Try a failed message again from the start (after fixing the settings, say)."""
    if message.status is not OutboxStatus.FAILED:
        return
    message.status = OutboxStatus.PENDING
    message.attempts = 0
    message.next_attempt_at = now or utcnow()
    db.session.flush()


def messages_newest_first(limit: int = 200) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
            .limit(limit)
        )
    )
