"""Questions being written: answers kept on the server between the pages of the journey.

A draft is reached only through the unguessable key in the questioner's session. It
is deleted when the question is submitted, and drafts nobody has touched for
DRAFT_LIFETIME are purged (`flask --app portal questions expire`, also run by the
outbox worker), so half-written personal details do not linger.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import sqlalchemy as sa
from flask import current_app

from portal.extensions import db
from portal.models import Meeting, Question, QuestionDraft, utcnow

DRAFT_LIFETIME = dt.timedelta(days=3)

# The answers a draft can hold, and the Question fields they become.
DETAIL_FIELDS = (
    "title",
    "first_name",
    "last_name",
    "email",
    "phone",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "lives_or_works_in_area",
    "on_behalf_of",
    "publish_name",
)
QUESTION_FIELDS = ("text", "post")
# "post" holds a post id, or this when the questioner leaves it to the council.
POST_UNKNOWN = "unknown"


def draft_lifetime() -> dt.timedelta:
    days = current_app.config.get("DRAFT_LIFETIME_DAYS")
    return dt.timedelta(days=int(days)) if days else DRAFT_LIFETIME


def new_draft(
    *,
    meeting: Meeting | None = None,
    resubmission_of: Question | None = None,
    answers: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> QuestionDraft:
    now = now or utcnow()
    draft = QuestionDraft(
        key=secrets.token_urlsafe(32),
        submission_key=secrets.token_urlsafe(32),
        created_at=now,
        updated_at=now,
        meeting=meeting,
        resubmission_of=resubmission_of,
        answers=dict(answers or {}),
    )
    db.session.add(draft)
    db.session.flush()
    return draft


def find_draft(key: str | None, now: dt.datetime | None = None) -> QuestionDraft | None:
    """The draft with this key, unless it is missing or too old to use."""
    if not key:
        return None
    draft = db.session.scalar(sa.select(QuestionDraft).where(QuestionDraft.key == key))
    if draft is None or draft.updated_at < (now or utcnow()) - draft_lifetime():
        return None
    return draft


def save_answers(draft: QuestionDraft, answers: dict[str, Any], now: dt.datetime | None = None) -> None:
    """Merge `answers` into the draft. A new dict, so SQLAlchemy sees the JSON change."""
    draft.answers = {**(draft.answers or {}), **answers}
    draft.updated_at = now or utcnow()
    db.session.flush()


def choose_meeting(draft: QuestionDraft, meeting: Meeting, now: dt.datetime | None = None) -> None:
    draft.meeting = meeting
    draft.updated_at = now or utcnow()
    db.session.flush()


def mark_suspect(draft: QuestionDraft) -> None:
    """A hidden trap field was filled in. The journey carries on, but nothing is submitted."""
    draft.is_suspect = True
    db.session.flush()


def has_details(draft: QuestionDraft) -> bool:
    answers = draft.answers or {}
    return all(answers.get(name) for name in ("first_name", "last_name", "email", "town", "postcode"))


def has_question(draft: QuestionDraft) -> bool:
    answers = draft.answers or {}
    return bool(answers.get("text")) and bool(answers.get("post"))


def discard(draft: QuestionDraft) -> None:
    db.session.delete(draft)
    db.session.flush()


def purge_old_drafts(now: dt.datetime | None = None) -> int:
    """Delete drafts nobody has changed for the draft lifetime. Returns how many."""
    cutoff = (now or utcnow()) - draft_lifetime()
    result = db.session.execute(sa.delete(QuestionDraft).where(QuestionDraft.updated_at < cutoff))
    db.session.flush()
    return int(result.rowcount or 0)
