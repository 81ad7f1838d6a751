"""The parser every reader shares: a document as a run of lines and table rows, read
into records in the table layout (seed 002), the reported layout (seed 004) or the
labelled layout, whichever the document uses, even mixed.

Readers turn their format into `Row`s (a table row whose cells are the number,
questioner, question and "question to") and `Line`s (a paragraph, a heading, a cell of a
flattened table). Real documents are messy, so the parser expects: table rows flattened
into one line per cell, "Question Number" split over two lines, "•" bullets, curly and
straight quotes mixed, running headers, footers and page numbers in the middle of an
answer, numbering as "PQ 1", "SPQ 1", "11.1" or "a)", and records that hold only a
supplementary question. What it cannot find it leaves empty and flags for the clerk.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from portal.domain.importing.records import ImportedRecord

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_DATE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(january|february|march|april|may|june|july|august|september"
    r"|october|november|december)\s*,?\s+(\d{4})\b",
    re.IGNORECASE,
)
NUMBER = re.compile(
    r"^(?:(?P<prefix>S?PQ|S?MQ|Q)\s*\.?\s*(?P<n>\d{1,3})"
    r"|(?P<dotted>\d{1,3}\.\d{1,3})"
    r"|(?P<letter>[a-z])\)"
    r"|question\s+(?:no\.?\s*|number\s*)?(?P<qn>\d{1,3}))"
    r"(?:\s*[-–—:]\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
_NOISE = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?$|^-\s*\d{1,4}\s*-$", re.IGNORECASE)
_HEADER_WORDS = {"question number", "number", "questioner", "question to", "question no", "no."}
_BULLET = re.compile(r"^(?:[•●▪◦·*]|-(?=\s))\s*")
_LETTERED = re.compile(r"^\(?([a-z])\)\s*")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})

_WHO = r"(?:\s*\((?P<who>[^)]*)\))?"
LABELS: list[tuple[str, re.Pattern[str]]] = [
    ("from", re.compile(r"^from\s*:\s*(?P<text>.*)$", re.I)),
    ("questioner", re.compile(r"^questioner\s*:\s*(?P<text>.*)$", re.I)),
    ("question_to", re.compile(r"^question(?:\s+put)?\s+to\s*:\s*(?P<text>.*)$", re.I)),
    (
        "supplementary_response",
        re.compile(
            r"^(?:response|answer|reply)\s+to\s+(?:the\s+)?supplementary(?:\s+question)?"
            + _WHO
            + r"\s*:\s*(?P<text>.*)$",
            re.I,
        ),
    ),
    (
        "supplementary_response",
        re.compile(r"^supplementary\s+(?:response|answer|reply)" + _WHO + r"\s*:\s*(?P<text>.*)$", re.I),
    ),
    (
        "supplementary_question",
        re.compile(r"^supplementary(?:\s+question)?" + _WHO + r"\s*:\s*(?P<text>.*)$", re.I),
    ),
    (
        "written_answer",
        re.compile(
            r"^written\s+(?:response|answer|reply)(?:\s+sent)?(?:\s+on)?\s*(?P<date>[^:]*?)\s*:\s*(?P<text>.*)$",
            re.I,
        ),
    ),
    ("question", re.compile(r"^(?:q|question)" + _WHO + r"\s*:\s*(?P<text>.*)$", re.I)),
    ("response", re.compile(r"^(?:response|answer|reply)" + _WHO + r"\s*:\s*(?P<text>.*)$", re.I)),
    ("actions", re.compile(r"^actions?\s*:\s*(?P<text>.*)$", re.I)),
    ("comment", re.compile(r"^\W*comments?\s+(?:from|by)\b.*$", re.I)),
]


@dataclass(frozen=True)
class Line:
    text: str
    page: int = 0


@dataclass(frozen=True)
class Row:
    """A table row in the table layout: number, questioner, question, question to."""

    cells: tuple[str, ...]
    page: int = 0


Token = Line | Row


@dataclass
class Parsed:
    records: list[ImportedRecord] = field(default_factory=list)
    meeting_date: dt.date | None = None
    layout: str = ""  # "table", "reported", "labelled" or "" when no record was found


def parse_date(text: str) -> dt.date | None:
    match = _DATE.search(text or "")
    if not match:
        return None
    day, month, year = match.groups()
    try:
        return dt.date(int(year), MONTHS[month.lower()], int(day))
    except ValueError:
        return None


def straight(text: str) -> str:
    return text.translate(_QUOTES)


def label_of(text: str) -> tuple[str, dict[str, str]] | None:
    """The label a line starts with ("Response:", "From:", ...) and its parts, quotes,
    bold marks and bullets ignored; the parts keep the document's own characters."""
    cleaned = text.strip().lstrip("*_ ").replace("**", "")
    plain = straight(cleaned)  # the same length: one character for one
    for name, pattern in LABELS:
        match = pattern.match(plain)
        if match:
            parts = {
                key: cleaned[match.start(key) : match.end(key)]
                for key, value in match.groupdict().items()
                if value is not None
            }
            return name, parts
    return None


