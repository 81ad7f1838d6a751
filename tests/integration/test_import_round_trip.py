"""The portal's own downloads come back in as the same records: seed 002 and seed 004,
published through the portal's verbs, exported as JSON and CSV, imported by a clerk into
another portal's committee (here: another committee), and compared field by field."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from portal.domain.sanitise import plain_text
from portal.extensions import db
from portal.formatting import to_london
from portal.models import ArchiveEntry, ImportDocument
from tests import factories
from tests.seed_records import build_council_2022, build_scrutiny_2022


def fields(entry: ArchiveEntry) -> dict[str, object]:
    return {
        "kind": entry.kind,
        "number": entry.number,
        "questioner": entry.questioner,
        "question_to": entry.question_to,
        "question": " ".join(entry.question_text.split()),
        "answer": " ".join(entry.answer_text.split()),
        "supplementary": " ".join((entry.supplementary_question or "").split()),
        "supplementary_answered_by": entry.supplementary_answered_by,
        "supplementary_answer": " ".join(plain_text(entry.supplementary_answer_html or "").split()),
        "written_answer": " ".join(plain_text(entry.written_answer_html or "").split()),
        "written_answer_sent_on": entry.written_answer_sent_on,
        "meeting_date": to_london(entry.meeting_starts_at).date(),
    }


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("build", [build_council_2022, build_scrutiny_2022])
def test_export_then_import_gives_the_same_records(clerk_client, clerk, fmt, build):
    built = build(clerk)
    latest = built.publications[-1]
    exported = latest.file(fmt).content
    original = db.session.scalars(
        sa.select(ArchiveEntry)
        .where(ArchiveEntry.meeting_id == built.meeting.id)
        .order_by(ArchiveEntry.kind.desc(), ArchiveEntry.number)
    ).all()
    elsewhere = factories.make_committee("Archive of the old council", slug="old-council")
    db.session.commit()
    response = clerk_client.post(
        "/staff/import/",
        data={"files": [(io.BytesIO(exported), f"record.{fmt}")], "committee": str(elsewhere.id)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    document = db.session.scalar(sa.select(ImportDocument))
    assert document.reader == ("Portal JSON" if fmt == "json" else "Portal CSV")
    clerk_client.post(
        f"/staff/import/documents/{document.id}/file", data={"revision": document.revision, "checked": "y"}
    )
    imported = db.session.scalars(
        sa.select(ArchiveEntry)
        .where(ArchiveEntry.imported.is_(True))
        .order_by(ArchiveEntry.kind.desc(), ArchiveEntry.number)
    ).all()
    for got, want in zip(imported, original, strict=True):
        a, b = fields(got), fields(want)
        assert {k: v for k, v in a.items() if v != b[k]} == {k: v for k, v in b.items() if v != a[k]}
    assert [e.label for e in imported] == [e.label for e in original]
