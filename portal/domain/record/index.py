"""Indexing the published record: every published question, kept findable in the archive.

Publishing freezes a document model for each version of a meeting's record (DESIGN
§3). `index_publication()` reads that frozen model and brings the meeting's
`ArchiveEntry` rows up to date: one per published question, updated in place when a
new version is published (so ids stay stable), removed when a correction drops one.
Search, browsing (`archive/browse.py`), feeds, the open data API and the statistics
read these rows, so nothing unpublished and no personal data beyond the published
questioner display can reach them. Publishing calls this, then `alerts.queue_alerts_for_publication()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import sqlalchemy as sa

from portal.domain.archive.search import clean_text
from portal.domain.errors import Invalid
from portal.domain.sanitise import clean_html, plain_text
from portal.domain.states import QuestionKind
from portal.extensions import db
from portal.models import (
    ArchiveEntry,
    DocumentKind,
    Meeting,
    Question,
)


class PublicationLike(Protocol):
    """What the archive reads of a publication: its meeting, version, time and frozen model."""

    meeting_id: int
    version: int
    published_at: dt.datetime

    @property
    def model(self) -> dict[str, Any]: ...


class ArchiveError(Invalid):
    """A frozen record the archive cannot read."""


@dataclass
class PublishedItem:
    kind: QuestionKind
    number: int
    questioner: str
    question_text: str
    question_to: str = ""
    answered_by: str = ""
    answer_html: str = ""
    question_id: int | None = None
    post_id: int | None = None
    put_at_meeting: str | None = None
    supplementary_question: str | None = None
    supplementary_answer_html: str | None = None
    supplementary_answered_by: str | None = None
    written_answer_due_on: dt.date | None = None
    written_answer_sent_on: dt.date | None = None
    written_answer_html: str | None = None
    # The council's translations of the question and its answers (the record in Welsh and
    # English), as plain text: searched with the rest, so a Welsh search finds the record.
    translations: list[str] = field(default_factory=list)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def document_kind(model: Mapping[str, Any]) -> str:
    """'supplement' (the agenda supplement, before the meeting) or 'minutes' (the minutes
    appendix, after it), from the frozen model's document kind."""
    return "minutes" if model["document"]["kind"] == DocumentKind.MINUTES_APPENDIX.value else "supplement"


def items_from_model(model: Mapping[str, Any]) -> list[PublishedItem]:
    """Every question in a frozen document model (portal/domain/record/documents/model.py), public and
    member, except those withdrawn: the record keeps only their number."""
    items: list[PublishedItem] = []
    for section in model["sections"]:
        for raw in section["items"]:
            if raw["withdrawn"]:
                continue
            put = raw["put"]
            supplementary = raw["supplementary"]
            written = raw["written_answer"]
            item = PublishedItem(
                kind=QuestionKind(raw["kind"]),
                number=int(raw["number"]),
                question_id=raw["question_id"],
                questioner=raw["questioner"],
                question_text=raw["question_text"],
                question_to=raw["question_to"],
                answered_by=raw["question_to"],
                answer_html=raw["response_html"],
                put_at_meeting=put["how"] if put else None,
            )
            if supplementary:
                item.supplementary_question = plain_text(supplementary["question_html"]) or None
                item.supplementary_answer_html = supplementary["answer_html"] or None
                item.supplementary_answered_by = supplementary["answered_by"] or None
            for key, translation in sorted((raw.get("translations") or {}).items()):
                value = translation["value"]
                item.translations.append(value if key == "question_text" else plain_text(value))
            if written:
                item.written_answer_due_on = _date(written["due_on"])
                item.written_answer_sent_on = _date(written["sent_on"])
                item.written_answer_html = written["html"] or None
            items.append(item)
    return items


def _apply(entry: ArchiveEntry, item: PublishedItem) -> None:
    entry.question_id = item.question_id
    entry.questioner = clean_text(item.questioner)[:300]
    entry.question_to = clean_text(item.question_to)[:200]
    entry.answered_by = clean_text(item.answered_by)[:200]
    entry.post_id = item.post_id
    entry.question_text = clean_text(item.question_text)
    entry.answer_html = clean_html(item.answer_html)
    entry.answer_text = clean_text(plain_text(entry.answer_html))
    entry.put_at_meeting = item.put_at_meeting
    entry.supplementary_question = clean_text(item.supplementary_question) or None
    entry.supplementary_answer_html = (
        clean_html(item.supplementary_answer_html) if item.supplementary_answer_html else None
    )
    entry.supplementary_answered_by = item.supplementary_answered_by
    entry.written_answer_due_on = item.written_answer_due_on
    entry.written_answer_sent_on = item.written_answer_sent_on
    entry.written_answer_html = clean_html(item.written_answer_html) if item.written_answer_html else None
    entry.written_answer_owed = bool(item.written_answer_due_on and not item.written_answer_sent_on)
    entry.extra_text = clean_text(
        "\n".join(
            part
            for part in (
                entry.supplementary_question,
                plain_text(entry.supplementary_answer_html or ""),
                plain_text(entry.written_answer_html or ""),
                *item.translations,
            )
            if part
        )
    )


def _post_ids(items: Iterable[PublishedItem]) -> dict[int, int]:
    """The post each question was answered for, by question id (titles can be renamed)."""
    ids = [i.question_id for i in items if i.question_id is not None]
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Question.id, sa.func.coalesce(Question.answering_post_id, Question.asked_post_id))
        .where(Question.id.in_(ids))
        .order_by(Question.id)
    ).all()
    return {question_id: post_id for question_id, post_id in rows if post_id is not None}


def index_publication(publication: PublicationLike) -> list[ArchiveEntry]:
    """Bring the archive up to date with a newly published version of a meeting's record."""
    model = publication.model
    meeting = db.session.get(Meeting, publication.meeting_id)
    if meeting is None:
        raise ArchiveError(f"No meeting {publication.meeting_id}")
    version = publication.version
    published_at = publication.published_at
    document = document_kind(model)
    items = items_from_model(model)
    post_ids = _post_ids(items)
    existing = {
        (e.kind, e.number): e
        for e in db.session.scalars(
            sa.select(ArchiveEntry)
            # Records imported from the council's earlier minutes are not the portal's to change.
            .where(ArchiveEntry.meeting_id == meeting.id, ArchiveEntry.imported.is_(False))
            .order_by(ArchiveEntry.id)
        )
    }
    keep: list[ArchiveEntry] = []
    for item in items:
        item.post_id = post_ids.get(item.question_id) if item.question_id is not None else None
        entry = existing.pop((item.kind, item.number), None)
        if entry is None:
            entry = ArchiveEntry(
                meeting_id=meeting.id, kind=item.kind, number=item.number, first_published_at=published_at
            )
            db.session.add(entry)
        if entry.version is not None and entry.version > version:
            continue  # an older version arriving late never overwrites a newer one
        entry.committee_id = meeting.committee_id
        entry.meeting_starts_at = meeting.starts_at
        entry.document = document
        entry.version = version
        entry.published_at = published_at
        _apply(entry, item)
        keep.append(entry)
    for gone in existing.values():
        db.session.delete(gone)
    db.session.flush()
    return keep


# Reading the archive --------------------------------------------------------------


def entries_for_meeting(meeting: Meeting) -> list[ArchiveEntry]:
    return list(
        db.session.scalars(
            sa.select(ArchiveEntry)
            .where(ArchiveEntry.meeting_id == meeting.id)
            .order_by(ArchiveEntry.kind.desc(), ArchiveEntry.number)
        )
    )
