"""The numbered list of each meeting: PQ 1, PQ 2 ... and MQ 1, MQ 2 ...

Accepted questions are numbered per meeting and kind, in order of receipt, and a clerk
may reorder them (to group similar questions) until they are published. Numbers are
contiguous; a number that has been published never changes.

Two clerks accepting at once never collide: every change to a meeting's list first
locks the meeting row (SELECT ... FOR UPDATE on PostgreSQL; SQLite writes one at a
time anyway), and the unique constraint on (meeting, kind, number) is the backstop.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from portal.domain import lifecycle
from portal.domain.errors import Invalid
from portal.domain.numbers import question_label
from portal.domain.states import QuestionKind, QuestionStatus, sources_of
from portal.extensions import db
from portal.models import Meeting, Question, User

S = QuestionStatus

# Questions whose number may still change: numbered but not yet published (the table's
# `renumber` row).
MOVABLE: frozenset[QuestionStatus] = frozenset(sources_of("renumber"))

# Numbers are first moved out of the way, above any real number, so that no two rows
# ever hold the same number in the middle of a renumbering.
_PARKING_OFFSET = 1_000_000


class NumberingError(Invalid):
    """A reordering that cannot be done, worded for the clerk."""


def numbered_list(meeting: Meeting, kind: QuestionKind) -> list[Question]:
    """The meeting's questions of `kind` that hold a number, in number order."""
    return list(
        db.session.scalars(
            sa.select(Question)
            .where(Question.meeting_id == meeting.id, Question.kind == kind, Question.number.is_not(None))
            .order_by(Question.number, Question.id)
            # A list of numbers: the questions' record collections (actions, comments,
            # follow-ups) are read only if asked for, not for every question listed.
            .options(sa.orm.lazyload(Question.actions))  # type: ignore[attr-defined]
            .options(sa.orm.lazyload(Question.noted_comments))  # type: ignore[attr-defined]
            .options(sa.orm.lazyload(Question.follow_ups))  # type: ignore[attr-defined]
            .execution_options(populate_existing=True)
        )
    )


def is_fixed(question: Question) -> bool:
    """A number that may no longer change: the question has been published (or was,
    and has since been withdrawn with its number kept)."""
    return question.number is not None and question.status not in MOVABLE


def _renumber(
    meeting: Meeting,
    kind: QuestionKind,
    order: Sequence[Question | None],
    *,
    by: User | None,
    reason: str,
) -> int | None:
    """Give the questions in `order` the numbers 1, 2, ... skipping the numbers that are
    fixed. A None in `order` is a slot kept free; its number is returned. Records an
    event on every question whose number changes."""
    fixed = {q.number for q in numbered_list(meeting, kind) if is_fixed(q)}
    targets: list[int] = []
    candidate = 1
    while len(targets) < len(order):
        if candidate not in fixed:
            targets.append(candidate)
        candidate += 1
    slot = next((n for q, n in zip(order, targets, strict=True) if q is None), None)
    changes = [
        (q, q.number, n) for q, n in zip(order, targets, strict=True) if q is not None and q.number != n
    ]
    if changes:
        for q, _, __ in changes:
            q.number = _PARKING_OFFSET + q.id
        db.session.flush()
        for q, _, new in changes:
            q.number = new
        db.session.flush()
    for q, old, new in changes:
        lifecycle.record_event(
            q,
            "renumber",
            title=f"Renumbered from {kind.prefix} {old} to {kind.prefix} {new}",
            actor=by,
            public=False,
            internal_note=reason,
            data={"from": old, "to": new},
        )
    return slot


def movable_list(meeting: Meeting, kind: QuestionKind) -> list[Question]:
    return [q for q in numbered_list(meeting, kind) if not is_fixed(q)]


def reserve_number(question: Question, *, by: User | None) -> int:
    """The number a question being accepted takes: its place in order of receipt.

    It goes after every question on the list received before it (so a clerk's own
    reordering of earlier questions is kept) and before any received after it, which
    move down one. The caller has locked the meeting, and sets the number together
    with the new status (the database insists a received question has none).
    """
    movable = movable_list(question.meeting, question.kind)
    position = 0
    for index, other in enumerate(movable):
        if (other.received_at, other.id) <= (question.received_at, question.id):
            position = index + 1
    order: list[Question | None] = [*movable[:position], None, *movable[position:]]
    slot = _renumber(
        question.meeting,
        question.kind,
        order,
        by=by,
        reason=f"{question.reference}, received earlier, was accepted",
    )
    if slot is None:  # pragma: no cover (the order always holds the free slot)
        raise NumberingError("No number was kept free for the question")
    return slot


def close_gaps(meeting: Meeting, kind: QuestionKind, *, by: User | None, reason: str) -> None:
    """After a question leaves the list: the unpublished numbers close up behind it."""
    _renumber(meeting, kind, movable_list(meeting, kind), by=by, reason=reason)


def move(question: Question, offset: int, *, by: User | None) -> int:
    """Move an unpublished question up (-1) or down (+1) the list. Returns its new number."""
    if is_fixed(question) or question.number is None:
        raise NumberingError(f"{question_label(question)} has been published, so its number cannot change")
    movable = movable_list(question.meeting, question.kind)
    index = next(i for i, q in enumerate(movable) if q.id == question.id)
    target = index + offset
    if not 0 <= target < len(movable):
        place = "first" if offset < 0 else "last"
        raise NumberingError(f"{question_label(question)} is already {place} on the list")
    movable[index], movable[target] = movable[target], movable[index]
    _renumber(question.meeting, question.kind, movable, by=by, reason="Moved by democratic services")
    return int(question.number)


def set_order(meeting: Meeting, kind: QuestionKind, positions: dict[int, int], *, by: User | None) -> int:
    """Reorder the unpublished questions by the positions a clerk typed (question id ->
    position, 1 first). Ties keep the current order. Returns how many numbers changed."""
    movable = movable_list(meeting, kind)
    if set(positions) - {q.id for q in movable}:
        raise NumberingError("The list has changed since you opened it. Check the order and try again")
    current = {q.id: i for i, q in enumerate(movable, start=1)}
    order = sorted(movable, key=lambda q: (positions.get(q.id, current[q.id]), current[q.id]))
    before = {q.id: q.number for q in movable}
    _renumber(meeting, kind, order, by=by, reason="Order set by democratic services")
    return sum(1 for q in movable if before[q.id] != q.number)
