"""The second factor: set up at first sign-in, required of administrators and clerks,
optional for others unless the council requires it, recovery codes, and reset by an
administrator with a security-log entry."""

from __future__ import annotations

import pyotp
import sqlalchemy as sa

from portal.domain.people import second_factor
from portal.extensions import db
from portal.models import RecoveryCode, SecurityEvent, SecuritySettings
from tests import factories
from tests.html import error_messages, heading, page, text


def sign_in(client, email):
    return client.post("/staff/sign-in", data={"email": email, "password": factories.PASSWORD})


def set_up_page(client):
    response = client.get("/staff/sign-in/set-up-authenticator")
    key = page(response).select_one("#authenticator-key").get_text().replace(" ", "")
    return response, key


def test_a_new_clerk_sets_up_an_app_at_first_sign_in_and_is_given_recovery_codes(client):
    clerk = factories.make_user(roles={"clerk"}, email="new.clerk@example.gov.uk", second_factor=False)
    response = sign_in(client, clerk.email)
    assert response.headers["Location"] == "/staff/sign-in/set-up-authenticator"
    assert client.get("/staff/").status_code == 302  # not signed in until the app is set up

    setup, key = set_up_page(client)
    assert heading(setup) == "Set up your authenticator app"
    svg = page(setup).select_one(".app-qr svg")
    assert svg is not None, "the QR code is drawn in the page"
    assert svg.select_one("title").get_text() == "QR code for your authenticator app"
    # Drawn here: no image from anywhere else, and the page's own policy forbids it.
    assert not page(setup).select(".app-qr img")
    assert "img-src 'self' data:" in setup.headers["Content-Security-Policy"]
    assert len(key) == 32

    wrong = client.post("/staff/sign-in/set-up-authenticator", data={"code": "123456"})
    assert error_messages(wrong) == [
        "That code is not right. Check the key in your app, wait for a new code and try again"
    ]
    assert not clerk.has_second_factor

    codes = client.post("/staff/sign-in/set-up-authenticator", data={"code": pyotp.TOTP(key).now()})
    assert heading(codes) == "Your recovery codes"
    shown = [li.get_text(strip=True) for li in page(codes).select(".app-recovery-codes li")]
    assert len(shown) == 10
    assert len(set(shown)) == 10
    assert clerk.has_second_factor
    assert second_factor.decrypt_secret(clerk.totp_secret) == key
    assert key not in clerk.totp_secret  # encrypted at rest
    stored = db.session.scalars(
        sa.select(RecoveryCode.code_hash).where(RecoveryCode.user_id == clerk.id)
    ).all()
    assert not set(shown) & set(stored)  # only hashes are kept

    carry_on = client.get("/staff/recovery-codes/saved")
    assert carry_on.headers["Location"] == "/staff/"
    assert heading(client.get("/staff/")) == "Staff home"


def test_a_recovery_code_works_once_instead_of_the_app(app, client, clerk):
    codes = second_factor.new_recovery_codes(clerk)
    sign_in(client, clerk.email)
    response = client.post("/staff/sign-in/code", data={"code": codes[0].upper()})
    assert response.headers["Location"] == "/staff/"
    client.post("/staff/sign-out")

    again = app.test_client()
    sign_in(again, clerk.email)
    reused = again.post("/staff/sign-in/code", data={"code": codes[0]})
    assert error_messages(reused) == ["Enter a correct code from your authenticator app, or a recovery code"]
    assert second_factor.recovery_codes_left(clerk) == 9
    logged = db.session.scalars(sa.select(SecurityEvent.verb).where(SecurityEvent.user_id == clerk.id)).all()
    assert "recovery_code_used" in logged


def test_new_recovery_codes_replace_the_old_ones(clerk_client, clerk):
    old = second_factor.new_recovery_codes(clerk)
    confirm = clerk_client.get("/staff/recovery-codes")
    assert heading(confirm) == "Make new recovery codes"
    response = clerk_client.post("/staff/recovery-codes")
    new = [li.get_text(strip=True) for li in page(response).select(".app-recovery-codes li")]
    assert len(new) == 10
    assert not second_factor.use_recovery_code(clerk, old[0])
    assert second_factor.use_recovery_code(clerk, new[0])


def test_officers_may_set_up_an_app_but_need_not(officer_client, officer, client):
    assert officer_client.get("/staff/").status_code == 200
    sessions_page = officer_client.get("/staff/sessions")
    assert "Set up an authenticator app" in text(sessions_page)
    _, key = set_up_page(officer_client)
    officer_client.post("/staff/sign-in/set-up-authenticator", data={"code": pyotp.TOTP(key).now()})
    assert officer.has_second_factor
    # Having one, they use it.
    assert sign_in(client, officer.email).headers["Location"] == "/staff/sign-in/code"


def test_the_council_can_require_a_second_factor_of_everyone(admin_client, officer_client, officer, client):
    admin_client.post(
        "/admin/sign-in-settings",
        data={"idle_minutes": "30", "absolute_hours": "10", "everyone_second_factor": "y"},
    )
    assert db.session.get(SecuritySettings, 1).second_factor_for_everyone
    # Signed in already: the next page asks them to set up an app first.
    response = officer_client.get("/staff/")
    assert response.headers["Location"] == "/staff/sign-in/set-up-authenticator"
    # Signing in afresh: set up before the session starts.
    assert sign_in(client, officer.email).headers["Location"] == "/staff/sign-in/set-up-authenticator"


def test_an_administrator_resets_a_lost_second_factor_and_it_is_logged(
    admin_client, admin, clerk, clerk_client
):
    second_factor.new_recovery_codes(clerk)
    account = admin_client.get(f"/admin/staff/{clerk.id}")
    assert "Authenticator app, set up on" in text(account)
    confirm = admin_client.get(f"/admin/staff/{clerk.id}/reset-second-factor")
    assert heading(confirm) == "Reset Cara Clerk's second factor?"
    done = admin_client.post(f"/admin/staff/{clerk.id}/reset-second-factor", follow_redirects=True)
    assert "Cara Clerk's second factor has been reset" in text(done)
    assert "Second factor reset by an administrator; every session ended" in text(done)  # security log
    assert not clerk.has_second_factor
    assert second_factor.recovery_codes_left(clerk) == 0
    assert clerk_client.get("/staff/").status_code == 302  # signed out everywhere
    [event] = db.session.scalars(
        sa.select(SecurityEvent).where(SecurityEvent.verb == "second_factor_reset")
    ).all()
    assert (event.user_id, event.actor_id) == (clerk.id, admin.id)

    client = admin_client.application.test_client()
    assert sign_in(client, clerk.email).headers["Location"] == "/staff/sign-in/set-up-authenticator"


def test_nobody_resets_their_own_second_factor(admin_client, admin):
    response = admin_client.post(f"/admin/staff/{admin.id}/reset-second-factor")
    assert error_messages(response) == ["Ask another administrator to reset your own second factor"]
    assert admin.has_second_factor


def test_a_code_from_the_step_before_or_after_is_accepted_for_clock_drift(clerk):
    totp = pyotp.TOTP(factories.TOTP_SECRET)
    import time

    clerk.totp_last_step = None
    assert second_factor.verify(clerk, totp.at(time.time() - 30))
    assert not second_factor.verify(clerk, totp.at(time.time() - 90))
