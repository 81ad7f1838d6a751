"""The document model: what a published version of a meeting's questions *is*.

Publishing builds one of these (portal/domain/record/publishing.py), freezes it as canonical
JSON with a SHA-256 checksum, and every format (HTML, PDF, Word, CSV, JSON) is rendered
from the frozen model and nothing else. So the formats always agree, and a version can
be rendered again years later from the database alone. docs/document-model.md
describes each field for people who consume the JSON.

The model holds only JSON types: strings, integers, booleans, null, lists and objects.
HTML fields (`*_html`) are always the output of portal/domain/sanitise.py; text fields
from the public (`question_text`, `questioner`) are plain text, never HTML.
"""

from __future__ import annotations

import hashlib
import json
import types
import typing
from typing import Any, Literal, NotRequired, TypedDict

SCHEMA_ID = "council-questions-record/1"


class Council(TypedDict):
    name: str
    url: str
    address: str
    phone: str
    email: str


class Committee(TypedDict):
    name: str
    slug: str
    layout: Literal["table", "reported", "labelled"]


class Contact(TypedDict):
    name: str
    email: str
    phone: str


class AgendaItems(TypedDict):
    public: str | None  # "3": agenda item no. 3 takes questions from the public
    member: str | None


class ActualTimes(TypedDict):
    started_at: str | None  # ISO 8601, UTC
    ended_at: str | None
    started_text: str | None  # "3pm", in Europe/London
    ended_text: str | None


class EnteredMark(TypedDict):
    """A record entered after the event from the council's own record: by whom and when."""

    by: str  # the name of the member of staff who entered it
    on: str  # ISO date
    text: str  # "Entered after the meeting by Jo Clerk on 4 December 2026"


class ArrivalModel(TypedDict):
    how: Literal["email", "verbal", "read_out", "written"]
    label: str  # "Received by e-mail", "Delivered verbally at the meeting"


class Meeting(TypedDict):
    id: int
    title: str | None
    path: str  # "/meetings/12", the meeting's public page
    starts_at: str  # ISO 8601, UTC
    date_text: str  # "Friday 30 September 2022"
    time_text: str  # "3pm"
    venue: str
    contact: Contact
    agenda_items: AgendaItems
    entered_after_event: EnteredMark | None
    actual: ActualTimes


class VersionNote(TypedDict):
    version: int
    kind: Literal["agenda_supplement", "minutes_appendix"]
    kind_label: str
    published_at: str
    published_text: str  # "4:10pm on 27 September 2022"
    change_note: str | None


class LocalisedCouncil(TypedDict):
    name: str  # "Cyngor Kingsmere"
    address: str
    service_name: str  # "Cwestiynau i'r cyngor"


class LocalisedDocument(TypedDict):
    """The document's own words in a language other than English, from the portal's
    Welsh catalogue when the version was published (so rendering needs no catalogue)."""

    title: str
    kind_label: str
    committee_name: str | None  # the committee's own name in this language; None: it has none
    date_text: str  # "Dydd Gwener 30 Medi 2022"
    time_text: str
    published_text: str
    labels: dict[str, str]  # the English label -> its words in this language
    # Added later (absent in versions published before): every date and time of
    # publication the formats print beside a label, by its ISO value ("2030-03-26" ->
    # "26 Mawrth 2030"); and the meeting's actual times as a sentence, or None.
    dates: NotRequired[dict[str, str]]
    held_text: NotRequired[str | None]
    # Added later still: the council's name and address and the venue in this language
    # (venue None: the council gave none, the English is shown); the change notes the
    # portal wrote, by version ("3" -> "Anfonwyd ymateb ysgrifenedig ar ..."), where a
    # clerk's own note stays in English.
    council: NotRequired[LocalisedCouncil]
    venue: NotRequired[str | None]
    change_notes: NotRequired[dict[str, str]]


