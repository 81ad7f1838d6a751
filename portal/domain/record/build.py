"""Build the document model of a meeting's questions and answers from the database.

The model (portal/domain/record/documents/model.py) is everything every format needs, and nothing
that depends on who is looking or when: publishing freezes it, and the renderers
never touch the database.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import sqlalchemy as sa
from flask import current_app

from portal.domain.meetings import procedure, webcast
from portal.domain.numbers import anchor_for
from portal.domain.record import languages
from portal.domain.record.documents import model as schema
from portal.domain.sanitise import clean_html
from portal.domain.states import NUMBERED, QuestionKind, QuestionStatus
from portal.extensions import db
from portal.formatting import format_date, format_datetime, format_time, to_london
from portal.models import (
    AnswerStatus,
    Arrival,
    DocumentKind,
    Layout,
    Meeting,
    OnBehalfStyle,
    Publication,
    PublicationFile,
    PutOutcome,
    Question,
    QuestionerStyle,
    User,
)

S = QuestionStatus

SECTION_TITLES = {
    QuestionKind.PUBLIC: "Questions from members of the public",
    QuestionKind.MEMBER: "Questions from members of the Council",
}
EMPTY_SECTION_TEXT = {
    QuestionKind.PUBLIC: "There were no questions received from members of the public.",
    QuestionKind.MEMBER: "There were no questions received from Councillors.",
}


# A past meeting's record that promised a written answer and gave no date says so in
# these words; the record prints them as the council did.
UNDATED_PROMISE = "A written response will be provided."


def section_heading(kind: QuestionKind, agenda_item: str | None) -> str:
    """'Agenda item no. 3 - Questions from members of the public', as the minutes put it."""
    title = SECTION_TITLES[kind]
    return f"Agenda item no. {agenda_item} - {title}" if agenda_item else title


def document_title(meeting: Meeting, kind: DocumentKind) -> str:
    date_text = format_date(meeting.starts_at)
    return f"Questions and answers – {meeting.committee.name}, {date_text} ({kind.label.lower()})"


def record_path(meeting: Meeting, version: int | None = None) -> str:
    base = f"/meetings/{meeting.id}/questions"
    return base if version is None else f"{base}/v{version}"


# Which questions are in the record ------------------------------------------------------


def published_question_ids(meeting: Meeting) -> set[int]:
    """Every question that has appeared in any published version of the meeting's record."""
    ids: set[int] = set()
    for publication in publications_of(meeting):
        for section in publication.model["sections"]:
            ids.update(item["question_id"] for item in section["items"])
    return ids


def publications_of(meeting: Meeting) -> list[Publication]:
    return list(
        db.session.scalars(
            sa.select(Publication).where(Publication.meeting_id == meeting.id).order_by(Publication.version)
        )
    )


def minutes_published(meeting: Meeting) -> bool:
    """Whether any version of the meeting's minutes appendix has been published."""
    found = db.session.scalar(
        sa.select(Publication.id)
        .where(Publication.meeting_id == meeting.id, Publication.kind == DocumentKind.MINUTES_APPENDIX)
        .limit(1)
    )
    return found is not None


def file_sizes(publication: Publication) -> dict[str, int]:
    """The size in bytes of each of a published version's files, by format (without
    loading the files themselves)."""
    rows = db.session.execute(
        sa.select(PublicationFile.format, PublicationFile.size).where(
            PublicationFile.publication_id == publication.id
        )
    )
    return {fmt: size for fmt, size in rows}


def record_questions(meeting: Meeting, *, include_withdrawn_ids: set[int] | None = None) -> list[Question]:
    """The numbered questions of the meeting, public first, in number order. Questions
    withdrawn after they were published keep their place (numbers never change)."""
    withdrawn_ids = (
        include_withdrawn_ids if include_withdrawn_ids is not None else published_question_ids(meeting)
    )
    query = (
        sa.select(Question)
        .where(Question.meeting_id == meeting.id, Question.number.is_not(None))
        .where(
            sa.or_(
                Question.status.in_(NUMBERED),
                sa.and_(Question.status == S.WITHDRAWN, Question.id.in_(withdrawn_ids or {-1})),
            )
        )
        # "public" sorts after "member", so descending puts public questions first.
        .order_by(Question.kind.desc(), Question.number, Question.id)
        # Everything the record and the publishing page read of each question, in a
        # fixed number of queries however many questions there are.
        .options(
            sa.orm.selectinload(Question.answer),
            sa.orm.selectinload(Question.outcome),
            sa.orm.selectinload(Question.answering_post),
            sa.orm.selectinload(Question.translations),  # type: ignore[attr-defined]
        )
    )
    return list(db.session.scalars(query))


