"""The search index: tantivy, embedded, one copy on each machine, the database its source.

Every match of a search is ranked (BM25 over all the entry's words, the question's
words counting again), counted and paged by tantivy, which skips over postings that
cannot reach the top of the ranking; neither SQLite's FTS5 nor PostgreSQL's tsvector
can rank a word that a million answers contain in the time a page has (decision 0150).

The database stays the source of truth. Triggers append the id of every archive entry
inserted, changed or deleted to `search_log` (sqlite.py and postgres.py beside this
module), whatever wrote it: publishing, a correction, a withdrawal, an import. The
index on each machine remembers the last log row it applied, and before every search
it compares that with the log's newest row and applies what it lacks (the
entries as they are now, read from `archive_entry`), so a search never misses what
was committed before it. An index that cannot be trusted — missing, from another
database (`search_state.token`), or whose last applied row the log no longer holds
as it was (a restored backup) — is built again from `archive_entry`; meanwhile the
database's own search answers.

On disk, under SEARCH_INDEX_DIR (local to each machine, never shared):
`CURRENT` names the index in use, `<name>/` is tantivy's, `<name>.json` records what
it holds (the database's token, the last log row applied). Writers (catching up,
building) take `write.lock` with flock, so the workers of one machine take turns;
readers need no lock and see a new commit once they reload.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import errno
import fcntl
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import tantivy
from flask import current_app

from portal.domain.archive.search.text import ANALYZER, analyzer
from portal.domain.states import QuestionKind
from portal.extensions import db, transaction_intent
from portal.models import ArchiveEntry

log = logging.getLogger(__name__)

# Bump when the schema or the analyzer changes: every machine then builds its index again.
SCHEMA_VERSION = 2
# A database with more entries than this is indexed in the background (search falls back
# to the database meanwhile); a smaller one is indexed within the request that needs it.
BUILD_INLINE_UP_TO = 20_000
# Changes applied within a request; more (a bulk import) are applied in the background.
CATCH_UP_INLINE_UP_TO = 5_000
# How long a search waits for another worker that is bringing the index up to date
# (milliseconds, usually), so that it finds what was just committed. While a worker
# rebuilds the index (minutes) a search does not wait: it uses the index as it stands.
LOCK_WAIT_SECONDS = 5.0
BUILD_HEAP = 100_000_000
CATCH_UP_HEAP = 20_000_000
_NUMBER_BITS, _MEETING_BITS = 12, 24

_COLUMNS = (
    ArchiveEntry.id,
    ArchiveEntry.question_text,
    ArchiveEntry.answer_text,
    ArchiveEntry.extra_text,
    ArchiveEntry.questioner,
    ArchiveEntry.committee_id,
    ArchiveEntry.meeting_id,
    ArchiveEntry.post_id,
    ArchiveEntry.kind,
    ArchiveEntry.number,
    ArchiveEntry.written_answer_owed,
    ArchiveEntry.meeting_starts_at,
)


class Unavailable(RuntimeError):
    """The index cannot answer now (being built, or broken): use the database's search."""


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", indexed=True, fast=True)
    # Every word of the entry (question, answer, supplementary and written answers, the
    # questioner), and the question's words again: a word in the question counts twice.
    for name in ("words", "question"):
        builder.add_text_field(name, tokenizer_name=ANALYZER, index_option="position")
    for name in ("committee", "meeting", "post", "kind", "owed"):
        builder.add_unsigned_field(name, indexed=True)
    builder.add_integer_field("starts", indexed=True, fast=True)
    builder.add_unsigned_field("newest", fast=True)
    builder.add_unsigned_field("oldest", fast=True)
    return builder.build()


SCHEMA = schema()


def kind_number(kind: QuestionKind | str) -> int:
    return 1 if QuestionKind(kind) is QuestionKind.PUBLIC else 2


def epoch_seconds(moment: dt.datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp())


