"""Signing in: one message for every failure, lockout, rate limits, safe `next`, sessions."""

from __future__ import annotations

import datetime as dt

import pytest

from portal import create_app
from portal.domain.people import accounts
from portal.extensions import db, limiter
from portal.models import utcnow
from tests import factories
from tests.conftest import database_url
from tests.html import error_messages, heading, input_value, title

FAILED = "Enter a correct e-mail address and password"


def sign_in(client, email, password=factories.PASSWORD, **extra):
    return client.post("/staff/sign-in", data={"email": email, "password": password, **extra})


def test_signing_in_goes_to_the_staff_home(client, clerk):
    response = sign_in(client, clerk.email)
    assert response.headers["Location"] == "/staff/"
    assert heading(client.get("/staff/")) == "Staff home"
    assert clerk.last_signed_in_at is not None


def test_e_mail_addresses_are_not_case_sensitive(client, clerk):
    assert sign_in(client, "  Clerk@Example.GOV.uk ").status_code == 302


@pytest.mark.parametrize(
    ("email", "password"),
    [("clerk@example.gov.uk", "not the password"), ("nobody@example.gov.uk", factories.PASSWORD)],
)
def test_a_wrong_password_and_an_unknown_address_get_the_same_message(client, clerk, email, password):
    response = sign_in(client, email, password)
    assert response.status_code == 200
    assert error_messages(response) == [FAILED]
    assert title(response).startswith("Error: Sign in")
    assert input_value(response, "email") == email
    assert not input_value(response, "password")  # never sent back


def test_empty_fields_are_named(client):
    response = sign_in(client, "", "")
    assert error_messages(response) == ["Enter your e-mail address", "Enter your password"]


def test_disabled_accounts_cannot_sign_in(client, admin, clerk):
    accounts.set_enabled(clerk, False, by=admin)
    db.session.flush()
    response = sign_in(client, clerk.email)
    assert error_messages(response) == [FAILED]


def test_repeated_wrong_passwords_lock_the_account_until_unlocked(app, client, admin_client, clerk):
    limit = app.config["SIGN_IN_MAX_FAILURES"]
    for _ in range(limit):
        assert error_messages(sign_in(client, clerk.email, "guessing wrongly")) == [FAILED]
    assert accounts.is_locked(clerk)
    # Even the right password is refused while locked, with the same message.
    assert error_messages(sign_in(client, clerk.email)) == [FAILED]

    admin_client.post(f"/admin/staff/{clerk.id}/unlock")
    assert not accounts.is_locked(clerk)
    assert sign_in(client, clerk.email).status_code == 302


def test_a_lock_ends_by_itself(app, clerk):
    for _ in range(app.config["SIGN_IN_MAX_FAILURES"]):
        accounts.authenticate(clerk.email, "guessing wrongly")
    later = utcnow() + dt.timedelta(minutes=app.config["SIGN_IN_LOCKOUT_MINUTES"] + 1)
    assert accounts.authenticate(clerk.email, factories.PASSWORD) is None
    assert accounts.authenticate(clerk.email, factories.PASSWORD, now=later) is clerk


def test_a_right_password_clears_the_count_of_wrong_ones(app, client, clerk):
    for _ in range(app.config["SIGN_IN_MAX_FAILURES"] - 1):
        sign_in(client, clerk.email, "guessing wrongly")
    sign_in(client, clerk.email)
    assert clerk.failed_sign_ins == 0


@pytest.fixture
def rate_limited_app(monkeypatch):
    """A second app with rate limits on. The limiter is shared, so put it back after."""
    monkeypatch.setattr(limiter, "enabled", limiter.enabled)
    monkeypatch.setattr(limiter, "initialized", limiter.initialized)
    limited = create_app({"SQLALCHEMY_DATABASE_URI": database_url(), "RATELIMIT_ENABLED": True}, env="test")
    limiter.reset()
    yield limited
    limiter.reset()


def test_repeated_sign_in_attempts_are_rate_limited(rate_limited_app, clerk):
    client = rate_limited_app.test_client()
    responses = [sign_in(client, clerk.email, "guessing wrongly").status_code for _ in range(11)]
    assert responses[:10] == [200] * 10
    assert responses[10] == 429
    refused = sign_in(client, clerk.email)
    assert refused.status_code == 429
    assert heading(refused) == "You have tried that too many times"
    assert client.get("/staff/sign-in").status_code == 200  # reading the page is not limited


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example.com/",
        "https://evil.example.com/",
        "http:evil.example.com",
        "/\\evil.example.com",
        "\\\\evil.example.com",
        "javascript:alert(1)",
        "/\tevil",
        "evil.example.com",
        "",
    ],
)
def test_next_never_leaves_the_site(client, clerk, target):
    response = sign_in(client, clerk.email, next=target)
    assert response.headers["Location"] == "/staff/"


def test_next_returns_to_the_page_that_asked_for_sign_in(client, clerk):
    asked = client.get("/admin/meetings?show=past")
    assert asked.headers["Location"] == "/staff/sign-in?next=%2Fadmin%2Fmeetings%3Fshow%3Dpast"
    form = client.get(asked.headers["Location"])
    assert input_value(form, "next") == "/admin/meetings?show=past"
    response = sign_in(client, clerk.email, next="/admin/meetings?show=past")
    assert response.headers["Location"] == "/admin/meetings?show=past"


def test_changing_your_password_ends_your_other_sessions(client, signed_in_as, clerk):
    laptop, phone = signed_in_as(clerk), signed_in_as(clerk)
    response = laptop.post(
        "/staff/password",
        data={
            "current_password": factories.PASSWORD,
            "new_password": "a new long passphrase",
            "confirm_password": "a new long passphrase",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/staff/").status_code == 200  # this session carries on
    assert phone.get("/staff/").headers["Location"].startswith("/staff/sign-in")
    assert error_messages(sign_in(client, clerk.email)) == [FAILED]
    assert sign_in(client, clerk.email, "a new long passphrase").status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        ("wrong", "a new long passphrase", "a new long passphrase", "Your current password is not correct"),
        (factories.PASSWORD, "short", "short", "Password must be 12 characters or more"),
        (factories.PASSWORD, "a new long passphrase", "a different one", "The passwords do not match"),
        (
            factories.PASSWORD,
            factories.PASSWORD,
            factories.PASSWORD,
            "Your new password must be different from your current password",
        ),
    ],
)
def test_password_change_errors(clerk_client, current, new, confirm, message):
    response = clerk_client.post(
        "/staff/password",
        data={"current_password": current, "new_password": new, "confirm_password": confirm},
    )
    assert error_messages(response) == [message]


def test_signing_out_ends_the_session(clerk_client):
    response = clerk_client.post("/staff/sign-out", follow_redirects=True)
    assert "You have signed out" in response.get_data(as_text=True)
    assert clerk_client.get("/staff/").status_code == 302
