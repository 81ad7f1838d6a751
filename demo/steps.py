"""The steps a question goes through, for demo data: each one a domain verb, dated as it
would have happened, so the demo's history reads like the real thing (numbers from the
meeting's list, answers with revisions and sign-off, events, published versions).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from portal.domain import lifecycle
from portal.domain.questions import answers, moderation
from portal.domain.states import QuestionKind
from portal.extensions import db
from portal.models import Meeting, Post, Question, User


@dataclass(frozen=True)
class Asker:
    """Who asks: a member of the public (title, names, town) or a councillor."""

    first_name: str
    last_name: str
    email: str
    title: str | None = None
    town: str | None = None
    postcode: str | None = None
    address: str | None = None
    publish_name: bool = True
    on_behalf_of: str | None = None
    councillor: User | None = None


def ask(
    meeting: Meeting,
    asker: Asker,
    text: str,
    *,
    at: dt.datetime,
    key: str | None,
    post: Post | None = None,
    confirmed_after: dt.timedelta = dt.timedelta(minutes=4),
) -> Question:
    """A question submitted (and, from the public, confirmed by e-mail `confirmed_after`)."""
    councillor = asker.councillor
    question = Question(
        reference=lifecycle.new_reference(at),
        submission_key=key,
        meeting=meeting,
        kind=QuestionKind.MEMBER if councillor else QuestionKind.PUBLIC,
        title=None if councillor else asker.title,
        first_name=asker.first_name,
        last_name=asker.last_name,
        email=asker.email,
        email_normalised=asker.email.lower(),
        town=None if councillor else asker.town,
        postcode=None if councillor else (asker.postcode or "KM1 3QT"),
        address_line_1=None if councillor else (asker.address or "12 Orchard Way"),
        lives_or_works_in_area=True,
        publish_name=asker.publish_name,
        on_behalf_of=asker.on_behalf_of,
        councillor=councillor,
        ward=councillor.ward if councillor else None,
        original_text=text,
        asked_post=post,
        tracking_token=secrets.token_urlsafe(32),
    )
    db.session.add(question)
    if councillor is not None:
        question.received_at = at
        lifecycle.start(question, "submit_member", actor=councillor, actor_kind="staff", now=at)
    else:
        lifecycle.start(question, "submit", actor=None, actor_kind=lifecycle.QUESTIONER, now=at)
        question.received_at = at + confirmed_after
        lifecycle.transition(
            question, "confirm", actor=None, actor_kind=lifecycle.QUESTIONER, now=question.received_at
        )
    db.session.flush()
    return question


def answer(
    question: Question,
    source: str,
    *,
    drafter: User,
    approver: User,
    drafted_at: dt.datetime,
    approved_at: dt.datetime,
) -> None:
    """The officer drafts and sends the answer; a holder of the post approves it."""
    answers.save_draft(question, by=drafter, source=source, now=drafted_at)
    answers.submit_for_approval(question, by=drafter, now=drafted_at)
    answers.approve(question, by=approver, now=approved_at)


def accept_and_answer(
    question: Question,
    source: str,
    *,
    clerk: User,
    post: Post,
    drafter: User,
    approver: User,
    accepted_at: dt.datetime,
    drafted_at: dt.datetime,
    approved_at: dt.datetime,
) -> Question:
    """Accepted onto the meeting's numbered list (in order of acceptance), then answered."""
    moderation.accept(question, by=clerk, post=post, now=accepted_at)
    answer(
        question, source, drafter=drafter, approver=approver, drafted_at=drafted_at, approved_at=approved_at
    )
    return question


def drafter_for(post: Post) -> User | None:
    drafters = sorted(post.drafters, key=lambda d: d.user_id)
    return drafters[0].user if drafters else None


def holder_for(post: Post, not_user: User | None = None) -> User | None:
    holders = [u for u in post.current_holders() if not_user is None or u.id != not_user.id]
    return holders[0] if holders else None
