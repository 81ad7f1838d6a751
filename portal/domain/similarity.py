"""Questions "substantially the same" as a new one (DESIGN §2): candidates answered in
the last six months, with their answers, for the questioner and for moderation.

A fuzzy comparison of the words (RapidFuzz's token-set ratio, common words left out),
so rewording and reordering still match. It suggests; a clerk decides.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import sqlalchemy as sa
from rapidfuzz import fuzz, process

from portal.domain.states import QuestionStatus
from portal.extensions import db
from portal.models import Meeting, Question, utcnow

S = QuestionStatus

# Statuses in which a question has a published answer.
ANSWERED = (S.PUBLISHED, S.AWAITING_WRITTEN_ANSWER, S.CLOSED)
WINDOW = dt.timedelta(days=183)
MIN_SCORE = 60.0

_COMMON_WORDS = """
    a about after all also an and any are as at be been being but by can could did do does for from
    had has have how i if in into is it its me my no not of on or our please so that the their them
    there these they this to was we were what when where which who why will with would you your
    council councils
"""
_STOP_WORDS = frozenset(_COMMON_WORDS.split())


@dataclass(frozen=True)
class SimilarQuestion:
    question: Question
    score: float


def _words(text: str) -> str:
    return " ".join(w for w in re.findall(r"[a-z0-9']+", text.lower()) if w not in _STOP_WORDS)


def similar_questions(
    text: str,
    *,
    exclude_question_id: int | None = None,
    now: dt.datetime | None = None,
    limit: int = 3,
) -> list[SimilarQuestion]:
    """Up to `limit` answered questions from meetings in the last six months most like
    `text`, best first."""
    words = _words(text)
    if not words:
        return []
    now = now or utcnow()
    query = (
        sa.select(Question)
        .join(Meeting, Question.meeting_id == Meeting.id)
        .where(
            Question.status.in_(ANSWERED),
            Meeting.starts_at >= now - WINDOW,
            Meeting.starts_at <= now + WINDOW,
        )
        .order_by(Meeting.starts_at.desc(), Question.id)
    )
    if exclude_question_id is not None:
        query = query.where(Question.id != exclude_question_id)
    candidates = list(db.session.scalars(query))
    choices = {q.id: _words(q.text_for_publication) for q in candidates}
    by_id = {q.id: q for q in candidates}
    matches = process.extract(
        words, choices, scorer=fuzz.token_set_ratio, score_cutoff=MIN_SCORE, limit=limit
    )
    return [SimilarQuestion(by_id[key], round(score, 1)) for _, score, key in matches]
