"""Signing in: one message for every failure, lockout, rate limits, safe `next`, sessions."""

from __future__ import annotations

import time
import uuid

import pytest

from portal import create_app
from portal.domain.people import accounts, throttle
from portal.extensions import db, limiter
from portal.web.accounts.routes import ACCOUNT_UNDER_ATTACK
from tests import factories
from tests.conftest import database_url, on_the_test_connection, redis_url
from tests.html import error_messages, heading, input_value, title

FAILED = "Enter a correct e-mail address and password"


def sign_in(client, email, password=factories.PASSWORD, **extra):
    return client.post("/staff/sign-in", data={"email": email, "password": password, **extra})


def test_signing_in_goes_to_the_staff_home(client, officer):
    response = sign_in(client, officer.email)
    assert response.headers["Location"] == "/staff/"
    assert heading(client.get("/staff/")) == "Staff home"
    assert officer.last_signed_in_at is not None


def test_a_clerk_gives_the_code_from_their_app_after_the_password(client, clerk):
    response = sign_in(client, clerk.email)
    assert response.headers["Location"] == "/staff/sign-in/code"
    assert client.get("/staff/").status_code == 302  # not signed in yet
    page_ = client.get("/staff/sign-in/code")
    assert heading(page_) == "Enter the code from your authenticator app"
    done = client.post("/staff/sign-in/code", data={"code": factories.totp_code(clerk)})
    assert done.headers["Location"] == "/staff/"
    assert heading(client.get("/staff/")) == "Staff home"


def test_a_wrong_code_is_refused_and_a_code_never_works_twice(client, clerk):
    sign_in(client, clerk.email)
    wrong = client.post("/staff/sign-in/code", data={"code": "000000"})
    assert error_messages(wrong) == ["Enter a correct code from your authenticator app, or a recovery code"]
    code = factories.totp_code(clerk)
    assert client.post("/staff/sign-in/code", data={"code": code}).status_code == 302
    # Someone who watched the code being typed cannot use it again.
    other = client.application.test_client()
    sign_in(other, clerk.email)
    replay = other.post("/staff/sign-in/code", data={"code": code})
    assert error_messages(replay) == ["Enter a correct code from your authenticator app, or a recovery code"]


def test_the_code_page_cannot_be_reached_without_the_password(client, clerk):
    response = client.get("/staff/sign-in/code")
    assert response.headers["Location"] == "/staff/sign-in"
    response = client.post("/staff/sign-in/code", data={"code": factories.totp_code(clerk)})
    assert response.headers["Location"] == "/staff/sign-in"


def test_wrong_codes_slow_down_further_codes(app, client, clerk):
    sign_in(client, clerk.email)
    free = app.config["SIGN_IN_FREE_ATTEMPTS"]
    for _ in range(free):
        client.post("/staff/sign-in/code", data={"code": "000000"})
    slowed = client.post("/staff/sign-in/code", data={"code": "000000"})
    assert "Wait 2 seconds before trying again" in error_messages(slowed)[0]
    refused = client.post("/staff/sign-in/code", data={"code": factories.totp_code(clerk)})
    assert error_messages(refused)[0].startswith("Too many wrong codes. Wait")


def test_e_mail_addresses_are_not_case_sensitive(client, officer):
    assert sign_in(client, "  Officer@Example.GOV.uk ").status_code == 302


@pytest.mark.parametrize(
    ("email", "password"),
    [("officer@example.gov.uk", "not the password"), ("nobody@example.gov.uk", factories.PASSWORD)],
)
def test_a_wrong_password_and_an_unknown_address_get_the_same_message(client, officer, email, password):
    response = sign_in(client, email, password)
    assert response.status_code == 200
    assert error_messages(response) == [FAILED]
    assert title(response).startswith("Error: Sign in")
    assert input_value(response, "email") == email
    assert not input_value(response, "password")  # never sent back


