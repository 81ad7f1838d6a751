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
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

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
    }


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
        title = _(
            "Questions and answers – %(committee)s, %(date)s (%(kind)s)",
            committee=meeting.committee.name,
            date=format_date(meeting.starts_at),
            kind=kind_label.lower(),
        )
        return {
            "title": title,
            "kind_label": kind_label,
            "date_text": date_text,
            "time_text": format_time(local_start),
            "published_text": format_datetime(published_at, weekday=False),
            "labels": labels(),
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
                "response_label": response_label(item["answered_by"]),
                "supplementary_label": supplementary_label(supplementary["answered_by"], layout)
                if supplementary
                else None,
            }
    item["localised"] = localised
