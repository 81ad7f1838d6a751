"""The second factor: an authenticator app (TOTP, RFC 6238) and one-time recovery codes.

Administrators and clerks always use one (they see every questioner's contact details);
anyone else does if the council says so on the sign-in settings page, or if they set
one up themselves. It is set up at first sign-in: the portal shows a QR code (drawn
here, as SVG, by segno: no outside service sees the secret) and the key as text, and
the person types a code to prove the app has it. They are then given ten recovery
codes, shown once and stored only as hashes. A code is accepted once (the step is
remembered), one step either side of now to allow for clock drift. An administrator
can reset someone's second factor (a lost phone); that is in the security log and the
person sets up a new one at their next sign-in.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import re
import secrets

import pyotp
import segno
import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

from portal.domain.people import sessions
from portal.domain.people.security_log import record
from portal.domain.permissions import NotPermitted, can_manage_users
from portal.extensions import db
from portal.models import RecoveryCode, User, utcnow

RECOVERY_CODES = 10
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes, as for generated passwords
_SIX_DIGITS = re.compile(r"^[0-9]{6}$")


class SecondFactorError(ValueError):
    """A code that was not accepted, worded for the person typing it."""


def _fernet() -> Fernet:
    secret = current_app.config["SECRET_KEY"].encode()
    key = hmac.new(secret, b"portal authenticator secrets", hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt_secret(stored: str) -> str:
    try:
        return _fernet().decrypt(stored.encode()).decode()
    except InvalidToken:
        raise SecondFactorError(
            "Your authenticator app cannot be checked. Ask an administrator to reset it"
        ) from None


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    issuer = current_app.config["COUNCIL_NAME"]
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_svg(uri: str) -> str:
    """The QR code as an inline SVG element (no XML declaration), with a text alternative."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(
        buffer,
        kind="svg",
        scale=5,
        border=4,
        xmldecl=False,
        svgns=True,
        title="QR code for your authenticator app",
        dark="#0b0c0c",
        light="#ffffff",
    )
    return buffer.getvalue().decode()


def grouped(secret: str) -> str:
    """The key as people type it: groups of four."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _clean_code(code: str | None) -> str:
    return re.sub(r"\s+", "", code or "")


def _accepted_step(secret: str, code: str, now: dt.datetime, last_step: int | None) -> int | None:
    """The 30-second step `code` belongs to (now, or one either side), if it is newer than
    `last_step`; None otherwise."""
    totp = pyotp.TOTP(secret)
    step_now = int(now.timestamp()) // totp.interval
    for step in (step_now, step_now - 1, step_now + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.at(step * totp.interval), code):
            return step
    return None


def confirm_enrolment(user: User, secret: str, code: str, now: dt.datetime | None = None) -> list[str]:
    """Save the app's secret once a code from it is right. Returns the new recovery codes."""
    now = now or utcnow()
    code = _clean_code(code)
    if not _SIX_DIGITS.match(code):
        raise SecondFactorError("Enter the 6-digit code from your authenticator app")
    step = _accepted_step(secret, code, now, None)
    if step is None:
        raise SecondFactorError(
            "That code is not right. Check the key in your app, wait for a new code and try again"
        )
    user.totp_secret = encrypt_secret(secret)
    user.totp_confirmed_at = now
    user.totp_last_step = step
    codes = _new_recovery_codes(user, now)
    db.session.flush()
    record("second_factor_set_up", "Set up an authenticator app", user=user, now=now)
    return codes


def verify(user: User, code: str, now: dt.datetime | None = None) -> bool:
    """Whether `code` is a fresh code from the user's app, or one of their unused recovery codes."""
    now = now or utcnow()
    cleaned = _clean_code(code).lower()
    if not user.has_second_factor or not user.totp_secret:
        return False
    if _SIX_DIGITS.match(cleaned):
        step = _accepted_step(decrypt_secret(user.totp_secret), cleaned, now, user.totp_last_step)
        if step is None:
            return False
        user.totp_last_step = step
        db.session.flush()
        return True
    return use_recovery_code(user, cleaned, now)


def _recovery_hash(user: User, code: str) -> str:
    normalised = re.sub(r"[^a-z0-9]", "", code.lower())
    return hashlib.sha256(f"{user.id}:{normalised}".encode()).hexdigest()


def _new_recovery_codes(user: User, now: dt.datetime) -> list[str]:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
        code = "-".join(raw[i : i + 4] for i in range(0, 12, 4))
        codes.append(code)
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_recovery_hash(user, code), created_at=now))
    db.session.flush()
    return codes


def new_recovery_codes(user: User, now: dt.datetime | None = None) -> list[str]:
    """Replace someone's recovery codes (their old ones stop working)."""
    now = now or utcnow()
    codes = _new_recovery_codes(user, now)
    record("recovery_codes_replaced", "Made new recovery codes", user=user, now=now)
    return codes


def use_recovery_code(user: User, code: str, now: dt.datetime | None = None) -> bool:
    now = now or utcnow()
    row = db.session.scalar(
        sa.select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _recovery_hash(user, code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if row is None:
        return False
    row.used_at = now
    db.session.flush()
    left = recovery_codes_left(user)
    record("recovery_code_used", f"Signed in with a recovery code ({left} left)", user=user, now=now)
    return True


def recovery_codes_left(user: User) -> int:
    return int(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        )
        or 0
    )


def reset(user: User, *, by: User, now: dt.datetime | None = None) -> None:
    """An administrator clears someone's second factor; they set up a new one at next sign-in."""
    if not can_manage_users(by):
        raise NotPermitted("Only administrators can reset a second factor")
    if user.id == by.id:
        raise SecondFactorError("Ask another administrator to reset your own second factor")
    if not user.has_second_factor:
        raise SecondFactorError(f"{user.name} has not set up a second factor")
    now = now or utcnow()
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    sessions.end_all_sessions(user, sessions.SECOND_FACTOR_RESET, now=now)
    db.session.flush()
    record(
        "second_factor_reset",
        "Second factor reset by an administrator; every session ended",
        user=user,
        actor=by,
        now=now,
    )
