"""Publishing a meeting's questions and answers: the agenda supplement before the meeting,
the minutes appendix after it, and every correction, as numbered versions.

Each publication freezes the document model (record_document.py) as canonical JSON
with its SHA-256, renders every format from that frozen model, keeps the bytes, and
writes the files to the publication directory once the transaction has committed. One
version sequence per meeting: v1 supplement, v2 appendix, v3 a correction, and so on.
A published version is never changed; a correction is a new version with a change note.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.domain import lifecycle
from portal.domain.errors import Invalid, Refused, Stale
from portal.domain.meetings import procedure
from portal.domain.messages import notify
from portal.domain.numbers import question_label
from portal.domain.permissions import NotPermitted, can_correct, can_publish
from portal.domain.record import alerts, documents, index, languages, written_answers
from portal.domain.record.build import (
    UNDATED_PROMISE,
    build_model,
    file_sizes,
    publications_of,
    record_questions,
)
from portal.domain.record.completeness import Missing, check_completeness
from portal.domain.record.documents import model as schema
from portal.domain.record.documents import store
from portal.domain.record.languages import APPENDIX_NOTE
from portal.domain.states import ANSWERED, NUMBERED, QuestionStatus
from portal.extensions import db
from portal.formatting import format_date, format_time, to_london
from portal.models import (
    DocumentKind,
    Meeting,
    Publication,
    PublicationFile,
    PutOutcome,
    Question,
    User,
    utcnow,
)

log = logging.getLogger(__name__)
S = QuestionStatus

_PENDING_FILES = "portal.pending_publication_files"
_LOCKED = "portal.publishing_meeting_locked"

__all__ = [
    "Missing",
    "NothingToPublish",
    "Prepared",
    "PublishedMeanwhile",
    "RecordIncomplete",
    "build_model",
    "check_completeness",
    "file_sizes",
    "latest_publication",
    "prepare",
    "preview_model",
    "publication",
    "publications_of",
    "publish_appendix",
    "publish_correction",
    "publish_supplement",
    "record_questions",
    "record_sent_written_answer",
]


class RecordIncomplete(Refused):
    """Publishing was refused; `missing` says exactly what to put right."""

    def __init__(self, missing: list[Missing]) -> None:
        super().__init__("; ".join(m.message for m in missing))
        self.missing = missing


class NothingToPublish(Invalid):
    """A correction or an automatic new version needs something to correct."""


class PublicationNotWritten(Refused):
    """The version's files could not be written to (or read back from) the publication
    store, so nothing was published; the caller rolls back and the clerk can try again."""


class PublishedMeanwhile(Stale):
    """Another clerk published this meeting's record (or is publishing it right now)
    while this clerk's page was open. Nothing was published; the caller rolls back."""


@dataclass(frozen=True)
class PublicationState:
    latest: Publication | None
    supplement_published: bool
    appendix_published: bool
    changed_since_latest: bool


# Reading -------------------------------------------------------------------------------


def latest_publication(meeting: Meeting) -> Publication | None:
    return db.session.scalar(
        sa.select(Publication)
        .where(Publication.meeting_id == meeting.id)
        .order_by(Publication.version.desc())
        .limit(1)
    )


def publication(meeting: Meeting, version: int) -> Publication | None:
    return db.session.scalar(
        sa.select(Publication).where(Publication.meeting_id == meeting.id, Publication.version == version)
    )


def next_version(meeting: Meeting) -> int:
    current = db.session.scalar(
        sa.select(sa.func.max(Publication.version)).where(Publication.meeting_id == meeting.id)
    )
    return (current or 0) + 1


def preview_model(meeting: Meeting, kind: DocumentKind, *, now: dt.datetime | None = None) -> dict:
    """The document as it would be published now, marked as a preview. Writes nothing."""
    return build_model(
        meeting,
        kind,
        version=next_version(meeting),
        published_at=now or utcnow(),
        change_note=None,
        preview=True,
    )


def _content(model: dict) -> str:
    """The model without its document details: what a reader would see change."""
    return schema.canonical_json({k: v for k, v in model.items() if k != "document"})


