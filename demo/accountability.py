"""After the meetings: the scrutiny committee's actions tracked (one done, one overdue),
questioners' verdicts on the Council answers, and a review of a rejected question decided
by the Council's chair. Once each. (The webcast moments are part of the meeting record:
demo/records.py.)"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portal.domain.asking import feedback
from portal.domain.conditions import feedback_closes_at
from portal.domain.meetings import actions, proceedings
from portal.domain.people.accounts import find_user_by_email
from portal.domain.questions import moderation, reviews
from portal.domain.questions.grounds import ensure_standard_grounds
from portal.domain.states import ANSWERED, QuestionKind
from portal.extensions import db
from portal.formatting import to_london
from portal.models import (
    Committee,
    Meeting,
    Membership,
    MembershipRole,
    Post,
    Publication,
    Question,
    RejectionGround,
    ReviewOutcome,
    Verdict,
    utcnow,
)
from scenarios import asking as steps
from scenarios.asking import Asker

REVIEW_KEY = "demo-review-1"


def load() -> list[str]:
    report: list[str] = []
    clerk = find_user_by_email("clerk@kingsmere.gov.uk")
    if clerk is None:
        return report
    scrutiny = _committee("children-and-young-people-scrutiny-committee")
    council = _committee("council")
    past = _last_published(scrutiny) if scrutiny else None
    if past is not None:
        report += _track_actions(past, clerk)
    held = _last_published(council) if council else None
    if held is not None:
        report += _feedback(held)
    if council is not None:
        report += _review(council, clerk)
    db.session.flush()
    return report


def _committee(slug: str) -> Committee | None:
    return db.session.scalar(sa.select(Committee).where(Committee.slug == slug))


def _last_published(committee: Committee) -> Meeting | None:
    return db.session.scalar(
        sa.select(Meeting)
        .join(Publication, Publication.meeting_id == Meeting.id)
        .where(Meeting.committee_id == committee.id, Meeting.starts_at < utcnow())
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )


def _post(title: str) -> Post | None:
    return db.session.scalar(sa.select(Post).where(Post.title == title))


def _track_actions(meeting: Meeting, clerk: object) -> list[str]:
    found = actions.committee_actions(meeting.committee, published_only=False)
    if not found or any(a.owner_post_id is not None for a in found):
        return []
    director = _post("Director for Children and Young People")
    chair_post = _post("Chair of the Children and Young People Scrutiny Committee")
    day = to_london(meeting.starts_at).date()
    today = to_london(utcnow()).date()
    for index, action in enumerate(found):
        post = director if index % 2 else (chair_post or director)
        # The first is due a fortnight after the meeting (so overdue now), the rest later.
        due = day + dt.timedelta(days=14 if index == 0 else 42)
        actions.assign_action(action, by=clerk, owner_post=post, due_on=due)
    first = found[0]
    actions.add_update(
        first,
        by=clerk,
        updated_on=min(day + dt.timedelta(days=9), today),
        body="The directorate has been asked for the figures; they are being checked before they are sent.",
    )
    if len(found) > 1:
        done_on = min(day + dt.timedelta(days=12), today)
        actions.complete_action(
            found[1],
            by=clerk,
            done_on=done_on,
            note="The housing protocol was sent to every committee member.",
        )
    return [f"Tracked {len(found)} actions from the scrutiny committee: owners, due dates and progress"]


VERDICTS = (
    (Verdict.ANSWERED, ""),
    (Verdict.PARTLY, "It gave the overall number but not the figures for each team I asked about."),
    (Verdict.NOT_ANSWERED, "I asked when the waiting list would be cleared and the answer gave no date."),
)


def _feedback(meeting: Meeting) -> list[str]:
    questions = [
        q
        for q in proceedings.console_questions(meeting)
        if q.kind is QuestionKind.PUBLIC and q.status in ANSWERED and q.email
    ]
    given = 0
    for question, (verdict, reason) in zip(questions, VERDICTS, strict=False):
        if question.feedback is not None:
            continue
        # Given a few days after the answers were published, before the next meeting.
        at = meeting.starts_at + dt.timedelta(days=4)
        closes = feedback_closes_at(question)
        if closes is not None and at >= closes:
            at = closes - dt.timedelta(hours=6)
        feedback.give_feedback(question, verdict, reason, now=at)
        given += 1
    return [f"Questioners said whether {given} Council answers answered them"] if given else []


def _review(council: Committee, clerk: object) -> list[str]:
    if db.session.scalar(sa.select(Question.id).where(Question.submission_key == REVIEW_KEY)):
        return []
    meeting = db.session.scalar(
        sa.select(Meeting)
        .where(Meeting.committee_id == council.id, Meeting.question_deadline_at > utcnow())
        .order_by(Meeting.starts_at)
        .limit(1)
    )
    chair = find_user_by_email("cllr.hebden@kingsmere.gov.uk")
    if meeting is None or chair is None:
        return []
    if not any(m.user_id == chair.id and m.role is MembershipRole.CHAIR for m in council.memberships):
        council.memberships.append(
            Membership(user=chair, name="Councillor Tom Hebden", role=MembershipRole.CHAIR)
        )
    ensure_standard_grounds()
    ground = db.session.scalar(sa.select(RejectionGround).where(RejectionGround.code == "individual_case"))
    now = utcnow()
    question = steps.ask(
        meeting,
        Asker("Gareth", "Lowry", "gareth.lowry@example.com", title="Mr", town="Westcote"),
        "Why has the council still not replied to the complaints that parents at Westcote Primary made "
        "about how school transport is arranged for children with special educational needs?",
        at=now - dt.timedelta(days=4),
        key=REVIEW_KEY,
        post=_post("Cabinet member children and families"),
    )
    moderation.reject(
        question,
        by=clerk,
        ground=ground,
        explanation="Questions about individual complaints cannot be put at a public meeting.",
        listed=True,
        now=now - dt.timedelta(days=3),
    )
    reviews.ask_review(
        question,
        "My question is about how the council arranges school transport for every child with special "
        "needs in Westcote, not about one family's complaint.",
        now=now - dt.timedelta(days=2),
    )
    reviews.decide_review(
        question,
        by=chair,
        outcome=ReviewOutcome.OVERTURNED,
        reasons="The question asks about the arrangements for all children with special educational needs "
        "in Westcote, which is the council's business; it names no child or family.",
        now=now - dt.timedelta(days=1),
    )
    return ["A rejected question was reviewed by the Council's chair and put back in the queue"]
