"""Clerks preview, publish (or are told what is missing), correct, and record written answers."""

from __future__ import annotations

import sqlalchemy as sa

from portal.domain.meetings import proceedings
from portal.domain.record import publishing
from portal.domain.states import QuestionStatus
from portal.extensions import db
from portal.models import Publication, PutOutcome
from tests.factories import london
from tests.html import banners, error_messages, heading, page, text, title
from tests.record_factories import ready_meeting, written_answer_promised


def test_the_publishing_list_shows_each_meetings_state(clerk_client, clerk):
    ready_meeting(public=2, member=0)
    published, _ = ready_meeting(public=1, member=0, starts_at=london(2030, 4, 1, 10, 0))
    publishing.publish_supplement(published, by=clerk, now=london(2030, 3, 20, 9, 0))
    db.session.commit()
    response = clerk_client.get("/staff/publishing/")
    rows = {
        " ".join(tr.select_one("th").get_text(" ").split()): " ".join(tr.get_text(" ").split())
        for tr in page(response).select("tbody tr")
    }
    assert any("Not published" in row for row in rows.values())
    assert any("Agenda supplement version 1" in row for row in rows.values())


def test_preview_is_marked_and_public_cannot_see_it(clerk_client, client):
    meeting, _ = ready_meeting(public=1, member=0)
    response = clerk_client.get(f"/staff/publishing/meetings/{meeting.id}/preview/agenda-supplement")
    assert response.status_code == 200
    assert "Preview – not published" in text(response)
    assert title(response).startswith("Preview:")
    pdf = clerk_client.get(f"/staff/publishing/meetings/{meeting.id}/preview/minutes-appendix.pdf")
    assert pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    assert client.get(f"/staff/publishing/meetings/{meeting.id}/preview/agenda-supplement").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Publication)) == 0


def test_publishing_is_refused_with_the_list_of_what_is_missing(clerk_client):
    meeting, questions = ready_meeting(public=2, member=0, answered=False)
    response = clerk_client.post(
        f"/staff/publishing/meetings/{meeting.id}/publish/agenda-supplement", data={"confirmed": "yes"}
    )
    assert response.status_code == 422
    summary = page(response).select_one(".govuk-error-summary")
    assert "The agenda supplement cannot be published yet" in summary.get_text()
    assert [li.get_text(strip=True) for li in summary.select("li")] == [
        "PQ 1 has no approved answer",
        "PQ 2 has no approved answer",
    ]
    assert {q.status for q in questions} == {QuestionStatus.ACCEPTED}  # as they were


def test_a_clerk_publishes_the_supplement_then_the_appendix(clerk_client, clerk):
    meeting, questions = ready_meeting(public=1, member=0)
    page_before = clerk_client.get(f"/staff/publishing/meetings/{meeting.id}")
    assert heading(page_before) == "Publishing the questions and answers"
    assert "Everything it needs is ready." in text(page_before)

    confirm = clerk_client.get(f"/staff/publishing/meetings/{meeting.id}/publish/agenda-supplement")
    assert heading(confirm) == "Publish the agenda supplement?"
    assert questions[0].status is QuestionStatus.ANSWER_APPROVED  # nothing yet
    response = clerk_client.post(
        f"/staff/publishing/meetings/{meeting.id}/publish/agenda-supplement",
        data={"confirmed": "yes"},
        follow_redirects=True,
    )
    assert "Agenda supplement published as version 1" in banners(response)[0]
    assert questions[0].status is QuestionStatus.PUBLISHED

    missing = [
        li.get_text(" ", strip=True) for li in page(response).select("#minutes-appendix-heading ~ ul li")
    ]
    assert missing == [
        "PQ 1: record whether the question was put at the meeting",
        "Record the time the meeting started",
        "Record the time the meeting ended",
    ]
    proceedings.save_outcome(questions[0], by=clerk, changes={"put": PutOutcome.PUT_BY_QUESTIONER})
    proceedings.record_meeting_times(
        meeting, by=clerk, started_at=london(2030, 3, 12, 14, 30), ended_at=london(2030, 3, 12, 15, 10)
    )
    db.session.commit()
    response = clerk_client.post(
        f"/staff/publishing/meetings/{meeting.id}/publish/minutes-appendix",
        data={"confirmed": "yes"},
        follow_redirects=True,
    )
    assert "Minutes appendix published as version 2" in banners(response)[0]
    assert questions[0].status is QuestionStatus.CLOSED


