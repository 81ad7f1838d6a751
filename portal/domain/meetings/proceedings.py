"""The meeting record: what happened to each question at the meeting, and when it sat.

Clerks fill this in from the meeting console, during and after the meeting, a field
at a time (the console saves as it goes). `save_outcome` takes only the fields that
changed, so two clerks working on different parts of the record do not overwrite
each other. Every change appends an event to the question's timeline.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.domain import lifecycle
from portal.domain.errors import Invalid
from portal.domain.meetings import scheduling, webcast
from portal.domain.permissions import NotPermitted, can_record_outcome, can_run_console
from portal.domain.sanitise import plain_text, render_markdown
from portal.domain.states import NUMBERED, QuestionStatus
from portal.extensions import db
from portal.formatting import format_date, to_london
from portal.models import (
    FollowUp,
    Meeting,
    MeetingAction,
    MeetingRecordEvent,
    MeetingStatus,
    NotedComment,
    PutOutcome,
    Question,
    QuestionOutcome,
    User,
    utcnow,
)

S = QuestionStatus
Row = TypeVar("Row")
Entry = TypeVar("Entry")

# The fields `save_outcome` understands. A change names only those it sets.
OUTCOME_FIELDS = frozenset(
    {
        "put",
        "read_by",
        "supplementary",
        "supplementary_answered_by",
        "supplementary_answer",
        "supplementary_arrival",
        "written_answer_promised",
        "written_answer_due_on",
        "actions",
        "noted_comments",
        "follow_ups",
        "webcast_question_at",
        "webcast_supplementary_at",
    }
)
WEBCAST_WORDS = {
    "webcast_question_at": "Where the question begins in the webcast",
    "webcast_supplementary_at": "Where the supplementary question begins in the webcast",
}
SHORT_TEXT_LIMIT = 200
READER_MISSING = "Enter who read the question out, for example Chair"
LONG_TEXT_LIMIT = 20_000


class MeetingRecordError(Invalid):
    """One or more fields cannot be saved; `errors` maps field to a GOV.UK-style message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors=errors)


@dataclass(frozen=True)
class ActionEntry:
    text: str
    owner: str = ""
    # The saved action this row shows, so an action tracked after the meeting keeps its
    # progress when an earlier one is removed. None for a new row.
    id: int | None = None


@dataclass(frozen=True)
class CommentEntry:
    heading: str
    body: str = ""


@dataclass(frozen=True)
class FollowUpEntry:
    """A committee member's question inside the exchange, and its answer."""

    asked_by: str
    question: str
    answered_by: str = ""
    answer: str = ""


@dataclass
class SavedOutcome:
    outcome: QuestionOutcome
    changed: list[str] = field(default_factory=list)
    saved_at: dt.datetime = field(default_factory=utcnow)
    # What a draft still lacks, by field (see `save_outcome`).
    reminders: dict[str, str] = field(default_factory=dict)


# Reading ------------------------------------------------------------------------------


def console_questions(meeting: Meeting) -> list[Question]:
    """The questions on the meeting's list, public then member, in number order."""
    query = (
        sa.select(Question)
        .where(
            Question.meeting_id == meeting.id,
            Question.number.is_not(None),
            Question.status.in_([*NUMBERED, S.WITHDRAWN]),
        )
        .order_by(Question.kind.desc(), Question.number, Question.id)
        # What the console shows of each question, in one query each rather than one a row.
        .options(selectinload(Question.outcome), selectinload(Question.answer))
    )
    return list(db.session.scalars(query))


def outcome_of(question: Question) -> QuestionOutcome:
    """The question's outcome, or an unsaved empty one to show (a GET never writes)."""
    return question.outcome if question.outcome is not None else _blank_outcome()


def _blank_outcome() -> QuestionOutcome:
    return QuestionOutcome(
        put=None,
        read_by=None,
        supplementary_source="",
        supplementary_html="",
        supplementary_answered_by="",
        supplementary_answer_source="",
        supplementary_answer_html="",
        written_answer_promised=False,
        written_answer_source="",
        written_answer_html="",
    )


