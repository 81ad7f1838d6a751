"""Records entered after the event: a past meeting's questions and answers typed in from
the council's record, with nothing invented, published in every format, and marked as
entered after the meeting by whom. Also: who answered, printed in every layout and format.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from portal.domain.meetings import past_records
from portal.domain.meetings.past_records import PastExchange, PastMeeting, PastRecordError
from portal.domain.meetings.proceedings import ActionEntry, CommentEntry, FollowUpEntry
from portal.domain.numbers import question_label
from portal.domain.permissions import NotPermitted
from portal.domain.record import publishing
from portal.domain.record.completeness import check_completeness
from portal.formatting import format_date
from portal.models import Arrival, DocumentKind, Layout, PutOutcome, QuestionKind, QuestionStatus
from tests import factories
from tests import seed_text as seed
from tests.document_text import docx_text, find_in_order, html_items, html_text, pdf_text
from tests.factories import london
from tests.seed_records import VENUE, md, visible

DIRECTOR = "Director for Children and Young People"
RESOURCES = "Councillor A B, Cabinet Member for Resources"


def _files(publication) -> dict[str, bytes]:
    return {f.format: f.content for f in publication.files}


def _running(model: dict) -> list[str]:
    day = model["meeting"]["date_text"].split(" ", 1)[1]
    return [model["council"]["name"], f"{model['committee']['name']}, {day}"]


def _scrutiny_13_december_2022(clerk, layout: Layout = Layout.REPORTED):
    committee = factories.make_committee("Children and Young People Scrutiny Committee", layout=layout)
    return past_records.enter_past_meeting(
        PastMeeting(
            committee=committee,
            starts_at=london(2022, 12, 13, 14, 0),
            venue=VENUE,
            public_questions_item="5",
            member_questions_item="6",
        ),
        by=clerk,
    )


def test_a_supplementary_only_exchange_is_published_without_inventing_anything(app, clerk):
    """Seed 004 holds only the supplementary and its response: no original question, no
    answerer named outside the text, no end time ("Time Not Specified")."""
    meeting = _scrutiny_13_december_2022(clerk)
    entry = seed.SEED_004[0]
    question = past_records.enter_past_exchange(
        meeting,
        PastExchange(
            first_name="Hanna",
            last_name="Currie",
            supplementary=entry["q"],
            supplementary_arrival=Arrival.VERBAL,
            supplementary_answer=md(entry["response"]),
            actions=[ActionEntry(text) for text in entry["actions"]],
        ),
        by=clerk,
    )
    assert question.status is QuestionStatus.ANSWER_APPROVED
    assert question_label(question) == "PQ 1"
    assert question.original_text == ""
    assert question.answering_post is None
    assert question.entered_after_event_by == clerk
    assert meeting.actual_ended_at is None
    assert meeting.entered_after_event_by == clerk
    assert check_completeness(meeting, DocumentKind.MINUTES_APPENDIX) == []

    published = publishing.publish_appendix(meeting, by=clerk, now=london(2026, 12, 4, 10, 0))
    assert question.status is QuestionStatus.CLOSED
    files, model = _files(published), published.model
    words = [
        "PQ 1",
        "From: Hanna Currie",
        "Delivered verbally at the meeting.",
        "Q:",
        entry["q"],
        "Response:",
        *map(visible, entry["response"]),
        "ACTION:",
    ]
    item = html_items(files["html"])["PQ 1"]
    find_in_order(item, words)
    for absent in ("Question to", "Supplementary question at the meeting", "ended at", "Not Specified"):
        assert absent not in html_text(files["html"], "main")
    day = format_date(question.entered_after_event_at, weekday=False)
    entered = f"Entered after the meeting by {clerk.name} on {day}"
    assert entered in html_text(files["html"], "main")
    find_in_order(pdf_text(files["pdf"], _running(model)), [entered, entry["q"]], ignore_spaces=True)
    find_in_order(docx_text(files["docx"]), [entered, "Delivered verbally at the meeting.", entry["q"]])
    row = next(csv.DictReader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    assert row["question"] == ""
    assert row["question_to"] == ""
    assert row["supplementary_arrived"] == "Delivered verbally at the meeting"
    assert row["entered_after_event"] == entered
    data = json.loads(files["json"])
    assert data["meeting"]["entered_after_event"]["by"] == clerk.name
    assert data["meeting"]["actual"]["ended_at"] is None
    assert data["sections"][0]["items"][0]["supplementary"]["arrival"]["how"] == "verbal"


def test_a_whole_past_record_with_a_written_response_sent_after_the_meeting(app, clerk):
    committee = factories.make_committee("Council", layout=Layout.TABLE)
    meeting = past_records.enter_past_meeting(
        PastMeeting(
            committee=committee,
            starts_at=london(2022, 9, 30, 15, 0),
            venue=VENUE,
            title="Extraordinary meeting",
            public_questions_item="3",
            member_questions_item="4",
            started_at=london(2022, 9, 30, 15, 0),
            ended_at=london(2022, 9, 30, 16, 45),
        ),
        by=clerk,
    )
    question = past_records.enter_past_exchange(
        meeting,
        PastExchange(
            title="Ms",
            first_name="Hanna",
            last_name="Currie",
            town="Hereford",
            arrival=Arrival.EMAIL,
            question=md(seed.PQ2_QUESTION),
            question_to="Cabinet member children and families",
            response=md(seed.PQ2_RESPONSE),
            put=PutOutcome.PUT_BY_QUESTIONER,
            supplementary=md(seed.PQ2_SUPPLEMENTARY),
            supplementary_answered_by="cabinet member children and families",
            supplementary_answer=md(seed.PQ2_SUPPLEMENTARY_ANSWER),
            written_answer_sent_on=dt.date(2022, 10, 13),
            written_answer=md(seed.PQ2_WRITTEN),
            noted_comments=[CommentEntry("Comment noted at the request of Ms Currie", "Noted.")],
        ),
        by=clerk,
    )
    published = publishing.publish_appendix(meeting, by=clerk)
    assert question.status is QuestionStatus.CLOSED
    item = html_items(_files(published)["html"])["PQ 1"]
    find_in_order(
        item,
        [
            "Ms Currie, Hereford",
            seed.PQ2_QUESTION[0],
            "Cabinet member children and families",
            "Received by e-mail.",
            "Response:",
            visible(seed.PQ2_RESPONSE[0]),
            "Supplementary Question:",
            "Response to supplementary question (cabinet member children and families):",
            "Written response sent on 13 October 2022:",
            visible(seed.PQ2_WRITTEN[0]),
            "Comment noted at the request of Ms Currie",
        ],
    )
    assert "The meeting started at 3pm and ended at 4:45pm." in html_text(_files(published)["html"], "main")


@pytest.mark.parametrize("layout", [Layout.TABLE, Layout.REPORTED])
def test_who_answered_is_printed_in_every_layout_and_format(app, clerk, layout):
    meeting = _scrutiny_13_december_2022(clerk, layout)
    past_records.enter_past_exchange(
        meeting,
        PastExchange(
            title="Mr",
            first_name="David",
            last_name="Barratt",
            town="Leominster",
            question="When will the forum for families first meet?",
            question_to=RESOURCES,
            response="Before Easter.",
            answered_by=RESOURCES,
            supplementary="And who will sit on it?",
            supplementary_answered_by=DIRECTOR,
            supplementary_answer="Families and their representatives.",
        ),
        by=clerk,
    )
    published = publishing.publish_appendix(meeting, by=clerk)
    files, model = _files(published), published.model
    words = [
        "When will the forum for families first meet?",
        f"Response ({RESOURCES}):",
        "Before Easter.",
        "And who will sit on it?",
        DIRECTOR,
        "Families and their representatives.",
    ]
    item = html_items(files["html"])["PQ 1"]
    find_in_order(item, words)
    assert RESOURCES in item.split("When will the forum")[int(layout is Layout.TABLE)]
    pdf = pdf_text(files["pdf"], _running(model))
    find_in_order(pdf, words, ignore_spaces=True)
    label = "Question to:" if layout is Layout.REPORTED else "Question to"
    find_in_order(pdf, [label, RESOURCES], ignore_spaces=True)
    find_in_order(docx_text(files["docx"]), words)
    find_in_order(docx_text(files["docx"]), ["Question to", RESOURCES])
    row = next(csv.DictReader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    assert (row["question_to"], row["answered_by"], row["supplementary_answered_by"]) == (
        RESOURCES,
        RESOURCES,
        DIRECTOR,
    )
    item = json.loads(files["json"])["sections"][0]["items"][0]
    assert (item["question_to"], item["answered_by"], item["supplementary"]["answered_by"]) == (
        RESOURCES,
        RESOURCES,
        DIRECTOR,
    )
    assert item["response_label"] == f"Response ({RESOURCES}):"


def test_bad_entries_are_refused_with_what_to_put_right(app, clerk):
    meeting = _scrutiny_13_december_2022(clerk)
    with pytest.raises(PastRecordError) as refused:
        past_records.enter_past_exchange(
            meeting,
            PastExchange(
                first_name="Maggie",
                last_name="Steel",
                question="Is the examiner looking at other cases?",
                written_answer_sent_on=dt.date(2022, 12, 1),
                written_answer="No.",
                supplementary_answer="An answer to nothing",
            ),
            by=clerk,
        )
    assert refused.value.errors == {
        "written_answer_sent_on": (
            "The date the written response was sent must be on or after the meeting (13 December 2022)"
        ),
        "supplementary": "Enter the supplementary question this response answers",
    }
    with pytest.raises(PastRecordError) as refused:
        past_records.enter_past_exchange(meeting, PastExchange(last_name="Steel"), by=clerk)
    assert "question" in refused.value.errors

    past_records.enter_past_exchange(meeting, PastExchange(last_name="Steel", question="One?"), by=clerk)
    with pytest.raises(PastRecordError) as refused:
        past_records.enter_past_exchange(
            meeting, PastExchange(last_name="Reid", question="Two?", number=1), by=clerk
        )
    assert refused.value.errors["number"].startswith("PQ 1 is already in this meeting's record")
    assert "(PQ 2)" in refused.value.errors["number"]

    with pytest.raises(PastRecordError) as refused:
        past_records.enter_past_meeting(
            PastMeeting(committee=meeting.committee, starts_at=london(2099, 1, 1, 10, 0), venue=""),
            by=clerk,
        )
    assert set(refused.value.errors) == {"starts_at", "venue"}


def test_only_democratic_services_enter_past_records(app, clerk):
    meeting = _scrutiny_13_december_2022(clerk)
    officer = factories.make_user(roles={"officer"})
    with pytest.raises(NotPermitted):
        past_records.enter_past_exchange(meeting, PastExchange(last_name="Steel", question="?"), by=officer)


def test_an_unnamed_member_question_needs_no_councillor_account(app, clerk):
    meeting = _scrutiny_13_december_2022(clerk)
    question = past_records.enter_past_exchange(
        meeting,
        PastExchange(
            kind=QuestionKind.MEMBER,
            first_name="Carole",
            last_name="Gandy",
            ward="Mortimer",
            question=md(seed.MQ1_QUESTION),
            response=md(seed.MQ1_RESPONSE),
        ),
        by=clerk,
    )
    assert question_label(question) == "MQ 1"
    assert question.councillor is None
    assert question.public_display == "Cllr Carole Gandy, Mortimer"


def test_a_committee_members_follow_up_inside_the_exchange_is_printed_in_every_format(app, clerk):
    meeting = _scrutiny_13_december_2022(clerk)
    entry = seed.SEED_004[1]
    past_records.enter_past_exchange(
        meeting,
        PastExchange(
            first_name="Hanna",
            last_name="Currie",
            on_behalf_of="Teresa Fenner",
            supplementary=entry["q"],
            supplementary_answer=md(entry["response"][:2]),
            follow_ups=[
                FollowUpEntry(
                    "Cllr J Hewitt",
                    "Was the impediment to close it resource?",
                    DIRECTOR,
                    md(entry["response"][3:]),
                )
            ],
        ),
        by=clerk,
    )
    published = publishing.publish_appendix(meeting, by=clerk)
    files, model = _files(published), published.model
    words = [
        "From: Hanna Currie (on behalf of Teresa Fenner)",
        entry["q"],
        visible(entry["response"][0]),
        "Follow-up question (Cllr J Hewitt):",
        "Was the impediment to close it resource?",
        f"Response ({DIRECTOR}):",
        visible(entry["response"][3]),
    ]
    find_in_order(html_items(files["html"])[next(iter(html_items(files["html"])))], words)
    find_in_order(pdf_text(files["pdf"], _running(model)), words, ignore_spaces=True)
    find_in_order(docx_text(files["docx"]), words)
    row = next(csv.DictReader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    assert row["follow_ups"].startswith("Cllr J Hewitt: Was the impediment to close it resource?")
    follow_up = json.loads(files["json"])["sections"][0]["items"][0]["follow_ups"][0]
    assert (follow_up["asked_by"], follow_up["answered_by"]) == ("Cllr J Hewitt", DIRECTOR)

    with pytest.raises(PastRecordError) as refused:
        past_records.enter_past_exchange(
            meeting,
            PastExchange(
                last_name="Steel",
                question="?",
                follow_ups=[FollowUpEntry("", "", DIRECTOR, "An answer to nothing")],
            ),
            by=clerk,
        )
    assert refused.value.errors == {
        "follow_ups-0-question": "Enter the follow-up question, or remove its answer"
    }
