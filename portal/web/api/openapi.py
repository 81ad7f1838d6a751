"""The OpenAPI 3.1 document of the open data API. The contract tests check every
response of every endpoint against it, so it cannot drift from what is served."""

from __future__ import annotations

from typing import Any

from portal.domain.entities import CommitteeKind, MeetingStatus


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema.get("type")
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    return {"oneOf": [schema, {"type": "null"}]}


STR = {"type": "string"}
INT = {"type": "integer"}
ID = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
BOOL = {"type": "boolean"}
URL = {"type": "string", "format": "uri"}
DATETIME = {"type": "string", "format": "date-time"}
DATE = {"type": "string", "format": "date"}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS: dict[str, Any] = {
    "CommitteeRef": _object({"id": INT, "slug": STR, "name": STR}),
    "Committee": _object(
        {
            "id": INT,
            "slug": STR,
            "name": STR,
            "kind": {"type": "string", "enum": [k.value for k in CommitteeKind]},
            "description": STR,
            "takes_public_questions": BOOL,
            "takes_member_questions": BOOL,
            "links": _object(
                {"self": URL, "html": URL, "meetings": URL, "questions": URL, "atom": URL, "ics": URL}
            ),
        }
    ),
    "Meeting": _object(
        {
            "id": INT,
            "committee": _ref("CommitteeRef"),
            "title": _nullable(STR),
            "starts_at": DATETIME,
            "venue": STR,
            "status": {"type": "string", "enum": [s.value for s in MeetingStatus]},
            "takes_public_questions": BOOL,
            "question_deadline_at": _nullable(DATETIME),
            "questions_published": {"type": "integer", "minimum": 0},
            "links": _object({"self": URL, "html": URL, "questions": URL, "record": _nullable(URL)}),
        }
    ),
    "Question": _object(
        {
            "id": INT,
            "label": {"type": "string", "pattern": "^(PQ|MQ) [0-9]+$"},
            "kind": {"type": "string", "enum": ["public", "member"]},
            "number": {"type": "integer", "minimum": 1},
            "imported": {
                "type": "boolean",
                "description": "Imported from the council's published minutes from before the portal",
            },
            "printed_number": _nullable(
                {"type": "string", "description": "An imported record's number as its document printed it"}
            ),
            "committee": _ref("CommitteeRef"),
            "meeting": _object({"id": INT, "starts_at": DATETIME, "url": URL}),
            "questioner": {"type": "string", "description": "Exactly as the published record shows them"},
            "question_to": _nullable(STR),
            "question": STR,
            "answer": _nullable(
                _object({"answered_by": _nullable(STR), "html": STR, "text": STR}),
            ),
            "put_at_meeting": _nullable(STR),
            "supplementary": _nullable(
                _object(
                    {"question": _nullable(STR), "answer_html": _nullable(STR), "answered_by": _nullable(STR)}
                )
            ),
            "written_answer": _nullable(
                _object(
                    {
                        "due_on": _nullable(DATE),
                        "sent_on": _nullable(DATE),
                        "html": _nullable(STR),
                        "owed": BOOL,
                    }
                )
            ),
            "document": {"type": "string", "enum": ["supplement", "minutes"]},
            "version": {"type": "integer", "minimum": 1},
            "first_published_at": DATETIME,
            "published_at": DATETIME,
            "links": _object({"self": URL, "html": URL}),
        }
    ),
    "Meta": _object(
        {
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
            "total": {"type": "integer", "minimum": 0},
            "pages": {"type": "integer", "minimum": 1},
        }
    ),
    "Links": _object(
        {"self": URL, "first": URL, "last": URL, "next": _nullable(URL), "prev": _nullable(URL)}
    ),
    "Error": _object({"error": _object({"status": INT, "message": STR})}),
    "Index": _object(
        {
            "name": STR,
            "version": STR,
            "licence": STR,
            "links": _object(
                {
                    "committees": URL,
                    "meetings": URL,
                    "questions": URL,
                    "written_answers_owed": URL,
                    "openapi": URL,
                    "html": URL,
                }
            ),
        }
    ),
}


def _list_of(name: str) -> dict[str, Any]:
    return _object(
        {"data": {"type": "array", "items": _ref(name)}, "meta": _ref("Meta"), "links": _ref("Links")}
    )


