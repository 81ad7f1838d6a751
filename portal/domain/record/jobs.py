"""Publishing a large meeting's record as a job, so no web request waits for it (decision 0330).

The clerk confirms; a `PublicationJob` is stored and committed; the job then runs where
the configuration says (`PUBLISH_JOB_RUNNER`):

- "thread" (the default, and what `make run` uses): a thread of the process that took the
  clerk's request starts it as soon as the request has committed. The PDF still renders
  in the PDF process, as for any publication.
- "worker": nothing starts it in the web process; `flask publications work --watch` runs
  queued jobs (one at a time, oldest first).

A job first renders every format outside any transaction, writing what it is doing to its
row in short transactions of their own (the clerk's progress page reads them), and then
publishes in one transaction, exactly as a publication from the web page does: the
version, the questions' moves, the index, the alerts, the files and the job's own
"published" are committed together or not at all. A job whose runner stops (its process
killed or restarted) stops writing its heartbeat; the progress page then says that
nothing was published, and the clerk can publish again: that request records the old job
as failed and removes any files its runner wrote for a version that was never committed.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.domain.permissions import NotPermitted, can_publish
from portal.domain.record import documents, publishing
from portal.domain.record.build import record_questions
from portal.domain.record.completeness import check_completeness
from portal.extensions import db, transaction_intent
from portal.models import DocumentKind, JobStatus, Meeting, PublicationJob, User, utcnow

log = logging.getLogger(__name__)

_STARTS = "portal.publication_jobs_to_start"

STOPPED = (
    "Publishing stopped before it finished, because the server running it was restarted or stopped. "
    "Nothing was published: the questions are as they were. Publish again"
)
FAILED = (
    "Publishing could not finish because of a problem on the server. Nothing was published: the "
    "questions are as they were. Try again, and if it fails again tell whoever looks after the service"
)

# What the clerk is told each step is, in the order they happen.
STEP_NAMES = {
    "model": "Checking the record",
    "pdf": "PDF",
    "docx": "Word document",
    "csv": "CSV spreadsheet",
    "json": "JSON data",
    "html": "Web page",
    "saving": "Saving and making it public",
}
STEPS = ("model", "pdf", "docx", "csv", "json", "html", "saving")


def in_background(meeting: Meeting) -> bool:
    """Whether publishing this meeting is done as a job (a large meeting) rather than
    within the clerk's request (a small one, which takes a second or two)."""
    threshold = int(current_app.config.get("PUBLISH_IN_BACKGROUND_FROM", 80))
    return len(record_questions(meeting)) >= threshold


def active_job(meeting: Meeting) -> PublicationJob | None:
    """The meeting's job that is queued or running, if there is one."""
    return db.session.scalar(
        sa.select(PublicationJob)
        .where(
            PublicationJob.meeting_id == meeting.id,
            PublicationJob.status.in_((JobStatus.QUEUED, JobStatus.RUNNING)),
        )
        .order_by(PublicationJob.id.desc())
        .limit(1)
    )


def job_of(meeting: Meeting, job_id: int) -> PublicationJob | None:
    job = db.session.get(PublicationJob, job_id)
    return job if job is not None and job.meeting_id == meeting.id else None


def stalled(job: PublicationJob, now: dt.datetime | None = None) -> bool:
    """A job that is not finished and has not been heard from for a while: its runner has
    gone (a job that is waiting to be started counts from when it was asked for)."""
    if job.finished:
        return False
    limit = dt.timedelta(seconds=int(current_app.config.get("PUBLISH_JOB_STALLED_SECONDS", 60)))
    if job.status is JobStatus.QUEUED and current_app.config.get("PUBLISH_JOB_RUNNER") == "worker":
        limit *= 10  # the worker runs one job at a time: this one may be waiting its turn
    heard = job.heartbeat_at or job.requested_at
    return (now or utcnow()) - heard > limit


