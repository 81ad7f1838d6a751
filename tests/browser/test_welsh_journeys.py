"""A resident asks in Welsh in Chromium without JavaScript: the header switch, every page
of the journey, the confirming e-mail, the tracking page; axe checks each page, and
screenshots are taken at 1280 and 320 pixels wide."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from portal.models import utcnow
from tests.conftest import _TMP

_n = itertools.count(1)
SHOTS = Path(_TMP) / "screenshots-welsh"


@pytest.fixture
def open_meeting(data):
    n = next(_n)
    stamp = f"{utcnow().timestamp():.0f}"
    with data() as f:
        post = f.make_post(f"Cabinet member children and families {n}-{stamp}")
        committee = f.make_committee(f"Welsh Committee {n} {stamp}", posts=[post], word_limit=60)
        meeting = f.make_meeting(committee, days_ahead=25)
        meeting_id, name = meeting.id, committee.name
    return meeting_id, name


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_asking_in_welsh_without_javascript(browser: Browser, live_server: str, open_meeting, axe):
    meeting_id, _committee = open_meeting
    email = f"eleri.{next(_n)}.{utcnow().timestamp():.0f}@example.com"
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    checker = browser.new_page()

    def axe_check(no_script_page: Page) -> None:
        # axe is itself a script: it runs on a copy of the page as rendered without
        # JavaScript (the same HTML, its scripts removed).
        html = re.sub(r"<script\b.*?</script>", "", no_script_page.content(), flags=re.DOTALL)
        checker.set_content(html.replace("<head>", f'<head><base href="{live_server}/">', 1))
        axe(checker)

    page.goto(f"{live_server}/ask?meeting={meeting_id}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator("h1")).to_have_text("Gofyn cwestiwn i'r cyngor")
    expect(page.get_by_role("link", name="English")).to_have_attribute("lang", "en")
    axe_check(page)
    shoot(page, "start")
    page.get_by_role("button", name="Dechrau nawr").click()

    expect(page.locator("h1")).to_have_text("Ym mha gyfarfod ydych chi am ofyn eich cwestiwn?")
    expect(page.locator("main")).to_contain_text("Anfonwch eich cwestiwn erbyn")
    axe_check(page)
    shoot(page, "meeting")
    page.get_by_role("button", name="Parhau").click()

    expect(page.locator("h1")).to_have_text("Eich manylion")
    page.get_by_role("button", name="Parhau").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Rhowch eich enw cyntaf")
    axe_check(page)
    shoot(page, "details-errors")
    page.get_by_label("Teitl (dewisol)").fill("Ms")
    page.get_by_label("Enw cyntaf", exact=True).fill("Eleri")
    page.get_by_label("Cyfenw", exact=True).fill("Llŷr")
    page.get_by_label("Cyfeiriad e-bost").fill(email)
    page.get_by_label("Llinell 1 y cyfeiriad").fill("3 Heol y Felin")
    page.get_by_label("Tref neu ddinas").fill("Kingsmere")
    page.get_by_label("Cod post").fill("KM1 4TT")
    page.get_by_label("Rwy'n byw neu'n gweithio yn Kingsmere").check()
    page.get_by_role("radio", name="Fy nheitl (neu fy enw cyntaf), fy nghyfenw a'm tref").check()
    page.get_by_role("button", name="Parhau").click()

    expect(page.locator("h1")).to_have_text("Eich cwestiwn")
    expect(page.locator("main")).to_contain_text("Gallwch ysgrifennu hyd at 60 gair")
    page.get_by_label("Eich cwestiwn", exact=True).fill(
        "Faint o deuluoedd sy'n aros am asesiad cymorth cynnar, ac am ba hyd? Beth yw'r cynllun i'w "
        "cefnogi ym mhob tŷ a ŵyr y sir?"
    )
    page.get_by_role("radio", name="Dydw i ddim yn gwybod – bydd y cyngor yn penderfynu").check()
    axe_check(page)
    shoot(page, "question")
    page.get_by_role("button", name="Parhau").click()

    expect(page.locator("h1")).to_have_text("Gwiriwch eich atebion cyn anfon eich cwestiwn")
    expect(page.locator("main")).to_contain_text("Ms Llŷr, Kingsmere")
    axe_check(page)
    shoot(page, "check")
    page.get_by_role("button", name="Derbyn ac anfon").click()

    expect(page.locator("h1")).to_have_text("Gwiriwch eich e-bost")
    axe_check(page)

    page.goto(f"{live_server}/dev/mailbox")
    page.locator("tr", has_text=email).first.get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("Cadarnhewch eich cwestiwn i Cyngor Kingsmere")
    expect(page.locator(".app-email-body")).to_contain_text("Annwyl Ms Eleri Llŷr,")
    page.locator(".app-email-body a").first.click()

    expect(page.locator("h1")).to_have_text("Cadarnhau eich cwestiwn")
    axe_check(page)
    page.get_by_role("button", name="Cadarnhau ac anfon fy nghwestiwn").click()

    expect(page.locator(".govuk-panel__title")).to_have_text("Cwestiwn wedi'i anfon")
    axe_check(page)
    page.locator("main a.app-break-anywhere").click()

    expect(page.locator("h1")).to_contain_text("Eich cwestiwn Q-")
    expect(page.locator(".app-track-status")).to_contain_text("Wedi dod i law")
    expect(page.locator("main")).to_contain_text(
        "Cyfeiriad e-bost wedi'i gadarnhau a'r cwestiwn wedi dod i law"
    )
    expect(page.locator(".app-plain-text[lang=cy]").first).to_contain_text("Faint o deuluoedd")
    axe_check(page)
    shoot(page, "tracking")

    # Back to English from the same page, and the page stays where it was.
    here = page.url
    page.get_by_role("link", name="English").click()
    assert page.url == here
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".app-track-status")).to_contain_text("Received")
    checker.close()
    context.close()


@pytest.fixture
def published_committee(data):
    n = next(_n)
    stamp = f"{utcnow().timestamp():.0f}"
    word = f"Zephyrbridge{n}x{stamp}"
    with data() as f:
        from portal.domain.states import QuestionStatus

        committee = f.make_committee(f"Archive Committee {n} {stamp}", slug=f"archive-cy-{n}-{stamp}")
        past = f.make_meeting(committee, days_ahead=-14)
        ready = QuestionStatus.ANSWER_APPROVED  # published below, once
        questions = [
            f.make_question(past, status=ready, text=f"When does the {word} library open?"),
            f.make_question(past, status=ready, text="How many buses run on Sundays?"),
        ]
        f.publish_meeting(past, questions, answers={questions[0].id: "<p>It reopens in April.</p>"})
        slug, meeting_id, name = committee.slug, past.id, committee.name
    return slug, meeting_id, name, word


def test_the_public_archive_in_welsh_without_javascript(
    browser: Browser, live_server: str, published_committee, axe
):
    slug, meeting_id, name, word = published_committee
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    checker = browser.new_page()

    def axe_check(no_script_page: Page) -> None:
        html = re.sub(r"<script\b.*?</script>", "", no_script_page.content(), flags=re.DOTALL)
        checker.set_content(html.replace("<head>", f'<head><base href="{live_server}/">', 1))
        axe(checker)

    # A committee's page, switched to Welsh from the header.
    page.goto(f"{live_server}/committees/{slug}")
    page.get_by_role("link", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    # The committee's name is as the council entered it, marked as English.
    expect(page.locator("h1 [lang=en]")).to_have_text(name)
    expect(page.get_by_role("heading", name="Cyfarfodydd blaenorol")).to_be_visible()
    axe_check(page)
    shoot(page, "archive-committee")

    # Its record of questions and answers, meeting by meeting.
    page.get_by_role("link", name="Cwestiynau ac atebion ym mhob cyfarfod").click()
    expect(page.locator("h1")).to_have_text("Cwestiynau ac atebion ym mhob cyfarfod")
    expect(page.get_by_role("region", name="Cyfarfodydd, y mwyaf diweddar yn gyntaf")).to_be_visible()
    axe_check(page)
    shoot(page, "archive-committee-record")

    # The meeting, and its published record.
    page.locator("main table a").first.click()
    expect(page.locator("#questions-and-answers")).to_have_text("Cwestiynau ac atebion")
    expect(page.locator("main")).to_contain_text("Atodiad i'r agenda, fersiwn 1, cyhoeddwyd")
    expect(page.get_by_role("heading", name="Cysylltu")).to_be_visible()
    axe_check(page)
    shoot(page, "archive-meeting")
    page.get_by_role("link", name="Darllen y cwestiynau a'r atebion").click()
    assert page.url.endswith(f"/meetings/{meeting_id}/questions")
    # The record says which language it is written in, whichever that is.
    expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^(en|cy)"))
    expect(page.locator("main")).to_contain_text(word)
    axe_check(page)
    shoot(page, "archive-record")

    # Searching, by the labels on the Welsh page.
    page.goto(f"{live_server}/search")
    expect(page.locator("h1")).to_have_text("Chwilio cwestiynau ac atebion")
    page.get_by_label("Chwilio cwestiynau ac atebion").fill(word)
    page.locator(".app-search-box").get_by_role("button", name="Chwilio").click()
    expect(page.locator("#results-heading")).to_have_text("1 canlyniad")
    expect(page.locator(".app-results__item h3 a")).to_contain_text(name)
    axe_check(page)
    shoot(page, "archive-search")
    page.get_by_label("Cyfarfodydd o").fill("31/31/2024")
    page.get_by_role("button", name="Defnyddio'r hidlyddion").click()
    error = "Rhowch ddyddiad go iawn ar gyfer 'cyfarfodydd o'"
    expect(page.locator(".govuk-error-summary")).to_contain_text(error)
    expect(page.get_by_label("Chwilio cwestiynau ac atebion")).to_have_value(word)
    axe_check(page)
    shoot(page, "archive-search-error")

    # The statistics and the register read in Welsh too.
    page.goto(f"{live_server}/statistics")
    expect(page.locator("h1")).to_have_text("Sut yr ymdrinnir â chwestiynau")
    axe_check(page)
    shoot(page, "archive-statistics")
    page.goto(f"{live_server}/written-answers-owed")
    expect(page.locator("h1")).to_have_text("Atebion ysgrifenedig sy'n ddyledus")
    axe_check(page)
    checker.close()
    context.close()
