"""A clerk schedules a meeting and moves it; the public see the new deadline and its working.
And the sign-in form works with a keyboard alone."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page, expect

from portal.domain.meetings import scheduling
from portal.extensions import db
from portal.formatting import format_datetime, to_london
from portal.models import Meeting, Role, utcnow
from tests.browser.conftest import fresh_code


def test_a_clerk_schedules_and_moves_a_meeting_and_the_public_see_the_new_deadline(
    page: Page, live_server: str, live_app, data, sign_in, axe
):
    with data() as f:
        committee = f.make_committee(
            "Adult Social Care Scrutiny Committee",
            slug="adult-care-browser",
            deadline_clear_working_days=2,
            deadline_time=dt.time(9, 30),
        )
        committee_name, committee_id = committee.name, committee.id
        clerk = f.make_user(
            roles={Role.CLERK}, email="journey.clerk@example.gov.uk", first_name="Sarah", last_name="Whitlock"
        )
        email = clerk.email

    sign_in(page, email)
    expect(page.locator("h1")).to_have_text("Staff home")
    page.get_by_role("navigation", name="Staff menu").get_by_role("link", name="Admin").click()
    expect(page.locator("h1")).to_have_text("Admin")
    axe(page)
    page.locator(".app-admin-sections").get_by_role("link", name="Meetings").click()
    expect(page.locator("h1")).to_have_text("Meetings")
    axe(page)
    page.get_by_role("button", name="Schedule a meeting").click()
    expect(page.locator("h1")).to_have_text("Schedule a meeting")
    axe(page)

    # First a mistake: no time. The page says so and keeps the rest.
    first_day = to_london(utcnow()).date() + dt.timedelta(days=40)
    page.get_by_label("Committee").select_option(label=committee_name)
    page.get_by_label("Day").fill(str(first_day.day))
    page.get_by_label("Month").fill(str(first_day.month))
    page.get_by_label("Year").fill(str(first_day.year))
    page.get_by_label("Venue", exact=True).fill("Committee Room 1, Council Offices, Market Street, Kingsmere")
    page.get_by_role("button", name="Schedule meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the time the meeting starts")
    expect(page.get_by_label("Venue", exact=True)).to_have_value(
        "Committee Room 1, Council Offices, Market Street, Kingsmere"
    )
    axe(page)

    page.get_by_label("Start time").fill("2pm")
    page.get_by_role("button", name="Schedule meeting").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The meeting has been scheduled. Questions close at"
    )
    expect(page.locator("main")).to_contain_text("How it was worked out: ")
    axe(page)

    # Move it a fortnight later.
    page.get_by_role("link", name="Move the meeting to another date, time or venue").click()
    expect(page.locator("h1")).to_have_text("Move the meeting")
    axe(page)
    new_day = first_day + dt.timedelta(days=14)
    page.get_by_label("Day").fill(str(new_day.day))
    page.get_by_label("Month").fill(str(new_day.month))
    page.get_by_label("Year").fill(str(new_day.year))
    page.get_by_label("New start time").fill("10:30am")
    page.get_by_label("Why the meeting is moving").fill(
        "The Chair asked to move it so the annual report can be considered."
    )
    page.get_by_role("button", name="Move meeting").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The question deadline moved from")
    axe(page)

    with live_app.app_context():
        meeting = db.session.scalar(db.select(Meeting).where(Meeting.committee_id == committee_id))
        expected = scheduling.deadline_for(meeting.committee, meeting.starts_at)
        assert meeting.question_deadline_at == expected.at
        explanation, closes = expected.explanation, format_datetime(expected.at)
        db.session.remove()

    page.get_by_role("link", name="The meeting's public page").click()
    main = page.locator("main")
    expect(main).to_contain_text("This meeting has moved.")
    expect(main).to_contain_text("Reason: The Chair asked to move it so the annual report can be considered.")
    expect(main).to_contain_text(f"Send your question by {closes}")
    page.get_by_text("How we worked this out").click()
    expect(main.locator(".app-deadline-working")).to_contain_text(explanation)
    axe(page)


def test_the_sign_in_form_works_with_a_keyboard_alone(page: Page, live_server: str, live_app, data, axe):
    with data() as f:
        user = f.make_user(roles={Role.CLERK}, email="keyboard.clerk@example.gov.uk", first_name="Kit")
        email = user.email
    page.goto(f"{live_server}/staff/sign-in")
    axe(page)

    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to main content")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # From the main content, Tab reaches the e-mail field, then the password.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "email":
            break
    expect(page.get_by_label("E-mail address")).to_be_focused()

    # Sending it empty moves focus to the error summary; its link leads to the field.
    page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    axe(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_label("E-mail address")).to_be_focused()

    page.keyboard.type(email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.type("correct horse battery staple")
    page.keyboard.press("Enter")
    # A clerk then gives the code from their app: the field has the focus's first stop.
    expect(page.locator("h1")).to_have_text("Enter the code from your authenticator app")
    axe(page)
    page.get_by_label("Enter the code from your authenticator app").focus()
    page.keyboard.type(fresh_code(live_app, email))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Staff home")
    axe(page)
