"""The meeting console's forms, on WTForms: `OutcomeForm` for each question's part of the
record (its actions and comments are `FieldList`s of `FormField`s) and `TimesForm` for
the meeting's times, read with the portal's one date field and one time parser.

Each question's form posts on its own. Without JavaScript it posts every field (and
`_full`), so an unticked box means "no". The autosave script posts only what changed
(and `_partial`), so two clerks editing different fields of the record do not
overwrite each other. Lists (actions, comments) and the three parts of a date are
always sent whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import Field, FieldList, Form, FormField, StringField, ValidationError
from wtforms.utils import unset_value

from portal.domain.entities import Arrival, PutOutcome
from portal.domain.errors import Invalid
from portal.domain.meetings import webcast
from portal.domain.meetings.proceedings import WEBCAST_WORDS, ActionEntry, CommentEntry
from portal.web.fields import DateInputField, TimeInputField
from portal.web.forms import BaseForm

TEXT_FIELDS = ("read_by", "supplementary", "supplementary_answered_by", "supplementary_answer")


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


class _ActionRow(Form):
    text = StringField()
    owner = StringField()
    id = StringField()


class _CommentRow(Form):
    heading = StringField()
    body = StringField()


class _WebcastMomentField(Field):
    """Where something begins in the webcast ('12:40', '1:05:30'), in seconds."""

    def __init__(self, label: str, *, what: str, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.what = what

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        try:
            self.data = webcast.parse_offset(valuelist[0] if valuelist else "", self.what)
        except Invalid as error:
            raise ValueError(error.message) from None


class _DueOnField(DateInputField):
    """The due date, posted by the console as `written_answer_due_on-day` and so on."""

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        if formdata is not None:
            parts = [formdata.get(f"{self.name}-{part}") or "" for part in ("day", "month", "year")]
            formdata = MultiDict([(self.name, part) for part in parts])
        super().process(formdata, data, extra_filters)


class OutcomeForm(Form):
    """One question's part of the record, as the console posts it (CSRF is checked for
    every POST by the app). Every field reads what was sent; `parse_outcome` keeps only
    the fields the post carried when the autosave script sent part of the form."""

    put = StringField()
    supplementary_arrival = StringField()
    read_by = StringField()
    supplementary = StringField()
    supplementary_answered_by = StringField()
    supplementary_answer = StringField()
    written_answer_promised = StringField()
    written_answer_due_on = _DueOnField("Due", thing="The date the written answer is due")
    webcast_question_at = _WebcastMomentField("Question", what=WEBCAST_WORDS["webcast_question_at"])
    webcast_supplementary_at = _WebcastMomentField(
        "Supplementary", what=WEBCAST_WORDS["webcast_supplementary_at"]
    )
    actions = FieldList(FormField(_ActionRow))
    noted_comments = FieldList(FormField(_CommentRow))

    def validate_put(self, field: Field) -> None:
        if field.data and field.data not in {p.value for p in PutOutcome}:
            raise ValidationError("Select how the question was put at the meeting")

    def validate_supplementary_arrival(self, field: Field) -> None:
        if field.data and field.data not in {a.value for a in Arrival}:
            raise ValidationError("Select how the supplementary question arrived")


def parse_outcome(data: MultiDict) -> ParsedOutcome:
    parsed = ParsedOutcome(partial=data.get("_partial") == "1")
    full = not parsed.partial
    form = OutcomeForm(formdata=data)
    form.validate()
    errors = {name: messages[0] for name, messages in form.errors.items() if messages}
    if "put" in data:
        if "put" in errors:
            parsed.errors["put"] = errors["put"]
        else:
            parsed.changes["put"] = PutOutcome(form.put.data) if form.put.data else None
    if "supplementary_arrival" in data:
        if "supplementary_arrival" in errors:
            parsed.errors["supplementary_arrival"] = errors["supplementary_arrival"]
        else:
            value = form.supplementary_arrival.data
            parsed.changes["supplementary_arrival"] = Arrival(value) if value else None
    for name in TEXT_FIELDS:
        if name in data:
            parsed.changes[name] = form[name].data or ""
    if full or "written_answer_promised" in data:
        parsed.changes["written_answer_promised"] = form.written_answer_promised.data == "y"
    if any(f"written_answer_due_on-{part}" in data for part in ("day", "month", "year")):
        if "written_answer_due_on" in errors:
            parsed.errors["written_answer_due_on"] = errors["written_answer_due_on"]
        else:
            parsed.changes["written_answer_due_on"] = form.written_answer_due_on.data
    for name in WEBCAST_WORDS:
        if name in data:
            if name in errors:
                parsed.errors[name] = errors[name]
            else:
                parsed.changes[name] = form[name].data
    if full or any(key.startswith("actions-") for key in data):
        parsed.changes["actions"] = [
            ActionEntry(
                text=row["text"].data or "", owner=row["owner"].data or "", id=_saved_id(row["id"].data)
            )
            for row in form.actions
        ]
    if full or any(key.startswith("noted_comments-") for key in data):
        parsed.changes["noted_comments"] = [
            CommentEntry(heading=row["heading"].data or "", body=row["body"].data or "")
            for row in form.noted_comments
        ]
    return parsed


def _saved_id(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isdigit() and len(text) < 12 else None


class _ConsoleTimeField(TimeInputField):
    """A time of the meeting's day, with the console's one message for any time it cannot read."""

    def __init__(self, label: str, *, message: str, **kwargs: Any) -> None:
        super().__init__(label, thing=label, required_message=None, **kwargs)
        self.message = message

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.message) from None


class TimesForm(Form):
    """When the meeting and its webcast started and ended, as the console posts them."""

    started_at = _ConsoleTimeField(
        "Started", message="Enter the time the meeting started as, for example, 2:30pm"
    )
    ended_at = _ConsoleTimeField("Ended", message="Enter the time the meeting ended as, for example, 2:30pm")
    webcast_started_at = _ConsoleTimeField(
        "Webcast started", message="Enter the time the webcast started as, for example, 2:25pm"
    )
    webcast_length = _WebcastMomentField("Webcast length", what="The length of the webcast")

    def errors_for(self, sent: MultiDict) -> dict[str, str]:
        """The first message for each field the post carried."""
        self.validate()
        return {name: messages[0] for name, messages in self.errors.items() if messages and name in sent}
