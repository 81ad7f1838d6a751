"""How a question's number is printed: the one owner of it, for the published record,
every staff page, the questioner's pages and every e-mail.

The number a question holds is a contiguous integer per kind; the procedure of its
meeting (`effective`: the meeting's own where an administrator set one, else its
committee's) decides how it is printed: "PQ 3", "SPQ 3", "11.3", "c)" or nothing. This
module imports no area of the domain, so every area can use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext

from portal.domain.states import QuestionKind
from portal.models import (
    Committee,
    Layout,
    Meeting,
    Numbering,
    OnBehalfStyle,
    Question,
    QuestionerStyle,
    RecordLanguages,
)
from portal.models.records import letter_for


@dataclass(frozen=True)
class Procedure:
    layout: Layout
    numbering: Numbering
    public_prefix: str
    member_prefix: str
    questioner_style: QuestionerStyle
    on_behalf_style: OnBehalfStyle = OnBehalfStyle.BRACKETED
    prints_arrival: bool = True
    record_languages: RecordLanguages = RecordLanguages.ENGLISH

    def prefix(self, kind: QuestionKind) -> str:
        return self.public_prefix if kind is QuestionKind.PUBLIC else self.member_prefix


def committee_procedure(committee: Committee) -> Procedure:
    rules = committee.rules
    return Procedure(
        layout=committee.layout,
        numbering=(rules.numbering if rules is not None and rules.numbering else Numbering.PREFIXED),
        public_prefix=(rules.public_prefix if rules is not None and rules.public_prefix else "PQ"),
        member_prefix=(rules.member_prefix if rules is not None and rules.member_prefix else "MQ"),
        questioner_style=(
            rules.questioner_style
            if rules is not None and rules.questioner_style
            else QuestionerStyle.TITLE_SURNAME_TOWN
        ),
        on_behalf_style=(
            rules.on_behalf_style if rules is not None and rules.on_behalf_style else OnBehalfStyle.BRACKETED
        ),
        prints_arrival=rules is None or rules.prints_arrival is None or bool(rules.prints_arrival),
        record_languages=(
            rules.record_languages
            if rules is not None and rules.record_languages
            else RecordLanguages.ENGLISH
        ),
    )


def effective(meeting: Meeting) -> Procedure:
    """The procedure the meeting's record follows: its own where set, else its committee's."""
    base = committee_procedure(meeting.committee)
    return Procedure(
        layout=meeting.layout or base.layout,
        numbering=meeting.numbering or base.numbering,
        public_prefix=meeting.public_prefix or base.public_prefix,
        member_prefix=meeting.member_prefix or base.member_prefix,
        questioner_style=meeting.questioner_style or base.questioner_style,
        on_behalf_style=meeting.on_behalf_style or base.on_behalf_style,
        prints_arrival=base.prints_arrival if meeting.prints_arrival is None else meeting.prints_arrival,
        record_languages=meeting.record_languages or base.record_languages,
    )


def number_label(procedure: Procedure, kind: QuestionKind, number: int, agenda_item: str | None) -> str:
    """ "PQ 3", "SPQ 3", "11.3", "c)" or "" (no numbers), by the procedure."""
    if procedure.numbering is Numbering.AGENDA_ITEM:
        return f"{agenda_item}.{number}" if agenda_item else f"{procedure.prefix(kind)} {number}"
    if procedure.numbering is Numbering.LETTERED:
        return f"{letter_for(number - 1)})"
    if procedure.numbering is Numbering.NONE:
        return ""
    return f"{procedure.prefix(kind)} {number}"


def agenda_item(question: Question) -> str | None:
    meeting = question.meeting
    public = question.kind is QuestionKind.PUBLIC
    return meeting.public_questions_item if public else meeting.member_questions_item


def record_label(question: Question, procedure: Procedure | None = None) -> str:
    """The question's number as its meeting's published record prints it ("" for none)."""
    procedure = procedure or effective(question.meeting)
    return number_label(procedure, question.kind, question.number or 0, agenda_item(question))


def question_label(question: Question, procedure: Procedure | None = None) -> str:
    """The question as staff pages, the questioner's pages and e-mails name it: its number
    as the record prints it ("PQ 3", "SPQ 3", "11.3"); where letters or no numbers would
    not tell a public question from a member's, with the kind ("Public question c)",
    "Member question 2"); its reference while it has no number. A page naming many
    questions of one meeting passes that meeting's `effective` procedure."""
    if question.number is None:
        return question.reference
    procedure = procedure or effective(question.meeting)
    label = record_label(question, procedure)
    if procedure.numbering in (Numbering.LETTERED, Numbering.NONE):
        number = label or str(question.number)
        if question.kind is QuestionKind.PUBLIC:
            return gettext("Public question %(number)s", number=number)
        return gettext("Member question %(number)s", number=number)
    return label


def anchor_for(question: Question, label: str) -> str:
    """The item's id on the web page: "pq-1" for "PQ 1", "11-1" for "11.1"; from the kind
    and number when the label has no letters or digits of its own (lettered, unnumbered)."""
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    if not slug or not re.search(r"\d", slug):
        slug = f"{question.kind.value}-{question.number or question.id}"
    return slug


def question_anchor(question: Question, procedure: Procedure | None = None) -> str:
    """Where the question is in its meeting's published record (and on the console)."""
    if question.number is None:
        return question.reference.lower()
    return anchor_for(question, record_label(question, procedure))


def list_title(meeting: Meeting, kind: QuestionKind, *, alone: bool = False) -> str:
    """What the clerk calls the meeting's numbered list of `kind` questions, by its scheme:
    "PQ list", "SPQ list", "Agenda item 11 questions", "Public questions a), b), c)"; with
    no numbers, "Questions" when it is the page's only list (`alone`), else the kind's name."""
    procedure = effective(meeting)
    public = kind is QuestionKind.PUBLIC
    kind_name = "Public questions" if public else "Member questions"
    item = meeting.public_questions_item if public else meeting.member_questions_item
    if procedure.numbering is Numbering.AGENDA_ITEM and item:
        return f"Agenda item {item} questions"
    if procedure.numbering is Numbering.LETTERED:
        return f"{'Questions' if alone else kind_name} a), b), c)"
    if procedure.numbering is Numbering.NONE:
        return "Questions" if alone else kind_name
    return f"{procedure.prefix(kind)} list"
