"""Meetings ready to publish, for the publishing and console tests."""

from __future__ import annotations

import datetime as dt
import itertools

from portal.domain.states import QuestionKind, QuestionStatus
from portal.extensions import db
from portal.models import Meeting, Question, User
from tests import factories

_numbers = itertools.count(1)

ANSWER = (
    "Thank you for your question. We have 142 social workers, of whom 31 are agency staff.\n\n"
    "- We are recruiting 12 permanent social workers\n"
    "- Our graduate scheme starts in September\n\n"
    "| Team | Agency staff |\n| --- | --- |\n| Assessment | 9 |\n| Children in care | 4 |"
)


def ready_meeting(
    *,
    starts_at: dt.datetime | None = None,
    public: int = 2,
    member: int = 1,
    answered: bool = True,
    venue: str = "Council Chamber, Market Street, Kingsmere",
    **committee: object,
) -> tuple[Meeting, list[Question]]:
    """A meeting with accepted questions whose answers are approved (unless `answered` is False)."""
    drafter = factories.make_user(roles={"officer"})
    approver = factories.make_user(roles={"councillor"}, first_name="Priya", last_name="Natarajan")
    post = factories.make_post(
        f"Cabinet member children and families {next(_numbers)}",
        holders=[approver],
        drafters=[drafter],
    )
    meeting = factories.make_meeting(
        factories.make_committee(posts=[post], **committee),
        starts_at=starts_at or factories.london(2030, 3, 12, 14, 30),
        venue=venue,
    )
    questions = []
    people = [
        ("Ms", "Hannah", "Carter", "Aldbury"),
        ("Mr", "Joe", "Patel", "Westcote"),
        ("Mrs", "Ann", "Lee", "Kingsmere"),
    ]
    for number in range(1, public + 1):
        title, first, last, town = people[(number - 1) % len(people)]
        questions.append(
            factories.make_question(
                meeting,
                status=QuestionStatus.ANSWER_APPROVED,
                title=title,
                first_name=first,
                last_name=last,
                town=town,
                post=post,
                number=number,
                text=f"Question {number}: how many social workers are agency staff?\n\nWhat is being done?",
            )
        )
    for number in range(1, member + 1):
        questions.append(
            factories.make_question(
                meeting,
                status=QuestionStatus.ANSWER_APPROVED,
                kind=QuestionKind.MEMBER,
                post=post,
                number=number,
                text=f"Member question {number}: when will Westcote Youth Centre reopen?",
            )
        )
    if answered:
        for question in questions:
            factories.make_approved_answer(question, ANSWER, drafter=drafter, approver=approver)
    # Committed (inside the test's transaction), as it would be before any request:
    # a refused POST rolls back only what that request did.
    db.session.commit()
    return meeting, questions


def clerk_user() -> User:
    return factories.make_user(roles={"clerk"}, first_name="Rosa", last_name="Clerk")
