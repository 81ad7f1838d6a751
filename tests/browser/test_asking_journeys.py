"""A resident asks a question in Chromium: submit, confirm from the development mailbox,
track it, withdraw it; fix and resubmit after a rejection; the same without JavaScript
and by keyboard alone. axe checks every page on the way."""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from portal.domain import lifecycle
from portal.models import utcnow

_n = itertools.count(1)


@pytest.fixture
def open_meeting(data):
    """A committee of its own with one meeting taking questions; returns (meeting id, label)."""
    n = next(_n)
    with data() as f:
        post = f.make_post(f"Cabinet member children and families {n}-{utcnow().timestamp():.0f}")
        committee = f.make_committee(
            f"Browser Committee {n} {utcnow().timestamp():.0f}", posts=[post], word_limit=60
        )
        meeting = f.make_meeting(committee, days_ahead=25)
        label = f"{committee.name}, "
        meeting_id = meeting.id
    return meeting_id, label


def unique_email(stem: str) -> str:
    return f"{stem}.{next(_n)}.{utcnow().timestamp():.0f}@example.com"


def fill_details(page: Page, email: str) -> None:
    page.get_by_label("Title (optional)").fill("Ms")
    page.get_by_label("First name", exact=True).fill("Hannah")
    page.get_by_label("Last name", exact=True).fill("Carter")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Address line 1").fill("12 Mill Lane")
    page.get_by_label("Town or city").fill("Kingsmere")
    page.get_by_label("Postcode").fill("KM1 4TT")
    page.get_by_label("I live or work in Kingsmere").check()
    page.get_by_role("radio", name="My title (or first name), surname and town").check()


def open_latest_email_to(page: Page, live_server: str, email: str, axe) -> None:
    page.goto(f"{live_server}/dev/mailbox")
    expect(page.locator("h1")).to_have_text("Development mailbox")
    axe(page)
    page.locator("tr", has_text=email).first.get_by_role("link").click()
    expect(page.locator(".app-email-body")).to_be_visible()
    axe(page)


def test_ask_confirm_track_and_withdraw(page: Page, live_server: str, open_meeting, axe):
    meeting_id, label = open_meeting
    email = unique_email("hannah.carter")

    page.goto(f"{live_server}/ask?meeting={meeting_id}")
    expect(page.locator("h1")).to_have_text("Ask the council a question")
    axe(page)
    page.get_by_role("button", name="Start now").click()

    expect(page.locator("h1")).to_have_text("Which meeting do you want to ask your question at?")
    expect(page.get_by_role("radio", name=label)).to_be_checked()
    axe(page)
    page.get_by_role("button", name="Continue").click()

    expect(page.locator("h1")).to_have_text("Your details")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your first name")
    axe(page)
    fill_details(page, email)
    page.get_by_label("Postcode").fill("KM1")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a full UK postcode, like KM1 2AB")
    expect(page.get_by_label("First name", exact=True)).to_have_value("Hannah")
    page.get_by_label("Postcode").fill("KM1 4TT")
    page.get_by_role("button", name="Continue").click()

    expect(page.locator("h1")).to_have_text("Your question")
    question = page.get_by_label("Your question", exact=True)
    question.fill("How many families are waiting for an early help assessment, and for how long?")
    expect(page.locator(".govuk-character-count__status")).to_contain_text("words remaining")
    axe(page)
    page.get_by_role("radio", name="I don't know – the council will decide").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.locator("h1")).to_have_text("Check your answers before sending your question")
    expect(page.locator("main")).to_contain_text("Ms Carter, Kingsmere")
    axe(page)
    page.get_by_role("link", name="Change how your name will appear").click()
    page.get_by_role("radio", name="Name and address supplied").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Check your answers before sending your question")
    expect(page.locator("main")).to_contain_text("Name and address supplied")
    page.get_by_role("button", name="Accept and send").click()

    expect(page.locator("h1")).to_have_text("Check your e-mail")
    expect(page.locator("main")).to_contain_text(email)
    axe(page)

    open_latest_email_to(page, live_server, email, axe)
    expect(page.locator("h1")).to_contain_text("Confirm your question to Kingsmere Council")
    page.locator(".app-email-body a").first.click()

    expect(page.locator("h1")).to_have_text("Confirm your question")
    axe(page)
    page.get_by_role("button", name="Confirm and send my question").click()

    expect(page.locator(".govuk-panel__title")).to_have_text("Question sent")
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert reference.startswith("Q-")
    axe(page)
    page.locator("main a.app-break-anywhere").click()

    expect(page.locator("h1")).to_have_text(f"Your question {reference}")
    expect(page.locator("main")).to_contain_text("Received – being checked by democratic services")
    expect(page.locator("main")).to_contain_text("E-mail address confirmed and question received")
    axe(page)
    page.get_by_role("button", name="Withdraw your question").click()

    expect(page.locator("h1")).to_have_text("Are you sure you want to withdraw your question?")
    axe(page)
    page.get_by_role("button", name="Withdraw my question").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your question has been withdrawn")
    expect(page.locator(".app-track-status")).to_contain_text("Withdrawn")
    axe(page)

    open_latest_email_to(page, live_server, email, axe)
    expect(page.locator("h1")).to_contain_text("Your question has been withdrawn")


