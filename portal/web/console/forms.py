"""Reading the meeting console's forms.

Each question's form posts on its own. Without JavaScript it posts every field (and
`_full`), so an unticked box means "no". The autosave script posts only what changed
(and `_partial`), so two clerks editing different fields of the record do not
overwrite each other. Lists (actions, comments) and the three parts of a date are
always sent whole.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from portal.domain.errors import Invalid
from portal.domain.meetings import webcast
from portal.domain.meetings.proceedings import WEBCAST_WORDS, ActionEntry, CommentEntry
from portal.models import Arrival, PutOutcome
from portal.web.forms import BaseForm

TEXT_FIELDS = ("read_by", "supplementary", "supplementary_answered_by", "supplementary_answer")
_INDEXED = re.compile(r"^(actions|noted_comments)-(\d+)-(\w+)$")
_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*([ap])?\.?\s*m?\.?\s*$", re.IGNORECASE)


class ConsoleForm(BaseForm):
    """Only the CSRF token: the console's fields are read by the functions below."""


class FieldErrors:
    """Errors for the page's error summary, shaped as base.html and wtforms_errors expect."""

    def __init__(self, errors: dict[str, str], id_prefix: str = "") -> None:
        self.errors = {f"{id_prefix}{name}": [message] for name, message in errors.items()}
        self._fields: dict[str, Any] = {}

    def __bool__(self) -> bool:
        return bool(self.errors)


@dataclass
class ParsedOutcome:
    changes: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    partial: bool = False


def parse_outcome(data: MultiDict) -> ParsedOutcome:
    parsed = ParsedOutcome(partial=data.get("_partial") == "1")
    full = not parsed.partial
    if "put" in data:
        value = data.get("put") or ""
        try:
            parsed.changes["put"] = PutOutcome(value) if value else None
        except ValueError:
            parsed.errors["put"] = "Select how the question was put at the meeting"
    if "supplementary_arrival" in data:
        value = data.get("supplementary_arrival") or ""
        try:
            parsed.changes["supplementary_arrival"] = Arrival(value) if value else None
        except ValueError:
            parsed.errors["supplementary_arrival"] = "Select how the supplementary question arrived"
    for name in TEXT_FIELDS:
        if name in data:
            parsed.changes[name] = data.get(name, "")
    if full or "written_answer_promised" in data:
        parsed.changes["written_answer_promised"] = data.get("written_answer_promised") == "y"
    if any(f"written_answer_due_on-{part}" in data for part in ("day", "month", "year")):
        due, error = parse_date(data, "written_answer_due_on", "The date the written answer is due")
        if error:
            parsed.errors["written_answer_due_on"] = error
        else:
            parsed.changes["written_answer_due_on"] = due
    for name, words in WEBCAST_WORDS.items():
        if name in data:
            try:
                parsed.changes[name] = webcast.parse_offset(data.get(name, ""), words)
            except Invalid as error:
                parsed.errors[name] = error.message
    rows = _indexed_rows(data)
    if full or "actions" in rows:
        parsed.changes["actions"] = [
            ActionEntry(text=row.get("text", ""), owner=row.get("owner", ""), id=_saved_id(row.get("id")))
            for _, row in sorted(rows.get("actions", {}).items())
        ]
    if full or "noted_comments" in rows:
        parsed.changes["noted_comments"] = [
            CommentEntry(heading=row.get("heading", ""), body=row.get("body", ""))
            for _, row in sorted(rows.get("noted_comments", {}).items())
        ]
    return parsed


def _saved_id(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isdigit() and len(text) < 12 else None


def _indexed_rows(data: MultiDict) -> dict[str, dict[int, dict[str, str]]]:
    rows: dict[str, dict[int, dict[str, str]]] = {}
    for key in data:
        match = _INDEXED.match(key)
        if match:
            group, index, part = match.groups()
            rows.setdefault(group, {}).setdefault(int(index), {})[part] = data.get(key, "")
    return rows


def parse_date(data: MultiDict, name: str, what: str) -> tuple[dt.date | None, str | None]:
    """A GOV.UK date input's three boxes: None when all are blank."""
    parts = {part: (data.get(f"{name}-{part}") or "").strip() for part in ("day", "month", "year")}
    if not any(parts.values()):
        return None, None
    missing = [part for part, value in parts.items() if not value]
    if missing:
        return None, f"{what} must include a {' and '.join(missing)}"
    try:
        day, month, year = (int(parts[p]) for p in ("day", "month", "year"))
        if year < 100:
            year += 2000
        return dt.date(year, month, day), None
    except ValueError:
        return None, f"{what} must be a real date"


def parse_time(value: str) -> dt.time | None:
    """'3pm', '3:05pm', '3.05 pm', '15:05', 'midday' as a time; None if it is not one.

    A time without am or pm must be on the 24-hour clock with two digits ('09:30')."""
    text = (value or "").strip().lower()
    if text in ("midday", "noon", "12 noon"):
        return dt.time(12, 0)
    if text == "midnight":
        return dt.time(0, 0)
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower()
    if not half and not (match.group(2) and (len(match.group(1)) == 2 or hour >= 13)):
        return None
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)
