"""Dates, times and numbers as people read them: in Europe/London, GOV.UK style."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def to_london(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("Naive datetimes are not allowed; store UTC")
    return value.astimezone(LONDON)


def london_to_utc(day: dt.date, time: dt.time) -> dt.datetime:
    """A wall-clock time in London on a day, as UTC. Clock changes are handled by zoneinfo."""
    return dt.datetime.combine(day, time, tzinfo=LONDON).astimezone(dt.UTC)


def format_time(value: dt.time | dt.datetime) -> str:
    """9:30am, 2:30pm, midday, midnight (the GOV.UK style guide)."""
    if isinstance(value, dt.datetime):
        value = to_london(value).time()
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}:{value.minute:02d}{suffix}" if value.minute else f"{hour}{suffix}"


def format_date(value: dt.date | dt.datetime, weekday: bool = True) -> str:
    """Tuesday 28 February 2023 (or 28 February 2023)."""
    if isinstance(value, dt.datetime):
        value = to_london(value).date()
    text = f"{value.day} {value:%B %Y}"
    return f"{value:%A} {text}" if weekday else text


def format_short_date(value: dt.date | dt.datetime) -> str:
    """28 Feb 2023: for tables where space is short."""
    if isinstance(value, dt.datetime):
        value = to_london(value).date()
    return f"{value.day} {value:%b %Y}"


def format_datetime(value: dt.datetime, weekday: bool = True) -> str:
    """9:30am on Thursday 23 February 2023."""
    return f"{format_time(value)} on {format_date(value, weekday=weekday)}"


def format_day_month(value: dt.date) -> str:
    return f"{value:%A} {value.day} {value:%B}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count} {word}"


def count_words(text: str) -> int:
    """Counted as GOV.UK Frontend's word count does (runs of non-space), so the live
    count in the browser and the server's check always agree."""
    return len(text.split())
