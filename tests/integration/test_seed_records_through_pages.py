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
from tests import seed_text as seed
from tests.document_text import docx_text, find_in_order, html_items, html_text, pdf_text
from tests.labelled_form import LabelledForm, follow_link
from tests.seed_records import (
    CABINET_MEMBER,
    PQ5_RESPONSE_MARKDOWN,
    PQ_SPECS,
    SUPPLEMENTARIES_002,
    VENUE,
    expected_council_2022,
    md,
    visible,
)

HEADING_004 = (
    "RESPONSE TO SUPPLEMENTARY PUBLIC QUESTIONS TO CHILDREN AND YOUNG PEOPLE SCRUTINY COMMITTEE "
    "13 DECEMBER 2022 (Minute Item 118)."
)


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


def _enter(client, meeting: Meeting, *, picks=(), dates=(), ticks=(), **fields: str) -> None:
    form = LabelledForm(client.get(f"/staff/past-meetings/{meeting.id}/questions/new"))
    for legend, option in picks:
        form.pick(legend, option)
    for legend, day in dates:
        form.date(legend, day)
    for label in ticks:
        form.tick(label)
    for label, value in fields.items():
        form.fill(label.replace("_", " "), value)
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
    factories.make_committee("Council", layout=Layout.TABLE)
    meeting = _enter_meeting(
        clerk_client,
        "Council",
        dt.date(2022, 9, 30),
        "3pm",
        {
            "Agenda item for questions from the public (optional)": "3",
            "Agenda item for questions from councillors (optional)": "4",
            "Time the meeting started (optional)": "3pm",
            "Time the meeting ended (optional)": "4:45pm",
        },
    )
    responses = {key: response for key, *_, response in PQ_SPECS}
    responses["PQ 5"] = PQ5_RESPONSE_MARKDOWN
    for key, title, _, last, named, paragraphs, _ in PQ_SPECS:
        supplementary, answer, answered_by = SUPPLEMENTARIES_002[key]
        fields = {
            "Question": "\n\n".join(paragraphs),
            "Question to (optional)": CABINET_MEMBER,
            "Response (optional)": responses[key],
            "Supplementary question (optional)": supplementary,
            "Who answered the supplementary question (optional)": answered_by,
            "Response to the supplementary question (optional)": answer,
        }
        if named:
            fields |= {"Title (optional)": title, "Surname": last, "Town (optional)": "Hereford"}
        dates = ()
        if key == "PQ 2":
            fields["Written response (optional)"] = md(seed.PQ2_WRITTEN)
            dates = (("Date the written response was sent (optional)", dt.date(2022, 10, 13)),)
        _enter(
            clerk_client,
            meeting,
            picks=[("At the meeting (optional)", "Put by the questioner")],
            dates=dates,
            ticks=() if named else ("The record does not name them: it says 'Name and address supplied'",),
            **fields,
        )
    supplementary, answer, answered_by = SUPPLEMENTARIES_002["MQ 1"]
    _enter(
        clerk_client,
        meeting,
        picks=[
            ("Kind of question", "Question from a councillor"),
            ("At the meeting (optional)", "Put by the questioner"),
        ],
        **{
            "First name (optional)": "Carole",
            "Surname": "Gandy",
            "Ward (optional)": "Mortimer",
            "Question": "\n\n".join(seed.MQ1_QUESTION),
            "Question to (optional)": CABINET_MEMBER,
            "Response (optional)": md(seed.MQ1_RESPONSE),
            "Supplementary question (optional)": supplementary,
            "Who answered the supplementary question (optional)": answered_by,
            "Response to the supplementary question (optional)": answer,
        },
    )
    files = _publish(clerk_client, meeting)
    model = json.loads(files["json"])

    expected = expected_council_2022()
    # The record as the council printed it: PQ 5's promised data has no line of its own.
    expected["PQ 5"] = expected["PQ 5"][: expected["PQ 5"].index("Written response to follow")]
    order = ["PQ 1", "PQ 2", "PQ 3", "PQ 4", "PQ 5", "MQ 1"]
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
    assert [rows[k]["questioner"] for k in order] == [
        "Name and address supplied",
        "Ms Currie, Hereford",
        "Ms Gallagher, Hereford",
        "Mr Griffiths, Hereford",
        "Ms Reid, Hereford",
        "Cllr Carole Gandy, Mortimer",
    ]
    assert {rows[k]["question_to"] for k in order} == {CABINET_MEMBER}
    assert rows["PQ 2"]["written_response_sent"] == "2022-10-13"
    assert rows["MQ 1"]["supplementary_answered_by"] == "Cabinet member children and families"
    item = model["sections"][0]["items"][1]
    assert item["label"] == "PQ 2"
    assert item["written_answer"]["label"] == "Written response sent on 13 October 2022:"


def test_seed_004_scrutiny_record_through_the_pages(app, clerk_client, admin_client):
    committee = factories.make_committee(
        "Children and Young People Scrutiny Committee", layout=Layout.REPORTED, numbering=Numbering.NONE
    )
    meeting = _enter_meeting(
        clerk_client,
        committee.name,
        dt.date(2022, 12, 13),
        "2pm",
        {"Heading of the public questions, as the record prints it (optional)": HEADING_004},
    )
    for entry in seed.SEED_004:
        name = entry["from"]
        fields = {
            "Supplementary question (optional)": entry["q"],
            "Response to the supplementary question (optional)": md(entry["response"]),
        }
        picks = []
        if name.startswith("Chair (on behalf of "):
            name = name.removeprefix("Chair (on behalf of ").removesuffix(")")
            picks.append(("At the meeting (optional)", "Read out on the questioner's behalf"))
            fields["Who read it out (optional)"] = "Chair"
        if " (on behalf of " in name:
            name, behalf = name.removesuffix(")").split(" (on behalf of ")
            fields["Asked on behalf of (optional)"] = behalf
        first, last = name.split(" ", 1)
        fields |= {"First name (optional)": first, "Surname": last}
        if entry["actions"]:
            fields["Actions arising (optional)"] = "\n".join(entry["actions"])
        if "comment" in entry:
            fields["Heading of a comment noted at someone's request (optional)"] = entry["comment_heading"]
            fields["Comment (optional)"] = md(entry["comment"])
        _enter(clerk_client, meeting, picks=picks, **fields)
    files = _publish(clerk_client, meeting)
    model = json.loads(files["json"])

    words = [HEADING_004]
    for entry in seed.SEED_004:
        words += [f"From: {entry['from']}", "Q:", entry["q"], "Response:", *map(visible, entry["response"])]
        if entry["actions"]:
            words.append("ACTION:")
            for letter, text in zip("ab", entry["actions"], strict=False):
                words += [f"{letter})", text]
        if "comment" in entry:
            words += [entry["comment_heading"], *map(visible, entry["comment"])]
    main = html_text(files["html"], "main")
    find_in_order(main, words)
    absences = ("Question to", "Time Not Specified", "ended at", "PQ 1", "Supplementary question at")
    for absent in absences:
        assert absent not in main
    find_in_order(pdf_text(files["pdf"], _running(model)), words, ignore_spaces=True)
    find_in_order(docx_text(files["docx"]), words)
    rows = list(csv.DictReader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    assert [row["questioner"] for row in rows] == [entry["from"] for entry in seed.SEED_004]
    assert {row["number"] for row in rows} == {""}
    assert {row["question"] for row in rows} == {""}
    assert model["sections"][0]["heading"] == HEADING_004
    assert [s["kind"] for s in model["sections"]] == ["public"]
