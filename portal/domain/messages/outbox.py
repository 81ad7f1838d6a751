"""Sending what the outbox holds: claim a message, deliver it, record what happened.

Effectively once (docs/decisions/0120-mail-effectively-once.md):

1. claim: one conditional UPDATE (status `sending`, `claimed_until` a little ahead),
   committed, so another sender's UPDATE matches nothing;
2. hand over: `handed_over_at` is committed just before the point of no return (the
   SMTP DATA command, Notify's POST), and the message goes with a stable Message-ID
   (SMTP) or reference (Notify), the same on every attempt;
3. mark: `sent`, committed.

A sender that dies before step 2 leaves a claim that lapses, and the message is sent
again: it cannot have left. One that dies between 2 and 3 leaves a message that may have
gone. Then Notify is asked by reference (found: marked sent; not found: sent again with
the same reference); for SMTP, which cannot be asked, the message is recorded as
possibly sent and never resent by itself: staff see it (`outbox possibly-sent`) and
decide (`outbox resolve`). Failures are retried with backoff up to OUTBOX_MAX_ATTEMPTS,
then marked `failed` for a clerk to look at; nothing is ever dropped.

These functions flush; portal/tasks.py commits between the steps.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

import sqlalchemy as sa

from portal.domain.errors import Refused
from portal.extensions import db
from portal.mail.transports import DeliveryFailed, Transport, scrub, stable_message_id
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
        # A message already handed over is never due again by itself (see recover_in_doubt).
        OutboxMessage.handed_over_at.is_(None),
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


def claim(message_id: int, now: dt.datetime | None = None, *, claim_for: dt.timedelta = CLAIM_FOR) -> bool:
    """Take the message for this sender. False if another sender has it or it is not due."""
    now = now or utcnow()
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, _is_due(now))
        .values(status=OutboxStatus.SENDING, claimed_until=now + claim_for)
        # Keep a loaded copy of the message in step, so a later change to the claim is written.
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount == 1


def deliver(
    message: OutboxMessage,
    transport: Transport,
    *,
    max_attempts: int,
    now: dt.datetime | None = None,
    on_handover: Callable[[], None] | None = None,
) -> OutboxStatus:
    """Deliver one claimed message and record the outcome; returns its new status.

    `on_handover` runs once `handed_over_at` is flushed, just before the point of no
    return; the sender commits there, so a crash afterwards is known about."""
    now = now or utcnow()
    message.attempts += 1
    message.transport = transport.name

    def handover() -> None:
        message.handed_over_at = utcnow()
        db.session.flush()
        if on_handover is not None:
            on_handover()

    try:
        reference = transport.send(message, handover)
    except DeliveryFailed as error:
        if error.possibly_delivered and message.handed_over_at is not None:
            _record_possibly_sent(message, error.reason)
        else:
            _record_failure(
                message, error.reason, permanent=error.permanent, max_attempts=max_attempts, now=now
            )
    except Exception as error:  # a transport bug must not lose the message either
        if message.handed_over_at is not None:
            _record_possibly_sent(message, type(error).__name__)
        else:
            _record_failure(
                message, type(error).__name__, permanent=False, max_attempts=max_attempts, now=now
            )
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
    message.handed_over_at = None  # refused for certain: it did not go
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


POSSIBLY_SENT_NOTE = (
    "Possibly sent: {why}. It is not sent again by itself; look for its Message-ID in the "
    "mail server's log (flask outbox possibly-sent lists it) or ask the recipient, then mark "
    "it sent or send it again (flask outbox resolve)"
)


def _record_possibly_sent(message: OutboxMessage, why: str) -> None:
    message.claimed_until = None
    message.last_error = scrub(POSSIBLY_SENT_NOTE.format(why=why))
    log.warning(
        "%s message %s was possibly sent (%s); not sending it again", message.template, message.id, why
    )


def message_id_for(message: OutboxMessage) -> str:
    """The Message-ID the message goes (or went) with, as the relay's log shows it."""
    from flask import current_app

    return stable_message_id(message, str(current_app.config.get("MAIL_FROM") or ""))


def recover_in_doubt(transport: Transport, now: dt.datetime | None = None) -> list[OutboxMessage]:
    """Messages handed over by a sender that then stopped (its claim lapsed): ask Notify
    by reference where the transport can; otherwise record each as possibly sent. Returns
    the messages now possibly sent."""
    now = now or utcnow()
    stranded = db.session.scalars(
        sa.select(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.handed_over_at.is_not(None),
            OutboxMessage.claimed_until.is_not(None),
            OutboxMessage.claimed_until < now,
        )
        .order_by(OutboxMessage.id)
    ).all()
    in_doubt = []
    lookup = getattr(transport, "lookup", None)
    for message in stranded:
        if lookup is not None and message.transport == transport.name:
            try:
                found = lookup(message)
            except DeliveryFailed as error:
                log.warning("Could not ask about message %s yet: %s", message.id, error.reason)
                continue
            if found is not None:
                message.status = OutboxStatus.SENT
                message.sent_at = message.handed_over_at
                message.claimed_until = None
                message.provider_reference = found[:200]
                log.info("Message %s had been sent (found by its reference); marked sent", message.id)
            else:
                message.status = OutboxStatus.PENDING
                message.handed_over_at = None
                message.claimed_until = None
                message.next_attempt_at = now
                log.info("Message %s never arrived at %s; sending it again", message.id, transport.name)
            continue
        _record_possibly_sent(message, "the sender stopped after handing it over, before hearing back")
        in_doubt.append(message)
    db.session.flush()
    return in_doubt


def message(message_id: int) -> OutboxMessage | None:
    return db.session.get(OutboxMessage, message_id)


def possibly_sent_messages() -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(
                OutboxMessage.status == OutboxStatus.SENDING,
                OutboxMessage.handed_over_at.is_not(None),
                OutboxMessage.claimed_until.is_(None),
            )
            .order_by(OutboxMessage.id)
        )
    )


def resolve_possibly_sent(message: OutboxMessage, *, was_sent: bool, now: dt.datetime | None = None) -> None:
    """A member of staff's decision on a possibly sent message: it arrived (marked sent),
    or it did not (sent again, with the same Message-ID)."""
    if not message.possibly_sent:
        raise Refused(f"Message {message.id} is not waiting for a decision")
    now = now or utcnow()
    if was_sent:
        message.status = OutboxStatus.SENT
        message.sent_at = message.handed_over_at
        message.last_error = None
    else:
        message.status = OutboxStatus.PENDING
        message.handed_over_at = None
        message.next_attempt_at = now
    db.session.flush()


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
