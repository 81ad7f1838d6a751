"""The open data API's JSON: only what is already public, with stable ids."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import url_for

from portal.domain.entities import ArchiveEntry, Committee, Meeting


def iso(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def committee_ref(committee: Committee) -> dict[str, Any]:
    return {"id": committee.id, "slug": committee.slug, "name": committee.name}


def committee_json(committee: Committee) -> dict[str, Any]:
    return {
        **committee_ref(committee),
        "kind": committee.kind.value,
        "description": committee.description,
        "takes_public_questions": committee.takes_public_questions,
        "takes_member_questions": committee.takes_member_questions,
        "links": {
            "self": url_for("api.committee", slug=committee.slug, _external=True),
            "html": url_for("public.committee", slug=committee.slug, _external=True),
            "meetings": url_for("api.meetings", committee=committee.slug, _external=True),
            "questions": url_for("api.questions", committee=committee.slug, _external=True),
            "atom": url_for("archive.committee_feed", slug=committee.slug, _external=True),
            "ics": url_for("archive.committee_calendar_ics", slug=committee.slug, _external=True),
        },
    }


def meeting_json(meeting: Meeting, published: int) -> dict[str, Any]:
    takes_questions = meeting.takes_public_questions and meeting.committee.takes_public_questions
    record = url_for("public.home", _external=True).rstrip("/") + f"/meetings/{meeting.id}/questions"
    return {
        "id": meeting.id,
        "committee": committee_ref(meeting.committee),
        "title": meeting.title,
        "starts_at": iso(meeting.starts_at),
        "venue": meeting.venue,
        "status": meeting.status.value,
        "takes_public_questions": takes_questions,
        "question_deadline_at": iso(meeting.question_deadline_at) if takes_questions else None,
        "questions_published": published,
        "links": {
            "self": url_for("api.meeting", meeting_id=meeting.id, _external=True),
            "html": url_for("public.meeting", meeting_id=meeting.id, _external=True),
            "questions": url_for("api.questions", meeting=meeting.id, _external=True),
            "record": record if published else None,
        },
    }


def question_json(entry: ArchiveEntry) -> dict[str, Any]:
    supplementary = None
    if entry.supplementary_question or entry.supplementary_answer_html:
        supplementary = {
            "question": entry.supplementary_question,
            "answer_html": entry.supplementary_answer_html,
            "answered_by": entry.supplementary_answered_by,
        }
    written = None
    if entry.written_answer_due_on or entry.written_answer_sent_on or entry.written_answer_html:
        written = {
            "due_on": iso(entry.written_answer_due_on),
            "sent_on": iso(entry.written_answer_sent_on),
            "html": entry.written_answer_html,
            "owed": entry.written_answer_owed,
        }
    base = url_for("public.home", _external=True).rstrip("/")
    return {
        "id": entry.id,
        "label": f"{entry.kind.prefix} {entry.number}",
        # Records imported from the council's earlier minutes, with the number they printed.
        "imported": entry.imported,
        "printed_number": entry.number_label if entry.imported else None,
        "kind": entry.kind.value,
        "number": entry.number,
        "committee": committee_ref(entry.committee),
        "meeting": {
            "id": entry.meeting_id,
            "starts_at": iso(entry.meeting_starts_at),
            "url": url_for("api.meeting", meeting_id=entry.meeting_id, _external=True),
        },
        "questioner": entry.questioner,
        "question_to": entry.question_to or None,
        "question": entry.question_text,
        "answer": {
            "answered_by": entry.answered_by or None,
            "html": entry.answer_html,
            "text": entry.answer_text,
        }
        if entry.answer_html
        else None,
        "put_at_meeting": entry.put_at_meeting,
        "supplementary": supplementary,
        "written_answer": written,
        "document": entry.document,
        "version": entry.version,
        "first_published_at": iso(entry.first_published_at),
        "published_at": iso(entry.published_at),
        "links": {
            "self": url_for("api.question", entry_id=entry.id, _external=True),
            "html": f"{base}/meetings/{entry.meeting_id}/questions#{entry.anchor}",
        },
    }
