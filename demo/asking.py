"""Demo questions from the public and a councillor, in the statuses a clerk would meet,
put to the open Council and scrutiny meetings. Sent through the asking verbs and moved on
by the moderation verbs, so each has the events and e-mails a real one would. Idempotent:
each question is found by its submission key."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from portal.domain.meetings import scheduling
from portal.domain.people.accounts import find_user_by_email
from portal.domain.questions import moderation
from portal.domain.questions.grounds import ensure_standard_grounds
from portal.extensions import db
from portal.models import Committee, Meeting, Post, Question, RejectionGround, User
from scenarios import asking as steps
from scenarios.asking import Asker

PUBLIC_QUESTIONS: tuple[dict[str, Any], ...] = (
    {
        "key": "demo-ask-1",
        "committee": "council",
        "person": (
            "Mr",
            "Daniel",
            "Price",
            "daniel.price@example.com",
            "4 Tanners Row",
            "Kingsmere",
            "KM2 7LD",
        ),
        "text": "What is the council's target for reducing the number of children's social work cases held "
        "by agency staff, and by when will it be met?",
        "post": "Cabinet member children and families",
        "then": ["confirm"],
    },
    {
        "key": "demo-ask-2",
        "committee": "council",
        "person": (
            "",
            "Aisha",
            "Rahman",
            "aisha.rahman@example.com",
            "Flat 2, 19 Bridge Street",
            "Kingsmere",
            "KM1 3QP",
        ),
        "publish_name": False,
        "text": "How many families waited more than 20 weeks for an education, health and care plan "
        "assessment in the last year, and what is being done to shorten the wait?",
        "post": None,
        "then": ["confirm"],
    },
    {
        "key": "demo-ask-3",
        "committee": "council",
        "person": (
            "Mrs",
            "Joan",
            "Whitaker",
            "joan.whitaker@example.com",
            "The Old Forge",
            "Aldbury",
            "KM7 2HE",
        ),
        "text": "Why was the family support service at the Orchard Centre closed without asking the "
        "families who use it?",
        "post": "Cabinet member children and families",
        "then": ["confirm", "request_clarification"],
    },
    {
        "key": "demo-ask-4",
        "committee": "council",
        "person": (
            "Mr",
            "Robert",
            "Ellis",
            "rob.ellis@example.com",
            "27 Station Road",
            "Westcote",
            "KM5 1AA",
        ),
        "text": "Why did the team manager in the west locality team, Ms J. Harding, not return my calls "
        "for three weeks?",
        "post": "Cabinet member children and families",
        "then": ["confirm", "reject"],
    },
    {
        "key": "demo-ask-5",
        "committee": "council",
        "person": (
            "Ms",
            "Claire",
            "Osei",
            "claire.osei@example.com",
            "8 Meadow Close",
            "Kingsmere",
            "KM3 9RT",
        ),
        "text": "Will the council publish the improvement plan's progress ratings every quarter, so that "
        "families can see what has changed and what has not?",
        "post": "Cabinet member children and families",
        "then": ["confirm", "accept"],
    },
    {
        "key": "demo-ask-6",
        "committee": "children-and-young-people-scrutiny-committee",
        "person": (
            "Mx",
            "Sam",
            "Kerr",
            "sam.kerr@example.com",
            "61 Holloway Lane",
            "Kingsmere",
            "KM2 5NB",
        ),
        "text": "How many children in care are living more than 20 miles from Kingsmere, and how often "
        "do their social workers visit them?",
        "post": "Director for Children and Young People",
        "then": ["confirm"],
    },
    {
        "key": "demo-ask-7",
        "committee": "children-and-young-people-scrutiny-committee",
        "person": (
            "Dr",
            "Helen",
            "Adebayo",
            "helen.adebayo@example.com",
            "3 Church View",
            "Kingsmere",
            "KM1 8DW",
        ),
        "on_behalf_of": "Kingsmere Parent Carer Forum",
        "text": "What has the committee learned from the families it heard from last year, and which of "
        "their suggestions has the council taken up?",
        "post": None,
        "then": [],
    },
)

MEMBER_QUESTION = {
    "key": "demo-ask-member-1",
    "committee": "council",
    "councillor": "councillor@kingsmere.gov.uk",
    "text": "Will the cabinet member report to Council on the number of foster carers recruited since "
    "May, compared with the target in the improvement plan?",
    "post": "Cabinet member children and families",
}


def _open_meeting(slug: str, now: dt.datetime) -> Meeting | None:
    committee = db.session.scalar(sa.select(Committee).where(Committee.slug == slug))
    if committee is None:
        return None
    for meeting in scheduling.meetings_open_for_public_questions(now):
        if meeting.committee_id == committee.id:
            return meeting
    return None


def _post(title: str | None) -> Post | None:
    return db.session.scalar(sa.select(Post).where(Post.title == title)) if title else None


def _exists(key: str) -> bool:
    return db.session.scalar(sa.select(Question.id).where(Question.submission_key == key)) is not None


def _moderate(question: Question, verb: str, clerk: User | None, now: dt.datetime) -> None:
    """Move a demo question on as democratic services would."""
    if verb == "request_clarification":
        moderation.request_clarification(
            question,
            by=clerk,
            message=(
                "The council runs two family support services at the Orchard Centre. Please say which one "
                "you mean, so the right person can answer. You can change your question from this page."
            ),
            now=now,
        )
    elif verb == "reject":
        ground = db.session.scalar(sa.select(RejectionGround).where(RejectionGround.code == "names_staff"))
        moderation.reject(
            question,
            by=clerk,
            ground=ground,
            explanation=ground.public_wording,
            internal_note="Names a team manager. Suggested asking about response times in general.",
            now=now,
        )
    elif verb == "accept":
        moderation.accept(
            question, by=clerk, post=question.asked_post or question.meeting.committee.posts[0], now=now
        )


def load() -> list[str]:
    """The questions go through the asking verbs, as the pages send them: the confirmation
    and acknowledgement e-mails they queue go to the development mailbox."""
    report: list[str] = []
    ensure_standard_grounds()
    now = dt.datetime.now(dt.UTC)
    clerk = find_user_by_email("clerk@kingsmere.gov.uk")
    added = 0
    for offset, spec in enumerate(PUBLIC_QUESTIONS):
        meeting = _open_meeting(spec["committee"], now)
        if meeting is None or _exists(spec["key"]):
            continue
        title, first, last, email, line_1, town, postcode = spec["person"]
        asked_at = now - dt.timedelta(hours=30 - offset * 3)
        confirmed = "confirm" in spec["then"]
        question = steps.ask(
            meeting,
            Asker(
                first,
                last,
                email,
                title=title or None,
                town=town,
                postcode=postcode,
                address=line_1,
                publish_name=spec.get("publish_name", True),
                on_behalf_of=spec.get("on_behalf_of"),
            ),
            spec["text"],
            at=asked_at,
            key=spec["key"],
            post=_post(spec["post"]),
            confirmed_after=dt.timedelta(minutes=20) if confirmed else None,
        )
        later = [verb for verb in spec["then"] if verb != "confirm"]
        for step, verb in enumerate(later, start=2):
            _moderate(question, verb, clerk, asked_at + dt.timedelta(minutes=20 * step))
        added += 1
    councillor = find_user_by_email(MEMBER_QUESTION["councillor"])
    meeting = _open_meeting(MEMBER_QUESTION["committee"], now)
    if councillor is not None and meeting is not None and not _exists(MEMBER_QUESTION["key"]):
        steps.ask(
            meeting,
            Asker(councillor.first_name, councillor.last_name, councillor.email, councillor=councillor),
            MEMBER_QUESTION["text"],
            at=now - dt.timedelta(hours=6),
            key=MEMBER_QUESTION["key"],
            post=_post(MEMBER_QUESTION["post"]),
        )
        added += 1
    db.session.flush()
    if added:
        report.append(f"Added {added} demo questions to the open meetings")
    return report
