"""Staff sign in, schedule a meeting, move it, and the public see the new deadline."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from portal.models import Role


def test_public_pages_are_accessible(page: Page, live_server: str, data, axe):
    with data() as f:
        committee = f.make_committee(
            "Children and Young People Scrutiny Committee", slug="cyp-scrutiny-browser"
        )
        meeting = f.make_meeting(committee, days_ahead=20)
        meeting_id = meeting.id
    for path in (
        "/",
        "/committees",
        "/committees/cyp-scrutiny-browser",
        "/meetings",
        f"/meetings/{meeting_id}",
        "/accessibility",
        "/privacy",
        "/staff/sign-in",
        "/no-such-page",
    ):
        page.goto(f"{live_server}{path}")
        expect(page.locator("h1")).to_be_visible()
        axe(page)


def test_sign_in_and_out(page: Page, live_server: str, data, sign_in, axe):
    with data() as f:
        user = f.make_user(roles={Role.CLERK}, email="browser.clerk@example.gov.uk", first_name="Bea")
        email = user.email
    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your e-mail address")
    axe(page)
    sign_in(page, email, "wrong password entirely")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a correct e-mail address and password"
    )
    sign_in(page, email)
    expect(page.locator("h1")).to_have_text("Staff home")
    axe(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out")
