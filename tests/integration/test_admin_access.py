"""Who reaches which admin pages: administrators everything, clerks meetings only."""

from __future__ import annotations

import pytest

from portal.models import MeetingStatus, Role
from tests import factories
from tests.html import page

ADMIN_ONLY_POSTS = [
    (
        "/admin/staff/new",
        {"first_name": "Eve", "last_name": "Intruder", "email": "eve@example.com", "roles": ["admin"]},
    ),
    ("/admin/committees/new", {"name": "Shadow Committee", "kind": "other", "layout": "table"}),
    ("/admin/posts/new", {"title": "Shadow post"}),
    (
        "/admin/rejection-grounds/new",
        {
            "code": "shadow",
            "title": "S",
            "public_wording": "S",
            "listed_by_default": "listed",
            "position": "1",
        },
    ),
    ("/admin/closure-days", {"day": ["1", "6", "2031"], "description": "closed"}),
]


@pytest.fixture
def meeting():
    return factories.make_meeting(days_ahead=30)


def section_links(response):
    return [a.get_text(strip=True) for a in page(response).select(".app-admin-sections a")]


def staff_menu(response):
    nav = page(response).select_one("#staff-navigation")
    return [a.get_text(strip=True) for a in nav.select("a")] if nav else []


def test_an_administrator_sees_every_section(admin_client):
    response = admin_client.get("/admin/")
    assert section_links(response) == [
        "Meetings",
        "Staff accounts",
        "Sign-in settings",
        "People's data",
        "Committees",
        "Posts",
        "Rejection grounds",
        "Council closure days",
    ]


def test_a_clerk_sees_meetings_and_peoples_data_and_the_admin_menu_item(clerk_client):
    response = clerk_client.get("/admin/")
    assert section_links(response) == ["Meetings", "People's data"]
    assert "Admin" in staff_menu(response)


@pytest.mark.parametrize(
    "path",
    ["/admin/staff", "/admin/committees", "/admin/posts", "/admin/rejection-grounds", "/admin/closure-days"],
)
def test_a_clerk_is_refused_the_administrators_pages(clerk_client, path):
    assert clerk_client.get(path).status_code == 403


@pytest.mark.parametrize(("path", "data"), ADMIN_ONLY_POSTS)
def test_a_clerk_cannot_change_what_administrators_manage(clerk_client, path, data):
    response = clerk_client.post(path, data=data)
    assert response.status_code == 403
    assert page(response).h1.get_text(strip=True) == "You do not have permission to see this page"


def test_a_clerk_cannot_disable_or_reset_anyone(clerk_client, officer):
    for path in (
        f"/admin/staff/{officer.id}/disable",
        f"/admin/staff/{officer.id}/new-password",
        f"/admin/staff/{officer.id}/unlock",
    ):
        assert clerk_client.post(path).status_code == 403
    assert officer.is_enabled


@pytest.mark.parametrize("role", [Role.OFFICER, Role.COUNCILLOR])
def test_officers_and_councillors_cannot_manage_meetings(signed_in_as, meeting, role):
    client = signed_in_as(factories.make_user(roles={role}))
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/meetings").status_code == 403
    assert client.post(f"/admin/meetings/{meeting.id}/cancel", data={"reason": "Because"}).status_code == 403
    assert meeting.status is MeetingStatus.SCHEDULED
    assert "Admin" not in staff_menu(client.get("/staff/"))


def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(client, meeting):
    for path in ("/admin/", "/admin/meetings", f"/admin/meetings/{meeting.id}"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/staff/sign-in?next=")
    response = client.post(f"/admin/meetings/{meeting.id}/cancel", data={"reason": "Because"})
    assert response.headers["Location"].startswith("/staff/sign-in")
    assert meeting.status is MeetingStatus.SCHEDULED


def test_clerks_and_administrators_both_manage_meetings(clerk_client, admin_client, meeting):
    assert clerk_client.get(f"/admin/meetings/{meeting.id}").status_code == 200
    admin_client.post(f"/admin/meetings/{meeting.id}/cancel", data={"reason": "The venue flooded."})
    assert meeting.status is MeetingStatus.CANCELLED
