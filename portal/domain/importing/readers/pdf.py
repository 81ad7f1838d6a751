"""PDFs, read with pdfplumber (decision 0130): its tables come back as rows of cells,
so a table-layout appendix keeps its columns apart, and the text outside the tables
comes back as positioned lines, which are joined into paragraphs by the gaps between
them. Running headers and footers (a line repeated in the top or bottom margin of
several pages) and page numbers are dropped. A page with no table is plain text, read
by the same parser as every other format (the reported layout's "From: / Q: / Response:").
"""

from __future__ import annotations

import io
import logging
from collections import Counter
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from portal.domain.importing import layout
from portal.domain.importing.records import ReadResult, UnreadableDocument, display

MAX_PAGES = 500
MARGIN = 0.08  # the top and bottom bands of a page where running headers and footers sit

# pdfminer warns on every odd construct real PDFs have; the clerk sees what was read.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def read(filename: str, data: bytes) -> ReadResult:
    name = display(filename)
    try:
        with pdfplumber.open(io.BytesIO(data)) as document:
            if len(document.pages) > MAX_PAGES:
                raise UnreadableDocument(f"{name} has more than {MAX_PAGES} pages", field="files")
            pages = [_page_tokens(page, number) for number, page in enumerate(document.pages, start=1)]
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise UnreadableDocument(
            f"{name} is password-protected. Save a copy without a password and upload that", field="files"
        ) from None
    except (PDFSyntaxError, PdfminerException, ValueError, KeyError, TypeError) as error:
        raise UnreadableDocument(
            f"{name} could not be opened as a PDF: it may be damaged", field="files"
        ) from error
    tokens = _without_running_lines(pages)
    if not any(isinstance(t, layout.Row) or t.text.strip() for t in tokens):
        raise UnreadableDocument(
            f"{name} has no text to read: it may be a scan. Upload a copy with its text", field="files"
        )
    parsed = layout.parse(_join_across_pages(tokens))
    return ReadResult(
        reader="PDF", records=parsed.records, meeting_date=parsed.meeting_date, layout=parsed.layout
    )


class _Positioned:
    def __init__(self, token: layout.Token, top: float, in_margin: bool) -> None:
        self.token, self.top, self.in_margin = token, top, in_margin


def _page_tokens(page: Any, number: int) -> list[_Positioned]:
    height = float(page.height)
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    out: list[_Positioned] = []
    for table in tables:
        for row in table.rows:
            cells = [c for c in row.cells if c is not None]
            texts = tuple(_paragraphs(page.crop(cell).extract_text_lines(), joiner="\n") for cell in cells)
            if len(texts) == 1:
                for part in texts[0].split("\n"):
                    if part.strip():
                        out.append(_Positioned(layout.Line(part, number), row.bbox[1], False))
            elif texts:
                out.append(_Positioned(layout.Row(texts, number), row.bbox[1], False))
    outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes)) if boxes else page
    lines = outside.extract_text_lines()
    for paragraph, top, bottom in _paragraph_spans(lines):
        in_margin = top < height * MARGIN or bottom > height * (1 - MARGIN)
        out.append(_Positioned(layout.Line(paragraph, number), top, in_margin))
    out.sort(key=lambda p: p.top)
    return out


def _inside(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    middle_x = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
    middle_y = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
    return x0 <= middle_x <= x1 and top <= middle_y <= bottom


def _paragraph_spans(lines: list[dict[str, Any]]) -> list[tuple[str, float, float]]:
    """Lines joined into paragraphs: a gap taller than half a line, or a label, starts one."""
    spans: list[tuple[str, float, float]] = []
    current: list[str] = []
    top = bottom = previous_bottom = 0.0
    for line in lines:
        height = float(line["bottom"]) - float(line["top"])
        gap = float(line["top"]) - previous_bottom
        starts = (
            not current
            or gap > height * 0.5
            or layout.label_of(line["text"]) is not None
            or layout.numbering(line["text"]) is not None
            or layout.is_noise(line["text"])
            or line["text"].lstrip().startswith(("•", "- "))
        )
        if starts and current:
            spans.append((" ".join(current), top, bottom))
            current = []
        if not current:
            top = float(line["top"])
        text = line["text"].strip()
        if current and current[-1].endswith("-") and not current[-1].endswith(" -"):
            current[-1] += text  # "deep-" at the end of a line, "rooted" on the next
        else:
            current.append(text)
        bottom = previous_bottom = float(line["bottom"])
    if current:
        spans.append((" ".join(current), top, bottom))
    return spans


def _paragraphs(lines: list[dict[str, Any]], joiner: str) -> str:
    return joiner.join(text for text, _, _ in _paragraph_spans(lines))


def _without_running_lines(pages: list[list[_Positioned]]) -> list[layout.Token]:
    """Drop lines in the page margins that repeat on other pages, and page numbers there."""
    counts: Counter[str] = Counter()
    for page in pages:
        for text in {p.token.text.strip() for p in page if p.in_margin and isinstance(p.token, layout.Line)}:
            counts[text] += 1
    tokens: list[layout.Token] = []
    for page in pages:
        for positioned in page:
            token = positioned.token
            if positioned.in_margin and isinstance(token, layout.Line):
                text = token.text.strip()
                if (counts[text] >= 2 and len(pages) >= 2) or layout.is_noise(text):
                    continue
            tokens.append(token)
    return tokens


def _join_across_pages(tokens: list[layout.Token]) -> list[layout.Token]:
    """A paragraph that runs over a page break is one paragraph."""
    out: list[layout.Token] = []
    for token in tokens:
        previous = out[-1] if out else None
        if (
            isinstance(token, layout.Line)
            and isinstance(previous, layout.Line)
            and token.page != previous.page
            and previous.text.rstrip()[-1:] not in ".?!:”\"'’)"
            and token.text[:1].islower()
        ):
            out[-1] = layout.Line(f"{previous.text.rstrip()} {token.text.lstrip()}", token.page)
            continue
        out.append(token)
    return out
