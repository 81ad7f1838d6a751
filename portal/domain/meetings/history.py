"""A meeting's change history, in words a clerk (or a member of the public) reads."""

from __future__ import annotations

from dataclasses import dataclass

from portal.formatting import format_datetime
from portal.models import MeetingChange, MeetingChangeKind

K = MeetingChangeKind


@dataclass(frozen=True)
class HistoryEntry:
    change: MeetingChange
    title: str
    details: tuple[str, ...]


def _deadline_sentence(change: MeetingChange) -> str | None:
    before, after = change.from_deadline_at, change.to_deadline_at
    if before is None or after is None:
        return None
    if before == after:
        return f"The question deadline stayed at {format_datetime(after)}"
    return f"The question deadline changed from {format_datetime(before)} to {format_datetime(after)}"


def describe(change: MeetingChange) -> HistoryEntry:
    details: list[str] = []
    if change.kind is K.SCHEDULED:
        title = "Scheduled"
        if change.to_starts_at is not None:
            details.append(f"For {format_datetime(change.to_starts_at)}")
        if change.to_venue:
            details.append(f"At {change.to_venue}")
    elif change.kind is K.MOVED:
        title = "Moved"
        if change.from_starts_at != change.to_starts_at and change.from_starts_at and change.to_starts_at:
            details.append(
                f"From {format_datetime(change.from_starts_at)} to {format_datetime(change.to_starts_at)}"
            )
        if change.from_venue != change.to_venue:
            details.append(
                f"Venue changed from {change.from_venue or 'not set'} to {change.to_venue or 'not set'}"
            )
    elif change.kind is K.DETAILS_CHANGED:
        title = "Details changed"
        if change.from_venue != change.to_venue:
            details.append(
                f"Venue changed from {change.from_venue or 'not set'} to {change.to_venue or 'not set'}"
            )
    elif change.kind is K.CANCELLED:
        title = "Cancelled"
    elif change.kind is K.REINSTATED:
        title = "Reinstated"
    elif change.kind is K.HELD:
        title = "Marked as held"
    elif change.kind is K.DEADLINE_OVERRIDDEN:
        title = "Question deadline set by hand"
    else:
        title = "Question deadline worked out again"
    deadline = _deadline_sentence(change)
    if deadline:
        details.append(deadline)
    return HistoryEntry(change=change, title=title, details=tuple(details))


def history(changes: list[MeetingChange]) -> list[HistoryEntry]:
    """Newest first."""
    return [describe(c) for c in sorted(changes, key=lambda c: (c.at, c.id or 0), reverse=True)]
