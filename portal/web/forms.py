"""Form helpers shared by every area: whitespace stripped, GOV.UK messages, no control characters."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextArea, GovTextInput
from wtforms import Field, PasswordField, StringField, ValidationError

# Tab, line feed and carriage return are allowed in long text; no other control character is.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def strip_filter(value: Any) -> Any:
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
        return value.strip()
    return value


class BaseForm(FlaskForm):
    """Strips whitespace from every text field before validation."""

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Field:
            filters = list(unbound_field.kwargs.get("filters", []))
            # Passwords are taken exactly as typed.
            if strip_filter not in filters and not issubclass(unbound_field.field_class, PasswordField):
                filters.insert(0, strip_filter)
            return unbound_field.bind(form=form, filters=filters, **options)

    def add_error(self, field_name: str, message: str) -> None:
        """Attach a domain error to a field, so it shows beside it and in the summary."""
        field = getattr(self, field_name, None)
        if field is None:
            field = next(iter(self._fields.values()))
        errors = list(field.errors) if field.errors else []
        errors.append(message)
        field.errors = errors


class Required:
    """GOV.UK style: 'Enter your first name', 'Select a meeting'."""

    field_flags = {"required": True}

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: Any, field: Field) -> None:
        data = field.data
        if data is None or (isinstance(data, str) and not data.strip()) or data == [] or data is False:
            field.errors[:] = []
            raise ValidationError(self.message)


class NoControlCharacters:
    def __init__(self, message: str = "Remove the hidden formatting characters from your text") -> None:
        self.message = message

    def __call__(self, form: Any, field: Field) -> None:
        if isinstance(field.data, str) and _CONTROL.search(field.data):
            raise ValidationError(self.message)


class MaxLength:
    def __init__(self, limit: int, message: str) -> None:
        self.limit = limit
        self.message = message

    def __call__(self, form: Any, field: Field) -> None:
        if isinstance(field.data, str) and len(field.data) > self.limit:
            raise ValidationError(self.message)


def text_checks(required: str | None, limit: int, too_long: str, *also: Any) -> list[Any]:
    """The checks on typed text: there (when `required` says what to enter), then any
    others (`also`), no longer than `limit`, and without hidden formatting characters."""
    present = [Required(required)] if required else []
    return [*present, *also, MaxLength(limit, too_long), NoControlCharacters()]


def text_input(
    label: str, required: str | None, limit: int, too_long: str, *also: Any, **kwargs: Any
) -> StringField:
    """A one-line text box with the checks of `text_checks`."""
    return StringField(
        label, widget=GovTextInput(), validators=text_checks(required, limit, too_long, *also), **kwargs
    )


def text_area(label: str, required: str | None, limit: int, too_long: str, **kwargs: Any) -> StringField:
    """A box for longer text with the checks of `text_checks`."""
    return StringField(
        label, widget=GovTextArea(), validators=text_checks(required, limit, too_long), **kwargs
    )
