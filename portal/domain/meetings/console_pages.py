"""The meeting console a page at a time (decision 0320).

A meeting of 300 questions drew 300 full forms on one page: several megabytes of HTML
and over a second of work for every save without JavaScript. The console shows a page
of questions at a time, in list order, and always lists every question so a clerk can
jump to any of them. With no page asked for, it opens on the page holding the first
question still to record, which is where a clerk is during the meeting.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import lazyload, load_only, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from portal.domain.states import NUMBERED, QuestionStatus
from portal.extensions import db
from portal.models import Meeting, Question, QuestionOutcome

PER_PAGE = 20


@dataclass(frozen=True)
class ConsolePage:
    questions: list[Question]  # this page's, with everything the console shows of each
    listed: list[Question]  # every question on the list, in order, for the jump links
    page: int
    pages: int
    first: int  # the place on the list of this page's first question, from 1

    @property
    def last(self) -> int:
        return self.first + len(self.questions) - 1

    def ends(self, page: int) -> tuple[Question, Question] | None:
        """The first and last question of page `page`, or None if there is no such page."""
        if not 1 <= page <= self.pages:
            return None
        chunk = self.listed[(page - 1) * PER_PAGE : page * PER_PAGE]
        return chunk[0], chunk[-1]


def _on_the_list(meeting: Meeting) -> sa.Select:
    return (
        sa.select(Question)
        .where(
            Question.meeting_id == meeting.id,
            Question.number.is_not(None),
            Question.status.in_([*NUMBERED, QuestionStatus.WITHDRAWN]),
        )
        .order_by(Question.kind.desc(), Question.number, Question.id)
    )


def _still_to_record(meeting: Meeting, listed: list[Question]) -> Question | None:
    """The first question on the list, not withdrawn, with no record yet of whether it was put."""
    recorded = set(
        db.session.scalars(
            sa.select(QuestionOutcome.question_id)
            .join(Question, Question.id == QuestionOutcome.question_id)
            .where(Question.meeting_id == meeting.id, QuestionOutcome.put.is_not(None))
        )
    )
    return next(
        (q for q in listed if q.status is not QuestionStatus.WITHDRAWN and q.id not in recorded),
        None,
    )


def console_page(meeting: Meeting, *, page: int | None = None, question_id: int | None = None) -> ConsolePage:
    """The page holding `question_id` if given, else page `page`, else the page holding the
    first question still to record. A fixed number of queries, however long the list."""
    # Every question, with only what its number and link need.
    listed = list(
        db.session.scalars(
            _on_the_list(meeting).options(
                load_only(
                    Question.id,
                    Question.meeting_id,
                    Question.kind,
                    Question.number,
                    Question.status,
                    Question.reference,
                ),
                lazyload("*"),
            )
        )
    )
    for question in listed:  # all of one meeting, read already
        set_committed_value(question, "meeting", meeting)
    pages = max(1, -(-len(listed) // PER_PAGE))
    ids = [q.id for q in listed]
    if question_id is not None and question_id in ids:
        page = ids.index(question_id) // PER_PAGE + 1
    elif page is None:
        current = _still_to_record(meeting, listed)
        page = ids.index(current.id) // PER_PAGE + 1 if current is not None else 1
    page = min(max(1, page), pages)
    chosen = ids[(page - 1) * PER_PAGE : page * PER_PAGE]
    # This page's questions in full (the rows already read are filled in, not read twice).
    questions = list(
        db.session.scalars(
            _on_the_list(meeting)
            .where(Question.id.in_(chosen or [-1]))
            .options(selectinload(Question.outcome), selectinload(Question.answer))
            .execution_options(populate_existing=True)
        )
    )
    return ConsolePage(
        questions=questions, listed=listed, page=page, pages=pages, first=(page - 1) * PER_PAGE + 1
    )
