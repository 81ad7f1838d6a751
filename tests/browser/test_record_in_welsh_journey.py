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


POST_CY = "Aelod Cabinet dros Blant a Theuluoedd"
VENUE_CY = "Siambr y Cyngor, Stryd y Farchnad, Kingsmere"


def _checked(checker: Page, reader: Page, live_server: str, axe) -> None:
    """axe over what the reader (without JavaScript) was given."""
    html = re.sub(r"<script\b.*?</script>", "", reader.content(), flags=re.DOTALL)
    checker.set_content(html.replace("<head>", f'<head><base href="{live_server}/">', 1))
    axe(checker)


def test_a_reader_who_chose_welsh_reads_welsh_and_english_records_in_welsh_pages(
    browser: Browser, live_server: str, data, axe
):
    from portal.domain.record import publishing
    from portal.domain.record.translations import set_texts
    from portal.models import TextPart

    with data() as f:
        clerk = f.make_user(roles={"clerk"}, email=f"welsh.record.clerk.{next(_clerks)}@example.gov.uk")
        welsh, questions = ready_meeting(public=2, member=0)
        welsh.record_languages = RecordLanguages.WELSH
        welsh.venue_cy = VENUE_CY
        questions[0].answering_post.title_cy = POST_CY
        set_texts(questions[0], by=clerk, answer_language="both", texts={TextPart.ANSWER: WELSH_ANSWER})
        publishing.publish_supplement(welsh, by=clerk)
        english, _ = ready_meeting(public=1, member=0)
        publishing.publish_supplement(english, by=clerk)
        welsh_id, english_id, post = welsh.id, english.id, questions[0].answering_post.title

    reader = browser.new_context(java_script_enabled=False).new_page()
    checker = browser.new_page()
    # The switch, without JavaScript, on the record's own page.
    reader.goto(f"{live_server}/meetings/{welsh_id}/questions")
    reader.goto(f"{live_server}/language/cy?next=/meetings/{welsh_id}/questions")
    expect(reader.locator("html")).to_have_attribute("lang", "cy")
    expect(reader.locator(".govuk-skip-link")).to_have_text("Neidio i'r prif gynnwys")
    expect(reader.locator("header")).to_have_text(re.compile("Cyngor Kingsmere"))
    expect(reader.locator("header")).not_to_have_attribute("lang", re.compile(".+"))
    expect(reader.get_by_role("navigation", name="Prif ddewislen")).to_contain_text("Cyfarfodydd")
    expect(reader.locator("#downloads-heading")).to_have_text("Lawrlwytho fersiwn 1")
    expect(reader.locator(".app-record-facts")).to_contain_text(VENUE_CY)
    to = reader.locator("td[data-label='Cwestiwn i']").first
    expect(to).to_have_text(POST_CY)
    expect(to).not_to_have_attribute("lang", re.compile(".+"))
    expect(reader.locator(".app-record-end")).to_contain_text("Fformat arall neu help")
    expect(reader.locator("footer")).to_contain_text("Ffôn:")
    assert post not in reader.content()
    _checked(checker, reader, live_server, axe)
    shoot(reader, "welsh-record-page")

    # A record the council published in English only: a Welsh page around English text.
    reader.goto(f"{live_server}/meetings/{english_id}/questions/v1")
    expect(reader.locator("html")).to_have_attribute("lang", "cy")
    expect(reader.locator("h1")).to_contain_text("Cwestiynau ac atebion")
    expect(reader.locator("#english-only")).to_contain_text("yn Saesneg yn unig")
    expect(reader.locator(".app-record[lang='en']")).to_contain_text("Question")
    expect(reader.locator(".app-header__language")).to_have_text("English")
    _checked(checker, reader, live_server, axe)
    shoot(reader, "english-record-welsh-page")
