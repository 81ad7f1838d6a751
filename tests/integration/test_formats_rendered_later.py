"""Formats left to be rendered later (the demo's history loads without its PDFs and Word
files): each downloads when first asked for, with the very bytes publishing would have
made, is kept from then on, and `render_missing_files` fills in the rest."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from flask import current_app

from portal.domain.record import documents, publishing
from tests.factories import london
from tests.record_factories import ready_meeting


def _publish(clerk, *, later: bool):
    meeting, _ = ready_meeting()
    if later:
        with publishing.deferring():
            published = publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))
    else:
        published = publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))
    return meeting, published


def test_the_frozen_model_renders_again_to_the_bytes_that_were_published(clerk):
    """What makes rendering later safe: the same model, the same bytes."""
    _, published = _publish(clerk, later=False)
    for fmt in ("pdf", "docx"):
        assert documents.render(published.model, fmt) == published.file(fmt).content, fmt


def test_a_format_left_for_later_downloads_when_first_asked_for_and_is_kept(client, clerk):
    meeting, published = _publish(clerk, later=True)
    assert sorted(f.format for f in published.files) == ["csv", "html", "json"]
    assert publishing.missing_formats(published) == ["pdf", "docx"]

    pdf = client.get(f"/meetings/{meeting.id}/questions.pdf")
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF-")
    assert pdf.data == documents.render(published.model, "pdf")
    docx = client.get(f"/meetings/{meeting.id}/questions/v1.docx")
    assert docx.status_code == 200
    assert docx.headers["Content-Disposition"].startswith("attachment;")
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(docx.data)).namelist()

    assert publishing.missing_formats(published) == []
    kept = published.file("pdf")
    assert (kept.sha256, kept.size) == (hashlib.sha256(pdf.data).hexdigest(), len(pdf.data))
    root = Path(current_app.config["PUBLICATION_DIR"]) / "meetings" / str(meeting.id)
    assert (root / "questions" / "v1.pdf").read_bytes() == pdf.data
    assert (root / "questions.pdf").read_bytes() == pdf.data, "the latest copy too"
    # Asked for again: served as kept, not rendered again.
    again = client.get(f"/meetings/{meeting.id}/questions/v1.pdf")
    assert again.data == pdf.data
    assert again.headers["ETag"].strip('"') == kept.sha256


def test_every_format_left_for_later_is_rendered_by_the_background_step(clerk):
    _meeting, published = _publish(clerk, later=True)

    assert publishing.render_missing_files() == 2
    assert publishing.missing_formats(published) == []
    assert publishing.render_missing_files() == 0, "nothing left to do"
    report = publishing.check_published_files(repair=False, thorough=True)
    assert not report.wrong, report.wrong


def test_only_the_slow_formats_can_be_left_for_later():
    with pytest.raises(ValueError, match="csv"), publishing.deferring(["csv"]):
        pass
