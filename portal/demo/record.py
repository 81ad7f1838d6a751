"""A meeting's published record, for demo data, tests and benchmarks.

Builds a frozen document model (the JSON of DESIGN §3: meeting, sections, items, with
the keys publishing freezes) from questions and their answers, and hands it to the
archive as a publication would be.
The real publishing verbs (portal/domain/publishing.py) do this with every check a
clerk needs; this keeps only the shape, so the archive can be shown and tested with
history that never went through a clerk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from markupsafe import escape

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


PUT_HOW = {"put": "put_by_questioner", "read_on_behalf": "read_on_behalf", "not_put": "not_put"}
PUT_LABELS = {
    "put_by_questioner": "Put by the questioner",
    "read_on_behalf": "Read out on the questioner's behalf",
    "not_put": "Not put",
}
DOCUMENT_KINDS = {"supplement": "agenda_supplement", "minutes": "minutes_appendix"}


def _day(value: dt.date | str | None) -> tuple[str | None, str | None]:
    if value is None:
        return None, None
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return day.isoformat(), f"{day.day} {day:%B %Y}"


def item_for(
    question: Question,
    *,
    answer_html: str | None = None,
    put: str | None = None,
    supplementary: dict[str, Any] | None = None,
    written_answer: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One question as the frozen model holds it (the keys of portal/documents/model.py's
    Item): only what the record prints."""
    answer = getattr(question, "answer", None)
    post = question.answering_post or question.asked_post
    item: dict[str, Any] = {
        "question_id": question.id,
        "reference": question.reference,
        "kind": question.kind.value,
        "number": question.number,
        "label": question.label,
        "anchor": f"{question.kind.prefix.lower()}-{question.number}",
        "questioner": question.public_display,
        "question_text": question.text_for_publication,
        "question_to": post.title if post else "",
        "response_html": answer_html if answer_html is not None else (answer.body_html if answer else ""),
        "withdrawn": False,
        "put": None,
        "supplementary": None,
        "written_answer": None,
        "actions": [],
        "noted_comments": [],
    }
    if put:
        how = PUT_HOW.get(put, put)
        item["put"] = {"how": how, "label": PUT_LABELS.get(how), "read_by": None}
    if supplementary:
        answered_by = supplementary.get("answered_by") or ""
        item["supplementary"] = {
            "question_html": f"<p>{escape(supplementary.get('question') or '')}</p>",
            "answered_by": answered_by,
            "label": f"Response to supplementary question ({answered_by}):",
            "answer_html": supplementary.get("answer_html") or "",
        }
    if written_answer:
        due_on, due_text = _day(written_answer.get("due_on"))
        sent_on, sent_text = _day(written_answer.get("sent_on"))
        item["written_answer"] = {
            "promised": True,
            "due_on": due_on,
            "due_text": due_text,
            "sent_on": sent_on,
            "sent_text": sent_text,
            "label": f"Written response sent on {sent_text}:"
            if sent_on
            else f"Written response to follow (due by {due_text})",
            "html": written_answer.get("html") or "",
        }
    return item


def frozen_model(
    meeting: Meeting, items: list[dict[str, Any]], *, document: str, version: int, published_at: dt.datetime
) -> dict:
    sections = []
    for kind, heading in (
        (QuestionKind.PUBLIC, "Questions from members of the public"),
        (QuestionKind.MEMBER, "Questions from members of the council"),
    ):
        section_items = sorted((i for i in items if i["kind"] == kind.value), key=lambda i: i["number"])
        sections.append(
            {
                "kind": kind.value,
                "agenda_item": None,
                "heading": heading,
                "empty_text": "There were no questions.",
                "items": section_items,
            }
        )
    return {
        "schema": "council-questions-record/1",
        "committee": {
            "name": meeting.committee.name,
            "slug": meeting.committee.slug,
            "layout": meeting.committee.layout.value,
        },
        "meeting": {
            "id": meeting.id,
            "title": meeting.title,
            "path": f"/meetings/{meeting.id}",
            "starts_at": meeting.starts_at.isoformat(),
            "venue": meeting.venue,
        },
        "document": {
            "kind": DOCUMENT_KINDS.get(document, document),
            "version": version,
            "published_at": published_at.isoformat(),
            "path": f"/meetings/{meeting.id}/questions/v{version}",
            "latest_path": f"/meetings/{meeting.id}/questions",
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

    published_at = published_at or utcnow()
    publication = RecordPublication(
        meeting_id=meeting.id,
        version=version,
        published_at=published_at,
        document=document,
        model=frozen_model(meeting, items, document=document, version=version, published_at=published_at),
    )
    index_publication(publication)
    if alerts:
        queue_alerts_for_publication(publication)
    return publication
