"""Review of a rejection: the questioner asks, the chair (or the person the council names)
decides, with reasons.

A questioner whose public question was not accepted can ask for a review from their
tracking page, within the committee's period (`ProcedureRules.review_days` after the
rejection), once. The committee's chair, or a holder of the post named in the committee's
rules (such as the Monitoring Officer), upholds or overturns the decision, with reasons.
Every step goes through the lifecycle table (`states.MOVES`: ask_review, uphold_rejection,
overturn_rejection, overturn_rejection_late) and leaves an event; the outcome is e-mailed
to the questioner. Overturned before the meeting's question deadline, the question goes
back in democratic services' queue as received; after it, the review still records that
the question should have been accepted, and is counted so in the public statistics.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext

from portal.domain import lifecycle, permissions
from portal.domain.conditions import review_closes_at
from portal.domain.errors import Invalid, Refused
from portal.domain.messages.notify import absolute_url, queue_email
from portal.domain.numbers import question_label
from portal.domain.states import NO_REVIEW_YET, PUBLIC_QUESTION, WITHIN_REVIEW_PERIOD, QuestionStatus
from portal.extensions import db
from portal.formatting import format_datetime
from portal.models import Committee, Meeting, Question, RejectionReview, ReviewOutcome, User, utcnow

GROUNDS_LIMIT = 2_000
REASONS_LIMIT = 5_000


class ReviewError(Invalid):
    """Something on the review form to put right."""


def _ask_refusal(question: Question) -> str:
    failed = permissions.failed_conditions("ask_review", question)
    if NO_REVIEW_YET in failed:
        return gettext("You have already asked for a review of this decision. Nothing has been changed")
    if PUBLIC_QUESTION in failed:
        return gettext("Reviews are for questions from the public. Nothing has been changed")
    if WITHIN_REVIEW_PERIOD in failed:
        closes = review_closes_at(question)
        if closes:
            return gettext(
                "You can no longer ask for a review of this decision. The period for asking ended at "
                "%(when)s. Nothing has been changed",
                when=format_datetime(closes),
            )
        return gettext("You can no longer ask for a review of this decision. Nothing has been changed")
    return gettext(
        "You can only ask for a review of a question that was not accepted. Nothing has been changed"
    )


def ask_review(question: Question, grounds: str, *, now: dt.datetime | None = None) -> RejectionReview:
    """The questioner (holder of the tracking link) asks for the rejection to be reviewed."""
    text = (grounds or "").strip()
    if not text:
        raise ReviewError(gettext("Enter why the decision should be reviewed"), field="grounds")
    if len(text) > GROUNDS_LIMIT:
        raise ReviewError(
            gettext("Your reasons must be %(limit)s characters or fewer", limit=f"{GROUNDS_LIMIT:,}"),
            field="grounds",
        )
    decision = lifecycle.decide(question, "ask_review", questioner=True, refused_words=_ask_refusal, now=now)
    question, now = decision.question, decision.now
    review = RejectionReview(
        question_id=question.id,
        asked_at=now,
        grounds=text,
        rejection_ground_title=question.rejection_ground.title if question.rejection_ground else "",
        rejection_explanation=question.rejection_explanation or "",
    )
    try:
        with db.session.begin_nested():  # one review per question, even if asked twice at once
            db.session.add(review)
            db.session.flush()
    except sa.exc.IntegrityError:
        raise Refused(
            gettext("You have already asked for a review of this decision. Nothing has been changed")
        ) from None
    db.session.expire(question, ["review"])
    decision.record(title=decision.move.questioner_words, internal_note=text)
    decision.tell("review_asked", dedupe_key=f"review-asked-{question.id}")
    _tell_reviewers(question)
    return review


def reviewers(committee: Committee) -> list[User]:
    """Who decides: the committee's current chair and the holders of its named reviewer post."""
    people: list[User] = []
    day = utcnow().date()
    for membership in committee.memberships:
        user = membership.user
        if user is not None and permissions.chairs(user, committee, day) and user not in people:
            people.append(user)
    post = committee.rules.reviewer_post if committee.rules is not None else None
    if post is not None:
        people += [u for u in post.current_holders(day) if u not in people]
    return [u for u in people if u.is_enabled]


def _tell_reviewers(question: Question) -> None:
    people = reviewers(question.meeting.committee)
    addresses = [u.email for u in people] or [current_app.config["COUNCIL_EMAIL"]]
    for address in addresses:
        queue_email(
            "review_to_decide",
            to=address,
            dedupe_key=f"review-to-decide-{question.id}-{address.lower()}",
            label=question_label(question) if question.number else question.reference,
            committee=question.meeting.committee,
            meeting=question.meeting,
            review_url=absolute_url(f"/staff/reviews/{question.id}"),
        )


