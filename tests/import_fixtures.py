"""Old published documents to import, made at test time from the seeds' words.

Seed 002's Council appendix (table layout) and seed 004's record of supplementary
questions (reported layout), each as a Word file (python-docx), a Modern.gov-shaped web
page and a PDF (WeasyPrint, from the web page, with running headers, footers and page
numbers), plus the mess real documents bring: tables flattened into a line per cell,
"Question Number" split over two lines, "•" bullets, curly and straight quotes mixed,
page numbers in the middle of an answer, and other numbering schemes.

`council_002_records()` and `scrutiny_004_records()` are what a reader must find, field
for field.
"""

from __future__ import annotations

import datetime as dt
import html
import io

import docx
from docx.enum.text import WD_BREAK

from portal.domain.importing.records import ImportedRecord
from tests import seed_text as seed
from tests.seed_records import visible

CABINET = "Cabinet member children and families"
COUNCIL_TITLE = (
    "Minutes of the meeting of Council held at Herefordshire Council Offices, Plough Lane, Hereford, "
    "HR4 0LE on Friday 30 September 2022 at 3.00 pm"
)
SECTION_HEADINGS = (
    ("public", "Agenda item no. 3 - Questions from members of the public"),
    ("member", "Agenda item no. 4 - Questions from members of the Council"),
)
SCRUTINY_TITLE = (
    "RESPONSE TO SUPPLEMENTARY PUBLIC QUESTIONS TO CHILDREN AND YOUNG PEOPLE SCRUTINY COMMITTEE "
    "13 DECEMBER 2022 (Minute Item 118)."
)


def _p(paragraphs: list[str]) -> str:
    return "\n\n".join(visible(p) for p in paragraphs)


def council_002_records() -> list[ImportedRecord]:
    """Seed 002's appendix, PQ 1–4 and MQ 1 (PQ 5's data tables are left to the Word tests)."""
    rows = [
        ("PQ 1", "Name and address supplied", seed.PQ1_QUESTION, seed.PQ1_RESPONSE, seed.PQ1_SUPPLEMENTARY,
         seed.PQ1_SUPPLEMENTARY_ANSWER, "cabinet member children and families"),
        ("PQ 2", "Ms Currie, Hereford", seed.PQ2_QUESTION, seed.PQ2_RESPONSE, seed.PQ2_SUPPLEMENTARY,
         seed.PQ2_SUPPLEMENTARY_ANSWER, "cabinet member children and families"),
        ("PQ 3", "Ms Gallagher, Hereford", seed.PQ3_QUESTION, seed.PQ3_RESPONSE, seed.PQ3_SUPPLEMENTARY,
         seed.PQ3_SUPPLEMENTARY_ANSWER, "cabinet member children and families"),
        ("PQ 4", "Mr Griffiths, Hereford", seed.PQ4_QUESTION, seed.PQ4_RESPONSE, seed.PQ4_SUPPLEMENTARY,
         seed.PQ4_SUPPLEMENTARY_ANSWER, "cabinet member children and families"),
        ("MQ 1", "Cllr Carole Gandy, Mortimer", seed.MQ1_QUESTION, seed.MQ1_RESPONSE, seed.MQ1_SUPPLEMENTARY,
         seed.MQ1_SUPPLEMENTARY_ANSWER, "Cabinet member children and families"),
    ]  # fmt: skip
    records = []
    for label, who, question, response, supplementary, answer, answered_by in rows:
        record = ImportedRecord(
            section="member" if label.startswith("MQ") else "public",
            number_label=label,
            questioner=who,
            question_to=CABINET,
            question=_p(question),
            response=_p(response),
            supplementary_question=_p(supplementary),
            supplementary_answered_by=answered_by,
            supplementary_response=_p(answer),
        )
        if label == "PQ 2":
            record.written_answer = _p(seed.PQ2_WRITTEN)
            record.written_answer_on = dt.date(2022, 10, 13)
        records.append(record)
    return records


def scrutiny_004_records() -> list[ImportedRecord]:
    records = []
    for entry in seed.SEED_004:
        record = ImportedRecord(
            section="public",
            questioner=entry["from"],
            supplementary_question=visible(entry["q"]),
            supplementary_response=_p(entry["response"]),
            actions=[visible(a) for a in entry["actions"]],
        )
        if "comment" in entry:
            record.noted_comments = [f"{entry['comment_heading']}\n\n{_p(entry['comment'])}"]
        records.append(record)
    return records


