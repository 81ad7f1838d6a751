"""A large meeting is published as a job: the clerk is sent at once to a progress page that
refreshes itself, and a job whose runner stops publishes nothing and can be started again."""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.domain.record import documents, jobs
from portal.domain.record.documents import store
from portal.domain.states import QuestionStatus
from portal.extensions import db
from portal.models import JobStatus, Publication, PublicationJob, utcnow
from tests.html import banners, heading, page, text, title
from tests.record_factories import ready_meeting


@pytest.fixture
def large_from_two(app):
    saved = app.config["PUBLISH_IN_BACKGROUND_FROM"]
    app.config["PUBLISH_IN_BACKGROUND_FROM"] = 2
    yield
    app.config["PUBLISH_IN_BACKGROUND_FROM"] = saved


def files_of(folder: Path, meeting_id: int) -> list[str]:
    base = folder / "meetings" / str(meeting_id)
    return sorted(str(p.relative_to(base)) for p in base.rglob("*") if p.is_file()) if base.exists() else []


def publications(meeting_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(Publication.meeting_id == meeting_id))


def ask_to_publish(clerk_client, meeting, **data):
    return clerk_client.post(
        f"/staff/publishing/meetings/{meeting.id}/publish/agenda-supplement",
        data={"confirmed": "yes", "seen_version": "0", **data},
    )


def job_page(clerk_client, meeting, job):
    return clerk_client.get(f"/staff/publishing/meetings/{meeting.id}/jobs/{job.id}")


def test_a_large_meeting_is_published_as_a_job_and_the_clerk_sees_it_go(
    clerk_client, large_from_two, folder, monkeypatch
):
    meeting, questions = ready_meeting(public=2, member=0)
    response = ask_to_publish(clerk_client, meeting)
    assert response.status_code == 303
    job = db.session.scalar(sa.select(PublicationJob).where(PublicationJob.meeting_id == meeting.id))
    assert response.headers["Location"].endswith(f"/staff/publishing/meetings/{meeting.id}/jobs/{job.id}")
    # Nothing published yet: the request only asked.
    assert job.status is JobStatus.QUEUED
    assert publications(meeting.id) == 0
    assert {q.status for q in questions} == {QuestionStatus.ANSWER_APPROVED}

    waiting = job_page(clerk_client, meeting, job)
    assert waiting.status_code == 200
    assert waiting.headers["Cache-Control"] == "no-store"
    assert heading(waiting) == "Publishing the agenda supplement"
    summary = page(waiting).select_one("[data-job-summary]")
    assert summary["aria-live"] == "polite"
    assert summary.get_text(strip=True) == "Publishing 2 questions: waiting to start"
    # Without JavaScript the page reloads itself; with it, the script asks for it again.
    assert page(waiting).select_one("noscript meta[http-equiv=refresh]")["content"] == "3"
    assert page(waiting).select_one("script[src*=publish-progress]") is not None
    assert "Check progress now" in text(waiting)
    # The meeting's publishing page links to it while it runs.
    publishing_page = clerk_client.get(f"/staff/publishing/meetings/{meeting.id}")
    assert (
        page(publishing_page).select_one("[data-publication-job-link] a")["href"].endswith(f"/jobs/{job.id}")
    )

    # A second confirmation while it is under way goes to the same job.
    again = ask_to_publish(clerk_client, meeting)
    assert again.headers["Location"].endswith(f"/jobs/{job.id}")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PublicationJob)) >= 1
    assert db.session.scalar(sa.select(sa.func.count()).where(PublicationJob.meeting_id == meeting.id)) == 1

    rendered = []
    real_start = documents.start_rendering
    monkeypatch.setattr(
        documents, "start_rendering", lambda *a, **k: rendered.append(1) or real_start(*a, **k)
    )
    finished = jobs.run(job.id)
    assert finished.status is JobStatus.PUBLISHED
    assert len(rendered) == 1  # rendered once, before the lock; the publication used those files
    assert finished.publication.version == 1
    assert {q.status for q in questions} == {QuestionStatus.PUBLISHED}
    assert files_of(folder, meeting.id)

    done = job_page(clerk_client, meeting, job)
    assert heading(done) == "Agenda supplement published"
    assert "Agenda supplement published as version 1" in banners(done)[0]
    assert page(done).select_one("noscript meta[http-equiv=refresh]") is None
    assert page(done).select_one("script[src*=publish-progress]") is None
    assert [li.get_text(" ", strip=True) for li in page(done).select(".govuk-task-list__status")] == [
        "Done"
    ] * 7
    assert page(done).select_one(f"a[href='/meetings/{meeting.id}/questions/v1']") is not None
    after = clerk_client.get(f"/staff/publishing/meetings/{meeting.id}")
    assert page(after).select_one("[data-publication-job-link]") is None


