"""Sending the outbox: a real local SMTP server receives each message exactly once; failures
are retried with backoff and nothing is lost; GOV.UK Notify through a fake client."""

from __future__ import annotations

import datetime as dt
import email
import socket
from collections.abc import Iterator
from email import policy

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from portal.domain.messages import notify, outbox
from portal.extensions import db
from portal.mail.transports import DeliveryFailed, MailboxTransport, NotifyTransport, SmtpTransport, scrub
from portal.models import OutboxMessage, OutboxStatus, utcnow
from portal.tasks import send_outbox_once

SENDER = "Kingsmere Council <questions@kingsmere.gov.uk>"
NOTIFY_KEY = "key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"


class Inbox:
    """An aiosmtpd handler that keeps what it receives, or answers with a chosen failure."""

    def __init__(self) -> None:
        self.received: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.data_reply: str | None = None  # e.g. "451 4.3.0 Try again later"
        self.rcpt_reply: str | None = None  # e.g. "550 5.1.1 No such user"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply:
            return self.data_reply
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.received.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def smtp(port: int) -> SmtpTransport:
    return SmtpTransport(host="127.0.0.1", port=port, sender=SENDER, timeout=5)


def queue(to: str = "hannah.carter@example.com", **kwargs) -> OutboxMessage:
    return notify.queue_email(
        "your_questions",
        to=to,
        list_url="http://localhost/questions/mine/abc",
        questions=[],
        valid_until=utcnow(),
        **kwargs,
    )


def test_a_message_reaches_the_smtp_server_exactly_once(smtp_server):
    inbox, port = smtp_server
    message = queue(headers={"List-Unsubscribe": "<https://kingsmere.example/unsubscribe/abc>"})

    first = send_outbox_once(smtp(port))
    second = send_outbox_once(smtp(port))

    assert (first.sent, second.sent) == (1, 0)
    assert len(inbox.received) == 1
    received = inbox.received[0]
    assert received["To"] == "hannah.carter@example.com"
    assert received["Subject"] == "Your questions to Kingsmere Council"
    assert received["From"] == SENDER
    assert received["List-Unsubscribe"] == "<https://kingsmere.example/unsubscribe/abc>"
    assert f"outbox-{message.id}" in received["Message-ID"]
    assert "http://localhost/questions/mine/abc" in received.get_content()
    assert inbox.envelopes == [("questions@kingsmere.gov.uk", ["hannah.carter@example.com"])]
    assert message.status is OutboxStatus.SENT
    assert message.sent_at is not None
    assert message.attempts == 1
    assert message.transport == "smtp"


def test_a_failing_server_leads_to_retry_with_backoff_and_nothing_is_lost(smtp_server):
    inbox, port = smtp_server
    inbox.data_reply = "451 4.3.0 Mailbox busy for hannah.carter@example.com, try again later"
    message = queue()
    before = utcnow()

    report = send_outbox_once(smtp(port))

    assert report.retrying == 1
    assert message.status is OutboxStatus.PENDING
    assert message.attempts == 1
    assert message.next_attempt_at >= before + dt.timedelta(minutes=1)
    assert "451" in message.last_error
    assert "hannah.carter@example.com" not in message.last_error, "no addresses in stored errors"
    assert inbox.received == []
    # Not due yet: a second run leaves it alone.
    assert send_outbox_once(smtp(port)).retrying == 0
    # When it is due and the server has recovered, it is delivered once.
    inbox.data_reply = None
    message.next_attempt_at = utcnow() - dt.timedelta(seconds=1)
    db.session.flush()
    assert send_outbox_once(smtp(port)).sent == 1
    assert len(inbox.received) == 1
    assert message.attempts == 2


def test_an_unreachable_server_is_retried(app):
    message = queue()
    report = send_outbox_once(smtp(free_port()))
    assert report.retrying == 1
    assert message.status is OutboxStatus.PENDING
    assert message.last_error.startswith("ConnectionRefusedError")