FIELDS = (
    "section",
    "number_label",
    "questioner",
    "question_to",
    "question",
    "response",
    "supplementary_question",
    "supplementary_answered_by",
    "supplementary_response",
    "written_answer",
    "written_answer_on",
    "actions",
    "noted_comments",
)


def fields_of(record: ImportedRecord, *, joined: bool = False) -> dict[str, object]:
    """The fields a reader must get right; `joined` compares paragraphs as one run of words
    (a PDF cannot always tell a paragraph break from a page break)."""
    out: dict[str, object] = {}
    for name in FIELDS:
        value = getattr(record, name)
        if joined and isinstance(value, str):
            value = " ".join(value.split())
        if joined and isinstance(value, list):
            value = [" ".join(v.split()) for v in value]
        out[name] = value
    return out


# Word ---------------------------------------------------------------------------------


def _paras(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p]


def _cell(cell: object, text: str) -> None:
    parts = _paras(text)
    cell.text = parts[0] if parts else ""
    for part in parts[1:]:
        cell.add_paragraph(part)


def council_docx(
    records: list[ImportedRecord],
    *,
    title: str = COUNCIL_TITLE,
    flattened: bool = False,
    split_header: bool = False,
    page_numbers: bool = False,
) -> bytes:
    """The table layout as seed 002 prints it: a header row per section, a row per question,
    the response in a merged row (PQ 1) or as paragraphs after the table (the others)."""
    document = docx.Document()
    document.add_heading("Council", level=1)
    document.add_paragraph(title)
    header = [
        "Question\nNumber" if split_header else "Question Number",
        "Questioner",
        "Question",
        "Question to",
    ]
    for kind, heading in SECTION_HEADINGS:
        document.add_paragraph(heading)
        for index, record in enumerate(r for r in records if r.section == kind):
            if flattened:
                if index == 0:
                    for cell in header:
                        for part in cell.split("\n"):
                            document.add_paragraph(part)
                document.add_paragraph(record.number_label)
                document.add_paragraph(record.questioner)
                for part in _paras(record.question):
                    document.add_paragraph(part)
                document.add_paragraph(record.question_to)
                _labelled_paragraphs(document, record, page_numbers=page_numbers)
                continue
            table = document.add_table(rows=1, cols=4)
            table.style = "Table Grid"
            if index == 0:
                for cell, text in zip(table.rows[0].cells, header, strict=True):
                    cell.text = text
                row = table.add_row()
            else:
                row = table.rows[0]
            for cell, text in zip(
                row.cells,
                [record.number_label, record.questioner, record.question, record.question_to],
                strict=True,
            ):
                _cell(cell, text)
            if index == 0:  # the first answer in merged rows, as PQ 1 is printed
                for label, text in _answer_parts(record):
                    merged = table.add_row().cells
                    merged[0].merge(merged[3])
                    _cell(merged[0], f"{label} {text}" if text else label)
            else:
                _labelled_paragraphs(document, record, page_numbers=page_numbers)
    return _save(document)


def _answer_parts(record: ImportedRecord) -> list[tuple[str, str]]:
    parts = [("Response:", record.response)]
    if record.supplementary_question:
        parts.append(("Supplementary Question:", record.supplementary_question))
    if record.supplementary_response:
        parts.append(
            (
                f"Response to supplementary question ({record.supplementary_answered_by}):",
                record.supplementary_response,
            )
        )
    if record.written_answer:
        parts.append(
            (f"Written response sent on {record.written_answer_on:%-d %B %Y}:", record.written_answer)
        )
    return parts


def _labelled_paragraphs(document: object, record: ImportedRecord, *, page_numbers: bool) -> None:
    for label, text in _answer_parts(record):
        document.add_paragraph(label)
        parts = _paras(text)
        for index, part in enumerate(parts):
            document.add_paragraph(part)
            if page_numbers and index == 0 and len(parts) > 1:
                document.add_paragraph("7")  # a page number in the middle of an answer


