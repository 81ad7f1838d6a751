"""Importing a folder of old documents at once (`flask --app portal archive import`).

Each document is read and kept for review in its own transaction, so stopping part-way
loses nothing already done, and running the same command again skips every file already
imported (by its SHA-256) and changes nothing. By default nothing is filed: every
document waits on the review screen. With `file_certain`, a document whose meeting date
was found and whose every record has every field the reader looks for is filed at once;
anything the reader was unsure of still waits for a clerk.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from portal.domain.errors import Invalid, Refused
from portal.domain.importing import filing, staging
from portal.domain.importing.readers import KINDS, read_document
from portal.domain.importing.records import ReadResult, UnreadableDocument
from portal.extensions import db
from portal.models import Committee, ImportDocument


@dataclass
class BulkReport:
    documents: int = 0  # read (or, in a dry run, readable)
    records: int = 0
    needing_review: int = 0  # records with something the reader could not find
    filed_documents: int = 0
    filed_records: int = 0
    waiting: int = 0  # documents left on the review screen
    already: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)


def documents_in(paths: Iterable[Path]) -> list[Path]:
    """Every file the import reads under the given files and folders, in name order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in KINDS)
        else:
            found.append(path)
    return found


def _certain(document: ImportDocument) -> bool:
    return document.meeting_date is not None and all(
        not {k for k in r.flags if k != "number_label"} for r in document.records
    )


def _read(item: tuple[str, bytes]) -> ReadResult | str:
    """One document read in a worker process: its records, or why it cannot be read."""
    name, data = item
    try:
        return read_document(name, data)
    except UnreadableDocument as error:
        return error.message


def _read_all(items: list[tuple[Path, bytes]], workers: int) -> Iterator[ReadResult | str]:
    """The documents read in order, by `workers` processes (reading is the slow part:
    PDF parsing), a few at a time so memory stays small."""
    if workers <= 1:
        yield from (_read((path.name, data)) for path, data in items)
        return
    context = multiprocessing.get_context("spawn")  # never fork a process holding connections
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(_read, [(path.name, data) for path, data in items], chunksize=1)


def import_paths(
    paths: list[Path],
    committee: Committee,
    *,
    dry_run: bool = False,
    file_certain: bool = False,
    meeting_date: dt.date | None = None,
    progress: Callable[[Iterable[Path]], Iterator[Path]] = iter,
    workers: int = 1,
    batch: int = 20,
) -> BulkReport:
    report = BulkReport()
    files = documents_in(paths)
    ticks = progress(files)
    for start in range(0, len(files), batch):
        items: list[tuple[Path, bytes]] = []
        for path in files[start : start + batch]:
            try:
                data = path.read_bytes()
            except OSError as error:
                report.refused.append((str(path), f"could not be read: {error.strerror}"))
                next(ticks, None)
                continue
            if staging.find_by_checksum(data) is not None:
                report.already.append(str(path))
                next(ticks, None)
                continue
            items.append((path, data))
        for (path, data), result in zip(items, _read_all(items, workers), strict=True):
            next(ticks, None)
            _import_one(report, path, data, result, committee, dry_run, file_certain, meeting_date)
    for _ in ticks:  # let the progress bar finish
        pass
    return report


def _import_one(
    report: BulkReport,
    path: Path,
    data: bytes,
    result: ReadResult | str,
    committee: Committee,
    dry_run: bool,
    file_certain: bool,
    meeting_date: dt.date | None,
) -> None:
    if isinstance(result, str):
        report.refused.append((str(path), result))
        return
    try:
        if dry_run:
            if not result.records:
                raise UnreadableDocument(f"No questions and answers were found in ‘{path.name}’")
            report.documents += 1
            report.records += len(result.records)
            report.needing_review += sum(1 for r in result.records if set(r.flags) - {"number_label"})
            return
        staged = staging.stage_document(
            path.name, data, committee, by=None, meeting_date=meeting_date, result=result
        )
        document = staged.document
        report.documents += 1
        report.records += len(document.records)
        report.needing_review += staged.unsure
        if file_certain and _certain(document):
            try:
                with db.session.begin_nested():
                    entries = filing.file_document(document, by=None, revision=document.revision)
                report.filed_documents += 1
                report.filed_records += len(entries)
            except (Invalid, Refused):
                report.waiting += 1  # filed by a clerk from the review screen
        else:
            report.waiting += 1
        db.session.commit()
    except staging.AlreadyImported:
        db.session.rollback()
        report.already.append(str(path))
    except (UnreadableDocument, Invalid, Refused) as error:
        db.session.rollback()
        report.refused.append((str(path), str(error)))