def sort_keys(starts: dt.datetime, meeting_id: int, kind: QuestionKind | str, number: int) -> tuple[int, int]:
    """(newest, oldest): one number each, for the orders the search page offers.

    Newest first is meetings latest first, and within a meeting public questions before
    member questions, by number (as the record prints them); oldest first is the
    meetings the other way round, the questions within each still in the record's order.
    Both sort as (minute, meeting, kind, number) packed into 64 bits."""
    minute = max(0, epoch_seconds(starts) // 60)
    meeting = min(meeting_id, (1 << _MEETING_BITS) - 1)
    number = min(max(number, 0), (1 << _NUMBER_BITS) - 1)
    public = QuestionKind(kind) is QuestionKind.PUBLIC
    head = (minute << (_MEETING_BITS + 1 + _NUMBER_BITS)) | (meeting << (1 + _NUMBER_BITS))
    newest = head | (int(public) << _NUMBER_BITS) | ((1 << _NUMBER_BITS) - 1 - number)
    oldest = head | (int(not public) << _NUMBER_BITS) | number
    return newest, oldest


def document(row: Any) -> tantivy.Document:
    newest, oldest = sort_keys(row.meeting_starts_at, row.meeting_id, row.kind, row.number)
    doc = tantivy.Document()
    doc.add_unsigned("id", row.id)
    for text in (row.question_text, row.answer_text, row.extra_text, row.questioner):
        if text:
            doc.add_text("words", text)
    doc.add_text("question", row.question_text or "")
    doc.add_unsigned("committee", row.committee_id)
    doc.add_unsigned("meeting", row.meeting_id)
    doc.add_unsigned("post", row.post_id or 0)
    doc.add_unsigned("kind", kind_number(row.kind))
    doc.add_unsigned("owed", int(bool(row.written_answer_owed)))
    doc.add_integer("starts", epoch_seconds(row.meeting_starts_at))
    doc.add_unsigned("newest", newest)
    doc.add_unsigned("oldest", oldest)
    return doc


# What the index holds, and how it stands against the database --------------------------


@dataclass(frozen=True)
class Applied:
    """What an index on disk holds: the database it was built from and the last
    change-log row applied to it (0: none), with that row's nonce."""

    token: str
    last: int
    nonce: int | None
    version: int = SCHEMA_VERSION


@dataclass(frozen=True)
class Head:
    """The database as a search finds it: its token, its newest change-log row, and the
    nonce of the row an index says it applied last (None if there is no such row)."""

    token: str | None
    newest: int
    nonce_of_applied: int | None

    def trusts(self, applied: Applied) -> bool:
        """Whether an index holding `applied` is this database's, and its past intact."""
        if applied.version != SCHEMA_VERSION or applied.token != self.token or applied.last > self.newest:
            return False
        return applied.last == 0 or applied.nonce == self.nonce_of_applied


def head(connection: Any, applied: Applied | None) -> Head:
    last = applied.last if applied else 0
    row = connection.execute(
        sa.text(
            "SELECT (SELECT token FROM search_state LIMIT 1),"
            " (SELECT max(id) FROM search_log),"
            " (SELECT nonce FROM search_log WHERE id = :last)"
        ),
        {"last": last},
    ).one()
    return Head(row[0], int(row[1] or 0), None if row[2] is None else int(row[2]))


def _newest_change(connection: Any) -> tuple[int, int | None]:
    row = connection.execute(sa.text("SELECT id, nonce FROM search_log ORDER BY id DESC LIMIT 1")).first()
    return (int(row[0]), int(row[1])) if row else (0, None)


# Keeping the change log short ------------------------------------------------------------

# How long a change stays in the log. Every index catches up before each search, so an index
# on a machine that served a search in this time has applied it; one that has not (a machine
# switched off for longer) finds its last row gone, and is built again from archive_entry.
CHANGE_LOG_KEEP = dt.timedelta(days=7)
# Housekeeping notes the log's newest row at most this often: the marks say when a row
# was already in the log.
_MARK_EVERY = dt.timedelta(hours=1)


def prune_change_log(now: dt.datetime, keep: dt.timedelta = CHANGE_LOG_KEEP) -> int:
    """Delete the change-log rows that have been in the log for at least `keep`; returns
    how many. The log's newest row, and the row each mark names, are never deleted, so an
    index that stopped at one of them still trusts its past. Runs in the caller's
    transaction (housekeeping commits)."""
    connection = db.session.connection()
    at = epoch_seconds(now)
    newest = connection.execute(sa.text("SELECT max(id) FROM search_log")).scalar()
    last_mark = connection.execute(
        sa.text("SELECT last_id, marked_at FROM search_log_mark ORDER BY id DESC LIMIT 1")
    ).first()
    moved_on = last_mark is None or (
        newest is not None
        and int(newest) > int(last_mark.last_id)
        and at - int(last_mark.marked_at) >= _MARK_EVERY.total_seconds()
    )
    if newest is not None and moved_on:
        connection.execute(
            sa.text("INSERT INTO search_log_mark (last_id, marked_at) VALUES (:last, :at)"),
            {"last": int(newest), "at": at},
        )
    horizon = connection.execute(
        sa.text("SELECT max(last_id) FROM search_log_mark WHERE marked_at <= :cutoff"),
        {"cutoff": at - int(keep.total_seconds())},
    ).scalar()
    if horizon is None:
        return 0
    deleted = connection.execute(sa.text("DELETE FROM search_log WHERE id < :horizon"), {"horizon": horizon})
    connection.execute(sa.text("DELETE FROM search_log_mark WHERE last_id < :horizon"), {"horizon": horizon})
    return int(deleted.rowcount or 0)


# The index on this machine, as this process sees it ------------------------------------


class LocalIndex:
    """The index in `directory`, opened in this process. Thread-safe."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.RLock()
        self._index: tantivy.Index | None = None
        self._name: str | None = None
        self._applied: Applied | None = None
        self._seen: tuple[Any, ...] | None = None  # (CURRENT, its state file) as last read
        self._background: threading.Thread | None = None

    # Reading what is on disk

    def _current_name(self) -> str | None:
        try:
            return (self.directory / "CURRENT").read_text().strip() or None
        except FileNotFoundError:
            return None

    def _read_applied(self, name: str) -> Applied | None:
        try:
            data = json.loads((self.directory / f"{name}.json").read_text())
            return Applied(data["token"], int(data["last"]), data["nonce"], int(data["version"]))
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            return None

    def _signature(self) -> tuple[Any, ...]:
        name = self._current_name()
        if name is None:
            return (None,)
        try:
            stat = (self.directory / f"{name}.json").stat()
        except FileNotFoundError:
            return (name, None)
        return (name, stat.st_mtime_ns, stat.st_size, stat.st_ino)

    def _refresh(self) -> None:
        """Follow what other processes did: a new index, or new commits to this one."""
        signature = self._signature()
        if signature == self._seen and self._index is not None:
            return
        name = self._current_name()
        applied = self._read_applied(name) if name else None
        if name is None or applied is None:
            self._index, self._name, self._applied = None, None, None
        elif name != self._name or self._index is None:
            self._index = self._open(self.directory / name)
            self._name, self._applied = name, applied
        else:
            self._index.reload()
            self._applied = applied
        self._seen = signature

    @staticmethod
    def _open(path: Path) -> tantivy.Index:
        index = tantivy.Index.open(str(path))
        index.register_tokenizer(ANALYZER, analyzer())
        index.config_reader(reload_policy="Manual")
        return index

    # Writing, one process at a time

    @contextlib.contextmanager
    def _write_lock(self, wait: float) -> Iterator[bool]:
        """flock on write.lock; yields whether it was taken within `wait` seconds."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / "write.lock", "a+") as handle:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as error:
                    if error.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() >= deadline:
                        yield False
                        return
                    time.sleep(0.01)
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _write_applied(self, name: str, applied: Applied) -> None:
        path = self.directory / f"{name}.json"
        temporary = path.with_suffix(".json.tmp")
        temporary.write_text(
            json.dumps(
                {
                    "token": applied.token,
                    "last": applied.last,
                    "nonce": applied.nonce,
                    "version": applied.version,
                }
            )
        )
        os.replace(temporary, path)

    def build(self, connection: Any, *, log_progress: Any = None) -> int:
        """Index every entry afresh into a new index, then make it the current one.
        Call with the write lock held. Returns the number of entries indexed."""
        # The log's newest row first, then the entries: a change committed after that row
        # is in the entries read and is applied again later, which does no harm.
        token = head(connection, None).token
        if token is None:
            raise Unavailable("the search structures have not been created")
        last, nonce = _newest_change(connection)
        for stale in self.directory.glob("*.building"):
            shutil.rmtree(stale, ignore_errors=True)
        name = f"index-{time.time_ns():x}-{os.getpid()}"
        building = self.directory / f"{name}.building"
        building.mkdir(parents=True)
        index = tantivy.Index(SCHEMA, path=str(building), reuse=False)
        index.register_tokenizer(ANALYZER, analyzer())
        writer = index.writer(heap_size=BUILD_HEAP, num_threads=1)
        count = 0
        rows = connection.execute(
            sa.select(*_COLUMNS).order_by(ArchiveEntry.id).execution_options(yield_per=2000)
        )
        for row in rows:
            writer.add_document(document(row))
            count += 1
            if log_progress and count % 100_000 == 0:
                log_progress(count)
        writer.commit()
        writer.wait_merging_threads()
        del writer, index
        os.replace(building, self.directory / name)
        self._write_applied(name, Applied(token, last, nonce))
        previous = self._current_name()
        current = self.directory / "CURRENT.tmp"
        current.write_text(name)
        os.replace(current, self.directory / "CURRENT")
        # Keep the index just replaced a while: another process may still be reading it.
        for path in self.directory.iterdir():
            stem = path.name.removesuffix(".json")
            if stem.startswith("index-") and stem not in (name, previous):
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
        return count

    def catch_up(self, connection: Any, applied: Applied, target: int) -> Applied:
        """Apply the log's rows after `applied.last` up to `target`. Call with the write
        lock held, on the current index."""
        if self._index is None or self._name is None:
            raise Unavailable("no index to bring up to date")
        changes = connection.execute(
            sa.text(
                "SELECT id, entry_id, nonce FROM search_log WHERE id > :last AND id <= :target ORDER BY id"
            ),
            {"last": applied.last, "target": target},
        ).all()
        if not changes:
            return applied
        ids = sorted({int(c.entry_id) for c in changes})
        rows = []
        for start in range(0, len(ids), 1000):
            rows.extend(
                connection.execute(sa.select(*_COLUMNS).where(ArchiveEntry.id.in_(ids[start : start + 1000])))
            )
        writer = self._index.writer(heap_size=CATCH_UP_HEAP, num_threads=1)
        try:
            for entry_id in ids:
                # By query: a term of an unsigned field given as a Python int is not matched.
                writer.delete_documents_by_query(tantivy.Query.term_query(SCHEMA, "id", entry_id))
            for row in rows:
                writer.add_document(document(row))
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        done = Applied(applied.token, int(changes[-1].id), int(changes[-1].nonce))
        self._write_applied(self._name, done)
        return done

    # What a search calls

    def _trusted(self, now: Head) -> bool:
        return self._index is not None and self._applied is not None and now.trusts(self._applied)

    def _ahead_of(self, now: Head) -> bool:
        """Whether the index is merely ahead of what this transaction can see: another
        worker applied changes committed after it began (SQLite keeps a transaction's
        snapshot). A connection of its own then sees the database as it is now."""
        if self._index is None or self._applied is None or self._applied.last <= now.newest:
            return False
        with transaction_intent(writes=False), db.engine.connect() as fresh:
            return head(fresh, self._applied).trusts(self._applied)

    def searcher(self, connection: Any) -> tantivy.Searcher:
        """A searcher over everything committed to the archive so far, bringing the index
        up to date first. Raises Unavailable when the database must answer instead."""
        with self._lock:
            self._refresh()
            now = head(connection, self._applied)
            if not self._trusted(now) and self._ahead_of(now):
                return self._index.searcher()  # type: ignore[union-attr]
            if self._trusted(now):
                if now.newest == self._applied.last:  # type: ignore[union-attr]
                    return self._index.searcher()  # type: ignore[union-attr]
                if _changes_after(connection, self._applied.last) > CATCH_UP_INLINE_UP_TO:  # type: ignore[union-attr]
                    self._in_background("catch_up")
                    return self._index.searcher()  # type: ignore[union-attr]  # behind while a bulk load is applied
            elif _largest_id(connection) > BUILD_INLINE_UP_TO:
                self._in_background("build")
                raise Unavailable("the search index is being built")
            rebuilding = self._trusted(now) and any(self.directory.glob("*.building"))
            with self._write_lock(0.0 if rebuilding else LOCK_WAIT_SECONDS) as locked:
                if not locked:
                    if self._trusted(now):
                        return self._index.searcher()  # type: ignore[union-attr]  # another worker is writing it
                    raise Unavailable("another worker is building the search index")
                # Another worker may have done the work while this one waited.
                self._refresh()
                now = head(connection, self._applied)
                if not self._trusted(now) and self._ahead_of(now):
                    return self._index.searcher()  # type: ignore[union-attr]
                if not self._trusted(now):
                    self.build(connection)
                    self._refresh()
                    now = head(connection, self._applied)
                    if not self._trusted(now):
                        raise Unavailable("the search index built does not match the database")
                if self._applied.last < now.newest:  # type: ignore[union-attr]
                    self._applied = self.catch_up(connection, self._applied, now.newest)  # type: ignore[arg-type]
                    self._index.reload()  # type: ignore[union-attr]
                    self._seen = self._signature()
                return self._index.searcher()  # type: ignore[union-attr]

    def _in_background(self, work: str) -> None:
        """Build or catch up in a thread of this process, on a connection of its own."""
        if self._background is not None and self._background.is_alive():
            return
        app = current_app._get_current_object()  # type: ignore[attr-defined]

        def run() -> None:
            with app.app_context():
                try:
                    with self._write_lock(0) as locked:
                        if not locked:
                            return  # another worker is at it
                        # Only reads the database: never holds SQLite's write lock.
                        with transaction_intent(writes=False), db.engine.connect() as connection:
                            if work == "build":
                                self.build(connection)
                            else:
                                with self._lock:
                                    self._refresh()
                                if self._applied is not None:
                                    self.catch_up(connection, self._applied, head(connection, None).newest)
                except Exception:  # logged: the next search tries again
                    log.exception("search index %s failed", work)

        log.warning(
            "search index: %s in the background; meanwhile %s",
            work,
            "the database's own search answers" if work == "build" else "the index answers as it stands",
        )
        self._background = threading.Thread(target=run, name=f"search-index-{work}", daemon=True)
        self._background.start()

    def wait_for_background(self, timeout: float | None = None) -> None:
        if self._background is not None:
            self._background.join(timeout)

    def forget(self) -> None:
        """Close this process's view of the index (the files stay)."""
        with self._lock:
            self._index, self._name, self._applied, self._seen = None, None, None, None


def _changes_after(connection: Any, last: int) -> int:
    """How many log rows an index that applied up to `last` lacks, counted only as far as
    the inline limit. Rows, not the difference of ids: a sequence leaves gaps (rolled-back
    transactions, rows pruned), so ids far apart may hold a handful of changes."""
    return int(
        connection.execute(
            sa.text("SELECT count(*) FROM (SELECT 1 FROM search_log WHERE id > :last LIMIT :cap) AS ahead"),
            {"last": last, "cap": CATCH_UP_INLINE_UP_TO + 1},
        ).scalar()
        or 0
    )


def _largest_id(connection: Any) -> int:
    return int(connection.execute(sa.select(sa.func.max(ArchiveEntry.id))).scalar() or 0)


# One LocalIndex per directory and process (never shared across a fork) ------------------

_indexes: dict[tuple[str, int], LocalIndex] = {}
_indexes_lock = threading.Lock()
_temporary: Path | None = None


def index_directory() -> Path:
    """SEARCH_INDEX_DIR, or (tests, scripts) a temporary folder removed at exit."""
    return Path(_directory_name())


def _directory_name() -> str:
    global _temporary
    configured = current_app.config.get("SEARCH_INDEX_DIR")
    if configured:
        return str(configured)
    if _temporary is None:
        _temporary = Path(tempfile.mkdtemp(prefix="portal-search-index-"))
        atexit.register(shutil.rmtree, _temporary, True)
    return str(_temporary)


def local_index(directory: Path | None = None) -> LocalIndex:
    """This process's view of the index in `directory` (default: this machine's)."""
    key = (str(directory) if directory else _directory_name(), os.getpid())
    with _indexes_lock:
        found = _indexes.get(key)
        if found is None:
            found = _indexes[key] = LocalIndex(Path(key[0]).resolve())
        return found


def rebuild(connection: Any | None = None, *, wait: float = 600.0, log_progress: Any = None) -> int:
    """Build this machine's index afresh from the database (`flask search rebuild`)."""
    index = local_index()
    with index._write_lock(wait) as locked:
        if not locked:
            raise Unavailable("another process is writing the search index")
        count = index.build(connection if connection is not None else db.session, log_progress=log_progress)
    with index._lock:
        index._refresh()
    return count


# Searching ------------------------------------------------------------------------------


@dataclass
class Lookup:
    """A search as the index takes it: the words already cut by the analyzer (each
    term a tuple of stems: one word, or a phrase), the filters as ids and times."""

    groups: list[list[tuple[str, ...]]]  # all groups must match; any term of a group
    excluded: list[tuple[str, ...]]
    committee_id: int | None = None
    meeting_id: int | None = None
    post_id: int | None = None
    kind: QuestionKind | None = None
    owed: bool = False
    starts_from: dt.datetime | None = None  # inclusive
    starts_before: dt.datetime | None = None  # exclusive
    sort: str = "relevance"
    offset: int = 0
    limit: int = 20


# Words so common that a phrase with two or more other words is found by those, at
# their distance:
# "education, health and care" is looked up as education, health, (any word), care,
# which costs a fifth as much as checking "and" in nearly every entry.
COMMON_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "with",
    }
)


