"""A clerk enters a past meeting's record through the pages, by their labels, and publishes it."""

from __future__ import annotations

import datetime as dt
import json

from portal.extensions import db
from portal.models import Layout, Meeting, Question
from tests import factories
from tests import seed_text as seed
from tests.html import error_messages, heading, text
from tests.labelled_form import LabelledForm, follow_link
from tests.seed_records import VENUE, md


def _enter_meeting(client, committee_name: str, day: dt.date, time: str, **fields: str):
    form = LabelledForm(client.get("/staff/past-meetings/new"))
    form.choose("Committee", committee_name)
    form.date("Date of the meeting", day)
    form.fill("Time the meeting was called for", time)
    form.fill("Venue", VENUE)
    for label, value in fields.items():
        form.fill(label, value)
    return form.submit(client, follow_redirects=True)


def test_a_clerk_enters_and_publishes_a_supplementary_only_record(app, clerk, clerk_client):
    factories.make_committee("Children and Young People Scrutiny Committee", layout=Layout.REPORTED)
    start = clerk_client.get("/staff/publishing/")
    assert "enter a past meeting’s record" in text(start)
    page = _enter_meeting(
        clerk_client,
        "Children and Young People Scrutiny Committee",
        dt.date(2022, 12, 13),
        "2pm",
        **{"Agenda item for questions from the public (optional)": "5"},
    )
    assert heading(page) == "Record of the meeting"
    meeting = db.session.scalars(db.select(Meeting).order_by(Meeting.id.desc())).first()
    assert meeting.entered_after_event_by_id == clerk.id

    entry = seed.SEED_004[3]
    form = LabelledForm(clerk_client.get(f"/staff/past-meetings/{meeting.id}/questions/new"))
    form.fill("First name (optional)", "Fiona")
    form.fill("Surname", "Reid")
    form.pick("At the meeting (optional)", "Read out on the questioner's behalf")
    form.fill("Who read it out (optional)", "Chair")
    form.fill("Supplementary question (optional)", entry["q"])
    form.pick("How the supplementary question arrived (optional)", "Read out on their behalf")
    form.fill("Response to the supplementary question (optional)", md(entry["response"]))
    page = form.submit(clerk_client, follow_redirects=True)
    assert "PQ 1 has been added to the record." in text(page)

    publishing = LabelledForm(
        follow_link(
            clerk_client,
            clerk_client.get(f"/staff/publishing/meetings/{meeting.id}"),
            "Publish the minutes appendix",
        ),
        button="Publish the minutes appendix",
    )
    publishing.submit(clerk_client, follow_redirects=True)
    record = clerk_client.get(f"/meetings/{meeting.id}/questions.json")
    assert record.status_code == 200
    item = json.loads(record.data)["sections"][0]["items"][0]
    assert item["questioner"] == "Chair (on behalf of Fiona Reid)"
    assert item["question_text"] == ""
    assert item["supplementary"]["arrival"]["label"] == "Read out on their behalf"
    assert json.loads(record.data)["meeting"]["entered_after_event"]["by"] == clerk.name


def test_a_written_response_dated_before_the_meeting_is_refused_and_nothing_typed_is_lost(app, clerk_client):
    factories.make_committee("Council")
    _enter_meeting(clerk_client, "Council", dt.date(2022, 9, 30), "3pm")
    meeting = db.session.scalars(db.select(Meeting).order_by(Meeting.id.desc())).first()
    form = LabelledForm(clerk_client.get(f"/staff/past-meetings/{meeting.id}/questions/new"))
    form.fill("Title (optional)", "Ms")
    form.fill("Surname", "Currie")
    form.fill("Town (optional)", "Hereford")
    form.fill("Question", md(seed.PQ2_QUESTION))
    form.date("Date the written response was sent (optional)", dt.date(2022, 9, 1))
    form.fill("Written response (optional)", md(seed.PQ2_WRITTEN))
    page = form.submit(clerk_client)
    assert page.status_code == 200
    assert error_messages(page) == [
        "The date the written response was sent must be on or after the meeting (30 September 2022)"
    ]
    again = LabelledForm(page)
    assert again.values["last_name"] == ["Currie"]
    assert again.values["question"][0].strip() == md(seed.PQ2_QUESTION)
    assert db.session.scalar(db.select(db.func.count()).select_from(Question)) == 0


def test_a_future_meeting_cannot_be_entered_as_past(app, clerk_client):
    factories.make_committee("Council")
    page = _enter_meeting(clerk_client, "Council", dt.date(2099, 1, 5), "3pm")
    assert error_messages(page) == ["The date of a past meeting must be in the past"]


def test_only_clerks_reach_the_past_record_pages(app, officer_client):
    assert officer_client.get("/staff/past-meetings/new").status_code == 403
