"""A clerk enters the records of meetings that had already happened, by the pages' labels,
publishes them, and the public read them, marked as entered after the meeting; axe on
every kind of page. The seeds' two meetings are entered in full, exactly as the
integration test enters them (tests/past_record_entries.py), and the published records
match the seeds field for field (HTML, Word, CSV and JSON; the integration test checks
the PDF too)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

from playwright.sync_api import Page, expect

from portal.models import Layout, Numbering, Role
from tests import seed_text as seed
from tests.browser.test_sign_in_journeys import shoot
from tests.document_text import docx_text, find_in_order, html_items, html_text
from tests.past_record_entries import (
    ABSENT_004,
    COUNCIL_002,
    DAY_002,
    DAY_004,
    MEETING_002,
    MEETING_004,
    ORDER_002,
    QUESTIONERS_002,
    QUESTIONERS_004,
    SCRUTINY_004,
    TIME_002,
    TIME_004,
    Entry,
    entries_002,
    entries_004,
    expected_002,
    expected_004,
)
from tests.seed_records import CABINET_MEMBER, VENUE, md


def _fill_date(page: Page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def _enter_meeting(
    page: Page, live_server: str, committee: int, day: dt.date, time: str, fields: dict
) -> int:
    page.goto(f"{live_server}/staff/past-meetings/new")
    # By its value: other browser modules make committees of the same name in this database.
    page.get_by_label("Committee").select_option(value=str(committee))
    _fill_date(page, "Date of the meeting", day)
    page.get_by_label("Time the meeting was called for").fill(time)
    page.get_by_label("Venue").fill(VENUE)
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Save and add questions").click()
    expect(page.locator("h1")).to_have_text("Record of the meeting")
    return int(re.search(r"/past-meetings/(\d+)", page.url).group(1))


def _enter(page: Page, entry: Entry) -> None:
    page.get_by_role("button", name="Add a question").click()
    expect(page.locator("h1")).to_have_text("Add a question to the record")
    _fill(page, entry)


def _fill(page: Page, entry: Entry) -> None:
    """Type an exchange into "Add a question to the record" by its labels, and save it."""
    for legend, option in entry.picks:
        page.get_by_role("group", name=legend).get_by_label(option, exact=True).check()
    for legend, day in entry.dates:
        _fill_date(page, legend, day)
    for label in entry.ticks:
        page.get_by_label(label, exact=True).check()
    for label, value in entry.fields.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Save question").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been added to the record.")


def _publish(page: Page, live_server: str, meeting_id: int, axe) -> dict[str, bytes]:
    """Publish from the publishing page and its confirmation; the published files by format."""
    page.get_by_role("button", name="Check and publish the record").click()
    expect(page.locator("main h1")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Publish the minutes appendix").click()
    expect(page.locator("h1")).to_have_text("Publish the minutes appendix?")
    axe(page)
    page.get_by_role("button", name="Publish the minutes appendix").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    axe(page)
    page.goto(f"{live_server}/meetings/{meeting_id}/questions")
    files = {"html": page.content().encode()}
    for fmt in ("docx", "csv", "json"):
        response = page.request.get(f"{live_server}/meetings/{meeting_id}/questions.{fmt}")
        assert response.ok, fmt
        files[fmt] = response.body()
    return files


def _rows(files: dict[str, bytes]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files["csv"].decode("utf-8-sig"))))


def test_a_clerk_enters_both_seed_meetings_in_full_and_the_records_match_them(
    page: Page, live_server: str, data, sign_in, axe
):
    with data() as f:
        council = f.make_committee(COUNCIL_002, slug="council-seed-002-browser", layout=Layout.TABLE).id
        scrutiny = f.make_committee(
            SCRUTINY_004, slug="cyp-seed-004-browser", layout=Layout.REPORTED, numbering=Numbering.NONE
        ).id
        email = f.make_user(
            roles={Role.CLERK}, email="past.clerk@example.gov.uk", first_name="Simon", last_name="Cann"
        ).email
    sign_in(page, email)
    page.get_by_role("navigation", name="Staff menu").get_by_role("link", name="Publishing").click()
    page.get_by_role("link", name="enter a past meeting’s record").click()
    expect(page.locator("h1")).to_have_text("Past meetings' records")
    axe(page)
    page.get_by_role("button", name="Enter a past meeting").click()
    expect(page.locator("h1")).to_have_text("Enter a past meeting")
    axe(page)

    # Seed 002: Council, 30 September 2022, every exchange.
    meeting_id = _enter_meeting(page, live_server, council, DAY_002, TIME_002, MEETING_002)
    expect(page.locator("main")).to_contain_text("Entered after the meeting by Simon Cann")
    axe(page)
    for entry in entries_002():
        _enter(page, entry)
    axe(page)
    files = _publish(page, live_server, meeting_id, axe)
    expected = expected_002()
    items = html_items(files["html"])
    assert list(items) == ORDER_002
    for label in ORDER_002:
        find_in_order(items[label], expected[label])
    find_in_order(docx_text(files["docx"]), [word for label in ORDER_002 for word in expected[label]])
    rows = {row["number"]: row for row in _rows(files)}
    assert list(rows) == ORDER_002
    assert [rows[k]["questioner"] for k in ORDER_002] == QUESTIONERS_002
    assert {rows[k]["question_to"] for k in ORDER_002} == {CABINET_MEMBER}
    assert rows["PQ 2"]["written_response_sent"] == "2022-10-13"
    item = json.loads(files["json"])["sections"][0]["items"][1]
    assert item["written_answer"]["label"] == "Written response sent on 13 October 2022:"

    # Seed 004: the scrutiny committee, 13 December 2022: a mistake first, then every exchange.
    meeting_id = _enter_meeting(page, live_server, scrutiny, DAY_004, TIME_004, MEETING_004)
    first, *rest = entries_004()
    page.get_by_role("button", name="Add a question").click()
    expect(page.locator("h1")).to_have_text("Add a question to the record")
    axe(page)
    shoot(page, "past-record-question")
    page.get_by_label("First name (optional)").fill("Hanna")
    page.get_by_label("Surname", exact=True).fill("Currie")
    response = page.get_by_label("Response to the supplementary question (optional)")
    response.fill(md(seed.SEED_004[0]["response"]))
    page.get_by_role("button", name="Save question").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the supplementary question this response answers"
    )
    expect(page.get_by_label("Surname", exact=True)).to_have_value("Currie")
    axe(page)
    _fill(page, first)
    for entry in rest:
        _enter(page, entry)
    files = _publish(page, live_server, meeting_id, axe)
    main = html_text(files["html"], "main")
    find_in_order(main, expected_004())
    assert "Entered after the meeting by Simon Cann" in main
    for absent in ABSENT_004:
        assert absent not in main
    find_in_order(docx_text(files["docx"]), expected_004())
    assert [row["questioner"] for row in _rows(files)] == QUESTIONERS_004
    assert {row["number"] for row in _rows(files)} == {""}
    axe(page)
    shoot(page, "past-record-published")
