"""Similar questions answered in the last six months, for the "substantially the same" rule."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.domain.questions.similarity import similar_questions
from portal.domain.states import QuestionStatus
from portal.models import utcnow
from tests import factories

# Runs SQL: the PostgreSQL leg runs it too.
pytestmark = pytest.mark.database

S = QuestionStatus
AGENCY = (
    "How many children's social workers are agency staff, and what is being done to recruit permanent staff?"
)


def answered(days_ago: int, text: str, status: QuestionStatus = S.PUBLISHED):
    meeting = factories.make_meeting(starts_at=utcnow() - dt.timedelta(days=days_ago))
    return factories.make_question(meeting, status=status, text=text)


def test_finds_a_reworded_question_answered_recently_best_first():
    close = answered(30, AGENCY)
    related = answered(60, "What is being done to recruit permanent social workers instead of agency staff?")
    answered(40, "When will the library in Westcote reopen after the roof repairs?")
    found = similar_questions("How many of the council's children's social workers are agency workers?")
    assert [m.question for m in found][:2] == [close, related]
    assert found[0].score >= found[1].score


def test_only_answered_questions_of_the_last_six_months_count():
    answered(250, AGENCY)
    answered(10, AGENCY, status=S.REJECTED)
    answered(10, AGENCY, status=S.ACCEPTED)
    assert similar_questions(AGENCY) == []


def test_excludes_the_question_itself_and_respects_the_limit():
    own = answered(5, AGENCY)
    for _ in range(4):
        answered(20, AGENCY)
    found = similar_questions(AGENCY, exclude_question_id=own.id, limit=3)
    assert len(found) == 3
    assert own not in [m.question for m in found]


def test_empty_or_common_words_only_find_nothing():
    answered(5, AGENCY)
    assert similar_questions("") == []
    assert similar_questions("What is the council doing?") == []
