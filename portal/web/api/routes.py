"""The open data API, /api/v1/: read-only JSON of published data.

Every list is paginated (page, per_page up to 100) with links to the next and previous
pages; every response has an ETag, and a matching If-None-Match gets 304; anyone may
read it from a browser on any site (CORS, GET only); a rate limit per client keeps it
fair. The OpenAPI 3.1 document at /api/v1/openapi.json describes exactly these
responses, and the tests hold the two together.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from flask_limiter.errors import RateLimitExceeded
from werkzeug.exceptions import HTTPException

from portal.domain.archive import open_data
from portal.domain.entities import MeetingStatus
from portal.domain.states import QuestionKind
from portal.extensions import limiter
from portal.web.access import public
from portal.web.api.openapi import openapi_document
from portal.web.api.serialise import committee_json, meeting_json, question_json
from portal.web.page_cache import cached_page

bp = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_PAGE = 10_000


def _rate_limit() -> str:
    return current_app.config.get("API_RATE_LIMIT", "300 per minute")


limiter.limit(_rate_limit)(bp)


class BadParameter(HTTPException):
    code = 400


def _int(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"'{name}' must be a whole number") from None
    if not low <= value <= high:
        raise BadParameter(f"'{name}' must be between {low} and {high}")
    return value


def _date(name: str) -> dt.date | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(f"'{name}' must be a date like 2025-03-21") from None


def _choice(name: str, choices: tuple[str, ...]) -> str | None:
    raw = request.args.get(name)
    if not raw:
        return None
    if raw not in choices:
        raise BadParameter(f"'{name}' must be one of {', '.join(choices)}")
    return raw


def _paging() -> tuple[int, int]:
    return _int("page", 1, 1, MAX_PAGE), _int("per_page", 20, 1, open_data.MAX_PER_PAGE)


def _links(endpoint: str, page: open_data.Page, **values: Any) -> dict[str, str | None]:
    args = {k: v for k, v in request.args.items() if k not in ("page", "per_page") and v}
    args.update(values)

    def link(n: int) -> str:
        return url_for(endpoint, page=n, per_page=page.per_page, _external=True, **args)

    return {
        "self": link(page.page),
        "first": link(1),
        "last": link(page.pages),
        "next": link(page.page + 1) if page.page < page.pages else None,
        "prev": link(page.page - 1) if page.page > 1 else None,
    }


def _listing(endpoint: str, page: open_data.Page, data: list[dict[str, Any]], **values: Any) -> Response:
    return jsonify(
        data=data,
        meta={"page": page.page, "per_page": page.per_page, "total": page.total, "pages": page.pages},
        links=_links(endpoint, page, **values),
    )


def _not_found(what: str) -> tuple[Response, int]:
    return jsonify(error={"status": 404, "message": f"No {what} with that id"}), 404


@bp.after_request
def conditional_and_open(response: Response) -> Response:
    """ETags and 304s, caching, and read-only CORS for any site."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
    response.headers["Access-Control-Expose-Headers"] = (
        "ETag, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After"
    )
    if request.method in ("GET", "HEAD") and response.status_code == 200:
        response.headers["Cache-Control"] = "public, max-age=300"
        response.add_etag()
        response.make_conditional(request)
    return response


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter) -> tuple[Response, int]:
    return jsonify(error={"status": 400, "message": error.description}), 400


@bp.errorhandler(RateLimitExceeded)
def too_many(error: RateLimitExceeded) -> tuple[Response, int]:
    return jsonify(
        error={"status": 429, "message": "Too many requests: slow down and try again shortly"}
    ), 429


@bp.errorhandler(404)
def api_not_found(error: Exception) -> tuple[Response, int]:
    return jsonify(error={"status": 404, "message": "Not found"}), 404


@bp.route("/")
@public
@cached_page
def index() -> Response:
    return jsonify(
        name=f"{current_app.config['COUNCIL_NAME']}: questions and answers, open data",
        version="1",
        licence="Open Government Licence v3.0",
        links={
            "committees": url_for("api.committees", _external=True),
            "meetings": url_for("api.meetings", _external=True),
            "questions": url_for("api.questions", _external=True),
            "written_answers_owed": url_for("api.written_answers_owed", _external=True),
            "openapi": url_for("api.openapi", _external=True),
            "html": url_for("archive.search", _external=True),
        },
    )


@bp.route("/openapi.json")
@public
def openapi() -> Response:
    return jsonify(openapi_document(url_for("api.index", _external=True).rstrip("/")))


@bp.route("/committees")
@public
@cached_page
def committees() -> Response:
    page = open_data.committees(*_paging())
    return _listing("api.committees", page, [committee_json(c) for c in page.items])


@bp.route("/committees/<slug>")
@public
@cached_page
def committee(slug: str) -> Response | tuple[Response, int]:
    found = open_data.committee(slug)
    if found is None:
        return _not_found("committee")
    return jsonify(data=committee_json(found))


@bp.route("/meetings")
@public
@cached_page
def meetings() -> Response:
    status = _choice("status", tuple(s.value for s in MeetingStatus))
    page = open_data.meetings(
        *_paging(),
        committee_slug=request.args.get("committee") or None,
        date_from=_date("from"),
        date_to=_date("to"),
        status=MeetingStatus(status) if status else None,
    )
    counts = open_data.published_counts([m.id for m in page.items])
    return _listing("api.meetings", page, [meeting_json(m, counts.get(m.id, 0)) for m in page.items])


@bp.route("/meetings/<int:meeting_id>")
@public
@cached_page
def meeting(meeting_id: int) -> Response | tuple[Response, int]:
    found = open_data.meeting(meeting_id)
    if found is None:
        return _not_found("meeting")
    return jsonify(data=meeting_json(found, open_data.published_counts([found.id]).get(found.id, 0)))


@bp.route("/questions")
@public
@cached_page
def questions() -> Response:
    kind = _choice("kind", ("public", "member"))
    page = open_data.questions(
        *_paging(),
        committee_slug=request.args.get("committee") or None,
        meeting_id=_int("meeting", 0, 1, open_data.MAX_ID) or None,
        kind=QuestionKind(kind) if kind else None,
        date_from=_date("from"),
        date_to=_date("to"),
        text=(request.args.get("q") or "")[:200] or None,
    )
    return _listing("api.questions", page, [question_json(e) for e in page.items])


@bp.route("/questions/<int:entry_id>")
@public
@cached_page
def question(entry_id: int) -> Response | tuple[Response, int]:
    found = open_data.question(entry_id)
    if found is None:
        return _not_found("published question")
    return jsonify(data=question_json(found))


@bp.route("/written-answers-owed")
@public
@cached_page
def written_answers_owed() -> Response:
    page = open_data.written_answers_owed(*_paging(), committee_slug=request.args.get("committee") or None)
    return _listing("api.written_answers_owed", page, [question_json(e) for e in page.items])
