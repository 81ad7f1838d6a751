"""Actions arising at meetings, tracked to done.

The console records each action (lettered a), b)... under its question). Afterwards
democratic services give it a post that owns it and a due date; its owner or a clerk
records dated updates, and marks it done or drops it with a reason. A closed action is
never changed again. Every step appends an event to the question's timeline.

The public tracker lists the actions in published minutes, in the shape of a committee's
information-request tracker: subject and date, the action, who is responsible, the
latest response, status and the date it was updated. Open actions past their due date
are overdue, and their owners are told by e-mail, once for each due date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from portal.domain import lifecycle
from portal.domain.errors import Invalid, Refused
from portal.domain.messages.notify import absolute_url, queue_email
from portal.domain.numbers import question_anchor, question_label
from portal.domain.permissions import NotPermitted, can_assign_action, can_update_action
from portal.domain.sanitise import plain_text, render_markdown
from portal.domain.states import PUBLISHED_IN_MINUTES
from portal.extensions import db
from portal.formatting import format_date, to_london
from portal.models import (
    ActionStatus,
    ActionUpdate,
    Committee,
    Meeting,
    MeetingAction,
    OutboxMessage,
    Post,
    Question,
    User,
    utcnow,
)

UPDATE_LIMIT = 5_000
REASON_LIMIT = 1_000
OVERDUE_TEMPLATE = "action_overdue"


class ActionError(Invalid):
    """One or more fields cannot be saved; `errors` maps field to a GOV.UK-style message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors=errors)


# Reading ------------------------------------------------------------------------------


def meeting_day(action: MeetingAction) -> dt.date:
    return to_london(action.question.meeting.starts_at).date()


def owner_name(action: MeetingAction) -> str:
    """Who is responsible, as the tracker shows it."""
    if action.owner_post is not None:
        return action.owner_post.title
    return action.owner or "Not yet assigned"


def action_label(action: MeetingAction) -> str:
    return f"{question_label(action.question)} action {action.letter})"


def latest_update(action: MeetingAction) -> ActionUpdate | None:
    return action.updates[-1] if action.updates else None


def public_question_path(question: Question) -> str:
    anchor = question_anchor(question)
    return f"/meetings/{question.meeting_id}/questions#{anchor}"


def _ordered(query: sa.Select) -> sa.Select:
    return query.order_by(
        Meeting.starts_at.desc(), Question.kind.desc(), Question.number, MeetingAction.position
    )


def _base_query() -> sa.Select:
    return (
        sa.select(MeetingAction)
        .join(Question, Question.id == MeetingAction.question_id)
        .join(Meeting, Meeting.id == Question.meeting_id)
    )


def committee_actions(committee: Committee, *, published_only: bool = True) -> list[MeetingAction]:
    """Every action arising at the committee's meetings, newest meeting first."""
    query = _base_query().where(Meeting.committee_id == committee.id)
    if published_only:
        query = query.where(Question.status.in_(PUBLISHED_IN_MINUTES))
    return list(db.session.scalars(_ordered(query)))


def open_actions(*, posts: list[Post] | None = None) -> list[MeetingAction]:
    """Open actions, soonest due first (those with no due date last); only `posts`' if given."""
    query = _base_query().where(MeetingAction.status == ActionStatus.OPEN)
    if posts is not None:
        if not posts:
            return []
        query = query.where(MeetingAction.owner_post_id.in_([p.id for p in posts]))
    query = query.order_by(
        MeetingAction.due_on.is_(None), MeetingAction.due_on, Meeting.starts_at, MeetingAction.id
    )
    return list(db.session.scalars(query))


def posts_answerable_by(user: User) -> list[Post]:
    """The posts whose actions are this person's: those they hold or draft for."""
    today = to_london(utcnow()).date()
    posts = db.session.scalars(sa.select(Post).where(Post.is_active.is_(True)).order_by(Post.title))
    return [p for p in posts if p.is_held_by(user, today) or p.is_drafted_by(user)]


