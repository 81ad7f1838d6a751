"""A clerk enters a past meeting whose record promises a written response with no date and
numbers its minutes apart from the agenda, publishes it, and finds it on the public
pages; an administrator gives the meeting its own limits. By the pages' labels, with axe
on every page and screenshots at desktop and phone widths."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import Page, expect

from portal.models import Role
from tests import seed_text as seed
from tests.browser.test_past_record_journeys import _enter_meeting, _fill_date
from tests.browser.test_sign_in_journeys import shoot
from tests.seed_records import md

PROMISE = "The record promises a written response and gives no date: “A written response will be provided”"


def test_an_undated_promise_and_a_minute_number_are_entered_published_and_read(
    page: Page, live_server: str, data, sign_in, axe
):
    with data() as f:
        committee = f.make_committee("Council", slug="council-variants-browser").id
        email = f.make_user(
            roles={Role.CLERK, Role.ADMIN}, email="variants.clerk@example.gov.uk", first_name="Ruth"
        ).email
    sign_in(page, email)
    meeting_id = _enter_meeting(
        page,
        live_server,
        committee,
        dt.date(2022, 9, 30),
        "3pm",
        {
            "Agenda item for questions from the public (optional)": "3",
            "Minute for questions from the public (optional)": "45/22",
        },
    )

    page.get_by_role("button", name="Add a question").click()
    page.get_by_label("Title (optional)").fill("Ms")
    page.get_by_label("Surname", exact=True).fill("Currie")
    page.get_by_label("Question", exact=True).fill(md(seed.PQ2_QUESTION))
    page.get_by_role("group", name="At the meeting (optional)").get_by_label(
        "Put by the questioner", exact=True
    ).check()
    page.get_by_label(PROMISE).check()
    _fill_date(page, "Date the written response was sent (optional)", dt.date(2022, 10, 13))
    page.get_by_label("Written response (optional)").fill(md(seed.PQ2_WRITTEN))
    page.get_by_role("button", name="Save question").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "untick “A written response will be provided”"
    )
    expect(page.get_by_label(PROMISE)).to_be_checked()
    axe(page)
    shoot(page, "past-record-undated-promise-error")
    _fill_date(page, "Date the written response was sent (optional)", dt.date(2022, 10, 13))
    for box in ("Day", "Month", "Year"):
        page.get_by_role("group", name="Date the written response was sent (optional)").get_by_label(
            box
        ).fill("")
    page.get_by_label("Written response (optional)").fill("")
    page.get_by_role("button", name="Save question").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("PQ 1 has been added to the record.")

    page.get_by_role("button", name="Check and publish the record").click()
    page.get_by_role("button", name="Publish the minutes appendix").click()
    page.get_by_role("button", name="Publish the minutes appendix").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    page.goto(f"{live_server}/meetings/{meeting_id}/questions")
    main = page.locator("main")
    expect(main).to_contain_text("Minute 45/22")
    expect(main).to_contain_text("A written response will be provided.")
    axe(page)
    shoot(page, "past-record-minute-and-undated-promise")

    page.goto(f"{live_server}/written-answers-owed")
    expect(page.locator("main")).to_contain_text("No date given")
    axe(page)
    shoot(page, "owed-with-no-date")

    page.goto(f"{live_server}/staff/moderation/meetings/{meeting_id}/numbering")
    expect(page.locator("h1")).to_have_text(re.compile(r"^PQ list( and MQ list)?$"))
    axe(page)
    shoot(page, "numbered-list-title")

    page.goto(f"{live_server}/admin/meetings/{meeting_id}/procedure")
    page.get_by_label("Questions one person can ask at this meeting (optional)").fill("11")
    page.get_by_role("button", name="Save this meeting's procedure").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Questions per person must be between 1 and 10"
    )
    expect(page.get_by_label("Questions one person can ask at this meeting (optional)")).to_have_value("11")
    axe(page)
    shoot(page, "meeting-limits-error")
    page.get_by_label("Questions one person can ask at this meeting (optional)").fill("2")
    page.get_by_role("group", name=re.compile("^Questions asked on behalf of someone else")).get_by_label(
        "Yes, they count against the asker's own limit"
    ).check()
    page.get_by_role("button", name="Save this meeting's procedure").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("This meeting's procedure is saved")
    expect(page.locator("main")).to_contain_text("it has its own limits")
