"""Rejection grounds: the standard set, topped up on demand, and the council's own."""

from __future__ import annotations

import re

import sqlalchemy as sa

from portal.domain.permissions import NotPermitted, can_manage_committees
from portal.extensions import db
from portal.models import RejectionGround, User
from portal.reference_data import STANDARD_REJECTION_GROUNDS


def ensure_standard_grounds() -> list[RejectionGround]:
    """Add any standard ground that is missing; never changes one an admin has edited."""
    existing = set(db.session.scalars(sa.select(RejectionGround.code).order_by(RejectionGround.code)))
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


# Administration ------------------------------------------------------------------------

CODE_SHAPE = re.compile(r"^[a-z][a-z0-9_]*$")
STANDARD_CODES = frozenset(code for code, *_ in STANDARD_REJECTION_GROUNDS)


class GroundError(ValueError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _require_ground_manager(by: User) -> None:
    if not can_manage_committees(by):
        raise NotPermitted("Only administrators can change rejection grounds")


def all_grounds() -> list[RejectionGround]:
    return list(
        db.session.scalars(
            sa.select(RejectionGround).order_by(
                RejectionGround.is_active.desc(), RejectionGround.position, RejectionGround.id
            )
        )
    )


def questions_using(ground: RejectionGround) -> int:
    from portal.models import Question

    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Question).where(Question.rejection_ground_id == ground.id)
    )


def can_be_deleted(ground: RejectionGround) -> bool:
    """Only a ground the council added itself and never used; others are made inactive."""
    return ground.code not in STANDARD_CODES and questions_using(ground) == 0


def _check_wording(title: str, public_wording: str, position: int) -> None:
    if not title.strip():
        raise GroundError("Enter a title for staff", field="title")
    if not public_wording.strip():
        raise GroundError("Enter the wording the questioner sees", field="public_wording")
    if not 0 <= position <= 999:
        raise GroundError("The position must be between 0 and 999", field="position")


def add_ground(
    *,
    by: User,
    code: str,
    title: str,
    public_wording: str,
    listed_by_default: bool,
    position: int,
) -> RejectionGround:
    _require_ground_manager(by)
    code = code.strip()
    if not code:
        raise GroundError("Enter a code", field="code")
    if len(code) > 50 or not CODE_SHAPE.match(code):
        raise GroundError(
            "The code must start with a letter and only include lower-case letters, numbers and "
            "underscores, like duplicate_question (50 characters or fewer)",
            field="code",
        )
    if db.session.scalar(sa.select(RejectionGround.id).where(RejectionGround.code == code)) is not None:
        raise GroundError("There is already a ground with that code", field="code")
    _check_wording(title, public_wording, position)
    ground = RejectionGround(
        code=code,
        title=title.strip(),
        public_wording=public_wording.strip(),
        listed_by_default=listed_by_default,
        is_active=True,
        position=position,
    )
    db.session.add(ground)
    db.session.flush()
    return ground


def update_ground(
    ground: RejectionGround,
    *,
    by: User,
    title: str,
    public_wording: str,
    listed_by_default: bool,
    is_active: bool,
    position: int,
) -> None:
    """The code never changes: rejected questions and reports refer to it."""
    _require_ground_manager(by)
    _check_wording(title, public_wording, position)
    ground.title = title.strip()
    ground.public_wording = public_wording.strip()
    ground.listed_by_default = listed_by_default
    ground.is_active = is_active
    ground.position = position
    db.session.flush()


def delete_ground(ground: RejectionGround, *, by: User) -> None:
    _require_ground_manager(by)
    if ground.code in STANDARD_CODES:
        raise GroundError("This is one of the standard grounds. Make it inactive instead")
    if questions_using(ground):
        raise GroundError("Questions have been rejected on this ground. Make it inactive instead")
    db.session.delete(ground)
    db.session.flush()
