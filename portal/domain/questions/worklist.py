"""Who has what to do next: the moderation queue, officers' and post holders' work, and
each upcoming meeting's progress for the staff home page. Reading only."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import lazyload, selectinload

from portal.domain.meetings import scheduling
from portal.domain.states import (
    ANSWERS_AWAITING_APPROVAL,
    ANSWERS_TO_DRAFT,
    CONFIRMED,
    MODERATION_QUEUE,
    READY_TO_PUBLISH,
    STATUSES,
    QuestionKind,
    QuestionStatus,
    sources_of,
    statuses_waiting_on,
)
from portal.extensions import db
from portal.models import (
    Answer,
    AnswerRevision,
    Meeting,
    MeetingStatus,
    Post,
    PostDrafter,
    PostHolder,
    Question,
    User,
    utcnow,
)

S = QuestionStatus

_ORDER = list(QuestionStatus)
# What the moderation queue shows unless a clerk filters: questions waiting on a decision.
AWAITING_DECISION = statuses_waiting_on(MODERATION_QUEUE)
# Statuses a clerk can filter the queue by (unconfirmed questions are not the council's
# yet): those still in hand first, then the finished ones, then those answered.
QUEUE_STATUSES = tuple(
    sorted(
        CONFIRMED,
        key=lambda s: (
            STATUSES[s].answered,
            STATUSES[s].finished and not STATUSES[s].answered,
            _ORDER.index(s),
        ),
    )
)


def moderation_queue(
    *,
    meeting_id: int | None = None,
    statuses: tuple[QuestionStatus, ...] = AWAITING_DECISION,
    kind: QuestionKind | None = None,
) -> list[Question]:
    """Questions in `statuses`, oldest first (by when they reached the council)."""
    query = (
        sa.select(Question)
        .where(Question.status.in_(statuses))
        # The queue shows none of a question's record collections (actions, comments,
        # follow-ups), which would otherwise be read for all 500 questions.
        .options(selectinload(Question.meeting).selectinload(Meeting.committee), lazyload("*"))
    )
    if meeting_id is not None:
        query = query.where(Question.meeting_id == meeting_id)
    if kind is not None:
        query = query.where(Question.kind == kind)
    return list(db.session.scalars(query.order_by(Question.received_at, Question.id)))


def meetings_with_questions(now: dt.datetime | None = None) -> list[Meeting]:
    """Meetings a clerk might filter by: upcoming ones, and any with questions waiting."""
    now = now or utcnow()
    waiting = sa.select(Question.meeting_id).where(Question.status.in_(AWAITING_DECISION))
    query = sa.select(Meeting).where(
        sa.or_(Meeting.starts_at >= now - dt.timedelta(days=1), Meeting.id.in_(waiting))
    )
    return list(db.session.scalars(query.order_by(Meeting.starts_at, Meeting.id)))


def posts_drafted_by(user: User) -> list[Post]:
    return list(
        db.session.scalars(
            sa.select(Post).join(PostDrafter).where(PostDrafter.user_id == user.id).order_by(Post.title)
        )
    )


def posts_held_by(user: User, on: dt.date | None = None) -> list[Post]:
    day = on or utcnow().date()
    return list(
        db.session.scalars(
            sa.select(Post)
            .join(PostHolder)
            .where(
                PostHolder.user_id == user.id,
                sa.or_(PostHolder.starts_on.is_(None), PostHolder.starts_on <= day),
                sa.or_(PostHolder.ends_on.is_(None), PostHolder.ends_on >= day),
            )
            .distinct()
            .order_by(Post.title)
        )
    )


def _for_posts(posts: list[Post], statuses: tuple[QuestionStatus, ...]) -> sa.Select:
    return (
        sa.select(Question)
        .join(Meeting, Question.meeting_id == Meeting.id)
        .where(Question.answering_post_id.in_([p.id for p in posts]), Question.status.in_(statuses))
        .order_by(Meeting.starts_at, Question.meeting_id, Question.kind, Question.number, Question.id)
        .options(selectinload(Question.answer))
    )


def answers_to_draft(user: User) -> list[Question]:
    """Accepted questions for the posts the user drafts for, whose answer is still with
    the officers (not started, in draft or returned)."""
    posts = posts_drafted_by(user)
    if not posts:
        return []
    return list(db.session.scalars(_for_posts(posts, statuses_waiting_on(ANSWERS_TO_DRAFT))))


def answers_awaiting_approval_by(user: User) -> list[Question]:
    """Answers sent for approval to a post the user holds, which they neither sent nor
    wrote any version of (they may not sign those off)."""
    posts = posts_held_by(user)
    if not posts:
        return []
    query = _for_posts(posts, statuses_waiting_on(ANSWERS_AWAITING_APPROVAL)).join(
        Answer, Answer.question_id == Question.id
    )
    query = query.where(
        sa.or_(Answer.submitted_by_id.is_(None), Answer.submitted_by_id != user.id),
        sa.or_(Answer.drafted_by_id.is_(None), Answer.drafted_by_id != user.id),
        ~sa.exists().where(AnswerRevision.answer_id == Answer.id, AnswerRevision.author_id == user.id),
    )
    return list(db.session.scalars(query))


def answers_sent_by(user: User) -> list[Question]:
    """Answers the user sent for approval that are still waiting."""
    query = (
        sa.select(Question)
        .join(Answer, Answer.question_id == Question.id)
        .where(
            Answer.submitted_by_id == user.id,
            Question.status.in_(statuses_waiting_on(ANSWERS_AWAITING_APPROVAL)),
        )
        .order_by(Question.received_at, Question.id)
        .options(selectinload(Question.answer))
    )
    return list(db.session.scalars(query))


# The staff home page ------------------------------------------------------------------------


@dataclass
class Task:
    """A line of the GOV.UK task list: what needs doing, by whom, and how far it has got."""

    title: str
    who: str
    count: int
    status: str  # "to_do", "waiting", "done", "cannot_start"
    status_text: str
    endpoint: str | None = None
    endpoint_args: dict[str, object] = field(default_factory=dict)


@dataclass
class MeetingSummary:
    meeting: Meeting
    counts: dict[QuestionStatus, int]
    until_deadline: str | None  # None once the deadline has passed
    until_meeting: str
    tasks: list[Task]

    @property
    def total(self) -> int:
        return sum(n for s, n in self.counts.items() if s in CONFIRMED)


def time_left(until: dt.datetime, now: dt.datetime) -> str | None:
    """'3 days 4 hours', '5 hours 10 minutes', '12 minutes'; None once it has passed."""
    seconds = int((until - now).total_seconds())
    if seconds <= 0:
        return None
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = max(1, rest // 60) if days == 0 and hours == 0 else rest // 60

    def unit(n: int, word: str) -> str:
        return f"{n} {word}" if n == 1 else f"{n} {word}s"

    if days:
        return unit(days, "day") + (f" {unit(hours, 'hour')}" if hours else "")
    if hours:
        return unit(hours, "hour") + (f" {unit(minutes, 'minute')}" if minutes else "")
    return unit(minutes, "minute")


def _people(users: list[User]) -> str:
    names = sorted({u.name for u in users})
    return ", ".join(names) if names else "nobody yet (ask an administrator)"


def _tasks(meeting: Meeting, questions: list[Question], now: dt.datetime) -> list[Task]:
    counts = Counter(q.status for q in questions)
    numbered = [q for q in questions if q.status in sources_of("renumber")]  # on the list, unpublished
    posts = {q.answering_post.id: q.answering_post for q in numbered if q.answering_post}
    drafting = [q for q in numbered if q.status in statuses_waiting_on(ANSWERS_TO_DRAFT)]
    drafters = [
        d.user
        for p in posts.values()
        for d in p.drafters
        if any(q.answering_post_id == p.id for q in drafting)
    ]
    approving = [q for q in numbered if q.status in statuses_waiting_on(ANSWERS_AWAITING_APPROVAL)]
    holders = [
        u
        for p in posts.values()
        for u in p.current_holders()
        if any(q.answering_post_id == p.id for q in approving)
    ]
    deadline_passed = meeting.question_deadline_at <= now

    def state(n: int, words: str) -> tuple[str, str]:
        return ("to_do", f"{n} {words}") if n else ("done", "Nothing to do")

    to_decide = statuses_waiting_on(MODERATION_QUEUE, "accept")
    with_questioner = [s for s in statuses_waiting_on(MODERATION_QUEUE) if s not in to_decide]
    decide = sum(counts[s] for s in to_decide)
    tasks = [
        Task(
            "Decide on questions received",
            "Democratic services",
            decide,
            *state(decide, "to decide"),
            endpoint="moderation.queue",
            endpoint_args={"meeting": meeting.id},
        ),
    ]
    if any(counts[s] for s in with_questioner):
        n = sum(counts[s] for s in with_questioner)
        tasks.append(Task("Wait for questioners to clarify", "The questioners", n, "waiting", f"{n} waiting"))
    tasks.append(
        Task(
            "Draft answers",
            f"Officers: {_people(drafters)}" if drafting else "Officers",
            len(drafting),
            *state(len(drafting), "to draft"),
            endpoint="answers.inbox",
        )
    )
    tasks.append(
        Task(
            "Approve answers",
            f"Post holders: {_people(holders)}" if approving else "Post holders",
            len(approving),
            *state(len(approving), "to approve"),
            endpoint="answers.inbox",
        )
    )
    ready = bool(numbered) and all(q.status in statuses_waiting_on(READY_TO_PUBLISH) for q in numbered)
    waiting = any(counts[s] for s in statuses_waiting_on(MODERATION_QUEUE))
    if ready and deadline_passed and not waiting:
        publish = Task(
            "Publish the questions and answers",
            "Democratic services",
            len(numbered),
            "to_do",
            "Ready",
            endpoint="publishing.meetings",
        )
    elif counts[S.PUBLISHED] and not numbered:
        publish = Task("Publish the questions and answers", "Democratic services", 0, "done", "Published")
    else:
        reason = "Cannot start yet" if numbered or not deadline_passed else "No questions to publish"
        publish = Task("Publish the questions and answers", "Democratic services", 0, "cannot_start", reason)
    tasks.append(publish)
    return tasks


def _in_lifecycle_order(counts: Counter[QuestionStatus]) -> dict[QuestionStatus, int]:
    return {status: counts[status] for status in QuestionStatus if counts[status]}


def meeting_summaries(now: dt.datetime | None = None, limit: int = 8) -> list[MeetingSummary]:
    """Each upcoming meeting that takes questions: counts, time left and next steps."""
    now = now or utcnow()
    meetings = [m for m in scheduling.upcoming_meetings(now) if m.status is not MeetingStatus.CANCELLED][
        :limit
    ]
    if not meetings:
        return []
    questions = list(
        db.session.scalars(
            sa.select(Question)
            .where(Question.meeting_id.in_([m.id for m in meetings]))
            .order_by(Question.meeting_id, Question.id)
        )
    )
    summaries = []
    for meeting in meetings:
        own = [q for q in questions if q.meeting_id == meeting.id]
        summaries.append(
            MeetingSummary(
                meeting=meeting,
                counts=_in_lifecycle_order(Counter(q.status for q in own)),
                until_deadline=time_left(meeting.question_deadline_at, now),
                until_meeting=time_left(meeting.starts_at, now) or "under way or over",
                tasks=_tasks(meeting, own, now),
            )
        )
    return summaries


# Waiting for a clerk's decision now (not for the questioner's clarification).
READY_FOR_DECISION = tuple(s for s in AWAITING_DECISION if s is not S.CLARIFICATION_REQUESTED)


def next_waiting(after: Question) -> Question | None:
    """The question a clerk moves on to once `after` is decided: the oldest other one
    ready for a decision at the same meeting, or else the oldest at any meeting."""
    waiting = (
        sa.select(Question)
        .where(Question.status.in_(READY_FOR_DECISION), Question.id != after.id)
        .order_by(Question.received_at, Question.id)
        .limit(1)
    )
    same_meeting = db.session.scalar(waiting.where(Question.meeting_id == after.meeting_id))
    return same_meeting or db.session.scalar(waiting)


def count_waiting() -> int:
    """How many questions are waiting for a decision."""
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Question).where(Question.status.in_(AWAITING_DECISION))
    )
