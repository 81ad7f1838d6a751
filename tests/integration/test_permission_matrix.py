"""Every role x every status x every moderation and answer action.

For each combination: the named predicate says yes or no as the rules below (written
out again by hand, from DESIGN §2) say it should; and the HTTP POST does the thing
when allowed, and otherwise answers 403 (no part in it), sends an anonymous visitor
to sign in, or refuses with a message, and changes nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from portal.domain import permissions
from portal.domain.states import NUMBERED, QuestionStatus
from portal.extensions import db
from portal.models import AnswerStatus, OutboxMessage, Question
from tests import factories

S = QuestionStatus

ROLES = ("anonymous", "admin", "clerk", "drafter", "officer", "holder", "councillor")
ACTIONS = (
    "accept",
    "reject",
    "request_clarification",
    "edit_for_publication",
    "withdraw_on_behalf",
    "renumber",
    "draft_answer",
    "submit_answer",
    "approve_answer",
    "return_answer",
    "reopen_answer",
)
MODERATION = frozenset(ACTIONS[:6])
EDITABLE = {S.RECEIVED, S.CLARIFICATION_REQUESTED, S.ACCEPTED, S.ANSWER_DRAFTED, S.ANSWER_APPROVED}
MOVABLE = {S.ACCEPTED, S.ANSWER_DRAFTED, S.ANSWER_APPROVED}


def expected(role: str, status: QuestionStatus, action: str) -> bool:
    """Who may do what, and when (the meeting is in the future)."""
    clerk, drafter, holder = role == "clerk", role == "drafter", role == "holder"
    return {
        "accept": clerk and status is S.RECEIVED,
        "reject": clerk and status in {S.RECEIVED, S.CLARIFICATION_REQUESTED, S.ACCEPTED},
        "request_clarification": clerk and status is S.RECEIVED,
        "edit_for_publication": clerk and status in EDITABLE,
        "withdraw_on_behalf": clerk and status in EDITABLE | {S.PUBLISHED},
        "renumber": clerk and status in MOVABLE,
        "draft_answer": drafter and status is S.ACCEPTED,
        "submit_answer": drafter and status is S.ACCEPTED,
        "approve_answer": holder and status is S.ANSWER_DRAFTED,
        "return_answer": holder and status is S.ANSWER_DRAFTED,
        "reopen_answer": (holder or clerk) and status is S.ANSWER_APPROVED,
    }[action]


def has_a_part(role: str, action: str, status: QuestionStatus) -> bool:
    """Whether the person may reach the action at all (otherwise 403). Drafters and
    holders have a part once a post has been chosen to answer, on acceptance."""
    has_post = status in NUMBERED
    if action in MODERATION:
        return role == "clerk"
    if action in ("draft_answer", "submit_answer"):
        return role == "drafter" and has_post
    if action in ("approve_answer", "return_answer"):
        return role == "holder" and has_post
    return role == "clerk" or (role == "holder" and has_post)  # reopen


@dataclass
class World:
    question: Question
    post: object


def build(status: QuestionStatus, drafter, holder) -> World:
    post = factories.make_post(holders=[holder], drafters=[drafter])
    meeting = factories.make_meeting(factories.make_committee(posts=[post]))
    question = factories.make_question(meeting, status=status, post=post)
    if question.answering_post is None:
        question.asked_post = post
    if status in MOVABLE:
        # A second question after it, so there is somewhere to move to.
        factories.make_question(meeting, status=S.ACCEPTED, post=post)
    if status is S.ACCEPTED:
        # Further on, the factory has drafted (and approved) the answer as the post's
        # drafter (and holder) would.
        factories.make_answer(question, status=AnswerStatus.DRAFT, drafted_by=drafter, approved_by=holder)
    db.session.commit()  # what the request will find, saved
    return World(question=question, post=post)


def actor(role: str, drafter, holder):
    if role == "anonymous":
        return None
    if role == "drafter":
        return drafter
    if role == "holder":
        return holder
    roles = {"admin": {"admin"}, "clerk": {"clerk"}, "officer": {"officer"}, "councillor": {"councillor"}}[
        role
    ]
    return factories.make_user(roles=roles)


def predicate(action: str, user, question: Question) -> bool:
    answer = question.answer
    return {
        "accept": lambda: permissions.can_accept(user, question),
        "reject": lambda: permissions.can_reject(user, question),
        "request_clarification": lambda: permissions.can_request_clarification(user, question),
        "edit_for_publication": lambda: permissions.can_edit_for_publication(user, question),
        "withdraw_on_behalf": lambda: permissions.can_withdraw_on_behalf(user, question),
        "renumber": lambda: permissions.can_renumber(user, question.meeting) and question.status in MOVABLE,
        "draft_answer": lambda: permissions.can_draft_answer(user, question),
        "submit_answer": lambda: permissions.can_submit_answer(user, answer),
        "approve_answer": lambda: permissions.can_approve_answer(user, answer),
        "return_answer": lambda: permissions.can_return_answer(user, answer),
        "reopen_answer": lambda: permissions.can_reopen_answer(user, answer),
    }[action]()


def request_for(action: str, world: World) -> tuple[str, dict[str, str]]:
    q = world.question
    status = q.status.value
    answers = f"/staff/answers/questions/{q.id}"
    moderation = f"/staff/moderation/questions/{q.id}"
    return {
        "accept": (f"{moderation}/accept", {"post": str(world.post.id), "expected_status": status}),
        "reject": (
            f"{moderation}/reject",
            {
                "ground": "names_staff",
                "explanation": "Names staff.",
                "listed": "listed",
                "expected_status": status,
            },
        ),
        "request_clarification": (
            f"{moderation}/clarify",
            {"message": "Which ward?", "expected_status": status},
        ),
        "edit_for_publication": (
            f"{moderation}/edit",
            {"text": "Edited.", "reason": "Name", "expected_edits": "0"},
        ),
        "withdraw_on_behalf": (f"{moderation}/withdraw", {"reason": "Phoned", "expected_status": status}),
        "renumber": (
            f"/staff/moderation/meetings/{q.meeting_id}/numbering/{q.kind.value}",
            {"action": f"down:{q.id}:{q.number}"},
        ),
        "draft_answer": (answers, {"body": "A new version.", "expected_revision": "1", "save": "Save draft"}),
        "submit_answer": (f"{answers}/submit", {"expected_revision": "1"}),
        "approve_answer": (f"{answers}/approve", {"expected_revision": "1"}),
        "return_answer": (f"{answers}/return", {"comment": "Add figures", "expected_revision": "1"}),
        "reopen_answer": (f"{answers}/reopen", {"reason": "Figures revised"}),
    }[action]


def snapshot(question_id: int) -> tuple:
    db.session.expire_all()
    q = db.session.get(Question, question_id)
    answer = q.answer
    outbox = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
    return (
        q.status,
        q.number,
        q.publication_text,
        len(q.events),
        len(q.edits),
        answer.status if answer else None,
        len(answer.revisions) if answer else 0,
        outbox,
    )


def flashed_error(http) -> bool:
    with http.session_transaction() as session:
        return any(category == "error" for category, _ in session.get("_flashes", []))


@pytest.mark.parametrize("status", list(QuestionStatus), ids=lambda s: s.value)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, status, client, signed_in_as, subtests):
    """One role and one status, every action (each a subtest). A refused action leaves
    the world as it was, so the next action reuses it; after an allowed one, a fresh
    world is built."""
    factories.ground()
    drafter = factories.make_user(roles={"officer"}, first_name="Drew")
    holder = factories.make_user(roles={"councillor"}, first_name="Holly")
    user = actor(role, drafter, holder)
    http = client if user is None else signed_in_as(user)
    world, before = None, None
    for action in ACTIONS:
        with subtests.test(action=action):
            if world is None:
                world = build(status, drafter, holder)
                before = snapshot(world.question.id)
            allowed = expected(role, status, action)
            assert predicate(action, user, world.question) is allowed

            url, data = request_for(action, world)
            response = http.post(url, data=data)
            after = snapshot(world.question.id)

            if allowed:
                world = None  # it has changed: the next action starts afresh
                assert response.status_code == 302, response.get_data(as_text=True)[:300]
                assert after != before, "an allowed action changed nothing"
                continue
            assert after == before, "a refused action changed something"
            if user is None:
                assert response.status_code == 302
                assert "/staff/sign-in" in response.headers["Location"]
            elif not has_a_part(role, action, status):
                assert response.status_code == 403
            else:
                assert response.status_code in (302, 409)
                assert response.status_code == 409 or flashed_error(http), "refused without saying why"
