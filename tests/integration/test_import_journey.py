"""A clerk imports the seeds' published records through the web pages, by their labels:
upload, check each record beside its source, correct, drop, file; then the records are
found by search, on the committee's record page, in the API and by the six-month check."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import sqlalchemy as sa

from portal.domain.questions import similarity
from portal.extensions import db
from portal.models import ArchiveEntry, ImportDocument, ImportStatus, Meeting, MeetingStatus
from tests import factories
from tests import import_fixtures as fx
from tests.html import banners, error_messages, heading, page, text

COUNCIL = fx.council_002_records()
SCRUTINY = fx.scrutiny_004_records()

DOCUMENTS = {
    "002.docx": (lambda: fx.council_docx(COUNCIL), COUNCIL, False),
    "002.html": (lambda: fx.council_html(COUNCIL).encode("utf-8"), COUNCIL, False),
    "002.pdf": (lambda: fx.pdf_of(fx.council_html(COUNCIL)), COUNCIL, True),
    "004.docx": (lambda: fx.scrutiny_docx(SCRUTINY), SCRUTINY, False),
    "004.html": (lambda: fx.scrutiny_html(SCRUTINY).encode("utf-8"), SCRUTINY, False),
    "004.pdf": (lambda: fx.pdf_of(fx.scrutiny_html(SCRUTINY)), SCRUTINY, True),
}


@pytest.fixture
def committee():
    committee = factories.make_committee("Council", slug="council")
    db.session.commit()
    return committee


def upload(client, committee, *files, meeting_date=None):
    data = {
        "files": [(io.BytesIO(content), name) for name, content in files],
        "committee": str(committee.id) if committee else "",
    }
    if meeting_date:
        data |= {
            "meeting_date-day": str(meeting_date.day),
            "meeting_date-month": str(meeting_date.month),
            "meeting_date-year": str(meeting_date.year),
        }
    return client.post("/staff/import/", data=data, content_type="multipart/form-data")


def shown_records(response):
    """Each record on the review screen, field by field, as the clerk reads it."""
    out = []
    for section in page(response).select("section.app-import-record"):
        fields: dict[str, object] = {"actions": [], "noted_comments": []}
        for cell in section.select("[data-field]"):
            name = cell["data-field"]
            if name in ("actions", "noted_comments"):
                fields[name].append(cell.get_text())
            elif name == "written_answer_on":
                value = cell["data-value"]
                fields[name] = dt.date.fromisoformat(value) if value else None
            else:
                fields[name] = "" if cell.select_one(".app-not-found") else cell.get_text()
        fields.setdefault("written_answer_on", None)
        out.append(fields)
    return out


def expected_fields(record, joined):
    fields = fx.fields_of(record, joined=joined)
    fields.pop("section")
    return fields


def comparable(fields, joined):
    fields = {k: v for k, v in fields.items() if k in fx.FIELDS}
    if joined:
        fields = {
            k: (" ".join(v.split()) if isinstance(v, str) else [" ".join(i.split()) for i in v])
            if isinstance(v, (str, list))
            else v
            for k, v in fields.items()
        }
    return fields


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_the_seeds_records_import_through_the_review_screen_field_for_field(clerk_client, committee, name):
    make, expected, joined = DOCUMENTS[name]
    response = upload(clerk_client, committee, (name, make()))
    assert response.status_code == 302
    review = clerk_client.get(response.headers["Location"])
    assert heading(review) == f"Check the records read from {name}"
    assert f"{len(expected)} records found in {name}" in banners(review)[0]
    shown = shown_records(review)
    assert len(shown) == len(expected)
    for got, want in zip(shown, expected, strict=True):
        assert comparable(got, joined) == expected_fields(want, joined)

    document = db.session.scalar(sa.select(ImportDocument))
    filed = clerk_client.post(
        f"/staff/import/documents/{document.id}/file", data={"revision": document.revision, "checked": "y"}
    )
    assert filed.status_code == 302
    day = "30 September 2022" if name.startswith("002") else "13 December 2022"
    assert (
        f"{len(expected)} records filed for the meeting of {day}"
        in banners(clerk_client.get(filed.headers["Location"]))[0]
    )
    entries = db.session.scalars(
        sa.select(ArchiveEntry).order_by(ArchiveEntry.kind.desc(), ArchiveEntry.number)
    ).all()
    assert len(entries) == len(expected)
    assert all(e.imported for e in entries)


def file_seed_002(clerk_client, committee):
    response = upload(clerk_client, committee, ("appendix.docx", fx.council_docx(COUNCIL)))
    document = db.session.scalar(sa.select(ImportDocument).where(ImportDocument.filename == "appendix.docx"))
    clerk_client.post(
        f"/staff/import/documents/{document.id}/file", data={"revision": document.revision, "checked": "y"}
    )
    db.session.expire_all()
    return response, document


def test_filed_records_are_found_by_search_and_on_the_committees_pages(clerk_client, client, committee):
    _, document = file_seed_002(clerk_client, committee)
    assert document.status is ImportStatus.FILED
    meeting = document.meeting
    assert meeting.status is MeetingStatus.HELD

    found = client.get("/search?q=kinship+carer")
    assert "Ms Currie, Hereford" in text(found)
    assert "Imported from the council" in text(found)
    assert client.get("/search?q=%22Mortimer%22").status_code == 200

    record_page = client.get(f"/committees/{committee.slug}/questions")
    assert "30 September 2022" in text(record_page)
    assert "(imported)" in text(record_page)

    published = client.get(f"/meetings/{meeting.id}/questions")
    assert published.status_code == 200
    assert "Imported from the council's published minutes of 30 September 2022" in text(published)
    body = text(published)
    for snippet in (
        "PQ 2: Ms Currie, Hereford",
        "Written response sent on 13 October 2022",
        "MQ 1: Cllr Carole Gandy, Mortimer",
        "Response to supplementary question (cabinet member",
    ):
        assert snippet in body
    # Nothing personal the council did not publish, and the source stays with staff.
    assert client.get(f"/staff/import/documents/{document.id}/source").status_code == 302
    source = clerk_client.get(f"/staff/import/documents/{document.id}/source")
    assert source.data == document.content
    assert source.headers["Content-Disposition"] == 'attachment; filename="appendix.docx"'

    api = client.get(f"/api/v1/questions?meeting={meeting.id}").get_json()["data"]
    assert sorted(q["printed_number"] for q in api) == ["MQ 1", "PQ 1", "PQ 2", "PQ 3", "PQ 4"]
    assert all(q["imported"] for q in api)
    assert {q["questioner"] for q in api} >= {"Ms Currie, Hereford", "Cllr Carole Gandy, Mortimer"}
    feed = client.get(f"/committees/{committee.slug}/answers.atom")
    assert feed.status_code == 200
    assert "Ms Currie, Hereford" in feed.get_data(as_text=True)


def test_an_imported_record_read_in_welsh_marks_the_councils_english_as_english(
    clerk_client, client, committee
):
    _, document = file_seed_002(clerk_client, committee)
    address = f"/meetings/{document.meeting.id}/questions"

    english = page(client.get(address)).select_one("main")
    assert not english.select(".app-answer[lang], .app-plain-text[lang]")
    client.get("/language/cy")
    welsh = page(client.get(address)).select_one("main")
    answers = welsh.select(".app-answer")
    assert answers
    assert all(answer.get("lang") == "en" for answer in answers)
    assert "Thank you for your question" in answers[0].get_text()


def test_the_six_month_check_sees_imported_records(clerk_client, committee):
    file_seed_002(clerk_client, committee)
    asked = " ".join(COUNCIL[2].question.split()[:60])
    found = similarity.similar_questions(asked, now=factories.london(2022, 11, 1))
    assert found
    assert found[0].imported
    assert found[0].asked_by == "Ms Gallagher, Hereford"
    assert found[0].label == "PQ 3"
    # Six months on, it is no longer a reason to refuse.
    assert not similarity.similar_questions(asked, now=factories.london(2023, 6, 1))


def test_the_same_document_twice_changes_nothing(clerk_client, committee):
    data = fx.council_docx(COUNCIL)
    upload(clerk_client, committee, ("appendix.docx", data))
    again = upload(clerk_client, committee, ("copy-of-appendix.docx", data))
    assert again.status_code == 422
    assert error_messages(again)[0].startswith("‘copy-of-appendix.docx’ was already imported on")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportDocument)) == 1


def test_a_bad_file_gets_a_clear_error_and_nothing_is_kept(clerk_client, committee):
    response = upload(clerk_client, committee, ("minutes.docx", b"%PDF-1.7 this is a pdf"))
    assert response.status_code == 422
    assert error_messages(response) == ["‘minutes.docx’ is not a Word document (.docx): it may be damaged"]
    response = upload(clerk_client, committee, ("empty.pdf", b""))
    assert error_messages(response) == ["‘empty.pdf’ is empty"]
    response = upload(clerk_client, None, ("appendix.docx", fx.council_docx(COUNCIL)))
    assert error_messages(response) == ["Select the committee the questions were put to"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportDocument)) == 0


def test_a_clerk_corrects_a_field_drops_a_record_and_files_only_what_they_saw(clerk_client, committee):
    upload(clerk_client, committee, ("appendix.docx", fx.council_docx(COUNCIL)))
    document = db.session.scalar(sa.select(ImportDocument))
    first, second = document.records[0], document.records[1]
    form = clerk_client.get(f"/staff/import/documents/{document.id}/records/{first.id}")
    assert heading(form) == "Correct PQ 1"
    fields = {
        el["name"]: el.get("value", el.get_text())
        for el in page(form).select("input[name], textarea[name]")
        if el.get("type") not in ("radio", "hidden")
    }
    fields["section"] = "public"
    fields["question_to"] = "Cabinet Member for Children and Families"
    saved = clerk_client.post(f"/staff/import/documents/{document.id}/records/{first.id}", data=fields)
    assert saved.status_code == 302
    stale_revision = document.revision - 1
    dropped = clerk_client.post(
        f"/staff/import/documents/{document.id}/records/{second.id}/drop",
        data={"revision": document.revision},
    )
    assert dropped.status_code == 302
    stale = clerk_client.post(
        f"/staff/import/documents/{document.id}/file", data={"revision": stale_revision, "checked": "y"}
    )
    assert "Someone else changed these records" in text(clerk_client.get(stale.headers["Location"]))
    unchecked = clerk_client.post(
        f"/staff/import/documents/{document.id}/file", data={"revision": document.revision}
    )
    assert unchecked.status_code == 422
    assert error_messages(unchecked) == [
        "Confirm you have checked every record against the document it came from"
    ]
    clerk_client.post(
        f"/staff/import/documents/{document.id}/file", data={"revision": document.revision, "checked": "y"}
    )
    entries = db.session.scalars(
        sa.select(ArchiveEntry).order_by(ArchiveEntry.kind.desc(), ArchiveEntry.number)
    ).all()
    assert [e.label for e in entries] == ["PQ 1", "PQ 3", "PQ 4", "MQ 1"]
    assert entries[0].question_to == "Cabinet Member for Children and Families"


def test_a_record_with_no_questioner_must_be_put_right_or_dropped(clerk_client, committee):
    page_html = (
        "<html><body><p>Minutes of 3 March 2021</p><p>Q: Why?</p><p>Response: Because.</p></body></html>"
    )
    upload(clerk_client, committee, ("minutes.html", page_html.encode()))
    document = db.session.scalar(sa.select(ImportDocument))
    refused = clerk_client.post(
        f"/staff/import/documents/{document.id}/file", data={"revision": document.revision, "checked": "y"}
    )
    assert refused.status_code == 422
    assert error_messages(refused) == ["Record 1: enter the questioner or drop the record"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ArchiveEntry)) == 0


def test_a_meeting_the_portal_published_takes_no_imported_records(clerk_client, committee, clerk):
    meeting = factories.make_meeting(committee, starts_at=factories.london(2022, 9, 30, 15, 0), by=clerk)
    factories.make_published_question(meeting)
    upload(clerk_client, committee, ("appendix.docx", fx.council_docx(COUNCIL)))
    document = db.session.scalar(sa.select(ImportDocument))
    refused = clerk_client.post(
        f"/staff/import/documents/{document.id}/file", data={"revision": document.revision, "checked": "y"}
    )
    assert "The portal has already published questions for the meeting of 30 September 2022" in text(
        clerk_client.get(refused.headers["Location"])
    )
    db.session.expire_all()
    assert document.status is ImportStatus.IN_REVIEW
    assert db.session.scalars(sa.select(ArchiveEntry).where(ArchiveEntry.imported.is_(True))).all() == []
    assert db.session.get(Meeting, meeting.id) is not None


def test_an_upload_too_large_is_refused_before_it_is_read(app, clerk_client, committee):
    limit = app.config["IMPORT_UPLOAD_MAX_LENGTH"]
    app.config["IMPORT_UPLOAD_MAX_LENGTH"] = 64 * 1024  # the real one is 60 MB; the rule is the same
    try:
        response = upload(clerk_client, committee, ("huge.pdf", b"%PDF-1.7\n" + b"0" * (200 * 1024)))
    finally:
        app.config["IMPORT_UPLOAD_MAX_LENGTH"] = limit
    assert response.status_code == 413
    assert heading(response) == "The documents are too large to upload at once"
    assert "Nothing was imported" in text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportDocument)) == 0


def test_a_correction_refused_because_the_document_moved_on_keeps_what_was_typed(clerk_client, committee):
    upload(clerk_client, committee, ("appendix.docx", fx.council_docx(COUNCIL)))
    document = db.session.scalar(sa.select(ImportDocument))
    first = document.records[0]
    form = clerk_client.get(f"/staff/import/documents/{document.id}/records/{first.id}")
    fields = {
        el["name"]: el.get("value", el.get_text())
        for el in page(form).select("input[name], textarea[name]")
        if el.get("type") not in ("radio", "hidden")
    }
    fields["section"] = "public"
    fields["question_to"] = "Cabinet Member for Schools"
    # Another clerk discards the document while this one is typing.
    discarded = clerk_client.post(f"/staff/import/documents/{document.id}/discard")
    assert discarded.status_code == 302
    refused = clerk_client.post(f"/staff/import/documents/{document.id}/records/{first.id}", data=fields)
    assert refused.status_code == 409
    assert error_messages(refused) == ["‘appendix.docx’ has already been discarded"]
    assert page(refused).select_one("input[name=question_to]")["value"] == "Cabinet Member for Schools"


def test_a_refused_button_goes_back_and_says_why(clerk_client, committee):
    upload(clerk_client, committee, ("appendix.docx", fx.council_docx(COUNCIL)))
    document = db.session.scalar(sa.select(ImportDocument))
    second = document.records[1]
    clerk_client.post(f"/staff/import/documents/{document.id}/discard")
    refused = clerk_client.post(
        f"/staff/import/documents/{document.id}/records/{second.id}/drop",
        data={"revision": document.revision},
    )
    assert refused.status_code == 302
    assert refused.headers["Location"].endswith(f"/staff/import/documents/{document.id}#record-{second.id}")
    shown = banners(clerk_client.get(refused.headers["Location"]))
    assert shown[-1] == "There is a problem ‘appendix.docx’ has already been discarded"
