"""The lifecycle table: every (from, to) pair is either allowed or refused, as DESIGN §2 says."""

from __future__ import annotations

import itertools

import pytest

from portal.domain import lifecycle, permissions
from portal.domain.states import (
    ANSWER_MOVES,
    ANSWERS_AWAITING_APPROVAL,
    ANSWERS_TO_DRAFT,
    CONFIRMED,
    COUNTS_TOWARDS_LIMIT,
    MODERATION_QUEUE,
    MOVES,
    PUBLIC_VERBS,
    PUBLISHED_IN_MINUTES,
    STATUSES,
    TERMINAL,
    TRANSITIONS,
    WORKLISTS,
    AnswerStatus,
    QuestionStatus,
    TransitionNotAllowed,
    allowed_targets,
    find_transition,
    statuses_waiting_on,
)
from tests import factories

# Runs SQL: the PostgreSQL leg runs it too.
pytestmark = pytest.mark.database

S = QuestionStatus

# DESIGN §2, written out again by hand: the moves a question may make.
EXPECTED: dict[QuestionStatus | None, set[QuestionStatus]] = {
    # A record entered after the meeting starts with its answer as the record gives it.
    None: {S.UNCONFIRMED, S.RECEIVED, S.ANSWER_APPROVED},
    S.UNCONFIRMED: {S.RECEIVED, S.EXPIRED},
    S.EXPIRED: set(),
    S.RECEIVED: {S.ACCEPTED, S.REJECTED, S.CLARIFICATION_REQUESTED, S.WITHDRAWN},
    S.CLARIFICATION_REQUESTED: {S.RECEIVED, S.REJECTED, S.WITHDRAWN},
    S.ACCEPTED: {S.ANSWER_DRAFTED, S.REJECTED, S.WITHDRAWN},
    S.REJECTED: {S.RECEIVED},  # overturned on review before the question deadline (issue 15)
    S.WITHDRAWN: set(),
    S.ANSWER_DRAFTED: {S.ACCEPTED, S.ANSWER_APPROVED, S.WITHDRAWN},
    S.ANSWER_APPROVED: {S.PUBLISHED, S.ACCEPTED, S.WITHDRAWN},
    S.PUBLISHED: {S.AWAITING_WRITTEN_ANSWER, S.CLOSED, S.WITHDRAWN},
    S.AWAITING_WRITTEN_ANSWER: {S.CLOSED},
    S.CLOSED: set(),
}

ALL_PAIRS = list(itertools.product([None, *QuestionStatus], list(QuestionStatus)))


@pytest.mark.parametrize(("source", "target"), ALL_PAIRS, ids=lambda s: str(s) if s else "new")
def test_every_pair_is_allowed_only_if_the_design_allows_it(source, target):
    assert (target in allowed_targets(source)) == (target in EXPECTED[source])


def test_the_table_covers_every_status():
    assert set(EXPECTED) == {None, *QuestionStatus}


def test_terminal_statuses_lead_nowhere():
    for status in (S.EXPIRED, S.WITHDRAWN, S.CLOSED):
        assert allowed_targets(status) == frozenset()
    # A rejection is final unless a review overturns it, which puts the question back in the queue.
    assert allowed_targets(S.REJECTED) == frozenset({S.RECEIVED})


MOVING = sorted((k for k, t in TRANSITIONS.items() if t.target is not None), key=lambda k: (k[0], str(k[1])))


@pytest.mark.parametrize(("verb", "source"), MOVING)
def test_an_allowed_move_changes_the_status_and_writes_one_event(verb, source):
    if source is None:
        pytest.skip("creation is covered by the submission tests")
    from portal.extensions import db

    question = factories.make_question(status=source)
    before = len(question.events)
    # The fields go with the new status, as a verb sets them: saved together, not before.
    with db.session.no_autoflush:
        _give_fields_the_target_needs(question, TRANSITIONS[(verb, source)].target)
        event = lifecycle.transition(question, verb, actor=None, internal_note="test")
    assert question.status is TRANSITIONS[(verb, source)].target
    assert len(question.events) == before + 1
    assert (event.from_status, event.to_status) == (source, question.status)


def _give_fields_the_target_needs(question, target):
    """What the domain verb would set alongside the status (the CHECK constraints demand it)."""
    from portal.domain.states import NUMBERED

    if target in NUMBERED and question.number is None:
        question.answering_post = question.answering_post or factories.make_post()
        question.number = factories.next_free_number(question.meeting, question.kind)
    if target is S.REJECTED:
        chosen = factories.ground()  # before changing anything: the query would flush
        question.number = None
        question.rejection_ground = chosen
        question.rejection_listed = True
    if target is S.CLARIFICATION_REQUESTED:
        question.clarification_message = "Which service do you mean?"
    if target is S.RECEIVED and question.rejection_ground is not None:
        question.rejection_ground = None
        question.rejection_listed = None
    answer = question.answer
    if answer is not None and target is S.ANSWER_APPROVED:  # the answer's sign-off
        answer.approved_by = factories.make_user(roles={"councillor"})
        answer.approved_at = answer.submitted_at
    if answer is not None and target is S.ACCEPTED and question.status is S.ANSWER_DRAFTED:
        answer.returned_comment = "Please add last quarter's figures."
    if target is S.RECEIVED and question.received_at is None:
        from portal.models import utcnow

        question.received_at = utcnow()


