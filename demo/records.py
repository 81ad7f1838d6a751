"""Demo: published questions and answers for the demo council.

For each layout, a past meeting with its agenda supplement and minutes appendix
published: Council (table layout) and the Children and Young People Scrutiny
Committee (reported layout), each with one written answer sent and one still owed.
And the next Cabinet meeting has answers approved and ready, so a clerk can publish
its supplement, run the meeting in the console and publish the appendix.

Everything goes through the domain verbs (lifecycle, moderation, answers, meetings,
publishing). The people
and their questions are fictional.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from demo.records_text import CABINET, COUNCIL, SCRUTINY
from portal.domain.meetings import deadlines, proceedings, scheduling, webcast
from portal.domain.meetings.proceedings import ActionEntry, CommentEntry
from portal.domain.people.accounts import find_user_by_email
from portal.domain.record import publishing
from portal.extensions import db
from portal.formatting import london_to_utc, to_london
from portal.models import (
    Committee,
    Meeting,
    Post,
    Publication,
    PutOutcome,
    Question,
    User,
    utcnow,
)
from scenarios import asking as steps
from scenarios.asking import Asker

VENUE = "Council Chamber, Council Offices, Market Street, Kingsmere, KM1 2AB"
CONTACT = {
    "contact_name": "Sarah Whitlock, Democratic Services Officer",
    "contact_email": "democratic.services@kingsmere.gov.uk",
    "contact_phone": "01632 960123",
}


def load() -> list[str]:
    report: list[str] = []
    clerk = find_user_by_email("clerk@kingsmere.gov.uk")
    officer = find_user_by_email("officer@kingsmere.gov.uk")
    if clerk is None or officer is None:
        return ["Skipped the published records: the demo staff are missing"]
    today = to_london(utcnow()).date()
    council = _committee("council")
    scrutiny = _committee("children-and-young-people-scrutiny-committee")
    cabinet = _committee("cabinet")
    if council is not None and not _has_publication(council):
        day = _weekday_before(today, 3, 42)
        _past_meeting(council, COUNCIL, day, dt.time(14, 30), ("3", "4"), clerk, officer)
        report.append("Published the questions and answers of a past Council meeting (table layout)")
    if scrutiny is not None and not _has_publication(scrutiny):
        day = _weekday_before(today, 1, 21)
        _past_meeting(scrutiny, SCRUTINY, day, dt.time(10, 0), ("5", "6"), clerk, officer)
        report.append(
            "Published the questions and answers of a past scrutiny committee meeting (reported layout)"
        )
    if cabinet is not None and _ready_to_publish(cabinet, officer):
        report.append("Approved the answers for the next Cabinet meeting, ready for its supplement")
    db.session.flush()
    return report


# Helpers ---------------------------------------------------------------------------------


def _committee(slug: str) -> Committee | None:
    return db.session.scalar(sa.select(Committee).where(Committee.slug == slug))


def _has_publication(committee: Committee) -> bool:
    found = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Publication)
        .join(Meeting, Meeting.id == Publication.meeting_id)
        .where(Meeting.committee_id == committee.id)
    )
    return bool(found)


def _weekday_before(today: dt.date, weekday: int, days: int) -> dt.date:
    day = today - dt.timedelta(days=days)
    while day.weekday() != weekday or not deadlines.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def _post(title: str) -> Post:
    post = db.session.scalar(sa.select(Post).where(Post.title == title))
    if post is None:
        raise LookupError(f"The demo post {title!r} is missing")
    return post


def _approver(post: Post) -> User | None:
    holders = post.current_holders()
    return holders[0] if holders else find_user_by_email("admin@kingsmere.gov.uk")


KEY = "demo-record-"


def _ask(meeting: Meeting, spec: dict[str, Any], at: dt.datetime, officer: User, key: str) -> Question:
    """A question submitted, confirmed, accepted, answered and approved, step by step."""
    post = _post(spec["to"])
    member = spec.get("councillor")
    councillor = find_user_by_email(member) if member else None
    if councillor is not None:
        asker = Asker(councillor.first_name, councillor.last_name, councillor.email, councillor=councillor)
    else:
        asker = Asker(
            spec["first_name"],
            spec["last_name"],
            spec["email"],
            title=spec.get("title"),
            town=spec.get("town"),
            postcode=spec.get("postcode", "KM1 3QT"),
            address=spec.get("address", "12 Orchard Way"),
            publish_name=spec.get("publish_name", True),
            on_behalf_of=spec.get("on_behalf_of"),
        )
    question = steps.ask(meeting, asker, spec["question"], at=at, key=f"{KEY}{key}", post=post)
    decided = at + dt.timedelta(hours=20)
    drafted = decided + dt.timedelta(days=1)
    return steps.accept_and_answer(
        question,
        spec["answer"],
        clerk=find_user_by_email("clerk@kingsmere.gov.uk"),
        post=post,
        drafter=officer,
        approver=_approver(post),
        accepted_at=decided,
        drafted_at=drafted,
        approved_at=drafted + dt.timedelta(hours=6),
    )


def _schedule(
    committee: Committee, day: dt.date, time: dt.time, items: tuple[str, str], clerk: User
) -> Meeting:
    return scheduling.schedule_meeting(
        committee,
        starts_at=london_to_utc(day, time),
        by=clerk,
        venue=VENUE,
        public_questions_item=items[0],
        member_questions_item=items[1],
        **CONTACT,
    )


def _past_meeting(
    committee: Committee,
    specs: list[dict[str, Any]],
    day: dt.date,
    time: dt.time,
    items: tuple[str, str],
    clerk: User,
    officer: User,
) -> Meeting:
    meeting = _schedule(committee, day, time, items, clerk)
    starts = meeting.starts_at
    asked = meeting.question_deadline_at - dt.timedelta(days=3)
    questions = [
        _ask(meeting, spec, asked + dt.timedelta(hours=5 * index), officer, f"{committee.slug}-{index}")
        for index, spec in enumerate(specs)
    ]
    publishing.publish_supplement(meeting, by=clerk, now=starts - dt.timedelta(days=4, hours=2))

    during = starts + dt.timedelta(hours=2)
    for question, spec in zip(questions, specs, strict=True):
        proceedings.save_outcome(question, by=clerk, now=during, changes=_outcome_changes(spec))
    proceedings.record_meeting_times(
        meeting,
        by=clerk,
        started_at=starts + dt.timedelta(minutes=2),
        ended_at=starts + dt.timedelta(hours=2, minutes=41),
        now=during + dt.timedelta(hours=1),
    )
    _webcast_moments(meeting, questions, clerk, during + dt.timedelta(hours=1))
    publishing.publish_appendix(meeting, by=clerk, now=starts + dt.timedelta(days=3, hours=1))
    for question, spec in zip(questions, specs, strict=True):
        written = spec.get("written_answer_sent")
        if written:
            sent_on = to_london(starts).date() + dt.timedelta(days=written["after_days"])
            publishing.record_sent_written_answer(
                question,
                by=clerk,
                sent_on=sent_on,
                body_source=written["text"],
                now=london_to_utc(sent_on, dt.time(16, 20)),
            )
    return meeting


def _webcast_moments(meeting: Meeting, questions: list[Question], clerk: User, now: dt.datetime) -> None:
    """The meeting was webcast: where each exchange begins, as the clerk marked it."""
    meeting.webcast_url = (
        meeting.webcast_url or f"https://www.youtube.com/watch?v=Kms{meeting.committee.slug[:4]}2025"
    )
    webcast.record_webcast(meeting, by=clerk, started_at=None, length_seconds=2 * 3600 + 41 * 60, now=now)
    at = 14 * 60 + 20
    for question in questions:
        changes: dict[str, Any] = {"webcast_question_at": at}
        if question.outcome is not None and question.outcome.supplementary_html:
            changes["webcast_supplementary_at"] = at + 4 * 60 + 35
        proceedings.save_outcome(question, by=clerk, changes=changes, now=now)
        at += 11 * 60 + 5


def _outcome_changes(spec: dict[str, Any]) -> dict[str, Any]:
    at_meeting = spec.get("at_meeting", {})
    changes: dict[str, Any] = {
        "put": PutOutcome(at_meeting.get("put", "put_by_questioner")),
        "read_by": at_meeting.get("read_by", ""),
        "supplementary": at_meeting.get("supplementary", ""),
        "supplementary_answered_by": at_meeting.get("answered_by", ""),
        "supplementary_answer": at_meeting.get("answer", ""),
        "written_answer_promised": bool(at_meeting.get("written_answer_promised")),
        "actions": [ActionEntry(text, owner) for text, owner in at_meeting.get("actions", [])],
        "noted_comments": [CommentEntry(heading, body) for heading, body in at_meeting.get("comments", [])],
    }
    return changes


def _ready_to_publish(cabinet: Committee, officer: User) -> bool:
    """Approve answers for the next Cabinet meeting, so its supplement can be published."""
    now = utcnow()
    upcoming = [m for m in scheduling.upcoming_meetings(now, cabinet) if m.starts_at > now]
    if not upcoming:
        return False
    meeting = upcoming[0]
    has_questions = db.session.scalar(
        sa.select(sa.func.count()).select_from(Question).where(Question.meeting_id == meeting.id)
    )
    if has_questions:
        return False
    asked = min(meeting.question_deadline_at, now) - dt.timedelta(days=4)
    for number, spec in enumerate(CABINET, start=1):
        _ask(meeting, spec, asked + dt.timedelta(hours=3 * number), officer, f"cabinet-{number}")
    return True