def test_fix_and_resubmit_after_a_rejection(page: Page, live_server: str, data, axe):
    email = unique_email("daniel.price")
    with data() as f:
        post = f.make_post(f"Cabinet member for schools {next(_n)} {utcnow().timestamp():.0f}")
        committee = f.make_committee(
            f"Resubmit Committee {next(_n)} {utcnow().timestamp():.0f}", posts=[post]
        )
        meeting = f.make_meeting(committee, days_ahead=25)
        question = f.make_question(
            meeting,
            status=lifecycle.QuestionStatus.RECEIVED,
            email=email,
            post=post,
            text="Why did Ms J. Harding in the west locality team not return my calls?",
        )
        ground = f.ground("names_staff")
        question.rejection_ground = ground
        question.rejection_explanation = "Please ask about response times without naming anyone."
        question.rejection_listed = True
        lifecycle.transition(question, "reject", actor=None, public_note=None)
        token = question.tracking_token

    page.goto(f"{live_server}/questions/{token}")
    expect(page.locator(".app-track-status")).to_contain_text("Not accepted")
    expect(page.locator("main")).to_contain_text("Please ask about response times without naming anyone.")
    axe(page)
    page.get_by_role("button", name="Fix and send again").click()

    expect(page.locator("h1")).to_have_text("Your question")
    box = page.get_by_label("Your question", exact=True)
    expect(box).to_have_value("Why did Ms J. Harding in the west locality team not return my calls?")
    axe(page)
    box.fill(
        "How long does the west locality team take to return calls from parents, and what is the target?"
    )
    page.get_by_role("button", name="Continue").click()

    expect(page.locator("h1")).to_have_text("Check your answers before sending your question")
    page.get_by_role("button", name="Accept and send").click()

    expect(page.locator(".govuk-panel__title")).to_have_text("Question sent")
    axe(page)
    page.locator("main a.app-break-anywhere").click()
    expect(page.locator(".app-track-status")).to_contain_text("Received")
    new_reference = page.locator("h1").inner_text().rsplit(" ", 1)[1]

    page.goto(f"{live_server}/questions/{token}")
    expect(page.locator("main")).to_contain_text(f"follow question {new_reference}")
    expect(page.locator("main")).to_contain_text("You sent a corrected question")
    axe(page)


