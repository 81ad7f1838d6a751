"""How the council handles questions, in numbers anyone can check.

Counts come from the questions themselves (received, accepted, rejected by ground,
withdrawn); times from their immutable events (received → first decision, received →
published); written answers on time or late from the meeting record of meetings whose
minutes are published (the due date promised at the meeting and the date the written
answer was recorded as sent). Nothing here
identifies anyone.
"""

from __future__ import annotations

import datetime as dt
import statistics as stats
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa

from portal.domain.states import CONFIRMED, NUMBERED, PUBLISHED_IN_MINUTES, QuestionStatus
from portal.extensions import db
from portal.formatting import to_london
from portal.models import (
    Committee,
    Meeting,
    Question,
    QuestionEvent,
    QuestionOutcome,
    RejectionGround,
    utcnow,
)

S = QuestionStatus
DAY = 86400.0


@dataclass
class YearCounts:
    year: int
    received: int = 0
    accepted: int = 0
    rejected: int = 0
    withdrawn: int = 0


def _total(counts: Iterable[YearCounts]) -> YearCounts:
    """Counts added up across years (the total's `year` is 0)."""
    total = YearCounts(year=0)
    for each in counts:
        total.received += each.received
        total.accepted += each.accepted
        total.rejected += each.rejected
        total.withdrawn += each.withdrawn
    return total


@dataclass
class CommitteeCounts:
    committee: str
    slug: str
    years: dict[int, YearCounts] = field(default_factory=dict)

    @property
    def total(self) -> YearCounts:
        return _total(self.years.values())


@dataclass
class Timing:
    label: str
    to_decision: float | None  # median days
    to_answer: float | None
    decided: int
    answered: int


@dataclass
class WrittenAnswers:
    year: int
    on_time: int = 0
    late: int = 0
    overdue: int = 0  # promised, not sent, past the due date
    not_yet_due: int = 0


@dataclass
class Report:
    years: list[int]
    by_year: list[YearCounts]
    by_committee: list[CommitteeCounts]
    grounds: list[tuple[str, int]]
    grounds_by_year: dict[str, dict[int, int]]
    timings_by_year: list[Timing]
    timings_by_committee: list[Timing]
    written: list[WrittenAnswers]
    committee: str | None = None

    @property
    def total(self) -> YearCounts:
        return _total(self.by_year)

    @property
    def is_empty(self) -> bool:
        return not self.by_year


def _year(column: sa.ColumnElement) -> sa.ColumnElement:
    return sa.cast(sa.extract("year", column), sa.Integer)


def _scope(stmt: sa.Select, committee_slug: str | None) -> sa.Select:
    stmt = stmt.join(Meeting, Meeting.id == Question.meeting_id).join(
        Committee, Committee.id == Meeting.committee_id
    )
    if committee_slug:
        stmt = stmt.where(Committee.slug == committee_slug)
    return stmt


def _counts(committee_slug: str | None) -> tuple[list[YearCounts], list[CommitteeCounts]]:
    year = _year(Question.received_at)
    accepted = sa.or_(
        Question.status.in_(NUMBERED), sa.and_(Question.status == S.WITHDRAWN, Question.number.is_not(None))
    )
    stmt = _scope(
        sa.select(
            Committee.name,
            Committee.slug,
            year.label("year"),
            sa.func.count().label("received"),
            sa.func.sum(sa.case((accepted, 1), else_=0)).label("accepted"),
            sa.func.sum(sa.case((Question.status == S.REJECTED, 1), else_=0)).label("rejected"),
            sa.func.sum(sa.case((Question.status == S.WITHDRAWN, 1), else_=0)).label("withdrawn"),
        ).where(Question.status.in_(CONFIRMED), Question.received_at.is_not(None)),
        committee_slug,
    ).group_by(Committee.name, Committee.slug, year)
    by_year: dict[int, YearCounts] = {}
    by_committee: dict[str, CommitteeCounts] = {}
    for name, slug, y, received, acc, rej, wd in db.session.execute(stmt.order_by(Committee.name, year)):
        counts = YearCounts(int(y), int(received), int(acc or 0), int(rej or 0), int(wd or 0))
        by_committee.setdefault(slug, CommitteeCounts(name, slug)).years[int(y)] = counts
        total = by_year.setdefault(int(y), YearCounts(int(y)))
        total.received += counts.received
        total.accepted += counts.accepted
        total.rejected += counts.rejected
        total.withdrawn += counts.withdrawn
    return [by_year[y] for y in sorted(by_year)], sorted(by_committee.values(), key=lambda c: c.committee)