def test_a_correction_needs_a_note_and_publishes_a_new_version(clerk_client, clerk):
    meeting, questions = ready_meeting(public=1, member=0)
    publishing.publish_supplement(meeting, by=clerk)
    questions[0].answer.body_html = "<p>The corrected figure is 29.</p>"
    db.session.commit()
    response = clerk_client.get(f"/staff/publishing/meetings/{meeting.id}")
    assert "The record has changed since version 1 was published." in text(response)

    refused = clerk_client.post(f"/staff/publishing/meetings/{meeting.id}/correct", data={"change_note": " "})
    assert refused.status_code == 422
    assert error_messages(refused) == ["Enter what was corrected"]

    done = clerk_client.post(
        f"/staff/publishing/meetings/{meeting.id}/correct",
        data={"change_note": "PQ 1: the number of agency staff corrected"},
        follow_redirects=True,
    )
    assert "Correction published as version 2" in banners(done)[0]
    latest = publishing.latest_publication(meeting)
    assert latest.change_note == "PQ 1: the number of agency staff corrected"
    assert "The corrected figure is 29." in latest.model["sections"][0]["items"][0]["response_html"]


def test_recording_a_written_answer_sent(clerk_client, clerk):
    meeting, question = written_answer_promised(clerk)
    url = f"/staff/publishing/questions/{question.id}/written-answer"
    assert heading(clerk_client.get(url)) == "Record the written answer to PQ 1"

    refused = clerk_client.post(
        url, data={"sent_on": ["31", "2", "2025"], "body": "The figures are attached."}
    )
    assert refused.status_code == 422
    assert error_messages(refused) == ["Date the written answer was sent must be a real date"]
    assert "The figures are attached." in refused.get_data(as_text=True)  # nothing typed is lost

    done = clerk_client.post(
        url,
        data={"sent_on": ["3", "2", "2025"], "body": "The figures are **attached**."},
        follow_redirects=True,
    )
    assert (
        "Written response to PQ 1 recorded. Version 3 of the record is published with it" in banners(done)[0]
    )
    assert question.status is QuestionStatus.CLOSED
    record = publishing.latest_publication(meeting).model["sections"][0]["items"][0]["written_answer"]
    assert record["label"] == "Written response sent on 3 February 2025:"

    owed = clerk_client.get("/staff/publishing/written-answers")
    assert "No written answers are owed." in text(owed)


def test_other_staff_cannot_publish(officer_client, councillor_client):
    meeting, _ = ready_meeting(public=1, member=0)
    for client in (officer_client, councillor_client):
        assert client.get(f"/staff/publishing/meetings/{meeting.id}").status_code == 403
        assert (
            client.post(f"/staff/publishing/meetings/{meeting.id}/publish/agenda-supplement").status_code
            == 403
        )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Publication)) == 0


def test_publishing_first_shows_what_will_become_public(clerk_client):
    meeting, questions = ready_meeting(public=2, member=1)
    before = clerk_client.get(f"/staff/publishing/meetings/{meeting.id}")
    link = page(before).find("a", string="Publish the agenda supplement")
    # The link carries the latest version the page showed (none yet), so a clerk who
    # confirms after someone else published is told, not given a second copy.
    assert link["href"] == f"/staff/publishing/meetings/{meeting.id}/publish/agenda-supplement?seen_version=0"

    confirm = clerk_client.get(link["href"])
    body = text(confirm)
    assert heading(confirm) == "Publish the agenda supplement?"
    assert "2 public questions, each with its answer" in body
    assert "1 member question, each with its answer" in body
    assert "PQ 1 , Ms Carter, Aldbury: Question 1: how many social workers are agency staff?" in body
    assert "MQ 1" in body
    for words in ("a web page", "a PDF", "a Word document", "a CSV spreadsheet", "JSON open data"):
        assert words in body
    assert "cannot be taken back" in body
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Publication)) == 0

    # A POST that did not come from the confirmation page only shows it again.
    unconfirmed = clerk_client.post(f"/staff/publishing/meetings/{meeting.id}/publish/agenda-supplement")
    assert heading(unconfirmed) == "Publish the agenda supplement?"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Publication)) == 0
    assert {q.status for q in questions} == {QuestionStatus.ANSWER_APPROVED}


def test_the_confirmation_of_an_incomplete_record_lists_what_is_missing(clerk_client):
    meeting, _ = ready_meeting(public=1, member=0, answered=False)
    response = clerk_client.get(f"/staff/publishing/meetings/{meeting.id}/publish/agenda-supplement")
    assert response.status_code == 422
    assert "PQ 1 has no approved answer" in text(response)
