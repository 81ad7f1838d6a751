"""One record as a reader found it: every field the council's documents print, as plain
text, with a note of each field the reader could not find (never a guess)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from pathlib import PurePath
from typing import Any

from portal.domain.errors import Invalid

# The fields a clerk checks, in the order the review screen shows them, with their labels.
TEXT_FIELDS: dict[str, str] = {
    "number_label": "Number",
    "questioner": "Questioner",
    "question_to": "Question to",
    "question": "Question",
    "answered_by": "Answered by",
    "response": "Response",
    "supplementary_question": "Supplementary question",
    "supplementary_answered_by": "Supplementary answered by",
    "supplementary_response": "Response to the supplementary question",
    "written_answer": "Written response",
}
LIST_FIELDS: dict[str, str] = {"actions": "Actions", "noted_comments": "Comments noted"}
SECTIONS = ("public", "member")

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+44\s?|\(?0)\d[\d\s()-]{8,}\d")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")


@dataclass
class ImportedRecord:
    section: str = "public"  # "public" or "member"
    number_label: str = ""  # as printed: "PQ 1", "SPQ 3", "11.1", "a)"; "" when none
    questioner: str = ""
    question_to: str = ""
    question: str = ""
    answered_by: str = ""
    response: str = ""
    supplementary_question: str = ""
    supplementary_answered_by: str = ""
    supplementary_response: str = ""
    written_answer: str = ""
    written_answer_on: dt.date | None = None
    actions: list[str] = field(default_factory=list)
    noted_comments: list[str] = field(default_factory=list)
    # The words of the document this record was read from, for the clerk to compare.
    source_text: str = ""
    # Field name -> what the clerk should know about it ("not found in the document").
    flags: dict[str, str] = field(default_factory=dict)

    @property
    def is_supplementary_only(self) -> bool:
        return not self.question and bool(self.supplementary_question)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["written_answer_on"] = self.written_answer_on.isoformat() if self.written_answer_on else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportedRecord:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        record = cls(**known)
        if isinstance(record.written_answer_on, str):
            record.written_answer_on = dt.date.fromisoformat(record.written_answer_on)
        return record

    def tidy(self) -> None:
        """Trim every field, keep contact details out of the questioner line and note
        what is missing. Run by every reader once a record is complete."""
        for name in TEXT_FIELDS:
            setattr(self, name, tidy_text(getattr(self, name)))
        self.actions = [a for a in (tidy_text(a) for a in self.actions) if a]
        self.noted_comments = [c for c in (tidy_text(c) for c in self.noted_comments) if c]
        if self.section not in SECTIONS:
            self.section = "public"
        cleaned = without_contact_details(self.questioner)
        if cleaned != self.questioner:
            self.questioner = cleaned
            self.flags["questioner"] = "Contact details were removed: only the published name is kept"
        self.flags.update(missing_fields(self))


def missing_fields(record: ImportedRecord) -> dict[str, str]:
    missing: dict[str, str] = {}
    if not record.number_label:
        missing.setdefault("number_label", "No number in the document: numbered in the order found")
    if not record.questioner:
        missing["questioner"] = "Not found in the document"
    if not record.question and not record.supplementary_question:
        missing["question"] = "Not found in the document"
    if record.question and not record.response:
        missing["response"] = "Not found in the document"
    if record.supplementary_question and not record.supplementary_response:
        missing["supplementary_response"] = "Not found in the document"
    if record.written_answer and record.written_answer_on is None:
        missing["written_answer"] = "The date it was sent was not found"
    return missing


def tidy_text(value: str | None) -> str:
    """Paragraphs separated by one blank line, each on one line, spaces collapsed."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", (value or "").replace("\r", "")):
        line = " ".join(block.split())
        if line:
            paragraphs.append(line)
    return "\n\n".join(paragraphs)


def without_contact_details(questioner: str) -> str:
    """A questioner line as a council publishes it: no e-mail address, telephone number
    or postcode, which the portal never imports (only the name and town are public)."""
    text = _EMAIL.sub("", questioner)
    text = _PHONE.sub("", text)
    text = _POSTCODE.sub("", text)
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)
    text = re.sub(r"\s*,\s*(?:,\s*)+", ", ", text)
    return re.sub(r"\s+", " ", text).strip(" ,;-–")


class UnreadableDocument(Invalid):
    """A file that cannot be imported: empty, too large, damaged, password-protected, or
    not what its name says. Nothing is kept or changed."""


@dataclass
class ReadResult:
    """What a reader found in one document."""

    reader: str  # "Word", "PDF", "Web page", "Portal JSON", "Portal CSV"
    records: list[ImportedRecord]
    meeting_date: dt.date | None = None
    committee_hint: str = ""  # a committee named by the document (the portal's own files)
    layout: str = ""
    notes: list[str] = field(default_factory=list)


def display(filename: str) -> str:
    """A file's name as messages quote it."""
    return f"‘{PurePath(filename or 'The file').name}’"
