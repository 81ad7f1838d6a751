"""Publishing the record (democratic services): preview, check what is missing, publish
the agenda supplement and the minutes appendix, correct, and record written answers sent."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from portal.domain import entities
from portal.domain.entities import DocumentKind, Meeting, Question, Role, TextPart, utcnow
from portal.domain.errors import Invalid
from portal.domain.meetings import procedure
from portal.domain.meetings.proceedings import MeetingRecordError
from portal.domain.numbers import question_label
from portal.domain.permissions import can_publish, can_record_written_answer, can_translate_record
from portal.domain.record import jobs, publishing, translations
from portal.domain.record.documents import MIME_TYPES
from portal.domain.record.documents.html import render_html
from portal.domain.record.documents.pdf import render_pdf
from portal.domain.record.written_answers import written_answers_register
from portal.extensions import db
from portal.formatting import to_london
from portal.web.access import load_for, meeting_or_404, requires_role
from portal.web.publishing.forms import CorrectionForm, PublishForm, RecordLanguagesForm, WrittenAnswerForm

bp = Blueprint("publishing", __name__, url_prefix="/staff/publishing")

KINDS = {
    "agenda-supplement": DocumentKind.AGENDA_SUPPLEMENT,
    "minutes-appendix": DocumentKind.MINUTES_APPENDIX,
}
KIND = "<any('agenda-supplement', 'minutes-appendix'):kind>"


def _meeting_or_404(meeting_id: int) -> Meeting:
    return meeting_or_404(meeting_id, can_publish)


@bp.route("/")
@requires_role(Role.CLERK)
def meetings() -> str:
    return render_template("publishing/meetings.html", rows=publishing.meetings_overview(utcnow()))


def _render_meeting(
    meeting: Meeting,
    *,
    refused: DocumentKind | None = None,
    missing: list | None = None,
    correction: CorrectionForm | None = None,
    problem: str | None = None,
    problem_title: str = "Nothing was published",
    status: int = 200,
) -> tuple[str, int]:
    now = utcnow()
    overview = publishing.publishing_overview(meeting, now=now)
    questions = overview.questions
    return (
        render_template(
            "publishing/meeting.html",
            meeting=meeting,
            committee=meeting.committee,
            state=overview.state,
            versions=overview.versions,
            supplement_missing=overview.supplement_missing,
            appendix_missing=overview.appendix_missing,
            question_count=overview.question_count,
            promised=overview.promised,
            record_questions=questions,
            translated=translations.translated_question_ids([q.id for q in questions]),
            record_languages=procedure.effective(meeting).record_languages,
            refused=refused,
            refused_missing=missing or [],
            publish_form=PublishForm(),
            correction_form=correction or CorrectionForm(formdata=None),
            form=correction,
            problem=problem,
            problem_title=problem_title,
            today=to_london(now).date(),
            job=jobs.active_job(meeting),
        ),
        status,
    )


@bp.route("/meetings/<int:meeting_id>")
@requires_role(Role.CLERK)
def meeting(meeting_id: int) -> tuple[str, int]:
    return _render_meeting(_meeting_or_404(meeting_id))


@bp.route(f"/meetings/<int:meeting_id>/preview/{KIND}")
@requires_role(Role.CLERK)
def preview(meeting_id: int, kind: str) -> Response:
    meeting = _meeting_or_404(meeting_id)
    model = publishing.preview_model(meeting, KINDS[kind])
    response = make_response(render_html(model))
    response.headers["Content-Type"] = MIME_TYPES["html"]
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route(f"/meetings/<int:meeting_id>/preview/{KIND}.pdf")
@requires_role(Role.CLERK)
def preview_pdf(meeting_id: int, kind: str) -> Response:
    meeting = _meeting_or_404(meeting_id)
    model = publishing.preview_model(meeting, KINDS[kind])
    response = make_response(render_pdf(model))
    response.headers["Content-Type"] = MIME_TYPES["pdf"]
    response.headers["Content-Disposition"] = f'inline; filename="preview-{kind}-{meeting.id}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route(f"/meetings/<int:meeting_id>/publish/{KIND}", methods=["GET", "POST"])
@requires_role(Role.CLERK)
def publish(meeting_id: int, kind: str) -> Response | tuple:
    """Publishing cannot be undone, so it takes two steps: a page showing what will become
    public (how many questions, how each begins, in which formats), then the POST from it.
    A POST without that page's confirmation shows the page."""
    meeting = _meeting_or_404(meeting_id)
    document = KINDS[kind]
    seen = _seen_version()
    form = PublishForm()
    if not (form.validate_on_submit() and form.confirmed.data == "yes"):
        return _confirm_page(meeting, document, kind, seen)
    if jobs.in_background(meeting):
        return _publish_as_job(meeting, document, seen)
    try:
        if document is DocumentKind.AGENDA_SUPPLEMENT:
            published = publishing.publish_supplement(meeting, by=current_user, seen_version=seen)
        else:
            published = publishing.publish_appendix(meeting, by=current_user, seen_version=seen)
    except publishing.RecordIncomplete as refused:
        return _render_meeting(meeting, refused=document, missing=refused.missing, status=422)
    except publishing.PublishedMeanwhile as clash:
        return _published_meanwhile(meeting, clash)
    except publishing.PublicationNotWritten as failure:
        return _not_written(meeting, failure)
    flash(f"{document.label} published as version {published.version}", "success")
    return redirect(url_for("publishing.meeting", meeting_id=meeting.id))


