"""Renderers of the frozen document model: HTML, PDF, Word, CSV and JSON.

Each renderer takes the model (a dict, see model.py) and returns bytes, and is
deterministic: the same model always gives the same bytes, so a published version can
be rendered again and checked against what was published.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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


def renderer(fmt: str) -> Callable[[dict[str, Any]], bytes]:
    if fmt == "html":
        from portal.documents.html import render_html

        return render_html
    if fmt == "pdf":
        from portal.documents.pdf import render_pdf

        return render_pdf
    if fmt == "docx":
        from portal.documents.docx import render_docx

        return render_docx
    if fmt == "csv":
        from portal.documents.csv import render_csv

        return render_csv
    if fmt == "json":
        from portal.documents.json import render_json

        return render_json
    raise ValueError(f"Unknown format {fmt!r}")


def render(model: dict[str, Any], fmt: str) -> bytes:
    return renderer(fmt)(model)


def render_all(model: dict[str, Any]) -> dict[str, bytes]:
    return {fmt: render(model, fmt) for fmt in FORMATS}