def test_the_progress_page_says_what_is_being_made(clerk_client, large_from_two):
    meeting, _ = ready_meeting(public=2, member=0)
    ask_to_publish(clerk_client, meeting)
    job = db.session.scalar(sa.select(PublicationJob).where(PublicationJob.meeting_id == meeting.id))
    job.status, job.stage, job.pdf_pages, job.heartbeat_at = JobStatus.RUNNING, "docx", 12, utcnow()
    db.session.commit()
    running = job_page(clerk_client, meeting, job)
    summary = page(running).select_one("[data-job-summary]").get_text(strip=True)
    assert summary == "Publishing 2 questions: 0 of 5 formats ready, PDF under way (page 12 laid out)"
    steps = [
        " ".join(li.get_text(" ", strip=True).split())
        for li in page(running).select(".govuk-task-list__item")
    ]
    assert steps == [
        "Checking the record Done",
        "PDF In progress",
        "Word document In progress",
        "CSV spreadsheet Not started",
        "JSON data Not started",
        "Web page Not started",
        "Saving and making it public Not started",
    ]

    job.stage, job.formats_done = "html", "pdf,docx,csv,json"
    db.session.commit()
    summary = page(job_page(clerk_client, meeting, job)).select_one("[data-job-summary]").get_text(strip=True)
    assert summary == "Publishing 2 questions: 4 of 5 formats ready, Web page under way"


def test_a_runner_killed_mid_publish_leaves_nothing_public_and_it_can_be_started_again(
    app, clerk_client, large_from_two, folder
):
    meeting, questions = ready_meeting(public=2, member=0)
    ask_to_publish(clerk_client, meeting)
    job = db.session.scalar(sa.select(PublicationJob).where(PublicationJob.meeting_id == meeting.id))
    # Its runner took it, wrote version 1's files and was killed before committing.
    jobs.claim(job.id)
    store.store_for(app.config).write_version(
        meeting.id, 1, {"pdf": b"%PDF half", "html": b"<p>half"}, latest=False
    )
    assert files_of(folder, meeting.id)
    job.heartbeat_at = utcnow() - dt.timedelta(minutes=15)
    db.session.commit()

    told = job_page(clerk_client, meeting, job)
    assert heading(told) == "Agenda supplement not published"
    assert title(told).startswith("Agenda supplement not published")
    assert "Nothing was published" in banners(told)[0]
    assert "the server running it was restarted or stopped" in banners(told)[0]
    assert page(told).select_one("noscript meta[http-equiv=refresh]") is None
    again_link = page(told).find("a", string="Publish the agenda supplement again")
    assert again_link["href"].endswith("/publish/agenda-supplement?seen_version=0")
    assert "Stopped" in text(told)
    assert publications(meeting.id) == 0
    assert {q.status for q in questions} == {QuestionStatus.ANSWER_APPROVED}

    # Publishing again records the old job as failed, takes away the uncommitted files...
    response = ask_to_publish(clerk_client, meeting)
    db.session.refresh(job)
    assert job.status is JobStatus.FAILED
    assert files_of(folder, meeting.id) == []
    second = db.session.scalar(
        sa.select(PublicationJob)
        .where(PublicationJob.meeting_id == meeting.id)
        .order_by(PublicationJob.id.desc())
    )
    assert second.id != job.id
    assert response.headers["Location"].endswith(f"/jobs/{second.id}")
    # ...and the new job publishes version 1, whole.
    assert jobs.run(second.id).status is JobStatus.PUBLISHED
    assert publications(meeting.id) == 1
    assert {q.status for q in questions} == {QuestionStatus.PUBLISHED}
    assert len(files_of(folder, meeting.id)) == 2 * len(documents.FORMATS)  # version 1 and latest


