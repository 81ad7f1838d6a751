"""A questioner's details: checking and tidying postcodes, e-mail addresses and phone numbers.

Pure functions, so the forms, the domain and the tests all agree on one set of rules.
"""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext

from portal.formatting import count_words

# The UK postcode format from the government's data standards (including GIR 0AA).
_POSTCODE = re.compile(
    r"^(GIR0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?|[0-9][A-HJKPS-UW])[0-9][ABD-HJLNP-UW-Z]{2})$"
)
_PHONE_ALLOWED = re.compile(r"^\+?[0-9 ()\-]+$")
# Providers that ignore dots in the local part of an address.
_DOTS_IGNORED = {"gmail.com", "googlemail.com"}


def normalise_postcode(value: str) -> str:
    """' km1  2ab ' -> 'KM1 2AB'. Assumes the value is a valid postcode once spaces are removed."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def is_uk_postcode(value: str) -> bool:
    return bool(_POSTCODE.match(re.sub(r"\s+", "", value or "").upper()))


def email_problem(value: str) -> str | None:
    """Why `value` is not an e-mail address we can write to, or None. Never looks the domain up."""
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return gettext("Enter an e-mail address in the correct format, like name@example.com")
    return None


def tidy_email(value: str) -> str:
    """The address as we will write to it: trimmed, with the domain in lower case."""
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return value.strip()


def email_identity(value: str) -> str:
    """One key per mailbox, for "one question per person per meeting".

    Lower case throughout; a "+tag" in the local part is dropped (every large provider
    delivers jo+anything@ to jo@); dots are dropped where the provider ignores them, and
    googlemail.com is gmail.com. So one person cannot ask twice by decorating an address.
    """
    address = tidy_email(value).lower()
    local, _, domain = address.rpartition("@")
    if not local:
        return address
    local = local.split("+", 1)[0] or local
    if domain in _DOTS_IGNORED:
        local = local.replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


def phone_problem(value: str) -> str | None:
    if not value:
        return None
    digits = re.sub(r"\D", "", value)
    if not _PHONE_ALLOWED.match(value) or not 7 <= len(digits) <= 15:
        return gettext("Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")
    return None


def word_count(text: str) -> int:
    return count_words(text or "")


def words_over(text: str, limit: int) -> int:
    """How many words `text` is over `limit` (0 when within it)."""
    return max(0, word_count(text) - limit)