def shows_section(meeting: Meeting, kind: QuestionKind, questions: list[Question]) -> bool:
    if any(q.kind is kind for q in questions):
        return True
    if meeting.entered_after_event_at is not None:
        # The record shows the sections it has: one with an agenda item, even if empty.
        item = meeting.public_questions_item if kind is QuestionKind.PUBLIC else meeting.member_questions_item
        return bool(item)
    committee = meeting.committee
    if kind is QuestionKind.PUBLIC:
        return committee.takes_public_questions and meeting.takes_public_questions
    return committee.takes_member_questions


# Questioners ---------------------------------------------------------------------------


def display_name(question: Question, style: QuestionerStyle, *, with_place: bool = True) -> str:
    """The questioner as the committee's procedure shows them: "Ms Currie, Hereford",
    "Mr James Smith", "James Smith", "Jo Bloggs of Castle ward"; a councillor as "Cllr
    First Last, Ward"; exactly "Name and address supplied" for anyone not to be named.
    Without `with_place`, no town, locality or ward: "Ms Currie", "Cllr First Last"."""
    if not question.publish_name and question.kind is not QuestionKind.MEMBER:
        return question.public_display
    full = " ".join(p for p in (question.first_name, question.last_name) if p)
    if question.kind is QuestionKind.MEMBER:
        return question.public_display if with_place else f"Cllr {full}"
    if style is QuestionerStyle.FULL_NAME_WITH_TITLE:
        return f"{question.title} {full}" if question.title else full
    if style is QuestionerStyle.FULL_NAME:
        return full
    if style is QuestionerStyle.NAME_AND_LOCALITY:
        return f"{full} of {question.town}" if question.town and with_place else full
    if not with_place:
        return f"{question.title} {question.last_name}" if question.title else full
    return question.public_display


def questioner_name(
    question: Question,
    layout: Layout | None = None,
    style: QuestionerStyle | None = None,
    on_behalf: OnBehalfStyle | None = None,
) -> str:
    """How the questioner is shown in everything public (DESIGN §2), by the procedure of
    the question's meeting (`display_name`), with "(on behalf of ...)", or, where the
    procedure says, "Ms Currie on behalf of Hereford Civic Society" (no brackets, and no
    town: an organisation needs none). For anyone who asked not to be named, exactly
    "Name and address supplied", whose "on behalf of" is then left out too, since it
    could name them. (`layout` is kept for callers.)"""
    if style is None or on_behalf is None:
        rules = procedure.effective(question.meeting)
        style, on_behalf = style or rules.questioner_style, on_behalf or rules.on_behalf_style
    behalf = (question.on_behalf_of or "").strip()
    if behalf and question.publish_name:
        if on_behalf is OnBehalfStyle.PLAIN:
            return f"{display_name(question, style, with_place=False)} on behalf of {behalf}"
        return f"{display_name(question, style)} (on behalf of {behalf})"
    return display_name(question, style)


def questioner_at_meeting(
    question: Question,
    layout: Layout | None = None,
    style: QuestionerStyle | None = None,
    on_behalf: OnBehalfStyle | None = None,
) -> str:
    """The questioner, and who read the question out for them: "Chair (on behalf of Ms
    Gallagher, Hereford)". Someone not named stays exactly "Name and address supplied";
    the record says separately who read their question out (the model's `put.read_by`)."""
    name = questioner_name(question, layout, style, on_behalf)
    outcome = question.outcome
    if not question.publish_name and question.kind is QuestionKind.PUBLIC:
        return name
    if outcome is not None and outcome.put is PutOutcome.READ_ON_BEHALF and outcome.read_by:
        return f"{outcome.read_by} (on behalf of {name})"
    return name


# The model ---------------------------------------------------------------------------


_TABLE_ROW = re.compile(r"<tr>(.*?)</tr>", re.DOTALL)
_BARE_TH = re.compile(r"<th(?=[\s>])(?![^>]*\bscope=)")