def request_publication(
    meeting: Meeting,
    kind: DocumentKind,
    *,
    by: User,
    seen_version: int | None,
    now: dt.datetime | None = None,
) -> PublicationJob:
    """Ask for the meeting's record to be published as a job; it starts once the caller
    commits. A job already under way for the meeting is returned instead of a second one.
    Refuses as publishing itself would: not permitted, something missing, or another
    version published since the clerk's page was drawn."""
    if not can_publish(by, meeting):
        raise NotPermitted("You cannot publish this meeting's record")
    now = now or utcnow()
    # Under the meeting's publishing lock: no publication of it is half-way through.
    publishing.lock_for_publishing(meeting, seen_version)
    running = active_job(meeting)
    if running is not None and not stalled(running, now):
        return running
    if running is not None:
        give_up(running, now=now)
    missing = check_completeness(meeting, kind)
    if missing:
        raise publishing.RecordIncomplete(missing)
    job = PublicationJob(
        meeting=meeting,
        kind=kind,
        seen_version=seen_version,
        requested_by=by,
        requested_at=now,
        status=JobStatus.QUEUED,
        questions_total=len(record_questions(meeting)),
    )
    db.session.add(job)
    db.session.flush()
    if current_app.config.get("PUBLISH_JOB_RUNNER", "thread") == "thread":
        db.session.info.setdefault(_STARTS, []).append(job.id)
    return job


def give_up(job: PublicationJob, *, now: dt.datetime | None = None) -> None:
    """Record a stalled job as failed (the caller holds the meeting's publishing lock), and
    take away any files its runner wrote for the version it never committed."""
    job.status = JobStatus.FAILED
    job.problem = STOPPED
    job.finished_at = now or utcnow()
    version = publishing.next_version(job.meeting)
    publishing.remove_unpublished_files(job.meeting_id, version)
    log.warning("Publication job %s of meeting %s had stopped; recorded as failed", job.id, job.meeting_id)


# Running -------------------------------------------------------------------------------


@dataclass
class _Progress:
    """Writes the job's step to its row, in a short transaction, at most once a second
    (and at every change of step): this is also the job's heartbeat."""

    job_id: int
    total: int
    last_write: float = 0.0
    last: tuple = ()

    def __call__(self, stage: str, done: tuple[str, ...], pages: int) -> None:
        now = time.monotonic()
        state = (stage, done)
        if state == self.last and now - self.last_write < 1.0:
            return
        self.last, self.last_write = state, now
        self.write(
            stage=stage,
            formats_done=",".join(done),
            pdf_pages=pages if "pdf" not in done else 0,
            questions_done=self.total,
        )

    def write(self, **values: object) -> None:
        with transaction_intent(True):
            db.session.execute(
                sa.update(PublicationJob)
                .where(PublicationJob.id == self.job_id)
                .values(heartbeat_at=utcnow(), **values)
            )
            db.session.commit()


def claim(job_id: int) -> bool:
    """Take a queued job for this runner: only one runner ever runs a job."""
    with transaction_intent(True):
        taken = db.session.execute(
            sa.update(PublicationJob)
            .where(PublicationJob.id == job_id, PublicationJob.status == JobStatus.QUEUED)
            .values(status=JobStatus.RUNNING, stage="model", heartbeat_at=utcnow())
        ).rowcount
        db.session.commit()
    return taken == 1


def run(job_id: int) -> PublicationJob | None:
    """Run a queued job to the end: published, or failed with the reason the clerk is told.
    Returns the job, or None if another runner had it already."""
    if not claim(job_id):
        return None
    try:
        with transaction_intent(False):
            job = db.session.get(PublicationJob, job_id)
            progress = _Progress(job_id, job.questions_total)
            meeting, kind = job.meeting, job.kind
            prepared = publishing.prepare(meeting, kind, now=utcnow(), progress=progress)
        progress.write(stage="saving", formats_done=",".join(documents.FORMATS), pdf_pages=0)
        with transaction_intent(True):
            job = db.session.get(PublicationJob, job_id)
            publish = (
                publishing.publish_supplement
                if job.kind is DocumentKind.AGENDA_SUPPLEMENT
                else publishing.publish_appendix
            )
            publishing.lock_for_publishing(job.meeting, job.seen_version)
            db.session.refresh(job)
            if job.status is not JobStatus.RUNNING:
                # Given up on meanwhile (its heartbeat was late): another job may be running.
                db.session.rollback()
                return job
            published = publish(
                job.meeting,
                by=job.requested_by,
                now=prepared.published_at,
                seen_version=job.seen_version,
                prepared=prepared,
            )
            job.status = JobStatus.PUBLISHED
            job.publication = published
            job.stage = None
            job.finished_at = utcnow()
            db.session.commit()
            return job
    except (
        publishing.RecordIncomplete,
        publishing.PublishedMeanwhile,
        publishing.PublicationNotWritten,
        NotPermitted,
    ) as refused:
        db.session.rollback()
        return _fail(job_id, str(refused))
    except Exception:
        db.session.rollback()
        log.exception("Publication job %s failed", job_id)
        return _fail(job_id, FAILED)


