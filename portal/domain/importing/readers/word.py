"""Word documents (.docx): the body's paragraphs and tables, in the order they appear.

python-docx reads the file. Merged cells (a response spanning the row) come back once;
list paragraphs keep their bullet; headers and footers live outside the body and are
never read, but a page number typed into the body is dropped by the parser.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from portal.domain.importing import layout
from portal.domain.importing.records import ReadResult, UnreadableDocument, display


def read(filename: str, data: bytes) -> ReadResult:
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableDocument(
            f"{display(filename)} could not be opened as a Word document: it may be damaged", field="files"
        ) from error
    tokens: list[layout.Token] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            tokens.extend(_lines(Paragraph(child, document)))
        elif tag == "tbl":
            tokens.extend(_table(Table(child, document)))
    parsed = layout.parse(tokens)
    return ReadResult(
        reader="Word", records=parsed.records, meeting_date=parsed.meeting_date, layout=parsed.layout
    )


def _lines(paragraph: Paragraph) -> list[layout.Line]:
    text = paragraph.text
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if "List" in style and text.strip() and not layout.label_of(text):
        text = "• " + text.strip()
    return [layout.Line(part) for part in text.split("\n") if part.strip()]


def _cell_text(cell: Any) -> str:
    parts = []
    for paragraph in cell.paragraphs:
        parts.extend(line.text for line in _lines(paragraph))
    for inner in cell.tables:  # a data table inside an answer: a line per row
        for row in inner.rows:
            parts.append(" | ".join(c.text.strip() for c in _distinct(row.cells)))
    return "\n".join(parts)


def _distinct(cells: list[Any]) -> list[Any]:
    seen: list[Any] = []
    for cell in cells:
        if not seen or cell._tc is not seen[-1]._tc:
            seen.append(cell)
    return seen


def _table(table: Table) -> list[layout.Token]:
    tokens: list[layout.Token] = []
    for row in table.rows:
        cells = _distinct(row.cells)
        texts = tuple(_cell_text(cell) for cell in cells)
        if len(texts) == 1:
            tokens.extend(layout.Line(part) for part in texts[0].split("\n") if part.strip())
        else:
            tokens.append(layout.Row(texts))
    return tokens