def with_header_scopes(html: str) -> str:
    """Tables in answers with `scope` on every header cell: a row of headers labels the
    columns; a header at the start of a row labels that row."""
    if "<th" not in html:
        return html

    def fix(row: re.Match[str]) -> str:
        cells = re.findall(r"<(th|td)(?=[\s>])", row.group(1))
        inner = row.group(1)
        if cells and all(cell == "th" for cell in cells):
            inner = _BARE_TH.sub('<th scope="col"', inner)
        elif cells and cells[0] == "th":
            inner = _BARE_TH.sub('<th scope="row"', inner, count=1)
        return f"<tr>{inner}</tr>"

    return clean_html(_TABLE_ROW.sub(fix, html))


def _date_iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date_text(value: dt.date | None) -> str | None:
    return format_date(value, weekday=False) if value else None


def _utc_iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def _response_html(question: Question) -> str:
    if question.entered_after_event:
        return with_header_scopes(question.recorded_response_html)
    answer = getattr(question, "answer", None)
    if answer is not None and answer.status is AnswerStatus.APPROVED:
        return with_header_scopes(answer.body_html)
    return ""


def _arrival(arrival: Arrival | None) -> schema.ArrivalModel | None:
    return {"how": arrival.value, "label": arrival.label} if arrival is not None else None


def question_to(question: Question) -> str:
    """ "Question to" as the record prints it: what the clerk recorded ("Councillor A B,
    Cabinet Member for Resources"), else the post's title, else nothing."""
    if question.question_to_text:
        return question.question_to_text
    post = question.answering_post or question.asked_post
    return post.title if post is not None else ""


def response_label(answered_by: str) -> str:
    """ "Response:", or "Response (Director for Children and Young People):" when the
    record names who gave it."""
    return f"Response ({answered_by}):" if answered_by else "Response:"


def _entered(at: dt.datetime | None, by: User | None) -> schema.EnteredMark | None:
    if at is None:
        return None
    name = by.name if by is not None else ""
    day = format_date(at, weekday=False)
    text = f"Entered after the meeting by {name} on {day}" if name else f"Entered after the meeting on {day}"
    return {"by": name, "on": to_london(at).date().isoformat(), "text": text}


def _supplementary(
    question: Question, layout: Layout, prints_arrival: bool = True
) -> schema.Supplementary | None:
    outcome = question.outcome
    if outcome is None or not (outcome.supplementary_html or outcome.supplementary_answer_html):
        return None
    answered_by = outcome.supplementary_answered_by
    if layout is Layout.LABELLED:
        label = "Supplementary response"
    elif layout is Layout.REPORTED:
        label = response_label(answered_by)
    elif answered_by:
        label = f"Response to supplementary question ({answered_by}):"
    else:
        label = "Response to supplementary question:"
    return {
        "question_html": with_header_scopes(outcome.supplementary_html),
        "answered_by": answered_by,
        "label": label,
        "answer_html": with_header_scopes(outcome.supplementary_answer_html),
        "arrival": _arrival(outcome.supplementary_arrival) if prints_arrival else None,
    }


def _written_answer(question: Question) -> schema.WrittenAnswer | None:
    outcome = question.outcome
    if outcome is None or not outcome.written_answer_promised:
        return None
    sent, due = outcome.written_answer_sent_on, outcome.written_answer_due_on
    if sent is not None:
        label = f"Written response sent on {format_date(sent, weekday=False)}:"
    elif outcome.written_answer_undated:
        label = UNDATED_PROMISE
    else:
        label = f"Written response to follow, due by {format_date(due, weekday=False)}" if due else ""
    return {
        "undated": bool(outcome.written_answer_undated),
        "promised": True,
        "due_on": _date_iso(due),
        "due_text": _date_text(due),
        "sent_on": _date_iso(sent),
        "sent_text": _date_text(sent),
        "label": label,
        "html": with_header_scopes(outcome.written_answer_html) if sent is not None else "",
    }


def _put(question: Question) -> schema.Put:
    outcome = question.outcome
    put = outcome.put if outcome is not None else None
    return {
        "how": put.value if put else None,
        "label": put.label if put else None,
        "read_by": (outcome.read_by or None)
        if outcome is not None and put is PutOutcome.READ_ON_BEHALF
        else None,
    }


