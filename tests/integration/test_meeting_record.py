"""The meeting record: what happened to each question, saved a field at a time, each
change leaving an event."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.domain.meetings import proceedings
from portal.domain.meetings.proceedings import ActionEntry, CommentEntry, MeetingRecordError
from portal.domain.numbers import question_label
from portal.domain.permissions import NotPermitted
from portal.models import MeetingStatus, PutOutcome
from tests import factories
from tests.factories import london
from tests.record_factories import ready_meeting


def test_saving_only_what_changed_keeps_the_rest(clerk):
    _, (question, *_) = ready_meeting(public=1, member=0)
    proceedings.save_outcome(
        question,
        by=clerk,
        changes={"put": PutOutcome.PUT_BY_QUESTIONER, "supplementary": "Why are **so many** agency staff?"},
    )
    saved = proceedings.save_outcome(
        question, by=clerk, changes={"supplementary_answer": "Because of *vacancies*."}
    )

    outcome = question.outcome
    assert saved.changed == ["supplementary_answer"]
    assert outcome.put is PutOutcome.PUT_BY_QUESTIONER
    assert outcome.supplementary_html == "<p>Why are <strong>so many</strong> agency staff?</p>"
    assert outcome.supplementary_answer_html == "<p>Because of <em>vacancies</em>.</p>"
    assert [e.verb for e in question.events][-3:] == [
        "put_at_meeting",
        "record_supplementary",
        "record_supplementary_answer",
    ]
    assert question.events[-3].is_public  # the questioner sees how their question was put


def test_saving_the_same_values_again_records_nothing(clerk):
    _, (question, *_) = ready_meeting(public=1, member=0)
    changes = {"put": PutOutcome.NOT_PUT, "actions": [ActionEntry("Report back", "The Committee")]}
    proceedings.save_outcome(question, by=clerk, changes=changes)
    events = len(question.events)
    assert proceedings.save_outcome(question, by=clerk, changes=changes).changed == []
    assert len(question.events) == events


def test_read_on_behalf_needs_a_reader_and_shows_in_the_record(clerk):
    _, (question, *_) = ready_meeting(public=1, member=0)
    with pytest.raises(MeetingRecordError) as refused:
        proceedings.save_outcome(question, by=clerk, changes={"put": PutOutcome.READ_ON_BEHALF})
    assert refused.value.errors == {"read_by": "Enter who read the question out, for example Chair"}

    proceedings.save_outcome(
        question, by=clerk, changes={"put": PutOutcome.READ_ON_BEHALF, "read_by": "Chair"}
    )
    from portal.domain.record.build import questioner_at_meeting

    assert (
        questioner_at_meeting(question, question.meeting.committee.layout)
        == "Chair (on behalf of Ms Carter, Aldbury)"
    )
    assert question.events[-1].title == "Read out at the meeting on the questioner's behalf by Chair"

    proceedings.save_outcome(question, by=clerk, changes={"put": PutOutcome.PUT_BY_QUESTIONER})
    assert question.outcome.read_by is None


def test_a_promised_written_answer_is_due_by_the_committees_rule_unless_a_date_is_given(clerk):
    _, (first, second) = ready_meeting(public=2, member=0, written_answer_due_days=21)
    proceedings.save_outcome(first, by=clerk, changes={"written_answer_promised": True})
    proceedings.save_outcome(
        second,
        by=clerk,
        changes={"written_answer_promised": True, "written_answer_due_on": dt.date(2030, 3, 20)},
    )
    assert first.outcome.written_answer_due_on == dt.date(2030, 4, 2)  # 12 March + 21 days
    assert second.outcome.written_answer_due_on == dt.date(2030, 3, 20)
    assert first.events[-1].title == "Written answer promised, due by 2 April 2030"

    with pytest.raises(MeetingRecordError) as refused:
        proceedings.save_outcome(second, by=clerk, changes={"written_answer_due_on": dt.date(2030, 3, 1)})
    assert "on or after the meeting" in refused.value.errors["written_answer_due_on"]

    proceedings.save_outcome(first, by=clerk, changes={"written_answer_promised": False})
    assert (first.outcome.written_answer_promised, first.outcome.written_answer_due_on) == (False, None)


def test_actions_are_lettered_in_order_and_blank_ones_dropped(clerk):
    _, (question, *_) = ready_meeting(public=1, member=0)
    proceedings.save_outcome(
        question,
        by=clerk,
        changes={
            "actions": [
                ActionEntry("The Committee to request the **range** of caseloads.", "The Committee"),
                ActionEntry("", ""),
                ActionEntry("The directorate to report on agency staff.", "Directorate"),
            ],
            "noted_comments": [
                CommentEntry("**COMMENT FROM A PARENTS' FORUM", "Please note *this*."),
                CommentEntry("", ""),
            ],
        },
    )
    assert [(a.letter, a.text_html, a.owner) for a in question.actions] == [
        ("a", "The Committee to request the <strong>range</strong> of caseloads.", "The Committee"),
        ("b", "The directorate to report on agency staff.", "Directorate"),
    ]
    assert [(c.heading, c.body_html) for c in question.noted_comments] == [
        ("**COMMENT FROM A PARENTS' FORUM", "<p>Please note <em>this</em>.</p>")
    ]

    proceedings.save_outcome(question, by=clerk, changes={"actions": [ActionEntry("Only this one", "")]})
    assert [(a.letter, a.text_source) for a in question.actions] == [("a", "Only this one")]

    with pytest.raises(MeetingRecordError) as refused:
        proceedings.save_outcome(question, by=clerk, changes={"actions": [ActionEntry("", "The Committee")]})
    assert refused.value.errors == {"actions-0-text": "Enter the action, or remove who it is for"}


def test_rich_text_is_sanitised(clerk):
    _, (question, *_) = ready_meeting(public=1, member=0)
    proceedings.save_outcome(
        question,
        by=clerk,
        changes={"supplementary_answer": 'Yes <script>alert(1)</script><a href="javascript:x()">here</a>'},
    )
    assert "<script" not in question.outcome.supplementary_answer_html
    assert "javascript" not in question.outcome.supplementary_answer_html


def test_meeting_times_are_recorded_and_the_meeting_marked_held(clerk):
    meeting, _ = ready_meeting(public=1, member=0, starts_at=london(2025, 3, 12, 14, 30))
    assert proceedings.record_meeting_times(
        meeting, by=clerk, started_at=london(2025, 3, 12, 14, 35), ended_at=london(2025, 3, 12, 16, 0)
    )
    assert meeting.status is MeetingStatus.HELD
    assert meeting.record_events[-1].verb == "record_times"
    assert not proceedings.record_meeting_times(
        meeting, by=clerk, started_at=london(2025, 3, 12, 14, 35), ended_at=london(2025, 3, 12, 16, 0)
    )
    with pytest.raises(MeetingRecordError) as refused:
        proceedings.record_meeting_times(
            meeting, by=clerk, started_at=london(2025, 3, 12, 14, 35), ended_at=london(2025, 3, 12, 14, 0)
        )
    assert refused.value.errors == {"ended_at": "The time the meeting ended must be after it started"}


def test_only_clerks_record_the_meeting(officer):
    meeting, (question, *_) = ready_meeting(public=1, member=0)
    with pytest.raises(NotPermitted):
        proceedings.save_outcome(question, by=officer, changes={"put": PutOutcome.NOT_PUT})
    with pytest.raises(NotPermitted):
        proceedings.record_meeting_times(meeting, by=officer, started_at=None, ended_at=None)


def test_questions_not_yet_accepted_are_not_on_the_console(clerk):
    meeting, _ = ready_meeting(public=2, member=1)
    factories.make_question(meeting)  # received, not yet accepted
    assert [question_label(q) for q in proceedings.console_questions(meeting)] == ["PQ 1", "PQ 2", "MQ 1"]
