"""Filing the records a clerk has checked into the archive (decision 0131).

Each kept record becomes an `ArchiveEntry` marked `imported`, on the committee's meeting
of that date (made, as held, if the portal has no such meeting). The entry is what
search, the committee's record pages, the open data API, the feeds and the six-month
"substantially the same" check read, so the council's history is found like anything
the portal published. The portal's own publications are never touched: a meeting the
portal has published questions for takes no imported records, and re-publishing a
meeting leaves imported entries alone (portal/domain/record/index.py).
"""

from __future__ import annotations

import datetime as dt
import html

import sqlalchemy as sa

from portal.domain.archive.search import clean_text
from portal.domain.errors import Invalid, Refused, Stale
from portal.domain.importing.records import ImportedRecord, display
from portal.domain.importing.staging import record_of, require_importer
from portal.domain.meetings import scheduling
from portal.domain.sanitise import clean_html, plain_text
from portal.domain.states import QuestionKind
from portal.extensions import db
from portal.formatting import london_to_utc
from portal.models import (
    ArchiveEntry,
    ImportDocument,
    ImportStatus,
    Meeting,
    MeetingRecordEvent,
    MeetingStatus,
    Publication,
    User,
    utcnow,
)


def paragraphs_html(text: str) -> str:
    """Plain paragraphs as HTML: "• " paragraphs in a row become a list."""
    out: list[str] = []
    items: list[str] = []
    for paragraph in [p for p in (text or "").split("\n\n") if p.strip()]:
        if paragraph.startswith("• "):
            items.append(f"<li>{html.escape(paragraph[2:])}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        out.append(f"<p>{html.escape(paragraph)}</p>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return clean_html("".join(out))


def meeting_on(document: ImportDocument) -> Meeting | None:
    """The committee's meeting on the document's date, if the portal has one."""
    day = document.meeting_date
    if day is None:
        return None
    return db.session.scalar(
        sa.select(Meeting)
        .where(
            Meeting.committee_id == document.committee_id,
            Meeting.starts_at >= london_to_utc(day, dt.time(0, 0)),
            Meeting.starts_at < london_to_utc(day + dt.timedelta(days=1), dt.time(0, 0)),
            Meeting.status != MeetingStatus.CANCELLED,
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    )


def problems(document: ImportDocument) -> dict[str, str]:
    """What must be put right before the document can be filed, by field or record."""
    found: dict[str, str] = {}
    if document.meeting_date is None:
        found["meeting_date"] = "Enter the date of the meeting: the document does not say"
    kept = [r for r in document.records if not r.dropped]
    if not kept:
        found["records"] = "Every record has been dropped. Discard the document instead"
    for position, row in enumerate(kept, start=1):
        record = record_of(row)
        name = record.number_label or f"Record {position}"
        if not record.questioner:
            found[f"record-{row.id}"] = f"{name}: enter the questioner or drop the record"
        elif not record.question and not record.supplementary_question:
            found[f"record-{row.id}"] = f"{name}: enter the question or drop the record"
    return found


def file_document(
    document: ImportDocument, *, by: User | None, revision: int | None, now: dt.datetime | None = None
) -> list[ArchiveEntry]:
    """Put the document's kept records into the archive, exactly as the clerk last saw them."""
    require_importer(by)
    now = now or utcnow()
    if document.status is not ImportStatus.IN_REVIEW:
        raise Stale(f"{display(document.filename)} has already been {document.status.label.lower()}")
    if revision is not None and revision != document.revision:
        raise Stale("Someone else changed these records since you opened the page. Check them again")
    found = problems(document)
    if found:
        raise Invalid(errors=found)
    # Claim the document: of two clerks filing at once, only one moves the revision on.
    claimed = db.session.execute(
        sa.update(ImportDocument)
        .where(
            ImportDocument.id == document.id,
            ImportDocument.revision == document.revision,
            ImportDocument.status == ImportStatus.IN_REVIEW,
        )
        .values(revision=ImportDocument.revision + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise Stale("Someone else filed or changed these records a moment ago. Check them again")
    db.session.refresh(document)
    meeting = meeting_on(document)
    if meeting is not None and db.session.scalar(
        sa.select(sa.func.count()).select_from(Publication).where(Publication.meeting_id == meeting.id)
    ):
        raise Refused(
            "The portal has already published questions for the meeting of "
            f"{document.meeting_date:%-d %B %Y}. Imported records are only filed for meetings the "
            "portal did not publish"
        )
    if meeting is None:
        meeting = _held_meeting(document, by=by, now=now)
    numbers = _next_numbers(meeting)
    entries: list[ArchiveEntry] = []
    for row in [r for r in document.records if not r.dropped]:
        record = record_of(row)
        kind = QuestionKind.MEMBER if record.section == "member" else QuestionKind.PUBLIC
        numbers[kind] += 1
        entry = ArchiveEntry(
            meeting_id=meeting.id,
            committee_id=meeting.committee_id,
            kind=kind,
            number=numbers[kind],
            meeting_starts_at=meeting.starts_at,
            document="minutes",
            version=1,
            imported=True,
            number_label=record.number_label[:30] or None,
            first_published_at=now,
            published_at=now,
        )
        _apply(entry, record)
        db.session.add(entry)
        row.archive_entry = entry
        entries.append(entry)
    document.status = ImportStatus.FILED
    document.meeting = meeting
    document.decided_by = by
    document.decided_at = now
    db.session.add(
        MeetingRecordEvent(
            meeting_id=meeting.id,
            at=now,
            actor_id=by.id if by is not None else None,
            verb="imported",
            title=f"{len(entries)} imported from {document.filename}"[:200],
            data={"import_document_id": document.id, "sha256": document.sha256},
        )
    )
    db.session.flush()
    return entries


def _held_meeting(document: ImportDocument, *, by: User | None, now: dt.datetime) -> Meeting:
    day = document.meeting_date
    assert day is not None
    starts_at = london_to_utc(day, dt.time(0, 0))
    if starts_at > now:
        raise Invalid("The date of the meeting must be in the past", field="meeting_date")
    try:
        meeting = scheduling.schedule_meeting(document.committee, starts_at=starts_at, by=by)
        scheduling.mark_held(meeting, by=by, now=now)
    except scheduling.SchedulingError as error:
        raise Refused(str(error)) from error
    return meeting


def _next_numbers(meeting: Meeting) -> dict[QuestionKind, int]:
    rows = db.session.execute(
        sa.select(ArchiveEntry.kind, sa.func.max(ArchiveEntry.number))
        .where(ArchiveEntry.meeting_id == meeting.id)
        .group_by(ArchiveEntry.kind)
    ).all()
    found = {QuestionKind(kind): int(number or 0) for kind, number in rows}
    return {kind: found.get(kind, 0) for kind in QuestionKind}


def _apply(entry: ArchiveEntry, record: ImportedRecord) -> None:
    entry.questioner = clean_text(record.questioner)[:300]
    entry.question_to = clean_text(record.question_to)[:200]
    entry.answered_by = clean_text(record.answered_by or record.question_to)[:200]
    entry.question_text = clean_text(record.question)
    entry.answer_html = paragraphs_html(record.response)
    entry.answer_text = clean_text(plain_text(entry.answer_html))
    entry.supplementary_question = clean_text(record.supplementary_question) or None
    entry.supplementary_answer_html = paragraphs_html(record.supplementary_response) or None
    entry.supplementary_answered_by = clean_text(record.supplementary_answered_by)[:200] or None
    entry.written_answer_sent_on = record.written_answer_on if record.written_answer else None
    entry.written_answer_html = paragraphs_html(record.written_answer) or None
    entry.written_answer_owed = False  # what an old document promised is not tracked as owed
    entry.extra_text = clean_text(
        "\n".join(
            part
            for part in (
                entry.supplementary_question,
                plain_text(entry.supplementary_answer_html or ""),
                plain_text(entry.written_answer_html or ""),
                *record.actions,
                *record.noted_comments,
            )
            if part
        )
    )


def imported_records(meeting: Meeting) -> list[tuple[ArchiveEntry, ImportedRecord]]:
    """A meeting's imported entries, each with every field its document printed (actions
    and comments noted live only there), public first, in the document's order."""
    from portal.models import ImportRecord

    rows = db.session.execute(
        sa.select(ArchiveEntry, ImportRecord)
        .join(ImportRecord, ImportRecord.archive_entry_id == ArchiveEntry.id)
        .where(ArchiveEntry.meeting_id == meeting.id, ArchiveEntry.imported.is_(True))
        .order_by(ArchiveEntry.kind.desc(), ArchiveEntry.number)
    ).all()
    return [(entry, record_of(row)) for entry, row in rows]
