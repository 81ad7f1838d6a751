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
from wtforms import Form

from portal.domain.entities import Arrival, PutOutcome
from portal.domain.errors import Invalid
from portal.domain.meetings import webcast
from portal.domain.meetings.proceedings import WEBCAST_WORDS, ActionEntry, CommentEntry
from portal.web import fields
from portal.web.fields import DateInputField
from portal.web.forms import BaseForm

TEXT_FIELDS = ("read_by", "supplementary", "supplementary_answered_by", "supplementary_answer")
_INDEXED = re.compile(r"^(actions|noted_comments)-(\d+)-(\w+)$")


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
        due, error = parse_due_on(data)
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


class _DueOnForm(Form):
    """The written answer's due date, read by the portal's one date field."""

    written_answer_due_on = DateInputField("Due", thing="The date the written answer is due")


def parse_due_on(data: MultiDict) -> tuple[dt.date | None, str | None]:
    """The due date's three boxes, by the portal's one date field: None when all are
    blank, or the field's message."""
    parts = [data.get(f"written_answer_due_on-{part}") or "" for part in ("day", "month", "year")]
    form = _DueOnForm(formdata=MultiDict([("written_answer_due_on", part) for part in parts]))
    field = form.written_answer_due_on
    form.validate()
    return (None, field.errors[0]) if field.errors else (field.data, None)


def parse_time(value: str) -> dt.time | None:
    """A time as people type it, by the portal's one time parser; None if it is not one."""
    try:
        return fields.parse_time(value or "")
    except ValueError:
        return None