def _grounds(committee_slug: str | None) -> tuple[list[tuple[str, int]], dict[str, dict[int, int]]]:
    year = _year(Question.received_at)
    stmt = _scope(
        sa.select(RejectionGround.title, year, sa.func.count())
        .select_from(Question)
        .join(RejectionGround, RejectionGround.id == Question.rejection_ground_id)
        .where(Question.status == S.REJECTED),
        committee_slug,
    ).group_by(RejectionGround.title, year)
    by_year: dict[str, dict[int, int]] = defaultdict(dict)
    for title, y, count in db.session.execute(stmt.order_by(RejectionGround.title, year)):
        by_year[title][int(y)] = int(count)
    totals = sorted(((t, sum(v.values())) for t, v in by_year.items()), key=lambda tc: (-tc[1], tc[0]))
    return totals, dict(by_year)


def _first_event(verbs: tuple[str, ...]) -> sa.Subquery:
    return (
        sa.select(QuestionEvent.question_id, sa.func.min(QuestionEvent.at).label("at"))
        .where(QuestionEvent.verb.in_(verbs))
        .group_by(QuestionEvent.question_id)
        .subquery()
    )


def _durations(verbs: tuple[str, ...], committee_slug: str | None) -> list[tuple[str, int, float]]:
    """(committee, year received, days) from receipt to the first event with one of `verbs`."""
    first = _first_event(verbs)
    stmt = _scope(
        sa.select(Committee.name, Question.received_at, first.c.at)
        .select_from(Question)
        .join(first, first.c.question_id == Question.id)
        .where(Question.received_at.is_not(None)),
        committee_slug,
    ).order_by(Question.id)
    rows = []
    for name, received_at, at in db.session.execute(stmt):
        if at is None or received_at is None:
            continue
        if at.tzinfo is None:
            at = at.replace(tzinfo=dt.UTC)
        rows.append((name, received_at.year, max(0.0, (at - received_at).total_seconds() / DAY)))
    return rows


def _median(values: list[float]) -> float | None:
    return round(stats.median(values), 1) if values else None


def _timings(committee_slug: str | None) -> tuple[list[Timing], list[Timing]]:
    decisions = _durations(("accept", "reject"), committee_slug)
    answers = _durations(("publish",), committee_slug)

    def grouped(key: int) -> list[Timing]:
        dec: dict[object, list[float]] = defaultdict(list)
        ans: dict[object, list[float]] = defaultdict(list)
        for row in decisions:
            dec[row[key]].append(row[2])
        for row in answers:
            ans[row[key]].append(row[2])
        return [
            Timing(
                str(k),
                _median(dec.get(k, [])),
                _median(ans.get(k, [])),
                len(dec.get(k, [])),
                len(ans.get(k, [])),
            )
            for k in sorted(set(dec) | set(ans), key=str)
        ]

    return grouped(1), grouped(0)


def _written(committee_slug: str | None, today: dt.date) -> list[WrittenAnswers]:
    """Written answers promised at meetings whose minutes are published, by the year they
    fell due: from the meeting record (the due date set in the console and the date the
    answer was recorded as sent), the same data as the written answers owed page."""
    stmt = _scope(
        sa.select(QuestionOutcome.written_answer_due_on, QuestionOutcome.written_answer_sent_on)
        .select_from(Question)
        .join(QuestionOutcome, QuestionOutcome.question_id == Question.id)
        .where(
            QuestionOutcome.written_answer_promised.is_(True),
            QuestionOutcome.written_answer_due_on.is_not(None),
            Question.status.in_(PUBLISHED_IN_MINUTES),
        ),
        committee_slug,
    )
    years: dict[int, WrittenAnswers] = {}
    rows = db.session.execute(stmt.order_by(QuestionOutcome.written_answer_due_on, Question.id))
    for due, sent in rows:
        row = years.setdefault(due.year, WrittenAnswers(due.year))
        if sent is not None:
            if sent <= due:
                row.on_time += 1
            else:
                row.late += 1
        elif due < today:
            row.overdue += 1
        else:
            row.not_yet_due += 1
    return [years[y] for y in sorted(years)]


def build_report(*, committee_slug: str | None = None, now: dt.datetime | None = None) -> Report:
    now = now or utcnow()
    by_year, by_committee = _counts(committee_slug)
    grounds, grounds_by_year = _grounds(committee_slug)
    timings_by_year, timings_by_committee = _timings(committee_slug)
    written = _written(committee_slug, to_london(now).date())
    years = sorted({c.year for c in by_year} | {w.year for w in written})
    return Report(
        years=years,
        by_year=by_year,
        by_committee=by_committee,
        grounds=grounds,
        grounds_by_year=grounds_by_year,
        timings_by_year=timings_by_year,
        timings_by_committee=timings_by_committee,
        written=written,
        committee=committee_slug,
    )
