"""The development mailbox shows what the portal would have e-mailed, with working links."""

from __future__ import annotations

import pytest

from portal import create_app
from portal.domain.messages import notify
from portal.models import utcnow
from tests.conftest import database_url
from tests.html import heading, page, text


def queue(subject_url="http://localhost/questions/mine/abc"):
    return notify.queue_email(
        "your_questions",
        to="hannah.carter@example.com",
        list_url=subject_url,
        questions=[],
        valid_until=utcnow(),
    )


def test_the_mailbox_lists_messages_newest_first(client):
    first = queue()
    second = queue()
    response = client.get("/dev/mailbox")
    assert heading(response) == "Development mailbox"
    links = [a["href"] for a in page(response).select("table a")]
    assert links == [f"/dev/mailbox/{second.id}", f"/dev/mailbox/{first.id}"]


def test_a_message_shows_its_body_with_links_to_this_server(client):
    message = queue()
    response = client.get(f"/dev/mailbox/{message.id}")
    assert heading(response) == message.subject
    link = page(response).select_one(".app-email-body a")
    assert link["href"] == "http://localhost/questions/mine/abc"
    assert "hannah.carter@example.com" in text(response)


def test_text_in_a_message_is_never_html(client):
    message = notify.queue_email(
        "your_questions",
        to="x@example.com",
        list_url='http://localhost/"><script>alert(1)</script>',
        questions=[],
        valid_until=utcnow(),
    )
    body = page(client.get(f"/dev/mailbox/{message.id}")).select_one(".app-email-body")
    assert body.find("script") is None
    assert "<script>" in body.get_text()


def test_an_unknown_message_is_not_found(client):
    assert client.get("/dev/mailbox/999999").status_code == 404


@pytest.mark.parametrize("path", ["/dev/mailbox", "/dev/mailbox/1"])
def test_the_mailbox_does_not_exist_outside_development(path):
    production_like = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url(), "SHOW_DEV_MAILBOX": False}, env="test"
    )
    assert production_like.test_client().get(path).status_code == 404
