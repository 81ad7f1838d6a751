"""The one place a question's (and its answer's) status changes, and its event is written.

Every verb a person takes on a question goes through one decision step, `decide()`:

    lock -> stale-page check -> table -> permission -> event -> outbox

It locks the meeting and then the question (always in that order) and reads them
afresh; refuses, changing nothing, if the page the person acted on is out of date; finds
the step's row in the lifecycle table (`states.MOVES`) from the question's status (and
its answer's); asks the row's permission (`permissions.may`: who, and the conditions);
and hands back a `Decision`. The verb sets its own fields, then `Decision.record()`
changes the status by the row, moves the answer by the row and appends the immutable
`QuestionEvent`; `Decision.tell()` queues the message to the questioner in the outbox,
in the same transaction. Whoever has no part in the step at all is refused before
anything about the question is read out (HTTP 403).

The portal's own steps go through it too: publishing a meeting's record moves each
question by the clerk's decision, and expiring an unconfirmed question is the system's
(`by=None`). Creating a question goes through `decide_new()`: lock (the meeting) ->
table -> permission, the same `Decision` afterwards. `transition()` and `start()` are
the bare moves beneath it, for building scenarios (the demo, tests) only.
Everything flushes; the request boundary or the CLI commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.domain import permissions
from portal.domain.errors import Refused, Stale
from portal.domain.messages import notify
from portal.domain.numbers import question_label
from portal.domain.states import (
    ANSWER_MOVES,
    PUBLIC_VERBS,
    STAFF_STATUS_LABELS,
    Move,
    QuestionStatus,
    TransitionNotAllowed,
    find_move,
    find_transition,
)
from portal.extensions import db
from portal.models import Counter, Meeting, Question, QuestionEvent, User, utcnow

QUESTIONER = "questioner"
STAFF = "staff"
SYSTEM = "system"


def transition(
    question: Question,
    verb: str,
    *,
    actor: User | None,
    actor_kind: str | None = None,
    public_note: str | None = None,
    internal_note: str | None = None,
    data: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> QuestionEvent:
    """Move `question` by `verb`, or raise TransitionNotAllowed and change nothing."""
    return _move(
        question,
        verb,
        question.status,
        actor=actor,
        actor_kind=actor_kind,
        public_note=public_note,
        internal_note=internal_note,
        data=data,
        now=now,
    )


def start(
    question: Question, verb: str, *, actor: User | None, actor_kind: str, now: dt.datetime | None = None
) -> QuestionEvent:
    """Give a new question its first status through the table (`submit`, `submit_member`)."""
    return _move(question, verb, None, actor=actor, actor_kind=actor_kind, now=now)


def _move(question: Question, verb: str, source: QuestionStatus | None, **event: Any) -> QuestionEvent:
    """The one place a question's status changes: by the table's move for `verb` from `source`."""
    move = find_transition(verb, source)
    if move.target is None:
        raise ValueError(f"{verb!r} does not change the status: record it with record_event()")
    _move_answer(question, verb)
    question.status = move.target
    return _append_event(
        question, verb, title=move.public_title, from_status=source, to_status=move.target, **event
    )


def _move_answer(question: Question, verb: str) -> None:
    """The one place an answer's status changes: by the table's answer move for `verb`."""
    answer_move = ANSWER_MOVES.get(verb)
    if answer_move is None:
        return
    with db.session.no_autoflush:  # the verb may have set fields that only the new status allows
        answer = question.answer
    if answer is None:
        return
    if answer.status not in answer_move:
        raise TransitionNotAllowed(verb, question.status)
    answer.status = answer_move[answer.status]


def record_event(
    question: Question,
    verb: str,
    *,
    title: str,
    actor: User | None,
    actor_kind: str | None = None,
    public: bool | None = None,
    public_note: str | None = None,
    internal_note: str | None = None,
    data: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
    flush: bool = True,
) -> QuestionEvent:
    """An event that does not change the status: an edit, a renumbering, a saved draft."""
    return _append_event(
        question,
        verb,
        title=title,
        from_status=question.status,
        to_status=None,
        actor=actor,
        actor_kind=actor_kind,
        public=public,
        public_note=public_note,
        internal_note=internal_note,
        data=data,
        now=now,
        flush=flush,
    )


def _append_event(
    question: Question,
    verb: str,
    *,
    title: str,
    from_status: QuestionStatus | None,
    to_status: QuestionStatus | None,
    actor: User | None,
    actor_kind: str | None,
    public: bool | None = None,
    public_note: str | None = None,
    internal_note: str | None = None,
    data: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
    flush: bool = True,
) -> QuestionEvent:
    event = QuestionEvent(
        verb=verb,
        at=now or utcnow(),
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        actor_kind=actor_kind or (STAFF if actor is not None else SYSTEM),
        is_public=(verb in PUBLIC_VERBS) if public is None else public,
        title=title,
        public_note=public_note,
        internal_note=internal_note,
        data=data,
    )
    # Set from the event's side: appending to `question.events` would first load every
    # earlier event of the question (300 loads when a meeting is published). The
    # collection, if loaded, still gets the event.
    event.question = question
    db.session.add(event)
    if flush:
        db.session.flush()
    return event


# The decision step -----------------------------------------------------------------------


def lock_meeting(meeting: Meeting) -> None:
    """Hold the meeting's row until the transaction ends, so its list changes one at a time."""
    db.session.execute(sa.select(Meeting.id).where(Meeting.id == meeting.id).with_for_update())


