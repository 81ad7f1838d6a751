"""Staff pages at council scale: the number of SQL queries a page makes must not grow with
the number of questions, events or answers it lists. Each page is read with a few rows
and again with several times as many; the query count must be the same. (Each query is
counted with a SQLAlchemy event listener on the engine.)"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from portal.domain.questions import moderation
from portal.domain.states import QuestionKind, QuestionStatus
from portal.extensions import db
from tests import factories
from tests.record_factories import ANSWER

S = QuestionStatus


@contextmanager
def counting_queries() -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


@pytest.fixture
def council(officer, councillor):
    post = factories.make_answering_post(holders=[councillor], drafters=[officer])
    meeting = factories.make_meeting(factories.make_committee("Council", posts=[post]), days_ahead=20)
    db.session.commit()
    return meeting, post


def _grow(meeting, post, clerk, officer, councillor, rows: int) -> None:
    """`rows` more of everything a staff page lists: questions waiting for a decision,
    accepted ones (with an event by a clerk), answered ones with approved answers, member
    questions, on this meeting and on another of the committee."""
    other = factories.make_meeting(meeting.committee, days_ahead=40 + rows)
    for n in range(rows):
        factories.make_question(meeting, first_name=f"Wait{n}")
        factories.make_question(other, first_name=f"Later{n}")
        accepted = factories.make_question(meeting, first_name=f"Accept{n}")
        moderation.accept(accepted, by=clerk, post=post)
        answered = factories.make_question(meeting, status=S.ANSWER_APPROVED, post=post)
        factories.make_approved_answer(answered, ANSWER, drafter=officer, approver=councillor)
        member = factories.make_question(
            meeting, status=S.ANSWER_APPROVED, kind=QuestionKind.MEMBER, post=post
        )
        factories.make_approved_answer(member, ANSWER, drafter=officer, approver=councillor)
        factories.make_question(meeting, status=S.ACCEPTED, post=post)
    db.session.commit()


PAGES: dict[str, Callable] = {
    "moderation queue": lambda meeting: "/staff/moderation",
    "moderation queue, any status": lambda meeting: "/staff/moderation?status=",
    "moderation queue, one meeting": lambda meeting: f"/staff/moderation?meeting={meeting.id}",
    "numbering": lambda meeting: f"/staff/moderation/meetings/{meeting.id}/numbering",
    "meeting console": lambda meeting: f"/staff/console/meetings/{meeting.id}",
    "publishing": lambda meeting: f"/staff/publishing/meetings/{meeting.id}",
    "audit log": lambda meeting: "/staff/audit",
    "audit log, one meeting": lambda meeting: f"/staff/audit?meeting={meeting.id}",
    "staff home": lambda meeting: "/staff/",
    "answers": lambda meeting: "/staff/answers",
    "admin meeting": lambda meeting: f"/admin/meetings/{meeting.id}",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_a_staff_page_makes_the_same_number_of_queries_however_many_rows(
    name, app, council, clerk, officer, councillor, signed_in_as
):
    meeting, post = council
    user = factories.make_user(
        roles={"admin", "clerk"}, email="both@example.gov.uk", first_name="Bea", last_name="Both"
    )
    db.session.commit()
    # An officer's list of answers is theirs: read it as the post's drafter.
    client = signed_in_as(officer if name == "answers" else user)
    url = PAGES[name](meeting)

    def queries() -> list[str]:
        client.get(url)  # the first read warms what is kept between requests
        # Each request in a worker starts with an empty session; here the test's session
        # lives on, and rows it already holds would hide a query per row.
        db.session.expire_all()
        with counting_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200, f"{name}: {response.status_code}"
        return list(statements)

    _grow(meeting, post, clerk, officer, councillor, 2)
    few = queries()
    _grow(meeting, post, clerk, officer, councillor, 6)
    many = queries()
    repeated = sorted({s for s in many if many.count(s) > few.count(s)})
    assert len(many) == len(few), (
        f"{name}: {len(few)} queries with a few rows, {len(many)} with more; repeated more often:\n"
        + "\n".join(repeated)[:3000]
    )
