"""Publishing to a publication folder that is full or cannot be written: all or nothing,
as the clerk sees it; and finding and repairing published files that went missing."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.domain.record import publishing
from portal.domain.record.documents import store
from portal.domain.states import QuestionStatus
from portal.extensions import db
from portal.models import Publication
from tests.factories import london
from tests.html import page
from tests.record_factories import ready_meeting


@pytest.fixture
def disk_full(monkeypatch):
    def no_space(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "write_atomic", no_space)


def files_of(folder: Path, meeting_id: int) -> list[str]:
    base = folder / "meetings" / str(meeting_id)
    return sorted(str(p.relative_to(base)) for p in base.rglob("*") if p.is_file()) if base.exists() else []


def test_a_full_disk_refuses_the_publication_and_the_clerk_can_try_again(
    clerk_client, folder, disk_full, monkeypatch
):
    meeting, questions = ready_meeting(public=2, member=0)
    url = f"/staff/publishing/meetings/{meeting.id}/publish/agenda-supplement"
    response = clerk_client.post(url, data={"seen_version": "0", "confirmed": "yes"})

    assert response.status_code == 503
    summary = " ".join(page(response).select_one(".govuk-error-summary").get_text(" ").split())
    assert "No space left on device" in summary
    assert "nothing has been published" in summary
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Publication)) == 0
    assert {q.status for q in questions} == {QuestionStatus.ANSWER_APPROVED}
    assert files_of(folder, meeting.id) == []

    monkeypatch.undo()  # space freed
    form = {"seen_version": "0", "confirmed": "yes"}
    done = clerk_client.post(url, data=form, follow_redirects=True)
    assert "Agenda supplement published as version 1" in done.get_data(as_text=True)
    assert "questions.html" in files_of(folder, meeting.id)
    assert "questions/v1.pdf" in files_of(folder, meeting.id)


def test_a_folder_that_cannot_be_written_refuses_a_correction_and_keeps_the_note(clerk_client, clerk, folder):
    meeting, _ = ready_meeting(public=1, member=0)
    publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))
    db.session.commit()
    # The meeting's version folder replaced by a file: nothing can be written under it.
    versions = folder / "meetings" / str(meeting.id) / "questions"
    for child in versions.iterdir():
        child.unlink()
    versions.rmdir()
    versions.write_text("not a folder")

    response = clerk_client.post(
        f"/staff/publishing/meetings/{meeting.id}/correct",
        data={"seen_version": "1", "change_note": "PQ 1: a date corrected"},
    )
    assert response.status_code == 503
    assert "nothing has been published" in page(response).select_one(".govuk-error-summary").get_text()
    assert "PQ 1: a date corrected" in page(response).select_one("textarea[name=change_note]").get_text()
    assert publishing.latest_publication(meeting).version == 1


def test_version_files_written_for_a_publication_rolled_back_are_removed(clerk, folder):
    meeting, _ = ready_meeting(public=1, member=0)
    db.session.commit()
    publishing.publish_supplement(meeting, by=clerk)
    assert "questions/v1.html" in files_of(folder, meeting.id)  # written before the commit
    assert "questions.html" not in files_of(folder, meeting.id)  # the latest copy waits for it
    db.session.rollback()  # the commit failed, say
    assert files_of(folder, meeting.id) == []


def test_the_check_finds_missing_files_and_the_repair_puts_them_back(app, clerk, folder):
    meeting, _ = ready_meeting(public=1, member=0)
    published = publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))
    db.session.commit()
    base = folder / "meetings" / str(meeting.id)
    (base / "questions" / "v1.pdf").unlink()
    (base / "questions.html").write_bytes(b"truncated")

    runner = app.test_cli_runner()
    checked = runner.invoke(args=["publications", "check"])
    assert checked.exit_code == 1
    assert f"meeting {meeting.id} version 1 pdf" in checked.output
    assert f"meeting {meeting.id} latest html" in checked.output
    assert "2 missing or wrong" in checked.output

    repaired = runner.invoke(args=["publications", "check", "--repair"])
    assert repaired.exit_code == 0, repaired.output
    assert "2 put back" in repaired.output
    assert (base / "questions" / "v1.pdf").read_bytes() == published.file("pdf").content
    assert (base / "questions.html").read_bytes() == published.file("html").content
    again = runner.invoke(args=["publications", "check", "--thorough"])
    assert again.exit_code == 0
    assert "0 missing or wrong" in again.output


CORRECTED = "The answer's figure was corrected."


@pytest.fixture
def latest_copies_fail(monkeypatch):
    """A fault between the commit and the latest copies: the disk fills just then."""

    def no_space(self, meeting_id, files, *, download_names=None):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store.DirectoryStore, "write_latest", no_space)


@pytest.fixture
def behind_nginx(app):
    """The shipped nginx configuration: the latest address is answered by the portal with
    X-Accel-Redirect to the committed version's own file, which nginx then sends."""
    app.config["PUBLICATION_ACCEL_PREFIX"] = "/_published"
    yield
    app.config["PUBLICATION_ACCEL_PREFIX"] = ""