def _on(field: str, stems: tuple[str, ...]) -> tantivy.Query:
    if len(stems) == 1:
        return tantivy.Query.term_query(SCHEMA, field, stems[0])
    kept = [(offset, stem) for offset, stem in enumerate(stems) if stem not in COMMON_WORDS]
    if len(kept) < 2:
        kept = list(enumerate(stems))  # too few other words to stand for the phrase
    first = kept[0][0]
    return tantivy.Query.phrase_query(SCHEMA, field, [(offset - first, stem) for offset, stem in kept])


def _term(stems: tuple[str, ...], *, ranked: bool) -> tantivy.Query:
    """One word or phrase anywhere in the entry; a word ranked scores again if it is in
    the question.

    Plain term queries joined by "should" let tantivy skip every block of postings that
    cannot reach the top of the ranking (a boost around them would stop it). A phrase
    is ranked on all the words only: ranking it in the question too costs five times as
    much."""
    if not ranked or len(stems) > 1:
        return _on("words", stems)
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, _on("words", stems)), (tantivy.Occur.Should, _on("question", stems))]
    )


def _filters(lookup: Lookup) -> list[tantivy.Query]:
    found = []
    for field, value in (
        ("committee", lookup.committee_id),
        ("meeting", lookup.meeting_id),
        ("post", lookup.post_id),
        ("kind", kind_number(lookup.kind) if lookup.kind else None),
        ("owed", 1 if lookup.owed else None),
    ):
        if value is not None:
            found.append(tantivy.Query.term_query(SCHEMA, field, value))
    if lookup.starts_from or lookup.starts_before:
        found.append(
            tantivy.Query.range_query(
                SCHEMA,
                "starts",
                tantivy.FieldType.Integer,
                epoch_seconds(lookup.starts_from) if lookup.starts_from else None,
                epoch_seconds(lookup.starts_before) - 1 if lookup.starts_before else None,
            )
        )
    return found