def lock_question(question: Question) -> Question:
    """Lock the question's meeting, then the question, and read its current state.

    Always in this order, so two decisions never wait on each other in a circle.
    """
    lock_meeting(question.meeting)
    return db.session.execute(
        sa.select(Question)
        .where(Question.id == question.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def _refused_by_table(question: Question, move_words: str) -> str:
    status = STAFF_STATUS_LABELS[question.status].lower()
    return f"{question_label(question)} is {status}, so it cannot be {move_words}. Nothing has been changed"


@dataclass
class Decision:
    """A step that has passed every check, on the locked, freshly read question."""

    question: Question
    verb: str
    move: Move
    actor: User | None
    actor_kind: str
    now: dt.datetime
    event: QuestionEvent | None = None
    creating: bool = False

    def record(self, *, title: str | None = None, **event: Any) -> QuestionEvent:
        """Change the status (and the answer's) by the table's row, and append the event.
        A step that leaves the status as it is (an edit, a saved draft) needs a `title`.
        `flush=False` leaves the event to be written with the next flush (decide_all's
        many decisions are written together)."""
        if self.move.moves_status:
            self.event = _move(
                self.question,
                self.verb,
                None if self.creating else self.question.status,
                actor=self.actor,
                actor_kind=self.actor_kind,
                now=self.now,
                **event,
            )
        else:
            _move_answer(self.question, self.verb)
            self.event = record_event(
                self.question,
                self.verb,
                title=title or self.move.staff_words.capitalize(),
                actor=self.actor,
                actor_kind=self.actor_kind,
                now=self.now,
                **event,
            )
        return self.event

    def tell(self, template: str, **context: Any) -> None:
        """Queue the message to the questioner, once for this event (after `record()`)."""
        key = f"{template}-{self.event.id}" if self.event is not None else None
        notify.tell_questioner(template, self.question, dedupe_key=context.pop("dedupe_key", key), **context)


def decide(
    question: Question,
    verb: str,
    *,
    by: User | None = None,
    questioner: bool = False,
    expected_status: QuestionStatus | None = None,
    check: Callable[[Question], None] | None = None,
    refusal: Callable[[str], Exception] = Refused,
    refused_words: str | Callable[[Question], str] | None = None,
    not_permitted: str | None = None,
    now: dt.datetime | None = None,
    locked: bool = False,
) -> Decision:
    """The one decision step: lock -> stale-page check -> table -> permission.

    `by` is the member of staff acting, or `questioner=True` for the holder of the
    tracking link. `check` is the verb's own stale-page check (it raises). Raises
    `permissions.NotPermitted` (no part in the step, or the row's permission says no), or
    `refusal(words)` for the person (the page was out of date, the table has no such step
    from the question's status, or, for the questioner, its conditions no longer hold).
    Changes nothing if so. `locked`: the question has been locked and read afresh
    already (by decide_all()).
    """
    if not locked:
        question = lock_question(question)
    actor: permissions.Actor = permissions.QUESTIONER if questioner else by
    actor_kind = QUESTIONER if questioner else (STAFF if by is not None else SYSTEM)
    denied = not_permitted or f"You cannot {verb.replace('_', ' ')} this question"
    if not permissions.has_a_part(verb, actor, question):
        raise permissions.NotPermitted(denied)
    if expected_status is not None and question.status is not expected_status:
        raise (Stale if refusal is Refused else refusal)(_someone_else_changed(question))
    if check is not None:
        check(question)
    move = find_move(verb, question.status)
    if move is None:
        words = refused_words(question) if callable(refused_words) else refused_words
        raise refusal(words or _refused_by_table(question, _staff_words(verb)))
    now = now or utcnow()
    if not permissions.may(verb, actor, question, now):
        if questioner:  # no account, so no 403: the step is simply over (the meeting began...)
            words = refused_words(question) if callable(refused_words) else refused_words
            raise refusal(words or f"This question cannot be {_staff_words(verb)} now")
        raise permissions.NotPermitted(denied)
    return Decision(question, verb, move, by, actor_kind, now)


def decide_all(
    questions: Sequence[Question], verb: str, *, by: User | None, now: dt.datetime
) -> list[Decision]:
    """The decision step for many questions at once (publishing moves every question of a
    meeting): their meetings locked, then the questions read afresh and locked in one
    query a few hundred at a time, in order of id, then each through decide()'s checks.
    Raises as decide() would for the first question refused (and nothing has been
    recorded). Record each with `flush=False`, then flush once."""
    for meeting in sorted({question.meeting for question in questions}, key=lambda meeting: meeting.id):
        lock_meeting(meeting)
    ids = sorted({question.id for question in questions})
    locked: dict[int, Question] = {}
    for start in range(0, len(ids), 500):
        locked.update(
            (question.id, question)
            for question in db.session.execute(
                sa.select(Question)
                .where(Question.id.in_(ids[start : start + 500]))
                .order_by(Question.id)
                .with_for_update()
                .execution_options(populate_existing=True)
            ).scalars()
        )
    return [decide(locked[question.id], verb, by=by, now=now, locked=True) for question in questions]


def decide_new(
    question: Question,
    verb: str,
    *,
    by: User | None = None,
    questioner: bool = False,
    now: dt.datetime | None = None,
) -> Decision:
    """The decision step for a question being created (`submit`, `submit_member`,
    `enter_after_event`): lock the meeting -> table -> permission. There is no page to be
    out of date. Raises `permissions.NotPermitted` when the actor may not create it now;
    the verb checks its own rules first, in the person's words."""
    actor: permissions.Actor = permissions.QUESTIONER if questioner else by
    actor_kind = QUESTIONER if questioner else (STAFF if by is not None else SYSTEM)
    move = find_move(verb, None)
    if move is None:
        raise ValueError(f"{verb!r} does not create a question")
    now = now or utcnow()
    with db.session.no_autoflush:  # the new question has no status until the decision records it
        lock_meeting(question.meeting)
        allowed = permissions.has_a_part(verb, actor, question) and permissions.may(
            verb, actor, question, now
        )
    if not allowed:
        raise permissions.NotPermitted(f"This question cannot be {move.staff_words} now")
    return Decision(question, verb, move, by, actor_kind, now, creating=True)


def _staff_words(verb: str) -> str:
    from portal.domain.states import MOVES

    return next(move.staff_words for move in MOVES if move.verb == verb)


def _someone_else_changed(question: Question) -> str:
    from portal.formatting import format_datetime

    last = question.events[-1] if question.events else None
    who = last.actor.name if last is not None and last.actor is not None else "someone else"
    when = f" at {format_datetime(last.at)}" if last is not None else ""
    status = STAFF_STATUS_LABELS[question.status].lower()
    return (
        f"{question_label(question)} is now {status}: {who} changed it{when}, while you had it open. "
        "Nothing has been changed. Check the question before deciding again"
    )


# References ---------------------------------------------------------------------------------


def next_counter_value(name: str) -> int:
    """Atomically increment and return the counter `name` (created at 0 if missing)."""
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(
        insert(Counter).values(name=name, value=0).on_conflict_do_nothing(index_elements=["name"])
    )
    value = db.session.execute(
        sa.update(Counter)
        .where(Counter.name == name)
        .values(value=Counter.value + 1)
        .returning(Counter.value)
    ).scalar_one()
    return int(value)


def new_reference(now: dt.datetime | None = None) -> str:
    """Q-2026-000123: the year the question was submitted and a number within that year."""
    year = (now or utcnow()).year
    return f"Q-{year}-{next_counter_value(f'question-{year}'):06d}"
