"""A question's record in Welsh and English: the council's translations of its texts.

Each text of a question's record (the question, its answer, the supplementary question and
its answer) is written in one language; a clerk may add the same text in the other. The
language of each original is known: the question and its supplementary are in the language
the question was asked in, and the answer and the supplementary answer are in the language
the council answered in (`Question.answer_language`: English, Welsh or both, in which case
the answer as drafted is the English and the Welsh is its translation).

Rich text goes through the one allow-list (portal/domain/sanitise.py) like the original;
the question stays plain text, as the questioner's own words are.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from portal.domain.errors import Invalid, NotPermitted
from portal.domain.permissions import can_translate_record
from portal.domain.sanitise import render_markdown
from portal.extensions import db
from portal.models import Question, RecordTranslation, TextPart, User

LANGUAGES = ("en", "cy")
ANSWER_LANGUAGES = ("en", "cy", "both")
LANGUAGE_NAMES = {"en": "English", "cy": "Welsh"}
MAX_CHARACTERS = 20_000


def other(language: str) -> str:
    return "cy" if language == "en" else "en"


def original_language(question: Question, part: TextPart) -> str:
    """The language the original of `part` is written in."""
    if part in (TextPart.QUESTION, TextPart.SUPPLEMENTARY_QUESTION):
        return question.language if question.language in LANGUAGES else "en"
    return "cy" if question.answer_language == "cy" else "en"


def translation_language(question: Question, part: TextPart) -> str:
    return other(original_language(question, part))


@dataclass(frozen=True)
class Translated:
    """One translation as the record uses it: its language, and its text (plain for the
    question, sanitised HTML for the rest)."""

    language: str
    text: str


def translations_of(question: Question) -> dict[TextPart, Translated]:
    """The translations of `question`'s texts that are in the language opposite their
    original (one given before the original's language changed is left out)."""
    found: dict[TextPart, Translated] = {}
    for row in question.translations:
        if row.language != translation_language(question, row.part):
            continue
        text = row.source if row.part is TextPart.QUESTION else row.html
        if text.strip():
            kept = text.strip() if row.part is TextPart.QUESTION else text
            found[row.part] = Translated(row.language, kept)
    return found


def _row(question: Question, part: TextPart) -> RecordTranslation | None:
    return next((row for row in question.translations if row.part is part), None)


def set_texts(
    question: Question,
    *,
    by: User | None,
    answer_language: str | None,
    texts: dict[TextPart, str],
) -> None:
    """Record the language of the council's answer and the other-language text of each of
    `texts` (empty: no translation). Applies from the next version published."""
    if not can_translate_record(by, question):
        raise NotPermitted("Only clerks can add the record's texts in Welsh or English")
    errors: dict[str, str] = {}
    if answer_language not in ANSWER_LANGUAGES:
        errors["answer_language"] = "Select the language of the council's answer"
    for part, text in texts.items():
        if len(text or "") > MAX_CHARACTERS:
            errors[part.value] = f"The {part.label} must be {MAX_CHARACTERS:,} characters or fewer"
    if errors:
        raise Invalid(errors=errors)
    question.answer_language = answer_language
    for part, text in texts.items():
        text = (text or "").replace("\r\n", "\n").strip()
        row = _row(question, part)
        if not text:
            if row is not None:
                question.translations.remove(row)
            continue
        if row is None:
            row = RecordTranslation(part=part)
            question.translations.append(row)
        row.language = translation_language(question, part)
        row.source = text
        row.html = "" if part is TextPart.QUESTION else render_markdown(text)
        row.updated_by = by
    db.session.flush()


def translated_question_ids(question_ids: list[int]) -> set[int]:
    """Which of these questions have any translation (for the clerk's lists)."""
    if not question_ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(RecordTranslation.question_id).where(RecordTranslation.question_id.in_(question_ids))
        )
    )
