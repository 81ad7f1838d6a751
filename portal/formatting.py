"""Dates, times and numbers as people read them: in Europe/London, GOV.UK style, in English
or (through Babel's Welsh locale data) in Welsh, whichever the page or e-mail is in."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel import Locale
from babel import dates as babel_dates
from flask_babel import get_locale

LONDON = ZoneInfo("Europe/London")
# "canol dydd" and "canol nos": Babel's Welsh names for midday and midnight.
_WELSH_DAY_PERIODS = Locale("cy").day_periods["format"]["abbreviated"]


def to_london(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("Naive datetimes are not allowed; store UTC")
    return value.astimezone(LONDON)


def london_to_utc(day: dt.date, time: dt.time) -> dt.datetime:
    """A wall-clock time in London on a day, as UTC. Clock changes are handled by zoneinfo."""
    return dt.datetime.combine(day, time, tzinfo=LONDON).astimezone(dt.UTC)


def current_language() -> str:
    """The language of the text being written now: the page's, or an e-mail's under
    `flask_babel.force_locale`. English outside a request."""
    try:
        locale = get_locale()
    except RuntimeError:  # no application context
        return "en"
    return "cy" if locale is not None and locale.language == "cy" else "en"


def _welsh(value: dt.date | dt.time | dt.datetime, pattern: str) -> str:
    """Babel's Welsh names of days, months and times of day."""
    if isinstance(value, dt.time):
        return babel_dates.format_time(value, pattern, locale="cy")
    return babel_dates.format_date(value, pattern, locale="cy")


def _welsh_weekday(value: dt.date) -> str:
    """ "dydd Iau": Babel's name, with "dydd" in lower case as inside a sentence."""
    name = _welsh(value, "EEEE")
    return name[:1].lower() + name[1:]


def weekday_name(value: dt.date) -> str:
    """Thursday; in Welsh dydd Iau."""
    return _welsh_weekday(value) if current_language() == "cy" else f"{value:%A}"


def month_name(value: dt.date) -> str:
    """February; in Welsh Chwefror."""
    return _welsh(value, "MMMM") if current_language() == "cy" else f"{value:%B}"


def format_time(value: dt.time | dt.datetime) -> str:
    """9:30am, 2:30pm, midday, midnight (the GOV.UK style guide); in Welsh 9:30yb, 2:30yh,
    canol dydd, canol nos."""
    if isinstance(value, dt.datetime):
        value = to_london(value).time()
    welsh = current_language() == "cy"
    if value.hour == 12 and value.minute == 0:
        return _WELSH_DAY_PERIODS["noon"] if welsh else "midday"
    if value.hour == 0 and value.minute == 0:
        return _WELSH_DAY_PERIODS["midnight"] if welsh else "midnight"
    if welsh:
        return _welsh(value, "h:mmaaaa" if value.minute else "haaaa")
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}:{value.minute:02d}{suffix}" if value.minute else f"{hour}{suffix}"


def format_date(value: dt.date | dt.datetime, weekday: bool = True) -> str:
    """Tuesday 28 February 2023 (or 28 February 2023); in Welsh dydd Mawrth 28 Chwefror 2023,
    the day's name in lower case as it stands inside a sentence."""
    if isinstance(value, dt.datetime):
        value = to_london(value).date()
    if current_language() == "cy":
        text = _welsh(value, "d MMMM y")
        return f"{_welsh_weekday(value)} {text}" if weekday else text
    text = f"{value.day} {value:%B %Y}"
    return f"{value:%A} {text}" if weekday else text


def format_on_date(value: dt.date | dt.datetime, weekday: bool = True) -> str:
    """ "on Tuesday 28 February 2023"; in Welsh the adverbial "ddydd Mawrth 28 Chwefror 2023"
    (the soft mutation of dydd), or "ar 28 Chwefror 2023" without the day's name."""
    if current_language() == "cy":
        text = format_date(value, weekday=weekday)
        return f"d{text}" if weekday else f"ar {text}"
    return f"on {format_date(value, weekday=weekday)}"


def format_short_date(value: dt.date | dt.datetime) -> str:
    """28 Feb 2023: for tables where space is short (28 Chwef 2023)."""
    if isinstance(value, dt.datetime):
        value = to_london(value).date()
    if current_language() == "cy":
        return _welsh(value, "d MMM y")
    return f"{value.day} {value:%b %Y}"


def format_datetime(value: dt.datetime, weekday: bool = True) -> str:
    """9:30am on Thursday 23 February 2023; 9:30yb ddydd Iau 23 Chwefror 2023."""
    if current_language() == "cy":
        return f"{format_time(value)} {format_on_date(value, weekday=weekday)}"
    return f"{format_time(value)} on {format_date(value, weekday=weekday)}"


def format_month_year(value: dt.date) -> str:
    """February 2023; in Welsh Chwefror 2023 (a month standing alone, as a heading)."""
    if current_language() == "cy":
        return _welsh(value, "LLLL y")
    return f"{value:%B %Y}"


def format_day_month(value: dt.date) -> str:
    if current_language() == "cy":
        return f"{_welsh_weekday(value)} {_welsh(value, 'd MMMM')}"
    return f"{value:%A} {value.day} {value:%B}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count} {word}"


def count_words(text: str) -> int:
    """Counted as GOV.UK Frontend's word count does (runs of non-space), so the live
    count in the browser and the server's check always agree."""
    return len(text.split())
