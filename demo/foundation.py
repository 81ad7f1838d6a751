"""The demo council's committees, posts, people and meetings."""

from __future__ import annotations

import datetime as dt
import json
import secrets

import sqlalchemy as sa

from portal.config import INSTANCE
from portal.domain.meetings import deadlines, scheduling
from portal.domain.people.accounts import create_user, find_user_by_email
from portal.domain.questions.grounds import ensure_standard_grounds
from portal.extensions import db
from portal.formatting import london_to_utc, to_london
from portal.models import (
    ClosureDay,
    Committee,
    CommitteeKind,
    CommitteePost,
    Layout,
    MeetingStatus,
    Membership,
    MembershipRole,
    Post,
    PostDrafter,
    PostHolder,
    ProcedureRules,
    Role,
    User,
    utcnow,
)

SIGN_INS_FILE = INSTANCE / "demo-sign-ins.json"

VENUE = "Council Chamber, Council Offices, Market Street, Kingsmere, KM1 2AB"
CONTACT = {
    "contact_name": "Sarah Whitlock, Democratic Services Officer",
    "contact_email": "democratic.services@kingsmere.gov.uk",
    "contact_phone": "01632 960123",
}

STAFF = (
    # email, first, last, roles, job title, ward
    ("admin@kingsmere.gov.uk", "Helen", "Ashworth", {Role.ADMIN}, "Democratic Services Manager", None),
    ("clerk@kingsmere.gov.uk", "Sarah", "Whitlock", {Role.CLERK}, "Democratic Services Officer", None),
    (
        "officer@kingsmere.gov.uk",
        "Daniel",
        "Okafor",
        {Role.OFFICER},
        "Head of Service, Children's Social Care",
        None,
    ),
    (
        "director@kingsmere.gov.uk",
        "Angela",
        "Brooks",
        {Role.OFFICER},
        "Director for Children and Young People",
        None,
    ),
    ("councillor@kingsmere.gov.uk", "Priya", "Natarajan", {Role.COUNCILLOR}, None, "Aldbury"),
    ("cllr.hebden@kingsmere.gov.uk", "Tom", "Hebden", {Role.COUNCILLOR}, None, "Westcote"),
)

POSTS = (
    ("Cabinet member children and families", "Answers for children's social care, early help and education."),
    (
        "Cabinet member finance and corporate services",
        "Answers for the budget, council tax and council services.",
    ),
    ("Leader of the council", "Answers for the council's overall direction and the local plan."),
    (
        "Cabinet member housing and communities",
        "Answers for housing, homelessness and rough sleeping, libraries and community centres.",
    ),
    (
        "Cabinet member environment and transport",
        "Answers for roads, transport, waste and recycling, and flooding.",
    ),
    ("Director for Children and Young People", "The statutory director of children's services."),
    ("Chair of the Children and Young People Scrutiny Committee", "Answers for the committee's own work."),
)

COMMITTEES = (
    # slug, name, kind, public, member, layout, description, rules
    (
        "council",
        "Council",
        CommitteeKind.COUNCIL,
        True,
        True,
        Layout.TABLE,
        "All 53 councillors. Council sets the budget and the policy framework.",
        {"deadline_clear_working_days": 3, "deadline_time": dt.time(17, 0), "word_limit": 300},
        (
            "Leader of the council",
            "Cabinet member children and families",
            "Cabinet member finance and corporate services",
            "Cabinet member housing and communities",
            "Cabinet member environment and transport",
        ),
    ),
    (
        "cabinet",
        "Cabinet",
        CommitteeKind.CABINET,
        True,
        False,
        Layout.TABLE,
        "The leader and cabinet members, who take most of the council's decisions.",
        {"deadline_clear_working_days": 3, "deadline_time": dt.time(17, 0), "word_limit": 300},
        (
            "Leader of the council",
            "Cabinet member children and families",
            "Cabinet member finance and corporate services",
            "Cabinet member housing and communities",
            "Cabinet member environment and transport",
        ),
    ),
    (
        "children-and-young-people-scrutiny-committee",
        "Children and Young People Scrutiny Committee",
        CommitteeKind.SCRUTINY,
        True,
        True,
        Layout.REPORTED,
        "Reviews and scrutinises the council's services for children, young people and families.",
        {"deadline_clear_working_days": 2, "deadline_time": dt.time(9, 30), "word_limit": 250},
        (
            "Director for Children and Young People",
            "Cabinet member children and families",
            "Chair of the Children and Young People Scrutiny Committee",
        ),
    ),
)

