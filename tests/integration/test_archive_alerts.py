"""Alerts: double opt-in through the outbox, one-click unsubscribe, alerts on publishing."""

from __future__ import annotations

import re

import sqlalchemy as sa

from portal.domain.record import alerts
from portal.domain.states import QuestionStatus
from portal.extensions import db
from portal.models import AlertSubscription, OutboxMessage, SubscriptionStatus
from tests import factories
from tests.html import error_messages, heading


def _outbox(template):
    return db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.template == template).order_by(OutboxMessage.id)
    ).all()


def _link(message, kind):
    return re.search(rf"http://localhost(/alerts/[\w-]+/{kind})", message.body_text).group(1)


def test_subscribing_takes_a_confirmed_e_mail(client):
    factories.make_committee("Cabinet", slug="cabinet")
    response = client.post("/committees/cabinet/alerts", data={"email": "Reader@Example.com"})
    assert response.status_code == 302
    assert heading(client.get(response.headers["Location"])) == "Check your e-mail"
    [message] = _outbox("alert_confirm")
    assert message.to_address == "Reader@Example.com"
    confirm = _link(message, "confirm")
    assert "Confirm you want e-mails" in heading(client.get(confirm))
    subscription = db.session.scalar(sa.select(AlertSubscription))
    assert subscription.status is SubscriptionStatus.PENDING  # a GET changes nothing
    client.post(confirm)
    db.session.refresh(subscription)
    assert subscription.status is SubscriptionStatus.CONFIRMED
    assert "You will get e-mails" in client.get(confirm).get_data(as_text=True)


def test_the_form_explains_a_bad_address(client):
    factories.make_committee(slug="cabinet")
    response = client.post("/committees/cabinet/alerts", data={"email": "not an address"})
    assert error_messages(response) == [
        "Enter an e-mail address in the correct format, like name@example.com"
    ]
    assert client.post("/committees/cabinet/alerts", data={"email": ""}).status_code == 200


def test_asking_again_reveals_nothing_and_sends_no_more_than_one_a_day(client):
    committee = factories.make_committee(slug="cabinet")
    for _ in range(3):
        client.post("/committees/cabinet/alerts", data={"email": "reader@example.com"})
    assert len(_outbox("alert_confirm")) == 1
    subscription = db.session.scalar(sa.select(AlertSubscription))
    alerts.confirm_subscription(subscription)
    response = client.post("/committees/cabinet/alerts", data={"email": "reader@example.com"})
    assert response.status_code == 302  # the same answer whether or not the address was known
    assert len(_outbox("alert_confirm")) == 1
    assert committee.id == subscription.committee_id


def test_publishing_alerts_confirmed_subscribers_once_with_unsubscribe_headers(client):
    committee = factories.make_committee("Cabinet", slug="cabinet")
    confirmed = alerts.subscribe(committee, "yes@example.com")
    alerts.confirm_subscription(confirmed)
    alerts.subscribe(committee, "pending@example.com")
    meeting = factories.make_meeting(committee, days_ahead=-3)
    q = factories.make_question(
        meeting, status=QuestionStatus.ANSWER_APPROVED, text="Where will the new school be built?"
    )
    publication = factories.publish_meeting(meeting, [q])
    assert alerts.queue_alerts_for_publication(publication) == 1  # the same message, not a second
    [message] = _outbox("alert_new_answers")
    assert message.to_address == "yes@example.com"
    assert "Where will the new school be built?" in message.body_text
    unsubscribe = _link(message, "unsubscribe")
    assert message.headers["List-Unsubscribe"] == f"<http://localhost{unsubscribe}>"
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"/meetings/{meeting.id}/questions" in message.body_text


def test_one_click_unsubscribe_needs_no_form(app):
    committee = factories.make_committee(slug="cabinet")
    subscription = alerts.subscribe(committee, "leaving@example.com")
    alerts.confirm_subscription(subscription)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        response = client.post(
            f"/alerts/{subscription.token}/unsubscribe", data={"List-Unsubscribe": "One-Click"}
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 200
    db.session.refresh(subscription)
    assert subscription.status is SubscriptionStatus.UNSUBSCRIBED


def test_the_unsubscribe_link_shows_a_button_then_stops_alerts(client):
    committee = factories.make_committee(slug="cabinet")
    subscription = alerts.subscribe(committee, "leaving@example.com")
    alerts.confirm_subscription(subscription)
    url = f"/alerts/{subscription.token}/unsubscribe"
    assert heading(client.get(url)).startswith("Stop e-mails about")
    assert client.post(url).status_code == 302
    assert heading(client.get(url)).startswith("You will not get any more e-mails")
    assert client.get("/alerts/not-a-real-token/unsubscribe").status_code == 404


def test_an_old_confirmation_link_has_expired(client):
    import datetime as dt

    committee = factories.make_committee(slug="cabinet")
    subscription = alerts.subscribe(committee, "late@example.com")
    subscription.created_at = subscription.created_at - dt.timedelta(days=8)
    db.session.flush()
    response = client.get(f"/alerts/{subscription.token}/confirm")
    assert response.status_code == 410
    assert heading(response) == "This link has expired"
