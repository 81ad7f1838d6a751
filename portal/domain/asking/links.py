"""Signed, expiring links sent by e-mail: confirming a question, and "see all my questions".

The payload is a question's id, never an e-mail address: links end up in server logs
and browser histories, and an id says nothing about a person. The signature (with the
app's SECRET_KEY) makes them unforgeable; the timestamp makes them expire.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from portal.domain.conditions import CONFIRM_WITHIN
from portal.models import utcnow

CONFIRM_SALT = "confirm-question"
MY_QUESTIONS_SALT = "my-questions"
CONFIRM_LIFETIME = CONFIRM_WITHIN
MY_QUESTIONS_LIFETIME = dt.timedelta(hours=24)


class LinkExpired(Exception):
    """The link was genuine but is too old. `question_id` says which question it was for."""

    def __init__(self, question_id: int | None) -> None:
        super().__init__("This link has expired")
        self.question_id = question_id


class LinkInvalid(Exception):
    """The link was not made by the portal (mistyped, cut short or tampered with)."""


def _serializer(salt: str, now: dt.datetime | None) -> URLSafeTimedSerializer:
    moment = int((now or utcnow()).timestamp())

    class Signer(TimestampSigner):
        # The portal's clock, not the machine's, so tests can move time on.
        def get_timestamp(self) -> int:
            return moment

    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt, signer=Signer)


def _make(salt: str, question_id: int, now: dt.datetime | None) -> str:
    return str(_serializer(salt, now).dumps({"q": question_id}))


def _read(salt: str, token: str, lifetime: dt.timedelta, now: dt.datetime | None) -> int:
    serializer = _serializer(salt, now)
    try:
        payload = serializer.loads(token, max_age=int(lifetime.total_seconds()))
    except SignatureExpired as error:
        payload = error.payload
        question_id = None
        if payload is not None:
            try:
                question_id = int(serializer.load_payload(payload)["q"])
            except (BadSignature, KeyError, TypeError, ValueError):
                question_id = None
        raise LinkExpired(question_id) from None
    except BadSignature:
        raise LinkInvalid() from None
    try:
        return int(payload["q"])
    except (KeyError, TypeError, ValueError):
        raise LinkInvalid() from None


def confirm_token(question_id: int, now: dt.datetime | None = None) -> str:
    return _make(CONFIRM_SALT, question_id, now)


def read_confirm_token(token: str, now: dt.datetime | None = None) -> int:
    """The question id in a confirmation link; LinkExpired after 48 hours, LinkInvalid if forged."""
    return _read(CONFIRM_SALT, token, CONFIRM_LIFETIME, now)


def my_questions_token(question_id: int, now: dt.datetime | None = None) -> str:
    """A link to every question asked from the same e-mail address as `question_id`."""
    return _make(MY_QUESTIONS_SALT, question_id, now)


def read_my_questions_token(token: str, now: dt.datetime | None = None) -> int:
    return _read(MY_QUESTIONS_SALT, token, MY_QUESTIONS_LIFETIME, now)
