"""Meetings ready to publish, for the publishing and console tests."""

from __future__ import annotations

import datetime as dt
import itertools

from portal.domain.meetings import proceedings
from portal.domain.record import publishing
from portal.domain.states import QuestionKind, QuestionStatus
from portal.extensions import db
from portal.models import Meeting, PutOutcome, Question, User
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
                status=QuestionStatus.ACCEPTED,
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
                status=QuestionStatus.ACCEPTED,
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


def written_answer_promised(clerk: User) -> tuple[Meeting, Question]:
    """PQ 1 at a meeting on 14 January 2025, put and promised a written answer, with
    the supplement published before the meeting and the minutes appendix after it."""
    meeting, questions = ready_meeting(public=1, member=0, starts_at=factories.london(2025, 1, 14, 14, 30))
    publishing.publish_supplement(meeting, by=clerk, now=factories.london(2025, 1, 10, 10, 0))
    proceedings.save_outcome(
        questions[0], by=clerk, changes={"put": PutOutcome.PUT_BY_QUESTIONER, "written_answer_promised": True}
    )
    proceedings.record_meeting_times(
        meeting,
        by=clerk,
        started_at=factories.london(2025, 1, 14, 14, 30),
        ended_at=factories.london(2025, 1, 14, 16, 0),
    )
    publishing.publish_appendix(meeting, by=clerk, now=factories.london(2025, 1, 16, 9, 0))
    db.session.commit()
    return meeting, questions[0]


def clerk_user() -> User:
    return factories.make_user(roles={"clerk"}, first_name="Rosa", last_name="Clerk")
