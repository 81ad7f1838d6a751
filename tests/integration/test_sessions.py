"""Staff sessions live on the server: signing out, a password change, a change of roles,
disabling and "sign out everywhere" end them for every copy of the cookie; idle and
absolute timeouts are the council's to set."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portal.domain.people import accounts, sessions
from portal.extensions import db
from portal.models import Role, SecurityEvent, StaffSession, utcnow
from tests import factories
from tests.html import error_messages, heading, page, text


def copy_of_cookie(app, client):
    """A second browser holding exactly the same session cookie (as a thief would)."""
    thief = app.test_client()
    cookie = client.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    return thief


def is_signed_in(client) -> bool:
    return client.get("/staff/").status_code == 200


def test_a_cookie_copied_before_sign_out_opens_nothing_after(app, clerk_client):
    thief = copy_of_cookie(app, clerk_client)
    assert thief.get("/staff/moderation").status_code == 200
    clerk_client.post("/staff/sign-out")
    assert thief.get("/staff/moderation").headers["Location"].startswith("/staff/sign-in")
    assert not is_signed_in(clerk_client)


def test_the_cookie_holds_a_token_the_database_keeps_only_the_hash_of(clerk_client, clerk):
    [row] = db.session.scalars(sa.select(StaffSession).where(StaffSession.user_id == clerk.id)).all()
    cookie = clerk_client.get_cookie("session").value
    assert row.token_hash not in cookie
    assert len(row.token_hash) == 64


def test_changing_the_password_ends_every_copy_of_other_sessions(app, signed_in_as, clerk):
    laptop, phone = signed_in_as(clerk), signed_in_as(clerk)
    thief = copy_of_cookie(app, phone)
    laptop.post(
        "/staff/password",
        data={
            "current_password": factories.PASSWORD,
            "new_password": "a new long passphrase",
            "confirm_password": "a new long passphrase",
        },
    )
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)
    assert not is_signed_in(thief)


def test_disabling_an_account_ends_its_sessions(app, admin, officer_client, officer):
    thief = copy_of_cookie(app, officer_client)
    accounts.set_enabled(officer, False, by=admin)
    assert not is_signed_in(officer_client)
    assert not is_signed_in(thief)
    accounts.set_enabled(officer, True, by=admin)
    assert not is_signed_in(officer_client)  # enabling again does not bring old sessions back


def test_a_change_of_roles_ends_the_sessions_opened_with_the_old_roles(admin_client, officer_client, officer):
    response = admin_client.post(
        f"/admin/staff/{officer.id}/edit",
        data={
            "first_name": "Owen",
            "last_name": "Officer",
            "email": officer.email,
            "job_title": "",
            "ward": "",
            "roles": ["officer", "councillor"],
        },
    )
    assert response.status_code == 302 or error_messages(response) == [
        "Enter the ward the councillor represents"
    ]
    response = admin_client.post(
        f"/admin/staff/{officer.id}/edit",
        data={
            "first_name": "Owen",
            "last_name": "Officer",
            "email": officer.email,
            "job_title": "",
            "ward": "Mortimer",
            "roles": ["officer", "councillor"],
        },
    )
    assert response.status_code == 302
    assert officer.roles == {Role.OFFICER, Role.COUNCILLOR}
    assert not is_signed_in(officer_client)


def test_sign_out_everywhere_else_keeps_this_browser(app, signed_in_as, clerk):
    laptop, phone = signed_in_as(clerk), signed_in_as(clerk)
    listing = laptop.get("/staff/sessions")
    assert heading(listing) == "Your sessions and security"
    assert len(page(listing).select("tbody tr")) == 2
    assert "This browser" in text(listing)
    response = laptop.post("/staff/sessions", data={"scope": "others"}, follow_redirects=True)
    assert "You have signed out of 1 other session" in text(response)
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)


def test_sign_out_everywhere_includes_this_browser(signed_in_as, clerk):
    laptop, phone = signed_in_as(clerk), signed_in_as(clerk)
    response = laptop.post("/staff/sessions", data={"scope": "everywhere"})
    assert response.headers["Location"] == "/staff/sign-in"
    assert not is_signed_in(laptop)
    assert not is_signed_in(phone)
    verbs = db.session.scalars(sa.select(SecurityEvent.verb).where(SecurityEvent.user_id == clerk.id)).all()
    assert "signed_out_everywhere" in verbs


def test_an_administrator_can_sign_someone_out_everywhere(admin_client, officer_client, officer):
    confirm = admin_client.get(f"/admin/staff/{officer.id}/sign-out-everywhere")
    assert heading(confirm) == "Sign Owen Officer out everywhere?"
    admin_client.post(f"/admin/staff/{officer.id}/sign-out-everywhere")
    assert not is_signed_in(officer_client)


def _only_session(user) -> StaffSession:
    return db.session.scalars(
        sa.select(StaffSession).where(StaffSession.user_id == user.id, StaffSession.ended_at.is_(None))
    ).one()


def test_an_idle_session_ends_after_the_councils_idle_time(app, officer_client, officer):
    row = _only_session(officer)
    idle = app.config["SESSION_IDLE_MINUTES"]
    row.last_seen_at = utcnow() - dt.timedelta(minutes=idle - 1)
    db.session.flush()
    assert is_signed_in(officer_client)  # and using it counts as activity
    assert utcnow() - row.last_seen_at < dt.timedelta(seconds=5)
    row.last_seen_at = utcnow() - dt.timedelta(minutes=idle + 1)
    db.session.flush()
    assert not is_signed_in(officer_client)


def test_every_session_ends_after_the_longest_session_however_busy(officer_client, officer):
    row = _only_session(officer)
    row.expires_at = utcnow() - dt.timedelta(seconds=1)
    db.session.flush()
    assert not is_signed_in(officer_client)


def test_reading_pages_records_use_at_most_once_a_minute(officer_client, officer):
    row = _only_session(officer)
    recent = utcnow() - dt.timedelta(seconds=20)
    row.last_seen_at = recent
    db.session.flush()
    officer_client.get("/staff/")
    assert row.last_seen_at == recent


def test_the_council_sets_its_own_timeouts(admin_client, officer_client, officer):
    form = admin_client.get("/admin/sign-in-settings")
    assert heading(form) == "Sign-in settings"
    refused = admin_client.post("/admin/sign-in-settings", data={"idle_minutes": "2", "absolute_hours": "8"})
    assert error_messages(refused) == ["Minutes before an idle session ends must be between 5 and 480"]
    saved = admin_client.post(
        "/admin/sign-in-settings", data={"idle_minutes": "15", "absolute_hours": "8"}, follow_redirects=True
    )
    assert "The sign-in settings have been saved" in text(saved)
    row = _only_session(officer)
    row.last_seen_at = utcnow() - dt.timedelta(minutes=16)
    db.session.flush()
    assert not is_signed_in(officer_client)
    # A new session lasts at most the new longest session.
    client = admin_client.application.test_client()
    client.post("/staff/sign-in", data={"email": officer.email, "password": factories.PASSWORD})
    newest = db.session.scalars(
        sa.select(StaffSession).where(StaffSession.user_id == officer.id).order_by(StaffSession.id.desc())
    ).first()
    assert dt.timedelta(hours=7, minutes=59) < newest.expires_at - newest.created_at <= dt.timedelta(hours=8)
    logged = db.session.scalars(
        sa.select(SecurityEvent.description).where(SecurityEvent.verb == "sign_in_settings_changed")
    ).all()
    assert logged == [
        "Sign-in settings: idle sessions end after 15 minutes, every session after 8 hours; "
        "second factor for administrators and clerks"
    ]


def test_only_administrators_change_the_sign_in_settings(clerk_client):
    assert clerk_client.get("/admin/sign-in-settings").status_code == 403


def test_ended_sessions_say_why(officer_client, officer):
    row = _only_session(officer)
    officer_client.post("/staff/sign-out")
    assert row.ended_reason == sessions.SIGNED_OUT
