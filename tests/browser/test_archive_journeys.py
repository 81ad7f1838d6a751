"""A member of the public finds an answer, follows a committee, checks the register
and the statistics: every page checked with axe."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page, expect

from portal.domain.states import QuestionStatus


def _history(f, slug, name="Children and Young People Scrutiny Committee"):
    committee = f.make_committee(name, slug=slug)
    past = f.make_meeting(committee, days_ahead=-21)
    questions = [
        f.make_question(
            past,
            status=QuestionStatus.ANSWER_APPROVED,
            text="How many foster carers were recruited this year?",
        ),
        f.make_question(
            past, status=QuestionStatus.ANSWER_APPROVED, text="When will the short breaks service restart?"
        ),
    ]
    f.publish_meeting(
        past,
        questions,
        answers={
            questions[0].id: "<p>We recruited 23 foster carers, against a target of 30.</p>",
            questions[1].id: "<p>The short breaks service restarts in April.</p>",
        },
        document="minutes",
        extras={questions[1].id: {"written_answer": {"due_on": dt.date.today() + dt.timedelta(days=10)}}},
    )
    upcoming = f.make_meeting(committee, days_ahead=14)
    f.make_question(upcoming)
    f.make_question(upcoming, status=QuestionStatus.ACCEPTED, title="Dr", last_name="Okafor", town="Aldbury")
    f.make_question(upcoming, status=QuestionStatus.REJECTED)
    return past.id


def test_find_an_answer_and_follow_the_committee(page: Page, live_server: str, data, axe):
    with data() as f:
        meeting_id = _history(f, "cyp-archive-browser")
    page.goto(f"{live_server}/search")
    axe(page)
    page.get_by_label("Search questions and answers").fill("foster carers")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#results-heading")).to_have_text("1 result")
    expect(page.locator(".app-results mark").first).to_have_text("foster")
    axe(page)
    link = page.locator(".app-results__item h3 a")
    expect(link).to_have_attribute("href", f"/meetings/{meeting_id}/questions#pq-1")

    page.get_by_label("Committee").select_option("cyp-archive-browser")
    page.get_by_label("Only questions with a written answer owed").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("h2#results-heading")).to_have_text("There are no matching results")
    axe(page)
    page.get_by_role("link", name="removing the filters").click()
    expect(page.locator("#results-heading")).to_have_text("1 result")

    page.goto(f"{live_server}/search?q=&date_from=not+a+date")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real date for 'meetings from'")
    axe(page)

    page.goto(f"{live_server}/committees/cyp-archive-browser/questions")
    axe(page)
    page.get_by_role("link", name="Get an e-mail when new answers are published").click()
    expect(page.locator("h1")).to_have_text("Get an e-mail when new answers are published")
    axe(page)
    page.get_by_role("button", name="Send me a confirmation e-mail").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your e-mail address")
    axe(page)
    page.get_by_label("E-mail address").fill("follower@example.com")
    page.get_by_role("button", name="Send me a confirmation e-mail").click()
    expect(page.locator("h1")).to_have_text("Check your e-mail")
    axe(page)

    page.goto(f"{live_server}/calendar")
    axe(page)


def test_register_and_statistics_are_accessible(page: Page, live_server: str, data, axe):
    with data() as f:
        # A committee of its own name: a council's committees never share one.
        _history(f, "cyp-register-browser", "Corporate Parenting Panel")
    page.goto(f"{live_server}/register")
    expect(page.locator("h1")).to_have_text("Questions received for upcoming meetings")
    expect(page.locator("main")).to_contain_text("Dr Okafor, Aldbury")
    axe(page)
    page.goto(f"{live_server}/statistics")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    axe(page)
    page.get_by_label("Committee", exact=True).select_option("cyp-register-browser")
    page.get_by_role("button", name="Show").click()
    # Wait for the filtered page itself, not just its address, before axe looks at it.
    expect(page.get_by_label("Committee", exact=True)).to_have_value("cyp-register-browser")
    page.wait_for_load_state()
    expect(page.locator("main h1")).to_be_visible()
    axe(page)
