"""Pieces the admin forms share: optional select values, e-mail and web address checks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from wtforms import Field, SelectChoice, ValidationError

from portal.domain.people.accounts import EMAIL_SHAPE

EMAIL_FORMAT = "Enter an e-mail address in the correct format, like name@kingsmere.gov.uk"


def optional_int(value: Any) -> int | None:
    """Select values: '' (the 'choose one' option) is None; anything else a whole number."""
    if value in ("", None):
        return None
    return int(value)


def choices(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """Select, radio and checkbox options from (value, label) pairs."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def placeholder(text: str) -> list[SelectChoice]:
    """The 'choose one' option at the top of a select."""
    return [SelectChoice("", text)]


class EmailAddress:
    """An e-mail address in the usual shape; empty is allowed unless another check forbids it."""

    def __init__(self, message: str = EMAIL_FORMAT) -> None:
        self.message = message

    def __call__(self, form: Any, field: Field) -> None:
        if field.data and not EMAIL_SHAPE.match(field.data):
            raise ValidationError(self.message)


_WEB_ADDRESS = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


class WebAddress:
    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: Any, field: Field) -> None:
        if field.data and not _WEB_ADDRESS.match(field.data):
            raise ValidationError(self.message)
