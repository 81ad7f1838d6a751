"""Two years of published questions and answers, so search, feeds, the register and the
statistics have something real to show.

Every question goes through the domain verbs, dated as it would have happened: submitted
and confirmed, accepted onto the meeting's numbered list (or not accepted, or
withdrawn), answered by an officer and approved by a holder of the post, recorded at the
meeting in the console, and published. Each history meeting has real published versions
and files, and publishing files them with the archive. To keep the first `make run`
quick, meetings of the last few months publish the agenda supplement and then the
minutes appendix; older ones publish the minutes appendix only.

Seeded, so every load gives the same council; skipped once the history is there. The
e-mails these verbs queue went out long ago in the story, so the step removes them
from the outbox rather than leave hundreds of old messages in the development mailbox.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets

import sqlalchemy as sa

from demo.archive_text import compose_for, person
from demo.foundation import election_day
from portal.domain import lifecycle
from portal.domain.meetings import deadlines, proceedings, scheduling
from portal.domain.people.accounts import create_user, find_user_by_email
from portal.domain.questions import moderation
from portal.domain.questions.grounds import ensure_standard_grounds
from portal.domain.record import publishing
from portal.domain.states import QuestionKind
from portal.extensions import db
from portal.formatting import london_to_utc, to_london
from portal.models import (
    Committee,
    CommitteeKind,
    CommitteePost,
    Layout,
    Meeting,
    OutboxMessage,
    Post,
    PostDrafter,
    PostHolder,
    ProcedureRules,
    PutOutcome,
    Question,
    RejectionGround,
    Role,
    User,
    utcnow,
)
from scenarios.asking import Asker, accept_and_answer, ask, drafter_for, holder_for

SEED = 2026
KEY = "demo-history-"
VENUE = "Council Chamber, Council Offices, Market Street, Kingsmere, KM1 2AB"
CONTACT = {
    "contact_name": "Sarah Whitlock, Democratic Services Officer",
    "contact_email": "democratic.services@kingsmere.gov.uk",
    "contact_phone": "01632 960123",
}
EXTRA_COMMITTEE = (
    "communities-and-place-scrutiny-committee",
    "Communities and Place Scrutiny Committee",
    "Scrutinises highways, waste, libraries, housing and the local plan.",
)
# (committee slug, weeks between meetings, weekday (Monday 0), time, public questions per
# meeting): each committee meets on its own day of the week at its own time, as real ones do.
CADENCE = (
    ("council", 8, 3, dt.time(14, 30), (4, 7)),
    ("cabinet", 6, 1, dt.time(10, 0), (3, 6)),
    ("children-and-young-people-scrutiny-committee", 8, 1, dt.time(10, 0), (3, 6)),
    (EXTRA_COMMITTEE[0], 10, 2, dt.time(18, 0), (3, 5)),
)
# How far back the history goes (the tests shorten it: they check its shape, not its size).
HISTORY_DAYS = 730
# The newest history meeting is at least this many days ago (later ones are the other steps').
NEWEST_DAYS = 50
# A written answer promised at the meeting is sent, most on time and a few late, unless
# it fell due within this many days: of those, some are still owed (a few days or weeks late).
RECENTLY_DUE_DAYS = 35
# Meetings within this many days publish the supplement before the meeting as well.
SUPPLEMENT_WITHIN_DAYS = 120
# Holders and drafters for the posts the history's questions go to. Their accounts have
# no known password: they exist so every answer is drafted and approved by someone.
PEOPLE = (
    # email, first, last, roles, job title, ward
    ("cllr.ashworth@kingsmere.gov.uk", "Graham", "Ashworth", {Role.COUNCILLOR}, None, "Castle Ward"),
    ("cllr.farouk@kingsmere.gov.uk", "Nadia", "Farouk", {Role.COUNCILLOR}, None, "Brookfield"),
    ("cllr.osei@kingsmere.gov.uk", "Kofi", "Osei", {Role.COUNCILLOR}, None, "Lower Marsh"),
    ("cllr.lindqvist@kingsmere.gov.uk", "Freya", "Lindqvist", {Role.COUNCILLOR}, None, "Netherby"),
    (
        "corporate.officer@kingsmere.gov.uk",
        "Lewis",
        "Penrose",
        {Role.OFFICER},
        "Head of Corporate Services",
        None,
    ),
    ("housing.officer@kingsmere.gov.uk", "Mariam", "Haddad", {Role.OFFICER}, "Head of Housing Options", None),
    (
        "environment.officer@kingsmere.gov.uk",
        "Gareth",
        "Pryor",
        {Role.OFFICER},
        "Head of Highways and Environmental Services",
        None,
    ),
)
HOLDERS = {
    "Leader of the council": "cllr.ashworth@kingsmere.gov.uk",
    "Cabinet member finance and corporate services": "cllr.farouk@kingsmere.gov.uk",
    "Cabinet member housing and communities": "cllr.osei@kingsmere.gov.uk",
    "Cabinet member environment and transport": "cllr.lindqvist@kingsmere.gov.uk",
}
DRAFTERS = {
    "Leader of the council": "corporate.officer@kingsmere.gov.uk",
    "Cabinet member finance and corporate services": "corporate.officer@kingsmere.gov.uk",
    "Cabinet member housing and communities": "housing.officer@kingsmere.gov.uk",
    "Cabinet member environment and transport": "environment.officer@kingsmere.gov.uk",
}
SUPPLEMENTARY_ANSWERS = (
    "Yes. The figures will be published with the committee papers each quarter.",
    "I will ask officers to look into this and reply to you in writing.",
    "That is being considered as part of the review, which reports in the autumn.",
)


def load(*, commit_each: bool = False) -> list[str]:
    """The history, newest meeting first. With `commit_each`, each meeting is committed
    as it is held, so the server can run meanwhile (`flask demo history`)."""
    if db.session.scalar(
        sa.select(sa.func.count()).select_from(Question).where(Question.submission_key.like(f"{KEY}%"))
    ):
        return []
    clerk = find_user_by_email("clerk@kingsmere.gov.uk")
    councillors = [
        u
        for u in map(find_user_by_email, ("councillor@kingsmere.gov.uk", "cllr.hebden@kingsmere.gov.uk"))
        if u
    ]
    if clerk is None or not councillors:
        return ["Archive history skipped: the demo staff are missing"]
    ensure_standard_grounds()
    posts = {p.title: p for p in db.session.scalars(sa.select(Post).order_by(Post.id))}
    _people(posts)
    _extra_committee(posts)
    history = _History(random.Random(SEED), clerk, councillors)
    now = utcnow()
    planned = []
    for slug, weeks, weekday, time, sizes in CADENCE:
        committee = db.session.scalar(sa.select(Committee).where(Committee.slug == slug))
        if committee is not None:
            planned += [(day, time, committee, sizes) for day in _meeting_days(now, weeks, weekday)]
    if commit_each:
        db.session.commit()
    meetings_held = 0
    for day, time, committee, sizes in sorted(planned, key=lambda p: (p[0], p[2].id), reverse=True):
        # Each meeting's story from its own seed: the same whatever order they are held in.
        history.rng = random.Random(f"{SEED}-{committee.slug}-{day.isoformat()}")
        first_message = db.session.scalar(sa.select(sa.func.max(OutboxMessage.id))) or 0
        meetings_held += history.hold_meeting(committee, london_to_utc(day, time), sizes, now)
        # The e-mails these verbs queued went out long ago in the story.
        db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.id > first_message))
        if commit_each:
            db.session.commit()
    db.session.flush()
    return [
        f"Added two years of history: {meetings_held} meetings, {history.published} questions published"
        f" with their answers, {history.versions} published versions",
    ]


# Set-up ------------------------------------------------------------------------------


def _people(posts: dict[str, Post]) -> None:
    for email, first, last, roles, job_title, ward in PEOPLE:
        if find_user_by_email(email) is None:
            create_user(
                email=email,
                first_name=first,
                last_name=last,
                password=secrets.token_urlsafe(24),
                roles=roles,
                job_title=job_title,
                ward=ward,
            )
    for title, email in HOLDERS.items():
        post, user = posts.get(title), find_user_by_email(email)
        if post is not None and user is not None and not post.holders:
            post.holders.append(PostHolder(user=user, starts_on=election_day(to_london(utcnow()).date())))
    for title, email in DRAFTERS.items():
        post, user = posts.get(title), find_user_by_email(email)
        if post is not None and user is not None and not post.drafters:
            post.drafters.append(PostDrafter(user=user))
    db.session.flush()


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
            (
                "Leader of the council",
                "Cabinet member finance and corporate services",
                "Cabinet member housing and communities",
                "Cabinet member environment and transport",
            )
        ):
            committee.committee_posts.append(CommitteePost(post=posts[title], position=position))
        db.session.add(committee)
        db.session.flush()
    return committee


def _meeting_days(now: dt.datetime, weeks: int, weekday: int) -> list[dt.date]:
    """Every `weeks` weeks on the committee's day of the week, back over the history; a
    meeting that would fall on a bank holiday is the next working day."""
    today = to_london(now).date()
    day = today - dt.timedelta(days=NEWEST_DAYS)
    while day.weekday() != weekday:
        day -= dt.timedelta(days=1)
    days = []
    while day > today - dt.timedelta(days=HISTORY_DAYS):
        held = day
        while not deadlines.is_working_day(held):
            held += dt.timedelta(days=1)
        days.append(held)
        day -= dt.timedelta(weeks=weeks)
    return days


# The history ---------------------------------------------------------------------------


class _History:
    def __init__(self, rng: random.Random, clerk: User, councillors: list[User]) -> None:
        self.rng = rng
        self.clerk = clerk
        self.councillors = councillors
        self.grounds = list(
            db.session.scalars(
                sa.select(RejectionGround)
                .where(RejectionGround.is_active.is_(True))
                .order_by(RejectionGround.position)
            )
        )
        self.asked = 0
        self.published = 0
        self.versions = 0

    def _asker(self, kind: QuestionKind) -> Asker:
        rng = self.rng
        if kind is QuestionKind.MEMBER:
            # In turn, so no councillor asks more than the one question a meeting allows.
            councillor = self.councillors[self.asked % len(self.councillors)]
            return Asker(councillor.first_name, councillor.last_name, councillor.email, councillor=councillor)
        title, first, last, town = person(rng)
        return Asker(
            first,
            last,
            f"{first}.{last}.{self.asked}@example.com".lower(),
            title=title,
            town=town,
            postcode="KM1 " + rng.choice("23456789") + rng.choice("ABDEFGHJ") * 2,
            address=f"{rng.randint(1, 120)} {rng.choice(('Mill Lane', 'Church Street', 'Park Road'))}",
            publish_name=rng.random() > 0.08,
        )

    def _ask(self, meeting: Meeting, kind: QuestionKind, text: str, at: dt.datetime) -> Question:
        self.asked += 1
        confirmed = dt.timedelta(minutes=self.rng.randint(2, 300))
        return ask(
            meeting, self._asker(kind), text, at=at, key=f"{KEY}{self.asked}", confirmed_after=confirmed
        )

    def _posts(self, committee: Committee) -> dict[str, Post]:
        """The committee's posts that have someone to draft answers and someone to approve them."""
        return {
            p.title: p for p in committee.posts if drafter_for(p) is not None and holder_for(p) is not None
        }

    def _reject(self, question: Question, at: dt.datetime) -> None:
        ground = self.rng.choice(self.grounds)
        moderation.reject(question, by=self.clerk, ground=ground, explanation=ground.public_wording, now=at)

    def _withdraw(self, question: Question, at: dt.datetime) -> None:
        lifecycle.transition(question, "withdraw", actor=None, actor_kind=lifecycle.QUESTIONER, now=at)

    def hold_meeting(
        self, committee: Committee, starts_at: dt.datetime, sizes: tuple[int, int], now: dt.datetime
    ) -> int:
        """A past meeting from the first question to the minutes. Returns 1 if held."""
        rng = self.rng
        meeting = scheduling.schedule_meeting(
            committee,
            starts_at=starts_at,
            by=self.clerk,
            venue=VENUE,
            public_questions_item="5",
            member_questions_item="6" if committee.takes_member_questions else None,
            **CONTACT,
        )
        deadline = meeting.question_deadline_at
        supplement_at = min(
            starts_at - dt.timedelta(hours=20), deadline + dt.timedelta(days=rng.randint(2, 4))
        )
        plan = [(QuestionKind.PUBLIC, "accept")] * rng.randint(*sizes)
        plan += [(QuestionKind.PUBLIC, "reject")] * (rng.random() < 0.45)
        plan += [(QuestionKind.PUBLIC, "withdraw")] * (rng.random() < 0.15)
        if committee.takes_member_questions:
            plan += [(QuestionKind.MEMBER, "accept")] * rng.randint(0, 2)
        asked = []
        posts = self._posts(committee)
        for kind, fate in plan:
            post_title, text, answer_text, supplementary = compose_for(rng, set(posts))
            question = self._ask(meeting, kind, text, deadline - dt.timedelta(days=rng.uniform(0.5, 14)))
            asked.append((question, fate, posts[post_title], answer_text, supplementary))
        # Decided in order of receipt, so the numbers follow it.
        asked.sort(key=lambda row: (row[0].received_at, row[0].id))
        accepted: list[tuple[Question, str]] = []
        for question, fate, post, answer_text, supplementary in asked:
            decided = min(
                question.received_at + dt.timedelta(days=rng.uniform(0.1, 3)),
                supplement_at - dt.timedelta(hours=30),
            )
            decided = max(decided, question.received_at + dt.timedelta(minutes=20))
            if fate == "reject":
                self._reject(question, decided)
                continue
            if fate == "withdraw":
                self._withdraw(question, decided)
                continue
            drafter = drafter_for(post)
            drafted = decided + (supplement_at - decided) * rng.uniform(0.2, 0.6)
            accept_and_answer(
                question,
                answer_text,
                clerk=self.clerk,
                post=post,
                drafter=drafter,
                approver=holder_for(post, not_user=drafter),
                accepted_at=decided,
                drafted_at=drafted,
                approved_at=drafted + (supplement_at - drafted) * 0.5,
            )
            accepted.append((question, supplementary))
        if not accepted:
            return 0
        if starts_at > now - dt.timedelta(days=SUPPLEMENT_WITHIN_DAYS):
            publishing.publish_supplement(meeting, by=self.clerk, now=supplement_at)
            self.versions += 1
        promised = self._run_meeting(meeting, accepted)
        minutes_at = starts_at + dt.timedelta(days=rng.randint(7, 12))
        publishing.publish_appendix(meeting, by=self.clerk, now=minutes_at)
        self.versions += 1
        self.published += len(accepted)
        self._send_written_answers(meeting, promised, minutes_at, now)
        return 1

    def _run_meeting(self, meeting: Meeting, accepted: list[tuple[Question, str]]) -> list[Question]:
        """What the clerk records in the console: how each question was put, supplementaries,
        written answers promised. Returns the questions promised a written answer."""
        rng = self.rng
        starts = meeting.starts_at
        during = starts + dt.timedelta(hours=2)
        promised = []
        for question, supplementary in accepted:
            put = rng.choices(
                (PutOutcome.PUT_BY_QUESTIONER, PutOutcome.READ_ON_BEHALF, PutOutcome.NOT_PUT),
                weights=(70, 20, 10),
            )[0]
            changes: dict = {"put": put, "read_by": "Chair" if put is PutOutcome.READ_ON_BEHALF else ""}
            if put is not PutOutcome.NOT_PUT and question.kind is QuestionKind.PUBLIC and rng.random() < 0.45:
                changes["supplementary"] = supplementary
                changes["supplementary_answered_by"] = question.answering_post.title
                changes["supplementary_answer"] = rng.choice(SUPPLEMENTARY_ANSWERS)
            if put is not PutOutcome.NOT_PUT and rng.random() < 0.12:
                changes["written_answer_promised"] = True
                promised.append(question)
            proceedings.save_outcome(question, by=self.clerk, now=during, changes=changes)
        proceedings.record_meeting_times(
            meeting,
            by=self.clerk,
            started_at=starts + dt.timedelta(minutes=rng.randint(0, 5)),
            ended_at=starts + dt.timedelta(hours=2, minutes=rng.randint(5, 50)),
            now=during + dt.timedelta(hours=1),
        )
        return promised

    def _send_written_answers(
        self, meeting: Meeting, promised: list[Question], minutes_at: dt.datetime, now: dt.datetime
    ) -> None:
        """Most written answers are sent on time and a few late; of those that fell due in the
        last few weeks, some are still owed."""
        today = to_london(now).date()
        minutes_day = to_london(minutes_at).date()
        for question in promised:
            due = question.outcome.written_answer_due_on
            late = self.rng.random() < 0.15
            sent = due + dt.timedelta(days=self.rng.randint(1, 12) if late else -self.rng.randint(0, 14))
            sent = max(sent, minutes_day + dt.timedelta(days=1))
            recently_due = due > today - dt.timedelta(days=RECENTLY_DUE_DAYS)
            if sent >= today or (recently_due and self.rng.random() < 0.5):
                continue
            sent_at = london_to_utc(sent, dt.time(11, 0))
            publishing.record_sent_written_answer(
                question,
                by=self.clerk,
                sent_on=sent,
                body_source=(
                    "Officers have reviewed the figures, and the full breakdown is attached to the minutes. "
                    "It will be updated each quarter."
                ),
                now=sent_at,
            )
            self.versions += 1
