"""The open data API matches its OpenAPI document: every operation, generated requests
(schemathesis), and every response of every endpoint checked against the schema."""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from portal.domain.states import QuestionKind, QuestionStatus
from portal.web.api.openapi import openapi_document
from tests import factories


@pytest.fixture
def published(app):
    committee = factories.make_committee("Cabinet", slug="cabinet")
    meeting = factories.make_meeting(committee, days_ahead=-14)
    public = factories.make_question(
        meeting, status=QuestionStatus.ANSWER_APPROVED, text="Why are bus routes being cut?"
    )
    member = factories.make_question(meeting, status=QuestionStatus.ANSWER_APPROVED, kind=QuestionKind.MEMBER)
    factories.publish_meeting(
        meeting,
        [public, member],
        document="minutes",
        extras={
            public.id: {
                "put": "put",
                "supplementary": {
                    "question": "Which routes?",
                    "answer_html": "<p>The 12 and 14.</p>",
                    "answered_by": "Leader",
                },
                "written_answer": {"due_on": dt.date.today() + dt.timedelta(days=3)},
            },
            member.id: {
                "written_answer": {
                    "due_on": dt.date.today() - dt.timedelta(days=2),
                    "sent_on": dt.date.today() - dt.timedelta(days=3),
                    "html": "<p>Sent.</p>",
                }
            },
        },
    )
    factories.make_meeting(committee, days_ahead=30)
    return committee, meeting


@pytest.fixture
def api_schema(app, published):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


OPERATIONS = sorted(openapi_document("http://localhost/api/v1")["paths"])


@pytest.mark.parametrize("path", OPERATIONS)
def test_every_operation_matches_the_openapi_document(api_schema, path):
    """Requests generated from the document, each response validated against it."""
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=15,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate()

    run()


def _checker(api_schema):
    """check(operation path, path values, query, status): call it and validate the
    response against the document (status code, content type, JSON Schema)."""

    def check(operation_path: str, path_parameters=None, query=None, status: int = 200) -> dict:
        operation = api_schema[operation_path]["GET"]
        case = operation.Case(path_parameters=path_parameters or {}, query=query or {})
        response = case.call()
        assert response.status_code == status, (operation_path, query, response.text[:300])
        operation.validate_response(response)
        return response.json()

    return check


def test_every_response_of_every_endpoint_validates(api_schema, published):
    committee, meeting = published
    check = _checker(api_schema)
    index = check("/")
    assert set(index["links"]) >= {"committees", "meetings", "questions", "written_answers_owed", "openapi"}
    check("/committees")
    check("/committees/{slug}", {"slug": committee.slug})
    check("/committees/{slug}", {"slug": "nothing-here"}, status=404)
    meetings = check("/meetings", query={"committee": committee.slug})
    assert meetings["meta"]["total"] == 2
    check("/meetings/{meeting_id}", {"meeting_id": meeting.id})
    check("/meetings/{meeting_id}", {"meeting_id": 999999}, status=404)
    questions = check("/questions", query={"meeting": meeting.id})
    assert [q["label"] for q in questions["data"]] == ["PQ 1", "MQ 1"]
    first = questions["data"][0]
    assert first["supplementary"]["question"] == "Which routes?"
    assert first["written_answer"]["owed"] is True
    check("/questions/{entry_id}", {"entry_id": first["id"]})
    check("/questions/{entry_id}", {"entry_id": 999999}, status=404)
    assert check("/questions", query={"q": "bus routes"})["meta"]["total"] == 1
    check("/questions", query={"per_page": 500}, status=400)
    check("/meetings", query={"from": "yesterday"}, status=400)
    check("/meetings", query={"from": "0001-01-01", "to": "9999-12-31"})  # the ends of the calendar
    check("/questions", query={"to": "9999-12-31"})
    owed = check("/written-answers-owed")
    assert [q["id"] for q in owed["data"]] == [first["id"]]


def test_pagination_links_and_totals(client):
    meeting = factories.make_meeting(days_ahead=-5)
    questions = [factories.make_question(meeting, status=QuestionStatus.ANSWER_APPROVED) for _ in range(5)]
    factories.publish_meeting(meeting, questions)
    first = client.get("/api/v1/questions?per_page=2").get_json()
    assert first["meta"] == {"page": 1, "per_page": 2, "total": 5, "pages": 3}
    assert first["links"]["prev"] is None
    second = client.get(first["links"]["next"]).get_json()
    assert second["meta"]["page"] == 2
    assert {q["id"] for q in first["data"]}.isdisjoint({q["id"] for q in second["data"]})
    last = client.get(first["links"]["last"]).get_json()
    assert len(last["data"]) == 1
    assert last["links"]["next"] is None


def test_etags_give_304_and_cors_is_read_only(client, published):
    response = client.get("/api/v1/committees")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "POST" not in response.headers["Access-Control-Allow-Methods"]
    etag = response.headers["ETag"]
    again = client.get("/api/v1/committees", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert client.post("/api/v1/committees").status_code == 405


def test_the_api_is_rate_limited():
    """A separate app with limits switched on (the test app has them off)."""
    from portal import create_app
    from portal.extensions import limiter
    from tests.conftest import database_url

    limited = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url(),
            "RATELIMIT_ENABLED": True,
            "API_RATE_LIMIT": "3 per minute",
        },
        env="test",
    )
    try:
        client = limited.test_client()
        codes = [client.get("/api/v1/").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        response = client.get("/api/v1/")
        assert response.get_json()["error"]["status"] == 429
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    finally:
        limiter.reset()
        limiter.enabled = False


def test_nul_characters_in_parameters_are_no_match_not_an_error(client, published):
    for path in (
        "/api/v1/meetings?committee=a%00b",
        "/api/v1/questions?committee=a%00b&q=bus%00routes",
        "/api/v1/written-answers-owed?committee=%00",
        "/api/v1/committees/a%00b",
        "/search?q=bus%00routes&committee=%00",
        "/search.atom?q=%00",
        "/statistics?committee=%00",
        "/committees/a%00b/questions",
    ):
        assert client.get(path).status_code in (200, 404), path