def default_due_date(meeting: Meeting) -> dt.date:
    """When a written answer promised at the meeting falls due, by the committee's rules."""
    rules = scheduling.rules_for(meeting.committee)
    return to_london(meeting.starts_at).date() + dt.timedelta(days=rules.written_answer_due_days)


# Changing -----------------------------------------------------------------------------


def save_outcome(
    question: Question,
    *,
    by: User | None,
    changes: dict[str, Any],
    now: dt.datetime | None = None,
    draft: bool = False,
) -> SavedOutcome:
    """Apply the changed fields of a question's meeting outcome, with an event for each change.

    `changes` maps names from OUTCOME_FIELDS to new values: `put` a PutOutcome or None;
    text fields as typed (rich text in Markdown); `written_answer_promised` a bool;
    `written_answer_due_on` a date or None (None with a promise: the committee's default);
    `actions` a list of ActionEntry; `noted_comments` a list of CommentEntry. Blank
    entries in the lists are dropped.

    `draft` is a save made as the clerk goes (the console's autosave): a state that is not
    finished yet is kept rather than refused, so nothing chosen or typed is lost. Today that
    is "read out on their behalf" before who read it is typed; `reminders` says what is
    still to do. A whole-form save (`draft=False`) still asks for it.
    """
    if not can_record_outcome(by, question):
        raise NotPermitted("You cannot record the outcome of this question")
    unknown = set(changes) - OUTCOME_FIELDS
    if unknown:
        raise ValueError(f"Unknown outcome fields: {sorted(unknown)}")
    now = now or utcnow()
    outcome = question.outcome
    if outcome is None:
        outcome = _blank_outcome()
        outcome.question = question
        db.session.add(outcome)

    errors = _validate(question, outcome, changes)
    if draft and errors.get("read_by") == READER_MISSING:
        del errors["read_by"]
    if errors:
        raise MeetingRecordError(errors)

    changed: list[str] = []
    _apply_put(question, outcome, changes, by, now, changed)
    _apply_supplementary(question, outcome, changes, by, now, changed)
    _apply_promise(question, outcome, changes, by, now, changed)
    _apply_webcast(question, outcome, changes, by, now, changed)
    if "actions" in changes:
        _apply_actions(question, changes["actions"], by, now, changed)
    if "noted_comments" in changes:
        _apply_comments(question, changes["noted_comments"], by, now, changed)
    if "follow_ups" in changes:
        _apply_follow_ups(question, changes["follow_ups"], by, now, changed)
    if changed:
        outcome.updated_by = by
        outcome.updated_at = now
    db.session.flush()
    return SavedOutcome(outcome=outcome, changed=changed, saved_at=now, reminders=reminders_for(outcome))


def reminders_for(outcome: QuestionOutcome) -> dict[str, str]:
    """What a draft outcome still lacks, by field."""
    if outcome.put is PutOutcome.READ_ON_BEHALF and not (outcome.read_by or "").strip():
        return {"read_by": READER_MISSING}
    return {}


def _text(changes: dict[str, Any], name: str) -> str:
    value = changes.get(name)
    return (value or "").strip()


