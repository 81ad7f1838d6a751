"""Renderers of the frozen document model: HTML, PDF, Word, CSV and JSON.

Each renderer takes the model (a dict, see model.py) and returns bytes, and is
deterministic: the same model always gives the same bytes, so a published version can
be rendered again and checked against what was published.

The PDF takes longer than the other four together, so `start_rendering` can hand it to a
separate process (kept warm, fonts loaded) while the caller renders the rest and does
its other work; and then the Word file to another (decision 0370), so the web worker
that publishes never holds a whole Word document, nor python-docx and lxml.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import logging
import multiprocessing
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

log = logging.getLogger(__name__)

_Made = TypeVar("_Made")  # what a piece of work in another process makes

FORMATS: tuple[str, ...] = ("html", "pdf", "docx", "csv", "json")

MIME_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}

FORMAT_LABELS = {
    "html": "Web page",
    "pdf": "PDF",
    "docx": "Word",
    "csv": "CSV spreadsheet",
    "json": "JSON data",
}

PDF_TIMEOUT_SECONDS = 300

# Told what rendering is doing, for a progress page: the format being rendered (or "pdf"
# while waiting for the PDF process), the formats finished, and the PDF's pages laid out.
Progress = Callable[[str, tuple[str, ...], int], None]


def renderer(fmt: str) -> Callable[[dict[str, Any]], bytes]:
    if fmt == "html":
        from portal.domain.record.documents.html import render_html

        return render_html
    if fmt == "pdf":
        from portal.domain.record.documents.pdf import render_pdf

        return render_pdf
    if fmt == "docx":
        from portal.domain.record.documents.docx import render_docx

        return render_docx
    if fmt == "csv":
        from portal.domain.record.documents.csv import render_csv

        return render_csv
    if fmt == "json":
        from portal.domain.record.documents.json import render_json

        return render_json
    raise ValueError(f"Unknown format {fmt!r}")


def render(model: dict[str, Any], fmt: str) -> bytes:
    return renderer(fmt)(model)


def render_all(model: dict[str, Any], *, processes: int = 0) -> dict[str, bytes]:
    """Every format of `model`. With `processes`, the PDF is rendered in another process."""
    return start_rendering(model, processes=processes).result()


class Rendering:
    """Every format of one model, under way: the PDF (when another process takes it)
    starts at once, so the caller can do other work before asking for the `result`."""

    def __init__(
        self,
        model: dict[str, Any],
        pending: Future[bytes] | list[Future[bytes]] | None,
        pages_file: str | list[str] | None = None,
        processes: int = 0,
        word: Future[bytes] | None = None,
        margins: Future[tuple[bytes, bytes]] | None = None,
    ) -> None:
        self.model = model
        self._word = word  # the Word file, being made in another process
        # A long record's header and footer, and the sample its page numbers are drawn
        # from: laid out before its parts, as they need nothing the parts decide.
        self._margins = margins
        # One PDF, or the parts of a long one (joined when all are laid out).
        self._parts = isinstance(pending, list)
        self._pending = pending if isinstance(pending, list) else ([pending] if pending is not None else None)
        if isinstance(pages_file, list):
            self._pages_files = pages_file
        else:
            self._pages_files = [pages_file] if pages_file else []
        self._processes = processes

    def result(self, progress: Progress | None = None) -> dict[str, bytes]:
        """Render the formats this process keeps, then wait for the PDF. `progress` is told
        each step (and, every second while the PDF renders elsewhere, its pages so far)."""
        files: dict[str, bytes] = {}

        def tell(stage: str, pages: int = 0) -> None:
            if progress is not None:
                progress(stage, tuple(files), pages)

        for fmt in FORMATS:
            if fmt == "html" or (fmt == "pdf" and self._pending is not None):
                continue
            if fmt == "docx" and self._word is not None:
                continue
            tell(fmt)
            if fmt == "pdf" and progress is not None:
                with _counting_pages(lambda pages: tell("pdf", pages)):
                    files[fmt] = render(self.model, fmt)
            else:
                files[fmt] = render(self.model, fmt)
        if self._word is not None:
            tell("docx")
            files["docx"] = self._wait_for_word()
        if self._pending is not None:
            files["pdf"] = self._wait_for_pdf(tell)
        tell("html")
        # The web page names each download by its format and size, so it comes last.
        from portal.domain.record.documents.html import render_html

        files["html"] = render_html(self.model, sizes={fmt: len(data) for fmt, data in files.items()})
        return {fmt: files[fmt] for fmt in FORMATS}

    def _wait_for_word(self) -> bytes:
        assert self._word is not None
        try:
            return self._word.result(timeout=PDF_TIMEOUT_SECONDS)
        except BrokenProcessPool:
            log.exception("The process making the Word file stopped; making it here")
            _reset_join_pool()
        except CancelledError:  # another publication's PDF process failed and reset the pools
            log.warning("The Word file was not made in its process; making it here")
        return render(self.model, "docx")

    def _wait_for_pdf(self, tell: Callable[..., None]) -> bytes:
        assert self._pending is not None
        deadline = time.monotonic() + PDF_TIMEOUT_SECONDS

        def pages() -> int:
            return sum(_pages_so_far(path) for path in self._pages_files)

        tell("pdf", pages())  # the other formats are made: the PDF now
        try:
            pieces = [_waited(future, deadline, lambda: tell("pdf", pages())) for future in self._pending]
            if not self._parts:
                return pieces[0]
            return self._joined(pieces, deadline, lambda: tell("pdf", pages()))
        except BrokenProcessPool:
            log.exception("The PDF process stopped; rendering the PDF here")
            _reset_pool()
            return render(self.model, "pdf")
        finally:
            for path in self._pages_files:
                with contextlib.suppress(OSError):
                    os.unlink(path)

    def _joined(self, pieces: list[bytes], deadline: float, tick: Callable[[], None]) -> bytes:
        """The parts joined in a process of its own, which never loads WeasyPrint (the
        join holds every object of the record at once), each page's number drawn from the
        sample; if the sample cannot be taken apart, the numbers laid out a page each
        (WeasyPrint's processes, side by side) and the parts joined with those."""
        from portal.domain.record.documents import pdf

        assert self._margins is not None
        furniture, sample = _waited(self._margins, deadline, tick)
        continued = pdf.continuations(self.model)
        joined = _join_pool().submit(_join, pieces, sample, furniture, continued)
        try:
            return _waited(joined, deadline, tick)
        except NumbersNotLaidOut:
            pass
        # Counted where they are joined: this process never loads pikepdf.
        pages = _waited(_join_pool().submit(_count_pages, pieces), deadline, tick)
        pool = _pool(self._processes)
        numbers = [
            pool.submit(_numbers_in_pool, self.model, batch, pages) for batch in pdf.numbers_to_lay_out(pages)
        ]
        laid = [_waited(future, deadline, tick) for future in numbers]
        return _waited(_join_pool().submit(_join, pieces, laid, furniture, continued), deadline, tick)


def _waited(future: Future[_Made], deadline: float, tick: Callable[[], None]) -> _Made:
    """What `future` gives, telling `tick` every second until it does (or the deadline)."""
    while True:
        try:
            return future.result(timeout=max(0.0, min(1.0, deadline - time.monotonic())))
        except FutureTimeout:
            if time.monotonic() >= deadline:
                raise
            tick()


def start_rendering(model: dict[str, Any], *, processes: int = 0, count_pages: bool = False) -> Rendering:
    """Hand the PDF to other processes when `processes` allows (a long record's parts side
    by side, decision 0360); the rest waits for `result`. With `count_pages`, each writes
    how many pages it has laid out to a small file, for `result`'s progress."""
    if processes <= 0:
        return Rendering(model, None)
    from portal.domain.record.documents.pdf import parts

    plan = parts(model)
    pages_files: list[str] = []
    for _ in plan or [None]:
        if count_pages:
            handle, path = tempfile.mkstemp(prefix="portal-pdf-pages-")
            os.close(handle)
            pages_files.append(path)
    try:
        pool = _pool(processes)
        margins = pool.submit(_margins_in_pool, model) if plan else None
        if plan:
            pending: Future[bytes] | list[Future[bytes]] = [
                pool.submit(_render_part_in_pool, model, part, pages_files[k] if pages_files else None)
                for k, part in enumerate(plan)
            ]
        else:
            pending = pool.submit(_render_pdf_in_pool, model, pages_files[0] if pages_files else None)
    except (BrokenProcessPool, RuntimeError, OSError):
        log.exception("The PDF process could not start; rendering the PDF here")
        _reset_pool()
        for path in pages_files:
            with contextlib.suppress(OSError):
                os.unlink(path)
        return Rendering(model, None)
    return Rendering(model, pending, pages_files, processes, word=_start_word(model), margins=margins)


def _start_word(model: dict[str, Any]) -> Future[bytes] | None:
    """The Word file, begun in the process that joins long PDFs; None (made here, as the
    other formats are) if that process cannot start."""
    try:
        return _join_pool().submit(_render_docx_in_pool, model)
    except (BrokenProcessPool, RuntimeError, OSError):
        log.exception("The process that makes the Word file could not start; making it here")
        return None


class _PageCounter(logging.Handler):
    """Counts the pages WeasyPrint reports laying out ("Step 5 - Creating layout - Page 12")."""

    def __init__(self, told: Callable[[int], None]) -> None:
        super().__init__(logging.INFO)
        self.told = told
        self.thread = threading.get_ident()
        self.last = 0.0

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread or "Page" not in str(record.msg) or not record.args:
            return
        now = time.monotonic()
        if now - self.last < 0.5:
            return
        self.last = now
        with contextlib.suppress(Exception):
            self.told(int(record.args[0]))  # type: ignore[index]


@contextlib.contextmanager
def _counting_pages(told: Callable[[int], None]) -> Iterator[None]:
    # WeasyPrint's progress messages are otherwise kept quiet (pdf.py): heard here only,
    # and not passed on to the service's own log.
    progress = logging.getLogger("weasyprint.progress")
    handler = _PageCounter(told)
    level, propagate = progress.level, progress.propagate
    progress.addHandler(handler)
    progress.setLevel(logging.INFO)
    progress.propagate = False
    try:
        yield
    finally:
        progress.removeHandler(handler)
        progress.setLevel(level)
        progress.propagate = propagate


def _write_pages(path: str, pages: int) -> None:
    with open(path, "w", encoding="ascii") as out:
        out.write(str(pages))


def _pages_so_far(path: str | None) -> int:
    if path is None:
        return 0
    try:
        with open(path, encoding="ascii") as found:
            return int(found.read() or 0)
    except (OSError, ValueError):
        return 0


def _render_pdf_in_pool(model: dict[str, Any], pages_file: str | None) -> bytes:
    """In the PDF process: render (writing the pages laid out so far to `pages_file`), then
    hand the memory the layout took back to the system. A record laid out at once takes
    about a megabyte a page more while it is laid out (a long one is laid out in parts,
    decision 0360); without this the process kept it for its whole life.
    That is done just after the PDF has been sent back, so the publication does not wait
    for it (or before the next piece of work, if that comes first)."""
    return _in_pool(lambda: render(model, "pdf"), pages_file)


def _render_part_in_pool(model: dict[str, Any], part: Any, pages_file: str | None) -> bytes:
    from portal.domain.record.documents.pdf import render_part

    return _in_pool(lambda: render_part(model, part), pages_file)


def _numbers_in_pool(model: dict[str, Any], numbers: range, pages: int) -> bytes:
    from portal.domain.record.documents.pdf import render_numbers

    return _in_pool(lambda: render_numbers(model, numbers, pages), None)


def _margins_in_pool(model: dict[str, Any]) -> tuple[bytes, bytes]:
    from portal.domain.record.documents.pdf import render_furniture, render_number_sample

    return _in_pool(lambda: (render_furniture(model), render_number_sample(model)), None)


def _render_docx_in_pool(model: dict[str, Any]) -> bytes:
    return _in_pool(lambda: render(model, "docx"), None)


def _count_pages(pieces: list[bytes]) -> int:
    from portal.domain.record.documents.pdf_join import page_count

    return sum(page_count(piece) for piece in pieces)


class NumbersNotLaidOut(Exception):
    """From the joining process: the sample's page number could not be taken apart."""


def _join(pieces: list[bytes], numbers: bytes | list[bytes], furniture: bytes, continued: list[int]) -> bytes:
    """In the joining process: the parts joined, each page's number drawn from the sample
    `numbers` (or, a list, the numbers laid out a page each)."""
    from portal.domain.record.documents import pdf, pdf_join

    if isinstance(numbers, bytes):
        sample = pdf_join.NumberSample(numbers, pdf.SAMPLE_PAGE, pdf.SAMPLE_PAGES)
        try:
            return _in_pool(lambda: pdf_join.join(pieces, sample, furniture, continued), None)
        except pdf_join.NumbersNotComposed as cannot:
            log.warning("Laying each page's number out: %s", cannot)
            raise NumbersNotLaidOut(str(cannot)) from None
    return _in_pool(lambda: pdf_join.join(pieces, numbers, furniture, continued), None)


_memory_timer: threading.Timer | None = None


def _in_pool(work: Callable[[], _Made], pages_file: str | None) -> _Made:
    global _memory_timer
    if _memory_timer is not None:
        # Work came before the last piece's memory was given back: given back now, before
        # this piece grows the process (cheap if it had been already).
        _memory_timer.cancel()
        _memory_timer = None
        _give_memory_back()
    try:
        if pages_file is None:
            return work()
        with _counting_pages(lambda pages: _write_pages(pages_file, pages)):
            return work()
    finally:
        _memory_timer = threading.Timer(0.5, _give_memory_back)
        _memory_timer.daemon = True
        _memory_timer.start()


def _give_memory_back() -> None:
    # WeasyPrint's boxes refer to each other, so only the cycle collector frees them.
    gc.collect()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the memory is reused, not returned
        pass


_lock = threading.Lock()
_executor: ProcessPoolExecutor | None = None


def _pool(processes: int) -> ProcessPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            # forkserver: safe when the web server runs threads, and each worker imports
            # WeasyPrint and loads its fonts once, then stays warm.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["portal.domain.record.documents.pdf"])
            _executor = ProcessPoolExecutor(
                max_workers=processes, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
            )
        return _executor


_joiner: ProcessPoolExecutor | None = None


def _join_pool() -> ProcessPoolExecutor:
    """One process that makes the Word files and joins long records' parts (it never loads
    WeasyPrint): started with the first publication."""
    global _joiner
    with _lock:
        if _joiner is None:
            context = multiprocessing.get_context("forkserver")
            _joiner = ProcessPoolExecutor(
                max_workers=1, mp_context=context, initializer=_watch_parent, initargs=(os.getpid(),)
            )
        return _joiner


def _reset_pool() -> None:
    global _executor, _joiner
    with _lock:
        for pool in (_executor, _joiner):
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
        _executor = _joiner = None


def _reset_join_pool() -> None:
    global _joiner
    with _lock:
        if _joiner is not None:
            _joiner.shutdown(wait=False, cancel_futures=True)
        _joiner = None


def _start_worker(parent: int) -> None:
    """In the PDF process: leave when the process that started it has gone (a web worker
    that was restarted or killed), then load the fonts."""
    from portal.domain.record.documents.pdf import warm_up

    _watch_parent(parent)
    warm_up()


def _watch_parent(parent: int) -> None:
    """Leave when the process that started this one has gone."""

    def watch() -> None:
        while True:
            time.sleep(5)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(0)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
