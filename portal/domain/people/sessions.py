"""Staff sessions kept on the server, so signing out really ends them.

The browser's session cookie holds a random token; the `staff_session` row holds its
SHA-256. A session works while its row is not ended, the account is enabled, it has
been used within the council's idle time, and it is younger than the council's longest
session. Signing out, "sign out everywhere", a password change, a change of roles, a
reset second factor and disabling the account all end rows, so a copy of the cookie
taken before then opens nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets

import sqlalchemy as sa

from portal.domain.people.security_log import record
from portal.domain.people.sign_in_settings import current_rules
from portal.extensions import db
from portal.models import StaffSession, User, utcnow
from portal.models.secret_links import token_hash

# last_seen_at is written at most this often, so reading pages does not mean a write each time.
TOUCH_EVERY = dt.timedelta(seconds=60)

SIGNED_OUT = "signed out"
SIGNED_OUT_ELSEWHERE = "signed out everywhere"
PASSWORD_CHANGED = "password changed"  # noqa: S105 (a reason, not a password)
ROLES_CHANGED = "roles changed"
DISABLED = "account disabled"
SECOND_FACTOR_RESET = "second factor reset"
PASSWORD_RESET = "new password given"  # noqa: S105 (a reason, not a password)


def start_session(
    user: User,
    *,
    method: str,
    source: str | None = None,
    user_agent: str | None = None,
    now: dt.datetime | None = None,
) -> tuple[StaffSession, str]:
    """A new session for `user`; returns the row and the token for the cookie (not stored)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    row = StaffSession(
        user_id=user.id,
        token_hash=token_hash(token),
        method=method,
        created_at=now,
        last_seen_at=now,
        expires_at=now + dt.timedelta(hours=current_rules().session_absolute_hours),
        source=(source or "")[:45] or None,
        user_agent=(user_agent or "")[:200] or None,
    )
    db.session.add(row)
    user.last_signed_in_at = now
    db.session.flush()
    record("signed_in", f"Signed in ({method})", user=user, source=source, now=now)
    return row, token


def is_live(row: StaffSession, now: dt.datetime | None = None) -> bool:
    now = now or utcnow()
    if row.ended_at is not None or now >= row.expires_at:
        return False
    idle = dt.timedelta(minutes=current_rules().session_idle_minutes)
    return now - row.last_seen_at < idle


def find_live(token: str | None, now: dt.datetime | None = None) -> StaffSession | None:
    """The live session this cookie token belongs to, or None."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(sa.select(StaffSession).where(StaffSession.token_hash == token_hash(token)))
    if row is None or not is_live(row, now) or not row.user.is_enabled:
        return None
    return row


def needs_touch(row: StaffSession, now: dt.datetime | None = None) -> bool:
    return (now or utcnow()) - row.last_seen_at >= TOUCH_EVERY


def touch(row_id: int, now: dt.datetime | None = None) -> None:
    """Record that the session was used (a plain UPDATE: it changes no other state)."""
    db.session.execute(
        sa.update(StaffSession)
        .where(StaffSession.id == row_id, StaffSession.ended_at.is_(None))
        .values(last_seen_at=now or utcnow())
    )


def end_session(row: StaffSession, reason: str = SIGNED_OUT, now: dt.datetime | None = None) -> None:
    if row.ended_at is None:
        row.ended_at = now or utcnow()
        row.ended_reason = reason
        db.session.flush()


def end_all_sessions(
    user: User, reason: str, *, keep: StaffSession | None = None, now: dt.datetime | None = None
) -> int:
    """End every live session of `user` (but `keep`). Returns how many were ended."""
    now = now or utcnow()
    query = sa.update(StaffSession).where(StaffSession.user_id == user.id, StaffSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(StaffSession.id != keep.id)
    # An ORM update: rows already loaded in this session see the change too.
    result = db.session.execute(query.values(ended_at=now, ended_reason=reason))
    return int(result.rowcount or 0)


def live_sessions(user: User, now: dt.datetime | None = None) -> list[StaffSession]:
    now = now or utcnow()
    rows = db.session.scalars(
        sa.select(StaffSession)
        .where(StaffSession.user_id == user.id, StaffSession.ended_at.is_(None))
        .order_by(StaffSession.last_seen_at.desc(), StaffSession.id.desc())
    )
    return [row for row in rows if is_live(row, now)]


def sign_out_everywhere(user: User, *, keep: StaffSession | None = None, source: str | None = None) -> int:
    ended = end_all_sessions(user, SIGNED_OUT_ELSEWHERE, keep=keep)
    where = "every other session" if keep is not None else "every session"
    record("signed_out_everywhere", f"Signed out of {where} ({ended})", user=user, source=source)
    return ended