def _validate(question: Question, outcome: QuestionOutcome, changes: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    put = changes.get("put", outcome.put)
    read_by = _text(changes, "read_by") if "read_by" in changes else (outcome.read_by or "")
    if put is PutOutcome.READ_ON_BEHALF and not read_by:
        errors["read_by"] = READER_MISSING
    for name in ("read_by", "supplementary_answered_by"):
        if len(_text(changes, name)) > SHORT_TEXT_LIMIT:
            errors[name] = f"Enter {SHORT_TEXT_LIMIT} characters or fewer"
    for name in ("supplementary", "supplementary_answer"):
        if len(_text(changes, name)) > LONG_TEXT_LIMIT:
            errors[name] = "The text is too long; split it or shorten it"
        elif _text(changes, name) and not plain_text(render_markdown(_text(changes, name))).strip():
            # Text the allow-list reduces to nothing would be saved as empty: refused, kept.
            errors[name] = "Enter words: what you entered would show nothing once published"
    promised = changes.get("written_answer_promised", outcome.written_answer_promised)
    if not promised and outcome.written_answer_sent_on is not None:
        errors["written_answer_promised"] = (
            "A written answer has already been sent, so the promise cannot be taken back"
        )
    due_on = changes.get("written_answer_due_on")
    if promised and isinstance(due_on, dt.date) and due_on < to_london(question.meeting.starts_at).date():
        errors["written_answer_due_on"] = "The date the written answer is due must be on or after the meeting"
    for name, words in WEBCAST_WORDS.items():
        seconds = changes.get(name)
        if seconds is not None:
            problem = webcast.check_within(question.meeting, seconds, words)
            if problem:
                errors[name] = problem
    if "actions" in changes:
        errors.update(_tracked_actions_kept(question, changes["actions"]))
    for index, entry in enumerate(changes.get("actions") or []):
        if not entry.text.strip() and entry.owner.strip():
            errors[f"actions-{index}-text"] = "Enter the action, or remove who it is for"
        if len(entry.owner.strip()) > SHORT_TEXT_LIMIT:
            errors[f"actions-{index}-owner"] = f"Enter {SHORT_TEXT_LIMIT} characters or fewer"
    for index, entry in enumerate(changes.get("noted_comments") or []):
        if entry.body.strip() and not entry.heading.strip():
            errors[f"noted_comments-{index}-heading"] = (
                "Enter a heading for the comment, such as who it is from"
            )
        if len(entry.heading.strip()) > 300:
            errors[f"noted_comments-{index}-heading"] = "Enter 300 characters or fewer"
    for index, entry in enumerate(changes.get("follow_ups") or []):
        rest = entry.answer.strip() or entry.answered_by.strip() or entry.asked_by.strip()
        if rest and not entry.question.strip():
            errors[f"follow_ups-{index}-question"] = "Enter the follow-up question, or remove its answer"
        elif entry.question.strip() and not entry.asked_by.strip():
            errors[f"follow_ups-{index}-asked_by"] = (
                "Enter who asked the follow-up question, for example Cllr J Hewitt"
            )
        if len(entry.asked_by.strip()) > SHORT_TEXT_LIMIT:
            errors[f"follow_ups-{index}-asked_by"] = f"Enter {SHORT_TEXT_LIMIT} characters or fewer"
        if len(entry.answered_by.strip()) > 300:
            errors[f"follow_ups-{index}-answered_by"] = "Enter 300 characters or fewer"
    return errors


def _apply_put(
    question: Question,
    outcome: QuestionOutcome,
    changes: dict[str, Any],
    by: User | None,
    now: dt.datetime,
    changed: list[str],
) -> None:
    if "put" not in changes and "read_by" not in changes:
        return
    put = changes.get("put", outcome.put)
    read_by = (_text(changes, "read_by") if "read_by" in changes else outcome.read_by) or None
    # A draft may not name the reader yet: kept as "" (the row's check asks for a value).
    read_by = (read_by or "") if put is PutOutcome.READ_ON_BEHALF else None
    if put == outcome.put and read_by == outcome.read_by:
        return
    before = {"put": outcome.put.value if outcome.put else None, "read_by": outcome.read_by}
    outcome.put, outcome.read_by = put, read_by
    if put is PutOutcome.READ_ON_BEHALF and read_by:
        title = f"Read out at the meeting on the questioner's behalf by {read_by}"
    elif put is PutOutcome.READ_ON_BEHALF:
        title = "Read out at the meeting on the questioner's behalf (who read it is not yet recorded)"
    elif put is PutOutcome.PUT_BY_QUESTIONER:
        title = "Put at the meeting by the questioner"
    elif put is PutOutcome.NOT_PUT:
        title = "Not put at the meeting"
    else:
        title = "How the question was put is no longer recorded"
    lifecycle.record_event(
        question,
        "put_at_meeting",
        title=title,
        actor=by,
        now=now,
        data={"before": before, "after": {"put": put.value if put else None, "read_by": read_by}},
    )
    changed.append("put")


def _apply_supplementary(
    question: Question,
    outcome: QuestionOutcome,
    changes: dict[str, Any],
    by: User | None,
    now: dt.datetime,
    changed: list[str],
) -> None:
    if "supplementary" in changes:
        source = _text(changes, "supplementary")
        if source != outcome.supplementary_source:
            outcome.supplementary_source = source
            outcome.supplementary_html = render_markdown(source)
            lifecycle.record_event(
                question,
                "record_supplementary",
                title="Supplementary question recorded" if source else "Supplementary question removed",
                actor=by,
                now=now,
                data={"words": len(plain_text(outcome.supplementary_html).split())},
            )
            changed.append("supplementary")
    if "supplementary_answered_by" in changes:
        answered_by = _text(changes, "supplementary_answered_by")
        if answered_by != outcome.supplementary_answered_by:
            before = outcome.supplementary_answered_by
            outcome.supplementary_answered_by = answered_by
            lifecycle.record_event(
                question,
                "record_supplementary_answerer",
                title=f"Supplementary question answered by {answered_by}"
                if answered_by
                else "Answerer removed",
                actor=by,
                now=now,
                data={"before": before, "after": answered_by},
            )
            changed.append("supplementary_answered_by")
    arrival_changed = changes.get("supplementary_arrival") != outcome.supplementary_arrival
    if "supplementary_arrival" in changes and arrival_changed:
        arrival = changes["supplementary_arrival"]
        outcome.supplementary_arrival = arrival
        lifecycle.record_event(
            question,
            "record_supplementary_arrival",
            title=f"Supplementary question: {arrival.label.lower()}" if arrival else "How it arrived removed",
            actor=by,
            now=now,
            data={"after": arrival.value if arrival else None},
        )
        changed.append("supplementary_arrival")
    if "supplementary_answer" in changes:
        source = _text(changes, "supplementary_answer")
        if source != outcome.supplementary_answer_source:
            outcome.supplementary_answer_source = source
            outcome.supplementary_answer_html = render_markdown(source)
            lifecycle.record_event(
                question,
                "record_supplementary_answer",
                title="Answer to the supplementary question recorded"
                if source
                else "Answer to the supplementary question removed",
                actor=by,
                now=now,
                data={"words": len(plain_text(outcome.supplementary_answer_html).split())},
            )
            changed.append("supplementary_answer")


def _apply_promise(
    question: Question,
    outcome: QuestionOutcome,
    changes: dict[str, Any],
    by: User | None,
    now: dt.datetime,
    changed: list[str],
) -> None:
    if "written_answer_promised" not in changes and "written_answer_due_on" not in changes:
        return
    promised = bool(changes.get("written_answer_promised", outcome.written_answer_promised))
    due_on = changes.get("written_answer_due_on", outcome.written_answer_due_on)
    # A past record's promise with no date keeps having none until someone gives one.
    if promised and due_on is None and not outcome.written_answer_undated:
        due_on = default_due_date(question.meeting)
    if not promised:
        due_on = None
    outcome.written_answer_undated = outcome.written_answer_undated and promised and due_on is None
    if promised == outcome.written_answer_promised and due_on == outcome.written_answer_due_on:
        return
    before = {
        "promised": outcome.written_answer_promised,
        "due_on": outcome.written_answer_due_on.isoformat() if outcome.written_answer_due_on else None,
    }
    outcome.written_answer_promised, outcome.written_answer_due_on = promised, due_on
    lifecycle.record_event(
        question,
        "promise_written_answer",
        title=f"Written answer promised, due by {format_date(due_on, weekday=False)}"
        if promised and due_on
        else "Written answer no longer promised",
        actor=by,
        now=now,
        data={
            "before": before,
            "after": {"promised": promised, "due_on": due_on.isoformat() if due_on else None},
        },
    )
    changed.append("written_answer")


def _apply_webcast(
    question: Question,
    outcome: QuestionOutcome,
    changes: dict[str, Any],
    by: User | None,
    now: dt.datetime,
    changed: list[str],
) -> None:
    for name, words in WEBCAST_WORDS.items():
        if name not in changes or changes[name] == getattr(outcome, name):
            continue
        before = getattr(outcome, name)
        setattr(outcome, name, changes[name])
        at = webcast.format_offset(changes[name])
        lifecycle.record_event(
            question,
            "record_webcast_moment",
            title=f"{words}: {at}" if at else f"{words}: removed",
            actor=by,
            now=now,
            data={"field": name, "before": before, "after": changes[name]},
        )
        changed.append(name)


def _set_rows(
    rows: list[Row], wanted: list[Entry], new: Callable[..., Row], fill: Callable[[Row, Entry], None]
) -> None:
    """Make an ordered list of rows say `wanted`: the rows there are filled in again in
    order, new ones (`new(position=...)`) are added after them, and any left over removed."""
    existing = list(rows)
    for position, entry in enumerate(wanted):
        if position < len(existing):
            fill(existing[position], entry)
        else:
            row = new(position=position)
            fill(row, entry)
            rows.append(row)
    for row in existing[len(wanted) :]:
        rows.remove(row)


def _kept_action_ids(question: Question, entries: list[ActionEntry]) -> set[int] | None:
    """The saved actions the rows name, or None when the rows name none (then by position)."""
    saved = {a.id for a in question.actions}
    named = {e.id for e in entries if e.id in saved}
    if not named:
        return None
    return {e.id for e in entries if e.id in saved and e.text.strip()}


def _tracked_actions_kept(question: Question, entries: list[ActionEntry]) -> dict[str, str]:
    """An action with progress recorded after the meeting cannot be removed from the record."""
    kept = _kept_action_ids(question, entries)
    remaining = sum(1 for e in entries if e.text.strip())
    errors: dict[str, str] = {}
    for index, action in enumerate(question.actions):
        removed = action.id not in kept if kept is not None else index >= remaining
        if removed and action.is_tracked:
            row = next((i for i, e in enumerate(entries) if e.id == action.id), index)
            errors[f"actions-{row}-text"] = (
                f"Action {action.letter}) has progress recorded, so it cannot be removed. "
                "Drop it, with the reason, on its action page"
            )
    return errors


def _apply_actions(
    question: Question, entries: list[ActionEntry], by: User | None, now: dt.datetime, changed: list[str]
) -> None:
    wanted = [(e.text.strip(), e.owner.strip()) for e in entries if e.text.strip()]
    current = [(a.text_source, a.owner) for a in question.actions]
    if wanted == current:
        return

    def fill(action: MeetingAction, entry: tuple[str, str]) -> None:
        action.text_source, action.owner = entry
        action.text_html = _inline_html(action.text_source)

    kept = _kept_action_ids(question, entries)
    if kept is None:
        _set_rows(question.actions, wanted, MeetingAction, fill)
    else:
        _keep_rows_by_id(question, [e for e in entries if e.text.strip()], kept, fill)
    lifecycle.record_event(
        question,
        "record_actions",
        title=f"Actions arising recorded ({len(wanted)})" if wanted else "Actions arising removed",
        actor=by,
        now=now,
        data={"before": [list(pair) for pair in current], "after": [list(pair) for pair in wanted]},
    )
    changed.append("actions")


def _keep_rows_by_id(
    question: Question,
    entries: list[ActionEntry],
    kept: set[int],
    fill: Callable[[MeetingAction, tuple[str, str]], None],
) -> None:
    """Remove the actions not kept, close up the letters of the rest in order, add new ones."""
    rows = question.actions
    for action in [a for a in rows if a.id not in kept]:
        rows.remove(action)
    db.session.flush()  # free the removed letters before the others move up
    by_id = {a.id: a for a in rows}
    position = 0
    for entry in entries:
        action = by_id.get(entry.id) if entry.id is not None else None
        if action is None:
            continue
        if action.position != position:
            action.position = position
            db.session.flush()  # one at a time, lowest first, so no two share a letter
        fill(action, (entry.text.strip(), entry.owner.strip()))
        position += 1
    for entry in entries:
        if entry.id is None or entry.id not in by_id:
            action = MeetingAction(position=position)
            fill(action, (entry.text.strip(), entry.owner.strip()))
            rows.append(action)
            position += 1


def _apply_comments(
    question: Question, entries: list[CommentEntry], by: User | None, now: dt.datetime, changed: list[str]
) -> None:
    wanted = [(e.heading.strip(), e.body.strip()) for e in entries if e.heading.strip() or e.body.strip()]
    current = [(c.heading, c.body_source) for c in question.noted_comments]
    if wanted == current:
        return

    def fill(comment: NotedComment, entry: tuple[str, str]) -> None:
        comment.heading, comment.body_source = entry
        comment.body_html = render_markdown(comment.body_source)

    _set_rows(question.noted_comments, wanted, NotedComment, fill)
    lifecycle.record_event(
        question,
        "record_noted_comments",
        title=f"Comments to be noted recorded ({len(wanted)})" if wanted else "Comments to be noted removed",
        actor=by,
        now=now,
        data={"headings": [heading for heading, _ in wanted]},
    )
    changed.append("noted_comments")


def _apply_follow_ups(
    question: Question, entries: list[FollowUpEntry], by: User | None, now: dt.datetime, changed: list[str]
) -> None:
    wanted = [
        (e.asked_by.strip(), e.question.strip(), e.answered_by.strip(), e.answer.strip())
        for e in entries
        if e.question.strip()
    ]
    current = [(f.asked_by, f.question_source, f.answered_by, f.answer_source) for f in question.follow_ups]
    if wanted == current:
        return

    def fill(row: FollowUp, entry: tuple[str, str, str, str]) -> None:
        row.asked_by, row.question_source, row.answered_by, row.answer_source = entry
        row.question_html = render_markdown(row.question_source)
        row.answer_html = render_markdown(row.answer_source)

    _set_rows(question.follow_ups, wanted, FollowUp, fill)
    lifecycle.record_event(
        question,
        "record_follow_ups",
        title=f"Follow-up questions recorded ({len(wanted)})" if wanted else "Follow-up questions removed",
        actor=by,
        now=now,
        data={"asked_by": [entry[0] for entry in wanted]},
    )
    changed.append("follow_ups")


_SINGLE_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)


