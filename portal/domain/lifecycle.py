"""The one place a question's status changes, and its event is written.

Domain verbs (questions.py, answers.py, publishing.py...) check permissions and their
own rules, then call `transition()`. It looks the move up in the transition table,
changes the status and appends an immutable QuestionEvent. It flushes; the request
boundary or the CLI commits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.domain.states import QuestionStatus, find_transition
from portal.extensions import db
from portal.models import Counter, Question, QuestionEvent, User, utcnow

# Verbs whose events the questioner sees on their tracking page.
PUBLIC_VERBS = frozenset(
    {
        "submit",
        "submit_member",
        "confirm",
        "expire",
        "accept",
        "reject",
        "request_clarification",
        "clarify",
        "withdraw",
        "approve_answer",
        "publish",
        "owe_written_answer",
        "close",
        "send_written_answer",
        "put_at_meeting",
        "resubmitted",
    }
)

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
    question.status = move.target
    return _append_event(
        question, verb, title=move.public_title, from_status=source, to_status=move.target, **event
    )


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
    question.events.append(event)
    db.session.flush()
    return event


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
