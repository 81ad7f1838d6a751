"""A clerk adds the Welsh of an answer through the publishing pages by their labels, the
meeting is published in English and Welsh side by side, and a reader without JavaScript
reads the answer in Welsh. axe on every page; screenshots at 1280 and 320 pixels wide."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from portal.domain.numbers import question_label
from portal.models import RecordLanguages
from tests.conftest import _TMP
from tests.record_factories import ready_meeting

_clerks = itertools.count(1)
SHOTS = Path(_TMP) / "screenshots-record-in-welsh"
WELSH_ANSWER = "Mae naw o'r tîm asesu yn staff asiantaeth, a byddwn yn recriwtio ym mis Medi."


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        # Nothing makes the page itself scroll sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_clerk_adds_welsh_to_an_answer_and_a_reader_reads_it_in_welsh(
    browser: Browser, page: Page, live_server: str, data, sign_in, axe
):
    with data() as f:
        clerk = f.make_user(roles={"clerk"}, email=f"welsh.record.clerk.{next(_clerks)}@example.gov.uk")
        meeting, questions = ready_meeting(public=2, member=0)
        meeting.record_languages = RecordLanguages.SIDE_BY_SIDE
        meeting_id, label, email = meeting.id, question_label(questions[0]), clerk.email

    sign_in(page, email)
    page.goto(f"{live_server}/staff/publishing/meetings/{meeting_id}")
    expect(page.locator("#languages")).to_have_text("Welsh and English")
    page.get_by_role("link", name=f"Add or change the Welsh and English texts of {label}").click()
    expect(page.locator("h1")).to_have_text(f"Welsh and English texts of {label}")
    axe(page)
    page.get_by_role("group", name="Language of the council's answer").get_by_label(
        "English and Welsh"
    ).check()
    page.get_by_label("Welsh text of the answer").fill(WELSH_ANSWER)
    page.get_by_role("button", name="Save the texts").click()
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text(f"Welsh and English texts of {label} saved")
    axe(page)
    page.get_by_role("button", name="Publish the agenda supplement").click()
    page.get_by_role("button", name="Publish the agenda supplement").click()
    expect(banner).to_contain_text("Agenda supplement published as version 1")

    reader = browser.new_context(java_script_enabled=False).new_page()
    checker = browser.new_page()
    reader.goto(f"{live_server}/meetings/{meeting_id}/questions")
    welsh = reader.locator(".app-record-pair").first.locator(".app-record-pair__column[lang='cy']")
    expect(welsh).to_contain_text(WELSH_ANSWER)
    expect(welsh).to_contain_text("Rhif y cwestiwn")
    expect(welsh.locator(".app-answer").first).not_to_have_attribute("lang", re.compile(".+"))
    # The second question has no Welsh: its Welsh column shows the English, marked English.
    second = reader.locator(".app-record-pair").nth(1).locator(".app-record-pair__column[lang='cy']")
    expect(second.locator(".app-answer").first).to_have_attribute("lang", "en")
    html = re.sub(r"<script\b.*?</script>", "", reader.content(), flags=re.DOTALL)
    checker.set_content(html.replace("<head>", f'<head><base href="{live_server}/">', 1))
    axe(checker)
    shoot(reader, "side-by-side")
