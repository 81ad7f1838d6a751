"""Webcast moments: recorded in the console (typed, or "mark now"), checked against the
webcast's length, and linked from the published minutes appendix in every format."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest

from portal.domain.errors import Invalid
from portal.domain.meetings import proceedings, webcast
from portal.domain.record import publishing
from portal.extensions import db
from portal.models import PutOutcome, utcnow
from tests import factories
from tests.document_text import pdf_pages
from tests.html import error_messages, input_value, page
from tests.record_factories import ready_meeting

YOUTUBE = "https://www.youtube.com/watch?v=kQm3CouncilX"
OTHER = "https://kingsmere.public-i.tv/core/portal/webcast_interactive/812345"


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [("1:05:30", 3930), ("12:40", 760), ("0:07", 7), ("1h 5m 30s", 3930), ("45m", 2700), ("", None)],
)
def test_times_into_the_webcast_are_read_as_people_write_them(typed, seconds):
    assert webcast.parse_offset(typed) == seconds


WRONG_FORMAT = (
    "Enter the time in the webcast as hours, minutes and seconds, like 1:05:30, "
    "or minutes and seconds, like 12:40"
)


@pytest.mark.parametrize(("typed", "message"), [
    ("half past two", WRONG_FORMAT),
    ("2:30pm", WRONG_FORMAT),
    ("1:75:00", "The time in the webcast must have no more than 59 minutes"),
    ("10:61", "The time in the webcast must have no more than 59 seconds"),
])  # fmt: skip
def test_a_time_in_the_wrong_format_is_refused_in_words(typed, message):
    with pytest.raises(Invalid) as error:
        webcast.parse_offset(typed)
    assert error.value.message == message


def test_links_use_youtubes_t_and_a_media_fragment_elsewhere():
    assert webcast.moment_url(YOUTUBE, 3930) == "https://www.youtube.com/watch?v=kQm3CouncilX&t=3930s"
    assert (
        webcast.moment_url("https://youtu.be/kQm3CouncilX?t=5", 61) == "https://youtu.be/kQm3CouncilX?t=61s"
    )
    assert webcast.moment_url(OTHER, 760) == OTHER + "#t=760"
    assert webcast.format_offset(3930) == "1:05:30"
    assert webcast.format_offset(760) == "12:40"


def _meeting(clerk, url=YOUTUBE, length=2 * 3600):
    meeting, questions = ready_meeting(public=1, member=0, starts_at=factories.london(2025, 1, 14, 14, 30))
    meeting.webcast_url = url
    publishing.publish_supplement(meeting, by=clerk, now=factories.london(2025, 1, 10, 10, 0))
    proceedings.record_meeting_times(
        meeting,
        by=clerk,
        started_at=factories.london(2025, 1, 14, 14, 32),
        ended_at=factories.london(2025, 1, 14, 16, 30),
    )
    webcast.record_webcast(meeting, by=clerk, started_at=None, length_seconds=length)
    db.session.commit()
    return meeting, questions[0]


def test_a_clerk_records_moments_without_javascript_and_the_minutes_link_to_them(clerk, clerk_client, client):
    meeting, question = _meeting(clerk)
    response = clerk_client.post(
        f"/staff/console/questions/{question.id}",
        data={
            "put": "put_by_questioner",
            "supplementary": "Will the range be published each quarter?",
            "supplementary_answered_by": "Cabinet member children and families",
            "supplementary_answer": "Yes.",
            "webcast_question_at": "12:40",
            "webcast_supplementary_at": "0:15:05",
        },
    )
    assert response.status_code == 302
    assert (question.outcome.webcast_question_at, question.outcome.webcast_supplementary_at) == (760, 905)
    console = clerk_client.get(f"/staff/console/meetings/{meeting.id}")
    assert input_value(console, "webcast_question_at") == "12:40"

    publishing.publish_appendix(meeting, by=clerk, now=factories.london(2025, 1, 16, 9, 0))
    db.session.commit()
    record = client.get(f"/meetings/{meeting.id}/questions")
    link = page(record).select_one("#pq-1-webcast a")
    assert link.get_text(" ", strip=True) == "Watch PQ 1 in the webcast, from 12:40"
    assert link["href"] == YOUTUBE + "&t=760s"
    assert page(record).select_one("#pq-1-supplementary-webcast a")["href"] == YOUTUBE + "&t=905s"

    model = client.get(f"/meetings/{meeting.id}/questions.json").get_json()
    item = model["sections"][0]["items"][0]
    assert item["webcast"]["question"] == {"seconds": 760, "text": "12:40", "url": YOUTUBE + "&t=760s"}
    rows = list(
        csv.DictReader(io.StringIO(client.get(f"/meetings/{meeting.id}/questions.csv").text.lstrip("\ufeff")))
    )
    assert (rows[0]["webcast_question"], rows[0]["webcast_supplementary"]) == (
        YOUTUBE + "&t=760s",
        YOUTUBE + "&t=905s",
    )
    docx = client.get(f"/meetings/{meeting.id}/questions.docx").data
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
        body = archive.read("word/document.xml").decode()
    assert "t=760s" in rels.replace("&amp;", "&")
    assert "Watch PQ 1 in the webcast, from 12:40" in body
    pdf = client.get(f"/meetings/{meeting.id}/questions.pdf").data
    assert "Watch PQ 1 in the webcast, from 12:40" in " ".join(" ".join(pdf_pages(pdf)).split())


def test_other_players_get_a_media_fragment(clerk, client):
    meeting, question = _meeting(clerk, url=OTHER)
    proceedings.save_outcome(
        question, by=clerk, changes={"put": PutOutcome.PUT_BY_QUESTIONER, "webcast_question_at": 3930}
    )
    publishing.publish_appendix(meeting, by=clerk, now=factories.london(2025, 1, 16, 9, 0))
    db.session.commit()
    record = client.get(f"/meetings/{meeting.id}/questions")
    assert page(record).select_one("#pq-1-webcast a")["href"] == OTHER + "#t=3930"


def test_a_moment_past_the_end_or_in_the_wrong_format_changes_nothing(clerk, clerk_client):
    meeting, question = _meeting(clerk, length=3600)
    proceedings.save_outcome(question, by=clerk, changes={"webcast_question_at": 600})
    db.session.commit()
    response = clerk_client.post(
        f"/staff/console/questions/{question.id}", data={"_partial": "1", "webcast_question_at": "1:30:00"}
    )
    assert response.status_code == 422
    assert error_messages(response) == [
        "Where the question begins in the webcast must be within the webcast, which is 1:00:00 long"
    ]
    assert input_value(response, "webcast_question_at") == "1:30:00"  # what was typed is kept
    response = clerk_client.post(
        f"/staff/console/questions/{question.id}", data={"_partial": "1", "webcast_question_at": "ten past"}
    )
    assert error_messages(response) == [
        "Enter where the question begins in the webcast as hours, minutes and seconds, like 1:05:30, "
        "or minutes and seconds, like 12:40"
    ]
    db.session.refresh(question.outcome)
    assert question.outcome.webcast_question_at == 600
    # Nor can the webcast be made shorter than a moment already marked in it.
    response = clerk_client.post(
        f"/staff/console/meetings/{meeting.id}/times", data={"webcast_length": "5:00"}
    )
    assert error_messages(response) == [
        "A question is marked at 10:00, so the webcast must be at least that long"
    ]


def test_mark_now_takes_the_time_since_the_webcast_started(clerk, clerk_client):
    meeting = factories.make_meeting(days_ahead=0)
    meeting.webcast_url = YOUTUBE
    question = factories.make_question(meeting, status=factories.QuestionStatus.ACCEPTED)
    db.session.commit()
    url = f"/staff/console/questions/{question.id}"
    response = clerk_client.post(url, data={"_partial": "1", "mark": "webcast_question_at"})
    assert response.status_code == 422
    assert error_messages(response) == [
        "Record when the meeting or its webcast started before marking a moment"
    ]

    meeting.webcast_started_at = utcnow() - dt.timedelta(minutes=12, seconds=40)
    db.session.commit()
    response = clerk_client.post(
        url, data={"_partial": "1", "mark": "webcast_question_at"}, headers={"X-Requested-With": "fetch"}
    )
    body = response.get_json()
    assert body["saved"] is True
    assert 760 <= question.outcome.webcast_question_at <= 820
    assert body["moments"]["webcast_question_at"].startswith("1")
