"""The published record in Welsh and English: what the document model holds so that every
format can show each text in the reader's language.

Publishing follows the meeting's procedure (`Procedure.record_languages`): English, Welsh,
or both, side by side or one after the other. The model then carries, for each item, the
language of each text and the council's translation of it, and for the document and each
section their own words in Welsh, taken from the Welsh catalogue as the version is
published, so the frozen model renders the same years later without the catalogue.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.config import council_words
from portal.domain.record.documents import model as schema
from portal.domain.record.translations import original_language, translations_of
from portal.formatting import format_date, format_datetime, format_time, to_london
from portal.models import DocumentKind, Meeting, Question, RecordLanguages, TextPart
from portal.models.statuses import QuestionKind

# The model's field for each text a clerk can translate.
FIELDS: dict[TextPart, str] = {
    TextPart.QUESTION: "question_text",
    TextPart.ANSWER: "response_html",
    TextPart.SUPPLEMENTARY_QUESTION: "supplementary.question_html",
    TextPart.SUPPLEMENTARY_ANSWER: "supplementary.answer_html",
}


def arrangement(languages: RecordLanguages) -> str:
    if languages is RecordLanguages.SIDE_BY_SIDE:
        return "side_by_side"
    if languages is RecordLanguages.ONE_AFTER_OTHER:
        return "one_after_other"
    return "single"


def labels() -> dict[str, str]:
    """The words the documents print around the texts, in the current locale."""
    return {
        "Questions and answers": _("Questions and answers"),
        "Question Number": _("Question Number"),
        "Questioner": _("Questioner"),
        "Question": _("Question"),
        "Question to": _("Question to"),
        "Question to:": _("Question to:"),
        "to": _("to"),
        "who asked, the question and who it was put to": _("who asked, the question and who it was put to"),
        "From:": _("From:"),
        "Q:": _("Q:"),
        "Response": _("Response"),
        "Supplementary Question:": _("Supplementary Question:"),
        "Supplementary question": _("Supplementary question"),
        "Supplementary response": _("Supplementary response"),
        "Supplementary question at the meeting": _("Supplementary question at the meeting"),
        "This question was withdrawn by the questioner.": _("This question was withdrawn by the questioner."),
        "Meeting": _("Meeting"),
        "Date": _("Date"),
        "Time": _("Time"),
        "Place": _("Place"),
        "Document": _("Document"),
        "Published": _("Published"),
        "Held": _("Held"),
        "Record": _("Record"),
        "What changed": _("What changed"),
        "version": _("version"),
        "Contents": _("Contents"),
        "In English": _("In English"),
        "In Welsh": _("In Welsh"),
        "Questions put to the committee, with the council's answers.": _(
            "Questions put to the committee, with the council's answers."
        ),
        # How a question arrived and how it was put (Arrival and PutOutcome in the model).
        "Minute %(minute)s": _("Minute %(minute)s"),
        "A written response will be provided.": _("A written response will be provided."),
        "Received by e-mail": _("Received by e-mail"),
        "Delivered verbally at the meeting": _("Delivered verbally at the meeting"),
        "Read out on their behalf": _("Read out on their behalf"),
        "Written question": _("Written question"),
        "Not put at the meeting.": _("Not put at the meeting."),
        "Read out at the meeting by %(name)s.": _("Read out at the meeting by %(name)s."),
        "Watch %(label)s in the webcast, from %(time)s": _("Watch %(label)s in the webcast, from %(time)s"),
        "Watch the supplementary question in the webcast, from %(time)s": _(
            "Watch the supplementary question in the webcast, from %(time)s"
        ),
        # Who answered: the name is the record's own (English), marked so.
        "Response:": _("Response:"),
        "Response (%(answered_by)s):": _("Response (%(answered_by)s):"),
        "Response to supplementary question:": _("Response to supplementary question:"),
        "Response to supplementary question (%(answered_by)s):": _(
            "Response to supplementary question (%(answered_by)s):"
        ),
        "Follow-up question": _("Follow-up question"),
        "Follow-up response": _("Follow-up response"),
        "Follow-up question (%(asked_by)s):": _("Follow-up question (%(asked_by)s):"),
        "Written response sent on %(date)s:": _("Written response sent on %(date)s:"),
        "Written response to follow": _("Written response to follow"),
        "A written response was promised at the meeting. It is due by %(date)s.": _(
            "A written response was promised at the meeting. It is due by %(date)s."
        ),
        "ACTION:": _("ACTION:"),
        "Owner: %(owner)s": _("Owner: %(owner)s"),
        "Entered after the meeting by %(name)s on %(date)s.": _(
            "Entered after the meeting by %(name)s on %(date)s."
        ),
        "Entered after the meeting on %(date)s.": _("Entered after the meeting on %(date)s."),
        "Entered after the meeting by %(name)s on %(date)s, from the council's record of the meeting.": _(
            "Entered after the meeting by %(name)s on %(date)s, from the council's record of the meeting."
        ),
        "Entered after the meeting on %(date)s, from the council's record of the meeting.": _(
            "Entered after the meeting on %(date)s, from the council's record of the meeting."
        ),
        # The list of versions, and the PDF's and Word file's page furniture.
        "Agenda supplement": _("Agenda supplement"),
        "Minutes appendix": _("Minutes appendix"),
        "Versions": _("Versions"),
        "Versions of this record (%(count)s)": _("Versions of this record (%(count)s)"),
        "Each version is kept exactly as it was published.": _(
            "Each version is kept exactly as it was published."
        ),
        # In Welsh the link sits inside the sentence: "Gallwch weld %(link)s ...".
        "%(link)s is always at the same address.": _("%(link)s is always at the same address."),
        "The latest version": _("The latest version"),
        "Versions published": _("Versions published"),
        "Version": _("Version"),
        "(this version)": _("(this version)"),
        "First published": _("First published"),
        "first published": _("first published"),
        "Version %(version)s, %(kind)s, published %(published)s: %(change)s": _(
            "Version %(version)s, %(kind)s, published %(published)s: %(change)s"
        ),
        "Checksum of this version's data (SHA-256), to check a copy against:": _(
            "Checksum of this version's data (SHA-256), to check a copy against:"
        ),
        "%(kind)s, version %(version)s, published %(published)s": _(
            "%(kind)s, version %(version)s, published %(published)s"
        ),
        "Page %(page)s of %(pages)s": _("Page %(page)s of %(pages)s"),
        # The web page's own furniture: the header, menu, breadcrumbs, downloads, help and
        # footer, and the PDF's description.
        **page_labels(),
    }


def page_labels() -> dict[str, str]:
    """The words of the record's web page around the record, and of the PDF's metadata."""
    return {
        "Skip to main content": _("Skip to main content"),
        "Service information": _("Service information"),
        "Main menu": _("Main menu"),
        "Meetings": _("Meetings"),
        "Ask a question": _("Ask a question"),
        "Search answers": _("Search answers"),
        "Written answers owed": _("Written answers owed"),
        "Questions received": _("Questions received"),
        "Breadcrumb": _("Breadcrumb"),
        "Home": _("Home"),
        "Download version %(version)s": _("Download version %(version)s"),
        "Version %(version)s as": _("Version %(version)s as"),
        "PDF": _("PDF"),
        "A4, to print or read with a screen reader": _("A4, to print or read with a screen reader"),
        "Word document": _("Word document"),
        "CSV spreadsheet": _("CSV spreadsheet"),
        "one row per question": _("one row per question"),
        "JSON data": _("JSON data"),
        "for developers": _("for developers"),
        "%(format)s, %(size)s": _("%(format)s, %(size)s"),
        "%(number)s KB": _("%(number)s KB"),
        "%(number)s MB": _("%(number)s MB"),
        "Another format or help": _("Another format or help"),
        # The help sentence is built from its parts: each part's words may move in Welsh.
        "If you need this document in another format, such as large print, easy read, audio or Braille, "
        "contact %(name)s": _(
            "If you need this document in another format, such as large print, easy read, audio or "
            "Braille, contact %(name)s"
        ),
        "If you need this document in another format, such as large print, easy read, audio or Braille, "
        "contact democratic services": _(
            "If you need this document in another format, such as large print, easy read, audio or "
            "Braille, contact democratic services"
        ),
        " at %(email)s": _(" at %(email)s"),
        " or on %(phone)s": _(" or on %(phone)s"),
        "democratic services": _("democratic services"),
        "Democratic services": _("Democratic services"),
        "Telephone:": _("Telephone:"),
        "E-mail:": _("E-mail:"),
        "%(council)s website": _("%(council)s website"),
        "Questions put to %(committee)s on %(date)s, with the council's answers.": _(
            "Questions put to %(committee)s on %(date)s, with the council's answers."
        ),
        "%(kind)s, version %(version)s.": _("%(kind)s, version %(version)s."),
        "The latest version of this record is online at %(address)s.": _(
            "The latest version of this record is online at %(address)s."
        ),
        "Document model SHA-256: %(checksum)s.": _("Document model SHA-256: %(checksum)s."),
        # Notes the portal writes when it publishes a new version by itself.
        APPENDIX_NOTE: _appendix_note(),
        WRITTEN_RESPONSE_NOTE: _("Written response sent on %(date)s to %(question)s"),
    }


# The change notes the portal writes (the clerk's own notes are their words, in English).
APPENDIX_NOTE = (
    "Minutes appendix: what happened at the meeting added – supplementary questions and answers, "
    "written answers and actions"
)
WRITTEN_RESPONSE_NOTE = "Written response sent on %(date)s to %(question)s"
_WRITTEN_RESPONSE = re.compile(r"^Written response sent on (?P<date>\d{1,2} \w+ \d{4}) to (?P<question>.+)$")


def _appendix_note() -> str:
    return _(
        "Minutes appendix: what happened at the meeting added – supplementary questions and answers, "
        "written answers and actions"
    )


def written_response_note(sent_on: dt.date, question: str) -> str:
    """The change note of the version that adds a written answer sent after the meeting
    (in English, as every change note is stored)."""
    with force_locale("en"):
        return WRITTEN_RESPONSE_NOTE % {"date": format_date(sent_on, weekday=False), "question": question}


def change_note_in(note: str | None, language: str) -> str | None:
    """A change note the portal wrote, in `language` (with the date in it in that language);
    None for a note a clerk typed, which stays in English."""
    if not note:
        return None
    with force_locale(language):
        if note == APPENDIX_NOTE:
            return _appendix_note()
        found = _WRITTEN_RESPONSE.match(note)
        if found is None:
            return None
        try:
            sent_on = dt.datetime.strptime(f"{found['date']} +0000", "%d %B %Y %z").date()
        except ValueError:
            return None
        return _(
            "Written response sent on %(date)s to %(question)s",
            date=format_date(sent_on, weekday=False),
            question=found["question"],
        )


def change_notes_in(notes: dict[int, str | None], language: str) -> dict[str, str]:
    """The portal's own change notes of a record's versions in `language`, by version."""
    out: dict[str, str] = {}
    for version, note in notes.items():
        words = change_note_in(note, language)
        if words:
            out[str(version)] = words
    return out


def dates_in(model: dict[str, Any]) -> list[str]:
    """Every date (ISO) and time of publication (ISO, UTC) the formats print beside a
    label: written answers due and sent, records entered after the meeting, versions."""
    found: list[str] = [entry["published_at"] for entry in model["document"]["history"]]
    marks = [model["meeting"].get("entered_after_event")]
    for section in model["sections"]:
        for item in section["items"]:
            marks.append(item.get("entered_after_event"))
            written = item.get("written_answer")
            if written:
                found += [day for day in (written["due_on"], written["sent_on"]) if day]
    found += [mark["on"] for mark in marks if mark]
    return sorted(set(found))


def localised_dates(model: dict[str, Any], language: str) -> dict[str, str]:
    """`dates_in(model)` in `language`: "2030-03-26" -> "26 Mawrth 2030", and a time of
    publication -> "10yb ar 8 Mawrth 2030", as the English beside them."""
    out: dict[str, str] = {}
    with force_locale(language):
        for value in dates_in(model):
            if "T" in value:
                out[value] = format_datetime(
                    dt.datetime.fromisoformat(value.replace("Z", "+00:00")), weekday=False
                )
            else:
                out[value] = format_date(dt.date.fromisoformat(value), weekday=False)
    return out


def held_text(meeting: Meeting, language: str) -> str | None:
    """ "The meeting started at 2:30pm and ended at 4pm." in `language` (minutes appendix)."""
    started, ended = meeting.actual_started_at, meeting.actual_ended_at
    if started is None:
        return None
    with force_locale(language):
        if ended is None:
            return _("The meeting started at %(start)s.", start=format_time(started))
        return _(
            "The meeting started at %(start)s and ended at %(end)s.",
            start=format_time(started),
            end=format_time(ended),
        )


def _kind_label(kind: DocumentKind) -> str:
    if kind is DocumentKind.MINUTES_APPENDIX:
        return _("Minutes appendix")
    return _("Agenda supplement")


def _section_title(kind: QuestionKind) -> str:
    if kind is QuestionKind.PUBLIC:
        return _("Questions from members of the public")
    return _("Questions from members of the Council")


def _empty_text(kind: QuestionKind) -> str:
    if kind is QuestionKind.PUBLIC:
        return _("There were no questions received from members of the public.")
    return _("There were no questions received from Councillors.")


def response_label(answered_by: str) -> str:
    if answered_by:
        return _("Response (%(answered_by)s):", answered_by=answered_by)
    return _("Response:")


def supplementary_label(answered_by: str, layout: str) -> str:
    if layout == "labelled":
        return _("Supplementary response")
    if layout == "reported":
        return response_label(answered_by)
    if answered_by:
        return _("Response to supplementary question (%(answered_by)s):", answered_by=answered_by)
    return _("Response to supplementary question:")


def localised_document(
    meeting: Meeting, kind: DocumentKind, published_at: dt.datetime, language: str
) -> schema.LocalisedDocument:
    with force_locale(language):
        local_start = to_london(meeting.starts_at)
        date_text = format_date(local_start)
        kind_label = _kind_label(kind)
        committee_name = meeting.committee.name_cy if language == "cy" else None
        title = _(
            "Questions and answers – %(committee)s, %(date)s (%(kind)s)",
            committee=committee_name or meeting.committee.name,
            date=format_date(meeting.starts_at),
            kind=kind_label.lower(),
        )
        return {
            "title": title,
            "kind_label": kind_label,
            "committee_name": committee_name,
            "date_text": date_text,
            "time_text": format_time(local_start),
            "published_text": format_datetime(published_at, weekday=False),
            "labels": labels(),
            "council": localised_council(language),
            "venue": (meeting.venue_cy or None) if language == "cy" and meeting.venue else None,
        }


def localised_council(language: str) -> schema.LocalisedCouncil:
    words = council_words(current_app.config, language)
    return {
        "name": words["council_name"],
        "address": words["council_address"],
        "service_name": words["service_name"],
    }


def localised_section(
    kind: QuestionKind, agenda_item: str | None, own_heading: str | None, language: str
) -> schema.LocalisedSection:
    with force_locale(language):
        if own_heading:
            heading, heading_lang = own_heading, "en"
        elif agenda_item:
            heading = _("Agenda item no. %(item)s - %(title)s", item=agenda_item, title=_section_title(kind))
            heading_lang = language
        else:
            heading, heading_lang = _section_title(kind), language
        return {"heading": heading, "heading_lang": heading_lang, "empty_text": _empty_text(kind)}


def post_title_in(question: Question, language: str) -> str | None:
    """ "Question to" in `language` where it is the post's title and the post has one in
    that language; None where the record prints the English (or what the clerk typed)."""
    if question.question_to_text or language != "cy":
        return None
    post = question.answering_post or question.asked_post
    return (post.title_cy or None) if post is not None else None


def add_languages(item: dict[str, Any], question: Question, languages: tuple[str, ...], layout: str) -> None:
    """Put the language of each text, the council's translations and (for a record with
    Welsh) the item's labels in Welsh onto a built `item`."""
    item["languages"] = {field: original_language(question, part) for part, field in FIELDS.items()}
    item["answer_language"] = question.answer_language or "en"
    translations: dict[str, schema.Translation] = {}
    if not item["withdrawn"]:
        found = translations_of(question)
        for part, field in FIELDS.items():
            text = found.get(part)
            if text is None:
                continue
            if field.startswith("supplementary.") and not item.get("supplementary"):
                continue
            if part is TextPart.ANSWER and not item["response_html"]:
                continue
            translations[field] = {"lang": text.language, "value": text.text}
    item["translations"] = translations
    localised: dict[str, schema.LocalisedItem] = {}
    for language in languages:
        if language == "en":
            continue
        with force_locale(language):
            supplementary = item.get("supplementary")
            localised[language] = {
                "question_to": post_title_in(question, language),
                "response_label": response_label(item["answered_by"]),
                "supplementary_label": supplementary_label(supplementary["answered_by"], layout)
                if supplementary
                else None,
            }
    item["localised"] = localised