def test_a_refused_address_fails_at_once(smtp_server):
    inbox, port = smtp_server
    inbox.rcpt_reply = "550 5.1.1 No such user"
    message = queue()
    assert send_outbox_once(smtp(port)).failed == 1
    assert message.status is OutboxStatus.FAILED
    assert message.attempts == 1


class Flaky:
    name = "flaky"

    def __init__(self) -> None:
        self.calls = 0

    def send(self, message, handover=None):
        self.calls += 1
        raise DeliveryFailed("temporary problem")


def test_backoff_doubles_then_gives_up_after_the_last_attempt(app):
    message = queue()
    transport = Flaky()
    now = utcnow()
    waits = []
    for _ in range(4):
        assert outbox.claim(message.id, now)
        status = outbox.deliver(message, transport, max_attempts=4, now=now)
        if status is OutboxStatus.PENDING:
            waits.append(message.next_attempt_at - now)
            now = message.next_attempt_at
    assert waits == [dt.timedelta(minutes=1), dt.timedelta(minutes=2), dt.timedelta(minutes=4)]
    assert message.status is OutboxStatus.FAILED
    assert message.attempts == 4
    assert outbox.due_message_ids(now + dt.timedelta(days=1)) == [], (
        "a failed message is not retried by itself"
    )
    outbox.requeue(message, now)
    assert message.status is OutboxStatus.PENDING
    assert message.attempts == 0


def test_backoff_never_waits_more_than_six_hours():
    assert outbox.retry_delay(30) == dt.timedelta(hours=6)


def test_two_senders_never_take_the_same_message(app):
    message = queue()
    now = utcnow()
    assert outbox.claim(message.id, now) is True
    assert outbox.claim(message.id, now + dt.timedelta(seconds=1)) is False
    assert outbox.due_message_ids(now) == []
    # A sender that died: its claim lapses and the message is taken again.
    assert outbox.claim(message.id, now + outbox.CLAIM_FOR + dt.timedelta(seconds=1)) is True


def test_a_transport_bug_does_not_lose_the_message(app):
    class Broken:
        name = "broken"

        def send(self, message, handover=None):
            raise KeyError("oops")

    message = queue()
    assert send_outbox_once(Broken()).retrying == 1
    assert message.status is OutboxStatus.PENDING
    assert message.last_error == "KeyError"


class FakeNotify:
    def __init__(self, fail_with: int | None = None) -> None:
        self.calls: list[dict] = []
        self.fail_with = fail_with

    def send_email_notification(self, **kwargs):
        self.calls.append(kwargs)
        if self.fail_with:
            from notifications_python_client.errors import HTTPError

            class Response:
                status_code = self.fail_with

                def json(self):
                    return {"errors": [{"message": "email_address Not a valid email address"}]}

            raise HTTPError(response=Response())
        return {"id": "notify-ref-1"}


def test_notify_sends_subject_and_body_through_one_template(app):
    client = FakeNotify()
    message = queue(headers={"List-Unsubscribe": "<https://kingsmere.example/unsubscribe/abc>"})
    report = send_outbox_once(NotifyTransport(client=client, template_id="template-1"))
    assert report.sent == 1
    [call] = client.calls
    assert call["email_address"] == "hannah.carter@example.com"
    assert call["template_id"] == "template-1"
    assert call["personalisation"] == {"subject": message.subject, "body": message.body_text}
    assert call["reference"] == f"outbox-{message.id}"
    assert call["one_click_unsubscribe_url"] == "https://kingsmere.example/unsubscribe/abc"
    assert message.provider_reference == "notify-ref-1"


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(400, OutboxStatus.FAILED), (429, OutboxStatus.PENDING), (500, OutboxStatus.PENDING)],
)
def test_notify_errors_are_retried_unless_final(app, status, outcome):
    message = queue()
    send_outbox_once(NotifyTransport(client=FakeNotify(fail_with=status), template_id="t"))
    assert message.status is outcome
    assert message.last_error == f"Notify {status}"


def test_the_development_mailbox_marks_messages_sent(app):
    message = queue()
    assert send_outbox_once(MailboxTransport()).sent == 1
    assert message.status is OutboxStatus.SENT


