"""A clerk runs the meeting console by keyboard (it saves as they go, and keeps what the
connection dropped), publishes the record, and the public read it. axe on every page."""

from __future__ import annotations

import itertools
import re

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from portal.domain.record import publishing
from portal.extensions import db
from portal.models import Question, QuestionOutcome
from tests.browser.conftest import fresh_code, leaving_is_questioned
from tests.record_factories import ready_meeting

_clerks = itertools.count(1)


def _setup(data) -> tuple[int, int, str]:
    with data() as f:
        clerk = f.make_user(roles={"clerk"}, email=f"console.clerk.{next(_clerks)}@example.gov.uk")
        meeting, questions = ready_meeting(public=2, member=0)
        publishing.publish_supplement(meeting, by=clerk)
        return meeting.id, questions[0].id, clerk.email


def _outcome(live_app, question_id: int) -> QuestionOutcome | None:
    with live_app.app_context():
        outcome = db.session.scalar(
            sa.select(QuestionOutcome).where(QuestionOutcome.question_id == question_id)
        )
        db.session.expunge_all()
        return outcome


def test_the_console_saves_as_the_clerk_types_and_keeps_what_a_dropped_connection_lost(
    page: Page, live_server: str, live_app, data, sign_in, axe
):
    meeting_id, question_id, email = _setup(data)
    sign_in(page, email)
    page.goto(f"{live_server}/staff/console/meetings/{meeting_id}")
    expect(page.locator("h1")).to_have_text("Meeting console")
    axe(page)

    pq1 = page.locator("#pq-1")
    status = pq1.locator(".app-save-status")
    # Keyboard only: choose how the question was put, then type the supplementary.
    pq1.get_by_label("Put by the questioner").focus()
    page.keyboard.press("Space")
    expect(status).to_have_text(re.compile(r"^Saved at "))
    supplementary = pq1.get_by_label("Supplementary question", exact=True)
    supplementary.focus()
    page.keyboard.type("Will the figures be published every quarter?")
    page.keyboard.press("Tab")  # leaving the field saves it at once
    expect(status).to_have_text(re.compile(r"^Saved at "))
    assert (
        _outcome(live_app, question_id).supplementary_source == "Will the figures be published every quarter?"
    )

    page.reload()
    expect(page.locator("#pq-1").get_by_label("Supplementary question", exact=True)).to_have_value(
        "Will the figures be published every quarter?"
    )

    # The connection drops while the answer is being typed.
    page.route("**/staff/console/questions/**", lambda route: route.abort())
    answer = page.locator("#pq-1").get_by_label("Answer to the supplementary question")
    answer.focus()
    page.keyboard.type("Yes, from April, on the council's website.")
    page.keyboard.press("Tab")
    expect(page.locator("#pq-1 .app-save-status")).to_contain_text("Not saved – check your connection")
    assert _outcome(live_app, question_id).supplementary_answer_source == ""

    # Back online, the page is opened again: the text is put back, the clerk told, and it saves.
    page.unroute("**/staff/console/questions/**")
    page.reload()
    notice = page.locator("[data-module='app-console-restored']")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("PQ 1: Answer to the supplementary question")
    expect(page.locator("#pq-1").get_by_label("Answer to the supplementary question")).to_have_value(
        "Yes, from April, on the council's website."
    )
    expect(page.locator("#pq-1 .app-save-status")).to_have_text(re.compile(r"^Saved at "))
    assert (
        _outcome(live_app, question_id).supplementary_answer_source
        == "Yes, from April, on the council's website."
    )
    axe(page)


def test_the_console_works_without_javascript(browser, live_server: str, live_app, data, axe):
    meeting_id, _, email = _setup(data)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Enter the code from your authenticator app").fill(fresh_code(live_app, email))
    page.get_by_role("button", name="Continue").click()
    page.goto(f"{live_server}/staff/console/meetings/{meeting_id}")
    pq2 = page.locator("#pq-2")
    pq2.get_by_label("Not put").check()
    pq2.get_by_role("button", name="Save PQ 2").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("PQ 2 saved at")
    expect(page.locator("#pq-2").get_by_label("Not put")).to_be_checked()
    context.close()