def test_a_job_that_cannot_write_its_files_publishes_nothing_and_says_so(
    clerk_client, large_from_two, folder, monkeypatch
):
    meeting, questions = ready_meeting(public=2, member=0)
    ask_to_publish(clerk_client, meeting)
    job = db.session.scalar(sa.select(PublicationJob).where(PublicationJob.meeting_id == meeting.id))

    def no_space(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "write_atomic", no_space)
    failed = jobs.run(job.id)
    assert failed.status is JobStatus.FAILED
    assert publications(meeting.id) == 0
    assert {q.status for q in questions} == {QuestionStatus.ANSWER_APPROVED}
    told = job_page(clerk_client, meeting, job)
    assert heading(told) == "Agenda supplement not published"
    assert "No space left on device" in banners(told)[0]
    assert files_of(folder, meeting.id) == []


def test_a_job_is_refused_when_another_version_was_published_meanwhile(clerk_client, clerk, large_from_two):
    from portal.domain.record import publishing

    meeting, _ = ready_meeting(public=2, member=0)
    ask_to_publish(clerk_client, meeting)
    job = db.session.scalar(sa.select(PublicationJob).where(PublicationJob.meeting_id == meeting.id))
    publishing.publish_supplement(meeting, by=clerk)
    db.session.commit()
    failed = jobs.run(job.id)
    assert failed.status is JobStatus.FAILED
    assert "while you had this page open" in failed.problem
    assert publications(meeting.id) == 1


def test_a_small_meeting_is_still_published_within_the_request(clerk_client):
    meeting, questions = ready_meeting(public=2, member=0)
    response = ask_to_publish(clerk_client, meeting)
    assert response.headers["Location"].endswith(f"/staff/publishing/meetings/{meeting.id}")
    assert {q.status for q in questions} == {QuestionStatus.PUBLISHED}


def test_other_staff_cannot_see_a_job(officer_client, clerk_client, large_from_two):
    meeting, _ = ready_meeting(public=2, member=0)
    ask_to_publish(clerk_client, meeting)
    job = db.session.scalar(sa.select(PublicationJob).where(PublicationJob.meeting_id == meeting.id))
    assert officer_client.get(f"/staff/publishing/meetings/{meeting.id}/jobs/{job.id}").status_code == 403
    assert (
        clerk_client.get(f"/staff/publishing/meetings/{meeting.id}/jobs/{job.id + 1000}").status_code == 404
    )


def test_a_leaving_worker_waits_for_its_running_jobs_up_to_a_limit(monkeypatch):
    import threading

    quick = threading.Thread(target=lambda: threading.Event().wait(0.2))
    slow_done = threading.Event()
    slow = threading.Thread(target=lambda: slow_done.wait(10))
    monkeypatch.setattr(jobs, "_running", {quick, slow})
    quick.start()
    slow.start()
    try:
        assert jobs.wait_for_running(0.5) is False  # the slow one is still going
        assert not quick.is_alive()
        slow_done.set()
        assert jobs.wait_for_running(5) is True
    finally:
        slow_done.set()


def test_the_worker_command_publishes_the_queued_jobs(app, clerk_client, large_from_two, folder):
    meeting, questions = ready_meeting(public=2, member=0)
    ask_to_publish(clerk_client, meeting)
    result = app.test_cli_runner().invoke(args=["publications", "work"])
    assert result.exit_code == 0, result.output
    assert "Publication jobs run: 1" in result.output
    assert publications(meeting.id) == 1
    assert {q.status for q in questions} == {QuestionStatus.PUBLISHED}
    again = app.test_cli_runner().invoke(args=["publications", "work"])
    assert "Publication jobs run: 0" in again.output
