"""Days the council's offices are closed. They are not working days, so adding or
removing one can move the question deadlines of upcoming meetings."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portal.domain.meetings import deadlines, scheduling
from portal.domain.permissions import NotPermitted, can_manage_committees
from portal.extensions import db
from portal.formatting import format_date, to_london
from portal.models import ClosureDay, User, utcnow


class ClosureError(ValueError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _require_closure_manager(by: User) -> None:
    if not can_manage_committees(by):
        raise NotPermitted("Only administrators can change closure days")


def london_today() -> dt.date:
    return to_london(utcnow()).date()


def upcoming_closure_days(today: dt.date | None = None) -> list[ClosureDay]:
    today = today or london_today()
    return list(
        db.session.scalars(sa.select(ClosureDay).where(ClosureDay.day >= today).order_by(ClosureDay.day))
    )


def past_closure_days(today: dt.date | None = None, limit: int = 20) -> list[ClosureDay]:
    today = today or london_today()
    return list(
        db.session.scalars(
            sa.select(ClosureDay).where(ClosureDay.day < today).order_by(ClosureDay.day.desc()).limit(limit)
        )
    )


def add_closure_day(
    *, by: User, day: dt.date, description: str, today: dt.date | None = None
) -> tuple[ClosureDay, int]:
    """Add a closure day; returns it and how many upcoming deadlines changed."""
    _require_closure_manager(by)
    today = today or london_today()
    if day < today:
        raise ClosureError("The date must be today or in the future", field="day")
    description = description.strip()
    if not description:
        raise ClosureError("Enter why the offices are closed", field="description")
    if len(description) > 200:
        raise ClosureError("The reason must be 200 characters or fewer", field="description")
    existing = db.session.scalar(sa.select(ClosureDay).where(ClosureDay.day == day))
    if existing is not None:
        raise ClosureError(
            f"{format_date(day)} is already a closure day ({existing.description})", field="day"
        )
    if day.weekday() in deadlines.WEEKEND:
        raise ClosureError(
            f"{format_date(day)} is a weekend, so it is not a working day already", field="day"
        )
    holiday = deadlines.bank_holiday_name(day)
    if holiday:
        raise ClosureError(f"{format_date(day)} is a bank holiday already ({holiday})", field="day")
    closure = ClosureDay(day=day, description=description)
    db.session.add(closure)
    db.session.flush()
    return closure, scheduling.recompute_upcoming_deadlines(by=by)


def remove_closure_day(closure: ClosureDay, *, by: User) -> int:
    """Remove a closure day; returns how many upcoming deadlines changed."""
    _require_closure_manager(by)
    db.session.delete(closure)
    db.session.flush()
    return scheduling.recompute_upcoming_deadlines(by=by)
