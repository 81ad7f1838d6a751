"""The search index follows the database: whatever is committed is found, whatever is
withdrawn or corrected is not, by every worker, and an index that cannot be trusted is
built again while the database answers."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.domain.archive import search
from portal.domain.archive.search import SearchQuery, rebuild_search_index
from portal.domain.archive.search import index as search_index
from portal.extensions import db
from tests import factories
from tests.conftest import _TMP, database_url, is_postgres
from tests.search_corpus import Item, file_meeting

ROOT = Path(__file__).resolve().parents[2]


def _found(text: str) -> list[str]:
    return [h.entry.question_text for h in search.search(SearchQuery(text=text)).hits]


def _current() -> str:
    return (search_index.local_index().directory / "CURRENT").read_text()


def test_a_question_dropped_from_a_new_version_leaves_the_search():
    meeting = factories.make_meeting(days_ahead=-3)
    file_meeting(
        [Item("Will the ferry run on Sundays?"), Item("Will the ferry fares rise?")], meeting=meeting
    )
    assert len(_found("ferry")) == 2
    file_meeting([Item("Will the ferry run on Sundays?")], meeting=meeting, version=2)
    assert _found("ferry") == ["Will the ferry run on Sundays?"]
    assert _found("fares") == []


def test_an_entry_filed_by_any_path_is_found_at_once():
    file_meeting([Item("Is the lido opening this summer?")])
    assert _found("lido") == ["Is the lido opening this summer?"]
    # Written straight to the table, as an import of old records might: the log has it.
    entry = db.session.scalars(sa.select(search.ArchiveEntry)).one()
    entry.question_text = "Is the lido opening this autumn?"
    db.session.flush()
    assert _found("autumn") == ["Is the lido opening this autumn?"]
    assert _found("summer") == []
    db.session.delete(entry)
    db.session.flush()
    assert _found("lido") == []


def test_what_was_just_filed_is_found_however_far_apart_the_change_ids_are():
    """PostgreSQL's sequence does not give back the ids of rolled-back transactions, so a
    handful of new changes may sit thousands of ids after the last one an index applied."""
    file_meeting([Item("Will the paddling pool open in May?")])
    assert _found("paddling") == ["Will the paddling pool open in May?"]
    gap = search_index.CATCH_UP_INLINE_UP_TO * 2
    last = int(db.session.scalar(sa.text("SELECT max(id) FROM search_log")))
    if is_postgres():
        db.session.execute(
            sa.text("SELECT setval(pg_get_serial_sequence('search_log', 'id'), :id)"), {"id": last + gap}
        )
    else:  # SQLite numbers on from the largest id: a change to no entry stands in for the gap
        db.session.execute(
            sa.text("INSERT INTO search_log (id, entry_id, nonce) VALUES (:id, 0, 1)"), {"id": last + gap}
        )
    file_meeting([Item("Will the paddling pool be heated?")])
    assert sorted(_found("paddling")) == [
        "Will the paddling pool be heated?",
        "Will the paddling pool open in May?",
    ]


def test_a_bulk_load_that_bypassed_the_log_has_every_index_built_again():
    file_meeting([Item("When is the bonfire night display?")])
    assert _found("bonfire")
    before = _current()
    rebuild_search_index(db.session.connection())
    assert _found("bonfire") == ["When is the bonfire night display?"]
    assert _current() != before


def test_an_index_that_holds_changes_the_database_no_longer_has_is_built_again():
    """A database restored from a backup taken before the index's last change."""
    file_meeting([Item("Will the skate park be lit?")])
    assert _found("skate")
    before = _current()
    last = db.session.scalar(sa.text("SELECT max(id) FROM search_log"))
    db.session.execute(sa.text("UPDATE search_log SET nonce = nonce + 1 WHERE id = :id"), {"id": last})
    assert _found("skate") == ["Will the skate park be lit?"]
    assert _current() != before