def _one(name: str) -> dict[str, Any]:
    return _object({"data": _ref(name)})


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {"ETag": {"schema": STR, "description": "Send it back as If-None-Match to get 304"}},
        "content": {"application/json": {"schema": schema}},
    }


ERRORS = {
    "304": {"description": "Not modified: the If-None-Match ETag still matches"},
    "429": {"description": "Too many requests", "content": {"application/json": {"schema": _ref("Error")}}},
}
BAD = {
    "400": {
        "description": "A parameter is not valid",
        "content": {"application/json": {"schema": _ref("Error")}},
    }
}
MISSING = {"404": {"description": "Not found", "content": {"application/json": {"schema": _ref("Error")}}}}


def _param(name: str, schema: dict[str, Any], description: str, where: str = "query") -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "schema": schema,
        "description": description,
    }


PAGING = [
    _param("page", {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1}, "Page number"),
    _param("per_page", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}, "Items per page"),
]
COMMITTEE = _param("committee", STR, "A committee's slug, such as 'council'")
DATES = [
    _param("from", DATE, "Meetings on or after this date (Europe/London)"),
    _param("to", DATE, "Meetings on or before this date (Europe/London)"),
]


def _get(summary: str, operation_id: str, responses: dict[str, Any], parameters: list | None = None) -> dict:
    return {
        "get": {
            "summary": summary,
            "operationId": operation_id,
            "parameters": parameters or [],
            "responses": {**responses, **ERRORS},
        }
    }


def openapi_document(server: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Questions to the council: open data",
            "version": "1.0.0",
            "description": (
                "Read-only JSON of published questions to the council's committees and the answers given, "
                "with supplementary questions and written answers. Only published data: questioners appear "
                "exactly as the published record shows them. Lists are paginated; every response has an ETag."
            ),
            "license": {"name": "Open Government Licence v3.0", "identifier": "OGL-UK-3.0"},
        },
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "servers": [{"url": server}],
        "paths": {
            "/": _get("Links to everything in the API", "index", {"200": _json(_ref("Index"), "The index")}),
            "/committees": _get(
                "Committees",
                "listCommittees",
                {"200": _json(_list_of("Committee"), "A page of committees"), **BAD},
                PAGING,
            ),
            "/committees/{slug}": _get(
                "One committee",
                "getCommittee",
                {"200": _json(_one("Committee"), "The committee"), **MISSING},
                [_param("slug", STR, "The committee's slug", "path")],
            ),
            "/meetings": _get(
                "Meetings, newest first",
                "listMeetings",
                {"200": _json(_list_of("Meeting"), "A page of meetings"), **BAD},
                [
                    *PAGING,
                    COMMITTEE,
                    *DATES,
                    _param("status", {"type": "string", "enum": [s.value for s in MeetingStatus]}, "Status"),
                ],
            ),
            "/meetings/{meeting_id}": _get(
                "One meeting",
                "getMeeting",
                {"200": _json(_one("Meeting"), "The meeting"), **MISSING},
                [_param("meeting_id", {"type": "integer", "minimum": 0}, "The meeting's id", "path")],
            ),
            "/questions": _get(
                "Published questions with their answers, newest meeting first",
                "listQuestions",
                {"200": _json(_list_of("Question"), "A page of published questions"), **BAD},
                [
                    *PAGING,
                    COMMITTEE,
                    *DATES,
                    _param("meeting", ID, "A meeting's id"),
                    _param(
                        "kind", {"type": "string", "enum": ["public", "member"]}, "Public or member questions"
                    ),
                    _param("q", {"type": "string", "maxLength": 200}, "Words to search for"),
                ],
            ),
            "/questions/{entry_id}": _get(
                "One published question",
                "getQuestion",
                {"200": _json(_one("Question"), "The published question"), **MISSING},
                [_param("entry_id", {"type": "integer", "minimum": 0}, "The question's id", "path")],
            ),
            "/written-answers-owed": _get(
                "Written answers promised at meetings and not yet sent, soonest due first",
                "listWrittenAnswersOwed",
                {"200": _json(_list_of("Question"), "A page of questions owed a written answer"), **BAD},
                [*PAGING, COMMITTEE],
            ),
            "/openapi.json": _get("This document", "openapi", {"200": {"description": "OpenAPI 3.1"}}),
        },
        "components": {"schemas": SCHEMAS},
    }