CYP_MEMBERS = (
    ("Councillor Margaret Ellery", MembershipRole.CHAIR, None),
    ("Councillor Jonah Pryce", MembershipRole.VICE_CHAIR, None),
    ("Councillor Tom Hebden", MembershipRole.MEMBER, None),
    ("Councillor Ruth Adeyemi", MembershipRole.MEMBER, None),
    ("Councillor Colin Marchant", MembershipRole.MEMBER, None),
    ("Janet Oduya", MembershipRole.CO_OPTEE, "Representative of Families"),
    ("Father Michael Dunne", MembershipRole.CO_OPTEE, "Representative of the Diocese of Kingsmere"),
    ("Leah Sandford", MembershipRole.CO_OPTEE, "Parent governor representative for special schools"),
)


def _save_sign_ins(rows: list[tuple[str, str, str, str]]) -> None:
    INSTANCE.mkdir(parents=True, exist_ok=True)
    SIGN_INS_FILE.write_text(json.dumps(rows, indent=2))
    SIGN_INS_FILE.chmod(0o600)


def demo_sign_ins() -> list[tuple[str, str, str, str]]:
    """(role, e-mail address, password, authenticator key or "") for each demo account."""
    if not SIGN_INS_FILE.exists():
        return []
    rows = json.loads(SIGN_INS_FILE.read_text())
    return [(*row, "")[:4] if len(row) == 3 else tuple(row) for row in rows]


def _demo_second_factor(user: User, key: str | None) -> str:
    """Demo administrators and clerks have an authenticator app set up, like real ones must;
    its key is kept with the demo sign-ins so a developer can add it to their app (or read
    the current code from `flask --app portal demo sign-ins`). Development data only."""
    from portal.domain.people.second_factor import encrypt_secret, new_secret
    from portal.domain.people.sign_in_settings import second_factor_required

    if not second_factor_required(user):
        return ""
    if user.has_second_factor and key:
        return key
    key = key or new_secret()
    user.totp_secret = encrypt_secret(key)
    user.totp_confirmed_at = utcnow()
    return key


def _load_staff(report: list[str]) -> dict[str, User]:
    known = {email: (password, key) for _, email, password, key in demo_sign_ins()}
    rows: list[tuple[str, str, str, str]] = []
    users: dict[str, User] = {}
    for email, first, last, roles, job, ward in STAFF:
        user = find_user_by_email(email)
        password, key = known.get(email, (None, ""))
        if user is None:
            password = "-".join(secrets.token_urlsafe(6) for _ in range(3))
            user = create_user(
                email=email,
                first_name=first,
                last_name=last,
                password=password,
                roles=roles,
                job_title=job,
                ward=ward,
            )
            report.append(f"Added {next(iter(roles)).value} {email}")
        users[email] = user
        key = _demo_second_factor(user, key)
        rows.append((next(iter(sorted(roles))).value, email, password or "(set before; unchanged)", key))
    _save_sign_ins(rows)
    return users


def _next_weekday(start: dt.date, weekday: int, at_least_days: int) -> dt.date:
    day = start + dt.timedelta(days=at_least_days)
    while day.weekday() != weekday or not deadlines.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def _previous_weekday(start: dt.date, weekday: int, at_least_days: int) -> dt.date:
    day = start - dt.timedelta(days=at_least_days)
    while day.weekday() != weekday or not deadlines.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def election_day(today: dt.date) -> dt.date:
    """The council's last elections: the first Thursday in May, at least two years and a
    month before `today`, so the post holders hold their posts through the whole history."""
    year = today.year - 2 - (today < dt.date(today.year, 6, 1))
    day = dt.date(year, 5, 1)
    while day.weekday() != 3:
        day += dt.timedelta(days=1)
    return day