def test_a_failure_after_the_commit_never_leaves_an_old_latest_showing(
    app, client, clerk, folder, latest_copies_fail, behind_nginx
):
    meeting, _ = ready_meeting(public=1, member=0)
    publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))
    db.session.commit()
    base = folder / "meetings" / str(meeting.id)
    assert not (base / "questions.html").exists()  # the fault struck: no latest copy at all
    first = client.get(f"/meetings/{meeting.id}/questions")
    assert first.headers["X-Accel-Redirect"] == f"/_published/meetings/{meeting.id}/questions/v1.html"

    second = publishing.publish_correction(meeting, by=clerk, change_note=CORRECTED)
    db.session.commit()
    assert second.version == 2
    # Every format of the latest address is the committed version 2, at once.
    for suffix, fmt in (("", "html"), (".pdf", "pdf"), (".docx", "docx"), (".csv", "csv"), (".json", "json")):
        response = client.get(f"/meetings/{meeting.id}/questions{suffix}")
        assert response.status_code == 200
        assert response.headers["X-Accel-Redirect"] == (
            f"/_published/meetings/{meeting.id}/questions/v2.{fmt}"
        )
        assert response.headers["Cache-Control"] == "public, max-age=60"
        assert response.data == b""
        assert (base / "questions" / f"v2.{fmt}").read_bytes() == second.file(fmt).content
    download = client.get(f"/meetings/{meeting.id}/questions.docx").headers["Content-Disposition"]
    assert download.startswith("attachment")
    assert download.endswith('-questions-v2.docx"')
    # A named version is never redirected: nginx serves it itself.
    assert "X-Accel-Redirect" not in client.get(f"/meetings/{meeting.id}/questions/v1").headers


def test_without_nginx_the_latest_address_serves_the_committed_version(
    app, client, clerk, folder, latest_copies_fail
):
    meeting, _ = ready_meeting(public=1, member=0)
    publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))
    db.session.commit()
    first = publishing.latest_publication(meeting)
    second = publishing.publish_correction(meeting, by=clerk, change_note=CORRECTED)
    db.session.commit()
    assert client.get(f"/meetings/{meeting.id}/questions").data == second.file("html").content
    assert client.get(f"/meetings/{meeting.id}/questions.csv").data == second.file("csv").content
    assert first.file("html").content != second.file("html").content


def test_the_repair_writes_the_latest_copies_a_failure_after_the_commit_left_out(
    app, clerk, folder, monkeypatch
):
    meeting, _ = ready_meeting(public=1, member=0)
    publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))
    db.session.commit()
    written = store.DirectoryStore.write_latest

    def no_space(self, meeting_id, files, *, download_names=None):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store.DirectoryStore, "write_latest", no_space)
    second = publishing.publish_correction(meeting, by=clerk, change_note=CORRECTED)
    db.session.commit()
    base = folder / "meetings" / str(meeting.id)
    assert (base / "questions.html").read_bytes() != second.file("html").content  # left behind
    monkeypatch.setattr(store.DirectoryStore, "write_latest", written)
    repaired = app.test_cli_runner().invoke(args=["publications", "check", "--repair", "--thorough"])
    assert repaired.exit_code == 0, repaired.output
    assert (base / "questions.html").read_bytes() == second.file("html").content


def test_the_shipped_nginx_sends_the_latest_address_to_the_portal():
    """Only named versions are files nginx serves by itself; the latest address reaches the
    portal, and /_published/ can be reached only through X-Accel-Redirect."""
    for conf in ("deploy/nginx.conf", "deploy/nginx-bucket.conf"):
        text = Path(conf).read_text()
        assert "(?<version>/v[0-9]+)?" not in text, conf  # no optional version: latest is the portal's
        [internal] = re.findall(r"location[^{\n]*_published/[^{]*\{([^}]*)\}", text)
        assert "internal;" in internal, conf
