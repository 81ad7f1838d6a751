"""Keeping what a reader found until a clerk has checked it.

`stage_document()` checks and reads one uploaded file, keeps it byte for byte with its
SHA-256 (the same file is never imported twice: the checksum is unique), and keeps
each record as the reader found it, with what it could not find. A clerk then corrects
fields, drops records (and can bring them back) and sets the meeting's date; every
change bumps the document's `revision`, so filing can insist on the version the clerk
last saw (portal/domain/importing/filing.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from portal.domain.errors import Invalid, NotPermitted, Refused, Stale
from portal.domain.importing.readers import read_document
from portal.domain.importing.records import (
    LIST_FIELDS,
    TEXT_FIELDS,
    ImportedRecord,
    ReadResult,
    UnreadableDocument,
    display,
    missing_fields,
    tidy_text,
)
from portal.domain.permissions import can_import_archive
from portal.extensions import db
from portal.formatting import to_london
from portal.models import Committee, ImportDocument, ImportRecord, ImportStatus, User, utcnow

MAX_FIELD = 50_000


class AlreadyImported(Refused):
    """This very file (the same bytes) was imported before."""

    def __init__(self, document: ImportDocument, filename: str) -> None:
        when = document.uploaded_at.strftime("%-d %B %Y")
        super().__init__(f"{display(filename)} was already imported on {when}: nothing was changed")
        self.document = document


@dataclass
class Staged:
    document: ImportDocument
    unsure: int  # records with something for the clerk to check


def require_importer(by: User | None) -> None:
    if by is not None and not can_import_archive(by):
        raise NotPermitted("Only democratic services can import the archive")


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def find_by_checksum(data: bytes) -> ImportDocument | None:
    return db.session.scalar(sa.select(ImportDocument).where(ImportDocument.sha256 == checksum(data)))


def stage_document(
    filename: str,
    data: bytes,
    committee: Committee | None,
    *,
    by: User | None,
    meeting_date: dt.date | None = None,
    now: dt.datetime | None = None,
    result: ReadResult | None = None,
) -> Staged:
    """Read one file and keep it, with its records, for a clerk to check. Raises
    UnreadableDocument (nothing kept) or AlreadyImported (nothing changed). `result` is
    the reader's result when the file was read already (a bulk import reads in parallel)."""
    require_importer(by)
    existing = find_by_checksum(data)
    if existing is not None:
        raise AlreadyImported(existing, filename)
    if result is None:
        result = read_document(filename, data)
    if not result.records:
        raise UnreadableDocument(
            f"No questions and answers were found in {display(filename)}. Check it is the appendix "
            "of questions, in the table, reported or labelled layout",
            field="files",
        )
    if committee is None and result.committee_hint:
        committee = db.session.scalar(
            sa.select(Committee).where(
                sa.or_(Committee.slug == result.committee_hint, Committee.name == result.committee_hint)
            )
        )
    if committee is None:
        raise Invalid("Select the committee the questions were put to", field="committee")
    from portal.domain.importing.readers import kind_of

    document = ImportDocument(
        committee=committee,
        filename=filename[-255:],
        kind=kind_of(filename),
        size=len(data),
        sha256=checksum(data),
        content=data,
        reader=result.reader,
        layout=result.layout,
        meeting_date=meeting_date or result.meeting_date,
        meeting_date_found=meeting_date is None and result.meeting_date is not None,
        status=ImportStatus.IN_REVIEW,
        revision=1,
        uploaded_by=by,
        uploaded_at=now or utcnow(),
    )
    for position, record in enumerate(result.records):
        document.records.append(
            ImportRecord(
                position=position,
                fields=_fields(record),
                source_text=record.source_text,
                flags=dict(record.flags),
                dropped=False,
            )
        )
    try:
        with db.session.begin_nested():
            db.session.add(document)
            db.session.flush()
    except IntegrityError:
        existing = find_by_checksum(data)
        if existing is None:
            raise
        raise AlreadyImported(existing, filename) from None
    unsure = sum(1 for r in document.records if _needs_checking(r.flags))
    return Staged(document=document, unsure=unsure)


def _fields(record: ImportedRecord) -> dict:
    data = record.as_json()
    data.pop("source_text", None)
    data.pop("flags", None)
    return data