def _inline_html(source: str) -> str:
    """An action is one line of rich text: its HTML without the paragraph around it."""
    html = render_markdown(source)
    match = _SINGLE_PARAGRAPH.match(html)
    if match and "<p>" not in match.group(1):
        return match.group(1)
    return html


# The meeting's own times --------------------------------------------------------------


def record_meeting_times(
    meeting: Meeting,
    *,
    by: User | None,
    started_at: dt.datetime | None,
    ended_at: dt.datetime | None,
    now: dt.datetime | None = None,
) -> bool:
    """The times the meeting actually started and ended. Returns whether anything changed.

    Once the meeting has started, it is marked as held.
    """
    if not can_run_console(by, meeting):
        raise NotPermitted("You cannot record this meeting")
    now = now or utcnow()
    if started_at and ended_at and ended_at <= started_at:
        raise MeetingRecordError({"ended_at": "The time the meeting ended must be after it started"})
    if ended_at and not started_at:
        raise MeetingRecordError({"started_at": "Enter the time the meeting started"})
    if started_at == meeting.actual_started_at and ended_at == meeting.actual_ended_at:
        return False
    before = [_iso(meeting.actual_started_at), _iso(meeting.actual_ended_at)]
    meeting.actual_started_at, meeting.actual_ended_at = started_at, ended_at
    db.session.add(
        MeetingRecordEvent(
            meeting=meeting,
            at=now,
            actor=by,
            verb="record_times",
            title="Meeting times recorded",
            data={"before": before, "after": [_iso(started_at), _iso(ended_at)]},
        )
    )
    if (
        started_at is not None
        and meeting.status in (MeetingStatus.SCHEDULED, MeetingStatus.MOVED)
        and meeting.starts_at <= now
    ):
        scheduling.mark_held(meeting, by=by, now=now)
    db.session.flush()
    return True


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None
