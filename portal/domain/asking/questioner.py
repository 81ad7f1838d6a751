"""What a questioner can do from their private tracking page: withdraw, clarify, fix and
resubmit, and ask for a link to all their questions.

The questioner has no account. Holding the tracking link (sent only to their e-mail
address) is what lets them act; each verb still checks its named predicate in
portal/domain/permissions.py and goes through the lifecycle.
"""

from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa

from portal.domain import lifecycle
from portal.domain.asking import drafts, links
from portal.domain.asking.contact_details import email_identity
from portal.domain.asking.submission import SubmissionError, word_limit_problem
from portal.domain.messages import notify
from portal.domain.permissions import (
    NotPermitted,
    questioner_can_clarify,
    questioner_can_resubmit,
)
from portal.extensions import db
from portal.models import Question, QuestionDraft, utcnow

log = logging.getLogger(__name__)


def find_by_tracking_token(token: str) -> Question | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(sa.select(Question).where(Question.tracking_token == token))


def public_events(question: Question) -> list:
    """The events the questioner sees, newest first."""
    return sorted((e for e in question.events if e.is_public), key=lambda e: (e.at, e.id), reverse=True)


def withdraw_question(question: Question, reason: str | None, now: dt.datetime | None = None) -> None:
    """Any time before the meeting: through the one decision step, so a clerk deciding at
    the same moment waits for the lock and then finds the question withdrawn."""
    decision = lifecycle.decide(
        question,
        "withdraw",
        questioner=True,
        refusal=NotPermitted,
        refused_words="This question can no longer be withdrawn",
        now=now,
    )
    decision.question.withdrawn_reason = (reason or "").strip() or None
    decision.record()
    decision.tell("question_withdrawn", dedupe_key=f"withdrawn-{decision.question.id}")


def clarify_question(question: Question, text: str, now: dt.datetime | None = None) -> None:
    """The questioner's changed words become the question; the words before are kept in the event."""
    if not questioner_can_clarify(question):
        raise NotPermitted("This question cannot be changed now")
    text = (text or "").strip()
    if not text:
        raise SubmissionError("Enter your question", field="text")
    problem = word_limit_problem(text, question.meeting)
    if problem:
        raise SubmissionError(problem, field="text")
    if text == question.original_text:
        raise SubmissionError("Change your question to answer the council's request", field="text")
    decision = lifecycle.decide(
        question,
        "clarify",
        questioner=True,
        refusal=NotPermitted,
        refused_words="This question cannot be changed now",
        now=now,
    )
    question = decision.question
    previous = question.original_text
    question.original_text = text
    decision.record(data={"previous_text": previous})
    decision.tell("question_changed", dedupe_key=f"changed-{question.id}-{len(question.events)}")


def start_resubmission(question: Question, now: dt.datetime | None = None) -> QuestionDraft:
    """A draft filled in from a rejected question, for the questioner to fix and send again."""
    if not questioner_can_resubmit(question):
        raise NotPermitted("This question cannot be sent again")
    answers = {
        "title": question.title or "",
        "first_name": question.first_name,
        "last_name": question.last_name,
        "email": question.email or "",
        "phone": question.phone or "",
        "address_line_1": question.address_line_1 or "",
        "address_line_2": question.address_line_2 or "",
        "town": question.town or "",
        "postcode": question.postcode or "",
        "lives_or_works_in_area": question.lives_or_works_in_area,
        "on_behalf_of": question.on_behalf_of or "",
        "publish_name": question.publish_name,
        "text": question.original_text,
        "post": str(question.asked_post_id) if question.asked_post_id else drafts.POST_UNKNOWN,
    }
    return drafts.new_draft(meeting=question.meeting, resubmission_of=question, answers=answers, now=now)


def questions_of_same_person(question: Question) -> list[Question]:
    """Every question asked from the same e-mail address as `question`, newest first."""
    if not question.email_normalised:
        return [question]
    return list(
        db.session.scalars(
            sa.select(Question)
            .where(Question.email_normalised == question.email_normalised)
            .order_by(Question.created_at.desc(), Question.id.desc())
        )
    )


def send_my_questions_link(email: str, now: dt.datetime | None = None) -> bool:
    """E-mail a link to every question asked from `email`, if any were.

    The page that calls this says the same thing either way, so it never reveals whether
    an address has asked anything. Returns whether a message was queued (for tests).
    """
    now = now or utcnow()
    latest = db.session.scalar(
        sa.select(Question)
        .where(Question.email_normalised == email_identity(email), Question.email.is_not(None))
        .order_by(Question.created_at.desc(), Question.id.desc())
        .limit(1)
    )
    if latest is None:
        log.info("A list of questions was asked for an address with none")
        return False
    token = links.my_questions_token(latest.id, now)
    notify.queue_email(
        "your_questions",
        to=latest.email,
        question=latest,
        list_url=notify.absolute_url(f"/questions/mine/{token}"),
        questions=questions_of_same_person(latest),
        valid_until=now + links.MY_QUESTIONS_LIFETIME,
    )
    return True
