"""E-mail that may or may not have arrived ("possibly sent"): staff see each one on a page
and decide it (it arrived, or send it again) through the same domain function as
`flask outbox resolve`. Only democratic services see a recipient's address."""

from __future__ import annotations

from portal.domain.messages import outbox
from portal.models import OutboxStatus
from portal.tasks import send_outbox_once
from tests.html import banners, error_messages, heading, page, text
from tests.integration import test_outbox
from tests.integration.test_outbox import queue, smtp
from tests.integration.test_outbox_once import claims_lapse, deliver_then_die

smtp_server = test_outbox.smtp_server  # the local SMTP server fixture, shared

LIST = "/staff/mail/possibly-sent"


def _possibly_sent(port: int, to: str = "hannah.carter@example.com"):
    """A message whose sender was killed just after the mail server accepted it."""
    message = queue(to=to)
    deliver_then_die(message, smtp(port), die_after_handover=False)
    claims_lapse()
    send_outbox_once(smtp(port))
    assert message.possibly_sent
    return message


def test_a_clerk_sees_possibly_sent_mail_and_marks_it_sent(app, clerk_client, smtp_server):
    inbox, port = smtp_server
    message = _possibly_sent(port)

    home = clerk_client.get("/staff/")
    link = page(home).find("a", string=lambda s: s and "may not have arrived" in s)
    assert link is not None
    assert link["href"] == LIST
    assert "1 e-mail" in link.get_text()

    listing = clerk_client.get(LIST)
    assert heading(listing) == "E-mail that may not have arrived"
    row = page(listing).select_one(".govuk-summary-card")
    assert "hannah.carter@example.com" in row.get_text()
    assert outbox.message_id_for(message) in row.get_text()
    decide = next(a for a in row.find_all("a") if a.get_text().startswith("Decide"))

    choice = clerk_client.get(decide["href"])
    assert heading(choice) == f"Decide about message {message.id}"
    missing = clerk_client.post(decide["href"], data={})
    assert missing.status_code == 400
    assert error_messages(missing) == ["Select whether the message arrived"]

    done = clerk_client.post(decide["href"], data={"decision": "sent"}, follow_redirects=True)
    assert f"Message {message.id} marked as sent" in " ".join(banners(done))
    assert "No e-mails are waiting for a decision" in text(done)
    assert message.status is OutboxStatus.SENT
    assert len(inbox.received) == 1

    again = clerk_client.post(decide["href"], data={"decision": "send_again"}, follow_redirects=True)
    assert f"Message {message.id} is not waiting for a decision" in " ".join(banners(again))
    assert message.status is OutboxStatus.SENT


def test_send_again_goes_out_once_more_with_the_same_message_id(app, clerk_client, smtp_server):
    inbox, port = smtp_server
    message = _possibly_sent(port)
    clerk_client.post(f"{LIST}/{message.id}", data={"decision": "send_again"})
    assert message.status is OutboxStatus.PENDING
    send_outbox_once(smtp(port))
    assert [m["Message-ID"] for m in inbox.received] == [outbox.message_id_for(message)] * 2
    assert message.status is OutboxStatus.SENT


def test_an_administrator_decides_without_seeing_addresses(app, admin_client, smtp_server):
    _, port = smtp_server
    message = _possibly_sent(port)
    listing = admin_client.get(LIST)
    assert "hannah.carter@example.com" not in listing.get_data(as_text=True)
    assert "only democratic services see" in text(listing)
    choice = admin_client.get(f"{LIST}/{message.id}")
    assert "hannah.carter@example.com" not in choice.get_data(as_text=True)
    admin_client.post(f"{LIST}/{message.id}", data={"decision": "sent"})
    assert message.status is OutboxStatus.SENT


def test_other_staff_cannot_open_it(officer_client, smtp_server):
    _, port = smtp_server
    message = _possibly_sent(port)
    assert officer_client.get(LIST).status_code == 403
    assert officer_client.post(f"{LIST}/{message.id}", data={"decision": "sent"}).status_code == 403
    assert message.possibly_sent
    assert "may not have arrived" not in text(officer_client.get("/staff/"))