def _needs_checking(flags: dict[str, str]) -> bool:
    return any(name != "number_label" for name in flags)


def record_of(record: ImportRecord) -> ImportedRecord:
    return ImportedRecord.from_json(record.fields)


def _in_review(document: ImportDocument) -> None:
    if document.status is not ImportStatus.IN_REVIEW:
        raise Stale(f"{display(document.filename)} has already been {document.status.label.lower()}")


def _changed(document: ImportDocument, revision: int | None) -> None:
    if revision is not None and revision != document.revision:
        raise Stale("Someone else changed these records since you opened the page. Check them again")
    document.revision += 1


def correct_record(
    record: ImportRecord, changes: dict[str, object], *, by: User | None, now: dt.datetime | None = None
) -> None:
    """A clerk's corrections to one record's fields; what is still missing is flagged again."""
    require_importer(by)
    _in_review(record.document)
    current = record_of(record)
    errors: dict[str, str] = {}
    for name, value in changes.items():
        if name in TEXT_FIELDS:
            text = tidy_text(str(value or ""))
            if len(text) > MAX_FIELD:
                errors[name] = f"{TEXT_FIELDS[name]} must be {MAX_FIELD:,} characters or fewer"
            setattr(current, name, text)
        elif name in LIST_FIELDS:
            items = value if isinstance(value, list) else str(value or "").split("\n\n")
            setattr(current, name, [tidy_text(str(i)) for i in items if str(i).strip()])
        elif name == "section":
            if value not in ("public", "member"):
                errors[name] = "Select whether it is a question from the public or from a councillor"
            current.section = str(value)
        elif name == "written_answer_on":
            current.written_answer_on = value if isinstance(value, dt.date) else None
    if not current.questioner:
        errors["questioner"] = "Enter the questioner as the document prints them"
    if not current.question and not current.supplementary_question:
        errors["question"] = "Enter the question, or the supplementary question if there is only that"
    if current.written_answer_on and not current.written_answer:
        errors["written_answer"] = "Enter the written response, or remove the date it was sent"
    if errors:
        raise Invalid(errors=errors)
    kept = {k: v for k, v in record.flags.items() if k == "questioner" and v.startswith("Contact details")}
    record.flags = kept | missing_fields(current)
    record.fields = _fields(current)
    record.corrected_by = by
    record.corrected_at = now or utcnow()
    _changed(record.document, None)
    db.session.flush()


def drop_record(record: ImportRecord, *, by: User | None, revision: int | None = None) -> None:
    require_importer(by)
    _in_review(record.document)
    _changed(record.document, revision)
    record.dropped = True
    db.session.flush()


def restore_record(record: ImportRecord, *, by: User | None, revision: int | None = None) -> None:
    require_importer(by)
    _in_review(record.document)
    _changed(record.document, revision)
    record.dropped = False
    db.session.flush()


def set_meeting_date(document: ImportDocument, day: dt.date, *, by: User | None) -> None:
    require_importer(by)
    _in_review(document)
    if day > to_london(utcnow()).date():
        raise Invalid("The date of the meeting must be in the past", field="meeting_date")
    document.meeting_date = day
    document.meeting_date_found = False
    _changed(document, None)
    db.session.flush()


def discard_document(document: ImportDocument, *, by: User | None, now: dt.datetime | None = None) -> None:
    """Nothing from this document goes into the archive; the file is kept, so importing
    it again is recognised."""
    require_importer(by)
    _in_review(document)
    document.status = ImportStatus.DISCARDED
    document.decided_by = by
    document.decided_at = now or utcnow()
    db.session.flush()


def documents_in_review() -> list[ImportDocument]:
    return list(
        db.session.scalars(
            sa.select(ImportDocument)
            .where(ImportDocument.status == ImportStatus.IN_REVIEW)
            .order_by(ImportDocument.uploaded_at, ImportDocument.id)
        )
    )


def recent_documents(limit: int = 50) -> list[ImportDocument]:
    return list(
        db.session.scalars(
            sa.select(ImportDocument)
            .where(ImportDocument.status != ImportStatus.IN_REVIEW)
            .order_by(ImportDocument.decided_at.desc(), ImportDocument.id.desc())
            .limit(limit)
        )
    )
