"""Rejection grounds: the standard set, topped up on demand."""

from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.models import RejectionGround
from portal.reference_data import STANDARD_REJECTION_GROUNDS


def ensure_standard_grounds() -> list[RejectionGround]:
    """Add any standard ground that is missing; never changes one an admin has edited."""
    existing = {g.code for g in db.session.scalars(sa.select(RejectionGround))}
    for position, (code, title, wording, listed) in enumerate(STANDARD_REJECTION_GROUNDS, start=1):
        if code not in existing:
            db.session.add(
                RejectionGround(
                    code=code,
                    title=title,
                    public_wording=wording,
                    listed_by_default=listed,
                    position=position,
                )
            )
    db.session.flush()
    return active_grounds()


def active_grounds() -> list[RejectionGround]:
    return list(
        db.session.scalars(
            sa.select(RejectionGround)
            .where(RejectionGround.is_active.is_(True))
            .order_by(RejectionGround.position, RejectionGround.id)
        )
    )
