"""The answers blueprint, and the formatting help its editor pages share."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from portal.domain.sanitise import render_markdown

bp = Blueprint("answers", __name__, url_prefix="/staff/answers")


def format_help() -> dict[str, Any]:
    """What the "How to format an answer" panel shows: each example, as typed and as HTML."""
    return {
        "examples": _FORMAT_EXAMPLES,
        "example_html": {source: render_markdown(source) for _, source in _FORMAT_EXAMPLES},
    }


# How to write each thing an answer may hold, shown on the editor in a details panel.
_FORMAT_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("A new paragraph", "Thank you for your question.\n\nLeave an empty line between paragraphs."),
    ("Bold", "This is **very important**."),
    ("Italics", "The *Improvement Plan 2024 to 2026* sets this out."),
    ("Underline", "Please ++exclude++ other grades."),
    ("Bulleted list", "- Quarter 4 of 2024 to 2025\n- July 2025"),
    ("Numbered list", "1. Recruit permanent staff\n2. Reduce caseloads"),
    ("Link", "Read the [Kingsmere Safeguarding Children Partnership](https://www.kingsmere.gov.uk) pages."),
    (
        "Table",
        "| Measure | Quarter 4 | Quarter 1 |\n| --- | --- | --- |\n| Unallocated cases | 30 | 27\\* |",
    ),
    (
        "Footnote marker and note",
        "There were 27\\* such cases.\n\n\\* For clarity, these are not the same cases.",
    ),
)
