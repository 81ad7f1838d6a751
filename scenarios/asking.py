"""The steps a question goes through: each one a domain verb, dated as it would have
happened, so what they build reads like the real thing (a reference and events from the
asking journey, numbers from the meeting's list, answers with revisions and sign-off).
The demo's history and the tests' seed meetings are both built with them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.domain.asking import drafts, member_questions, submission
from portal.domain.questions import answers, moderation
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
    key: str,
    post: Post | None = None,
    confirmed_after: dt.timedelta | None = dt.timedelta(minutes=4),
) -> Question:
    """A question sent as the asking pages send it, through the same verbs: from the public,
    a draft submitted and then (unless `confirmed_after` is None) confirmed from the e-mail
    link; from a councillor, a member question. `key` is its submission key."""
    if asker.councillor is not None:
        return member_questions.submit_member_question(
            asker.councillor, meeting, text=text, post=post, submission_key=key, now=at
        )
    answers = {
        "title": asker.title or "",
        "first_name": asker.first_name,
        "last_name": asker.last_name,
        "email": asker.email,
        "phone": "",
        "address_line_1": asker.address or "12 Orchard Way",
        "address_line_2": "",
        "town": asker.town or "Kingsmere",
        "postcode": asker.postcode or "KM1 3QT",
        "lives_or_works_in_area": True,
        "on_behalf_of": asker.on_behalf_of or "",
        "publish_name": asker.publish_name,
        "text": text,
        "post": str(post.id) if post is not None else drafts.POST_UNKNOWN,
    }
    draft = drafts.new_draft(meeting=meeting, answers=answers, now=at)
    draft.submission_key = key
    question = submission.submit_draft(draft, now=at, language="en").question
    if confirmed_after is not None:
        submission.confirm_question(question, now=at + confirmed_after)
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
    sent_at: dt.datetime | None = None,
) -> None:
    """The officer drafts the answer and sends it for approval (at `sent_at`, by default as
    soon as it is drafted); a holder of the post approves it."""
    answers.save_draft(question, by=drafter, source=source, now=drafted_at)
    answers.submit_for_approval(question, by=drafter, now=sent_at or drafted_at)
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
    sent_at: dt.datetime | None = None,
) -> Question:
    """Accepted onto the meeting's numbered list (in order of acceptance), then answered."""
    moderation.accept(question, by=clerk, post=post, now=accepted_at)
    answer(
        question,
        source,
        drafter=drafter,
        approver=approver,
        drafted_at=drafted_at,
        approved_at=approved_at,
        sent_at=sent_at,
    )
    return question


def drafter_for(post: Post) -> User | None:
    drafters = sorted(post.drafters, key=lambda d: d.user_id)
    return drafters[0].user if drafters else None


def holder_for(post: Post, not_user: User | None = None) -> User | None:
    holders = [u for u in post.current_holders() if not_user is None or u.id != not_user.id]
    return holders[0] if holders else None