def state_of(meeting: Meeting, *, now: dt.datetime | None = None) -> PublicationState:
    versions = publications_of(meeting)
    latest = versions[-1] if versions else None
    changed = False
    if latest is not None:
        current = build_model(
            meeting, latest.kind, version=latest.version, published_at=now or utcnow(), change_note=None
        )
        changed = _content(current) != _content(latest.model)
    return PublicationState(
        latest=latest,
        supplement_published=any(p.kind is DocumentKind.AGENDA_SUPPLEMENT for p in versions),
        appendix_published=any(p.kind is DocumentKind.MINUTES_APPENDIX for p in versions),
        changed_since_latest=changed,
    )


@dataclass(frozen=True)
class MeetingRow:
    meeting: Meeting
    question_count: int
    latest: Publication | None


def meetings_overview(now: dt.datetime) -> dict[str, list[MeetingRow]]:
    """Meetings for the publishing list: upcoming (soonest first) and the past year (latest first)."""
    counts = dict(
        db.session.execute(
            sa.select(Question.meeting_id, sa.func.count())
            .where(Question.number.is_not(None), Question.status.in_(NUMBERED))
            .group_by(Question.meeting_id)
        ).all()
    )
    newest = (
        sa.select(Publication.meeting_id, sa.func.max(Publication.version).label("version"))
        .group_by(Publication.meeting_id)
        .subquery()
    )
    latest = {
        p.meeting_id: p
        for p in db.session.scalars(
            sa.select(Publication)
            .join(
                newest,
                sa.and_(
                    newest.c.meeting_id == Publication.meeting_id, newest.c.version == Publication.version
                ),
            )
            .order_by(Publication.meeting_id)
        )
    }
    rows = [
        MeetingRow(m, counts.get(m.id, 0), latest.get(m.id))
        for m in db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.starts_at >= now - dt.timedelta(days=400))
            .order_by(Meeting.starts_at, Meeting.id)
        )
    ]
    cutoff = now - dt.timedelta(hours=12)
    return {
        "upcoming": [r for r in rows if r.meeting.starts_at >= cutoff],
        "past": [r for r in reversed(rows) if r.meeting.starts_at < cutoff],
    }


@dataclass(frozen=True)
class MeetingPublishing:
    """Everything the publishing page shows about one meeting."""

    state: PublicationState
    versions: list[Publication]  # newest first
    supplement_missing: list[Missing]
    appendix_missing: list[Missing]
    question_count: int
    promised: list[Question]
    questions: list[Question]  # the record's, in order (`record_questions`)


def publishing_overview(meeting: Meeting, *, now: dt.datetime | None = None) -> MeetingPublishing:
    # The record's questions are read once and checked for both documents: reading them
    # again for each check made the page of a 300-question meeting take seconds.
    questions = record_questions(meeting)
    return MeetingPublishing(
        state=state_of(meeting, now=now),
        versions=list(reversed(publications_of(meeting))),
        supplement_missing=check_completeness(meeting, DocumentKind.AGENDA_SUPPLEMENT, questions=questions),
        appendix_missing=check_completeness(meeting, DocumentKind.MINUTES_APPENDIX, questions=questions),
        question_count=len(questions),
        promised=written_answers_for(meeting, questions=questions),
        questions=questions,
    )


def written_answers_for(meeting: Meeting, *, questions: list[Question] | None = None) -> list[Question]:
    """The meeting's questions with a written answer promised, in number order."""
    return [
        q
        for q in (record_questions(meeting) if questions is None else questions)
        if q.outcome is not None and q.outcome.written_answer_promised
    ]


# Publishing ----------------------------------------------------------------------------


# `seen_version` is the latest version on the clerk's page (0 for none): if another clerk
# published meanwhile, publishing is refused with PublishedMeanwhile rather than putting
# out a second copy. None (the command line, automatic versions) skips that check; the
# version number is taken under the meeting's lock either way.


def publish_supplement(
    meeting: Meeting,
    *,
    by: User | None,
    now: dt.datetime | None = None,
    change_note: str | None = None,
    seen_version: int | None = None,
    prepared: Prepared | None = None,
) -> Publication:
    """Publish the agenda supplement: every accepted question with its approved answer."""
    return _publish(
        meeting,
        DocumentKind.AGENDA_SUPPLEMENT,
        by=by,
        now=now,
        change_note=change_note,
        seen_version=seen_version,
        prepared=prepared,
    )


