"""The published record, for everyone: each meeting's questions and answers in every
format, every version exactly as published, and the written answers the council owes.

In production nginx serves the files from the publication directory before a request
reaches Flask; these routes serve the very same files (and put back any that are missing).
"""

from __future__ import annotations

import io

from flask import Blueprint, Response, abort, current_app, make_response, render_template, send_file

from portal.domain.entities import Meeting, Publication, utcnow
from portal.domain.importing import filing
from portal.domain.record import publishing, written_answers
from portal.domain.record.documents import MIME_TYPES, store
from portal.domain.record.documents.html import is_english_only, record_in_english_html
from portal.formatting import current_language
from portal.web.access import public
from portal.web.page_cache import cached_page
from portal.web.public.routes import get_meeting_or_404

bp = Blueprint("records", __name__)

DOWNLOAD = "<any(pdf, docx, csv, json):fmt>"


def _serve(meeting_id: int, version: int | None, fmt: str) -> Response:
    meeting = get_meeting_or_404(meeting_id)
    if fmt == "html" and current_language() != "en":
        page = _page_for_a_welsh_reader(meeting, version)
        if page is not None:
            return page
    accel = str(current_app.config.get("PUBLICATION_ACCEL_PREFIX") or "").rstrip("/")
    if version is None and accel:
        return _accel_latest(meeting, fmt, accel)
    found = publishing.published_file(meeting, version, fmt)
    if found is None:
        abort(404)
    name = publishing.download_name(meeting, found.publication.version, fmt)
    response = send_file(
        found.path if found.path is not None else io.BytesIO(found.data),
        mimetype=MIME_TYPES[fmt].split(";")[0],
        as_attachment=fmt in publishing.ATTACHMENTS,
        download_name=name if fmt != "html" else None,
        conditional=True,
        etag=found.sha256,
        last_modified=found.publication.published_at if found.path is None else None,
        max_age=None,
    )
    if version is None:
        response.headers["Cache-Control"] = "public, max-age=60"
    else:
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def _page_for_a_welsh_reader(meeting: Meeting, version: int | None) -> Response | None:
    """A record published in English only, for a reader who chose Welsh: the page around it
    in Welsh (header, menu, headings, downloads, help), the record itself in English,
    marked so. None when the record has Welsh of its own: its published page serves."""
    published = (
        publishing.latest_publication(meeting)
        if version is None
        else publishing.publication(meeting, version)
    )
    if published is None or not is_english_only(published.model):
        return None
    response = make_response(
        render_template(
            "records/english_only.html",
            meeting=meeting,
            publication=published,
            record_html=record_in_english_html(published.model),
            sizes=publishing.file_sizes(published),
            latest=publishing.latest_publication(meeting),
        )
    )
    # The same address gives the English page to other readers.
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response


def _accel_latest(meeting: Meeting, fmt: str, prefix: str) -> Response:
    """The latest address behind nginx: the committed current version's own file, put
    back first if it is missing, sent by nginx (X-Accel-Redirect). The latest copies on
    disk are never what the reader gets, so a failure after the commit cannot show an old
    version as current, nor one format of the new version beside another of the old."""
    current = publishing.latest_publication(meeting)
    found = publishing.published_file(meeting, current.version, fmt) if current is not None else None
    if found is None:
        abort(404)
    response = Response(b"", mimetype=MIME_TYPES[fmt].split(";")[0])
    response.headers["X-Accel-Redirect"] = (
        f"{prefix}/{store.relative_path(meeting.id, current.version, fmt).as_posix()}"
    )
    if fmt in publishing.ATTACHMENTS:
        name = publishing.download_name(meeting, current.version, fmt)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "public, max-age=60"
    response.set_etag(found.sha256)
    return response


@bp.route("/meetings/<int:meeting_id>/questions")
@public
def latest(meeting_id: int) -> Response | str:
    meeting = get_meeting_or_404(meeting_id)
    if publishing.latest_publication(meeting) is None:
        imported = filing.imported_records(meeting)
        if imported:
            return render_template("records/imported.html", meeting=meeting, records=imported)
    return _serve(meeting_id, None, "html")


@bp.route(f"/meetings/<int:meeting_id>/questions.{DOWNLOAD}")
@public
def latest_download(meeting_id: int, fmt: str) -> Response:
    return _serve(meeting_id, None, fmt)


@bp.route("/meetings/<int:meeting_id>/questions/v<int:version>")
@public
def version(meeting_id: int, version: int) -> Response:
    return _serve(meeting_id, version, "html")


@bp.route(f"/meetings/<int:meeting_id>/questions/v<int:version>.{DOWNLOAD}")
@public
def version_download(meeting_id: int, version: int, fmt: str) -> Response:
    return _serve(meeting_id, version, fmt)


@bp.route("/written-answers-owed")
@public
@cached_page
def owed() -> str:
    now = utcnow()
    return render_template(
        "records/owed.html", register=written_answers.written_answers_register(now), now=now
    )


@bp.app_template_global()
def published_record(meeting: Meeting) -> list:
    """The meeting's published versions, newest first, for the public meeting page."""
    return list(reversed(publishing.publications_of(meeting)))


@bp.app_template_global()
def download_sizes(publication: Publication) -> dict[str, int]:
    """The size in bytes of each of a published version's files, by format."""
    return publishing.file_sizes(publication)