def build_item(
    question: Question,
    layout: Layout,
    kind: DocumentKind,
    rules: procedure.Procedure | None = None,
) -> schema.Item:
    appendix = kind is DocumentKind.MINUTES_APPENDIX
    withdrawn = question.status is S.WITHDRAWN
    meeting = question.meeting
    rules = rules or procedure.effective(meeting)
    public = question.kind is QuestionKind.PUBLIC
    agenda_item = meeting.public_questions_item if public else meeting.member_questions_item
    label = procedure.number_label(rules, question.kind, question.number or 0, agenda_item)
    style = rules.questioner_style
    item: schema.Item = {
        "question_id": question.id,
        "reference": question.reference,
        "kind": question.kind.value,
        "number": question.number or 0,
        "label": label,
        "anchor": anchor_for(question, label),
        "questioner": questioner_at_meeting(question, layout, style, rules.on_behalf_style)
        if appendix
        else questioner_name(question, layout, style, rules.on_behalf_style),
        "question_text": "" if withdrawn else question.text_for_publication,
        "question_to": question_to(question),
        "arrival": _arrival(question.arrival) if rules.prints_arrival else None,
        "response_html": "" if withdrawn else _response_html(question),
        "answered_by": question.answered_by,
        "response_label": response_label(question.answered_by),
        "entered_after_event": _entered(question.entered_after_event_at, question.entered_after_event_by),
        "withdrawn": withdrawn,
        "put": None,
        "supplementary": None,
        "follow_ups": [],
        "written_answer": None,
        "actions": [],
        "noted_comments": [],
        "webcast": None,
    }
    if appendix and not withdrawn:
        item["put"] = _put(question)
        item["supplementary"] = _supplementary(question, layout, rules.prints_arrival)
        item["follow_ups"] = [
            {
                "asked_by": f.asked_by,
                "question_html": with_header_scopes(f.question_html),
                "answered_by": f.answered_by,
                "answer_html": with_header_scopes(f.answer_html),
            }
            for f in getattr(question, "follow_ups", [])
        ]
        item["written_answer"] = _written_answer(question)
        item["actions"] = [
            {"letter": action.letter, "html": action.text_html, "owner": action.owner}
            for action in question.actions
        ]
        item["noted_comments"] = [
            {"heading": comment.heading, "html": with_header_scopes(comment.body_html)}
            for comment in question.noted_comments
        ]
        item["webcast"] = _webcast(question)
    languages.add_languages(item, question, rules.record_languages.languages, layout.value)  # type: ignore[arg-type]
    return item


def _webcast(question: Question) -> schema.Webcast | None:
    """Where the exchange begins in the meeting's webcast, as links to those moments."""
    outcome = question.outcome
    url = question.meeting.webcast_url
    if outcome is None or not url:
        return None

    def moment(seconds: int | None) -> schema.Moment | None:
        link = webcast.moment_url(url, seconds)
        if seconds is None or link is None:
            return None
        return {"seconds": seconds, "text": webcast.format_offset(seconds), "url": link}

    question_moment = moment(outcome.webcast_question_at)
    supplementary_moment = moment(outcome.webcast_supplementary_at) if outcome.supplementary_html else None
    if question_moment is None and supplementary_moment is None:
        return None
    return {"question": question_moment, "supplementary": supplementary_moment}


def _history(meeting: Meeting, current: schema.VersionNote) -> list[schema.VersionNote]:
    earlier = [
        {
            "version": p.version,
            "kind": p.kind.value,
            "kind_label": p.kind.label,
            "published_at": _utc_iso(p.published_at),
            "published_text": format_datetime(p.published_at, weekday=False),
            "change_note": p.change_note,
        }
        for p in publications_of(meeting)
        if p.version < current["version"]
    ]
    return [*earlier, current]