def query_for(lookup: Lookup, *, ranked: bool = False) -> tantivy.Query | None:
    """The tantivy query (`ranked`: scored for relevance; otherwise only what matches,
    for counting and the date orders), or None if no word of it can match anything."""
    occur = tantivy.Occur
    groups = []
    for group in lookup.groups:
        terms = [_term(t, ranked=ranked) for t in group if t]
        if terms:
            groups.append(
                terms[0]
                if len(terms) == 1
                else tantivy.Query.boolean_query([(occur.Should, t) for t in terms])
            )
    if not groups and lookup.groups:
        return None  # only words the index leaves out
    filters = _filters(lookup)
    excluded = [_on("words", t) for t in lookup.excluded if t]
    if not groups and not filters:
        return None
    if len(groups) == 1 and not filters and not excluded:
        return groups[0]
    clauses = [(occur.Must, g) for g in groups]
    clauses += [(occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
    if not groups:
        clauses.append((occur.Must, tantivy.Query.all_query()))
    clauses += [(occur.MustNot, e) for e in excluded]
    return tantivy.Query.boolean_query(clauses)


def find(lookup: Lookup, connection: Any | None = None) -> tuple[int, list[int]]:
    """(how many entries match, the ids of the page asked for, best or newest first)."""
    matching = query_for(lookup)
    if matching is None:
        return 0, []
    searcher = local_index().searcher(connection if connection is not None else db.session)
    if lookup.sort in ("newest", "oldest"):
        result = searcher.search(
            matching,
            limit=lookup.limit,
            offset=lookup.offset,
            count=True,
            order_by_field=lookup.sort,
            order=tantivy.Order.Desc if lookup.sort == "newest" else tantivy.Order.Asc,
        )
        total = result.count
    else:
        # Counting while ranking costs less than counting alone (measured at a million).
        result = searcher.search(query_for(lookup, ranked=True), limit=lookup.limit, offset=lookup.offset)
        total = result.count
    addresses = [address for _key, address in result.hits]
    ids = [int(i) for i in searcher.fast_field_values("id", addresses)] if addresses else []
    return int(total or 0), ids


def token_statements(*, replace: bool) -> tuple[str, ...]:
    """SQL giving the database a new token (`replace`: after a bulk load that bypassed the
    change log, so every machine builds its index again), or one if it has none."""
    token = os.urandom(16).hex()
    insert = (
        f"INSERT INTO search_state (token) SELECT '{token}' WHERE NOT EXISTS (SELECT 1 FROM search_state)"  # noqa: S608 (hex)
    )
    return ("DELETE FROM search_state", insert) if replace else (insert,)
