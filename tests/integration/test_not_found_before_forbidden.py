"""A page about something that does not exist says so (404) before any permission check,
and a permission check never tells someone without a part in it that it exists: whoever
may not open the page gets the same answer whether or not the thing is there."""

from __future__ import annotations

import pytest

from tests import factories

MISSING = 987654

# Pages any member of staff may open, about something only some of them may see.
BY_PERMISSION = [
    "/staff/answers/questions/{question}",
    "/staff/answers/questions/{question}/versions",
    "/staff/feedback/meetings/{meeting}",
    "/staff/reviews/{question}",
    "/staff/actions/{missing}",
]
# Pages for clerks only (the role decides before the page's object is looked up).
CLERKS_ONLY = [
    "/staff/publishing/meetings/{meeting}",
    "/staff/console/meetings/{meeting}",
    "/staff/publishing/questions/{question}/written-answer",
]
ROLES = ["admin", "clerk", "officer", "councillor"]


@pytest.fixture
def clients(request):
    return {role: request.getfixturevalue(f"{role}_client") for role in ROLES}


def _missing(path: str) -> str:
    return path.format(question=MISSING, meeting=MISSING, missing=MISSING)


@pytest.mark.parametrize("path", BY_PERMISSION)
def test_something_missing_is_not_found_for_every_member_of_staff(clients, path):
    answers = {role: client.get(_missing(path)).status_code for role, client in clients.items()}
    assert answers == dict.fromkeys(ROLES, 404)


@pytest.mark.parametrize("path", CLERKS_ONLY)
def test_a_clerks_page_answers_the_same_for_missing_and_existing_things_to_others(clients, path):
    meeting = factories.make_meeting()
    question = factories.make_question(meeting)
    existing = path.format(question=question.id, meeting=meeting.id)

    missing_answers = {role: client.get(_missing(path)).status_code for role, client in clients.items()}
    existing_answers = {
        role: client.get(existing).status_code for role, client in clients.items() if role != "clerk"
    }

    assert missing_answers == {"admin": 403, "clerk": 404, "officer": 403, "councillor": 403}
    assert existing_answers == {"admin": 403, "officer": 403, "councillor": 403}


def test_a_question_someone_has_no_part_in_is_forbidden_only_once_it_exists(clients):
    question = factories.make_question(factories.make_meeting())
    path = f"/staff/answers/questions/{question.id}"

    answers = {role: client.get(path).status_code for role, client in clients.items()}

    assert answers == {"admin": 200, "clerk": 200, "officer": 403, "councillor": 403}
    assert clients["officer"].get(_missing("/staff/answers/questions/{question}")).status_code == 404
