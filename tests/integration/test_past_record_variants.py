"""Variants real councils' records have that a clerk enters through the pages by their
labels: a written response promised with no date ("A written response will be
provided"), and minutes numbered apart from the agenda ("Minute 45/22"). Each prints as
the council printed it in HTML, PDF, Word, CSV and JSON, and misuse gets a clear error
that keeps what was typed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from portal.domain.meetings import proceedings
from portal.domain.record import publishing
from portal.extensions import db
from portal.models import Meeting, Question, QuestionStatus, RecordLanguages
from tests import factories
from tests import seed_text as seed
from tests.document_text import docx_text, html_text, pdf_text, squash
from tests.html import banners, error_messages, text
from tests.labelled_form import LabelledForm, follow_link
from tests.record_factories import ready_meeting
from tests.seed_records import VENUE, md

PROMISE = "The record promises a written response and gives no date: “A written response will be provided”"
PUBLIC_MINUTE = "Minute for questions from the public (optional)"
UNDATED = "A written response will be provided."


def _enter_meeting(client, **fields: str) -> Meeting:
    factories.make_committee("Council")
    form = LabelledForm(client.get("/staff/past-meetings/new"))
    form.choose("Committee", "Council")
    form.date("Date of the meeting", dt.date(2022, 9, 30))
    form.fill("Time the meeting was called for", "3pm")
    form.fill("Venue", VENUE)
    form.fill("Agenda item for questions from the public (optional)", "3")
    for label, value in fields.items():
        form.fill(label, value)
    form.submit(client, follow_redirects=True)
    return db.session.scalars(db.select(Meeting).order_by(Meeting.id.desc())).first()


def _exchange(client, meeting: Meeting) -> LabelledForm:
    form = LabelledForm(client.get(f"/staff/past-meetings/{meeting.id}/questions/new"))
    form.fill("Title (optional)", "Ms")
    form.fill("Surname", "Currie")
    form.fill("Town (optional)", "Hereford")
    form.fill("Question", md(seed.PQ2_QUESTION))
    form.pick("At the meeting (optional)", "Put by the questioner")
    return form


def _publish_minutes(client, meeting: Meeting):
    page = follow_link(
        client, client.get(f"/staff/publishing/meetings/{meeting.id}"), "Publish the minutes appendix"
    )
    return LabelledForm(page, button="Publish the minutes appendix").submit(client, follow_redirects=True)


def _formats(publication) -> dict[str, str]:
    files = {f.format: f.content for f in publication.files}
    day = publication.model["meeting"]["date_text"].split(" ", 1)[1]
    running = [publication.model["council"]["name"], f"{publication.model['committee']['name']}, {day}"]
    return {
        "html": html_text(files["html"], "main"),
        "pdf": squash(pdf_text(files["pdf"], running)),
        "docx": squash(docx_text(files["docx"])),
        "csv": files["csv"].decode("utf-8-sig"),
        "json": files["json"].decode("utf-8"),
    }


def test_a_written_response_promised_with_no_date_prints_as_the_council_did(app, clerk_client):
    meeting = _enter_meeting(clerk_client, **{PUBLIC_MINUTE: "45/22"})
    form = _exchange(clerk_client, meeting)
    form.tick(PROMISE)
    page = form.submit(clerk_client, follow_redirects=True)
    assert "PQ 1 has been added to the record." in text(page)
    question = db.session.scalar(db.select(Question))
    assert question.outcome.written_answer_promised
    assert question.outcome.written_answer_due_on is None

    assert banners(_publish_minutes(clerk_client, meeting))[0].startswith("Success")
    publication = publishing.publication(meeting, 1)
    formats = _formats(publication)
    for name, words in formats.items():
        assert UNDATED in words, name
        assert "due by" not in words.lower(), name
        assert "Minute 45/22" in words or name in ("csv", "json"), name
    row = next(csv.DictReader(io.StringIO(formats["csv"])))
    assert (row["section_minute"], row["written_response"], row["written_response_due"]) == (
        "45/22",
        UNDATED,
        "",
    )
    model = json.loads(formats["json"])
    assert model["sections"][0]["minute"] == "45/22"
    written = model["sections"][0]["items"][0]["written_answer"]
    assert (written["undated"], written["due_on"], written["label"]) == (True, None, UNDATED)
    assert question.status is QuestionStatus.AWAITING_WRITTEN_ANSWER

    # Owed with no date given: listed after the dated ones, never overdue.
    owed = clerk_client.get("/written-answers-owed")
    assert "No date given" in text(owed)
    assert "To be provided" in text(owed)
    assert "Overdue" not in text(owed)
    staff = clerk_client.get("/staff/publishing/written-answers")
    assert "No date given" in text(staff)


def test_an_undated_promise_beside_a_sent_response_is_refused_and_nothing_typed_is_lost(app, clerk_client):
    meeting = _enter_meeting(clerk_client)
    form = _exchange(clerk_client, meeting)
    form.tick(PROMISE)
    form.date("Date the written response was sent (optional)", dt.date(2022, 10, 13))
    form.fill("Written response (optional)", md(seed.PQ2_WRITTEN))
    page = form.submit(clerk_client)
    assert error_messages(page) == [
        "The record gives the written response that was sent: enter it with its date and untick "
        "“A written response will be provided”"
    ]
    again = LabelledForm(page)
    assert again.values["last_name"] == ["Currie"]
    assert again.values["written_answer_to_follow"] == ["y"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Question)) == 0

    form = _exchange(clerk_client, meeting)
    form.pick("At the meeting (optional)", "Not put")
    form.tick(PROMISE)
    page = form.submit(clerk_client)
    assert error_messages(page)[0].startswith("A question not put at the meeting had no written response")


def test_a_minute_number_that_is_not_one_is_refused_and_what_was_typed_is_kept(app, clerk_client):
    factories.make_committee("Council")
    form = LabelledForm(clerk_client.get("/staff/past-meetings/new"))
    form.choose("Committee", "Council")
    form.date("Date of the meeting", dt.date(2022, 9, 30))
    form.fill("Time the meeting was called for", "3pm")
    form.fill("Venue", VENUE)
    form.fill("Minute for questions from councillors (optional)", "46/22 and 47/22 " * 3)
    page = form.submit(clerk_client)
    assert error_messages(page) == ["Enter the minute number in 30 characters or fewer"]

    form = LabelledForm(page)
    form.fill("Minute for questions from councillors (optional)", "46/22")
    form.fill(PUBLIC_MINUTE, "Minute 45/22")
    page = form.submit(clerk_client)
    assert error_messages(page) == [
        "Enter the minute number only, such as 45/22 or C.123: the record prints the word “Minute” before it"
    ]
    assert LabelledForm(page).values["public_questions_minute"] == ["Minute 45/22"]
    assert LabelledForm(page).values["member_questions_minute"] == ["46/22"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Meeting)) == 0


def test_a_minute_number_given_after_publication_prints_from_the_next_version(app, clerk, clerk_client):
    meeting = _enter_meeting(clerk_client)
    form = _exchange(clerk_client, meeting)
    form.submit(clerk_client)
    _publish_minutes(clerk_client, meeting)

    form = LabelledForm(clerk_client.get(f"/admin/meetings/{meeting.id}/edit"))
    form.fill(PUBLIC_MINUTE, "C.123")
    page = form.submit(clerk_client, follow_redirects=True)
    assert banners(page) == [
        "Success The meeting's details have been saved. The minutes appendix already published stays "
        "as it is: the minute numbers print from the next version you publish"
    ]
    assert publishing.publication(meeting, 1).model["sections"][0]["minute"] is None
    correction = publishing.publish_correction(meeting, by=clerk, change_note="Minute number added")
    assert correction.model["sections"][0]["minute"] == "C.123"
    assert "Minute C.123" in _formats(correction)["docx"]

    form = LabelledForm(clerk_client.get(f"/admin/meetings/{meeting.id}/edit"))
    form.fill(PUBLIC_MINUTE, "item 5")
    page = form.submit(clerk_client)
    assert error_messages(page)[0].startswith("Enter the minute number only")
    assert meeting.public_questions_minute == "C.123"


def test_the_minute_and_the_undated_promise_are_in_welsh_where_the_record_is(app, clerk_client):
    meeting = _enter_meeting(clerk_client, **{PUBLIC_MINUTE: "45/22"})
    meeting.record_languages = RecordLanguages.SIDE_BY_SIDE
    db.session.flush()
    form = _exchange(clerk_client, meeting)
    form.tick(PROMISE)
    form.submit(clerk_client)
    _publish_minutes(clerk_client, meeting)
    formats = _formats(publishing.publication(meeting, 1))
    for name in ("html", "docx", "pdf"):
        assert "Minute 45/22" in formats[name], name
        assert "Cofnod 45/22" in formats[name], name
        assert "Bydd ymateb ysgrifenedig yn cael ei ddarparu." in formats[name], name


def test_saving_the_console_keeps_an_undated_promise_undated_until_a_date_is_given(app, clerk, clerk_client):
    meeting = _enter_meeting(clerk_client)
    form = _exchange(clerk_client, meeting)
    form.tick(PROMISE)
    form.submit(clerk_client)
    question = db.session.scalar(db.select(Question))
    proceedings.save_outcome(question, by=clerk, changes={"written_answer_promised": True})
    assert question.outcome.written_answer_due_on is None
    assert question.outcome.written_answer_undated

    proceedings.save_outcome(
        question,
        by=clerk,
        changes={"written_answer_promised": True, "written_answer_due_on": dt.date(2022, 10, 28)},
    )
    db.session.flush()
    assert question.outcome.written_answer_due_on == dt.date(2022, 10, 28)
    assert not question.outcome.written_answer_undated


def test_the_agenda_supplement_never_prints_a_minute_number(app, clerk, clerk_client):
    meeting, _ = ready_meeting(public=1, member=0)
    meeting.public_questions_item = "5"
    db.session.flush()
    form = LabelledForm(clerk_client.get(f"/admin/meetings/{meeting.id}/edit"))
    form.fill(PUBLIC_MINUTE, "C.123")
    page = form.submit(clerk_client, follow_redirects=True)
    assert banners(page) == ["Success The meeting's details have been saved"]
    assert "Yes, agenda item 5, minute C.123" in text(page)
    supplement = publishing.publish_supplement(meeting, by=clerk)
    assert supplement.model["sections"][0]["minute"] is None
    assert "Minute" not in _formats(supplement)["html"]


def test_an_undated_promise_is_closed_when_the_clerk_records_the_answer_sent(app, clerk_client):
    meeting = _enter_meeting(clerk_client)
    form = _exchange(clerk_client, meeting)
    form.tick(PROMISE)
    form.submit(clerk_client)
    _publish_minutes(clerk_client, meeting)
    question = db.session.scalar(db.select(Question))

    form = LabelledForm(clerk_client.get(f"/staff/publishing/questions/{question.id}/written-answer"))
    form.date("Date the written answer was sent", dt.date(2022, 10, 13))
    form.fill("The written answer", md(seed.PQ2_WRITTEN))
    form.submit(clerk_client, follow_redirects=True)
    assert question.status is QuestionStatus.CLOSED
    latest = publishing.publication(meeting, 2)
    written = latest.model["sections"][0]["items"][0]["written_answer"]
    assert written["label"] == "Written response sent on 13 October 2022:"
    assert UNDATED not in _formats(latest)["html"]
    assert UNDATED in _formats(publishing.publication(meeting, 1))["html"], "version 1 never changes"
    owed = text(clerk_client.get("/written-answers-owed"))
    assert "The council does not owe any written answers at the moment." in owed
    assert "No date given Read the answer sent on 13 October 2022" in owed
