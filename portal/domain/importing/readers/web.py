"""Web pages saved from a committee-papers site (Modern.gov's mgAi.aspx and
ieListDocuments.aspx shapes): a table per question, or "From / Q / Response" paragraphs.

Beautiful Soup parses the page with Python's own HTML parser (nothing is fetched: links,
images and scripts are never followed) and works out the encoding the page was saved in.
The site's navigation, scripts and forms are skipped; the rest is read in order.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag, UnicodeDammit

from portal.domain.importing import layout
from portal.domain.importing.records import ReadResult, UnreadableDocument, display

_SKIP = {
    "script",
    "style",
    "noscript",
    "nav",
    "form",
    "button",
    "select",
    "template",
    "svg",
    "head",
    "iframe",
}
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "blockquote", "caption"}
_CONTAINERS = _BLOCKS | {"div", "section", "article", "main", "ul", "ol", "dl", "table", "header", "footer"}


def read(filename: str, data: bytes) -> ReadResult:
    decoded = UnicodeDammit(data, ["utf-8", "windows-1252"], is_html=True).unicode_markup
    if decoded is None:
        raise UnreadableDocument(f"{display(filename)} is not a web page: it may be damaged", field="files")
    soup = BeautifulSoup(decoded, "html.parser")
    root = soup.body or soup
    tokens: list[layout.Token] = []
    _walk(root, tokens)
    if not tokens:
        raise UnreadableDocument(f"{display(filename)} has no text to read", field="files")
    parsed = layout.parse(tokens)
    return ReadResult(
        reader="Web page", records=parsed.records, meeting_date=parsed.meeting_date, layout=parsed.layout
    )


def _walk(node: Tag, tokens: list[layout.Token]) -> None:
    loose: list[str] = []

    def flush() -> None:
        text = " ".join(" ".join(loose).split())
        if text:
            tokens.append(layout.Line(text))
        loose.clear()

    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:
                loose.append(str(child))
            continue
        if not isinstance(child, Tag) or child.name in _SKIP:
            continue
        if child.name == "br":
            flush()
        elif child.name == "table":
            flush()
            _table(child, tokens)
        elif child.name in _BLOCKS and not child.find(
            _CONTAINERS - {"p"} if child.name != "li" else {"table"}
        ):
            flush()
            for text in _block_lines(child):
                tokens.append(
                    layout.Line(("• " + text) if child.name == "li" and text == _first(child) else text)
                )
        elif child.name in _CONTAINERS or child.find(_CONTAINERS):
            flush()
            _walk(child, tokens)
        else:
            loose.append(child.get_text(" "))
    flush()


def _first(tag: Tag) -> str:
    lines = _block_lines(tag)
    return lines[0] if lines else ""


def _block_lines(tag: Tag) -> list[str]:
    """A block's text, a line for each <br>."""
    parts: list[str] = []
    current: list[str] = []
    for piece in tag.descendants:
        if isinstance(piece, Tag) and piece.name == "br":
            parts.append(" ".join("".join(current).split()))
            current = []
        elif type(piece) is NavigableString and not any(p.name in _SKIP for p in piece.parents if p.name):
            current.append(str(piece))
    parts.append(" ".join("".join(current).split()))
    return [p for p in parts if p]


def _cell_text(cell: Tag) -> str:
    blocks = cell.find_all(_BLOCKS)
    if not blocks:
        return "\n".join(_block_lines(cell))
    lines: list[str] = []
    for block in blocks:
        if block.find(_BLOCKS):
            continue  # its inner blocks are read themselves
        for text in _block_lines(block):
            lines.append(("• " + text) if block.name == "li" else text)
    return "\n".join(lines)


def _table(table: Tag, tokens: list[layout.Token]) -> None:
    for row in table.find_all("tr"):
        if row.find_parent("table") is not table:
            continue  # a table inside a cell is read with its cell
        cells = [_cell_text(cell) for cell in row.find_all(["td", "th"], recursive=False)]
        cells = [c for c in cells if c.strip()] if len(cells) > 1 else cells
        if len(cells) == 1:
            tokens.extend(layout.Line(part) for part in cells[0].split("\n") if part.strip())
        elif cells:
            tokens.append(layout.Row(tuple(cells)))