def test_the_transport_follows_the_settings(app):
    from portal.mail.transports import transport_from_config

    assert isinstance(transport_from_config({"MAIL_TRANSPORT": "mailbox"}), MailboxTransport)
    assert isinstance(transport_from_config({"MAIL_SERVER": "mail.example", "MAIL_PORT": 587}), SmtpTransport)
    notify_transport = transport_from_config(
        {"NOTIFY_API_KEY": NOTIFY_KEY, "NOTIFY_TEMPLATE_ID": "t"}, notify_client=FakeNotify()
    )
    assert isinstance(notify_transport, NotifyTransport)
    with pytest.raises(ValueError, match="NOTIFY_TEMPLATE_ID"):
        transport_from_config({"MAIL_TRANSPORT": "notify"})
    with pytest.raises(ValueError, match="MAIL_TRANSPORT"):
        transport_from_config({"MAIL_TRANSPORT": "pigeon"})


def test_stored_errors_carry_no_addresses():
    assert scrub("550 <jo.bloggs@example.com>: no such\nuser") == "550 <[address]>: no such user"


def test_the_send_command_reports_what_it_did(app):
    queue()
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "1 sent, 0 to retry, 0 failed" in result.output
    assert db.session.scalar(sa.select(OutboxMessage.status)) is OutboxStatus.SENT


def test_the_send_command_leaves_addresses_out_of_the_logs(app, smtp_server):
    import logging

    class Keep(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.INFO)
            self.lines: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.lines.append(record.getMessage())

    inbox, port = smtp_server
    inbox.data_reply = "451 try later, hannah.carter@example.com"
    kept = Keep()
    logger = logging.getLogger("portal")
    logger.addHandler(kept)
    # The migrations test's logging set-up disables loggers that already exist; undo that here.
    for name in ("portal.domain.messages.outbox", "portal.domain.messages.notify"):
        logging.getLogger(name).disabled = False
    try:
        queue()
        send_outbox_once(smtp(port))
    finally:
        logger.removeHandler(kept)
    ours = "\n".join(kept.lines)
    assert "your_questions" in ours
    assert "hannah.carter@example.com" not in ours


def test_the_send_command_names_a_missing_setting(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_TRANSPORT", "notify")
    monkeypatch.setitem(app.config, "NOTIFY_TEMPLATE_ID", None)
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 1
    assert "Set NOTIFY_TEMPLATE_ID" in result.output


def _published_alert(app, monkeypatch) -> str:
    """A follower of a committee, alerted by a real publication. Returns the follower's address."""
    from portal.domain.record import alerts, publishing
    from tests.record_factories import clerk_user, ready_meeting

    monkeypatch.setitem(app.config, "BASE_URL", "https://questions.kingsmere.gov.uk")
    meeting, _ = ready_meeting()
    subscription = alerts.subscribe(meeting.committee, "follower@example.com")
    alerts.confirm_subscription(subscription)
    db.session.execute(sa.delete(OutboxMessage))  # only the alert is left to send
    publishing.publish_supplement(meeting, by=clerk_user())
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.template != "alert_new_answers"))
    return alerts.unsubscribe_url(subscription)


def test_a_publication_alert_reaches_smtp_with_its_unsubscribe_headers(app, monkeypatch, smtp_server):
    inbox, port = smtp_server
    unsubscribe = _published_alert(app, monkeypatch)
    assert unsubscribe.startswith("https://questions.kingsmere.gov.uk/")
    assert send_outbox_once(smtp(port)).sent == 1
    [received] = inbox.received
    assert received["To"] == "follower@example.com"
    assert received["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in received.get_content()


def test_a_publication_alert_gives_notify_the_unsubscribe_url(app, monkeypatch):
    unsubscribe = _published_alert(app, monkeypatch)
    client = FakeNotify()
    assert send_outbox_once(NotifyTransport(client=client, template_id="template-1")).sent == 1
    [call] = client.calls
    assert call["email_address"] == "follower@example.com"
    assert call["one_click_unsubscribe_url"] == unsubscribe
