"""The seeds' two meetings, entered as a clerk would through the past-record pages (by
their labels) and published from the publishing page, come out field for field as the
council printed them, in every format: numbers, questioner lines, "Question to", who
answered, headings, "Written response sent on ...", actions and noted comments.

Seed 002: Council, 30 September 2022 (table layout, PQ 1-5 and MQ 1).
Seed 004: the scrutiny committee's record of 13 December 2022 (reported layout, no
numbers, only the supplementary questions and their responses).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from portal.extensions import db
from portal.models import Layout, Meeting, Numbering
from tests import factories
from tests.document_text import docx_text, find_in_order, html_items, html_text, pdf_text
from tests.labelled_form import LabelledForm, follow_link
from tests.past_record_entries import (
    ABSENT_004,
    COUNCIL_002,
    DAY_002,
    DAY_004,
    HEADING_004,
    MEETING_002,
    MEETING_004,
    ORDER_002,
    QUESTIONERS_002,
    QUESTIONERS_004,
    SCRUTINY_004,
    TIME_002,
    TIME_004,
    Entry,
    entries_002,
    entries_004,
    expected_002,
    expected_004,
)
from tests.seed_records import CABINET_MEMBER, VENUE


def _enter_meeting(client, committee: str, day: dt.date, time: str, fields: dict[str, str]) -> Meeting:
    form = LabelledForm(client.get("/staff/past-meetings/new"))
    form.choose("Committee", committee)
    form.date("Date of the meeting", day)
    form.fill("Time the meeting was called for", time)
    form.fill("Venue", VENUE)
    for label, value in fields.items():
        form.fill(label, value)
    page = form.submit(client)
    assert page.status_code == 302, page.get_data(as_text=True)
    return db.session.scalars(db.select(Meeting).order_by(Meeting.id.desc())).first()


def _enter(client, meeting: Meeting, entry: Entry) -> None:
    form = LabelledForm(client.get(f"/staff/past-meetings/{meeting.id}/questions/new"))
    for legend, option in entry.picks:
        form.pick(legend, option)
    for legend, day in entry.dates:
        form.date(legend, day)
    for label in entry.ticks:
        form.tick(label)
    for label, value in entry.fields.items():
        form.fill(label, value)
    page = form.submit(client)
    assert page.status_code == 302, page.get_data(as_text=True)


def _publish(client, meeting: Meeting) -> dict[str, bytes]:
    form = LabelledForm(
        follow_link(
            client, client.get(f"/staff/publishing/meetings/{meeting.id}"), "Publish the minutes appendix"
        ),
        button="Publish the minutes appendix",
    )
    form.submit(client)
    files = {}
    for fmt in ("html", "pdf", "docx", "csv", "json"):
        suffix = "" if fmt == "html" else f".{fmt}"
        response = client.get(f"/meetings/{meeting.id}/questions{suffix}")
        assert response.status_code == 200, fmt
        files[fmt] = response.data
    return files


def _running(model: dict) -> list[str]:
    day = model["meeting"]["date_text"].split(" ", 1)[1]
    return [model["council"]["name"], f"{model['committee']['name']}, {day}"]


def test_seed_002_council_meeting_through_the_pages(app, clerk_client):
    factories.make_committee(COUNCIL_002, layout=Layout.TABLE)
    meeting = _enter_meeting(clerk_client, COUNCIL_002, DAY_002, TIME_002, MEETING_002)
    for entry in entries_002():
        _enter(clerk_client, meeting, entry)
    files = _publish(clerk_client, meeting)
    model = json.loads(files["json"])

    expected = expected_002()
    order = ORDER_002
    items = html_items(files["html"])
    assert list(items) == order
    for label in order:
        find_in_order(items[label], expected[label])
    find_in_order(
        html_text(files["html"], "main"),
        [
            "Agenda item no. 3 - Questions from members of the public",
            "Agenda item no. 4 - Questions from members of the Council",
        ],
    )
    assert "The meeting started at 3pm and ended at 4:45pm." in html_text(files["html"], "main")
    sequence = [word for label in order for word in expected[label]]
    find_in_order(pdf_text(files["pdf"], _running(model)), sequence, ignore_spaces=True)
    find_in_order(docx_text(files["docx"]), sequence)

    rows = {row["number"]: row for row in csv.DictReader(io.StringIO(files["csv"].decode("utf-8-sig")))}
    assert list(rows) == order
    assert [rows[k]["questioner"] for k in order] == QUESTIONERS_002
    assert {rows[k]["question_to"] for k in order} == {CABINET_MEMBER}
    assert rows["PQ 2"]["written_response_sent"] == "2022-10-13"
    assert rows["MQ 1"]["supplementary_answered_by"] == "Cabinet member children and families"
    item = model["sections"][0]["items"][1]
    assert item["label"] == "PQ 2"
    assert item["written_answer"]["label"] == "Written response sent on 13 October 2022:"


def test_seed_004_scrutiny_record_through_the_pages(app, clerk_client, admin_client):
    factories.make_committee(SCRUTINY_004, layout=Layout.REPORTED, numbering=Numbering.NONE)
    meeting = _enter_meeting(clerk_client, SCRUTINY_004, DAY_004, TIME_004, MEETING_004)
    for entry in entries_004():
        _enter(clerk_client, meeting, entry)
    files = _publish(clerk_client, meeting)
    model = json.loads(files["json"])

    words = expected_004()
    main = html_text(files["html"], "main")
    find_in_order(main, words)
    for absent in ABSENT_004:
        assert absent not in main
    find_in_order(pdf_text(files["pdf"], _running(model)), words, ignore_spaces=True)
    find_in_order(docx_text(files["docx"]), words)
    rows = list(csv.DictReader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    assert [row["questioner"] for row in rows] == QUESTIONERS_004
    assert {row["number"] for row in rows} == {""}
    assert {row["question"] for row in rows} == {""}
    assert model["sections"][0]["heading"] == HEADING_004
    assert [s["kind"] for s in model["sections"]] == ["public"]