def scrutiny_docx(
    records: list[ImportedRecord], *, bullets: str = "- ", title: str = SCRUTINY_TITLE
) -> bytes:
    """The reported layout as seed 004 prints it: From / Q / Response / ACTION."""
    document = docx.Document()
    document.add_paragraph().add_run(title).bold = True
    document.add_paragraph(
        "Questions received and responses given are attached as appendix 1 to the minutes."
    )
    for record in records:
        document.add_paragraph().add_run(f"From: {record.questioner}").bold = True
        document.add_paragraph(f"Q: {record.supplementary_question}")
        document.add_paragraph().add_run("Response:").bold = True
        for part in _paras(record.supplementary_response):
            document.add_paragraph(part)
        if record.actions:
            document.add_paragraph().add_run("ACTION:").bold = True
            for letter, action in zip("abcdefgh", record.actions, strict=False):
                document.add_paragraph().add_run(f"{bullets}{letter}) {action}").bold = True
        for comment in record.noted_comments:
            heading, *body = _paras(comment)
            document.add_paragraph().add_run(heading).bold = True
            for part in body:
                document.add_paragraph(part)
    paragraph = document.add_paragraph()
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    return _save(document)


def _save(document: object) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# Web pages (Modern.gov's shape) and PDFs ---------------------------------------------------


def _html_paras(text: str) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in _paras(text))


def council_html(records: list[ImportedRecord], *, title: str = COUNCIL_TITLE) -> str:
    """An mgAi.aspx-shaped page: site chrome, then a table per question."""
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Agenda item - Council</title>",
        "<style>@page { size: A4; margin: 25mm 20mm; @top-center { content: 'Herefordshire Council'; }"
        " @bottom-center { content: counter(page); } } table { border-collapse: collapse; width: 100%; }"
        " td, th { border: 1px solid #000; padding: 4px; vertical-align: top; } p { margin: 0 0 8px; }"
        " body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 10pt; }</style></head><body>",
        "<nav class='mgBreadCrumbs'><a href='mgListCommittees.aspx'>Committees</a> › Council</nav>",
        f"<div id='modgov'><h1 class='mgMainTitleTxt'>Council</h1><p>{html.escape(title)}</p>",
    ]
    for kind, heading in SECTION_HEADINGS:
        parts.append(f"<h2 class='mgSubTitleTxt'>{heading}</h2>")
        for record in (r for r in records if r.section == kind):
            parts.append(
                "<table class='mgItemTable'><thead><tr><th>Question Number</th><th>Questioner</th>"
                "<th>Question</th><th>Question to</th></tr></thead><tbody>"
                f"<tr><td>{record.number_label}</td><td>{html.escape(record.questioner)}</td>"
                f"<td>{_html_paras(record.question)}</td><td>{html.escape(record.question_to)}</td></tr>"
            )
            for label, text in _answer_parts(record):
                parts.append(
                    f"<tr><td colspan='4'><p><strong>{html.escape(label)}</strong></p>"
                    f"{_html_paras(text)}</td></tr>"
                )
            parts.append("</tbody></table><p></p>")
    parts.append("</div><script>window.mgInit && mgInit();</script></body></html>")
    return "".join(parts)


def scrutiny_html(records: list[ImportedRecord], *, title: str = SCRUTINY_TITLE) -> str:
    """The reported layout as paragraphs, as a minutes page prints it."""
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Minutes</title>",
        "<style>@page { size: A4; margin: 25mm 20mm; @top-center { content: 'Children and Young People"
        " Scrutiny Committee'; } @bottom-right { content: 'Page ' counter(page); } }"
        " body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 10pt; } p { margin: 0 0 8px; }"
        " li { margin-bottom: 8px; }</style></head><body>",
        f"<p><strong>{html.escape(title)}</strong></p>",
        "<p>Questions received and responses given are attached as appendix 1 to the minutes.</p>",
    ]
    for record in records:
        parts.append(f"<p><strong>From: {html.escape(record.questioner)}</strong></p>")
        parts.append(f"<p>Q: {html.escape(record.supplementary_question)}</p>")
        parts.append("<p><strong>Response:</strong></p>")
        parts.append(_html_paras(record.supplementary_response))
        if record.actions:
            parts.append("<p><strong>ACTION:</strong></p><ul>")
            for letter, action in zip("abcdefgh", record.actions, strict=False):
                parts.append(f"<li><strong>{letter}) {html.escape(action)}</strong></li>")
            parts.append("</ul>")
        for comment in record.noted_comments:
            heading, *body = _paras(comment)
            parts.append(f"<p><strong>{html.escape(heading)}</strong></p>")
            parts.append("".join(f"<p>{html.escape(p)}</p>" for p in body))
    parts.append("</body></html>")
    return "".join(parts)


def pdf_of(page: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=page).write_pdf()