def publish_appendix(
    meeting: Meeting,
    *,
    by: User | None,
    now: dt.datetime | None = None,
    change_note: str | None = None,
    seen_version: int | None = None,
    prepared: Prepared | None = None,
) -> Publication:
    """Publish the minutes appendix: the supplement plus what happened at the meeting."""
    lock_for_publishing(meeting, seen_version)
    note = change_note or appendix_note(meeting)
    return _publish(
        meeting, DocumentKind.MINUTES_APPENDIX, by=by, now=now, change_note=note, prepared=prepared
    )


def appendix_note(meeting: Meeting) -> str | None:
    """The change note of a minutes appendix that follows an earlier version."""
    return APPENDIX_NOTE if latest_publication(meeting) is not None else None


@dataclass(frozen=True)
class Prepared:
    """A version rendered ahead of publishing it, outside the publishing transaction (a
    publication job renders while no lock is held). `_publish` uses these files only if
    the model it builds under the lock is the very model they were rendered from."""

    version: int
    kind: DocumentKind
    published_at: dt.datetime
    frozen: str
    files: dict[str, bytes]


def prepare(
    meeting: Meeting,
    kind: DocumentKind,
    *,
    now: dt.datetime,
    progress: documents.Progress | None = None,
) -> Prepared:
    """Build the version that publishing now would publish, and render every format of it,
    telling `progress` how it goes. Reads only, and ends its read before the long
    rendering starts, so no lock is held meanwhile. The version is dated `now`, when
    its preparation began."""
    now = now.replace(microsecond=0)
    version = next_version(meeting)
    note = appendix_note(meeting) if kind is DocumentKind.MINUTES_APPENDIX else None
    model = build_model(meeting, kind, version=version, published_at=now, change_note=note)
    frozen = schema.canonical_json(model)
    db.session.rollback()  # nothing was written: the read ends here
    rendering = documents.start_rendering(
        model, processes=current_app.config.get("PDF_RENDER_PROCESSES", 0), count_pages=progress is not None
    )
    files = rendering.result(progress)
    return Prepared(version=version, kind=kind, published_at=now, frozen=frozen, files=files)


def publish_correction(
    meeting: Meeting,
    *,
    by: User | None,
    change_note: str,
    now: dt.datetime | None = None,
    seen_version: int | None = None,
) -> Publication:
    """A new version of the latest document, saying what was corrected and why."""
    if not can_correct(by, meeting):
        raise NotPermitted("You cannot correct this meeting's record")
    note = " ".join((change_note or "").split())
    if not note:
        raise NothingToPublish("Enter what was corrected, so readers can see what changed")
    lock_for_publishing(meeting, seen_version)
    latest = latest_publication(meeting)
    if latest is None:
        raise NothingToPublish("Nothing has been published for this meeting yet")
    return _publish(meeting, latest.kind, by=by, now=now, change_note=note)


def lock_for_publishing(meeting: Meeting, seen_version: int | None = None) -> None:
    """Take the meeting's version sequence for this transaction: PostgreSQL locks the
    meeting's row (a second publisher waits here); SQLite takes its one write lock.
    Then, if the clerk's page showed an older latest version, refuse."""
    if db.session.info.get(_LOCKED) == meeting.id:
        return
    try:
        if db.session.get_bind().dialect.name == "sqlite":
            # Any write takes SQLite's database lock; this one changes nothing.
            db.session.execute(sa.text("UPDATE meeting SET id = id WHERE id = :id"), {"id": meeting.id})
        else:
            lifecycle.lock_meeting(meeting)
    except sa.exc.OperationalError as error:
        if "locked" not in str(error.orig).lower():
            raise
        # SQLite: another publication committed after this transaction first read.
        raise PublishedMeanwhile(
            "Another member of staff published this meeting's record while you had this page open. "
            "Nothing has been published by you. Check the versions below, then publish again "
            "only if something still needs to change"
        ) from None
    db.session.info[_LOCKED] = meeting.id
    if seen_version is None:
        return
    latest = latest_publication(meeting)
    if latest is not None and latest.version != seen_version:
        who = f" by {latest.published_by.name}" if latest.published_by is not None else ""
        raise PublishedMeanwhile(
            f"Version {latest.version} ({latest.kind.label.lower()}) was published{who} "
            f"at {format_time(latest.published_at)} while you had this page open. Nothing has been "
            "published by you. Check it below, then publish again only if something still needs to change"
        )