class Document(TypedDict):
    kind: Literal["agenda_supplement", "minutes_appendix"]
    kind_label: str  # "Agenda supplement"
    title: str  # the document's title, as on the page, the PDF and the Word file
    version: int
    published_at: str
    published_text: str
    change_note: str | None
    path: str  # "/meetings/12/questions/v3"
    latest_path: str  # "/meetings/12/questions"
    preview: bool  # True only for a clerk's preview; never for a published version
    history: list[VersionNote]  # every version up to and including this one
    # The languages of the record, in order ("en", "cy"), and how two are arranged:
    # "single", "side_by_side" or "one_after_other". Absent in versions published before.
    languages: NotRequired[list[str]]
    arrangement: NotRequired[Literal["single", "side_by_side", "one_after_other"]]
    localised: NotRequired[dict[str, LocalisedDocument]]  # "cy" -> the document's Welsh words


class Put(TypedDict):
    how: Literal["put_by_questioner", "read_on_behalf", "not_put"] | None
    label: str | None  # "Read out on the questioner's behalf"
    read_by: str | None  # "Chair"


class Supplementary(TypedDict):
    question_html: str
    answered_by: str  # "cabinet member children and families", as recorded
    label: str  # "Response to supplementary question (cabinet member children and families):"
    answer_html: str
    arrival: ArrivalModel | None  # how the supplementary arrived, when the record says


class WrittenAnswer(TypedDict):
    promised: bool
    due_on: str | None  # ISO date
    due_text: str | None  # "28 October 2022"
    sent_on: str | None
    sent_text: str | None
    label: str  # "Written response sent on 13 October 2022:" or "Written response to follow (due by ...)"
    html: str  # empty until sent
    # A past record's promise with no date: "A written response will be provided."
    undated: NotRequired[bool]


class Action(TypedDict):
    letter: str  # "a"
    html: str
    owner: str


class NotedCommentModel(TypedDict):
    heading: str  # plain text, such as "**COMMENT FROM PARENT CARER VOICE"
    html: str


class FollowUpModel(TypedDict):
    """A committee member's question inside the exchange, and its answer."""

    asked_by: str  # "Cllr J Hewitt", as recorded
    question_html: str
    answered_by: str  # "" when the record names nobody
    answer_html: str


class Moment(TypedDict):
    seconds: int  # from the start of the webcast
    text: str  # "1:05:30"
    url: str  # the webcast at that moment: YouTube "t=", otherwise "#t="


class Webcast(TypedDict):
    question: Moment | None
    supplementary: Moment | None


class Translation(TypedDict):
    """A text of the item in the other language, as the council provided it."""

    lang: str  # "cy" or "en"
    value: str  # plain text for `question_text`, sanitised HTML for the rest


class LocalisedItem(TypedDict):
    response_label: str  # "Ymateb:" or "Ymateb (Cyfarwyddwr Plant):"
    supplementary_label: str | None
    # Added later: "Question to" in this language where it is a post with a title in it.
    question_to: NotRequired[str | None]


class Item(TypedDict):
    question_id: int
    reference: str
    kind: Literal["public", "member"]
    number: int
    label: str  # "PQ 1", "MQ 1", "SPQ 1", "11.1", "a)" or "" by the committee's numbering
    anchor: str  # "pq-1": the id of the item in the HTML page
    questioner: str  # as shown in this document (DESIGN §2), with "(on behalf of ...)"
    question_text: str  # plain text for publication (a clerk's edited text, if any)
    # Who the question was put to: "Councillor A B, Cabinet Member for Resources", or the post.
    question_to: str
    arrival: ArrivalModel | None  # how the question arrived, when the record says
    response_html: str
    answered_by: str  # who gave the response, as the record names them ("" when it names nobody)
    response_label: str  # "Response:" or "Response (Director for Children and Young People):"
    entered_after_event: EnteredMark | None
    withdrawn: bool
    put: Put | None  # minutes appendix only
    supplementary: Supplementary | None
    follow_ups: list[FollowUpModel]  # minutes appendix only
    written_answer: WrittenAnswer | None
    actions: list[Action]
    noted_comments: list[NotedCommentModel]
    # Minutes appendix, when the webcast moments were recorded; absent in versions published before.
    webcast: NotRequired[Webcast | None]
    # The language of each text as published ("en" or "cy"), by field: `question_text`,
    # `response_html`, `supplementary.question_html`, `supplementary.answer_html`.
    languages: NotRequired[dict[str, str]]
    answer_language: NotRequired[Literal["en", "cy", "both"]]  # the council's answer was in
    translations: NotRequired[dict[str, Translation]]  # by field, the same text in the other language
    localised: NotRequired[dict[str, LocalisedItem]]


