"""What a clerk types into the past-record pages for the seeds' two meetings, by each
field's label, and what the published record must then show. The integration test
(tests/integration/test_seed_records_through_pages.py) and the browser test
(tests/browser/test_past_record_journeys.py) both enter exactly this.

Seed 002: Council, 30 September 2022 (table layout, PQ 1-5 and MQ 1).
Seed 004: the scrutiny committee's record of 13 December 2022 (reported layout, no
numbers, only the supplementary questions and their responses).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tests import seed_text as seed
from tests.seed_records import (
    CABINET_MEMBER,
    PQ5_RESPONSE_MARKDOWN,
    PQ_SPECS,
    SUPPLEMENTARIES_002,
    expected_council_2022,
    md,
    visible,
)

HEADING_004 = (
    "RESPONSE TO SUPPLEMENTARY PUBLIC QUESTIONS TO CHILDREN AND YOUNG PEOPLE SCRUTINY COMMITTEE "
    "13 DECEMBER 2022 (Minute Item 118)."
)
COUNCIL_002 = "Council"
SCRUTINY_004 = "Children and Young People Scrutiny Committee"
DAY_002, TIME_002 = dt.date(2022, 9, 30), "3pm"
DAY_004, TIME_004 = dt.date(2022, 12, 13), "2pm"
MEETING_002 = {
    "Agenda item for questions from the public (optional)": "3",
    "Agenda item for questions from councillors (optional)": "4",
    "Time the meeting started (optional)": "3pm",
    "Time the meeting ended (optional)": "4:45pm",
}
MEETING_004 = {"Heading of the public questions, as the record prints it (optional)": HEADING_004}
ORDER_002 = ["PQ 1", "PQ 2", "PQ 3", "PQ 4", "PQ 5", "MQ 1"]
QUESTIONERS_002 = [
    "Name and address supplied",
    "Ms Currie, Hereford",
    "Ms Gallagher, Hereford",
    "Mr Griffiths, Hereford",
    "Ms Reid, Hereford",
    "Cllr Carole Gandy, Mortimer",
]


@dataclass
class Entry:
    """One exchange as typed into "Add a question to the record": options picked in a
    group (legend, option), dates (legend, day), boxes ticked, and text by label."""

    fields: dict[str, str]
    picks: list[tuple[str, str]] = field(default_factory=list)
    dates: list[tuple[str, dt.date]] = field(default_factory=list)
    ticks: list[str] = field(default_factory=list)


def entries_002() -> list[Entry]:
    responses = {key: response for key, *_, response in PQ_SPECS}
    responses["PQ 5"] = PQ5_RESPONSE_MARKDOWN
    entries = []
    for key, title, _, last, named, paragraphs, _ in PQ_SPECS:
        supplementary, answer, answered_by = SUPPLEMENTARIES_002[key]
        entry = Entry(
            fields={
                "Question": "\n\n".join(paragraphs),
                "Question to (optional)": CABINET_MEMBER,
                "Response (optional)": responses[key],
                "Supplementary question (optional)": supplementary,
                "Who answered the supplementary question (optional)": answered_by,
                "Response to the supplementary question (optional)": answer,
            },
            picks=[("At the meeting (optional)", "Put by the questioner")],
        )
        if named:
            entry.fields |= {"Title (optional)": title, "Surname": last, "Town (optional)": "Hereford"}
        else:
            entry.ticks.append("The record does not name them: it says 'Name and address supplied'")
        if key == "PQ 2":
            entry.fields["Written response (optional)"] = md(seed.PQ2_WRITTEN)
            entry.dates.append(("Date the written response was sent (optional)", dt.date(2022, 10, 13)))
        entries.append(entry)
    supplementary, answer, answered_by = SUPPLEMENTARIES_002["MQ 1"]
    entries.append(
        Entry(
            fields={
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
            picks=[
                ("Kind of question", "Question from a councillor"),
                ("At the meeting (optional)", "Put by the questioner"),
            ],
        )
    )
    return entries


def expected_002() -> dict[str, list[str]]:
    """The words of each item of seed 002's record, in order, by its number."""
    expected = expected_council_2022()
    # The record as the council printed it: PQ 5's promised data has no line of its own.
    expected["PQ 5"] = expected["PQ 5"][: expected["PQ 5"].index("Written response to follow")]
    return expected


def entries_004() -> list[Entry]:
    entries = []
    for record in seed.SEED_004:
        name = record["from"]
        entry = Entry(
            fields={
                "Supplementary question (optional)": record["q"],
                "Response to the supplementary question (optional)": md(record["response"]),
            }
        )
        if name.startswith("Chair (on behalf of "):
            name = name.removeprefix("Chair (on behalf of ").removesuffix(")")
            entry.picks.append(("At the meeting (optional)", "Read out on the questioner's behalf"))
            entry.fields["Who read it out (optional)"] = "Chair"
        if " (on behalf of " in name:
            name, behalf = name.removesuffix(")").split(" (on behalf of ")
            entry.fields["Asked on behalf of (optional)"] = behalf
        first, last = name.split(" ", 1)
        entry.fields |= {"First name (optional)": first, "Surname": last}
        if record["actions"]:
            entry.fields["Actions arising (optional)"] = "\n".join(record["actions"])
        if "comment" in record:
            heading = "Heading of a comment noted at someone's request (optional)"
            entry.fields[heading] = record["comment_heading"]
            entry.fields["Comment (optional)"] = md(record["comment"])
        entries.append(entry)
    return entries


def expected_004() -> list[str]:
    """The words of seed 004's record, in order."""
    words = [HEADING_004]
    for record in seed.SEED_004:
        words += [f"From: {record['from']}", "Q:", record["q"], "Response:"]
        words += map(visible, record["response"])
        if record["actions"]:
            words.append("ACTION:")
            for letter, text in zip("ab", record["actions"], strict=False):
                words += [f"{letter})", text]
        if "comment" in record:
            words += [record["comment_heading"], *map(visible, record["comment"])]
    return words


ABSENT_004 = ("Question to", "Time Not Specified", "ended at", "PQ 1", "Supplementary question at")
QUESTIONERS_004 = [record["from"] for record in seed.SEED_004]