def actions_from_previous_meetings(meeting: Meeting) -> list[MeetingAction]:
    """For a meeting's record: actions from the committee's earlier meetings that are still
    open, or were closed since the meeting before this one."""
    previous_start = db.session.scalar(
        sa.select(sa.func.max(Meeting.starts_at)).where(
            Meeting.committee_id == meeting.committee_id, Meeting.starts_at < meeting.starts_at
        )
    )
    if previous_start is None:
        return []
    since = to_london(previous_start).date()
    query = _base_query().where(
        Meeting.committee_id == meeting.committee_id,
        Meeting.starts_at < meeting.starts_at,
        Question.status.in_(PUBLISHED_IN_MINUTES),
        sa.or_(MeetingAction.status == ActionStatus.OPEN, MeetingAction.closed_on >= since),
    )
    return list(db.session.scalars(_ordered(query)))


@dataclass(frozen=True)
class TrackerRow:
    """One line of the committee's action tracker."""

    action: MeetingAction
    meeting: Meeting
    question: Question
    subject: str
    responsible: str
    response: str
    status: str
    overdue: bool
    due_on: dt.date | None
    updated_on: dt.date | None
    question_path: str

    def as_dict(self) -> dict[str, object]:
        action = self.action
        return {
            "id": action.id,
            "letter": action.letter,
            "meeting": {
                "id": self.meeting.id,
                "committee": self.meeting.committee.name,
                "date": to_london(self.meeting.starts_at).date().isoformat(),
            },
            "question": {"label": question_label(self.question), "url": absolute_url(self.question_path)},
            "subject": self.subject,
            "action": plain_text(action.text_html),
            "responsible": self.responsible,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "status": action.status.value,
            "overdue": self.overdue,
            "dropped_reason": action.dropped_reason or None,
            "closed_on": action.closed_on.isoformat() if action.closed_on else None,
            "updates": [
                {"date": u.updated_on.isoformat(), "text": plain_text(u.body_html)} for u in action.updates
            ],
            "date_updated": self.updated_on.isoformat() if self.updated_on else None,
        }


def tracker_row(action: MeetingAction, today: dt.date) -> TrackerRow:
    question = action.question
    meeting = question.meeting
    update = latest_update(action)
    if action.status is ActionStatus.DROPPED:
        response = f"Dropped: {action.dropped_reason}"
    elif update is not None:
        response = plain_text(update.body_html)
    else:
        response = "Response pending."
    overdue = action.is_overdue(today)
    status = "Overdue" if overdue else action.status.label
    return TrackerRow(
        action=action,
        meeting=meeting,
        question=question,
        subject=(
            f"{question_label(question)}, {meeting.committee.name} "
            f"{format_date(meeting.starts_at, weekday=False)}"
        ),
        responsible=owner_name(action),
        response=response,
        status=status,
        overdue=overdue,
        due_on=action.due_on,
        updated_on=action.last_updated_on,
        question_path=public_question_path(question),
    )


@dataclass(frozen=True)
class Tracker:
    committee: Committee
    open: list[TrackerRow]
    closed: list[TrackerRow]

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.open if row.overdue)

    @property
    def rows(self) -> list[TrackerRow]:
        return [*self.open, *self.closed]

    def by_meeting(self, rows: list[TrackerRow]) -> list[tuple[Meeting, list[TrackerRow]]]:
        groups: dict[int, tuple[Meeting, list[TrackerRow]]] = {}
        for row in rows:
            groups.setdefault(row.meeting.id, (row.meeting, []))[1].append(row)
        return list(groups.values())


def committee_tracker(committee: Committee, now: dt.datetime | None = None) -> Tracker:
    """The public tracker: actions in the committee's published minutes, open ones first."""
    today = to_london(now or utcnow()).date()
    rows = [tracker_row(a, today) for a in committee_actions(committee)]
    open_rows = [r for r in rows if r.action.status is ActionStatus.OPEN]
    closed = sorted(
        (r for r in rows if r.action.status is not ActionStatus.OPEN),
        key=lambda r: (r.action.closed_on, r.action.id),
        reverse=True,
    )
    return Tracker(committee=committee, open=open_rows, closed=closed)