def numbering(text: str) -> re.Match[str] | None:
    plain = straight(text).strip().strip("*").strip()
    if len(plain) > 200:
        return None
    return NUMBER.match(plain)


def section_of(text: str) -> tuple[str, bool] | None:
    """("public" | "member", supplementary-only?) for a section heading."""
    plain = straight(text).lower().strip(" *")
    if len(plain) > 200:
        return None
    supplementary = "supplementary" in plain and ("response to" in plain or plain.startswith("supplementary"))
    if re.search(
        r"questions?\s+(?:from|by|to)\b.*\b(?:members? of the council|councillors?|elected members)", plain
    ):
        return "member", supplementary
    if re.search(r"\bmember questions?\b", plain) and "public" not in plain:
        return "member", supplementary
    if re.search(r"questions?\s+from\s+(?:members of\s+)?the public|public questions?", plain):
        return "public", supplementary
    return None


def is_noise(text: str) -> bool:
    """A page number on a line of its own."""
    return bool(_NOISE.match(text.strip()))


def running_lines(tokens: list[Token]) -> set[str]:
    """Lines that repeat on several pages (running headers and footers)."""
    pages: dict[str, set[int]] = {}
    for token in tokens:
        if isinstance(token, Line) and token.page and len(token.text) < 150:
            pages.setdefault(token.text.strip(), set()).add(token.page)
    counts = Counter({text: len(found) for text, found in pages.items()})
    repeated = {text for text, n in counts.items() if n >= 3}
    # Never a label or a line of a record: only what repeats as page furniture.
    return {t for t in repeated if not label_of(t) and not numbering(t)}


def kind_for_number(match: re.Match[str] | None, current: str) -> str:
    if match and match.group("prefix"):
        return "member" if match.group("prefix").upper().endswith("MQ") else "public"
    return current


class _Parser:
    def __init__(self) -> None:
        self.records: list[ImportedRecord] = []
        self.sources: list[list[str]] = []
        self.section = "public"
        self.supplementary_only = False
        self.current: ImportedRecord | None = None
        self.field: str | None = None
        self.pending_cells: list[str] | None = None  # a flattened row being collected
        self.layouts: Counter[str] = Counter()
        self.skip_header_question = False

    # Records ---------------------------------------------------------------------------
    def start(self, *, number: str = "", kind: str | None = None, layout: str) -> ImportedRecord:
        self.close_pending()
        record = ImportedRecord(section=kind or self.section, number_label=number)
        self.records.append(record)
        self.sources.append([])
        self.current = record
        self.field = None
        self.layouts[layout] += 1
        return record

    def source(self, text: str) -> None:
        if self.current is not None:
            self.sources[-1].append(text)

    def append(self, name: str, text: str) -> None:
        if self.current is None or not text.strip():
            return
        if name == "actions":
            self.current.actions.append(_action_text(text))
        elif name == "noted_comments":
            if not self.current.noted_comments:
                self.current.noted_comments.append("")
            joined = f"{self.current.noted_comments[-1]}\n\n{_paragraph(text)}"
            self.current.noted_comments[-1] = joined.strip()
        else:
            value = getattr(self.current, name)
            setattr(self.current, name, f"{value}\n\n{_paragraph(text)}".strip())

    def close_pending(self) -> None:
        """A table row flattened into lines: questioner first, "question to" last."""
        cells, self.pending_cells = self.pending_cells, None
        if not cells or self.current is None:
            return
        record = self.current
        record.questioner = record.questioner or cells[0]
        rest = cells[1:]
        if len(rest) >= 2 and _looks_like_a_post(rest[-1]):
            record.question_to = record.question_to or rest[-1]
            rest = rest[:-1]
        if rest and not record.question:
            record.question = "\n\n".join(_paragraph(c) for c in rest)

    # Tokens ----------------------------------------------------------------------------
    def row(self, row: Row) -> None:
        cells = [c.strip() for c in row.cells]
        distinct = [c for i, c in enumerate(cells) if c and (i == 0 or c != cells[i - 1])]
        if not distinct:
            return
        if _is_header(distinct):
            self.close_pending()
            return
        match = numbering(distinct[0].split("\n")[0]) if len(distinct) >= 3 else None
        if match and not match.group("rest"):
            record = self.start(
                number=_label(match), kind=kind_for_number(match, self.section), layout="table"
            )
            record.questioner = distinct[1]
            if len(distinct) >= 4:
                record.question = _paragraphs(distinct[2])
                record.question_to = " ".join(distinct[3].split())
            else:
                record.question = _paragraphs(distinct[2])
            self.source(" | ".join(distinct))
            self.field = "question"
            return
        for cell in distinct:
            for paragraph in re.split(r"\n\s*\n|\n", cell):
                if paragraph.strip():
                    self.line(Line(paragraph, row.page))

    def line(self, token: Line) -> None:
        text = token.text.strip()
        if not text or is_noise(text):
            return
        plain = straight(text).strip(" *").lower()
        if plain in _HEADER_WORDS or (plain == "question" and self.skip_header_question):
            self.skip_header_question = plain in _HEADER_WORDS or plain == "question"
            self.close_pending()
            return
        self.skip_header_question = False
        heading = section_of(text)
        if heading and label_of(text) is None:
            self.close_pending()
            self.section, self.supplementary_only = heading
            self.current, self.field = None, None
            return
        labelled = label_of(text)
        if labelled is not None:
            self.close_pending()
            self.label(labelled[0], labelled[1], text)
            return
        match = numbering(text)
        if match:
            record = self.start(
                number=_label(match), kind=kind_for_number(match, self.section), layout="labelled"
            )
            rest = (match.group("rest") or "").strip()
            self.source(text)
            if rest:
                record.questioner = rest
            else:
                self.pending_cells = []
            return
        if self.pending_cells is not None:
            self.pending_cells.append(text)
            self.source(text)
            return
        if self.current is None or self.field is None:
            return
        self.source(text)
        self.append(self.field, text)

    def label(self, name: str, groups: dict[str, str], text: str) -> None:
        rest = (groups.get("text") or "").strip()
        who = (groups.get("who") or "").strip()
        if name == "from":
            record = self.start(layout="reported")
            record.questioner = rest
            self.source(text)
            return
        if self.current is None:
            if name not in ("question", "questioner"):
                return
            self.start(layout="labelled")
        record = self.current
        assert record is not None
        self.source(text)
        if name == "question" and self.supplementary_only:
            name = "supplementary_question"
        if name == "response" and self.supplementary_only:
            name = "supplementary_response"
        if name == "question" and record.question and (record.response or record.supplementary_question):
            # A second "Q:" after an answer is the start of the next record, unnumbered.
            record = self.start(layout="labelled")
            self.source(text)
        if name == "questioner":
            record.questioner = rest
            self.field = None
            return
        if name == "question_to":
            record.question_to = rest
            self.field = None
            return
        if name == "comment":
            record.noted_comments.append(straight(text).strip())
            self.field = "noted_comments"
            return
        if name == "written_answer":
            record.written_answer_on = parse_date(groups.get("date") or "")
        if name == "question" and who and not record.questioner:
            record.questioner = who
        if name == "response" and who:
            record.answered_by = who
        if name == "supplementary_response" and who:
            record.supplementary_answered_by = who
        if name == "response" and record.supplementary_question:
            name = "supplementary_response"  # "Response:" after a supplementary answers it
        if name == "question" and record.question:
            name = "supplementary_question" if record.response else "question"
        self.field = name
        if rest:
            self.append(name, rest)

    def finish(self) -> list[ImportedRecord]:
        self.close_pending()
        for record, source in zip(self.records, self.sources, strict=True):
            record.source_text = "\n".join(source)
            record.tidy()
        return self.records


