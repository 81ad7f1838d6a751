"""The domain's one vocabulary of failures. Every verb raises one of these (or a subclass
named for its area), so a route answers each kind the same way:

- `Invalid`: something to put right on the form (HTTP 200 with the error summary, or
  409 where what was typed must be kept); `field` names the field, `errors` maps several.
- `Refused`: the step cannot be taken now, and nothing was changed (a banner saying why).
- `Stale`: a `Refused` because the page was out of date: someone else acted first.
- `NotPermitted`: this person may not do this at all (HTTP 403).

Imports nothing, so every layer and area can use it.
"""

from __future__ import annotations


class Invalid(ValueError):
    """Something the person must put right; worded for them. Nothing was changed."""

    def __init__(self, message: str = "", field: str | None = None, *, errors: dict[str, str] | None = None):
        message = message or "; ".join((errors or {}).values())
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = errors if errors is not None else ({field: message} if field else {})


class Refused(Exception):
    """The step cannot be taken now (the question or the page moved on). Nothing was changed."""


class Stale(Refused):
    """The page the person acted on was out of date: someone else acted first."""


class NotPermitted(Exception):
    """The person may not do this (HTTP 403)."""
