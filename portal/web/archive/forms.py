"""Forms of the public archive: the search filters and the alert sign-up."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, SelectField, StringField, SubmitField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, Length, Optional

from portal.web.forms import BaseForm, NoControlCharacters, Required

KIND_CHOICES = [
    SelectChoice("", _l("Public and member questions")),
    SelectChoice("public", _l("Public questions")),
    SelectChoice("member", _l("Member questions")),
]
SORT_CHOICES = [
    SelectChoice("relevance", _l("Most relevant")),
    SelectChoice("newest", _l("Newest meeting first")),
    SelectChoice("oldest", _l("Oldest meeting first")),
]


def parse_filter_date(value: str, *, end: bool) -> dt.date | None:
    """'2024', '3/2024', '21/3/2024' or '2024-03-21'; a year or month means its first
    (or, for an end date, last) day."""
    value = (value or "").strip()
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value):
        return dt.date.fromisoformat("-".join(p.zfill(2) for p in value.split("-")))
    parts = [int(p) for p in re.split(r"[/.\-\s]+", value) if p.isdigit()]
    if not parts or len(parts) != len(re.split(r"[/.\-\s]+", value)):
        raise ValueError(value)
    if len(parts) == 1:
        (year,) = parts
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    if len(parts) == 2:
        month, year = parts
        first = dt.date(year, month, 1)
        if not end:
            return first
        return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    day, month, year = parts[:3]
    return dt.date(year, month, day)


class FilterDate:
    def __init__(self, *, end: bool) -> None:
        self.end = end

    def __call__(self, form: Any, field: Any) -> None:
        try:
            date = parse_filter_date(field.data or "", end=self.end)
        except (ValueError, TypeError):
            raise ValidationError(
                gettext(
                    "Enter a real date for '%(field)s', for example 2024 or 21/3/2024",
                    field=str(field.label.text).lower(),
                )
            ) from None
        if date is not None and not 1990 <= date.year <= 2100:
            raise ValidationError(
                gettext(
                    "Enter a year between 1990 and 2100 for '%(field)s'", field=str(field.label.text).lower()
                )
            )


class SearchForm(BaseForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    q = StringField(
        _l("Search questions and answers"),
        validators=[
            Optional(),
            Length(max=200, message=_l("Enter 200 characters or fewer")),
            NoControlCharacters(),
        ],
        widget=GovTextInput(),
    )
    committee = SelectField(_l("Committee"), choices=[], validate_choice=False, widget=GovSelect())
    post = SelectField(_l("Answered by"), choices=[], validate_choice=False, widget=GovSelect())
    kind = RadioField(_l("Kind of question"), choices=KIND_CHOICES, default="", widget=GovRadioInput())
    date_from = StringField(_l("Meetings from"), validators=[FilterDate(end=False)], widget=GovTextInput())
    date_to = StringField(_l("Meetings to"), validators=[FilterDate(end=True)], widget=GovTextInput())
    owed = BooleanField(_l("Only questions with a written answer owed"), widget=GovCheckboxInput())
    sort = SelectField(_l("Sort by"), choices=SORT_CHOICES, default="relevance", widget=GovSelect())
    submit = SubmitField(_l("Search"), widget=GovSubmitInput())

    def validate_date_to(self, field: Any) -> None:
        try:
            start = parse_filter_date(self.date_from.data or "", end=False)
            end = parse_filter_date(field.data or "", end=True)
        except (ValueError, TypeError):
            return
        if start and end and end < start:
            raise ValidationError(gettext("'Meetings to' must be the same as or after 'meetings from'"))


class SubscribeForm(BaseForm):
    email = StringField(
        _l("E-mail address"),
        validators=[
            Required(_l("Enter your e-mail address")),
            Length(max=254, message=_l("E-mail address must be 254 characters or fewer")),
            Email(
                message=_l("Enter an e-mail address in the correct format, like name@example.com"),
                check_deliverability=False,
            ),
        ],
        widget=GovTextInput(),
    )
    submit = SubmitField(_l("Send me a confirmation e-mail"), widget=GovSubmitInput())


class ConfirmForm(BaseForm):
    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


class UnsubscribeForm(BaseForm):
    submit = SubmitField(_l("Stop these e-mails"), widget=GovSubmitInput())
