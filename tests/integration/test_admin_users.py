"""Administrators add staff, change their roles, disable, unlock and reset passwords."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.domain.people import accounts
from portal.domain.permissions import NotPermitted
from portal.extensions import db
from portal.models import Role, utcnow
from tests import factories
from tests.html import error_messages, field_errors, heading, input_value, page, text


def new_staff(**overrides):
    data = {
        "first_name": "Grace",
        "last_name": "Adebayo",
        "email": "Grace.Adebayo@Kingsmere.gov.uk",
        "job_title": "Democratic Services Officer",
        "ward": "",
        "roles": ["clerk"],
    }
    data.update(overrides)
    return data


def shown_password(response) -> str:
    return page(response).select_one(".app-password").get_text().strip()


def test_adding_someone_shows_a_generated_password_once(admin_client, client):
    response = admin_client.post("/admin/staff/new", data=new_staff())
    assert response.status_code == 200
    assert heading(response) == "Account added for Grace Adebayo"
    assert "no-store" in response.headers["Cache-Control"]
    password = shown_password(response)
    assert accounts.password_problem(password) is None

    grace = accounts.find_user_by_email("grace.adebayo@kingsmere.gov.uk")
    assert grace.roles == {Role.CLERK}
    assert grace.job_title == "Democratic Services Officer"
    assert grace.password_must_change

    # They can sign in with it, and are asked to choose their own straight away.
    signed_in = client.post("/staff/sign-in", data={"email": grace.email, "password": password})
    assert signed_in.headers["Location"].startswith("/staff/password")
    blocked = client.get("/staff/")
    assert blocked.status_code == 302
    assert blocked.headers["Location"].startswith("/staff/password")
    changed = client.post(
        "/staff/password",
        data={
            "current_password": password,
            "new_password": "a long password of my own",
            "confirm_password": "a long password of my own",
        },
    )
    assert changed.status_code == 302
    assert client.get("/staff/").status_code == 200
    assert not grace.password_must_change


def test_the_password_is_not_shown_anywhere_else(admin_client):
    response = admin_client.post("/admin/staff/new", data=new_staff())
    password = shown_password(response)
    grace = accounts.find_user_by_email("grace.adebayo@kingsmere.gov.uk")
    for path in ("/admin/staff", f"/admin/staff/{grace.id}"):
        assert password not in admin_client.get(path).get_data(as_text=True)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"first_name": ""}, "Enter their first name"),
        ({"last_name": " "}, "Enter their last name"),
        ({"email": ""}, "Enter their e-mail address"),
        (
            {"email": "grace.kingsmere.gov.uk"},
            "Enter an e-mail address in the correct format, like name@kingsmere.gov.uk",
        ),
        ({"roles": []}, "Select at least one role"),
        ({"roles": ["councillor"], "ward": ""}, "Enter the ward the councillor represents"),
        ({"first_name": "G" * 101}, "First name must be 100 characters or fewer"),
    ],
)
def test_adding_someone_says_what_is_wrong_and_keeps_what_was_typed(admin_client, overrides, message):
    response = admin_client.post("/admin/staff/new", data=new_staff(**overrides))
    assert response.status_code == 200
    assert error_messages(response) == [message]
    assert message in field_errors(response)
    assert "Error:" in page(response).title.get_text()
    sent = new_staff(**overrides)
    for name in ("first_name", "last_name", "email", "job_title"):
        assert (input_value(response, name) or "") == sent[name].strip()
    ticked = [box["value"] for box in page(response).select("input[name=roles][checked]")]
    assert ticked == sent["roles"]


def test_an_e_mail_address_can_only_be_used_once(admin_client, clerk):
    response = admin_client.post("/admin/staff/new", data=new_staff(email="CLERK@example.gov.uk"))
    assert error_messages(response) == ["There is already an account with that e-mail address"]
    assert input_value(response, "email") == "CLERK@example.gov.uk"


def test_a_councillor_is_added_with_their_ward(admin_client):
    response = admin_client.post(
        "/admin/staff/new",
        data=new_staff(
            first_name="Tom",
            last_name="Hebden",
            email="cllr.hebden@kingsmere.gov.uk",
            roles=["councillor"],
            ward="Westcote",
        ),
    )
    assert response.status_code == 200
    tom = accounts.find_user_by_email("cllr.hebden@kingsmere.gov.uk")
    assert tom.councillor_display == "Cllr Tom Hebden, Westcote"


def test_the_staff_list_shows_roles_status_and_last_sign_in(admin_client, admin, clerk, officer):
    accounts.set_enabled(officer, False, by=admin)
    clerk.locked_until = utcnow() + dt.timedelta(minutes=10)
    db.session.flush()
    response = admin_client.get("/admin/staff")
    rows = {
        row.select_one("td a").get_text(strip=True): [
            " ".join(td.get_text(" ").split()) for td in row.select("td")
        ]
        for row in page(response).select("tbody tr")
    }
    assert rows["Cara Clerk"][2] == "Democratic services (clerk)"
    assert rows["Cara Clerk"][3] == "Locked"
    assert rows["Owen Officer"][3] == "Disabled"
    assert rows["Owen Officer"][4] == "Never"
    assert rows["Ada Admin"][3] == "Active"
    assert rows["Ada Admin"][4] != "Never"  # signed in to make this request


def test_changing_someones_details_and_roles(admin_client, officer):
    response = admin_client.get(f"/admin/staff/{officer.id}/edit")
    assert input_value(response, "email") == "officer@example.gov.uk"
    assert page(response).find("input", attrs={"name": "roles", "value": "officer"}).has_attr("checked")
    response = admin_client.post(
        f"/admin/staff/{officer.id}/edit",
        data=new_staff(
            first_name="Owen",
            last_name="Officer",
            email="owen.officer@kingsmere.gov.uk",
            roles=["officer", "clerk"],
        ),
    )
    assert response.status_code == 302
    assert officer.email == "owen.officer@kingsmere.gov.uk"
    assert officer.roles == {Role.OFFICER, Role.CLERK}


def test_an_administrator_cannot_remove_their_own_administrator_role(admin_client, admin):
    response = admin_client.post(
        f"/admin/staff/{admin.id}/edit",
        data=new_staff(first_name="Ada", last_name="Admin", email=admin.email, roles=["clerk"]),
    )
    assert error_messages(response) == ["You cannot remove your own administrator role"]
    assert admin.roles == {Role.ADMIN}


def test_removing_the_administrator_role_from_someone_else(admin, admin_client):
    second = factories.make_user(roles={"admin"}, first_name="Ben", last_name="Second")
    response = admin_client.post(
        f"/admin/staff/{second.id}/edit",
        data=new_staff(first_name="Ben", last_name="Second", email=second.email, roles=["clerk"]),
    )
    assert response.status_code == 302
    assert second.roles == {Role.CLERK}


def test_disabling_someone_asks_first_then_signs_them_out(admin_client, clerk, clerk_client):
    confirm = admin_client.get(f"/admin/staff/{clerk.id}/disable")
    assert heading(confirm) == "Disable Cara Clerk's account?"
    assert clerk.is_enabled  # a GET changes nothing

    response = admin_client.post(f"/admin/staff/{clerk.id}/disable", follow_redirects=True)
    assert "Cara Clerk's account has been disabled" in text(response)
    assert not clerk.is_enabled
    assert clerk_client.get("/staff/").status_code == 302  # their session has ended

    again = admin_client.post(f"/admin/staff/{clerk.id}/enable", follow_redirects=True)
    assert "Cara Clerk's account has been enabled" in text(again)
    assert clerk.is_enabled


def test_an_administrator_cannot_disable_themselves(admin_client, admin):
    response = admin_client.post(f"/admin/staff/{admin.id}/disable")
    assert error_messages(response) == ["You cannot disable your own account"]
    assert admin.is_enabled


def test_unlocking_a_locked_account(admin_client, clerk):
    clerk.locked_until = utcnow() + dt.timedelta(minutes=15)
    db.session.flush()
    page_before = admin_client.get(f"/admin/staff/{clerk.id}")
    assert "Locked after too many wrong passwords" in text(page_before)
    response = admin_client.post(f"/admin/staff/{clerk.id}/unlock", follow_redirects=True)
    assert "Cara Clerk's account has been unlocked" in text(response)
    assert clerk.locked_until is None


def test_unlocking_an_account_that_is_not_locked_says_so(admin_client, clerk):
    response = admin_client.post(f"/admin/staff/{clerk.id}/unlock", follow_redirects=True)
    assert "Cara Clerk's account is not locked" in text(response)


def test_a_new_password_for_someone_who_forgot_theirs(admin_client, clerk, clerk_client, client):
    confirm = admin_client.get(f"/admin/staff/{clerk.id}/new-password")
    assert heading(confirm) == "Give Cara Clerk a new password?"
    response = admin_client.post(f"/admin/staff/{clerk.id}/new-password")
    assert heading(response) == "New password for Cara Clerk"
    assert "no-store" in response.headers["Cache-Control"]
    password = shown_password(response)

    assert clerk_client.get("/staff/").status_code == 302  # the old session has ended
    old = client.post("/staff/sign-in", data={"email": clerk.email, "password": factories.PASSWORD})
    assert error_messages(old) == ["Enter a correct e-mail address and password"]
    new = client.post("/staff/sign-in", data={"email": clerk.email, "password": password})
    assert new.headers["Location"].startswith("/staff/password")


def test_an_administrator_changes_their_own_password_themselves(admin_client, admin):
    response = admin_client.post(f"/admin/staff/{admin.id}/new-password")
    assert error_messages(response) == ["Change your own password from 'Your account' instead"]


def test_account_verbs_check_the_actor_is_an_administrator(clerk, officer):
    with pytest.raises(NotPermitted):
        accounts.add_staff_account(
            by=clerk, email="x@example.gov.uk", first_name="X", last_name="Y", roles={Role.CLERK}
        )
    with pytest.raises(NotPermitted):
        accounts.set_enabled(officer, False, by=clerk)
    with pytest.raises(NotPermitted):
        accounts.reset_password(officer, by=clerk)
    with pytest.raises(NotPermitted):
        accounts.unlock_user(officer, by=clerk)


def test_unknown_staff_are_not_found(admin_client):
    for path in ("/admin/staff/9999", "/admin/staff/9999/edit", "/admin/staff/9999/disable"):
        assert admin_client.get(path).status_code == 404
    assert admin_client.post("/admin/staff/9999/unlock").status_code == 404