def parse(tokens: list[Token]) -> Parsed:
    """Records from a document's lines and rows, with the meeting's date if it says."""
    furniture = running_lines(tokens)
    parser = _Parser()
    meeting_date = None
    seen = 0
    for token in tokens:
        if isinstance(token, Line):
            if token.text.strip() in furniture:
                continue
            if meeting_date is None and not parser.records and seen < 40:
                meeting_date = parse_date(token.text)
            seen += 1
            parser.line(token)
        else:
            parser.row(token)
    records = parser.finish()
    layout = parser.layouts.most_common(1)[0][0] if parser.layouts else ""
    return Parsed(records=records, meeting_date=meeting_date, layout=layout)


def _label(match: re.Match[str]) -> str:
    if match.group("prefix"):
        return f"{match.group('prefix').upper()} {int(match.group('n'))}"
    if match.group("dotted"):
        return match.group("dotted")
    if match.group("letter"):
        return f"{match.group('letter').lower()})"
    return f"Question {int(match.group('qn'))}"


def _is_header(cells: list[str]) -> bool:
    joined = " ".join(" ".join(c.split()) for c in cells).lower()
    return "questioner" in joined and "question" in joined and len(joined) < 80


def _looks_like_a_post(text: str) -> bool:
    plain = text.strip()
    return 0 < len(plain) <= 150 and not plain.endswith(("?", ".")) and len(plain.split()) <= 15


def _paragraph(text: str) -> str:
    """One paragraph: a bullet of any kind becomes "• "."""
    text = " ".join(text.split())
    if _BULLET.match(text):
        return "• " + _BULLET.sub("", text, count=1).strip()
    return text


def _paragraphs(cell: str) -> str:
    return "\n\n".join(_paragraph(p) for p in re.split(r"\n", cell) if p.strip())


def _action_text(text: str) -> str:
    text = _BULLET.sub("", " ".join(text.split()), count=1)
    text = _LETTERED.sub("", text, count=1)
    return text.replace("**", "").strip()
