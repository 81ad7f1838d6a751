"""Importing the council's history (democratic services): upload old published documents,
check every record beside the text it came from, correct or drop it, and file the lot
into the archive. Nothing is filed unseen: filing takes the revision of the records the
clerk's page showed, and a clerk's confirmation that each was checked."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from portal.domain import entities
from portal.domain.entities import Committee, ImportDocument, ImportRecord, Role
from portal.domain.errors import Invalid, Refused
from portal.domain.importing import filing, staging
from portal.domain.importing.records import LIST_FIELDS, TEXT_FIELDS, UnreadableDocument
from portal.domain.meetings.committees import committees_by_name
from portal.formatting import to_london
from portal.web.access import get_or_404, refusal_goes_back, requires_role, undo_for
from portal.web.importing.forms import ActionForm, FileForm, MeetingDateForm, RecordForm, UploadForm

bp = Blueprint("importing", __name__, url_prefix="/staff/import")

SOURCE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
}


def _committees() -> list[Committee]:
    return committees_by_name()


def _upload_form() -> UploadForm:
    form = UploadForm()
    form.committee.choices = [("", "Choose a committee")] + [(str(c.id), c.name) for c in _committees()]
    return form


def _index(form: UploadForm, status: int = 200, refused: list[str] | None = None) -> tuple[str, int]:
    return (
        render_template(
            "importing/index.html",
            form=form,
            in_review=staging.documents_in_review(),
            recent=staging.recent_documents(),
            refused=refused or [],
        ),
        status,
    )


@bp.route("/", methods=["GET", "POST"])
@requires_role(Role.CLERK)
def index() -> Response | tuple[str, int]:
    form = _upload_form()
    if request.method == "GET":
        return _index(form)
    if not form.validate_on_submit():
        return _index(form, 422)
    files = [f for f in request.files.getlist("files") if f and f.filename]
    committee = entities.find(Committee, int(form.committee.data)) if form.committee.data.isdigit() else None
    if not files:
        form.add_error("files", "Choose one or more documents to import")
    if committee is None:
        form.add_error("committee", "Select the committee the questions were put to")
    if form.errors:
        return _index(form, 422)
    staged: list[staging.Staged] = []
    refused: list[str] = []
    already: list[ImportDocument] = []
    for upload in files:
        data = upload.read()
        try:
            staged.append(
                staging.stage_document(
                    upload.filename, data, committee, by=current_user, meeting_date=form.meeting_date.data
                )
            )
        except UnreadableDocument as error:
            refused.append(error.message)
        except staging.AlreadyImported as error:
            refused.append(str(error))
            already.append(error.document)
    if refused and not staged:
        for message in refused:
            form.add_error("files", message)
        return _index(form, 422)
    for message in refused:
        flash(message, "error")
    if len(staged) == 1:
        flash(_found_message(staged[0]), "success")
        return redirect(url_for("importing.review", document_id=staged[0].document.id))
    flash(f"{len(staged)} documents read: check each one below", "success")
    return redirect(url_for("importing.index"))


def _found_message(staged: staging.Staged) -> str:
    count = len(staged.document.records)
    text = f"{count} record{'s' if count != 1 else ''} found in {staged.document.filename}"
    if staged.unsure:
        text += f"; {staged.unsure} need{'s' if staged.unsure == 1 else ''} a closer look"
    return text


def _document_or_404(document_id: int) -> ImportDocument:
    document = get_or_404(ImportDocument, document_id)
    return document


def _record_or_404(document: ImportDocument, record_id: int) -> ImportRecord:
    return get_or_404(ImportRecord, record_id, document_id=document.id)


def _review(
    document: ImportDocument,
    *,
    file_form: FileForm | None = None,
    date_form: MeetingDateForm | None = None,
    problems: dict[str, str] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    file_form = file_form or FileForm(formdata=None, data={"revision": document.revision})
    file_form.revision.data = document.revision
    date_form = date_form or MeetingDateForm(formdata=None, data={"meeting_date": document.meeting_date})
    form = file_form if file_form.errors else date_form if date_form.errors else None
    return (
        render_template(
            "importing/review.html",
            document=document,
            records=[(row, staging.record_of(row)) for row in document.records],
            file_form=file_form,
            date_form=date_form,
            form=form,
            problems=problems or {},
            meeting=filing.meeting_on(document),
            text_fields=TEXT_FIELDS,
            list_fields=LIST_FIELDS,
            action_form=ActionForm(formdata=None, data={"revision": document.revision}),
        ),
        status,
    )


@bp.route("/documents/<int:document_id>")
@requires_role(Role.CLERK)
def review(document_id: int) -> tuple[str, int]:
    return _review(_document_or_404(document_id))


@bp.route("/documents/<int:document_id>/source")
@requires_role(Role.CLERK)
def source(document_id: int) -> Response:
    document = _document_or_404(document_id)
    response = make_response(document.content)
    response.headers["Content-Type"] = SOURCE_TYPES.get(document.kind, "application/octet-stream")
    name = document.filename.replace('"', "").replace("\r", "").replace("\n", "")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Digest"] = f"sha-256={document.sha256}"
    return response


@bp.route("/documents/<int:document_id>/meeting-date", methods=["POST"])
@requires_role(Role.CLERK)
def meeting_date(document_id: int) -> Response | tuple[str, int]:
    document = _document_or_404(document_id)
    form = MeetingDateForm()
    if not form.validate_on_submit():
        return _review(document, date_form=form, status=422)
    try:
        with refusal_goes_back(url_for("importing.review", document_id=document.id)):
            staging.set_meeting_date(document, form.meeting_date.data, by=current_user)
    except Invalid as error:
        form.add_error("meeting_date", error.message)
        return _review(document, date_form=form, status=422)
    return redirect(url_for("importing.review", document_id=document.id))


def _record_form(record: ImportRecord) -> RecordForm:
    data = staging.record_of(record)
    return RecordForm(
        data={
            **{name: getattr(data, name) for name in TEXT_FIELDS},
            "section": data.section,
            "written_answer_on": data.written_answer_on,
            "actions": "\n\n".join(data.actions),
            "noted_comments": "\n\n---\n\n".join(data.noted_comments),
        }
    )


@bp.route("/documents/<int:document_id>/records/<int:record_id>", methods=["GET", "POST"])
@requires_role(Role.CLERK)
def record(document_id: int, record_id: int) -> Response | tuple[str, int]:
    document = _document_or_404(document_id)
    row = _record_or_404(document, record_id)
    form = RecordForm() if request.method == "POST" else _record_form(row)
    refused = None
    if request.method == "POST" and form.validate_on_submit():
        changes: dict[str, object] = {name: getattr(form, name).data or "" for name in TEXT_FIELDS}
        changes["section"] = form.section.data
        changes["written_answer_on"] = form.written_answer_on.data
        changes["actions"] = [a for a in (form.actions.data or "").split("\n\n") if a.strip()]
        changes["noted_comments"] = [
            c.strip()
            for c in (form.noted_comments.data or "").replace("\r", "").split("\n---\n")
            if c.strip()
        ]
        try:
            staging.correct_record(row, changes, by=current_user)
        except Invalid as error:
            for name, message in error.errors.items():
                form.add_error(name, message)
        except Refused as refusal:
            # What the clerk typed stays on the page, with why it was not saved.
            refused = undo_for(refusal)
        else:
            flash(f"{changes.get('number_label') or 'The record'} saved", "success")
            return redirect(url_for("importing.review", document_id=document.id, _anchor=f"record-{row.id}"))
    status = 409 if refused else (422 if form.errors else 200)
    page = render_template("importing/record.html", document=document, row=row, form=form, refused=refused)
    return page, status


def _revision() -> int | None:
    value = request.form.get("revision", "")
    return int(value) if value.isdigit() else None


@bp.route("/documents/<int:document_id>/records/<int:record_id>/drop", methods=["POST"])
@requires_role(Role.CLERK)
def drop(document_id: int, record_id: int) -> Response:
    document = _document_or_404(document_id)
    row = _record_or_404(document, record_id)
    back = url_for("importing.review", document_id=document.id, _anchor=f"record-{row.id}")
    with refusal_goes_back(back):
        staging.drop_record(row, by=current_user, revision=_revision())
    return redirect(back)


@bp.route("/documents/<int:document_id>/records/<int:record_id>/restore", methods=["POST"])
@requires_role(Role.CLERK)
def restore(document_id: int, record_id: int) -> Response:
    document = _document_or_404(document_id)
    row = _record_or_404(document, record_id)
    back = url_for("importing.review", document_id=document.id, _anchor=f"record-{row.id}")
    with refusal_goes_back(back):
        staging.restore_record(row, by=current_user, revision=_revision())
    return redirect(back)


@bp.route("/documents/<int:document_id>/file", methods=["POST"])
@requires_role(Role.CLERK)
def file(document_id: int) -> Response | tuple[str, int]:
    document = _document_or_404(document_id)
    form = FileForm()
    if not form.validate_on_submit():
        return _review(document, file_form=form, status=422)
    if not form.checked.data:
        form.add_error("checked", "Confirm you have checked every record against the document it came from")
        return _review(document, file_form=form, status=422)
    try:
        with refusal_goes_back(url_for("importing.review", document_id=document.id)):
            entries = filing.file_document(document, by=current_user, revision=_revision())
    except Invalid as error:
        return _review(document, file_form=form, problems=error.errors, status=422)
    day = to_london(document.meeting.starts_at).strftime("%-d %B %Y")
    flash(
        f"{len(entries)} record{'s' if len(entries) != 1 else ''} filed for the meeting of {day}", "success"
    )
    return redirect(url_for("importing.review", document_id=document.id))


@bp.route("/documents/<int:document_id>/discard", methods=["POST"])
@requires_role(Role.CLERK)
def discard(document_id: int) -> Response:
    document = _document_or_404(document_id)
    with refusal_goes_back(url_for("importing.index")):
        staging.discard_document(document, by=current_user)
    flash(f"{document.filename} discarded: nothing from it was filed", "success")
    return redirect(url_for("importing.index"))
