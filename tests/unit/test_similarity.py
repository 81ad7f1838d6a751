""" "Substantially the same": which answered questions the asking journey and moderation show."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.domain.questions import similarity
from portal.domain.states import QuestionStatus
from portal.models import utcnow
from tests import factories

# Runs SQL: the PostgreSQL leg runs it too.
pytestmark = pytest.mark.database

S = QuestionStatus
ASKED = (
    "How many children's social workers are agency staff, and what is being done to recruit permanent staff?"
)


@pytest.mark.parametrize(
    ("other", "same"),
    [
        (
            "What proportion of social workers in children's services are agency workers, and what is the "
            "council doing to recruit permanent social workers?",
            True,
        ),
        (
            "How many agency staff work in children's social care, and what is the plan to recruit permanent "
            "staff?",
            True,
        ),
        ("How many children are waiting for an EHCP assessment beyond 20 weeks?", False),
        ("When will the potholes on Mill Lane be repaired?", False),
        ("What is the council doing about staff?", False),
        (
            "Will the cabinet member apologise to the families named in the court judgment and meet them?",
            False,
        ),
    ],
)
def test_questions_asking_the_same_thing_score_above_the_threshold(other, same):
    score = similarity.score(similarity.normalise(ASKED), similarity.normalise(other))
    assert (score >= similarity.THRESHOLD) is same, score


def test_everyday_words_and_plurals_do_not_count():
    assert similarity.normalise("What is the Council doing about the workers' pay?") == "worker pay"


def _answered(meeting, text, status=S.PUBLISHED):
    """A question in `status` at a meeting of the same committee on the same day: a meeting
    of its own, since publishing (or recording the minutes) takes in every question of it."""
    own = factories.make_meeting(meeting.committee, starts_at=meeting.starts_at)
    return factories.make_question(own, status=status, text=text)


def test_only_questions_answered_in_the_last_six_months_are_found():
    now = utcnow()
    recent = factories.make_meeting(starts_at=now - dt.timedelta(days=40))
    old = factories.make_meeting(starts_at=now - dt.timedelta(days=200))
    found = factories.make_question(recent, status=S.PUBLISHED, text=ASKED)
    _answered(old, ASKED)
    _answered(recent, ASKED, status=S.ACCEPTED)  # not answered yet
    _answered(recent, ASKED, status=S.REJECTED)
    _answered(recent, ASKED, status=S.WITHDRAWN)
    closed = _answered(recent, ASKED, status=S.CLOSED)

    results = similarity.similar_questions(ASKED, now=now)

    assert {r.question.id for r in results} == {found.id, closed.id}
    assert all(r.score >= similarity.THRESHOLD for r in results)
    assert results[0].label.startswith("PQ ")
    assert results[0].meeting.id == recent.id


def test_results_are_best_first_limited_and_can_exclude_a_question():
    meeting = factories.make_meeting(days_ahead=5)
    exact = _answered(meeting, ASKED)
    close = _answered(
        meeting,
        "How many agency staff work in children's social care, and what is the plan "
        "to recruit permanent staff?",
    )
    _answered(meeting, "How many social workers in children's services are agency staff?")
    _answered(
        meeting, "What is being done to recruit permanent children's social workers instead of agency staff?"
    )

    best_two = similarity.similar_questions(ASKED, limit=2)
    assert len(best_two) == 2
    assert best_two[0].question.id == exact.id
    assert best_two[0].score >= best_two[1].score
    assert close.id in {r.question.id for r in similarity.similar_questions(ASKED, limit=5)}

    without = similarity.similar_questions(ASKED, exclude_question_id=exact.id)
    assert exact.id not in {r.question.id for r in without}


def test_the_published_text_is_compared_when_a_clerk_edited_it():
    meeting = factories.make_meeting(days_ahead=5)
    question = _answered(meeting, "Why did [a named officer] not reply about school transport for my son?")
    question.publication_text = ASKED
    from portal.extensions import db

    db.session.flush()
    assert [r.question.id for r in similarity.similar_questions(ASKED)] == [question.id]


def test_nothing_is_found_for_empty_or_unrelated_text():
    meeting = factories.make_meeting(days_ahead=5)
    _answered(meeting, ASKED)
    assert similarity.similar_questions("") == []
    assert similarity.similar_questions("the and of what") == []
    assert similarity.similar_questions("When will the library in Westcote reopen?") == []


def test_each_answered_question_is_normalised_once_not_on_every_search(monkeypatch):
    meeting = factories.make_meeting(days_ahead=5)
    texts = [f"Question {n} about library opening hours in the {n}th ward of the county" for n in range(30)]
    approved = [factories.make_question(meeting, status=S.ANSWER_APPROVED, text=text) for text in texts]
    factories.publish_meeting(meeting, approved)  # one version with all thirty
    similarity.similar_questions(ASKED)  # warms the cache
    calls = []
    original = similarity.normalise
    monkeypatch.setattr(similarity, "normalise", lambda text: calls.append(text) or original(text))
    similarity.similar_questions(ASKED)
    assert calls == [ASKED]  # only the new text; thousands of answered ones are not redone
