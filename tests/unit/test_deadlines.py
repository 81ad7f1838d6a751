"""Deadlines in clear working days, and how they are explained."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.domain.meetings.deadlines import (
    compute_deadline,
    is_working_day,
    non_working_reason,
    time_left_words,
)
from portal.formatting import london_to_utc, to_london
from tests.factories import london

NINE_THIRTY = dt.time(9, 30)


def test_the_seed_agenda_deadline_and_its_working():
    # Seed 004: "9:30am on Thursday 23 February 2023" for Tuesday 28 February 2023, 2.30 pm.
    deadline = compute_deadline(london(2023, 2, 28, 14, 30), 2, NINE_THIRTY)
    assert deadline.at == london(2023, 2, 23, 9, 30)
    assert deadline.explanation == (
        "9:30am on Thursday 23 February 2023: 2 clear working days before Tuesday 28 February; "
        "Friday 24 and Monday 27 counted"
    )


def test_bank_holidays_are_not_counted_and_are_named():
    # Spring bank holiday, Monday 29 May 2023.
    deadline = compute_deadline(london(2023, 5, 30), 2, NINE_THIRTY)
    assert deadline.at == london(2023, 5, 24, 9, 30)
    assert "Monday 29 May not counted (Spring bank holiday)" in deadline.explanation


def test_christmas_and_new_year_across_a_year_end():
    deadline = compute_deadline(london(2023, 1, 3), 2, NINE_THIRTY)
    # 2 January 2023 was the substitute New Year's Day; 26 and 27 December were holidays.
    assert deadline.at == london(2022, 12, 28, 9, 30)
    assert "before Tuesday 3 January 2023" in deadline.explanation
    assert "Thursday 29 and Friday 30 December counted" in deadline.explanation


def test_council_closure_days_are_not_working_days():
    closures = {dt.date(2023, 2, 24): "offices closed for staff training"}
    deadline = compute_deadline(london(2023, 2, 28), 2, NINE_THIRTY, closures)
    assert deadline.at == london(2023, 2, 22, 9, 30)
    assert "Friday 24 February not counted (offices closed for staff training)" in deadline.explanation


def test_deadlines_follow_british_summer_time():
    # Clocks went forward on 26 March 2023: 9:30am London is 8:30 UTC afterwards.
    deadline = compute_deadline(london(2023, 4, 4), 2, NINE_THIRTY)
    assert deadline.at == dt.datetime(2023, 3, 30, 8, 30, tzinfo=dt.UTC)


def test_beyond_the_published_bank_holidays_the_explanation_warns():
    deadline = compute_deadline(london(2031, 3, 4), 2, NINE_THIRTY)
    assert "Bank holidays are published only to" in deadline.explanation


def test_time_left_in_words():
    now = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)
    assert time_left_words(now + dt.timedelta(days=2, hours=3), now) == "2 days and 3 hours left"
    assert time_left_words(now + dt.timedelta(minutes=40), now) == "40 minutes left"
    assert time_left_words(now - dt.timedelta(seconds=1), now) == "passed"


meeting_times = st.builds(
    lambda day, minutes: london_to_utc(day, dt.time(minutes // 60, minutes % 60)),
    st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2028, 12, 31)),
    st.integers(min_value=8 * 60, max_value=21 * 60),
)
deadline_times = st.builds(dt.time, st.integers(min_value=7, max_value=18), st.sampled_from([0, 15, 30, 45]))
closure_sets = st.dictionaries(
    st.dates(min_value=dt.date(2014, 12, 1), max_value=dt.date(2028, 12, 31)), st.just("closed"), max_size=10
)


@settings(max_examples=300, deadline=None)
@given(meeting_times, st.integers(min_value=0, max_value=10), deadline_times, closure_sets)
def test_exactly_n_clear_working_days_lie_between_deadline_and_meeting(starts_at, n, at, closures):
    deadline = compute_deadline(starts_at, n, at, closures)
    meeting_day = to_london(starts_at).date()
    between = [
        deadline.deadline_day + dt.timedelta(days=i)
        for i in range(1, (meeting_day - deadline.deadline_day).days)
    ]
    assert sum(is_working_day(d, closures) for d in between) == n
    assert list(deadline.counted) == [d for d in between if is_working_day(d, closures)]
    assert is_working_day(deadline.deadline_day, closures)
    assert deadline.at < starts_at
    assert to_london(deadline.at).time() == at
    assert to_london(deadline.at).date() == deadline.deadline_day
    assert all(non_working_reason(d, closures) for d, _ in deadline.skipped)


@settings(max_examples=200, deadline=None)
@given(meeting_times, st.integers(min_value=1, max_value=60), st.integers(min_value=0, max_value=8))
def test_moving_a_meeting_later_never_brings_its_deadline_forward(starts_at, days_later, n):
    earlier = compute_deadline(starts_at, n, NINE_THIRTY)
    later = compute_deadline(starts_at + dt.timedelta(days=days_later), n, NINE_THIRTY)
    assert later.at >= earlier.at


@settings(max_examples=200, deadline=None)
@given(meeting_times, st.integers(min_value=0, max_value=8))
def test_more_clear_days_means_an_earlier_deadline(starts_at, n):
    assert compute_deadline(starts_at, n + 1, NINE_THIRTY).at < compute_deadline(starts_at, n, NINE_THIRTY).at
