"""The public archive: every published question, kept findable.

Publishing freezes a document model for each version of a meeting's record (DESIGN
§3). `index_publication()` reads that frozen model and brings the meeting's
`ArchiveEntry` rows up to date: one per published question, updated in place when a
new version is published (so ids stay stable), removed when a correction drops one.
Search, feeds, the open data API and the statistics read these rows, so nothing
unpublished and no personal data beyond the published questioner display can reach
them. Publishing calls this, then `alerts.queue_alerts_for_publication()`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import sqlalchemy as sa

from portal.domain.sanitise import clean_html, plain_text
from portal.domain.search import clean_text
from portal.domain.states import QuestionKind
from portal.extensions import db
from portal.models import ArchiveEntry, Committee, Meeting, MeetingStatus, Post, Question, utcnow


class PublicationLike(Protocol):
    """What the archive needs of a publication: its meeting, version, time and frozen model."""

    meeting_id: int
    version: int
    published_at: dt.datetime


class ArchiveError(ValueError):
    pass


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


def frozen_model_of(publication: Any) -> dict[str, Any]:
    """The publication's frozen document model, as a dict."""
    for name in ("model", "document_model", "frozen_model", "content"):
        value = getattr(publication, name, None)
        if isinstance(value, str):
            value = json.loads(value)
        if isinstance(value, Mapping):
            return dict(value)
    raise ArchiveError("The publication has no frozen document model")


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _first(mapping: Mapping[str, Any], *names: str, default: Any = None) -> Any:
    for name in names:
        if mapping.get(name) not in (None, ""):
            return mapping[name]
    return default


def _kind_and_number(item: Mapping[str, Any], section_kind: str | None) -> tuple[QuestionKind, int]:
    kind = _first(item, "kind", default=section_kind)
    number = _first(item, "number")
    label = str(_first(item, "label", default=""))
    found = re.match(r"\s*(PQ|MQ)\s*(\d+)", label, re.IGNORECASE)
    if found and (kind is None or number is None):
        kind = kind or ("public" if found.group(1).upper() == "PQ" else "member")
        number = number or int(found.group(2))
    if kind is None or number is None:
        raise ArchiveError(f"A published item has no kind or number: {label or item!r}")
    return QuestionKind(str(kind)), int(number)


DOCUMENT_KINDS = {
    "agenda_supplement": "supplement",
    "supplement": "supplement",
    "minutes_appendix": "minutes",
    "minutes": "minutes",
}


def document_kind(publication: Any, model: Mapping[str, Any]) -> str:
    """'supplement' (before the meeting) or 'minutes' (after), however it is named."""
    document = model.get("document")
    candidates = [
        getattr(publication, "kind", None),
        getattr(publication, "document", None),
        document.get("kind") if isinstance(document, Mapping) else document,
    ]
    for candidate in candidates:
        value = getattr(candidate, "value", candidate)
        if isinstance(value, str) and value in DOCUMENT_KINDS:
            return DOCUMENT_KINDS[value]
    return "supplement"


def _put_how(value: Any) -> str | None:
    how = value.get("how") if isinstance(value, Mapping) else value
    return str(how)[:30] if how else None


def _text_of(html_or_text: str | None) -> str | None:
    return plain_text(clean_html(html_or_text)) if html_or_text else None


def items_from_model(model: Mapping[str, Any]) -> list[PublishedItem]:
    """Every question in a frozen document model, public and member (not those withdrawn,
    which the record lists by number only)."""
    sections = model.get("sections")
    if sections is None:
        sections = [{"items": model.get("items") or model.get("questions") or []}]
    items: list[PublishedItem] = []
    for section in sections:
        section_kind = section.get("kind")
        if section_kind not in ("public", "member"):
            section_kind = None
        for raw in section.get("items") or section.get("questions") or []:
            if raw.get("withdrawn"):
                continue
            kind, number = _kind_and_number(raw, section_kind)
            supplementary = raw.get("supplementary") or {}
            written = raw.get("written_answer") or {}
            question_to = str(_first(raw, "question_to", "asked_of", default=""))
            items.append(
                PublishedItem(
                    kind=kind,
                    number=number,
                    question_id=_first(raw, "question_id"),
                    questioner=str(_first(raw, "questioner", "from", default="")),
                    question_text=str(_first(raw, "question_text", "question", "text", default="")),
                    question_to=question_to,
                    answered_by=str(_first(raw, "answered_by", "answering_post", default=question_to)),
                    post_id=_first(raw, "post_id", "answering_post_id"),
                    answer_html=str(_first(raw, "response_html", "answer_html", "answer", default="")),
                    put_at_meeting=_put_how(_first(raw, "put", "put_at_meeting")),
                    supplementary_question=_first(supplementary, "question", "text")
                    or _text_of(_first(supplementary, "question_html")),
                    supplementary_answer_html=_first(supplementary, "answer_html", "response_html", "answer"),
                    supplementary_answered_by=_first(supplementary, "answered_by"),
                    written_answer_due_on=_date(_first(written, "due_on", "due")),
                    written_answer_sent_on=_date(_first(written, "sent_on", "sent")),
                    written_answer_html=_first(written, "html", "answer_html", "text"),
                )
            )
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
            )
            if part
        )
    )


def _post_ids_by_title(items: Iterable[PublishedItem]) -> dict[str, int]:
    titles = {i.answered_by for i in items if i.post_id is None and i.answered_by}
    if not titles:
        return {}
    return dict(db.session.execute(sa.select(Post.title, Post.id).where(Post.title.in_(titles))).all())


