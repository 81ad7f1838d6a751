"""Form fields for dates, times and whole numbers, with GOV.UK error messages.

Each keeps exactly what was typed, so a page shown again with an error never loses it,
and each says what is wrong in words ("Date of the meeting must include a month").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovTextInput
from wtforms import Field
from wtforms.validators import StopValidation

from portal.formatting import format_time


class _DateWidget(GovDateInput):
    """GOV.UK date input that copes with a form sent without all three parts."""

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        if field.raw_data is not None:
            field.raw_data = [*field.raw_data, "", "", ""][:3]
        params = super().map_gov_params(field, **kwargs)
        if field.errors:
            # Only the parts that are wrong are outlined in red.
            wrong = getattr(field, "wrong_parts", None) or {"day", "month", "year"}
            for item in params["items"]:
                part = item["id"].rsplit("-", 1)[-1]
                if part not in wrong:
                    item["classes"] = item["classes"].replace("govuk-input--error", "").strip()
        return params


class DateProblem(ValueError):
    """What is wrong with a typed date, and which of its boxes to outline."""

    def __init__(self, message: str, wrong_parts: set[str]) -> None:
        super().__init__(message)
        self.wrong_parts = wrong_parts


def read_date(parts: list[str], *, thing: str) -> dt.date | None:
    """The portal's one rule for a date typed as day, month and year: None when all three
    are blank; DateProblem, in words naming `thing`, when it is not a real date with a
    four-figure year."""
    parts = [(p or "").strip() for p in [*parts, "", "", ""][:3]]
    if not any(parts):
        return None
    names = ("day", "month", "year")
    missing = [name for name, value in zip(names, parts, strict=True) if not value]
    if missing:
        raise DateProblem(f"{thing} must include a {' and '.join(missing)}", set(missing))
    day, month, year = parts
    if not all(p.isdigit() for p in parts):
        wrong = {n for n, v in zip(names, parts, strict=True) if not v.isdigit()}
        raise DateProblem(f"{thing} must be a real date", wrong)
    if len(year) != 4:
        raise DateProblem("Year must include 4 numbers", {"year"})
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise DateProblem(f"{thing} must be a real date", set(names)) from None


class DateInputField(Field):
    """Day, month and year boxes. `thing` names the date in messages ("Date of the meeting")."""

    widget = _DateWidget()

    def __init__(self, label: str, *, thing: str, required_message: str | None = None, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.thing = thing
        self.required_message = required_message
        self.wrong_parts: set[str] = set()

    def process_formdata(self, valuelist: list[str]) -> None:
        parts = [(v or "").strip() for v in [*valuelist, "", "", ""][:3]]
        self.raw_data = parts
        self.data = None
        try:
            self.data = read_date(parts, thing=self.thing)
        except DateProblem as problem:
            self.wrong_parts = problem.wrong_parts
            raise ValueError(str(problem)) from None

    def pre_validate(self, form: Any) -> None:
        if self.process_errors:
            raise StopValidation()
        if self.data is None and self.required_message:
            self.wrong_parts = {"day", "month", "year"}
            raise StopValidation(self.required_message)

    def _value(self) -> str:
        return self.data.strftime("%d %m %Y") if self.data else ""


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")


def parse_time(text: str) -> dt.time:
    """'2pm', '2:30pm', '2.30 pm', '14:30', 'midday' -> a time. Raises ValueError.

    Without am or pm the time is on the 24-hour clock, and an hour from 1 to 9 needs its
    leading zero ('09:30'): '3:00' could be three in the morning or the afternoon."""
    value = text.strip().lower().replace(" ", "")
    if value in {"midday", "noon", "12noon"}:
        return dt.time(12, 0)
    if value == "midnight":
        return dt.time(0, 0)
    match = _TIME.match(value)
    if not match:
        raise ValueError("not a time")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").replace(".", "")
    if minute > 59:
        raise ValueError("not a time")
    if suffix:
        if not 1 <= hour <= 12:
            raise ValueError("not a time")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif match.group(2) is None or (len(match.group(1)) == 1 and 1 <= hour <= 9):
        raise ValueError("ambiguous")  # "2" or "2:30" could be morning or afternoon; "02:30" is not
    elif hour > 23:
        raise ValueError("not a time")
    return dt.time(hour, minute)


class TimeInputField(Field):
    """A time typed as people write it: 2pm, 2:30pm or 14:30 (Europe/London)."""

    widget = GovTextInput()

    def __init__(self, label: str, *, thing: str, required_message: str | None, **kwargs: Any) -> None:
        """`required_message` None: the time may be left empty (its data is then None)."""
        kwargs.setdefault("description", "For example, 2pm, 10:30am or 14:30")
        super().__init__(label, **kwargs)
        self.thing = thing
        self.required_message = required_message

    def process_formdata(self, valuelist: list[str]) -> None:
        text = (valuelist[0] if valuelist else "").strip()
        self.raw_data = [text]
        if not text:
            self.data = None
            return
        try:
            self.data = parse_time(text)
        except ValueError as error:
            self.data = None
            if str(error) == "ambiguous":
                raise ValueError(
                    f"{self.thing} must say am or pm, like 2pm, or use the 24-hour clock, like 14:00"
                ) from None
            raise ValueError(f"{self.thing} must be a real time, like 2pm or 14:30") from None

    def pre_validate(self, form: Any) -> None:
        if self.process_errors:
            raise StopValidation()
        if self.data is None and self.required_message:
            raise StopValidation(self.required_message)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return format_time(self.data) if self.data else ""


class WholeNumberField(Field):
    """A whole number in a range, with messages that name it."""

    widget = GovTextInput()

    def __init__(
        self, label: str, *, thing: str, minimum: int, maximum: int, required_message: str, **kwargs: Any
    ) -> None:
        super().__init__(label, **kwargs)
        self.thing = thing
        self.minimum = minimum
        self.maximum = maximum
        self.required_message = required_message

    def process_formdata(self, valuelist: list[str]) -> None:
        text = (valuelist[0] if valuelist else "").strip().replace(",", "")
        self.raw_data = [valuelist[0].strip() if valuelist else ""]
        if not text:
            self.data = None
            return
        if not re.fullmatch(r"-?\d+", text):
            self.data = None
            raise ValueError(f"{self.thing} must be a whole number, like {self.minimum + 1}")
        self.data = int(text)

    def pre_validate(self, form: Any) -> None:
        if self.process_errors:
            raise StopValidation()
        if self.data is None:
            if self.required_message:
                raise StopValidation(self.required_message)
            return  # left empty, and the field may be
        if not self.minimum <= self.data <= self.maximum:
            raise StopValidation(f"{self.thing} must be between {self.minimum:,} and {self.maximum:,}")

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)