def test_workers_on_one_machine_share_the_index_and_take_turns_to_write_it(monkeypatch):
    first = search_index.local_index()
    file_meeting([Item("Are the allotment waiting lists shrinking?")])
    assert _found("allotment")
    # Another worker (its own view of the same folder) sees what the first applied.
    second = search_index.LocalIndex(first.directory)
    file_meeting([Item("Will the allotment rents rise?")])
    searcher = second.searcher(db.session)
    assert searcher.num_docs == 2
    assert first.searcher(db.session).num_docs == 2
    assert second._applied == first._applied
    # While one writes, another does not wait long: it searches what is there.
    file_meeting([Item("Can allotments keep hens?")])
    monkeypatch.setattr(search_index, "LOCK_WAIT_SECONDS", 0.05)
    held, release = threading.Event(), threading.Event()

    def writing() -> None:
        with second._write_lock(1) as locked:
            assert locked
            held.set()
            release.wait(5)

    writer = threading.Thread(target=writing)
    writer.start()
    held.wait(5)
    try:
        assert first.searcher(db.session).num_docs == 2
    finally:
        release.set()
        writer.join()
    assert first.searcher(db.session).num_docs == 3
    # While another worker rebuilds the index, a search does not wait for it at all.
    file_meeting([Item("Can allotments keep bees?")])
    monkeypatch.setattr(search_index, "LOCK_WAIT_SECONDS", 60)
    (first.directory / "index-elsewhere.building").mkdir()
    held.clear()
    release.clear()
    writer = threading.Thread(target=writing)
    writer.start()
    held.wait(5)
    try:
        assert first.searcher(db.session).num_docs == 3  # as it stands, at once
    finally:
        release.set()
        writer.join()
        (first.directory / "index-elsewhere.building").rmdir()
    assert first.searcher(db.session).num_docs == 4


def test_while_a_large_archive_is_indexed_in_the_background_the_database_answers(monkeypatch):
    file_meeting([Item("When will the cycle lane on Kings Avenue open?")])
    search_index.local_index().forget()
    for path in search_index.local_index().directory.glob("*"):
        path.unlink() if path.is_file() else None
    (search_index.local_index().directory / "CURRENT").unlink(missing_ok=True)
    monkeypatch.setattr(search_index, "BUILD_INLINE_UP_TO", 0)
    results = search.search(SearchQuery(text="cycle lane"))
    assert results.drawn_from is not None  # the database answered
    assert [h.entry.question_text for h in results.hits] == ["When will the cycle lane on Kings Avenue open?"]
    search_index.local_index().wait_for_background(60)
    results = search.search(SearchQuery(text="cycle lane"))
    assert results.drawn_from is None  # the index answered
    assert [h.entry.question_text for h in results.hits] == ["When will the cycle lane on Kings Avenue open?"]


# Several processes, one database, one index folder --------------------------------------

WORKER = textwrap.dedent(
    """
    import sys
    import time

    import sqlalchemy as sa
    from portal import create_app
    from portal.domain.archive import search
    from portal.extensions import db
    from tests import factories
    from tests.search_corpus import Item, file_meeting

    url, folder, name = sys.argv[1:4]
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": folder}, env="test")
    with app.app_context():
        committee_id = db.session.scalar(sa.select(search.Committee.id))
        db.session.rollback()
        for n in range(4):
            word = f"{name}x{n}"
            for attempt in range(50):  # SQLite: a writer that read first retries when another wrote
                try:
                    committee = db.session.get(search.Committee, committee_id)
                    file_meeting([Item(f"Question {word} about the harbour wall")], committee=committee)
                    db.session.commit()
                    break
                except sa.exc.OperationalError:
                    db.session.rollback()
                    time.sleep(0.1)
            # Read your own writes, whichever worker brings the index up to date.
            found = search.search(search.SearchQuery(text=word))
            assert [h.entry.question_text for h in found.hits] == [f"Question {word} about the harbour wall"]
            assert found.drawn_from is None
            db.session.rollback()
    print("ok")
    """
)