def build_model(
    meeting: Meeting,
    kind: DocumentKind,
    *,
    version: int,
    published_at: dt.datetime,
    change_note: str | None,
    preview: bool = False,
    questions: list[Question] | None = None,
) -> dict[str, Any]:
    """The document model of `meeting`'s record as it stands now (see documents/model.py)."""
    config = current_app.config
    committee = meeting.committee
    rules = procedure.effective(meeting)
    layout = rules.layout
    record_languages = rules.record_languages.languages
    questions = record_questions(meeting) if questions is None else questions
    local_start = to_london(meeting.starts_at)
    current_note: schema.VersionNote = {
        "version": version,
        "kind": kind.value,
        "kind_label": kind.label,
        "published_at": _utc_iso(published_at),
        "published_text": format_datetime(published_at, weekday=False),
        "change_note": change_note,
    }
    appendix = kind is DocumentKind.MINUTES_APPENDIX
    sections: list[schema.Section] = []
    for question_kind in (QuestionKind.PUBLIC, QuestionKind.MEMBER):
        if not shows_section(meeting, question_kind, questions):
            continue
        agenda_item = (
            meeting.public_questions_item
            if question_kind is QuestionKind.PUBLIC
            else meeting.member_questions_item
        )
        own_heading = (
            meeting.public_questions_heading
            if question_kind is QuestionKind.PUBLIC
            else meeting.member_questions_heading
        )
        sections.append(
            {
                "localised": {
                    language: languages.localised_section(question_kind, agenda_item, own_heading, language)
                    for language in record_languages
                    if language != "en"
                },
                "kind": question_kind.value,
                "agenda_item": agenda_item,
                "heading": (
                    meeting.public_questions_heading
                    if question_kind is QuestionKind.PUBLIC
                    else meeting.member_questions_heading
                )
                or section_heading(question_kind, agenda_item),
                "empty_text": EMPTY_SECTION_TEXT[question_kind],
                # Minutes are numbered once the meeting is minuted: only the appendix has one.
                "minute": (
                    (
                        meeting.public_questions_minute
                        if question_kind is QuestionKind.PUBLIC
                        else meeting.member_questions_minute
                    )
                    if appendix
                    else None
                ),
                "items": [build_item(q, layout, kind, rules) for q in questions if q.kind is question_kind],
            }
        )
    model: dict[str, Any] = {
        "schema": schema.SCHEMA_ID,
        "council": {
            "name": config["COUNCIL_NAME"],
            "url": config["COUNCIL_URL"],
            "address": config["COUNCIL_ADDRESS"],
            "phone": config["COUNCIL_PHONE"],
            "email": config["COUNCIL_EMAIL"],
        },
        "committee": {"name": committee.name, "slug": committee.slug, "layout": layout.value},
        "meeting": {
            "id": meeting.id,
            "title": meeting.title,
            "path": f"/meetings/{meeting.id}",
            "starts_at": _utc_iso(meeting.starts_at),
            "date_text": format_date(local_start),
            "time_text": format_time(local_start),
            "venue": meeting.venue,
            "contact": {
                "name": meeting.contact_name,
                "email": meeting.contact_email,
                "phone": meeting.contact_phone,
            },
            "agenda_items": {
                "public": meeting.public_questions_item,
                "member": meeting.member_questions_item,
            },
            "entered_after_event": _entered(meeting.entered_after_event_at, meeting.entered_after_event_by),
            "actual": {
                "started_at": _utc_iso(meeting.actual_started_at) if appendix else None,
                "ended_at": _utc_iso(meeting.actual_ended_at) if appendix else None,
                "started_text": format_time(meeting.actual_started_at)
                if appendix and meeting.actual_started_at
                else None,
                "ended_text": format_time(meeting.actual_ended_at)
                if appendix and meeting.actual_ended_at
                else None,
            },
        },
        "document": {
            "kind": kind.value,
            "kind_label": kind.label,
            "title": document_title(meeting, kind),
            "version": version,
            "published_at": current_note["published_at"],
            "published_text": current_note["published_text"],
            "change_note": change_note,
            "path": record_path(meeting, version),
            "latest_path": record_path(meeting),
            "preview": preview,
            "history": _history(meeting, current_note),
            "languages": list(record_languages),
            "arrangement": languages.arrangement(rules.record_languages),  # type: ignore[typeddict-item]
            "localised": {
                language: languages.localised_document(meeting, kind, published_at, language)
                for language in record_languages
                if language != "en"
            },
        },
        "sections": sections,
    }
    notes = {entry["version"]: entry["change_note"] for entry in model["document"]["history"]}
    for language, localised in model["document"]["localised"].items():
        localised["dates"] = languages.localised_dates(model, language)
        localised["held_text"] = languages.held_text(meeting, language) if appendix else None
        localised["change_notes"] = languages.change_notes_in(notes, language)
    schema.validate(model)
    return model
