"""The scheduling rules: deadlines follow the meeting unless set by hand, with a record."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.domain.meetings import scheduling
from portal.domain.meetings.closures import add_closure_day, remove_closure_day
from portal.domain.meetings.history import describe, history
from portal.domain.meetings.scheduling import SchedulingError
from portal.domain.permissions import NotPermitted
from portal.formatting import format_datetime
from portal.models import MeetingChangeKind, MeetingStatus
from tests import factories


def test_moving_recomputes_the_deadline_and_records_both(admin):
    meeting = factories.make_meeting(days_ahead=30)
    old_start, old_deadline = meeting.starts_at, meeting.question_deadline_at
    new_start = old_start + dt.timedelta(days=7)
    scheduling.move_meeting(meeting, to_starts_at=new_start, by=admin, reason="Room unavailable")
    expected = scheduling.deadline_for(meeting.committee, new_start)
    assert meeting.question_deadline_at == expected.at
    assert meeting.deadline_explanation == expected.explanation
    change = meeting.changes[-1]
    assert change.kind is MeetingChangeKind.MOVED
    assert (change.from_starts_at, change.to_starts_at) == (old_start, new_start)
    assert (change.from_deadline_at, change.to_deadline_at) == (old_deadline, expected.at)
    assert describe(change).details == (
        f"From {format_datetime(old_start)} to {format_datetime(new_start)}",
        "The question deadline changed from "
        f"{format_datetime(old_deadline)} to {format_datetime(expected.at)}",
    )


def test_moving_keeps_a_deadline_set_by_hand(admin):
    meeting = factories.make_meeting(days_ahead=30)
    by_hand = meeting.starts_at - dt.timedelta(days=10)
    scheduling.override_deadline(
        meeting, deadline_at=by_hand, by=admin, reason="Extra time for a consultation"
    )
    scheduling.move_meeting(
        meeting, to_starts_at=meeting.starts_at + dt.timedelta(days=7), by=admin, reason="Moved"
    )
    assert meeting.question_deadline_at == by_hand
    assert meeting.deadline_overridden
    assert (
        describe(meeting.changes[-1]).details[-1]
        == f"The question deadline stayed at {format_datetime(by_hand)}"
    )


def test_a_deadline_set_by_hand_needs_a_reason_and_must_be_before_the_meeting(admin):
    meeting = factories.make_meeting(days_ahead=30)
    with pytest.raises(SchedulingError, match="Enter why the deadline is being set by hand"):
        scheduling.override_deadline(
            meeting, deadline_at=meeting.starts_at - dt.timedelta(days=1), by=admin, reason=" "
        )
    with pytest.raises(SchedulingError, match="The deadline must be before the meeting starts"):
        scheduling.override_deadline(meeting, deadline_at=meeting.starts_at, by=admin, reason="Late")
    assert not meeting.deadline_overridden


def test_going_back_to_the_computed_deadline(admin):
    meeting = factories.make_meeting(days_ahead=30)
    computed = meeting.question_deadline_at
    with pytest.raises(SchedulingError, match="already the one the committee's rules give"):
        scheduling.restore_computed_deadline(meeting, by=admin)
    scheduling.override_deadline(
        meeting, deadline_at=computed - dt.timedelta(days=2), by=admin, reason="Early"
    )
    scheduling.restore_computed_deadline(meeting, by=admin)
    assert meeting.question_deadline_at == computed
    assert meeting.deadline_override_reason is None


def test_adding_a_closure_day_recomputes_upcoming_deadlines_and_removing_it_restores_them(admin):
    committee = factories.make_committee(deadline_clear_working_days=2)
    meeting = factories.make_meeting(committee, days_ahead=30)
    before = meeting.question_deadline_at
    counted_day = scheduling.deadline_for(committee, meeting.starts_at).counted[-1]
    closure, changed = add_closure_day(by=admin, day=counted_day, description="council offices closed")
    assert changed == 1
    assert meeting.question_deadline_at < before
    assert "not counted (council offices closed)" in meeting.deadline_explanation
    assert meeting.changes[-1].kind is MeetingChangeKind.DEADLINE_RECOMPUTED
    assert meeting.changes[-1].by is admin
    assert remove_closure_day(closure, by=admin) == 1
    assert meeting.question_deadline_at == before


def test_cancelled_and_held_meetings_cannot_move(admin):
    meeting = factories.make_meeting(days_ahead=30)
    scheduling.cancel_meeting(meeting, by=admin, reason="Not quorate")
    with pytest.raises(SchedulingError, match="A cancelled meeting cannot be moved"):
        scheduling.move_meeting(
            meeting, to_starts_at=meeting.starts_at + dt.timedelta(days=1), by=admin, reason="x"
        )
    with pytest.raises(SchedulingError, match="The deadline of a cancelled meeting cannot be changed"):
        scheduling.override_deadline(
            meeting, deadline_at=meeting.starts_at - dt.timedelta(days=3), by=admin, reason="x"
        )
    with pytest.raises(SchedulingError, match="already cancelled"):
        scheduling.cancel_meeting(meeting, by=admin, reason="Again")


def test_meetings_cannot_be_scheduled_for_an_inactive_committee(admin):
    committee = factories.make_committee()
    committee.is_active = False
    with pytest.raises(SchedulingError, match="inactive committee"):
        factories.make_meeting(committee)


@pytest.mark.parametrize("role", ["officer", "councillor"])
def test_only_democratic_services_change_meetings(role):
    meeting = factories.make_meeting(days_ahead=30)
    someone = factories.make_user(roles={role})
    with pytest.raises(NotPermitted):
        scheduling.cancel_meeting(meeting, by=someone, reason="No")
    with pytest.raises(NotPermitted):
        scheduling.move_meeting(
            meeting, to_starts_at=meeting.starts_at + dt.timedelta(days=1), by=someone, reason="No"
        )
    assert meeting.status is MeetingStatus.SCHEDULED


def test_history_is_newest_first(clerk):
    meeting = factories.make_meeting(days_ahead=30, by=clerk)
    scheduling.cancel_meeting(meeting, by=clerk, reason="Not quorate")
    assert [entry.title for entry in history(meeting.changes)] == ["Cancelled", "Scheduled"]
