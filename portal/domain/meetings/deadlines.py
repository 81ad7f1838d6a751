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

from flask_babel import gettext, ngettext
from govuk_bank_holidays.bank_holidays import BankHolidays

from portal.formatting import (
    LONDON,
    current_language,
    format_date,
    format_datetime,
    london_to_utc,
    month_name,
    plural,
    to_london,
    weekday_name,
)

WEEKEND = {5, 6}


@functools.cache
def _bank_holidays() -> dict[dt.date, str]:
    data = BankHolidays(use_cached_holidays=True)
    return {h["date"]: h["title"] for h in data.get_holidays(division=BankHolidays.ENGLAND_AND_WALES)}


@functools.cache
def _welsh_bank_holidays() -> dict[dt.date, str]:
    data = BankHolidays(locale="cy", use_cached_holidays=True)
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


def _day_name(day: dt.date, with_month: bool = True) -> str:
    text = f"{weekday_name(day)} {day.day}"
    return f"{text} {month_name(day)}" if with_month else text


def _day_list(days: list[dt.date], context: dt.date) -> str:
    """ "Friday 24 and Monday 27": a month is named only where it differs from the
    next day's, or (for the last day) from the month of `context`."""
    if not days:
        return ""
    names = []
    for i, day in enumerate(days):
        following = days[i + 1] if i + 1 < len(days) else context
        names.append(_day_name(day, following.month != day.month or following.year != day.year))
    if len(names) == 1:
        return names[0]
    return gettext("%(days)s and %(last)s", days=", ".join(names[:-1]), last=names[-1])


def _why_not_counted(day: dt.date, why: str) -> str:
    """The reason in the words of the page: bank holidays by their Welsh names in Welsh;
    a closure is described as the council typed it."""
    if current_language() == "cy" and why == bank_holiday_name(day):
        return _welsh_bank_holidays().get(day, why)
    if why == "council offices closed":
        return gettext("council offices closed")
    return why


def explain(deadline: Deadline) -> str:
    """The working, in the language of the page or e-mail being written."""
    meeting = _day_name(deadline.meeting_day)
    if deadline.meeting_day.year != deadline.deadline_day.year:
        meeting += f" {deadline.meeting_day.year}"
    n = len(deadline.counted)
    text = gettext(
        "%(deadline)s: %(days)s before %(meeting)s",
        deadline=format_datetime(deadline.at),
        days=ngettext("%(num)d clear working day", "%(num)d clear working days", n),
        meeting=meeting,
    )
    if deadline.counted:
        text += gettext("; %(days)s counted", days=_day_list(list(deadline.counted), deadline.meeting_day))
    for day, why in deadline.skipped:
        if why != "weekend":
            text += gettext(
                "; %(day)s not counted (%(why)s)", day=_day_name(day), why=_why_not_counted(day, why)
            )
    if deadline.warning:
        text += f". {deadline_warning(deadline.meeting_day) or deadline.warning}"
    return text


def deadline_warning(meeting_day: dt.date) -> str | None:
    if meeting_day <= last_known_bank_holiday():
        return None
    return gettext(
        "Bank holidays are published only to %(date)s, so check this deadline again when later ones "
        "are announced",
        date=format_date(last_known_bank_holiday(), weekday=False),
    )


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
    warning = deadline_warning(meeting_day)
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