def test_empty_fields_are_named(client):
    response = sign_in(client, "", "")
    assert error_messages(response) == ["Enter your e-mail address", "Enter your password"]


def test_disabled_accounts_cannot_sign_in(client, admin, officer):
    accounts.set_enabled(officer, False, by=admin)
    db.session.flush()
    response = sign_in(client, officer.email)
    assert error_messages(response) == [FAILED]


def test_wrong_passwords_from_one_place_bring_growing_waits_for_that_place_only(app, client, officer):
    free = app.config["SIGN_IN_FREE_ATTEMPTS"]
    for _ in range(free):
        assert error_messages(sign_in(client, officer.email, "guessing wrongly")) == [FAILED]
    waits = [error_messages(sign_in(client, officer.email, "guessing wrongly"))[0]]
    # While the wait lasts, even the right password is not tried from this address.
    waits.append(error_messages(sign_in(client, officer.email))[0])
    assert waits[0] == FAILED + ". Wait 2 seconds before trying again"
    assert waits[1].startswith("Too many wrong passwords. Wait")
    # The account's owner, somewhere else, is not held up at all.
    elsewhere = app.test_client()
    response = elsewhere.post(
        "/staff/sign-in",
        data={"email": officer.email, "password": factories.PASSWORD},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    assert response.headers["Location"] == "/staff/"


def test_each_wrong_password_past_the_free_ones_doubles_the_wait(app):
    for n, seconds in ((1, 2), (2, 4), (5, 32)):
        assert (
            throttle._delay_for(app.config["SIGN_IN_FREE_ATTEMPTS"] + n, app.config["SIGN_IN_FREE_ATTEMPTS"])
            == seconds
        )
    assert throttle._delay_for(100, 4) == throttle.MAX_DELAY_SECONDS
    assert throttle._delay_for(4, 4) == 0


def attack(app, email):
    for n in range(app.config["SIGN_IN_ACCOUNT_ALARM"]):
        throttle.password_failed(email, f"203.0.113.{n}")


def test_a_spread_out_attack_never_locks_out_the_owner_who_has_a_second_factor(app, client, clerk):
    attack(app, clerk.email)
    assert accounts.is_locked(clerk)
    # The right password and the code from their app still get them in, from anywhere.
    response = sign_in(client, clerk.email)
    assert response.headers["Location"] == "/staff/sign-in/code"
    done = client.post("/staff/sign-in/code", data={"code": factories.totp_code(clerk)})
    assert done.headers["Location"] == "/staff/"


def test_a_spread_out_attack_needs_a_known_device_for_a_password_alone(app, client, officer):
    # The officer signed in on this browser before the attack: it is remembered.
    assert sign_in(client, officer.email).status_code == 302
    client.post("/staff/sign-out")
    attack(app, officer.email)

    new_device = app.test_client()
    refused = sign_in(new_device, officer.email)
    assert error_messages(refused) == [ACCOUNT_UNDER_ATTACK]
    assert new_device.get("/staff/").status_code == 302

    known = sign_in(client, officer.email)
    assert known.headers["Location"] == "/staff/"


def test_an_administrator_can_let_a_password_alone_in_again(app, client, officer, admin_client):
    attack(app, officer.email)
    assert error_messages(sign_in(client, officer.email)) == [ACCOUNT_UNDER_ATTACK]
    admin_client.post(f"/admin/staff/{officer.id}/unlock")
    assert sign_in(client, officer.email).headers["Location"] == "/staff/"


def test_the_counts_live_in_the_rate_limiters_storage_and_expire(app):
    storage = throttle._storage()
    assert type(storage).__name__ == "MemoryStorage"  # RATELIMIT_STORAGE_URI: Redis when REDIS_URL is set
    throttle.password_failed("someone@example.gov.uk", "192.0.2.1")
    key = throttle._key("fail", "someone@example.gov.uk", "192.0.2.1")
    assert storage.get(key) == 1
    assert "someone" not in key  # hashed: no address in the store
    assert "192.0.2.1" not in key
    assert 0 < storage.get_expiry(key) - time.time() <= throttle.WINDOW_SECONDS


@pytest.fixture
def rate_limited_app(app, monkeypatch):
    """A second app with rate limits on. The limiter is shared, so put it back after."""
    monkeypatch.setattr(limiter, "enabled", limiter.enabled)
    monkeypatch.setattr(limiter, "initialized", limiter.initialized)
    limited = create_app({"SQLALCHEMY_DATABASE_URI": database_url(), "RATELIMIT_ENABLED": True}, env="test")
    on_the_test_connection(limited, app)
    limiter.reset()
    yield limited
    limiter.reset()


def test_repeated_sign_in_attempts_are_rate_limited(rate_limited_app, officer):
    client = rate_limited_app.test_client()
    responses = [sign_in(client, officer.email, "guessing wrongly").status_code for _ in range(11)]
    assert responses[:10] == [200] * 10
    assert responses[10] == 429
    refused = sign_in(client, officer.email)
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
def test_next_never_leaves_the_site(client, officer, target):
    response = sign_in(client, officer.email, next=target)
    assert response.headers["Location"] == "/staff/"


def test_next_returns_to_the_page_that_asked_for_sign_in(client, clerk):
    asked = client.get("/admin/meetings?show=past")
    assert asked.headers["Location"] == "/staff/sign-in?next=%2Fadmin%2Fmeetings%3Fshow%3Dpast"
    form = client.get(asked.headers["Location"])
    assert input_value(form, "next") == "/admin/meetings?show=past"
    response = sign_in(client, clerk.email, next="/admin/meetings?show=past")
    response = client.post("/staff/sign-in/code", data={"code": factories.totp_code(clerk)})
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
        (
            factories.PASSWORD,
            "kingfisher2",
            "kingfisher2",
            "Password must be 12 characters or more",
        ),
        (
            factories.PASSWORD,
            "abcdefgh1234",
            "abcdefgh1234",
            "Choose a different password: it is a common password or too easy to guess. "
            "A few unrelated words together work well",
        ),
        (
            factories.PASSWORD,
            "qwertyuiop123",
            "qwertyuiop123",
            "Choose a different password: it is one of the most commonly used passwords. "
            "A few unrelated words together work well",
        ),
        (
            factories.PASSWORD,
            "CaraClerk2026!",
            "CaraClerk2026!",
            "Choose a different password: it uses your name, your e-mail address or the council's name. "
            "A few unrelated words together work well",
        ),
        (
            factories.PASSWORD,
            "Kingsmere2026!!",
            "Kingsmere2026!!",
            "Choose a different password: it uses your name, your e-mail address or the council's name. "
            "A few unrelated words together work well",
        ),
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


def test_the_counts_are_shared_between_instances_through_redis(app, monkeypatch):
    """Several gunicorn workers or machines share one Redis: a wrong password counted by one
    is seen by the next (REDIS_URL sets the limiter's storage, and so the throttle's)."""
    redis = pytest.importorskip("redis")
    url = redis_url(5)
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running")
    prefix = f"portal-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", url)
    monkeypatch.setitem(app.config, "RATELIMIT_KEY_PREFIX", prefix)
    try:
        for _ in range(app.config["SIGN_IN_FREE_ATTEMPTS"] + 1):
            throttle.password_failed("shared@example.gov.uk", "192.0.2.9")
        throttle._storages.clear()  # another instance: a storage object of its own
        assert throttle.password_wait("shared@example.gov.uk", "192.0.2.9") is not None
        assert type(throttle._storage()).__name__ == "RedisStorage"
        assert client.keys(f"*{prefix}:signin:*"), "the counts are in Redis"
    finally:
        for key in client.scan_iter(f"*{prefix}:*"):
            client.delete(key)
        throttle._storages.clear()