def test_a_clerk_publishes_and_the_public_read_the_record(
    page: Page, live_server: str, live_app, data, sign_in, axe
):
    with data() as f:
        clerk = f.make_user(roles={"clerk"}, email="publishing.clerk@example.gov.uk")
        meeting, _ = ready_meeting(public=2, member=1)
        meeting_id, email = meeting.id, clerk.email
    sign_in(page, email)
    page.goto(f"{live_server}/staff/publishing/")
    expect(page.locator("h1")).to_have_text("Publishing")
    axe(page)
    page.goto(f"{live_server}/staff/publishing/meetings/{meeting_id}")
    axe(page)
    page.get_by_role("button", name="Publish the agenda supplement").click()
    expect(page.locator("h1")).to_have_text("Publish the agenda supplement?")
    expect(page.locator("main")).to_contain_text("2 public questions, each with its answer")
    axe(page)
    page.get_by_role("button", name="Publish the agenda supplement").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Agenda supplement published as version 1"
    )
    axe(page)

    for path in (f"/meetings/{meeting_id}", f"/meetings/{meeting_id}/questions", "/written-answers-owed"):
        page.goto(f"{live_server}{path}")
        expect(page.locator("h1")).to_be_visible()
        axe(page)
    page.goto(f"{live_server}/meetings/{meeting_id}/questions#pq-2")
    expect(page.locator("#pq-2")).to_be_in_viewport()
    with live_app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count()).select_from(Question).where(Question.meeting_id == meeting_id)
            )
            == 3
        )


def test_leaving_the_console_while_saving_or_unsaved_asks_first(
    page: Page, live_server: str, live_app, data, sign_in
):
    meeting_id, question_id, email = _setup(data)
    sign_in(page, email)
    page.goto(f"{live_server}/staff/console/meetings/{meeting_id}")
    pq1 = page.locator("#pq-1")
    status = pq1.locator(".app-save-status")
    assert not leaving_is_questioned(page)

    # The save is held up: the page says "Saving…" and leaving it is questioned.
    held = []
    page.route("**/staff/console/questions/**", lambda route: held.append(route))
    supplementary = pq1.get_by_label("Supplementary question", exact=True)
    supplementary.focus()
    page.keyboard.type("Will the figures be published every quarter?")
    page.keyboard.press("Tab")
    expect(status).to_have_text("Saving…")
    assert leaving_is_questioned(page)

    # Once it is saved, the clerk can leave without being asked.
    for route in held:
        route.continue_()
    page.unroute("**/staff/console/questions/**")
    expect(status).to_have_text(re.compile(r"^Saved at "))
    assert not leaving_is_questioned(page)
    assert (
        _outcome(live_app, question_id).supplementary_source == "Will the figures be published every quarter?"
    )


def test_choosing_read_out_on_their_behalf_saves_at_once_and_says_what_is_left(
    page: Page, live_server: str, live_app, data, sign_in
):
    meeting_id, question_id, email = _setup(data)
    sign_in(page, email)
    page.goto(f"{live_server}/staff/console/meetings/{meeting_id}")
    pq1 = page.locator("#pq-1")
    status = pq1.locator(".app-save-status")
    pq1.get_by_role("group", name="At the meeting, the question was").get_by_label(
        "Read out on their behalf"
    ).check()
    expect(status).to_have_text(
        re.compile(r"^Saved at .*Still to do: Enter who read the question out, for example Chair$")
    )
    assert _outcome(live_app, question_id).put.value == "read_on_behalf"
    assert not leaving_is_questioned(page)

    pq1.get_by_label("Read out by").fill("Chair")
    pq1.get_by_label("Read out by").press("Tab")
    expect(status).to_have_text(re.compile(r"^Saved at \S+$"))
    assert _outcome(live_app, question_id).read_by == "Chair"


