"""Matching the person the council's identity provider vouches for to a staff account.

Accounts are made by administrators only. The first time someone signs in with the
provider, their verified e-mail address (or, for Microsoft 365, their sign-in name)
finds the account, and the provider's issuer and subject are stored on it. From then
on the subject alone finds them, so a renamed mailbox still signs in and a reused
address cannot take over the account. Roles are always the portal's own.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from portal.domain.people.accounts import find_user_by_email, normalise_email
from portal.domain.people.security_log import record
from portal.extensions import db
from portal.models import User


def subject_of(claims: dict[str, Any]) -> str | None:
    issuer, subject = claims.get("iss"), claims.get("sub")
    if not issuer or not subject:
        return None
    return f"{issuer}|{subject}"[:400]


def _address(claims: dict[str, Any]) -> str | None:
    email = claims.get("email")
    if email and claims.get("email_verified", True) is not False:
        return normalise_email(str(email))
    username = claims.get("preferred_username")
    if username and "@" in str(username):
        return normalise_email(str(username))
    return None


def match_staff_account(claims: dict[str, Any], *, source: str | None = None) -> User | None:
    """The enabled staff account for these ID-token claims, linking it on first use; or None."""
    subject = subject_of(claims)
    if subject is None:
        return None
    user = db.session.scalar(sa.select(User).where(User.sso_subject == subject))
    if user is None:
        address = _address(claims)
        candidate = find_user_by_email(address) if address else None
        if candidate is None or candidate.sso_subject is not None:
            # Unknown here, or the account is linked to someone else at the provider.
            record("sso_refused", "Single sign-on refused: no staff account for this person", source=source)
            return None
        candidate.sso_subject = subject
        db.session.flush()
        record("sso_linked", "Linked to the council's identity provider", user=candidate, source=source)
        user = candidate
    if not user.is_enabled:
        record("sso_refused", "Single sign-on refused: the account is disabled", user=user, source=source)
        return None
    return user


def unlink(user: User, *, by: User) -> None:
    """An administrator detaches an account from the provider (it links again at next sign-in)."""
    user.sso_subject = None
    db.session.flush()
    record("sso_unlinked", "Unlinked from the council's identity provider", user=user, actor=by)