@pytest.mark.parametrize("source", [S.EXPIRED, S.REJECTED, S.WITHDRAWN, S.CLOSED, S.UNCONFIRMED])
def test_a_refused_move_changes_nothing(source):
    question = factories.make_question(status=source)
    before = len(question.events)
    with pytest.raises(TransitionNotAllowed):
        lifecycle.transition(question, "accept", actor=None)
    assert question.status is source
    assert len(question.events) == before


def test_unknown_verbs_are_a_programming_error():
    with pytest.raises(ValueError, match="Unknown verb"):
        find_transition("approve_everything", S.RECEIVED)


def test_events_are_never_changed_once_written():
    from portal.extensions import db
    from portal.models.questions import ImmutableRecordError

    question = factories.make_question()
    event = question.events[0]
    event.title = "Something else"
    with pytest.raises(ImmutableRecordError):
        db.session.flush()
    db.session.rollback()


# What each status means, and who may take each step ------------------------------------------


def test_the_derived_status_sets_are_the_lifecycle_of_the_design():
    assert {S.EXPIRED, S.REJECTED, S.WITHDRAWN, S.CLOSED} == TERMINAL
    assert set(QuestionStatus) - {S.EXPIRED, S.REJECTED, S.WITHDRAWN} == COUNTS_TOWARDS_LIMIT
    assert set(QuestionStatus) - {S.UNCONFIRMED, S.EXPIRED} == CONFIRMED
    assert PUBLISHED_IN_MINUTES == (S.AWAITING_WRITTEN_ANSWER, S.CLOSED)
    assert statuses_waiting_on(MODERATION_QUEUE) == (S.RECEIVED, S.CLARIFICATION_REQUESTED)
    assert statuses_waiting_on(ANSWERS_TO_DRAFT) == (S.ACCEPTED,)
    assert statuses_waiting_on(ANSWERS_AWAITING_APPROVAL) == (S.ANSWER_DRAFTED,)


def test_the_questioner_sees_the_events_they_always_saw():
    assert {
        "submit", "submit_member", "confirm", "expire", "accept", "reject", "request_clarification",
        "clarify", "withdraw", "approve_answer", "publish", "owe_written_answer", "close",
        "send_written_answer", "put_at_meeting", "resubmitted",
        # A review of a rejection, asked and decided (issue 15).
        "ask_review", "uphold_rejection", "overturn_rejection", "overturn_rejection_late",
    } == PUBLIC_VERBS  # fmt: skip


def test_every_name_in_the_table_means_something():
    for move in MOVES:
        assert move.who, move.verb
        assert all(who in permissions.ACTORS for who in move.who), move.verb
        assert all(condition in permissions.CONDITIONS for condition in move.conditions), move.verb
        assert move.worklist is None or move.worklist in WORKLISTS, move.verb
        assert move.staff_words, move.verb
        assert all(status in STATUSES for status in move.sources if status is not None)
    assert set(STATUSES) == set(QuestionStatus)


def test_each_answer_move_goes_with_a_question_move_that_has_an_answer():
    for verb, moves in ANSWER_MOVES.items():
        assert set(moves.values()) <= set(AnswerStatus), verb
    assert set(ANSWER_MOVES) == {
        "save_answer",
        "submit_answer",
        "return_answer",
        "approve_answer",
        "reopen_answer",
    }


def test_docs_lifecycle_is_printed_from_the_table():
    """docs/lifecycle.md is the table in words; print it again after changing the table:
    python -m portal.domain.lifecycle_document > docs/lifecycle.md"""
    from pathlib import Path

    from portal.domain import lifecycle_document

    written = (Path(__file__).resolve().parents[2] / "docs" / "lifecycle.md").read_text()
    assert written == lifecycle_document.render(), "docs/lifecycle.md is out of date: print it again"


def test_every_decision_record_is_in_the_index():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "docs" / "decisions"
    index = (folder / "README.md").read_text()
    records = sorted(folder.glob("[0-9][0-9][0-9][0-9]-*.md"))
    missing = [p.name for p in records if f"]({p.name})" not in index]
    assert not missing, f"add these to docs/decisions/README.md: {missing}"
