"""What the public see: meetings taking questions, deadlines and their working, changes."""

from __future__ import annotations

import datetime as dt

from portal.domain.meetings import scheduling
from portal.formatting import format_date, format_datetime, format_time
from tests import factories
from tests.html import heading, page, text


def test_home_lists_each_meeting_once_with_its_deadline_plainly(client):
    council = factories.make_committee("Council", slug="council")
    open_meeting = factories.make_meeting(council, days_ahead=30)
    passed = factories.make_meeting(council, days_ahead=1)  # its deadline has gone
    cancelled = factories.make_meeting(council, days_ahead=20)
    scheduling.cancel_meeting(cancelled, by=None, reason="Not quorate")
    no_public = factories.make_meeting(
        factories.make_committee("Licensing Committee", takes_public_questions=False), days_ahead=25
    )

    response = client.get("/")
    assert heading(response) == "Questions to Kingsmere Council"  # not a second start page
    assert page(response).find("a", string="Ask a question")["href"] == "/ask"
    [listing] = page(response).select("main ul.app-meeting-list")
    links = [a["href"] for a in listing.select("a")]
    assert sorted(links) == sorted(f"/meetings/{m.id}" for m in (open_meeting, passed, cancelled, no_public))
    taking = next(li for li in listing.select("li") if li.a["href"] == f"/meetings/{open_meeting.id}")
    assert f"Send your question by {format_datetime(open_meeting.question_deadline_at)}" in " ".join(
        taking.get_text(" ").split()
    )
    assert "1 meeting is taking questions now." in text(response)
    assert open_meeting.deadline_explanation not in text(response)  # the working is on the meeting page


def test_a_meeting_taking_questions_shows_its_deadline_rules_and_contact(client):
    committee = factories.make_committee("Council", slug="council", word_limit=300)
    meeting = factories.make_meeting(
        committee, days_ahead=30, webcast_url="https://www.youtube.com/@KingsmereCouncil"
    )
    response = client.get(f"/meetings/{meeting.id}")
    assert heading(response) == f"Council, {format_date(meeting.starts_at)}"
    shown = text(response)
    assert f"Send your question by {format_datetime(meeting.question_deadline_at)}" in shown
    working = page(response).select_one("details.app-deadline-working")
    assert working.summary.get_text(strip=True) == "How we worked this out"
    assert meeting.deadline_explanation in " ".join(working.get_text(" ").split())
    assert "of up to 300 words" in shown
    assert "Sarah Whitlock, Democratic Services Officer" in shown
    assert "Request another format" in shown
    watch = page(response).find("a", string="Watch this meeting online")
    assert watch["href"] == "https://www.youtube.com/@KingsmereCouncil"


def test_a_moved_meeting_says_it_moved_from_when_and_why(client):
    meeting = factories.make_meeting(days_ahead=30)
    was = meeting.starts_at
    scheduling.move_meeting(
        meeting, to_starts_at=was + dt.timedelta(days=7), by=None, reason="To consider the inspection report."
    )
    response = client.get(f"/meetings/{meeting.id}")
    assert "Moved" in heading(response)
    shown = text(response)
    assert f"This meeting has moved. It was due on {format_date(was)} at {format_time(was)}." in shown
    assert "Reason: To consider the inspection report." in shown
    assert meeting.deadline_explanation in shown
    listed = text(client.get("/meetings"))
    assert "Moved" in listed


def test_a_cancelled_meeting_says_so_and_takes_no_questions(client):
    meeting = factories.make_meeting(days_ahead=30)
    scheduling.cancel_meeting(meeting, by=None, reason="The committee is not quorate.")
    response = client.get(f"/meetings/{meeting.id}")
    assert "Cancelled" in heading(response)
    shown = text(response)
    assert "This meeting has been cancelled. The committee is not quorate." in shown
    assert "Send your question by" not in shown
    assert "Ask a question at this meeting" not in shown


def test_a_meeting_past_its_deadline_says_so_and_points_to_the_next_ones(client):
    committee = factories.make_committee("Cabinet", slug="cabinet")
    meeting = factories.make_meeting(committee, days_ahead=1)
    response = client.get(f"/meetings/{meeting.id}")
    shown = text(response)
    assert (
        f"The deadline for questions to this meeting was {format_datetime(meeting.question_deadline_at)}."
        in shown
    )
    link = page(response).find("a", string="See the next Cabinet meetings")
    assert link["href"] == "/committees/cabinet"


def test_a_committee_lists_its_rules_and_upcoming_meetings(client):
    committee = factories.make_committee(
        "Council", slug="council", deadline_clear_working_days=3, deadline_time=dt.time(17)
    )
    meeting = factories.make_meeting(committee, days_ahead=30)
    response = client.get("/committees/council")
    shown = text(response)
    assert "Questions must arrive by 5pm, 3 clear working days before the meeting." in shown
    assert f"Send your question by {format_datetime(meeting.question_deadline_at)}" in shown


def test_inactive_committees_and_unknown_meetings_are_not_found(client, admin):
    from portal.domain.meetings import committees

    committee = factories.make_committee("Old Committee", slug="old")
    meeting = factories.make_meeting(committee, days_ahead=-40)
    committees.update_committee(
        committee,
        by=admin,
        name=committee.name,
        slug=committee.slug,
        kind=committee.kind,
        description="",
        takes_public_questions=True,
        takes_member_questions=False,
        layout=committee.layout,
        is_active=False,
    )
    assert client.get("/committees/old").status_code == 404
    assert client.get(f"/meetings/{meeting.id}").status_code == 404
    assert client.get("/meetings/999999").status_code == 404
