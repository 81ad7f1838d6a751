"""`flask --app portal archive import PATH... --committee SLUG [--dry-run]`: a folder of
old documents read at once, with a summary; running it again changes nothing."""

from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.models import ArchiveEntry, ImportDocument, ImportStatus
from tests import factories
from tests import import_fixtures as fx


def folder_of_documents(tmp_path):
    council, scrutiny = fx.council_002_records(), fx.scrutiny_004_records()
    (tmp_path / "2022").mkdir()
    (tmp_path / "2022" / "council-appendix.docx").write_bytes(fx.council_docx(council))
    (tmp_path / "2022" / "scrutiny-minutes.html").write_text(fx.scrutiny_html(scrutiny), encoding="utf-8")
    (tmp_path / "2022" / "notes.txt").write_text("not a council document")  # not a kind it reads: skipped
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7 nothing more")
    (tmp_path / "2021").mkdir()
    (tmp_path / "2021" / "minutes-march.html").write_text(
        "<html><body><p>Minutes of the meeting held on 3 March 2021</p>"
        "<p>From: Ms Jones, Leominster</p><p>Q: When will the report be published?</p></body></html>",
        encoding="utf-8",
    )
    return tmp_path


def run(app, *args):
    return app.test_cli_runner().invoke(args=["archive", "import", *map(str, args)])


def test_a_dry_run_counts_and_keeps_nothing(app, tmp_path):
    factories.make_committee("Council", slug="council")
    result = run(app, folder_of_documents(tmp_path), "--committee", "council", "--dry-run", "--workers", "1")
    assert result.exit_code == 1  # one file could not be read
    assert "3 documents could be imported: 13 records found, 1 needing review" in result.output
    assert "Not imported:" in result.output
    assert "broken.pdf: ‘broken.pdf’ could not be opened as a PDF" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportDocument)) == 0


def test_documents_wait_for_review_and_a_second_run_changes_nothing(app, tmp_path):
    factories.make_committee("Council", slug="council")
    folder = folder_of_documents(tmp_path)
    first = run(app, folder, "--committee", "council", "--workers", "1")
    assert "3 documents read: 13 records found, 1 needing review" in first.output
    assert "0 documents filed (0 records); 3 waiting to be checked at /staff/import/" in first.output
    documents = db.session.scalars(sa.select(ImportDocument).order_by(ImportDocument.filename)).all()
    assert [(d.filename, d.status) for d in documents] == [
        ("council-appendix.docx", ImportStatus.IN_REVIEW),
        ("minutes-march.html", ImportStatus.IN_REVIEW),
        ("scrutiny-minutes.html", ImportStatus.IN_REVIEW),
    ]
    again = run(app, folder, "--committee", "council", "--workers", "1")
    assert "0 documents read" in again.output
    assert "3 already imported, left as they were" in again.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportDocument)) == 3


def test_documents_the_reader_was_sure_of_can_be_filed_at_once(app, tmp_path):
    factories.make_committee("Council", slug="council")
    result = run(app, folder_of_documents(tmp_path), "--committee", "council", "--file-certain")
    # Seed 002's appendix has every field; seed 004's supplementaries have no numbers but
    # every record is complete, so both are filed; the March minutes lack a response.
    assert "2 documents filed (12 records); 1 waiting" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ArchiveEntry)) == 12


def test_an_unknown_committee_is_refused(app, tmp_path):
    result = run(app, tmp_path, "--committee", "no-such-committee")
    assert result.exit_code == 1
    assert "No committee has the slug 'no-such-committee'" in result.output