@pytest.fixture
def committed_database():
    """A database of its own, whose commits other processes see."""
    from portal import create_app

    if is_postgres():
        base = sa.engine.make_url(database_url())
        name = f"{base.database}_index"
        admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = base.set(database=name).render_as_string(hide_password=False)
    else:
        path = _TMP / "index-workers.sqlite3"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url}, env="test")
    with app.app_context():
        db.create_all()
        search.create_search_structures(db.engine)
        db.session.add(factories.make_committee("Harbour Board", slug="harbour"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    yield url
    if is_postgres():
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_worker_processes_publishing_and_searching_at_once_each_find_everything(committed_database, tmp_path):
    folder = tmp_path / "index"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, committed_database, str(folder), f"w{n}"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(3)
    ]
    for worker in workers:
        out, err = worker.communicate(timeout=180)
        assert worker.returncode == 0, err[-3000:]
        assert out.strip() == "ok"
    from portal import create_app

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": committed_database, "SEARCH_INDEX_DIR": str(folder)}, env="test"
    )
    with app.app_context():
        original = db.session
        db.session = db._make_scoped_session({})
        try:
            results = search.search(SearchQuery(text="harbour wall", per_page=50))
            assert results.total == 12
            assert results.drawn_from is None
            assert len(list(folder.glob("index-*.json"))) == 1  # built once, then brought up to date
        finally:
            db.session.remove()
            db.session = original
            db.engine.dispose()


def test_the_index_can_be_rebuilt_and_checked_from_the_command_line(app):
    file_meeting([Item("Will the market hall be restored?")])
    runner = app.test_cli_runner()
    rebuilt = runner.invoke(args=["search", "rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "Indexed 1 published questions" in rebuilt.output
    status = runner.invoke(args=["search", "status"])
    assert status.exit_code == 0, status.output
    assert "1 published questions indexed" in status.output
    assert _found("market hall") == ["Will the market hall be restored?"]


def _log_rows() -> int:
    return db.session.scalar(sa.text("SELECT count(*) FROM search_log"))


def test_housekeeping_deletes_changes_every_index_has_had_a_week_to_apply(monkeypatch):
    from portal.models import utcnow
    from portal.tasks import housekeeping

    clock = {"now": utcnow()}
    monkeypatch.setattr("portal.tasks.utcnow", lambda: clock["now"])
    file_meeting([Item("Will the ferry run on Sundays?"), Item("Will the library open late?")])
    assert _found("ferry")  # this machine's index has applied everything so far
    before = _current()
    logged = _log_rows()
    assert logged >= 2

    housekeeping()  # notes where the log stands; nothing is a week old yet
    assert _log_rows() == logged

    clock["now"] += dt.timedelta(days=3)
    file_meeting([Item("Will the lido reopen?")])
    housekeeping()
    assert _log_rows() == logged + 1  # still less than a week since the first changes

    clock["now"] += dt.timedelta(days=5)
    housekeeping()
    # Only the row the week-old mark names is left of the first changes, and the new one.
    assert _log_rows() == 2
    # Searching goes on with the same index: its last applied row is still in the log.
    assert _found("lido") == ["Will the lido reopen?"]
    assert _found("ferry") == ["Will the ferry run on Sundays?"]
    assert _current() == before

    clock["now"] += dt.timedelta(days=8)
    housekeeping()
    assert _log_rows() >= 1  # the newest row always stays
    assert _found("library") == ["Will the library open late?"]


def test_an_index_that_missed_a_week_of_changes_is_built_again_and_finds_them():
    file_meeting([Item("Will the bus station be repaired?")])
    assert _found("bus")
    applied = search_index.local_index()._applied
    before = _current()
    file_meeting([Item("When does the market move?")])
    # The database forgets changes this index never applied (as housekeeping would after
    # a week without a search on this machine), including the row it applied last.
    db.session.execute(sa.text("DELETE FROM search_log WHERE id <= :last"), {"last": applied.last + 1})
    assert _found("market") == ["When does the market move?"]
    assert _found("bus") == ["Will the bus station be repaired?"]
    assert _current() != before
