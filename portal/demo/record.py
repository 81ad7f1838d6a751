"""A meeting's published record, for demo data, tests and benchmarks.

Builds a frozen document model (the JSON of DESIGN §3: meeting, sections, items) from
questions and their answers, and hands it to the archive as a publication would be.
The real publishing verbs (portal/domain/publishing.py) do this with every check a
clerk needs; this keeps only the shape, so the archive can be shown and tested with
history that never went through a clerk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from portal.domain.archive import index_publication
from portal.domain.states import QuestionKind
from portal.models import Meeting, Question, utcnow


@dataclass
class RecordPublication:
    """What a publication gives the archive: meeting, version, time, frozen model."""

    meeting_id: int
    version: int
    published_at: dt.datetime
    document: str
    model: dict[str, Any] = field(default_factory=dict)


def item_for(
    question: Question,
    *,
    answer_html: str | None = None,
    put: str | None = None,
    supplementary: dict[str, Any] | None = None,
    written_answer: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One question as the frozen model holds it: only what the record prints."""
    answer = getattr(question, "answer", None)
    post = question.answering_post or question.asked_post
    item: dict[str, Any] = {
        "question_id": question.id,
        "kind": question.kind.value,
        "number": question.number,
        "label": question.label,
        "anchor": f"{question.kind.prefix.lower()}-{question.number}",
        "questioner": question.public_display,
        "question": question.text_for_publication,
        "question_to": question.asked_post.title if question.asked_post else (post.title if post else ""),
        "answered_by": post.title if post else "",
        "post_id": post.id if post else None,
        "answer_html": answer_html if answer_html is not None else (answer.body_html if answer else ""),
    }
    if put:
        item["put"] = put
    if supplementary:
        item["supplementary"] = supplementary
    if written_answer:
        item["written_answer"] = {
            key: value.isoformat() if isinstance(value, dt.date) else value
            for key, value in written_answer.items()
        }
    return item


def frozen_model(meeting: Meeting, items: list[dict[str, Any]], *, document: str, version: int) -> dict:
    sections = []
    for kind, heading in (
        (QuestionKind.PUBLIC, "Questions from members of the public"),
        (QuestionKind.MEMBER, "Questions from members of the council"),
    ):
        section_items = sorted((i for i in items if i["kind"] == kind.value), key=lambda i: i["number"])
        sections.append({"kind": kind.value, "heading": heading, "items": section_items})
    return {
        "schema": 1,
        "document": document,
        "version": version,
        "meeting": {
            "id": meeting.id,
            "committee": {
                "id": meeting.committee.id,
                "slug": meeting.committee.slug,
                "name": meeting.committee.name,
            },
            "starts_at": meeting.starts_at.isoformat(),
            "venue": meeting.venue,
        },
        "sections": sections,
    }


def publish_record(
    meeting: Meeting,
    items: list[dict[str, Any]],
    *,
    document: str = "supplement",
    version: int = 1,
    published_at: dt.datetime | None = None,
    alerts: bool = True,
) -> RecordPublication:
    """File a version of the meeting's record with the archive, and alert subscribers."""
    from portal.domain.alerts import queue_alerts_for_publication

    publication = RecordPublication(
        meeting_id=meeting.id,
        version=version,
        published_at=published_at or utcnow(),
        document=document,
        model=frozen_model(meeting, items, document=document, version=version),
    )
    index_publication(publication)
    if alerts:
        queue_alerts_for_publication(publication)
    return publication