def decide_review(
    question: Question,
    *,
    by: User,
    outcome: ReviewOutcome | None,
    reasons: str,
    now: dt.datetime | None = None,
) -> RejectionReview:
    """Uphold or overturn the rejection, with reasons (which the questioner is sent)."""
    text = (reasons or "").strip()
    errors: dict[str, str] = {}
    if outcome is None:
        errors["outcome"] = "Select whether the decision is upheld or overturned"
    if not text:
        errors["reasons"] = "Enter the reasons for the decision"
    elif len(text) > REASONS_LIMIT:
        errors["reasons"] = f"The reasons must be {REASONS_LIMIT:,} characters or fewer"
    if errors:
        raise ReviewError(errors=errors)
    now = now or utcnow()
    if outcome is ReviewOutcome.UPHELD:
        verb = "uphold_rejection"
    elif now < question.meeting.question_deadline_at:
        verb = "overturn_rejection"
    else:
        verb = "overturn_rejection_late"

    def refused(current: Question) -> str:
        review = current.review
        if review is not None and review.outcome is not None:
            who = review.decided_by_name or "someone else"
            return (
                f"This review was decided by {who} at {format_datetime(review.decided_at)}: "
                f"{review.outcome.label.lower()}. Nothing has been changed"
            )
        return "There is no review waiting for a decision on this question. Nothing has been changed"

    def still_waiting(current: Question) -> None:
        if current.review is None or current.review.outcome is not None:
            raise Refused(refused(current))

    decision = lifecycle.decide(
        question,
        verb,
        by=by,
        check=still_waiting,
        refused_words=refused,
        not_permitted="Only the committee's chair, or the person the council names, decides reviews",
        now=now,
    )
    question = decision.question
    review = question.review
    review.outcome = outcome
    review.decided_at = now
    review.decided_by = by
    review.decided_by_name = by.name
    review.decision_reasons = text
    review.back_in_queue = verb == "overturn_rejection"
    if review.back_in_queue:
        question.rejection_ground = None
        question.rejection_listed = None
        question.rejection_note = None
    decision.record(
        title=decision.move.questioner_words,
        public_note=text,
        data={"outcome": outcome.value, "back_in_queue": review.back_in_queue},
    )
    decision.tell(
        "review_decided",
        dedupe_key=f"review-decided-{question.id}",
        review=review,
        overturned=outcome is ReviewOutcome.OVERTURNED,
        back_in_queue=review.back_in_queue,
    )
    return review


# Lists and counts -------------------------------------------------------------------------


def reviews_for(user: User) -> list[RejectionReview]:
    """Reviews this person may see, waiting ones first, then the newest."""
    rows = db.session.scalars(
        sa.select(RejectionReview)
        .join(Question, Question.id == RejectionReview.question_id)
        .order_by(RejectionReview.outcome.is_not(None), RejectionReview.asked_at.desc(), RejectionReview.id)
    )
    return [r for r in rows if permissions.can_see_reviews(user, r.question.meeting.committee)]


@dataclass
class ReviewCounts:
    asked: int = 0
    upheld: int = 0
    overturned: int = 0

    @property
    def waiting(self) -> int:
        return self.asked - self.upheld - self.overturned


def counts_by_committee(committee_ids: list[int]) -> dict[int, ReviewCounts]:
    """Public moderation statistics: reviews asked for, upheld and overturned, per committee."""
    query = (
        sa.select(Meeting.committee_id, RejectionReview.outcome, sa.func.count(RejectionReview.id))
        .select_from(RejectionReview)
        .join(Question, Question.id == RejectionReview.question_id)
        .join(Meeting, Meeting.id == Question.meeting_id)
        .where(Meeting.committee_id.in_(committee_ids))
        .group_by(Meeting.committee_id, RejectionReview.outcome)
        .order_by(Meeting.committee_id)
    )
    result: dict[int, ReviewCounts] = {}
    for committee_id, outcome, n in db.session.execute(query):
        counts = result.setdefault(committee_id, ReviewCounts())
        counts.asked += n
        if outcome is not None:
            setattr(counts, ReviewOutcome(outcome).value, n)
    return result


def can_ask(question: Question, now: dt.datetime | None = None) -> bool:
    return question.status is QuestionStatus.REJECTED and permissions.may(
        "ask_review", permissions.QUESTIONER, question, now
    )
