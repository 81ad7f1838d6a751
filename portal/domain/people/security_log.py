"""The security log: what happened to staff accounts, who did it, and from where.

Administrators read it on each account's page. Entries never hold a password, a code,
a token or a questioner's contact details; they are deleted after
SECURITY_LOG_RETENTION_DAYS (see portal/domain/retention.py).
"""

from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa

from portal.extensions import db
from portal.models import SecurityEvent, User, utcnow

log = logging.getLogger("portal.security")


def record(
    verb: str,
    description: str,
    *,
    user: User | None = None,
    actor: User | None = None,
    source: str | None = None,
    now: dt.datetime | None = None,
) -> SecurityEvent:
    event = SecurityEvent(
        verb=verb,
        description=description[:300],
        user_id=user.id if user is not None else None,
        actor_id=actor.id if actor is not None else None,
        source=(source or "")[:45] or None,
        at=now or utcnow(),
    )
    db.session.add(event)
    db.session.flush()
    log.info(
        "%s: user %s, by %s", verb, user.id if user else "-", actor.id if actor else ("self" if user else "-")
    )
    return event


def events_for(user: User, limit: int = 25) -> list[SecurityEvent]:
    return list(
        db.session.scalars(
            sa.select(SecurityEvent)
            .where(SecurityEvent.user_id == user.id)
            .order_by(SecurityEvent.at.desc(), SecurityEvent.id.desc())
            .limit(limit)
        )
    )