def test_the_journey_works_without_javascript(browser: Browser, live_server: str, open_meeting, axe):
    meeting_id, _ = open_meeting
    email = unique_email("no.script")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    checker = browser.new_page()

    def check(no_script_page: Page) -> None:
        # axe is itself a script, so it runs on a copy of the page as the browser without
        # JavaScript rendered it: the same HTML, its scripts removed.
        html = re.sub(r"<script\b.*?</script>", "", no_script_page.content(), flags=re.DOTALL)
        checker.set_content(html.replace("<head>", f'<head><base href="{live_server}/">', 1))
        axe(checker)

    try:
        page.goto(f"{live_server}/ask/meeting?meeting={meeting_id}")
        check(page)
        page.get_by_role("button", name="Continue").click()
        fill_details(page, email)
        page.get_by_role("button", name="Continue").click()
        expect(page.locator("h1")).to_have_text("Your question")
        # Without JavaScript the limit is stated; the server enforces it.
        expect(page.locator("main")).to_contain_text("You can enter up to 60 words")
        check(page)
        page.get_by_label("Your question", exact=True).fill("word " * 61)
        page.get_by_role("radio", name="I don't know – the council will decide").check()
        page.get_by_role("button", name="Continue").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Your question must be 60 words or fewer. It is 1 word too long"
        )
        check(page)
        page.get_by_label("Your question", exact=True).fill(
            "When will the Westcote children's centre reopen?"
        )
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("button", name="Accept and send").click()
        expect(page.locator("h1")).to_have_text("Check your e-mail")
        page.get_by_text("I have not received the e-mail").click()
        page.get_by_role("button", name="Send the e-mail again").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("We have sent the e-mail again")
        check(page)
        open_latest_email_to(page, live_server, email, lambda p: check(p))
        page.locator(".app-email-body a").first.click()
        page.get_by_role("button", name="Confirm and send my question").click()
        expect(page.locator(".govuk-panel__title")).to_have_text("Question sent")
        check(page)
    finally:
        checker.close()
        context.close()


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector`, as a keyboard user would."""
    page.wait_for_load_state()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Could not reach {selector} with the Tab key")


def test_the_journey_by_keyboard_alone(page: Page, live_server: str, open_meeting, axe):
    meeting_id, _ = open_meeting
    email = unique_email("keyboard.user")
    page.goto(f"{live_server}/ask?meeting={meeting_id}")
    tab_to(page, "a.govuk-button--start")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Which meeting do you want to ask your question at?")
    tab_to(page, "input[name=meeting]:checked")
    tab_to(page, "button.govuk-button")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Your details")
    for name, value in (
        ("title", "Mr"),
        ("first_name", "Tomasz"),
        ("last_name", "Nowak"),
        ("email", email),
        ("address_line_1", "3 Church View"),
        ("town", "Kingsmere"),
        ("postcode", "KM1 8DW"),
    ):
        tab_to(page, f"input[name={name}]")
        page.keyboard.type(value)
    tab_to(page, "input[name=lives_or_works_in_area]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=publish_name]")
    page.keyboard.press("Space")
    tab_to(page, "button.govuk-button")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Your question")
    tab_to(page, "textarea[name=text]")
    page.keyboard.type("How many young carers does the council support, and how are they identified?")
    tab_to(page, "input[name=post]")
    page.keyboard.press("Space")
    tab_to(page, "button.govuk-button")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Check your answers before sending your question")
    expect(page.locator("main")).to_contain_text("Mr Nowak, Kingsmere")
    tab_to(page, "button.govuk-button")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Check your e-mail")
    axe(page)

    page.goto(f"{live_server}/dev/mailbox")
    href = page.locator("tr", has_text=email).first.get_by_role("link").get_attribute("href")
    tab_to(page, f"a[href='{href}']")
    page.keyboard.press("Enter")
    expect(page.locator(".app-email-body")).to_be_visible()
    tab_to(page, ".app-email-body a")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Confirm your question")
    tab_to(page, "button.govuk-button")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-panel__title")).to_have_text("Question sent")
    tab_to(page, "main a.app-break-anywhere")
    page.keyboard.press("Enter")
    expect(page.locator(".app-track-status")).to_contain_text("Received")
    axe(page)


def test_other_asking_pages_are_accessible(page: Page, live_server: str, open_meeting, data, sign_in, axe):
    with data() as f:
        councillor = f.make_user(
            roles={"councillor"},
            email=unique_email("cllr"),
            first_name="Priya",
            last_name="Natarajan",
            ward="Aldbury",
        )
        councillor_email = councillor.email
    for path in ("/questions/mine", "/ask/confirm/not-a-real-link", "/questions/mine/not-a-real-link"):
        page.goto(f"{live_server}{path}")
        expect(page.locator("h1")).to_be_visible()
        axe(page)
    page.goto(f"{live_server}/questions/mine")
    page.get_by_label("E-mail address").fill("nobody.here@example.com")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.locator("h1")).to_have_text("Check your e-mail")
    axe(page)

    sign_in(page, councillor_email)
    page.goto(f"{live_server}/staff/member-questions")
    expect(page.locator("h1")).to_have_text("Ask a member question")
    axe(page)
    meeting_id, _ = open_meeting
    page.goto(f"{live_server}/staff/member-questions/{meeting_id}")
    page.get_by_role("button", name="Send question").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your question")
    axe(page)
    page.get_by_label("Your question", exact=True).fill("How many foster carers were recruited since May?")
    page.get_by_role("radio", name="I don't know – the council will decide").check()
    page.get_by_role("button", name="Send question").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your question has been received")
    axe(page)