def _fail(job_id: int, problem: str) -> PublicationJob:
    with transaction_intent(True):
        job = db.session.get(PublicationJob, job_id)
        job.status = JobStatus.FAILED
        job.problem = problem
        job.finished_at = utcnow()
        db.session.commit()
    return job


def queued_job_ids(limit: int = 10) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(PublicationJob.id)
            .where(PublicationJob.status == JobStatus.QUEUED)
            .order_by(PublicationJob.id)
            .limit(limit)
        )
    )


def run_queued() -> int:
    """Run every queued job, oldest first (the "worker" runner); returns how many ran."""
    ran = 0
    for job_id in queued_job_ids():
        if run(job_id) is not None:
            ran += 1
    return ran


_running: set[threading.Thread] = set()


def wait_for_running(timeout: float) -> bool:
    """Wait up to `timeout` seconds for the jobs this process's threads are running; True if
    none is left (gunicorn's worker_exit calls it, so a recycled worker lets them finish)."""
    deadline = time.monotonic() + timeout
    for thread in list(_running):
        thread.join(max(0.0, deadline - time.monotonic()))
    return not any(thread.is_alive() for thread in _running)


def _run_in_thread(app: Flask, job_id: int) -> None:
    with app.app_context():
        try:
            run(job_id)
        except Exception:
            log.exception("Publication job %s could not be run", job_id)
        finally:
            db.session.remove()
            _running.discard(threading.current_thread())


@event.listens_for(Session, "after_commit")
def _start_committed_jobs(session: Session) -> None:
    started = session.info.pop(_STARTS, [])
    if not started:
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    for job_id in started:
        thread = threading.Thread(
            target=_run_in_thread, args=(app, job_id), name=f"publication-job-{job_id}", daemon=True
        )
        _running.add(thread)
        thread.start()


@event.listens_for(Session, "after_rollback")
def _forget_jobs(session: Session) -> None:
    session.info.pop(_STARTS, None)


# What the clerk sees -----------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str
    state: str  # "done", "running", "waiting" or "stopped"


@dataclass(frozen=True)
class JobProgress:
    """A job as its progress page shows it."""

    job: PublicationJob
    summary: str
    steps: list[Step]
    finished: bool
    stopped: bool  # its runner has gone: nothing was published, it can be started again
    problem: str | None


def progress_of(job: PublicationJob, *, now: dt.datetime | None = None) -> JobProgress:
    stopped = stalled(job, now)
    done = set(filter(None, (job.formats_done or "").split(",")))
    stage = job.stage
    questions = f"{job.questions_total} questions"

    def state(step: str) -> str:
        if job.status is JobStatus.PUBLISHED:
            return "done"
        if job.status is JobStatus.QUEUED:
            return "waiting"
        if step == "model":
            running = stage == "model"
        elif step == "saving":
            running = stage == "saving"
        else:
            if step in done:
                return "done"
            # The PDF renders in its own process while the other formats are made here.
            running = stage == step or (step == "pdf" and stage in ("docx", "csv", "json"))
        if running:
            return "stopped" if (stopped or job.status is JobStatus.FAILED) else "running"
        if step == "model" and stage not in (None, "model"):
            return "done"
        return "waiting"

    steps = [Step(STEP_NAMES[s], state(s)) for s in STEPS]
    if job.status is JobStatus.PUBLISHED:
        version = job.publication.version if job.publication is not None else None
        summary = f"Published {questions} as version {version}"
        problem = None
    elif job.status is JobStatus.FAILED or stopped:
        summary = f"Not published: {questions} are as they were"
        problem = job.problem if job.status is JobStatus.FAILED else STOPPED
    elif job.status is JobStatus.QUEUED:
        summary = f"Publishing {questions}: waiting to start"
        problem = None
    else:
        ready = len(done & set(documents.FORMATS))
        if stage == "model":
            now_doing = "checking the record"
        elif stage == "saving":
            now_doing = "saving and making it public"
        else:
            now_doing = f"{ready} of {len(documents.FORMATS)} formats ready"
            current = next((f for f in STEPS[1:-1] if f not in done), None)
            if current is not None:
                now_doing += f", {STEP_NAMES[current]} under way"
            if current == "pdf" and job.pdf_pages:
                now_doing += f" (page {job.pdf_pages} laid out)"
        summary = f"Publishing {questions}: {now_doing}"
        problem = None
    return JobProgress(
        job=job,
        summary=summary,
        steps=steps,
        finished=job.finished or stopped,
        stopped=stopped and not job.finished,
        problem=problem,
    )
