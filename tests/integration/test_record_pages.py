"""The public record pages and downloads, and the written answers owed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from portal.domain.meetings import proceedings
from portal.domain.record import publishing
from portal.extensions import db
from portal.models import PutOutcome
from tests.factories import london
from tests.html import heading, page, text
from tests.record_factories import ready_meeting, written_answer_promised


def _published(clerk, **kwargs):
    meeting, questions = ready_meeting(**kwargs)
    publication = publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))
    db.session.commit()
    return meeting, questions, publication


def test_the_latest_version_and_every_download(client, clerk):
    meeting, _, publication = _published(clerk)
    response = client.get(f"/meetings/{meeting.id}/questions")
    assert response.status_code == 200
    assert response.data == publication.file("html").content
    assert heading(response) == "Questions and answers Agenda supplement"
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "PQ 1" in text(response)

    for fmt, mimetype in (
        ("pdf", "application/pdf"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("csv", "text/csv; charset=utf-8"),
        ("json", "application/json"),
    ):
        download = client.get(f"/meetings/{meeting.id}/questions.{fmt}")
        assert download.status_code == 200, fmt
        assert download.mimetype == mimetype.split(";")[0]
        assert download.data == publication.file(fmt).content
    assert "attachment" in client.get(f"/meetings/{meeting.id}/questions.docx").headers["Content-Disposition"]


def test_the_record_page_leads_with_what_readers_want(client, clerk):
    meeting, _, _ = _published(clerk, public=2, member=0)
    response = client.get(f"/meetings/{meeting.id}/questions")
    record = page(response)
    nav = record.select_one("nav[aria-label='Main menu']")
    assert [a.get_text() for a in nav.select("a")] == [
        "Meetings",
        "Ask a question",
        "Search answers",
        "Written answers owed",
        "Questions received",
    ]
    # Each download is named by its format and size, GOV.UK style ("PDF, 182 KB").
    downloads = [" ".join(a.get_text(" ").split()) for a in record.select(".app-record-downloads a")]
    publication = publishing.latest_publication(meeting)
    assert downloads == [
        f"Version 1 as {label}, {_kilobytes(publication.file(fmt).size)} KB"
        for fmt, label in (
            ("pdf", "PDF"),
            ("docx", "Word document"),
            ("csv", "CSV spreadsheet"),
            ("json", "JSON data"),
        )
    ]
    shown_links = [a.get_text(strip=True) for a in record.select("main a")]
    assert not any(link.startswith("/") for link in shown_links), "no raw addresses as link text"
    # The checksum is there for those who look for it, inside the versions, not leading.
    assert record.select_one("#versions .app-record-checksum code").get_text()
    assert "Document model" not in text(response)


def test_each_version_is_served_exactly_as_published(client, clerk):
    meeting, questions, first = _published(clerk, public=1, member=0)
    proceedings.save_outcome(questions[0], by=clerk, changes={"put": PutOutcome.NOT_PUT})
    proceedings.record_meeting_times(
        meeting, by=clerk, started_at=london(2030, 3, 12, 14, 30), ended_at=london(2030, 3, 12, 15, 0)
    )
    publishing.publish_appendix(meeting, by=clerk, now=london(2030, 3, 13, 9, 0))
    db.session.commit()

    v1 = client.get(f"/meetings/{meeting.id}/questions/v1")
    assert v1.data == first.file("html").content
    assert v1.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get(f"/meetings/{meeting.id}/questions/v1.pdf").data == first.file("pdf").content
    latest = client.get(f"/meetings/{meeting.id}/questions")
    assert "Minutes appendix" in heading(latest)
    history = [
        " ".join(row.get_text(" ").split()) for row in page(latest).select(".app-record-versions tbody tr")
    ]
    assert history[0].startswith("2 (this version) Minutes appendix")
    assert history[1].startswith("1 Agenda supplement")
    assert "Not put at the meeting." in text(latest)
    assert client.get(f"/meetings/{meeting.id}/questions/v3").status_code == 404
    assert client.get(f"/meetings/{meeting.id}/questions/v3.pdf").status_code == 404


def test_a_missing_file_is_put_back_from_the_published_bytes(app, client, clerk):
    meeting, _, publication = _published(clerk, public=1, member=0)
    path = Path(app.config["PUBLICATION_DIR"]) / "meetings" / str(meeting.id) / "questions" / "v1.pdf"
    path.unlink()
    assert client.get(f"/meetings/{meeting.id}/questions/v1.pdf").data == publication.file("pdf").content
    assert path.read_bytes() == publication.file("pdf").content


def test_unpublished_meetings_have_no_record(client):
    meeting, _ = ready_meeting(public=1, member=0)
    for path in ("", ".pdf", ".json", "/v1", "/v1.csv"):
        assert client.get(f"/meetings/{meeting.id}/questions{path}").status_code == 404
    assert client.get("/meetings/999999/questions").status_code == 404
    assert client.get(f"/meetings/{meeting.id}/questions.exe").status_code == 404
    assert "Questions and answers" not in text(client.get(f"/meetings/{meeting.id}"))


def test_the_meeting_page_links_to_the_record(client, clerk):
    meeting, _, _ = _published(clerk, public=1, member=0)
    response = client.get(f"/meetings/{meeting.id}")
    links = {a.get_text(" ", strip=True): a["href"] for a in page(response).select("main a")}
    assert links["Read the questions and answers"] == f"/meetings/{meeting.id}/questions"
    publication = publishing.latest_publication(meeting)
    for fmt, label in (
        ("pdf", "PDF"),
        ("docx", "Word document"),
        ("csv", "CSV spreadsheet"),
        ("json", "JSON data"),
    ):
        name = f"{label}, {_kilobytes(publication.file(fmt).size)} KB"
        assert links[name] == f"/meetings/{meeting.id}/questions.{fmt}"


def _kilobytes(size: int) -> int:
    """A file's size as the pages give it: whole kilobytes, rounded up."""
    return max(1, -(-size // 1024))


def test_the_public_page_of_written_answers_owed(client, clerk):
    meeting, questions = ready_meeting(public=3, member=0, starts_at=london(2025, 1, 14, 14, 30))
    publishing.publish_supplement(meeting, by=clerk, now=london(2025, 1, 10, 10, 0))
    for question in questions:
        proceedings.save_outcome(
            question,
            by=clerk,
            changes={
                "put": PutOutcome.PUT_BY_QUESTIONER,
                "written_answer_promised": question is not questions[0],
            },
        )
    proceedings.save_outcome(questions[2], by=clerk, changes={"written_answer_due_on": dt.date(2099, 1, 1)})
    proceedings.record_meeting_times(
        meeting, by=clerk, started_at=london(2025, 1, 14, 14, 30), ended_at=london(2025, 1, 14, 16, 0)
    )
    publishing.publish_appendix(meeting, by=clerk, now=london(2025, 1, 16, 9, 0))
    publishing.record_sent_written_answer(
        questions[1],
        by=clerk,
        sent_on=dt.date(2025, 2, 20),
        body_source="Here are the figures.",
        now=london(2025, 2, 21, 9),
    )
    db.session.commit()

    response = client.get("/written-answers-owed")
    assert heading(response) == "Written answers owed"
    owed, sent = page(response).select("table")
    owed_rows = [" ".join(tr.get_text(" ").split()) for tr in owed.select("tbody tr")]
    assert len(owed_rows) == 1
    assert owed_rows[0].startswith("PQ 3")
    assert "1 January 2099 Due" in owed_rows[0]
    assert owed.select_one("tbody a")["href"] == f"/meetings/{meeting.id}/questions#pq-3"
    sent_links = [a["href"] for a in sent.select("tbody a")]
    assert sent_links == [
        f"/meetings/{meeting.id}/questions#pq-2",
        f"/meetings/{meeting.id}/questions#pq-2-written-response",
    ]
    assert "Written response sent on 20 February 2025:" in text(
        client.get(f"/meetings/{meeting.id}/questions")
    )
    # A questioner's e-mail address never appears in public.
    assert "@example.com" not in response.get_data(as_text=True)
    assert "@example.com" not in client.get(f"/meetings/{meeting.id}/questions.json").get_data(as_text=True)


def test_overdue_written_answers_are_flagged(client, clerk):
    written_answer_promised(clerk)
    response = client.get("/written-answers-owed")
    assert "1 is overdue" in text(response)
    assert page(response).select_one(".govuk-tag--red").get_text(strip=True) == "Overdue"


def test_the_meeting_page_names_the_downloads_in_welsh(client, clerk):
    meeting, _, publication = _published(clerk, public=1, member=0)
    client.get("/language/cy")
    response = client.get(f"/meetings/{meeting.id}")
    links = {a["href"]: a.get_text(" ", strip=True) for a in page(response).select("main a")}
    words = {"pdf": "PDF", "docx": "Dogfen Word", "csv": "Taenlen CSV", "json": "Data JSON"}
    for fmt, label in words.items():
        size = _kilobytes(publication.file(fmt).size)
        assert links[f"/meetings/{meeting.id}/questions.{fmt}"] == f"{label}, {size} KB"
    assert "Lawrlwythwch nhw:" in text(response)