def test_a_long_console_turns_its_pages_by_keyboard_and_without_javascript(
    browser, page: Page, live_server: str, data, sign_in, axe, monkeypatch
):
    from portal.domain.meetings import console_pages
    from tests.browser.test_accountability_journeys import shots

    monkeypatch.setattr(console_pages, "PER_PAGE", 2)
    with data() as f:
        clerk = f.make_user(roles={"clerk"}, email=f"console.clerk.{next(_clerks)}@example.gov.uk")
        meeting, questions = ready_meeting(public=5, member=0)
        meeting_id, email, last_id = meeting.id, clerk.email, questions[-1].id
    sign_in(page, email)
    console = f"{live_server}/staff/console/meetings/{meeting_id}"
    page.goto(console)
    expect(page.locator("section.app-console-question h2")).to_have_count(2)
    axe(page)
    shots(page, "console-paged")

    # Keyboard: the next page's link names the questions it holds.
    next_page = page.get_by_role("link", name=re.compile("Next page.*PQ 3 to PQ 4"))
    next_page.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#pq-3-heading")).to_be_visible()
    assert page.url.endswith("?page=2")
    # The jump list opens another page at its question.
    page.locator(".app-console-jump__list").get_by_role("link", name="PQ 5").click()
    expect(page.locator("#pq-5-heading")).to_be_in_viewport()
    assert page.url.endswith(f"?question={last_id}#pq-5")
    axe(page)

    plain = browser.new_context(java_script_enabled=False)
    try:
        no_js = plain.new_page()
        no_js.context.add_cookies(page.context.cookies())
        no_js.goto(f"{console}?page=2")
        pq4 = no_js.locator("#pq-4")
        pq4.get_by_label("Put by the questioner").check()
        pq4.get_by_role("button", name="Save PQ 4").click()
        # Back on the page holding PQ 4, at PQ 4, saved.
        expect(no_js.locator("#pq-4 .app-save-status")).to_have_text(re.compile("^Last saved at"))
        assert re.search(r"\?question=\d+#pq-4$", no_js.url)
    finally:
        plain.close()


def test_the_audit_log_goes_on_to_older_entries_past_its_counted_pages(
    page: Page, live_server: str, data, sign_in, axe, monkeypatch
):
    import datetime as dt

    from portal.domain import lifecycle
    from portal.domain.questions import audit
    from portal.models import utcnow
    from tests.browser.test_accountability_journeys import shots

    monkeypatch.setattr(audit, "COUNT_CAP", 50)
    with data() as f:
        clerk = f.make_user(roles={"clerk"}, email=f"audit.clerk.{next(_clerks)}@example.gov.uk")
        question = f.make_question(f.make_meeting(days_ahead=20))
        start = utcnow() - dt.timedelta(days=3)
        for n in range(70):
            lifecycle.record_event(
                question, "note", title=f"Note {n}", actor=None, now=start + dt.timedelta(minutes=n)
            )
        email, reference = clerk.email, question.reference
    sign_in(page, email)
    # The journeys before this one leave entries of their own: this question's are counted.
    page.goto(f"{live_server}/staff/audit?reference={reference}")
    expect(page.get_by_role("heading", name=re.compile("More than 50 entries"))).to_be_visible()
    page.get_by_role("navigation", name="Audit log pages").get_by_role(
        "link", name=re.compile("Next")
    ).click()
    expect(page.get_by_role("heading", name="Older entries")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(22)  # 70 notes, the question sent, confirmed
    axe(page)
    shots(page, "audit-older-entries")
    expect(page.locator("tbody tr").last).to_contain_text("Note 0")
    page.get_by_role("link", name="Go back to the newest entries").click()
    expect(page.get_by_role("heading", name=re.compile("More than 50 entries"))).to_be_visible()