class LocalisedSection(TypedDict):
    heading: str
    heading_lang: str  # a heading a past record printed stays in its own language
    empty_text: str


class Section(TypedDict):
    kind: Literal["public", "member"]
    agenda_item: str | None
    heading: str  # "Agenda item no. 3 - Questions from members of the public"
    empty_text: str  # "There were no questions received from Councillors."
    # The minutes' own number for the item, printed "Minute 45/22" (minutes appendix only).
    minute: NotRequired[str | None]
    items: list[Item]
    localised: NotRequired[dict[str, LocalisedSection]]  # "cy" -> the heading and empty text in Welsh


class DocumentModel(TypedDict):
    schema: str
    council: Council
    committee: Committee
    meeting: Meeting
    document: Document
    sections: list[Section]


# Canonical JSON -----------------------------------------------------------------------


def canonical_json(model: dict[str, Any]) -> str:
    """The one serialisation that is hashed and stored: sorted keys, no spaces, UTF-8."""
    return json.dumps(model, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def checksum(model: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(model).encode("utf-8")).hexdigest()


def pretty_json(model: dict[str, Any]) -> str:
    """The JSON download: the same model, indented for people."""
    return json.dumps(model, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# Validation ---------------------------------------------------------------------------


class ModelError(ValueError):
    """The model does not match the schema; publishing stops rather than freeze it."""


def validate(model: Any) -> None:
    """Check `model` against the TypedDicts above: every key present, no extras, right types."""
    _check(model, DocumentModel, "model")
    if model["schema"] != SCHEMA_ID:
        raise ModelError(f"model.schema is {model['schema']!r}, expected {SCHEMA_ID!r}")


# Keys added to the schema after versions were first published, which those versions lack.
# (Named here: with postponed annotations, TypedDict cannot see NotRequired on Python 3.11.)
_OPTIONAL_KEYS: dict[Any, set[str]] = {
    Item: {"webcast", "languages", "answer_language", "translations", "localised"},
    Document: {"languages", "arrangement", "localised"},
    Section: {"localised", "minute"},
    WrittenAnswer: {"undated"},
    LocalisedDocument: {"dates", "held_text", "council", "venue", "change_notes"},
    LocalisedItem: {"question_to"},
}


def _check(value: Any, expected: Any, path: str) -> None:
    origin = typing.get_origin(expected)
    if origin in (typing.Union, types.UnionType):
        errors = []
        for option in typing.get_args(expected):
            try:
                _check(value, option, path)
                return
            except ModelError as error:
                errors.append(str(error))
        raise ModelError(f"{path}: {value!r} matches none of {typing.get_args(expected)}")
    if expected is type(None):
        if value is not None:
            raise ModelError(f"{path} should be null")
        return
    if origin is Literal:
        if value not in typing.get_args(expected):
            raise ModelError(f"{path} is {value!r}, expected one of {typing.get_args(expected)}")
        return
    if origin is dict:
        if not isinstance(value, dict):
            raise ModelError(f"{path} should be an object")
        key_type, inner = typing.get_args(expected)
        for key, element in value.items():
            _check(key, key_type, f"{path} key")
            _check(element, inner, f"{path}.{key}")
        return
    if origin is list:
        if not isinstance(value, list):
            raise ModelError(f"{path} should be a list")
        (inner,) = typing.get_args(expected)
        for index, element in enumerate(value):
            _check(element, inner, f"{path}[{index}]")
        return
    if typing.is_typeddict(expected):
        if not isinstance(value, dict):
            raise ModelError(f"{path} should be an object")
        hints = typing.get_type_hints(expected)
        missing = set(hints) - set(value) - _OPTIONAL_KEYS.get(expected, set())
        extra = set(value) - set(hints)
        if missing or extra:
            raise ModelError(f"{path}: missing {sorted(missing)}, unexpected {sorted(extra)}")
        for key, hint in hints.items():
            if key in value:
                _check(value[key], hint, f"{path}.{key}")
        return
    if expected is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ModelError(f"{path} should be an integer")
        return
    if not isinstance(value, expected):
        raise ModelError(f"{path} should be {expected.__name__}, not {type(value).__name__}")
