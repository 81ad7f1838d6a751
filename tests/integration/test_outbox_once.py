"""E-mail goes effectively once, even when the sender is killed part-way.

Against a real local SMTP server (aiosmtpd) and a stand-in for Notify's client: a
message handed over before the sender died is never sent again blindly; one that never
left is sent; staff decide about the ones that may have gone."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from portal.domain.messages import outbox
from portal.extensions import db
from portal.mail.transports import NotifyTransport, SmtpTransport
from portal.models import OutboxMessage, OutboxStatus, utcnow
from portal.tasks import send_outbox_once
from tests.integration import test_outbox
from tests.integration.test_outbox import SENDER, Inbox, free_port, queue, smtp

smtp_server = test_outbox.smtp_server  # the local SMTP server fixture, shared


class Killed(BaseException):
    """SIGKILL, as far as the code under test can tell: nothing after it runs."""


def deliver_then_die(message: OutboxMessage, transport, *, die_after_handover: bool) -> None:
    """One sender's go at `message`, killed either just after it committed the handover
    (before anything left) or just after the server accepted the message (before it was
    marked sent)."""
    assert outbox.claim(message.id)
    db.session.commit()

    def handover_then_maybe_die() -> None:
        db.session.commit()
        if die_after_handover:
            raise Killed

    class DiesAfterSending(type(transport)):
        def send(self, msg, handover):
            super().send(msg, handover)
            raise Killed

    dying = transport
    if not die_after_handover:
        dying = DiesAfterSending.__new__(DiesAfterSending)
        dying.__dict__.update(transport.__dict__)
    with pytest.raises(Killed):
        outbox.deliver(message, dying, max_attempts=8, on_handover=handover_then_maybe_die)
    db.session.rollback()  # whatever the dead sender had not committed is gone
    db.session.expire_all()


def claims_lapse() -> None:
    db.session.execute(sa.update(OutboxMessage).values(claimed_until=utcnow() - outbox.CLAIM_FOR))
    db.session.commit()
    db.session.expire_all()


def test_the_message_id_is_the_same_on_every_attempt(app, smtp_server):
    inbox, port = smtp_server
    message = queue()
    first = smtp(port).build(message)["Message-ID"]
    assert first == smtp(port).build(message)["Message-ID"]
    assert first == f"<outbox-{message.id}.{int(message.created_at.timestamp())}@kingsmere.gov.uk>"
    inbox.data_reply = "451 4.3.0 Try again later"
    send_outbox_once(smtp(port))
    inbox.data_reply = None
    db.session.execute(sa.update(OutboxMessage).values(next_attempt_at=utcnow()))
    send_outbox_once(smtp(port))
    assert [m["Message-ID"] for m in inbox.received] == [first]


def test_killed_after_the_server_accepted_it_is_not_sent_again(app, smtp_server):
    inbox, port = smtp_server
    message = queue()
    deliver_then_die(message, smtp(port), die_after_handover=False)
    assert len(inbox.received) == 1

    claims_lapse()
    report = send_outbox_once(smtp(port))
    assert report.possibly_sent == 1
    assert len(inbox.received) == 1  # not sent twice
    assert message.possibly_sent
    assert message.last_error.startswith("Possibly sent")
    # Later runs leave it alone too.
    claims_lapse()
    send_outbox_once(smtp(port))
    assert len(inbox.received) == 1

    runner = app.test_cli_runner()
    listed = runner.invoke(args=["outbox", "possibly-sent"])
    assert f"{message.id}\tyour_questions" in listed.output
    assert inbox.received[0]["Message-ID"] in listed.output
    done = runner.invoke(args=["outbox", "resolve", str(message.id), "--sent"])
    assert done.exit_code == 0, done.output
    assert message.status is OutboxStatus.SENT
    assert message.sent_at is not None
    assert "No messages are waiting" in runner.invoke(args=["outbox", "possibly-sent"]).output


def test_killed_after_recording_the_handover_is_set_aside_not_resent(app, smtp_server):
    """SMTP cannot be asked: even though nothing left here, the message is only possibly
    sent, and staff can send it again with the same Message-ID."""
    inbox, port = smtp_server
    message = queue()
    deliver_then_die(message, smtp(port), die_after_handover=True)
    claims_lapse()
    send_outbox_once(smtp(port))
    assert inbox.received == []
    assert message.possibly_sent

    result = app.test_cli_runner().invoke(args=["outbox", "resolve", str(message.id), "--send-again"])
    assert result.exit_code == 0, result.output
    send_outbox_once(smtp(port))
    assert len(inbox.received) == 1
    assert message.status is OutboxStatus.SENT


def test_killed_before_the_handover_is_sent_once_when_the_claim_lapses(app, smtp_server):
    inbox, port = smtp_server
    message = queue()
    assert outbox.claim(message.id)
    db.session.commit()  # ...and the sender died here
    assert send_outbox_once(smtp(port)).sent == 0  # still claimed
    claims_lapse()
    assert send_outbox_once(smtp(port)).sent == 1
    assert len(inbox.received) == 1


class SlowToAnswer(Inbox):
    """Takes the message, then answers after the sender has stopped waiting."""

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        await asyncio.sleep(3)
        return reply


def test_no_answer_after_the_message_went_is_possibly_sent_not_retried(app):
    inbox = SlowToAnswer()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        message = queue()
        impatient = SmtpTransport(host="127.0.0.1", port=port, sender=SENDER, timeout=1)
        send_outbox_once(impatient)
        assert message.possibly_sent
        assert "Possibly sent" in message.last_error
        db.session.execute(sa.update(OutboxMessage).values(next_attempt_at=utcnow()))
        send_outbox_once(impatient)
        assert len(inbox.received) == 1
    finally:
        controller.stop()


def test_a_refused_message_after_data_is_retried_as_usual(app, smtp_server):
    inbox, port = smtp_server
    inbox.data_reply = "451 4.3.0 Try again later"
    message = queue()
    send_outbox_once(smtp(port))
    assert message.status is OutboxStatus.PENDING
    assert message.handed_over_at is None  # a definite refusal: it did not go


class NotifyWithMemory:
    """Notify's client as far as the outbox uses it: it remembers what it accepted."""

    def __init__(self) -> None:
        self.accepted: dict[str, str] = {}
        self.posts = 0

    def send_email_notification(self, **kwargs):
        self.posts += 1
        notification_id = f"notify-{len(self.accepted) + 1}"
        self.accepted[kwargs["reference"]] = notification_id
        return {"id": notification_id}

    def get_all_notifications(self, reference=None, **kwargs):
        found = self.accepted.get(reference)
        return {"notifications": [{"id": found, "reference": reference}] if found else [], "links": {}}


def test_notify_is_asked_by_reference_after_a_sender_died(app):
    client = NotifyWithMemory()
    notify = NotifyTransport(client=client, template_id="t")
    accepted, never_left = queue(), queue(to="joe.patel@example.com")
    deliver_then_die(accepted, notify, die_after_handover=False)
    deliver_then_die(never_left, notify, die_after_handover=True)
    assert client.posts == 1

    claims_lapse()
    report = send_outbox_once(notify)
    assert report.possibly_sent == 0
    assert accepted.status is OutboxStatus.SENT
    assert accepted.provider_reference == client.accepted[f"outbox-{accepted.id}"]
    assert never_left.status is OutboxStatus.SENT
    assert client.posts == 2  # each message posted to Notify once
