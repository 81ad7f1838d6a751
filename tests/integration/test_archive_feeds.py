"""Atom and iCalendar feeds parse back with the libraries that read them."""

from __future__ import annotations

import datetime as dt

import feedparser
from icalendar import Calendar

from portal.domain.meetings import scheduling
from portal.domain.states import QuestionStatus
from tests import factories


def _published_committee():
    committee = factories.make_committee("Cabinet", slug="cabinet")
    meeting = factories.make_meeting(committee, days_ahead=-7)
    q = factories.make_question(
        meeting,
        status=QuestionStatus.ANSWER_APPROVED,
        text="Will the <b>Aldbury</b> bus route & timetable change?",
    )
    factories.publish_meeting(meeting, [q], answers={q.id: "<p>No change is planned <em>this year</em>.</p>"})
    return committee, meeting


def test_committee_atom_feed_is_valid_and_links_to_each_question(client):
    _committee, meeting = _published_committee()
    response = client.get("/committees/cabinet/answers.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "New answers: Cabinet"
    [entry] = feed.entries
    assert entry.link == f"http://localhost/meetings/{meeting.id}/questions#pq-1"
    assert entry.title.startswith("PQ 1, Cabinet, ")
    content = entry.content[0].value
    assert "&lt;b&gt;Aldbury&lt;/b&gt;" in content  # the public's text stays text
    assert "<em>this year</em>" in content  # the sanitised answer stays HTML
    assert client.get("/committees/nope/answers.atom").status_code == 404


def test_all_answers_and_search_feeds(client):
    _published_committee()
    everything = feedparser.parse(client.get("/answers.atom").get_data())
    assert not everything.bozo
    assert len(everything.entries) == 1
    matching = feedparser.parse(client.get("/search.atom?q=bus+route").get_data())
    assert not matching.bozo
    assert "bus route" in matching.feed.title
    assert len(matching.entries) == 1
    assert feedparser.parse(client.get("/search.atom?q=ferry").get_data()).entries == []


def test_feeds_answer_304_when_unchanged(client):
    _published_committee()
    first = client.get("/answers.atom")
    again = client.get("/answers.atom", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_calendar_has_meetings_deadlines_and_cancellations(client):
    committee = factories.make_committee("Council", slug="council")
    upcoming = factories.make_meeting(committee, days_ahead=20)
    cancelled = factories.make_meeting(committee, days_ahead=40)
    scheduling.cancel_meeting(cancelled, by=None, reason="Not enough business")
    response = client.get("/committees/council/calendar.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.get_data())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    meeting_event = events[f"meeting-{upcoming.id}@localhost"]
    assert meeting_event.decoded("dtstart") == upcoming.starts_at
    assert str(meeting_event["status"]) == "CONFIRMED"
    deadline = events[f"meeting-{upcoming.id}-question-deadline@localhost"]
    assert deadline.decoded("dtstart") == upcoming.question_deadline_at
    assert str(events[f"meeting-{cancelled.id}@localhost"]["status"]) == "CANCELLED"
    assert str(events[f"meeting-{cancelled.id}-question-deadline@localhost"]["status"]) == "CANCELLED"
    # UIDs are stable: the same meeting has the same UID in the all-committees calendar.
    everything = Calendar.from_ical(client.get("/calendar.ics").get_data())
    assert f"meeting-{upcoming.id}@localhost" in {str(e["uid"]) for e in everything.walk("VEVENT")}


def test_a_moved_meeting_keeps_its_uid_and_raises_its_sequence(client):
    meeting = factories.make_meeting(factories.make_committee(slug="scrutiny"), days_ahead=30)
    before = Calendar.from_ical(client.get("/committees/scrutiny/calendar.ics").get_data())
    scheduling.move_meeting(
        meeting, to_starts_at=meeting.starts_at + dt.timedelta(days=7), by=None, reason="Room unavailable"
    )
    after = Calendar.from_ical(client.get("/committees/scrutiny/calendar.ics").get_data())
    uid = f"meeting-{meeting.id}@localhost"
    old = next(e for e in before.walk("VEVENT") if str(e["uid"]) == uid)
    new = next(e for e in after.walk("VEVENT") if str(e["uid"]) == uid)
    assert new.decoded("dtstart") - old.decoded("dtstart") == dt.timedelta(days=7)
    assert int(new["sequence"]) > int(old["sequence"])