def next_working_day(day: dt.date) -> dt.date:
    """`day`, or the first working day after it (meetings are never at a weekend or on a
    bank holiday)."""
    while not deadlines.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def load() -> list[str]:
    report: list[str] = []
    today = to_london(utcnow()).date()
    ensure_standard_grounds()
    users = _load_staff(report)

    posts: dict[str, Post] = {}
    for title, description in POSTS:
        post = db.session.scalar(sa.select(Post).where(Post.title == title))
        if post is None:
            post = Post(title=title, description=description)
            db.session.add(post)
            report.append(f"Added post {title}")
        posts[title] = post
    db.session.flush()

    def hold(post_title: str, email: str) -> None:
        post = posts[post_title]
        if not any(h.user_id == users[email].id for h in post.holders):
            post.holders.append(PostHolder(user=users[email], starts_on=election_day(today)))

    def draft(post_title: str, email: str) -> None:
        post = posts[post_title]
        if not any(d.user_id == users[email].id for d in post.drafters):
            post.drafters.append(PostDrafter(user=users[email]))

    hold("Cabinet member children and families", "councillor@kingsmere.gov.uk")
    hold("Director for Children and Young People", "director@kingsmere.gov.uk")
    draft("Cabinet member children and families", "officer@kingsmere.gov.uk")
    draft("Director for Children and Young People", "officer@kingsmere.gov.uk")
    draft("Chair of the Children and Young People Scrutiny Committee", "officer@kingsmere.gov.uk")

    committees: dict[str, Committee] = {}
    for slug, name, kind, public, member, layout, description, rules, post_titles in COMMITTEES:
        committee = db.session.scalar(sa.select(Committee).where(Committee.slug == slug))
        if committee is None:
            committee = Committee(
                slug=slug,
                name=name,
                kind=kind,
                takes_public_questions=public,
                takes_member_questions=member,
                layout=layout,
                description=description,
                rules=ProcedureRules(**rules),
            )
            for position, title in enumerate(post_titles):
                committee.committee_posts.append(CommitteePost(post=posts[title], position=position))
            db.session.add(committee)
            report.append(f"Added committee {name}")
        committees[slug] = committee
    db.session.flush()

    cyp = committees["children-and-young-people-scrutiny-committee"]
    if not cyp.memberships:
        for position, (name, role, represents) in enumerate(CYP_MEMBERS):
            cyp.memberships.append(Membership(name=name, role=role, represents=represents, position=position))
        db.session.flush()
        cyp.memberships.append(
            Membership(
                name="Councillor Anna Whitfield",
                role=MembershipRole.SUBSTITUTE,
                substitute_for=cyp.memberships[4],
                position=len(CYP_MEMBERS),
            )
        )

    if db.session.scalar(sa.select(sa.func.count()).select_from(ClosureDay)) == 0:
        # Two working days about six weeks ahead (never a weekend or a bank holiday,
        # which are not working days already).
        day, added = today + dt.timedelta(days=40), 0
        while added < 2:
            if deadlines.is_working_day(day):
                db.session.add(
                    ClosureDay(day=day, description="council offices closed for a systems upgrade")
                )
                added += 1
            day += dt.timedelta(days=1)
    db.session.flush()

    clerk = users["clerk@kingsmere.gov.uk"]
    council, cabinet = committees["council"], committees["cabinet"]
    if not council.meetings:
        scheduling.schedule_meeting(
            council,
            starts_at=london_to_utc(_next_weekday(today, 3, 21), dt.time(14, 30)),
            by=clerk,
            venue=VENUE,
            public_questions_item="5",
            member_questions_item="6",
            webcast_url="https://www.youtube.com/@KingsmereCouncil/streams",
            **CONTACT,
        )
        report.append("Scheduled a Council meeting open for questions")
    if not cabinet.meetings:
        scheduling.schedule_meeting(
            cabinet,
            # Two to four days ahead, on a working day: past its question deadline.
            starts_at=london_to_utc(next_working_day(today + dt.timedelta(days=2)), dt.time(10, 0)),
            by=clerk,
            venue="Committee Room 1, Council Offices, Market Street, Kingsmere, KM1 2AB",
            public_questions_item="4",
            **CONTACT,
        )
        report.append("Scheduled a Cabinet meeting past its question deadline")
    if not cyp.meetings:
        meeting = scheduling.schedule_meeting(
            cyp,
            starts_at=london_to_utc(_next_weekday(today, 1, 14), dt.time(10, 0)),
            by=clerk,
            venue=VENUE,
            public_questions_item="5",
            member_questions_item="6",
            **CONTACT,
        )
        scheduling.move_meeting(
            meeting,
            to_starts_at=london_to_utc(_next_weekday(today, 1, 28), dt.time(14, 30)),
            by=clerk,
            reason="Moved so the committee can consider the inspection report published this month.",
        )
        report.append("Scheduled and moved a Children and Young People Scrutiny Committee meeting")
    if not any(m.status is MeetingStatus.HELD for m in council.meetings):
        held = scheduling.schedule_meeting(
            council,
            starts_at=london_to_utc(_previous_weekday(today, 3, 21), dt.time(14, 30)),
            by=clerk,
            venue=VENUE,
            public_questions_item="5",
            member_questions_item="6",
            webcast_url="https://www.youtube.com/@KingsmereCouncil/streams",
            **CONTACT,
        )
        scheduling.mark_held(held, by=clerk)
        report.append("Added a Council meeting that has been held")
    if not any(m.status is MeetingStatus.CANCELLED for m in cabinet.meetings):
        extraordinary = scheduling.schedule_meeting(
            cabinet,
            starts_at=london_to_utc(_next_weekday(today, 2, 24), dt.time(18, 0)),
            by=clerk,
            title="Extraordinary meeting",
            venue="Committee Room 1, Council Offices, Market Street, Kingsmere, KM1 2AB",
            **CONTACT,
        )
        scheduling.cancel_meeting(
            extraordinary,
            by=clerk,
            reason="The decision it was called for will be taken at the next ordinary meeting of Cabinet.",
        )
        report.append("Added a cancelled extraordinary Cabinet meeting")
    db.session.flush()
    return report
