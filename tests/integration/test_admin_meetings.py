"""Democratic services schedule, change, move, cancel and reinstate meetings, and set deadlines."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.domain.meetings import scheduling
from portal.domain.meetings.deadlines import compute_deadline
from portal.extensions import db
from portal.formatting import format_datetime, london_to_utc, to_london
from portal.models import Meeting, MeetingStatus, utcnow
from tests import factories
from tests.html import banners, error_messages, heading, input_value, page, text


def future_day(days: int) -> dt.date:
    return to_london(utcnow()).date() + dt.timedelta(days=days)


def parts(day: dt.date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def schedule_form(committee, day: dt.date, /, **overrides):
    data = {
        "committee": str(committee.id),
        "title": "",
        "day": parts(day),
        "time": "2:30pm",
        "venue": "Council Chamber, Council Offices, Market Street, Kingsmere",
        "takes_public_questions": "y",
        "public_questions_item": "5",
        "member_questions_item": "6",
        "contact_name": "Sarah Whitlock, Democratic Services Officer",
        "contact_email": "democratic.services@kingsmere.gov.uk",
        "contact_phone": "01632 960123",
        "webcast_url": "https://www.youtube.com/@KingsmereCouncil/streams",
    }
    data.update(overrides)
    return data


@pytest.fixture
def cyp():
    return factories.make_committee(
        "Children and Young People Scrutiny Committee",
        slug="cyp",
        deadline_clear_working_days=2,
        deadline_time=dt.time(9, 30),
    )


def test_a_clerk_schedules_a_meeting_and_sees_its_deadline_worked_out(clerk_client, cyp):
    day = future_day(40)
    response = clerk_client.post("/admin/meetings/new", data=schedule_form(cyp, day))
    assert response.status_code == 302
    meeting = cyp.meetings[0]
    assert meeting.starts_at == london_to_utc(day, dt.time(14, 30))
    expected = compute_deadline(meeting.starts_at, 2, dt.time(9, 30), scheduling.closure_days())
    assert meeting.question_deadline_at == expected.at

    shown = clerk_client.get(response.headers["Location"])
    assert f"Questions close at {format_datetime(expected.at)}" in banners(shown)[0]
    assert f"How it was worked out: {expected.explanation}" in text(shown)
    assert "Scheduled" in text(shown)  # the history


def test_the_committee_and_its_last_contact_details_are_filled_in(clerk_client, cyp):
    factories.make_meeting(cyp, days_ahead=10, contact_name="Ayesha Malik, Committee Officer")
    form = clerk_client.get(f"/admin/meetings/new?committee={cyp.id}")
    assert page(form).select_one("select[name=committee] option[selected]")["value"] == str(cyp.id)
    assert input_value(form, "contact_name") == "Ayesha Malik, Committee Officer"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"committee": ""}, "Select a committee"),
        ({"day": ["", "", ""]}, "Enter the date of the meeting"),
        ({"day": ["12", "", "2031"]}, "Date of the meeting must include a month"),
        ({"day": ["30", "2", "2031"]}, "Date of the meeting must be a real date"),
        ({"day": ["1", "3", "31"]}, "Year must include 4 numbers"),
        ({"day": ["1", "3", "2020"]}, "The date and time of the meeting must be in the future"),
        ({"time": ""}, "Enter the time the meeting starts"),
        ({"time": "half two"}, "Start time must be a real time, like 2pm or 14:30"),
        ({"time": "2"}, "Start time must say am or pm, like 2pm, or use the 24-hour clock, like 14:00"),
        ({"time": "14:75"}, "Start time must be a real time, like 2pm or 14:30"),
        (
            {"contact_email": "democratic services"},
            "Enter an e-mail address in the correct format, like name@kingsmere.gov.uk",
        ),
        (
            {"webcast_url": "youtube.com/kingsmere"},
            "Enter the webcast link in the correct format, like https://www.youtube.com/@KingsmereCouncil",
        ),
        ({"public_questions_item": "x" * 21}, "Agenda item must be 20 characters or fewer"),
    ],
)
def test_scheduling_says_what_is_wrong_and_keeps_what_was_typed(clerk_client, cyp, overrides, message):
    data = schedule_form(cyp, future_day(40), **overrides)
    response = clerk_client.post("/admin/meetings/new", data=data)
    assert error_messages(response) == [message]
    assert cyp.meetings == []
    assert (input_value(response, "time") or "") == data["time"]
    assert input_value(response, "venue") == data["venue"]
    assert [i.get("value") or "" for i in page(response).select("input[name=day]")] == data["day"]


def test_times_are_read_as_people_write_them(clerk_client, cyp):
    for typed, expected in (
        ("14:30", dt.time(14, 30)),
        ("10am", dt.time(10, 0)),
        ("midday", dt.time(12, 0)),
        ("6.15 pm", dt.time(18, 15)),
    ):
        day = future_day(40 + len(cyp.meetings) * 7)
        clerk_client.post("/admin/meetings/new", data=schedule_form(cyp, day, time=typed))
        assert to_london(cyp.meetings[-1].starts_at).time() == expected, typed


def test_changing_details_records_a_new_venue(clerk_client, cyp):
    meeting = factories.make_meeting(cyp, days_ahead=30)
    data = schedule_form(cyp, future_day(30), venue="Committee Room 2, Council Offices")
    response = clerk_client.post(f"/admin/meetings/{meeting.id}/edit", data=data)
    assert response.status_code == 302
    assert meeting.venue == "Committee Room 2, Council Offices"
    history = text(clerk_client.get(f"/admin/meetings/{meeting.id}"))
    assert (
        "Venue changed from Council Chamber, Market Street, Kingsmere to Committee Room 2, Council Offices"
        in history
    )


def move(
    client, meeting, day, time="2:30pm", reason="The inspection report is published a week later.", **extra
):
    return client.post(
        f"/admin/meetings/{meeting.id}/move",
        data={"day": parts(day), "time": time, "venue": meeting.venue, "reason": reason, **extra},
        follow_redirects=True,
    )


def test_moving_a_meeting_recomputes_the_deadline_and_shows_old_and_new(clerk_client, cyp):
    meeting = factories.make_meeting(cyp, days_ahead=30)
    old_deadline = meeting.question_deadline_at
    new_day = future_day(44)
    response = move(clerk_client, meeting, new_day)
    assert meeting.status is MeetingStatus.MOVED
    assert meeting.question_deadline_at > old_deadline
    assert banners(response)[0] == (
        f"Success The meeting has moved to {format_datetime(meeting.starts_at)}. The question deadline moved "
        f"from {format_datetime(old_deadline)} to {format_datetime(meeting.question_deadline_at)}."
    )
    history = text(response)
    old_start, new_start = meeting.changes[-1].from_starts_at, meeting.starts_at
    assert f"From {format_datetime(old_start)} to {format_datetime(new_start)}" in history
    assert "Reason: The inspection report is published a week later." in history

    public = text(clerk_client.get(f"/meetings/{meeting.id}"))
    assert "This meeting has moved." in public
    assert f"It was due on {format_datetime(meeting.changes[-1].from_starts_at).split(' on ')[1]}" in public
    assert meeting.deadline_explanation in public


def test_moving_keeps_a_deadline_set_by_hand(clerk_client, cyp):
    meeting = factories.make_meeting(cyp, days_ahead=30)
    set_at = meeting.starts_at - dt.timedelta(days=7)
    scheduling.override_deadline(meeting, deadline_at=set_at, by=None, reason="Agreed with the Chair")
    db.session.flush()
    response = move(clerk_client, meeting, future_day(37))
    assert meeting.question_deadline_at == set_at
    assert f"The question deadline stays at {format_datetime(set_at)}." in banners(response)[0]


def test_a_deadline_set_by_hand_that_would_fall_after_the_meeting_is_worked_out_again(clerk_client, cyp):
    meeting = factories.make_meeting(cyp, days_ahead=40)
    scheduling.override_deadline(
        meeting, deadline_at=meeting.starts_at - dt.timedelta(days=1), by=None, reason="Late questions"
    )
    db.session.flush()
    move(clerk_client, meeting, future_day(20))
    assert not meeting.deadline_overridden
    assert meeting.question_deadline_at < meeting.starts_at


@pytest.mark.parametrize(
    ("day_offset", "time", "reason", "message"),
    [
        (44, "2:30pm", "", "Enter why the meeting is moving"),
        (30, "2:30pm", "No reason", "Enter a new date, time or venue for the meeting"),
        (-3, "2:30pm", "Brought forward", "The new date and time must be in the future"),
        (44, "", "Why", "Enter the time the meeting now starts"),
    ],
)
def test_moving_says_what_is_wrong(clerk_client, cyp, day_offset, time, reason, message):
    meeting = factories.make_meeting(cyp, days_ahead=30)
    before = meeting.starts_at
    response = clerk_client.post(
        f"/admin/meetings/{meeting.id}/move",
        data={"day": parts(future_day(day_offset)), "time": time, "venue": meeting.venue, "reason": reason},
    )
    assert error_messages(response) == [message]
    assert meeting.starts_at == before
    assert page(response).find("textarea", attrs={"name": "reason"}).get_text() == reason


def test_cancelling_and_reinstating(clerk_client, cyp):
    meeting = factories.make_meeting(cyp, days_ahead=30)
    empty = clerk_client.post(f"/admin/meetings/{meeting.id}/cancel", data={"reason": ""})
    assert error_messages(empty) == ["Enter why the meeting is cancelled"]

    clerk_client.post(
        f"/admin/meetings/{meeting.id}/cancel", data={"reason": "The committee is not quorate."}
    )
    assert meeting.status is MeetingStatus.CANCELLED
    public = clerk_client.get(f"/meetings/{meeting.id}")
    assert "This meeting has been cancelled. The committee is not quorate." in text(public)
    assert "Send your question by" not in text(public)
    assert meeting not in scheduling.meetings_open_for_public_questions()

    shown = clerk_client.get(f"/admin/meetings/{meeting.id}")
    assert "Reinstate the meeting" in text(shown)
    assert "Move the meeting" not in text(shown)
    clerk_client.post(
        f"/admin/meetings/{meeting.id}/reinstate", data={"reason": "A quorum is now confirmed."}
    )
    assert meeting.status is MeetingStatus.SCHEDULED


def test_a_moved_meeting_that_is_reinstated_still_says_it_moved(clerk_client, cyp):
    meeting = factories.make_meeting(cyp, days_ahead=30)
    move(clerk_client, meeting, future_day(37))
    clerk_client.post(f"/admin/meetings/{meeting.id}/cancel", data={"reason": "Not quorate."})
    clerk_client.post(f"/admin/meetings/{meeting.id}/reinstate", data={"reason": ""})
    assert meeting.status is MeetingStatus.MOVED


def test_a_meeting_is_marked_as_held_once_it_has_started(clerk_client, cyp):
    upcoming = factories.make_meeting(cyp, days_ahead=30)
    assert "Mark as held" not in text(clerk_client.get(f"/admin/meetings/{upcoming.id}"))
    response = clerk_client.post(f"/admin/meetings/{upcoming.id}/held", follow_redirects=True)
    assert "A meeting cannot be marked as held before it starts" in text(response)

    past = factories.make_meeting(cyp, days_ahead=-2)
    assert "Mark as held" in text(clerk_client.get(f"/admin/meetings/{past.id}"))
    clerk_client.post(f"/admin/meetings/{past.id}/held")
    assert past.status is MeetingStatus.HELD
    assert "This meeting has taken place." in text(clerk_client.get(f"/meetings/{past.id}"))


def test_setting_the_deadline_by_hand_and_going_back(clerk_client, cyp):
    meeting = factories.make_meeting(cyp, days_ahead=30)
    computed = meeting.question_deadline_at
    day = to_london(meeting.starts_at).date() - dt.timedelta(days=1)
    response = clerk_client.post(
        f"/admin/meetings/{meeting.id}/deadline",
        data={"day": parts(day), "time": "midday", "reason": "The Chair agreed to take late questions."},
        follow_redirects=True,
    )
    assert meeting.question_deadline_at == london_to_utc(day, dt.time(12, 0))
    assert meeting.deadline_overridden
    assert "Set by hand. Reason: The Chair agreed to take late questions." in text(response)
    assert "The committee's rules would give" in text(response)
    assert "Question deadline set by hand" in text(response)
    public = text(clerk_client.get(f"/meetings/{meeting.id}"))
    assert "Set by democratic services: The Chair agreed to take late questions." in public

    back = clerk_client.post(f"/admin/meetings/{meeting.id}/deadline/computed", follow_redirects=True)
    assert meeting.question_deadline_at == computed
    assert not meeting.deadline_overridden
    assert "Question deadline worked out again" in text(back)


@pytest.mark.parametrize(
    ("days_before", "time", "reason", "message"),
    [
        (1, "9am", "", "Enter why the deadline is being set by hand"),
        (0, "5pm", "After the meeting", "The deadline must be before the meeting starts"),
        (1, "", "Why", "Enter the time of the deadline"),
    ],
)
def test_a_deadline_set_by_hand_needs_a_reason_and_must_be_before_the_meeting(
    clerk_client, cyp, days_before, time, reason, message
):
    meeting = factories.make_meeting(cyp, days_ahead=30)
    before = meeting.question_deadline_at
    day = to_london(meeting.starts_at).date() - dt.timedelta(days=days_before)
    response = clerk_client.post(
        f"/admin/meetings/{meeting.id}/deadline", data={"day": parts(day), "time": time, "reason": reason}
    )
    assert error_messages(response) == [message]
    assert meeting.question_deadline_at == before


def test_the_meetings_list_by_committee_upcoming_and_past(clerk_client, cyp):
    council = factories.make_committee("Council", slug="council")
    soon = factories.make_meeting(cyp, days_ahead=10)
    other = factories.make_meeting(council, days_ahead=12)
    past = factories.make_meeting(cyp, days_ahead=-20)

    def linked(response):
        return [a["href"] for a in page(response).select("tbody a")]

    everything = clerk_client.get("/admin/meetings")
    assert linked(everything) == [f"/admin/meetings/{soon.id}", f"/admin/meetings/{other.id}"]
    only_cyp = clerk_client.get(f"/admin/meetings?committee={cyp.id}")
    assert linked(only_cyp) == [f"/admin/meetings/{soon.id}"]
    before = clerk_client.get(f"/admin/meetings?committee={cyp.id}&show=past")
    assert linked(before) == [f"/admin/meetings/{past.id}"]
    assert heading(before) == "Meetings"


def test_unknown_meetings_are_not_found(clerk_client):
    assert clerk_client.get("/admin/meetings/9999").status_code == 404
    assert clerk_client.post("/admin/meetings/9999/held").status_code == 404
    assert clerk_client.get("/admin/meetings/9999/move").status_code == 404


def test_every_change_is_in_the_history_in_words(clerk_client, clerk, cyp):
    meeting = factories.make_meeting(cyp, days_ahead=30, by=clerk)
    move(clerk_client, meeting, future_day(37))
    clerk_client.post(f"/admin/meetings/{meeting.id}/cancel", data={"reason": "Not quorate."})
    clerk_client.post(f"/admin/meetings/{meeting.id}/reinstate", data={"reason": "Quorate after all."})
    titles = [
        h.get_text(strip=True)
        for h in page(clerk_client.get(f"/admin/meetings/{meeting.id}")).select(".app-timeline__title")
    ]
    assert titles == ["Reinstated", "Cancelled", "Moved", "Scheduled"]
    assert all(c.by is clerk for c in meeting.changes)
    assert db.session.get(Meeting, meeting.id).changes[0].kind.value == "scheduled"