# Changing -----------------------------------------------------------------------------


def _lock(action: MeetingAction) -> MeetingAction:
    """Hold the meeting, then read the action afresh, so two people never close it at once."""
    lifecycle.lock_meeting(action.question.meeting)
    return db.session.execute(
        sa.select(MeetingAction)
        .where(MeetingAction.id == action.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def _refuse_if_closed(action: MeetingAction, what: str) -> None:
    if action.status is not ActionStatus.OPEN:
        raise Refused(
            f"{action_label(action)} is {action.status.label.lower()}, so it cannot {what}. "
            "Nothing has been changed"
        )


def _event(
    action: MeetingAction, verb: str, title: str, by: User | None, now: dt.datetime, **data: object
) -> None:
    lifecycle.record_event(
        action.question,
        verb,
        title=title,
        actor=by,
        now=now,
        data={"action_id": action.id, "letter": action.letter, **data},
    )


def assign_action(
    action: MeetingAction,
    *,
    by: User | None,
    owner_post: Post | None,
    due_on: dt.date | None,
    now: dt.datetime | None = None,
) -> bool:
    """Give an open action the post that owns it and its due date. Returns whether anything changed."""
    now = now or utcnow()
    action = _lock(action)
    _refuse_if_closed(action, "be reassigned")
    if not can_assign_action(by, action):
        raise NotPermitted("You cannot assign this action")
    errors: dict[str, str] = {}
    if owner_post is not None and not owner_post.is_active:
        errors["owner_post"] = "Select a post that is still in use"
    if due_on is not None and due_on < meeting_day(action):
        errors["due_on"] = "The date the action is due must be on or after the meeting"
    if errors:
        raise ActionError(errors)
    if owner_post == action.owner_post and due_on == action.due_on:
        return False
    before = {
        "owner_post": action.owner_post.title if action.owner_post else None,
        "due_on": action.due_on.isoformat() if action.due_on else None,
    }
    action.owner_post, action.due_on = owner_post, due_on
    parts = [f"owned by {owner_post.title}" if owner_post else "no owning post"]
    parts.append(f"due by {format_date(due_on, weekday=False)}" if due_on else "no due date")
    _event(
        action,
        "assign_action",
        f"Action {action.letter}) {', '.join(parts)}",
        by,
        now,
        before=before,
        after={
            "owner_post": owner_post.title if owner_post else None,
            "due_on": due_on.isoformat() if due_on else None,
        },
    )
    db.session.flush()
    return True


def _check_date(action: MeetingAction, day: dt.date | None, now: dt.datetime, what: str) -> str | None:
    if day is None:
        return f"Enter the date {what}"
    if day < meeting_day(action):
        return f"The date {what} must be on or after the meeting"
    if day > to_london(now).date():
        return f"The date {what} must be today or in the past"
    return None


def add_update(
    action: MeetingAction,
    *,
    by: User | None,
    updated_on: dt.date | None,
    body: str,
    now: dt.datetime | None = None,
) -> ActionUpdate:
    """Record dated progress on an open action."""
    now = now or utcnow()
    action = _lock(action)
    _refuse_if_closed(action, "be updated")
    if not can_update_action(by, action):
        raise NotPermitted("You cannot update this action")
    errors: dict[str, str] = {}
    source = (body or "").strip()
    html = render_markdown(source)
    if not html:
        errors["body"] = "Enter the progress made on the action"
    elif len(source) > UPDATE_LIMIT:
        errors["body"] = f"The update must be {UPDATE_LIMIT:,} characters or fewer"
    date_error = _check_date(action, updated_on, now, "of the update")
    if date_error:
        errors["updated_on"] = date_error
    if errors or updated_on is None:
        raise ActionError(errors)
    update = ActionUpdate(
        action=action,
        updated_on=updated_on,
        body_source=source,
        body_html=html,
        recorded_at=now,
        recorded_by=by,
    )
    db.session.add(update)
    _event(
        action,
        "update_action",
        f"Progress recorded on action {action.letter})",
        by,
        now,
        updated_on=updated_on.isoformat(),
    )
    db.session.flush()
    return update


def complete_action(
    action: MeetingAction,
    *,
    by: User | None,
    done_on: dt.date | None,
    note: str = "",
    now: dt.datetime | None = None,
) -> None:
    """Mark an open action done, with an optional closing update (what was delivered)."""
    now = now or utcnow()
    action = _lock(action)
    _refuse_if_closed(action, "be marked as done")
    if not can_update_action(by, action):
        raise NotPermitted("You cannot close this action")
    errors: dict[str, str] = {}
    date_error = _check_date(action, done_on, now, "the action was done")
    if date_error:
        errors["done_on"] = date_error
    source = (note or "").strip()
    if len(source) > UPDATE_LIMIT:
        errors["note"] = f"The note must be {UPDATE_LIMIT:,} characters or fewer"
    if errors or done_on is None:
        raise ActionError(errors)
    if source:
        db.session.add(
            ActionUpdate(
                action=action,
                updated_on=done_on,
                body_source=source,
                body_html=render_markdown(source),
                recorded_at=now,
                recorded_by=by,
            )
        )
    action.status, action.closed_on = ActionStatus.DONE, done_on
    _event(
        action,
        "complete_action",
        f"Action {action.letter}) done on {format_date(done_on, weekday=False)}",
        by,
        now,
        done_on=done_on.isoformat(),
    )
    db.session.flush()


def drop_action(
    action: MeetingAction,
    *,
    by: User | None,
    reason: str,
    now: dt.datetime | None = None,
) -> None:
    """Drop an open action, saying why (the reason is public, on the tracker)."""
    now = now or utcnow()
    action = _lock(action)
    _refuse_if_closed(action, "be dropped")
    if not can_update_action(by, action):
        raise NotPermitted("You cannot drop this action")
    text = " ".join((reason or "").split())
    if not text:
        raise ActionError({"reason": "Enter why the action is being dropped"})
    if len(text) > REASON_LIMIT:
        raise ActionError({"reason": f"The reason must be {REASON_LIMIT:,} characters or fewer"})
    action.status, action.closed_on, action.dropped_reason = ActionStatus.DROPPED, to_london(now).date(), text
    _event(action, "drop_action", f"Action {action.letter}) dropped", by, now, reason=text)
    db.session.flush()


# Overdue alerts ------------------------------------------------------------------------


def alert_recipients(action: MeetingAction, today: dt.date) -> list[str]:
    """The owning post's holders and drafters; democratic services when no post owns it."""
    post = action.owner_post
    addresses: list[str] = []
    if post is not None:
        people = [*post.current_holders(today), *(d.user for d in post.drafters)]
        for person in people:
            if person.is_enabled and person.email and person.email not in addresses:
                addresses.append(person.email)
    if not addresses:
        addresses.append(current_app.config["COUNCIL_EMAIL"])
    return addresses


def queue_overdue_alerts(now: dt.datetime | None = None) -> int:
    """E-mail the owner of every open action past its due date: once per person for each due
    date (a new due date means a new alert). Returns how many messages were queued."""
    now = now or utcnow()
    today = to_london(now).date()
    query = (
        _base_query()
        .where(MeetingAction.status == ActionStatus.OPEN, MeetingAction.due_on < today)
        .order_by(MeetingAction.due_on, MeetingAction.id)
    )
    queued = 0
    for action in db.session.scalars(query):
        for address in alert_recipients(action, today):
            key = f"action-overdue:{action.id}:{action.due_on.isoformat()}:{address.lower()}"
            already = db.session.scalar(sa.select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key))
            if already is not None:
                continue
            queue_email(
                OVERDUE_TEMPLATE,
                to=address,
                dedupe_key=key,
                label=action_label(action),
                meeting=action.question.meeting,
                text=plain_text(action.text_html),
                due_on=action.due_on,
                days_late=(today - action.due_on).days,
                action_url=absolute_url(f"/staff/actions/{action.id}"),
            )
            queued += 1
    return queued