def index_publication(publication: PublicationLike) -> list[ArchiveEntry]:
    """Bring the archive up to date with a newly published version of a meeting's record."""
    model = frozen_model_of(publication)
    meeting = db.session.get(Meeting, publication.meeting_id)
    if meeting is None:
        raise ArchiveError(f"No meeting {publication.meeting_id}")
    version = int(getattr(publication, "version", None) or model.get("version") or 1)
    published_at = getattr(publication, "published_at", None) or utcnow()
    document = document_kind(publication, model)
    items = items_from_model(model)
    post_ids = _post_ids_by_title(items)
    existing = {
        (e.kind, e.number): e
        for e in db.session.scalars(
            sa.select(ArchiveEntry).where(ArchiveEntry.meeting_id == meeting.id).order_by(ArchiveEntry.id)
        )
    }
    keep: list[ArchiveEntry] = []
    for item in items:
        if item.post_id is None:
            item.post_id = post_ids.get(item.answered_by)
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


def latest_entries(committee: Committee | None = None, limit: int = 50) -> list[ArchiveEntry]:
    """Newest published first: what a feed of new answers shows."""
    stmt = sa.select(ArchiveEntry)
    if committee is not None:
        stmt = stmt.where(ArchiveEntry.committee_id == committee.id)
    stmt = stmt.order_by(
        ArchiveEntry.published_at.desc(),
        ArchiveEntry.meeting_id.desc(),
        ArchiveEntry.kind,
        ArchiveEntry.number,
    )
    return list(db.session.scalars(stmt.limit(limit)))


@dataclass
class MeetingSummary:
    meeting: Meeting
    accepted: int  # questions accepted onto the meeting's list
    published: int  # questions in the published record
    answered: int  # with a published answer
    owed: int  # written answers promised and not yet sent


def meeting_summaries(meetings: list[Meeting]) -> list[MeetingSummary]:
    """Counts of questions and answers for each meeting, in two queries."""
    from portal.domain.states import NUMBERED

    ids = [m.id for m in meetings]
    if not ids:
        return []
    accepted = dict(
        db.session.execute(
            sa.select(Question.meeting_id, sa.func.count())
            .where(Question.meeting_id.in_(ids), Question.status.in_(NUMBERED))
            .group_by(Question.meeting_id)
        ).all()
    )
    published = {
        row.meeting_id: row
        for row in db.session.execute(
            sa.select(
                ArchiveEntry.meeting_id,
                sa.func.count().label("published"),
                sa.func.sum(sa.case((ArchiveEntry.answer_text != "", 1), else_=0)).label("answered"),
                sa.func.sum(sa.case((ArchiveEntry.written_answer_owed.is_(True), 1), else_=0)).label("owed"),
            )
            .where(ArchiveEntry.meeting_id.in_(ids))
            .group_by(ArchiveEntry.meeting_id)
        )
    }
    summaries = []
    for meeting in meetings:
        row = published.get(meeting.id)
        summaries.append(
            MeetingSummary(
                meeting=meeting,
                accepted=max(int(accepted.get(meeting.id, 0)), int(row.published) if row else 0),
                published=int(row.published) if row else 0,
                answered=int(row.answered or 0) if row else 0,
                owed=int(row.owed or 0) if row else 0,
            )
        )
    return summaries


def committee_meetings(committee: Committee) -> list[Meeting]:
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.committee_id == committee.id)
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        )
    )


def upcoming_for_calendar(
    now: dt.datetime | None = None, committee: Committee | None = None, *, include_cancelled: bool = True
) -> list[Meeting]:
    now = now or utcnow()
    stmt = (
        sa.select(Meeting)
        .join(Committee)
        .where(Committee.is_active.is_(True), Meeting.starts_at >= now - dt.timedelta(hours=12))
    )
    if not include_cancelled:
        stmt = stmt.where(Meeting.status != MeetingStatus.CANCELLED)
    if committee is not None:
        stmt = stmt.where(Meeting.committee_id == committee.id)
    return list(db.session.scalars(stmt.order_by(Meeting.starts_at, Meeting.id)))


def meetings_for_feed(committee: Committee | None = None, *, since: dt.datetime) -> list[Meeting]:
    """Meetings for a calendar feed: the past year and everything ahead."""
    stmt = sa.select(Meeting).join(Committee).where(Committee.is_active.is_(True), Meeting.starts_at >= since)
    if committee is not None:
        stmt = stmt.where(Meeting.committee_id == committee.id)
    return list(db.session.scalars(stmt.order_by(Meeting.starts_at, Meeting.id)))


def active_committees() -> list[Committee]:
    return list(
        db.session.scalars(sa.select(Committee).where(Committee.is_active.is_(True)).order_by(Committee.name))
    )


def committee_by_slug(slug: str) -> Committee | None:
    from portal.domain.search import safe_term

    return db.session.scalar(
        sa.select(Committee).where(Committee.slug == safe_term(slug), Committee.is_active.is_(True))
    )


def answering_posts() -> list[Post]:
    """Posts that answer questions to an active committee: the search's post filter.
    (From the committees' posts, not the archive: that would read every entry.)"""
    from portal.models import CommitteePost

    linked = (
        sa.select(CommitteePost.post_id)
        .join(Committee, Committee.id == CommitteePost.committee_id)
        .where(Committee.is_active.is_(True))
    )
    return list(db.session.scalars(sa.select(Post).where(Post.id.in_(linked)).order_by(Post.title)))


def group_by_month(meetings: list[Meeting]) -> list[tuple[dt.date, list[Meeting]]]:
    """Meetings grouped by the London month they fall in, in order."""
    from portal.formatting import to_london

    months: dict[dt.date, list[Meeting]] = {}
    for meeting in meetings:
        local = to_london(meeting.starts_at)
        months.setdefault(dt.date(local.year, local.month, 1), []).append(meeting)
    return sorted(months.items())
