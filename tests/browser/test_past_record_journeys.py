"""A clerk enters the record of a meeting that had already happened, by the pages' labels,
publishes it, and the public read it, marked as entered after the meeting. axe on every page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from portal.models import Layout, Role
from tests import seed_text as seed
from tests.browser.test_sign_in_journeys import shoot
from tests.seed_records import VENUE, md


def test_a_clerk_enters_a_past_meeting_and_publishes_its_record(
    page: Page, live_server: str, live_app, data, sign_in, axe
):
    with data() as f:
        f.make_committee(
            "Scrutiny Committee for Past Records", slug="cyp-past-browser", layout=Layout.REPORTED
        )
        clerk = f.make_user(
            roles={Role.CLERK}, email="past.clerk@example.gov.uk", first_name="Simon", last_name="Cann"
        )
        email = clerk.email
    entry = seed.SEED_004[0]

    sign_in(page, email)
    page.get_by_role("navigation", name="Staff menu").get_by_role("link", name="Publishing").click()
    page.get_by_role("link", name="enter a past meeting’s record").click()
    expect(page.locator("h1")).to_have_text("Past meetings' records")
    axe(page)
    page.get_by_role("button", name="Enter a past meeting").click()
    expect(page.locator("h1")).to_have_text("Enter a past meeting")
    axe(page)

    page.get_by_label("Committee").select_option(label="Scrutiny Committee for Past Records")
    page.get_by_label("Day").fill("13")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2022")
    page.get_by_label("Time the meeting was called for").fill("2pm")
    page.get_by_label("Venue").fill(VENUE)
    page.get_by_label("Agenda item for questions from the public (optional)").fill("5")
    page.get_by_role("button", name="Save and add questions").click()
    expect(page.locator("h1")).to_have_text("Record of the meeting")
    expect(page.locator("main")).to_contain_text("Entered after the meeting by Simon Cann")
    axe(page)

    page.get_by_role("button", name="Add a question").click()
    expect(page.locator("h1")).to_have_text("Add a question to the record")
    axe(page)
    shoot(page, "past-record-question")
    # A mistake first: a response to a supplementary that was not typed in.
    page.get_by_label("First name (optional)").fill("Hanna")
    page.get_by_label("Surname", exact=True).fill("Currie")
    page.get_by_label("Response to the supplementary question (optional)").fill(md(entry["response"]))
    page.get_by_role("button", name="Save question").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the supplementary question this response answers"
    )
    expect(page.get_by_label("Surname", exact=True)).to_have_value("Currie")
    axe(page)

    page.get_by_label("Supplementary question (optional)", exact=True).fill(entry["q"])
    page.get_by_role("group", name="How the supplementary question arrived (optional)").get_by_label(
        "Delivered verbally at the meeting"
    ).check()
    page.get_by_label("Actions arising (optional)").fill("\n".join(entry["actions"]))
    page.get_by_role("button", name="Save question").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("PQ 1 has been added to the record.")
    axe(page)

    page.get_by_role("button", name="Check and publish the record").click()
    axe(page)
    page.get_by_role("button", name="Publish the minutes appendix").click()
    expect(page.locator("h1")).to_have_text("Publish the minutes appendix?")
    axe(page)
    page.get_by_role("button", name="Publish the minutes appendix").click()
    axe(page)

    page.goto(f"{live_server}/meetings")
    with live_app.app_context():
        from portal.extensions import db
        from portal.models import Meeting

        meeting_id = db.session.scalar(
            db.select(Meeting.id)
            .where(Meeting.entered_after_event_at.is_not(None))
            .order_by(Meeting.id.desc())
        )
        db.session.remove()
    page.goto(f"{live_server}/meetings/{meeting_id}/questions")
    main = page.locator("main")
    expect(main).to_contain_text("From: Hanna Currie")
    expect(main).to_contain_text("Delivered verbally at the meeting.")
    expect(main).to_contain_text(entry["q"])
    expect(main).to_contain_text("Entered after the meeting by Simon Cann")
    expect(main).not_to_contain_text("Question to")
    axe(page)
    shoot(page, "past-record-published")
