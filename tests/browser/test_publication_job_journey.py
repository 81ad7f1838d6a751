"""A clerk publishes a large meeting: the confirmation returns at once to a progress page,
which follows the job (run by a thread of the server, as under `make run`) to the end, by
polling with JavaScript and by reloading itself without. axe on the page in every state."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from portal.domain.record import documents
from tests.browser.test_accountability_journeys import no_js_sign_in, shots
from tests.record_factories import ready_meeting

_n = itertools.count(1)


@pytest.fixture
def jobs_in_threads(live_app, monkeypatch) -> Iterator[threading.Event]:
    """Jobs run by the server's own thread, for meetings of two questions or more; the PDF
    waits for the returned event (or two minutes), so the page can be seen while it runs."""
    saved = {k: live_app.config[k] for k in ("PUBLISH_JOB_RUNNER", "PUBLISH_IN_BACKGROUND_FROM")}
    live_app.config.update(PUBLISH_JOB_RUNNER="thread", PUBLISH_IN_BACKGROUND_FROM=2)
    go_on = threading.Event()
    real = documents.render

    def slow(model, fmt):
        if fmt == "pdf":
            go_on.wait(120)
        return real(model, fmt)

    monkeypatch.setattr(documents, "render", slow)
    yield go_on
    go_on.set()
    live_app.config.update(saved)


def _meeting(data) -> tuple[int, str]:
    n = next(_n)
    with data() as f:
        clerk = f.make_user(roles={"clerk"}, email=f"job.clerk.{n}@example.gov.uk")
        meeting, _ = ready_meeting(public=3, member=0)
        return meeting.id, clerk.email


def _confirm(page: Page, live_server: str, meeting_id: int) -> None:
    page.goto(
        f"{live_server}/staff/publishing/meetings/{meeting_id}/publish/agenda-supplement?seen_version=0"
    )
    page.get_by_role("button", name="Publish the agenda supplement").click()
    # The job's page comes while the PDF is still held back: the request did not wait for
    # the publication.
    page.wait_for_url("**/jobs/*")


def test_the_progress_page_follows_the_job_with_javascript(
    page: Page, live_server, data, sign_in, axe, jobs_in_threads
):
    meeting_id, email = _meeting(data)
    sign_in(page, email)
    _confirm(page, live_server, meeting_id)
    expect(page.locator("h1")).to_have_text("Publishing the agenda supplement")
    summary = page.locator("[data-job-summary]")
    expect(summary).to_have_text("Publishing 3 questions: 0 of 5 formats ready, PDF under way")
    expect(page.locator(".govuk-task-list__item").nth(1)).to_contain_text("In progress")
    axe(page)
    shots(page, "publication-job-running")
    url = page.url
    jobs_in_threads.set()
    # The same page, updated in place: the heading, the outcome and the steps.
    expect(page.locator("h1")).to_have_text("Agenda supplement published", timeout=30_000)
    assert page.url == url
    expect(summary).to_have_text("Published 3 questions as version 1")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Agenda supplement published as version 1"
    )
    axe(page)
    shots(page, "publication-job-published")
    page.get_by_role("link", name="Open version 1").click()
    expect(page.locator("h1")).to_contain_text("Questions and answers")


def test_the_progress_page_reloads_itself_without_javascript(
    browser, live_server, live_app, data, axe, jobs_in_threads
):
    meeting_id, email = _meeting(data)
    context, page = no_js_sign_in(browser, live_server, live_app, email)
    try:
        _confirm(page, live_server, meeting_id)
        expect(page.locator("h1")).to_have_text("Publishing the agenda supplement")
        expect(page.get_by_role("link", name="Check progress now")).to_be_visible()
        jobs_in_threads.set()
        expect(page.locator("h1")).to_have_text("Agenda supplement published", timeout=30_000)
        expect(page.locator("[data-job-summary]")).to_have_text("Published 3 questions as version 1")
    finally:
        context.close()
