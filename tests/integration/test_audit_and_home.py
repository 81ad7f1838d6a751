"""The audit log (every event, filtered, newest first) and the staff home's worklist."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.domain import lifecycle
from portal.domain.numbers import question_label
from portal.domain.questions import answers, moderation
from portal.domain.states import QuestionStatus
from portal.models import utcnow
from tests import factories
from tests.html import field_errors, page, text

S = QuestionStatus


@pytest.fixture
def post(officer, councillor):
    return factories.make_answering_post(holders=[councillor], drafters=[officer])


@pytest.fixture
def meeting(post):
    return factories.make_meeting(factories.make_committee("Council", posts=[post]), days_ahead=20)


def audit_rows(response) -> list[str]:
    return [" ".join(r.get_text(" ").split()) for r in page(response).select("tbody tr")]


def test_the_audit_log_shows_every_event_newest_first_and_filters(clerk_client, clerk, meeting, post):
    first = factories.make_question(meeting, first_name="Ann")
    second = factories.make_question(factories.make_meeting(days_ahead=40), first_name="Ben")
    moderation.accept(first, by=clerk, post=post)
    lifecycle.record_event(second, "note", title="Old note", actor=None, now=utcnow() - dt.timedelta(days=10))

    everything = audit_rows(clerk_client.get("/staff/audit"))
    assert first.reference in everything[0]  # the acceptance, newest
    assert "Question accepted" in everything[0]
    assert "Cara Clerk" in everything[0]
    assert len(everything) == 6  # each question sent and confirmed, the acceptance, the old note

    by_reference = audit_rows(clerk_client.get(f"/staff/audit?reference={second.reference.lower()}"))
    assert all(second.reference in row for row in by_reference)
    assert len(by_reference) == 3
    assert len(audit_rows(clerk_client.get(f"/staff/audit?meeting={meeting.id}"))) == 3
    assert len(audit_rows(clerk_client.get(f"/staff/audit?person={clerk.id}"))) == 1

    today = utcnow().date()
    recent = clerk_client.get(
        f"/staff/audit?from_day={today.day}&from_month={today.month}&from_year={today.year}"
    )
    assert "Old note" not in text(recent)
    bad = clerk_client.get("/staff/audit?from_day=31&from_month=2&from_year=2026")
    assert field_errors(bad) == ["The date from must be a real date, for example 27 3 2026"]
    short_year = clerk_client.get("/staff/audit?to_day=1&to_month=2&to_year=26")
    assert field_errors(short_year) == ["Year must include 4 numbers, for example 27 3 2026"]


def test_the_audit_log_pages(clerk_client, meeting):
    question = factories.make_question(meeting)
    for n in range(55):
        lifecycle.record_event(question, "note", title=f"Note {n}", actor=None)
    first_page = clerk_client.get("/staff/audit")
    assert len(audit_rows(first_page)) == 50
    assert "page 1 of 2" in text(first_page)
    second = clerk_client.get("/staff/audit?page=2")
    assert len(audit_rows(second)) == 7  # 55 notes, and the question sent and confirmed


def test_only_admins_and_clerks_see_the_audit_log(officer_client, admin_client):
    assert officer_client.get("/staff/audit").status_code == 403
    assert admin_client.get("/staff/audit").status_code == 200


def test_staff_home_shows_each_meeting_and_who_does_what_next(clerk_client, clerk, meeting, post):
    waiting = factories.make_question(meeting)
    moderation.accept(factories.make_question(meeting), by=clerk, post=post)
    home = clerk_client.get("/staff/")
    body = text(home)
    assert "1 question is waiting for a decision" in body
    assert "Question deadline in" in body
    tasks = [" ".join(li.get_text(" ").split()) for li in page(home).select(".govuk-task-list__item")]
    assert any(t.startswith("Decide on questions received") and "1 to decide" in t for t in tasks)
    assert any("Draft answers" in t and "Officers: Owen Officer" in t and "1 to draft" in t for t in tasks)
    assert any("Publish the questions and answers" in t and "Cannot start yet" in t for t in tasks)
    assert waiting.reference  # still waiting


def test_officers_and_post_holders_see_their_own_work_first(
    officer_client, councillor_client, officer, clerk, meeting, post
):
    to_write = factories.make_question(meeting)
    to_approve = factories.make_question(meeting)
    for q in (to_write, to_approve):
        moderation.accept(q, by=clerk, post=post)
    answers.save_draft(to_approve, by=officer, source="Answer")
    answers.submit_for_approval(to_approve, by=officer)

    officer_home = officer_client.get("/staff/")
    headings = [h.get_text() for h in page(officer_home).select("h2, h3")]
    assert headings.index("Your work") < headings.index("Upcoming meetings")
    assert "Answers to write" in headings
    assert question_label(to_write) in text(officer_home)
    # The officer may not open the moderation queue, so the task is not a link for them.
    assert page(officer_home).find("a", string="Decide on questions received") is None

    councillor_home = councillor_client.get("/staff/")
    assert "Answers waiting for your approval" in text(councillor_home)
    assert question_label(to_approve) in text(councillor_home)


def test_a_log_of_millions_counts_only_so_far_and_says_so(clerk_client, meeting, monkeypatch):
    from portal.domain.questions import audit

    monkeypatch.setattr(audit, "COUNT_CAP", 3)
    question = factories.make_question(meeting, first_name="Ann")
    for n in range(4):
        lifecycle.record_event(question, "note", title=f"Note {n}", actor=None)
    response = clerk_client.get("/staff/audit")
    assert "More than 3 entries, page 1" in text(response)
    assert "To find older entries, choose a question, meeting, person or dates." in text(response)
    # A filter that matches fewer is counted exactly.
    other = factories.make_question(meeting, first_name="Ben")
    assert "2 entries" in text(clerk_client.get(f"/staff/audit?reference={other.reference}"))


def test_past_the_counted_pages_older_entries_follow_on_without_counting(clerk_client, meeting, monkeypatch):
    from portal.domain.questions import audit

    monkeypatch.setattr(audit, "COUNT_CAP", 50)
    question = factories.make_question(meeting, first_name="Ann")
    start = utcnow() - dt.timedelta(days=30)
    for n in range(120):  # the oldest is "Note 0"
        lifecycle.record_event(
            question, "note", title=f"Note {n}", actor=None, now=start + dt.timedelta(minutes=n)
        )
    newest = clerk_client.get("/staff/audit")
    assert "More than 50 entries, page 1" in text(newest)
    onward = page(newest).select_one(".govuk-pagination__next a")["href"]
    assert "older_than=" in onward

    older = clerk_client.get(onward)
    rows = audit_rows(older)
    assert len(rows) == 50
    assert "Note 71" in rows[0]  # the newest page: the question sent and confirmed, notes 119-72
    assert "Note 22" in rows[-1]
    assert "Older entries" in text(older)
    last = clerk_client.get(page(older).select_one(".govuk-pagination__next a")["href"])
    rows = audit_rows(last)
    assert len(rows) == 22  # after the question's sending, confirming and 98 notes: the oldest 22
    assert "Note 0" in rows[-1]
    assert page(last).select_one(".govuk-pagination__next") is None
    # A filter is kept as it goes further back.
    filtered = clerk_client.get(f"/staff/audit?reference={question.reference}")
    assert f"reference={question.reference}" in page(filtered).select_one(".govuk-pagination__next a")["href"]
