"""Two years of published questions and answers, so search, feeds, the register and the
statistics have something real to show.

Every question goes through the lifecycle's own transitions, dated as it would have
happened (submitted, confirmed, accepted, answered, published, closed), so the
statistics read true events. Each meeting's record is filed with the archive twice:
the agenda supplement before the meeting, the minutes after it. Seeded, so every load
gives the same council; skipped once the archive has anything in it.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from typing import Any

import sqlalchemy as sa

from portal.demo.archive_text import compose, person
from portal.demo.record import item_for, publish_record
from portal.domain import lifecycle, scheduling
from portal.domain.grounds import ensure_standard_grounds
from portal.domain.sanitise import render_markdown
from portal.domain.states import QuestionKind
from portal.extensions import db
from portal.formatting import london_to_utc, to_london
from portal.models import (
    Answer,
    AnswerStatus,
    ArchiveEntry,
    Committee,
    CommitteeKind,
    CommitteePost,
    Layout,
    Meeting,
    MeetingStatus,
    Post,
    ProcedureRules,
    Question,
    RejectionGround,
    User,
    utcnow,
)

SEED = 2026
VENUE = "Council Chamber, Council Offices, Market Street, Kingsmere, KM1 2AB"
EXTRA_COMMITTEE = (
    "communities-and-place-scrutiny-committee",
    "Communities and Place Scrutiny Committee",
    "Scrutinises highways, waste, libraries, housing and the local plan.",
)
# (committee slug, weeks between meetings, hour, public questions per meeting)
CADENCE = (
    ("council", 8, 14, (4, 9)),
    ("cabinet", 4, 10, (2, 6)),
    ("children-and-young-people-scrutiny-committee", 8, 10, (3, 7)),
    (EXTRA_COMMITTEE[0], 8, 18, (2, 6)),
)


def _user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _extra_committee(posts: dict[str, Post]) -> Committee:
    slug, name, description = EXTRA_COMMITTEE
    committee = db.session.scalar(sa.select(Committee).where(Committee.slug == slug))
    if committee is None:
        committee = Committee(
            slug=slug,
            name=name,
            kind=CommitteeKind.SCRUTINY,
            layout=Layout.REPORTED,
            description=description,
            takes_public_questions=True,
            takes_member_questions=False,
            rules=ProcedureRules(deadline_clear_working_days=2, deadline_time=dt.time(12, 0)),
        )
        for position, title in enumerate(
            ("Leader of the council", "Cabinet member finance and corporate services")
        ):
            committee.committee_posts.append(CommitteePost(post=posts[title], position=position))
        db.session.add(committee)
        db.session.flush()
    return committee


def _post_for(committee: Committee, hint: str, rng: random.Random) -> Post:
    posts = committee.posts
    matching = [p for p in posts if hint in p.title.lower()]
    return rng.choice(matching or posts)


class _History:
    def __init__(self, rng: random.Random, staff: dict[str, User]) -> None:
        self.rng = rng
        self.clerk = staff["clerk"]
        self.officer = staff["officer"]
        self.approver = staff["approver"]
        self.councillors = staff["councillors"]
        self.grounds = list(db.session.scalars(sa.select(RejectionGround).order_by(RejectionGround.position)))
        self.questions = 0

    def new_question(
        self, meeting: Meeting, kind: QuestionKind, text: str, submitted: dt.datetime
    ) -> Question:
        rng = self.rng
        if kind is QuestionKind.MEMBER:
            councillor = rng.choice(self.councillors)
            title, first, last, town = None, councillor.first_name, councillor.last_name, None
            email = councillor.email
        else:
            councillor = None
            title, first, last, town = person(rng)
            email = f"{first}.{last}.{rng.randint(10, 999)}@example.com".lower()
        question = Question(
            reference=lifecycle.new_reference(submitted),
            meeting=meeting,
            kind=kind,
            title=title,
            first_name=first,
            last_name=last,
            email=email,
            email_normalised=email.lower(),
            town=town,
            postcode=None if councillor else "KM1 " + rng.choice("23456789") + rng.choice("ABDEFGHJ") * 2,
            address_line_1=None
            if councillor
            else f"{rng.randint(1, 120)} {rng.choice(('Mill Lane', 'Church Street', 'Park Road'))}",
            lives_or_works_in_area=True,
            publish_name=rng.random() > 0.08,
            councillor=councillor,
            ward=councillor.ward if councillor else None,
            original_text=text,
            tracking_token=secrets.token_urlsafe(32),
        )
        db.session.add(question)
        if kind is QuestionKind.MEMBER:
            question.received_at = submitted
            lifecycle.start(question, "submit_member", actor=councillor, actor_kind="staff", now=submitted)
        else:
            lifecycle.start(question, "submit", actor=None, actor_kind="questioner", now=submitted)
            confirmed = submitted + dt.timedelta(minutes=rng.randint(2, 300))
            question.received_at = confirmed
            lifecycle.transition(question, "confirm", actor=None, actor_kind="questioner", now=confirmed)
        self.questions += 1
        return question

    def accept(self, question: Question, post: Post, number: int, at: dt.datetime) -> None:
        question.number = number
        question.answering_post = post
        question.asked_post = post
        question.decided_at = at
        lifecycle.transition(question, "accept", actor=self.clerk, now=at)

    def reject(self, question: Question, at: dt.datetime) -> None:
        ground = self.rng.choice(self.grounds)
        question.rejection_ground = ground
        question.rejection_explanation = ground.public_wording
        question.rejection_listed = ground.listed_by_default
        question.decided_at = at
        lifecycle.transition(question, "reject", actor=self.clerk, public_note=ground.public_wording, now=at)

    def answer(self, question: Question, markdown: str, drafted: dt.datetime, approved: dt.datetime) -> None:
        db.session.add(
            Answer(
                question=question,
                post=question.answering_post,
                status=AnswerStatus.APPROVED,
                body_source=markdown,
                body_html=render_markdown(markdown),
                drafted_by=self.officer,
                submitted_by=self.officer,
                submitted_at=drafted,
                approved_by=self.approver,
                approved_at=approved,
            )
        )
        lifecycle.transition(question, "submit_answer", actor=self.officer, now=drafted)
        lifecycle.transition(question, "approve_answer", actor=self.approver, now=approved)


def _meeting_dates(now: dt.datetime, weeks: int, hour: int, rng: random.Random) -> list[dt.datetime]:
    today = to_london(now).date()
    day = today - dt.timedelta(days=730)
    dates = []
    while day < today - dt.timedelta(days=10):
        while day.weekday() not in (1, 2, 3):
            day += dt.timedelta(days=1)
        dates.append(london_to_utc(day, dt.time(hour, 30 if hour == 14 else 0)))
        day += dt.timedelta(weeks=weeks, days=rng.randint(-3, 3))
    return dates


def _hold_meeting(history: _History, committee: Committee, starts_at: dt.datetime, now: dt.datetime) -> int:
    rng = history.rng
    meeting = scheduling.schedule_meeting(
        committee,
        starts_at=starts_at,
        by=history.clerk,
        venue=VENUE,
        contact_name="Sarah Whitlock, Democratic Services Officer",
        contact_email="democratic.services@kingsmere.gov.uk",
        contact_phone="01632 960123",
        public_questions_item="5",
        member_questions_item="6" if committee.takes_member_questions else None,
    )
    deadline = meeting.question_deadline_at
    supplement_at = min(starts_at - dt.timedelta(hours=20), deadline + dt.timedelta(days=rng.randint(2, 4)))
    low, high = next(c[3] for c in CADENCE if c[0] == committee.slug)
    plan: list[tuple[QuestionKind, str]] = [(QuestionKind.PUBLIC, "accept")] * rng.randint(low, high)
    plan += [(QuestionKind.PUBLIC, "reject")] * (rng.random() < 0.45)
    plan += [(QuestionKind.PUBLIC, "withdraw")] * (rng.random() < 0.15)
    if committee.takes_member_questions:
        plan += [(QuestionKind.MEMBER, "accept")] * rng.randint(0, 3)
    numbers = {QuestionKind.PUBLIC: 0, QuestionKind.MEMBER: 0}
    published: list[tuple[Question, str, str]] = []
    for kind, fate in plan:
        topic, text, answer, supplementary = compose(rng)
        submitted = deadline - dt.timedelta(days=rng.uniform(0.2, 14))
        question = history.new_question(meeting, kind, text, submitted)
        decided = min(
            question.received_at + dt.timedelta(days=rng.uniform(0.1, 4)),
            supplement_at - dt.timedelta(hours=6),
        )
        if fate == "reject":
            history.reject(question, decided)
            continue
        if fate == "withdraw":
            lifecycle.transition(question, "withdraw", actor=None, actor_kind="questioner", now=decided)
            continue
        numbers[kind] += 1
        history.accept(question, _post_for(committee, topic.post_hint, rng), numbers[kind], decided)
        drafted = decided + (supplement_at - decided) * rng.uniform(0.2, 0.6)
        history.answer(question, answer, drafted, drafted + (supplement_at - drafted) * 0.5)
        lifecycle.transition(question, "publish", actor=history.clerk, now=supplement_at)
        published.append((question, answer, supplementary))
    if not published:
        return 0
    publish_record(
        meeting, [item_for(q) for q, _, _ in published], version=1, published_at=supplement_at, alerts=False
    )
    scheduling.mark_held(meeting, by=history.clerk, now=now)
    minutes_at = starts_at + dt.timedelta(days=rng.randint(7, 12))
    if minutes_at < now:
        items = [_minutes_item(history, q, supp, starts_at, minutes_at, now) for q, _, supp in published]
        publish_record(meeting, items, document="minutes", version=2, published_at=minutes_at, alerts=False)
    return len(published)


def _minutes_item(
    history: _History,
    question: Question,
    supplementary: str,
    starts_at: dt.datetime,
    minutes_at: dt.datetime,
    now: dt.datetime,
) -> dict[str, Any]:
    rng = history.rng
    post = question.answering_post
    put = rng.choices(("put", "read_on_behalf", "not_put"), weights=(70, 20, 10))[0]
    extras: dict[str, Any] = {"put": put}
    if put != "not_put" and question.kind is QuestionKind.PUBLIC and rng.random() < 0.45:
        extras["supplementary"] = {
            "question": supplementary,
            "answer_html": render_markdown(
                rng.choice(
                    (
                        "Yes. The figures will be published with the committee papers each quarter.",
                        "I will ask officers to look into this and reply to you in writing.",
                        "That is being considered as part of the review, which reports in the autumn.",
                    )
                )
            ),
            "answered_by": post.title,
        }
    if rng.random() < 0.14:
        due = to_london(starts_at).date() + dt.timedelta(days=28)
        written: dict[str, Any] = {"due_on": due}
        lifecycle.transition(question, "owe_written_answer", actor=history.clerk, now=minutes_at)
        sent = due + dt.timedelta(days=rng.randint(-14, 9))
        if rng.random() < 0.85 and sent <= to_london(now).date() - dt.timedelta(days=1):
            written["sent_on"] = sent
            written["html"] = render_markdown(
                f"Written response sent on {sent.day} {sent:%B %Y}: officers have reviewed the figures and "
                "the full breakdown is attached to the minutes."
            )
            sent_at = london_to_utc(sent, dt.time(11, 0))
            if sent_at > minutes_at:
                lifecycle.transition(question, "send_written_answer", actor=history.clerk, now=sent_at)
        extras["written_answer"] = written
    else:
        lifecycle.transition(question, "close", actor=history.clerk, now=minutes_at)
    return item_for(question, **extras)


def _upcoming(history: _History, now: dt.datetime) -> int:
    """Questions on the register: received, accepted, not accepted and withdrawn."""
    rng = history.rng
    added = 0
    meetings = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.starts_at > now, Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    for meeting in meetings:
        if not (meeting.committee.takes_public_questions and meeting.takes_public_questions):
            continue
        numbers = 0
        closed = meeting.question_deadline_at <= now
        for n in range(rng.randint(4, 7)):
            _, text, _, _ = compose(rng)
            submitted = now - dt.timedelta(days=rng.uniform(0.5, 9))
            question = history.new_question(meeting, QuestionKind.PUBLIC, text, submitted)
            added += 1
            decided = min(
                now - dt.timedelta(hours=1), question.received_at + dt.timedelta(days=rng.uniform(0.2, 2))
            )
            fate = rng.choices(
                ("accept", "received", "reject", "withdraw"), weights=(5, 1 if closed else 4, 2, 1)
            )[0]
            if n == 0:
                fate = "reject"
            if fate == "accept":
                numbers += 1
                history.accept(question, _post_for(meeting.committee, "", rng), numbers, decided)
            elif fate == "reject":
                history.reject(question, decided)
            elif fate == "withdraw":
                lifecycle.transition(question, "withdraw", actor=None, actor_kind="questioner", now=decided)
    return added


def load() -> list[str]:
    if db.session.scalar(sa.select(sa.func.count()).select_from(ArchiveEntry)):
        return []
    staff = {
        "clerk": _user("clerk@kingsmere.gov.uk"),
        "officer": _user("officer@kingsmere.gov.uk"),
        "approver": _user("councillor@kingsmere.gov.uk"),
        "councillors": [
            u for u in (_user("councillor@kingsmere.gov.uk"), _user("cllr.hebden@kingsmere.gov.uk")) if u
        ],
    }
    if any(v is None for v in staff.values()) or not staff["councillors"]:
        return ["Archive history skipped: the demo staff are missing"]
    ensure_standard_grounds()
    posts = {p.title: p for p in db.session.scalars(sa.select(Post).order_by(Post.id))}
    _extra_committee(posts)
    rng = random.Random(SEED)
    history = _History(rng, staff)
    now = utcnow()
    published = 0
    for slug, weeks, hour, _ in CADENCE:
        committee = db.session.scalar(sa.select(Committee).where(Committee.slug == slug))
        if committee is None:
            continue
        for starts_at in _meeting_dates(now, weeks, hour, rng):
            published += _hold_meeting(history, committee, starts_at, now)
    upcoming = _upcoming(history, now)
    db.session.flush()
    return [
        f"Added two years of history: {history.questions - upcoming} questions,"
        f" {published} published with answers",
        f"Added {upcoming} questions to upcoming meetings for the public register",
    ]
