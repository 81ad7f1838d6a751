"""Renderers of the frozen document model: HTML, PDF, Word, CSV and JSON.

Each renderer takes the model (a dict, see model.py) and returns bytes, and is
deterministic: the same model always gives the same bytes, so a published version can
be rendered again and checked against what was published.

The PDF takes longer than the other four together, so `start_rendering` can hand it to a
separate process (kept warm, fonts loaded) while the caller renders the rest and does
its other work.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

log = logging.getLogger(__name__)

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

    def __init__(self, model: dict[str, Any], pending: Future[bytes] | None) -> None:
        self.model = model
        self._pending = pending

    def result(self) -> dict[str, bytes]:
        """Render the formats this process keeps, then wait for the PDF."""
        files = {
            fmt: render(self.model, fmt)
            for fmt in FORMATS
            if fmt != "html" and (fmt != "pdf" or self._pending is None)
        }
        if self._pending is not None:
            try:
                files["pdf"] = self._pending.result(timeout=PDF_TIMEOUT_SECONDS)
            except BrokenProcessPool:
                log.exception("The PDF process stopped; rendering the PDF here")
                _reset_pool()
                files["pdf"] = render(self.model, "pdf")
        # The web page names each download by its format and size, so it comes last.
        from portal.domain.record.documents.html import render_html

        files["html"] = render_html(self.model, sizes={fmt: len(data) for fmt, data in files.items()})
        return {fmt: files[fmt] for fmt in FORMATS}


def start_rendering(model: dict[str, Any], *, processes: int = 0) -> Rendering:
    """Hand the PDF to another process when `processes` allows; the rest waits for `result`."""
    pending: Future[bytes] | None = None
    if processes > 0:
        try:
            pending = _pool(processes).submit(render, model, "pdf")
        except (BrokenProcessPool, RuntimeError, OSError):
            log.exception("The PDF process could not start; rendering the PDF here")
            _reset_pool()
    return Rendering(model, pending)


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


def _reset_pool() -> None:
    global _executor
    with _lock:
        if _executor is not None:
            _executor.shutdown(wait=False, cancel_futures=True)
        _executor = None


def _start_worker(parent: int) -> None:
    """In the PDF process: leave when the process that started it has gone (a web worker
    that was restarted or killed), then load the fonts."""
    from portal.domain.record.documents.pdf import warm_up

    def watch() -> None:
        while True:
            time.sleep(5)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(0)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
    warm_up()
