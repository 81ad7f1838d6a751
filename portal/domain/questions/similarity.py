""" "Substantially the same as a question answered in the last six months": the candidates.

Used by the asking journey ("your question may already have been answered") and by
moderation. Scoring is rapidfuzz's token-set and token-sort ratios, averaged, over the
texts with everyday words removed; see docs/decisions/0022 for why this and not the
database's text search. Each answered question is normalised once per process, and a
word-overlap cut keeps the scoring to the few that share words, so a few thousand recent
questions are searched in milliseconds (tests/unit/test_similarity.py times it).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

import sqlalchemy as sa

from portal.domain.numbers import question_label
from portal.domain.states import ANSWERED, QuestionStatus
from portal.extensions import db
from portal.models import ArchiveEntry, Meeting, Question, utcnow

S = QuestionStatus

# Answered: the answer is public (or was given at the meeting and the record closed).
WINDOW = dt.timedelta(days=183)  # six months
# Scores run from 0 to 100. At 60 and above, two questions usually ask the same thing in
# other words; below it they share a topic at most (tests/unit/test_similarity.py).
THRESHOLD = 60.0

# Words that say nothing about what a question is asking.
_STOP_WORD_TEXT = """
    a about after all also am an and any are as ask asked asking at be been being but by can
    could council councils did do does doing done for from had has have how i if in into is it
    its many may me much my no not of on or our out please so some than that the their them then
    there these they this those to up us was we were what when where whether which who why will
    with would yes you your
"""
_STOP_WORDS = frozenset(_STOP_WORD_TEXT.split())
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class SimilarQuestion:
    """A question answered through the portal (`question`), or one imported from the
    council's earlier published minutes (`entry`, an imported archive entry)."""

    question: Question | None
    label: str
    meeting: Meeting
    score: float
    entry: ArchiveEntry | None = None

    @property
    def imported(self) -> bool:
        return self.entry is not None

    @property
    def asked_by(self) -> str:
        return self.entry.questioner if self.entry is not None else self.question.public_display

    @property
    def text(self) -> str:
        if self.entry is not None:
            return self.entry.question_text or self.entry.supplementary_question or ""
        return self.question.text_for_publication


def normalise(text: str) -> str:
    """Lower case, everyday words removed, simple plurals folded: what scoring compares."""
    words = []
    for word in _WORD.findall((text or "").lower().replace("'s", " ").replace("\u2019s", " ")):
        if word in _STOP_WORDS:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return " ".join(words)


def score(first: str, second: str) -> float:
    """How alike two questions are, 0 to 100, from their normalised texts."""
    from rapidfuzz import fuzz  # 3 MB, loaded by the worker that first compares two questions

    return (fuzz.token_set_ratio(first, second) + fuzz.token_sort_ratio(first, second)) / 2


# Normalised texts by question id, with the `updated_at` they were made from. Answered
# questions rarely change, so each is normalised once per process, not once per request.
# Only a speed-up: nothing here is needed by another instance.
_normalised: dict[int, tuple[str, str, frozenset[str]]] = {}


def _candidates(now: dt.datetime, exclude_question_id: int | None) -> list[tuple[int, str, frozenset[str]]]:
    # Plain rows, the timestamp as text: only a version stamp here, so it need not be parsed.
    query = (
        sa.select(Question.id, sa.cast(Question.updated_at, sa.String))
        .join(Meeting, Meeting.id == Question.meeting_id)
        .where(Question.status.in_(sorted(ANSWERED)), Meeting.starts_at >= now - WINDOW)
        .order_by(Question.id)
    )
    if exclude_question_id is not None:
        query = query.where(Question.id != exclude_question_id)
    current = {row[0]: row[1] for row in db.session.connection().execute(query)}
    stale = [i for i, updated in current.items() if _normalised.get(i, (None,))[0] != updated]
    text = sa.func.coalesce(Question.publication_text, Question.original_text)
    for start in range(0, len(stale), 500):
        chunk = stale[start : start + 500]
        for question_id, body in db.session.execute(
            sa.select(Question.id, text).where(Question.id.in_(chunk)).order_by(Question.id)
        ):
            words = normalise(body)
            _normalised[question_id] = (current[question_id], words, frozenset(words.split()))
    if len(_normalised) > 2 * len(current) + 1000:
        for question_id in [i for i in _normalised if i not in current]:
            _normalised.pop(question_id, None)
    return [(i, *_normalised[i][1:]) for i in current if i in _normalised]


def _imported_candidates(now: dt.datetime) -> list[tuple[int, str, frozenset[str]]]:
    """Records imported from the council's earlier minutes, answered in the window, keyed by
    their archive entry's id made negative (so they never clash with a question's id)."""
    rows = db.session.execute(
        sa.select(ArchiveEntry.id, ArchiveEntry.question_text, ArchiveEntry.supplementary_question)
        .where(ArchiveEntry.imported.is_(True), ArchiveEntry.meeting_starts_at >= now - WINDOW)
        .order_by(ArchiveEntry.id)
    )
    out = []
    for entry_id, question, supplementary in rows:
        words = normalise(question or supplementary or "")
        if words:
            out.append((-entry_id, words, frozenset(words.split())))
    return out


def similar_questions(
    text: str,
    *,
    exclude_question_id: int | None = None,
    now: dt.datetime | None = None,
    limit: int = 3,
    threshold: float = THRESHOLD,
) -> list[SimilarQuestion]:
    """Questions answered in the last six months that may ask the same as `text`, best first."""
    wanted = normalise(text)
    if not wanted:
        return []
    wanted_words = frozenset(wanted.split())
    now = now or utcnow()
    candidates = _candidates(now, exclude_question_id) + _imported_candidates(now)
    # A cheap first cut: two questions asking the same thing share at least half their words.
    enough = min(len(wanted_words), max(2, math.ceil(len(wanted_words) / 2)))
    scored = sorted(
        (
            (score(wanted, words), question_id)
            for question_id, words, word_set in candidates
            if len(wanted_words & word_set) >= enough
        ),
        key=lambda pair: (-pair[0], pair[1]),
    )
    best = [(value, question_id) for value, question_id in scored if value >= threshold][:limit]
    if not best:
        return []
    found = {
        q.id: q
        for q in db.session.scalars(
            sa.select(Question).where(Question.id.in_([i for _, i in best if i > 0])).order_by(Question.id)
        )
    }
    entries = {
        e.id: e
        for e in db.session.scalars(
            sa.select(ArchiveEntry)
            .where(ArchiveEntry.id.in_([-i for _, i in best if i < 0]))
            .order_by(ArchiveEntry.id)
        )
    }
    out = []
    for value, key in best:
        if key < 0 and -key in entries:
            entry = entries[-key]
            out.append(
                SimilarQuestion(
                    question=None,
                    entry=entry,
                    label=entry.label,
                    meeting=entry.meeting,
                    score=round(value, 1),
                )
            )
        elif key in found:
            question = found[key]
            out.append(
                SimilarQuestion(
                    question=question,
                    label=question_label(question),
                    meeting=question.meeting,
                    score=round(value, 1),
                )
            )
    return out