def _publish_as_job(meeting: Meeting, document: DocumentKind, seen: int | None) -> Response | tuple:
    """A large meeting is published as a job: the clerk is sent at once to its progress page
    (decision 0330). The job starts when this request commits."""
    try:
        job = jobs.request_publication(meeting, document, by=current_user, seen_version=seen)
    except publishing.RecordIncomplete as refused:
        return _render_meeting(meeting, refused=document, missing=refused.missing, status=422)
    except publishing.PublishedMeanwhile as clash:
        return _published_meanwhile(meeting, clash)
    return redirect(url_for("publishing.job", meeting_id=meeting.id, job_id=job.id), code=303)


@bp.route("/meetings/<int:meeting_id>/jobs/<int:job_id>")
@requires_role(Role.CLERK)
def job(meeting_id: int, job_id: int) -> Response:
    """How publishing is going. While it runs the page refreshes itself: with JavaScript
    it asks for this page again every two seconds and updates it in place (the summary is
    an aria-live region); without, a meta refresh reloads it."""
    meeting = _meeting_or_404(meeting_id)
    found = jobs.job_of(meeting, job_id)
    if found is None:
        abort(404)
    progress = jobs.progress_of(found)
    kind = next(slug for slug, value in KINDS.items() if value is found.kind)
    response = make_response(
        render_template(
            "publishing/job.html",
            meeting=meeting,
            job=found,
            progress=progress,
            kind=kind,
            seen_version=_latest_version(meeting),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _latest_version(meeting: Meeting) -> int:
    latest = publishing.latest_publication(meeting)
    return latest.version if latest is not None else 0


def _seen_version() -> int | None:
    """The latest version the clerk's page showed (0: none yet): the publishing page passes
    it to the confirmation page, which sends it back with the confirmation."""
    value = request.values.get("seen_version", "")
    return int(value) if value.isdigit() else None


def _published_meanwhile(
    meeting: Meeting, clash: publishing.PublishedMeanwhile, *, correction: CorrectionForm | None = None
) -> tuple[str, int]:
    """Someone else published first: nothing of this clerk's was written (a correction's
    note is kept in the form); the page shows the versions as they are now."""
    db.session.rollback()
    meeting = entities.find(Meeting, meeting.id)
    return _render_meeting(meeting, correction=correction, problem=str(clash), status=409)


def _not_written(
    meeting: Meeting, failure: publishing.PublicationNotWritten, *, correction: CorrectionForm | None = None
) -> tuple[str, int]:
    """The files could not be written: nothing was published; say so, keep the note typed."""
    db.session.rollback()
    meeting = entities.find(Meeting, meeting.id)
    return _render_meeting(meeting, correction=correction, problem=str(failure), status=503)


def _confirm_page(
    meeting: Meeting, document: DocumentKind, kind: str, seen_version: int | None
) -> Response | tuple:
    overview = publishing.publishing_overview(meeting, now=utcnow())
    missing = (
        overview.supplement_missing
        if document is DocumentKind.AGENDA_SUPPLEMENT
        else overview.appendix_missing
    )
    if missing:
        return _render_meeting(meeting, refused=document, missing=missing, status=422)
    model = publishing.preview_model(meeting, document)
    return render_template(
        "publishing/confirm.html",
        meeting=meeting,
        document=document,
        kind=kind,
        sections=model["sections"],
        formats=PUBLISHED_FORMATS,
        form=PublishForm(formdata=None),
        seen_version=seen_version,
    )


# What every published version is offered as, in the order readers see them.
PUBLISHED_FORMATS = (
    "a web page",
    "a PDF for printing (tagged, for screen readers)",
    "a Word document, for the committee papers",
    "a CSV spreadsheet",
    "JSON open data",
)


@bp.route("/meetings/<int:meeting_id>/correct", methods=["POST"])
@requires_role(Role.CLERK)
def correct(meeting_id: int) -> Response | tuple:
    meeting = _meeting_or_404(meeting_id)
    form = CorrectionForm()
    if not form.validate_on_submit():
        return _render_meeting(meeting, correction=form, status=422)
    try:
        published = publishing.publish_correction(
            meeting, by=current_user, change_note=form.change_note.data, seen_version=_seen_version()
        )
    except publishing.PublishedMeanwhile as clash:
        return _published_meanwhile(meeting, clash, correction=form)
    except publishing.PublicationNotWritten as failure:
        return _not_written(meeting, failure, correction=form)
    except publishing.NothingToPublish as error:
        form.add_error("change_note", str(error))
        return _render_meeting(meeting, correction=form, status=422)
    except publishing.RecordIncomplete as refused:
        return _render_meeting(
            meeting, refused=publishing.latest_publication(meeting).kind, missing=refused.missing, status=422
        )
    flash(f"Correction published as version {published.version}", "success")
    return redirect(url_for("publishing.meeting", meeting_id=meeting.id))


@bp.route("/questions/<int:question_id>/written-answer", methods=["GET", "POST"])
@requires_role(Role.CLERK)
def written_answer(question_id: int) -> Response | tuple:
    question = load_for(can_record_written_answer, Question, question_id)
    outcome = question.outcome
    form = WrittenAnswerForm(
        data={"sent_on": outcome.written_answer_sent_on, "body": outcome.written_answer_source or None}
        if outcome.written_answer_sent_on
        else None
    )
    if form.validate_on_submit():
        try:
            published = publishing.record_sent_written_answer(
                question, by=current_user, sent_on=form.sent_on.data, body_source=form.body.data
            )
        except MeetingRecordError as error:
            for name, message in error.errors.items():
                form.add_error(name, message)
        except publishing.PublicationNotWritten as failure:
            # Nothing recorded, nothing published; what was typed is shown again.
            db.session.rollback()
            question = entities.find(Question, question_id)
            flash(str(failure) + ".", "error")
            return render_template(
                "publishing/written_answer.html", question=question, outcome=question.outcome, form=form
            ), 503
        else:
            message = f"Written response to {question_label(question)} recorded"
            if published is not None:
                message += f". Version {published.version} of the record is published with it"
            flash(message, "success")
            return redirect(url_for("publishing.meeting", meeting_id=question.meeting_id))
    status = 422 if form.errors else 200
    return render_template(
        "publishing/written_answer.html", question=question, outcome=outcome, form=form
    ), status


LANGUAGE_NAMES = {"en": "English", "cy": "Welsh"}
FORM_PARTS = {
    "question": TextPart.QUESTION,
    "answer": TextPart.ANSWER,
    "supplementary_question": TextPart.SUPPLEMENTARY_QUESTION,
    "supplementary_answer": TextPart.SUPPLEMENTARY_ANSWER,
}


def _has_supplementary(question: Question) -> bool:
    outcome = question.outcome
    return outcome is not None and bool(outcome.supplementary_html or outcome.supplementary_answer_html)


@bp.route("/questions/<int:question_id>/languages", methods=["GET", "POST"])
@requires_role(Role.CLERK)
def record_languages(question_id: int) -> Response | tuple:
    """The question's record in the other language: each text as the council translated it,
    and the language the council answered in."""
    question = load_for(can_translate_record, Question, question_id)
    saved = {
        name: row.source
        for row in question.translations
        for name, part in FORM_PARTS.items()
        if row.part is part
    }
    form = RecordLanguagesForm(data={"answer_language": question.answer_language or "en", **saved})
    for name, part in FORM_PARTS.items():
        language = LANGUAGE_NAMES[translations.translation_language(question, part)]
        field = getattr(form, name)
        field.label.text = f"{language} text of the {part.label}"
    supplementary = _has_supplementary(question)
    if form.validate_on_submit():
        texts = {
            part: getattr(form, name).data or ""
            for name, part in FORM_PARTS.items()
            if supplementary or not name.startswith("supplementary")
        }
        try:
            translations.set_texts(
                question, by=current_user, answer_language=form.answer_language.data, texts=texts
            )
        except Invalid as error:
            for name, message in error.errors.items():
                form.add_error(name if name in form._fields else "answer_language", message)
        else:
            flash(
                f"Welsh and English texts of {question_label(question)} saved. "
                "They appear in the record from the next version you publish",
                "success",
            )
            return redirect(url_for("publishing.meeting", meeting_id=question.meeting_id) + "#languages")
    answer = getattr(question, "answer", None)
    return render_template(
        "publishing/languages.html",
        question=question,
        form=form,
        supplementary=supplementary,
        original_language=LANGUAGE_NAMES[translations.original_language(question, TextPart.QUESTION)],
        answer_html=(
            question.recorded_response_html
            if question.entered_after_event
            else (answer.body_html if answer else "")
        ),
    ), 422 if form.errors else 200


@bp.route("/written-answers")
@requires_role(Role.CLERK)
def written_answers() -> str:
    now = utcnow()
    return render_template(
        "publishing/written_answers.html",
        register=written_answers_register(now, published_only=False),
        now=now,
    )