def _publish(
    meeting: Meeting,
    kind: DocumentKind,
    *,
    by: User | None,
    now: dt.datetime | None,
    change_note: str | None,
    check_permission: bool = True,
    seen_version: int | None = None,
    prepared: Prepared | None = None,
) -> Publication:
    if check_permission and not can_publish(by, meeting):
        raise NotPermitted("You cannot publish this meeting's record")
    lock_for_publishing(meeting, seen_version)
    now = (now or utcnow()).replace(microsecond=0)
    missing = check_completeness(meeting, kind)
    if missing:
        raise RecordIncomplete(missing)
    version = next_version(meeting)
    procedure.fix_for_publication(meeting)
    questions = record_questions(meeting)
    _move_questions(questions, kind, version, by=by, now=now)
    model = build_model(
        meeting, kind, version=version, published_at=now, change_note=change_note, questions=questions
    )
    frozen = schema.canonical_json(model)
    if prepared is not None and (prepared.version, prepared.kind, prepared.frozen) == (version, kind, frozen):
        rendering: documents.Rendering | _Rendered = _Rendered(prepared.files)
    else:
        # Nothing rendered ahead, or the record changed since: render it now. The PDF takes
        # most of the time: it starts first, in its own process, and the database work
        # below is done while it renders.
        rendering = documents.start_rendering(
            model, processes=current_app.config.get("PDF_RENDER_PROCESSES", 0)
        )
    published = Publication(
        meeting=meeting,
        version=version,
        kind=kind,
        schema=schema.SCHEMA_ID,
        model_json=frozen,
        checksum=schema.checksum(model),
        change_note=change_note,
        published_at=now,
        published_by=by,
    )
    db.session.add(published)
    db.session.flush()
    # The archive (search, feeds, API, statistics) and the committee's followers learn
    # of the new version in the same transaction: a rolled-back publication leaves no trace.
    index.index_publication(published)
    alerts.queue_alerts_for_publication(published)
    _notify_questioners(questions, version)
    files = rendering.result()
    for fmt, data in files.items():
        published.files.append(
            PublicationFile(format=fmt, content=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
        )
    db.session.flush()
    names = {fmt: download_name(meeting, version, fmt) for fmt in ATTACHMENTS}
    # The version's own files are written and read back before anything is committed or
    # announced: a full or unwritable store refuses the publication, whole.
    _write_version_before_commit(meeting.id, version, files, names)
    _write_after_commit(meeting.id, version, files, names)
    log.info("Published version %s (%s) of meeting %s", version, kind.value, meeting.id)
    return published


@dataclass(frozen=True)
class _Rendered:
    files: dict[str, bytes]

    def result(self) -> dict[str, bytes]:
        return self.files


def _move_questions(
    questions: list[Question], kind: DocumentKind, version: int, *, by: User | None, now: dt.datetime
) -> None:
    """The lifecycle moves that publishing makes: published, then (with the minutes)
    closed, or waiting for the written answer promised at the meeting."""
    data = {"version": version, "document": kind.value}
    # Each step for the whole meeting at once: its questions locked and read in one query,
    # their events written in one flush (one question at a time, a 300-question meeting
    # took 0.6 s of the clerk's wait).
    approved = [question for question in questions if question.status is S.ANSWER_APPROVED]
    for decision in lifecycle.decide_all(approved, "publish", by=by, now=now):
        decision.record(data=data, flush=False)
    db.session.flush()
    if kind is not DocumentKind.MINUTES_APPENDIX:
        return
    owed, closed = [], []
    for question in questions:
        if question.status is S.PUBLISHED:
            outcome = question.outcome
            if outcome is not None and outcome.put is not PutOutcome.NOT_PUT and outcome.written_answer_owed:
                owed.append(question)
            else:
                closed.append(question)
    for decision in lifecycle.decide_all(owed, "owe_written_answer", by=by, now=now):
        due = decision.question.outcome.written_answer_due_on
        note = f"A written response is due by {format_date(due, weekday=False)}." if due else UNDATED_PROMISE
        decision.record(data=data, public_note=note, flush=False)
    for decision in lifecycle.decide_all(closed, "close", by=by, now=now):
        decision.record(data=data, flush=False)
    db.session.flush()


def _notify_questioners(questions: list[Question], version: int) -> None:
    for question in questions:
        if question.status in ANSWERED:
            notify.tell_questioner(
                "answer_published",
                question,
                dedupe_key=f"answer-published-{question.id}",
                answer_url=notify.published_answer_url(question),
                meeting=question.meeting,
            )


# Written answers sent after the meeting ------------------------------------------------


def record_sent_written_answer(
    question: Question,
    *,
    by: User | None,
    sent_on: dt.date,
    body_source: str,
    now: dt.datetime | None = None,
) -> Publication | None:
    """Record the written answer promised at the meeting and, if the minutes appendix is
    already published, publish a new version with it and a change note saying so."""
    now = (now or utcnow()).replace(microsecond=0)
    written_answers.record_written_answer_sent(
        question, by=by, sent_on=sent_on, body_source=body_source, now=now
    )
    meeting = question.meeting
    latest = latest_publication(meeting)
    new_version = None
    if latest is not None and latest.kind is DocumentKind.MINUTES_APPENDIX:
        note = languages.written_response_note(sent_on, question_label(question))
        new_version = _publish(
            meeting, DocumentKind.MINUTES_APPENDIX, by=by, now=now, change_note=note, check_permission=False
        )
    notify.queue_for_questioner(
        "written_answer_sent",
        question,
        dedupe_key=f"written-answer-sent-{question.id}-{sent_on.isoformat()}",
        answer_url=notify.published_answer_url(question),
        sent_on=sent_on,
        published=new_version is not None,
    )
    return new_version


# Files in the publication store -----------------------------------------------------------

# Formats a browser saves rather than shows.
ATTACHMENTS = frozenset({"docx", "csv"})


def download_name(meeting: Meeting, version: int, fmt: str) -> str:
    """What a browser saves a download as: committee, day, version."""
    day = to_london(meeting.starts_at).strftime("%Y-%m-%d")
    return f"{meeting.committee.slug}-{day}-questions-v{version}.{fmt}"


def publication_store() -> store.PublicationStore:
    """The folder or bucket the configuration names (store.store_for)."""
    return store.store_for(current_app.config)


_WRITTEN_VERSIONS = "portal.publication_versions_written"


def _write_version_before_commit(
    meeting_id: int, version: int, files: dict[str, bytes], download_names: dict[str, str]
) -> None:
    target = publication_store()
    try:
        target.write_version(meeting_id, version, files, latest=False, download_names=download_names)
        unreadable = [
            fmt
            for fmt, data in files.items()
            if not target.has(
                meeting_id, version, fmt, len(data), hashlib.sha256(data).hexdigest(), thorough=True
            )
        ]
        if unreadable:
            raise OSError(f"{', '.join(unreadable)} could not be read back as written")
    except OSError as error:
        log.exception(
            "Could not write version %s of meeting %s to %s", version, meeting_id, target.describe()
        )
        _remove_quietly(target, meeting_id, version, list(files))
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise PublicationNotWritten(
            f"The record could not be saved to the publication store ({reason}), so nothing has been "
            "published and the questions are as they were. Ask whoever looks after the server to free "
            "space or fix the folder's permissions, then publish again"
        ) from None
    db.session.info.setdefault(_WRITTEN_VERSIONS, []).append((target, meeting_id, version, list(files)))


def remove_unpublished_files(meeting_id: int, version: int) -> None:
    """Take away any files of a version that was never committed (its publisher stopped
    between writing them and committing); the caller holds the meeting's lock."""
    _remove_quietly(publication_store(), meeting_id, version, list(documents.FORMATS))


def _remove_quietly(
    target: store.PublicationStore, meeting_id: int, version: int, formats: list[str]
) -> None:
    try:
        target.remove_version(meeting_id, version, formats)
    except OSError:
        log.exception(
            "Could not remove the files of unpublished version %s of meeting %s", version, meeting_id
        )


def _write_after_commit(
    meeting_id: int, version: int, files: dict[str, bytes], download_names: dict[str, str]
) -> None:
    """The latest copies are written only once the publication is committed, so the
    "latest" URL never shows a version that does not exist."""
    target = publication_store()
    db.session.info.setdefault(_PENDING_FILES, []).append(
        (target, meeting_id, version, files, download_names)
    )


@event.listens_for(Session, "after_commit")
def _write_pending_files(session: Session) -> None:
    session.info.pop(_LOCKED, None)
    session.info.pop(_WRITTEN_VERSIONS, None)  # published now: they stay
    pending = session.info.pop(_PENDING_FILES, [])
    latest: dict[tuple[int, int], int] = {}
    for target, meeting_id, version, _, _ in pending:
        latest[(id(target), meeting_id)] = max(version, latest.get((id(target), meeting_id), 0))
    for target, meeting_id, version, files, names in pending:
        if version != latest[(id(target), meeting_id)]:
            continue
        try:
            target.write_latest(meeting_id, files, download_names=names)
        except OSError:
            # The version itself is written; the public routes, `flask publications check
            # --repair` and the start-up check put the latest copies right.
            log.exception(
                "Could not update the latest copies of meeting %s to version %s in %s",
                meeting_id,
                version,
                target.describe(),
            )


@event.listens_for(Session, "after_rollback")
def _forget_pending_files(session: Session) -> None:
    session.info.pop(_PENDING_FILES, None)
    session.info.pop(_LOCKED, None)
    # Version files written for a publication that was then rolled back must not be served.
    for target, meeting_id, version, formats in session.info.pop(_WRITTEN_VERSIONS, []):
        _remove_quietly(target, meeting_id, version, formats)


@dataclass
class FilesReport:
    checked: int = 0
    wrong: list[str] | None = None
    repaired: int = 0
    unrepaired: int = 0

    def __str__(self) -> str:
        wrong = len(self.wrong or [])
        return (
            f"{self.checked} published files checked, {wrong} missing or wrong, "
            f"{self.repaired} put back, {self.unrepaired} could not be put back"
        )


def check_published_files(*, repair: bool, thorough: bool = False) -> FilesReport:
    """Every published file (each version, and each meeting's latest copies) compared with
    the bytes kept in the database: by size, or by hash when `thorough`. With `repair`,
    anything missing or wrong is written again from the database (decision 0041)."""
    target = publication_store()
    newest = (
        sa.select(Publication.meeting_id, sa.func.max(Publication.version).label("version"))
        .group_by(Publication.meeting_id)
        .subquery()
    )
    latest = {row.meeting_id: row.version for row in db.session.execute(sa.select(newest))}
    rows = db.session.execute(
        sa.select(
            PublicationFile.id,
            PublicationFile.format,
            PublicationFile.size,
            PublicationFile.sha256,
            Publication.meeting_id,
            Publication.version,
        )
        .join(Publication, Publication.id == PublicationFile.publication_id)
        .order_by(Publication.meeting_id, Publication.version, PublicationFile.format)
    ).all()
    report = FilesReport(wrong=[])
    for row in rows:
        places = [row.version] + ([None] if latest.get(row.meeting_id) == row.version else [])
        for version in places:
            report.checked += 1
            try:
                right = target.has(
                    row.meeting_id, version, row.format, row.size, row.sha256, thorough=thorough
                )
            except OSError:
                right = False
            if right:
                continue
            which = f"version {version}" if version else "latest"
            label = f"meeting {row.meeting_id} {which} {row.format}"
            report.wrong.append(label)
            if not repair:
                continue
            content = db.session.scalar(
                sa.select(PublicationFile.content).where(PublicationFile.id == row.id)
            )
            try:
                if version is None:
                    target.write_latest(row.meeting_id, {row.format: content})
                else:
                    target.write_version(row.meeting_id, version, {row.format: content}, latest=False)
                report.repaired += 1
            except OSError:
                log.exception("Could not put back %s", label)
                report.unrepaired += 1
    if report.wrong:
        log.warning("Published files: %s", report)
    return report


@dataclass(frozen=True)
class PublishedFile:
    """A published file to serve: from `path` on disk when the store is a folder,
    otherwise its `data` (the published bytes)."""

    path: str | None
    data: bytes | None
    sha256: str
    publication: Publication


def published_file(meeting: Meeting, version: int | None, fmt: str) -> PublishedFile | None:
    """A published file (the latest version when `version` is None), put back in the
    store from the database if it went missing. None if there is no such version or format."""
    published = latest_publication(meeting) if version is None else publication(meeting, version)
    stored = published.file(fmt) if published is not None else None
    if stored is None:
        return None
    name = download_name(meeting, published.version, fmt) if fmt in ATTACHMENTS else None
    served = publication_store().ensure(
        meeting.id, version, fmt, stored.content, stored.sha256, download_name=name
    )
    path = str(served.path) if served.path is not None else None
    return PublishedFile(path, served.data, stored.sha256, published)
