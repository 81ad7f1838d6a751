"""Reading published documents back as a person (or a screen reader) would: their words
in order. Used to check that every paragraph of the seeds appears in every format."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

_BLOCK_TAGS = re.compile(
    r"<(/?)(p|li|td|th|tr|h[1-6]|div|br|ul|ol|table|section|article|dd|dt|caption|blockquote)\b",
    re.IGNORECASE,
)


def squash(text: str) -> str:
    return " ".join(text.split())


def html_text(html: str | bytes, selector: str | None = None) -> str:
    """The visible words of some HTML, with a space wherever a block starts or ends."""
    if isinstance(html, bytes):
        html = html.decode("utf-8")
    soup = BeautifulSoup(_BLOCK_TAGS.sub(r" <\1\2", html), "html.parser")
    for hidden in soup.select(".govuk-visually-hidden, .app-visually-hidden"):
        hidden.decompose()
    root = soup.select_one(selector) if selector else soup
    return squash(root.get_text("")) if root else ""


def html_items(html: str | bytes) -> dict[str, str]:
    """The words of each question (each <article> in the record), by its label."""
    soup = BeautifulSoup(html, "html.parser")
    out = {}
    for article in soup.select("article.app-record-item"):
        heading = article.select_one(".app-record-item__heading")
        label = heading.get("id", "").upper().replace("-", " ")
        out[label] = html_text(str(article))
    return out


def poppler(pdf: bytes, *command: str) -> str:
    """What one of poppler's tools prints of a PDF given as bytes; "{pdf}" in `command`
    stands for the file it reads."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        arguments = [str(path) if part == "{pdf}" else part for part in command]
        result = subprocess.run(arguments, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def pdf_pages(pdf: bytes) -> list[str]:
    """pdftotext's text of each page, in the order the PDF draws it (-raw keeps table
    cells whole instead of interleaving the columns)."""
    return poppler(pdf, "pdftotext", "-raw", "-enc", "UTF-8", "{pdf}", "-").split("\f")


def pdf_text(pdf: bytes, running: list[str]) -> str:
    """The body text of a PDF, without the header and footer repeated on every page.

    A line is header or footer when nothing is left of it once the running header's
    pieces, "<document>, version N, published ..." and "Page N of M" are taken out. List bullets are dropped
    too: WeasyPrint draws them after the page's text, so they would split paragraphs."""
    kept = []
    for page in pdf_pages(pdf):
        for line in page.splitlines():
            rest = line
            for piece in running:
                rest = rest.replace(piece, "")
            rest = re.sub(r"Page \d+ of \d+", "", rest)
            rest = re.sub(r"^\s*[\w ]+, version \d+, published \S+ on \d{1,2} \w+ \d{4}", "", rest)
            if rest.strip() and rest.strip() != "•":
                kept.append(line.strip())
    return "\n".join(kept)


def docx_text(data: bytes) -> str:
    """The words of a Word document in reading order: paragraphs, and table cells row by row."""
    document = Document(io.BytesIO(data))
    parts: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    parts.append(cell.text)
    return squash(" ".join(parts))


def docx_headings(data: bytes) -> list[tuple[str, str]]:
    document = Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]


def find_in_order(haystack: str, needles: list[str], *, ignore_spaces: bool = False) -> None:
    """Each needle appears in `haystack` after the one before it; fails naming the first that does not."""

    def norm(text: str) -> str:
        return re.sub(r"\s+", "", text) if ignore_spaces else squash(text)

    text = norm(haystack)
    position = 0
    for index, needle in enumerate(needles):
        wanted = norm(needle)
        found = text.find(wanted, position)
        if found < 0:
            anywhere = text.find(wanted)
            where = (
                "not at all" if anywhere < 0 else f"only earlier, at {anywhere} (expected after {position})"
            )
            previous = needles[index - 1][:60] if index else "(start)"
            raise AssertionError(
                f"Expected {needle[:90]!r} after {previous!r}, but found it {where}. "
                f"Text here: {text[position : position + 300]!r}"
            )
        position = found + len(wanted)


def pdf_info(pdf: bytes, *options: str) -> str:
    """What poppler's pdfinfo says of a PDF: its metadata, or with `-struct` its tag tree,
    or with `-meta` its XMP metadata."""
    return poppler(pdf, "pdfinfo", *options, "{pdf}")


def pdf_catalog_language(pdf: bytes) -> str | None:
    """The document language in the PDF's catalogue (/Lang), wherever it is stored."""
    import zlib

    found = re.search(rb"/Lang\s*\(([^)]*)\)", pdf)
    if found:
        return found.group(1).decode()
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        try:
            inflated = zlib.decompress(stream.group(1))
        except zlib.error:
            continue
        found = re.search(rb"/Lang\s*\(([^)]*)\)", inflated)
        if found:
            return found.group(1).decode()
    return None
