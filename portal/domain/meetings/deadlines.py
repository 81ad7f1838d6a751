"""Question deadlines in clear working days, with the working shown in words.

A clear working day is a Monday to Friday that is not an England and Wales bank
holiday (from govuk-bank-holidays' bundled data: no network) and not a day the
council has closed its offices. "N clear working days before the meeting, at HH:MM"
means: count back N working days from the day before the meeting, not counting the
meeting day itself; the deadline falls at HH:MM on the working day before those.

    9:30am on Thursday 23 February 2023: 2 clear working days before Tuesday
    28 February; Friday 24 and Monday 27 counted
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from govuk_bank_holidays.bank_holidays import BankHolidays

from portal.formatting import LONDON, format_date, format_datetime, london_to_utc, plural, to_london

WEEKEND = {5, 6}


@functools.cache
def _bank_holidays() -> dict[dt.date, str]:
    data = BankHolidays(use_cached_holidays=True)
    return {h["date"]: h["title"] for h in data.get_holidays(division=BankHolidays.ENGLAND_AND_WALES)}


@functools.cache
def last_known_bank_holiday() -> dt.date:
    return max(_bank_holidays())


def bank_holiday_name(day: dt.date) -> str | None:
    return _bank_holidays().get(day)


def non_working_reason(day: dt.date, closures: Mapping[dt.date, str]) -> str | None:
    """Why `day` is not a working day, or None if it is one."""
    if day.weekday() in WEEKEND:
        return "weekend"
    holiday = bank_holiday_name(day)
    if holiday:
        return holiday
    if day in closures:
        return closures[day] or "council offices closed"
    return None


def is_working_day(day: dt.date, closures: Mapping[dt.date, str] | None = None) -> bool:
    return non_working_reason(day, closures or {}) is None


@dataclass(frozen=True)
class Deadline:
    at: dt.datetime  # UTC
    meeting_day: dt.date
    deadline_day: dt.date
    counted: tuple[dt.date, ...]  # the clear working days, earliest first
    skipped: tuple[tuple[dt.date, str], ...] = field(default=())  # non-working days passed over, and why
    warning: str | None = None

    @property
    def explanation(self) -> str:
        return explain(self)


def _day_list(days: list[dt.date], context: dt.date) -> str:
    """ "Friday 24 and Monday 27": a month is named only where it differs from the
    next day's, or (for the last day) from the month of `context`."""
    if not days:
        return ""
    names = []
    for i, day in enumerate(days):
        text = f"{day:%A} {day.day}"
        following = days[i + 1] if i + 1 < len(days) else context
        if following.month != day.month or following.year != day.year:
            text += f" {day:%B}"
        names.append(text)
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def explain(deadline: Deadline) -> str:
    meeting = f"{deadline.meeting_day:%A} {deadline.meeting_day.day} {deadline.meeting_day:%B}"
    if deadline.meeting_day.year != deadline.deadline_day.year:
        meeting += f" {deadline.meeting_day.year}"
    n = len(deadline.counted)
    text = f"{format_datetime(deadline.at)}: {plural(n, 'clear working day')} before {meeting}"
    if deadline.counted:
        text += f"; {_day_list(list(deadline.counted), deadline.meeting_day)} counted"
    for day, why in deadline.skipped:
        if why != "weekend":
            text += f"; {day:%A} {day.day} {day:%B} not counted ({why})"
    if deadline.warning:
        text += f". {deadline.warning}"
    return text


def compute_deadline(
    meeting_starts_at: dt.datetime,
    clear_working_days: int,
    deadline_time: dt.time,
    closures: Mapping[dt.date, str] | None = None,
) -> Deadline:
    """The question deadline for a meeting starting at `meeting_starts_at` (timezone-aware)."""
    if clear_working_days < 0:
        raise ValueError("clear_working_days must not be negative")
    closures = closures or {}
    meeting_day = to_london(meeting_starts_at).date()
    counted: list[dt.date] = []
    skipped: list[tuple[dt.date, str]] = []
    day = meeting_day - dt.timedelta(days=1)
    while len(counted) < clear_working_days:
        reason = non_working_reason(day, closures)
        if reason is None:
            counted.append(day)
        else:
            skipped.append((day, reason))
        day -= dt.timedelta(days=1)
    # The deadline itself falls on the working day before the clear days.
    while (reason := non_working_reason(day, closures)) is not None:
        skipped.append((day, reason))
        day -= dt.timedelta(days=1)
    deadline_day = day
    at = london_to_utc(deadline_day, deadline_time)
    warning = None
    if meeting_day > last_known_bank_holiday():
        warning = (
            f"Bank holidays are published only to {format_date(last_known_bank_holiday(), weekday=False)}, "
            "so check this deadline again when later ones are announced"
        )
    return Deadline(
        at=at,
        meeting_day=meeting_day,
        deadline_day=deadline_day,
        counted=tuple(sorted(counted)),
        skipped=tuple(sorted(skipped)),
        warning=warning,
    )


def deadline_has_passed(deadline_at: dt.datetime, now: dt.datetime) -> bool:
    return now >= deadline_at


def time_left_words(deadline_at: dt.datetime, now: dt.datetime) -> str:
    """'2 days and 3 hours left', '40 minutes left', or 'passed'."""
    if now >= deadline_at:
        return "passed"
    left = deadline_at - now
    days, seconds = left.days, left.seconds
    hours, minutes = seconds // 3600, (seconds % 3600) // 60
    if days >= 1:
        return (
            f"{plural(days, 'day')} and {plural(hours, 'hour')} left"
            if hours
            else f"{plural(days, 'day')} left"
        )
    if hours >= 1:
        return f"{plural(hours, 'hour')} left"
    return f"{plural(max(minutes, 1), 'minute')} left"


__all__ = [
    "LONDON",
    "Deadline",
    "compute_deadline",
    "deadline_has_passed",
    "explain",
    "is_working_day",
    "non_working_reason",
    "time_left_words",
]
