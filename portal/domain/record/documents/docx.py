"""The Word document: real headings, lists and tables, so a clerk can paste the record
into the committee-papers system and keep its structure.

Headings: 1 the document, 2 each agenda item, 3 each question, 4 each block
("Response:", "Supplementary Question:"...). The file is made deterministic (fixed
timestamps inside the zip and in the document properties) so the same model always
gives the same bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import html as lxml_html

from portal.domain.record.documents import bilingual
from portal.domain.record.documents.html import mentions, paragraphs

FONT = "Arial"
# Word's language tags for the record's languages.
WORD_LANGUAGES = {"en": "en-GB", "cy": "cy-GB"}
TABLE_HEADINGS = ("Question Number", "Questioner", "Question", "Question to")
COLUMN_WIDTHS_MM = (24, 34, 82, 34)


def _style_ids_looked_up_once(doc: Any) -> None:
    """python-docx finds a style's id by reading every style in the document, and the
    default style's again, each time a paragraph or heading is given one: two-fifths of
    a 300-question record's Word file. The styles are not changed once writing begins
    (_set_up changes their formatting, not their names or ids), so each answer is kept.
    The bytes written are the same."""
    part = doc.part
    look_up = part.get_style_id
    found: dict[tuple[Any, Any], Any] = {}

    def get_style_id(style_or_name: Any, style_type: Any) -> Any:
        key = (style_or_name if isinstance(style_or_name, str | None) else style_or_name.style_id, style_type)
        if key not in found:
            found[key] = look_up(style_or_name, style_type)
        return found[key]

    part.get_style_id = get_style_id


def render_docx(model: dict[str, Any]) -> bytes:
    """The record in its languages (bilingual.py). The document's language is the first;
    every run in the other language carries its own w:lang. Side by side becomes, in Word,
    each item followed at once by its translation: headings inside table cells are hard to
    find with a screen reader, and the two never drift apart."""
    doc = Document()
    _style_ids_looked_up_once(doc)
    published_at = dt.datetime.fromisoformat(model["document"]["published_at"].replace("Z", "+00:00"))
    views = bilingual.views(model)
    first = views[0]
    _set_up(doc, first, published_at)
    writer = _Writer(doc, first["view_lang"])
    writer.front_matter(first)
    if len(views) == 1:
        writer.sections(first)
    elif bilingual.arrangement(model) == "side_by_side":
        writer.side_by_side(first, views[1])
    else:
        for index, view in enumerate(views):
            with writer.language(view["view_lang"]):
                words = "In Welsh" if view["view_lang"] == "cy" else "In English"
                doc.add_heading(bilingual.translate_plain(words, view), level=2)
                if index:
                    writer.facts(view)
                writer.sections(view)
    writer.end_matter(first)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _normalise_zip(buffer.getvalue(), published_at)


def _set_up(doc: Any, model: dict[str, Any], published_at: dt.datetime) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for level in range(1, 5):
        style = styles[f"Heading {level}"]
        style.font.name = FONT
        style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
        style.font.size = Pt({1: 20, 2: 15, 3: 13, 4: 11}[level])
    props = doc.core_properties
    props.title = model["document"]["title"]
    props.author = model["council"]["name"]
    props.last_modified_by = model["council"]["name"]
    props.subject = f"{model['committee']['name']}, {model['meeting']['date_text']}"
    props.keywords = "questions, answers"
    props.comments = f"{model['document']['kind_label']}, version {model['document']['version']}"
    language = WORD_LANGUAGES.get(model.get("view_lang", "en"), "en-GB")
    props.language = language
    _text_in_british_english(doc, language)
    props.created = published_at
    props.modified = published_at
    props.revision = model["document"]["version"]

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    header = section.header.paragraphs[0]
    run = header.add_run(model["council"]["name"])
    run.bold = True
    header.add_run(
        f"\t\t{model['committee']['name']}, {model['meeting']['date_text']} – "
        f"{model['document']['kind_label']}, {bilingual.translate_plain('version', model)} "
        f"{model['document']['version']}"
    ).font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    words = bilingual.translate_plain("Page %(page)s of %(pages)s", model)
    for piece in re.split(r"(%\(\w+\)s)", words):
        if piece == "%(page)s":
            _field(footer, "PAGE")
        elif piece == "%(pages)s":
            _field(footer, "NUMPAGES")
        elif piece:
            run = footer.add_run(piece)
            if not bilingual.has_label("Page %(page)s of %(pages)s", model):
                _mark_runs(run._r, "en")


def _text_in_british_english(doc: Any, language: str = "en-GB") -> None:
    """The text's language, not only the metadata's: Word's spelling checker and screen
    readers read the language of the runs, which the default template sets to en-US."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    properties = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if properties is None:
        properties = doc.styles["Normal"].element.get_or_add_rPr()
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)


def _field(paragraph: Paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _mark_runs(element: Any, language: str) -> None:
    """Give every run under `element` that has no language of its own `language`."""
    for run in element.iter(qn("w:r")):
        properties = run.find(qn("w:rPr"))
        if properties is None:
            properties = OxmlElement("w:rPr")
            run.insert(0, properties)
        if properties.find(qn("w:lang")) is None:
            lang = OxmlElement("w:lang")
            lang.set(qn("w:val"), WORD_LANGUAGES.get(language, language))
            properties.append(lang)


class _Writer:
    def __init__(self, doc: Any, document_language: str = "en") -> None:
        self.doc = doc
        self.meeting_entered = False
        self.document_language = document_language
        self.current = document_language

    @contextlib.contextmanager
    def language(self, language: str) -> Iterator[None]:
        """What is written inside is in `language`: its runs are marked with it, unless
        that is the language around it."""
        body = self.doc.element.body
        # New paragraphs go in before the section properties that end the body.
        before = len(body) - (1 if len(body) and body[-1].tag == qn("w:sectPr") else 0)
        outer, self.current = self.current, language
        try:
            yield
        finally:
            self.current = outer
            if language != outer:
                for element in list(body)[before:]:
                    if element.tag != qn("w:sectPr"):
                        _mark_runs(element, language)

    def in_text_language(self, item: dict[str, Any], field: str) -> contextlib.AbstractContextManager[None]:
        text_lang = (item.get("text_langs") or {}).get(field)
        return self.language(text_lang) if text_lang else contextlib.nullcontext()

    def sections(self, view: dict[str, Any]) -> None:
        for section in view["sections"]:
            with self.language(section.get("heading_lang", self.current)):
                self.doc.add_heading(section["heading"], level=2)
            self.minute(section)
            if not section["items"]:
                self.doc.add_paragraph(section["empty_text"])
            for item in section["items"]:
                self.item(view, item)

    def minute(self, section: dict[str, Any]) -> None:
        """The minutes' own number for the section ("Minute 45/22"), where it has one."""
        if section.get("minute"):
            words = bilingual.parts("Minute %(minute)s", section, minute=section["minute"])
            self.write(self.doc.add_paragraph(), words)

    def side_by_side(self, first: dict[str, Any], second: dict[str, Any]) -> None:
        for section, other in zip(first["sections"], second["sections"], strict=True):
            with self.language(section.get("heading_lang", self.current)):
                self.doc.add_heading(section["heading"], level=2)
            with self.language(other.get("heading_lang", second["view_lang"])):
                self.doc.add_paragraph().add_run(other["heading"]).bold = True
            self.minute(section)
            with self.language(second["view_lang"]):
                self.minute(other)
            if not section["items"]:
                self.doc.add_paragraph(section["empty_text"])
                with self.language(second["view_lang"]):
                    self.doc.add_paragraph(other["empty_text"])
            for item, translated in zip(section["items"], other["items"], strict=True):
                self.item(first, item)
                with self.language(second["view_lang"]):
                    self.item(second, translated)

    def item(self, view: dict[str, Any], item: dict[str, Any]) -> None:
        appendix = view["document"]["kind"] == "minutes_appendix"
        self.labels = view
        if view["committee"]["layout"] == "table":
            self.table_item(item, appendix)
        elif view["committee"]["layout"] == "labelled":
            self.labelled_item(item, appendix)
        else:
            self.reported_item(item, appendix)

    def t(self, text: str) -> str:
        return bilingual.translate_plain(text, getattr(self, "labels", {}))

    def p(self, text: str, **params: Any) -> list[bilingual.Part]:
        """The document's own words with fields, in pieces by language (bilingual.parts)."""
        return bilingual.parts(text, getattr(self, "labels", {}), **params)

    def write(
        self,
        paragraph: Paragraph,
        words: str | list[bilingual.Part],
        *,
        bold: bool = False,
        italic: bool = False,
    ) -> None:
        """Words, or pieces from `p`, as runs: a piece in another language carries its w:lang."""
        pieces: list[bilingual.Part] = []
        for text, lang in [(words, None)] if isinstance(words, str) else words:
            if pieces and pieces[-1][1] == lang:
                pieces[-1] = (pieces[-1][0] + text, lang)
            elif text:
                pieces.append((text, lang))
        for text, lang in pieces:
            run = paragraph.add_run(text)
            if bold:
                run.bold = True
            if italic:
                run.italic = True
            if lang and lang != self.current:
                _mark_runs(run._r, lang)

    def note(self, words: str | list[bilingual.Part]) -> None:
        """A note such as "Received by e-mail.", in italics."""
        self.write(self.doc.add_paragraph(), words, italic=True)

    # The parts of the document ---------------------------------------------------------

    def front_matter(self, model: dict[str, Any]) -> None:
        document = model["document"]
        self.labels = model
        title = self.t("Questions and answers")
        if document["preview"]:
            title = f"Preview – not published: {title}"
        self.doc.add_heading(title, level=1)
        paragraph = self.doc.add_paragraph()
        name = paragraph.add_run(model["committee"]["name"])
        if self.current != model.get("committee_lang", "en"):
            _mark_runs(name._r, "en")
        paragraph.add_run(f", {model['meeting']['date_text']}")
        self.facts(model)
        if len(document["history"]) > 1:
            # In the record's language; a version published before the model had these
            # words shows them in English, marked so.
            in_own_words = bilingual.has_label("Versions", model)
            with self.language(self.current if in_own_words else "en"):
                self.doc.add_paragraph()
                self.write(self.doc.add_paragraph(), self.p("Versions"), bold=True)
                for entry in document["history"]:
                    note = entry["change_note"]
                    self.write(
                        self.doc.add_paragraph(style="List Bullet"),
                        self.p(
                            "Version %(version)s, %(kind)s, published %(published)s: %(change)s",
                            version=entry["version"],
                            kind=self.t(entry["kind_label"]).lower(),
                            published=entry["published_text"],
                            change=(note, entry.get("change_note_lang", "en"))
                            if note
                            else self.t("first published"),
                        ),
                    )

    def facts(self, model: dict[str, Any]) -> None:
        """The meeting's facts, as a table of two columns."""
        meeting, document = model["meeting"], model["document"]
        self.labels = model
        t = self.t
        facts: list[tuple[str, str | list[bilingual.Part]]] = [
            (
                t("Meeting"),
                model["committee"]["name"] + (f" ({meeting['title']})" if meeting["title"] else ""),
            ),
            (t("Date"), meeting["date_text"]),
            (t("Time"), meeting["time_text"]),
            (t("Place"), meeting["venue"]),
        ]
        if meeting["actual"]["started_text"]:
            held = f"The meeting started at {meeting['actual']['started_text']}"
            if meeting["actual"]["ended_text"]:
                held += f" and ended at {meeting['actual']['ended_text']}"
            held_parts: list[bilingual.Part] = (
                [(meeting["held_text"], None)] if meeting.get("held_text") else [(held + ".", "en")]
            )
            facts.append((t("Held"), held_parts))
        entered = meeting.get("entered_after_event")
        self.meeting_entered = entered is not None
        if entered:
            facts.append((t("Record"), bilingual.entered_parts(entered, model, in_facts=True)))
        facts += [
            (t("Document"), f"{document['kind_label']}, {t('version')} {document['version']}"),
            (t("Published"), document["published_text"]),
        ]
        if document["change_note"]:
            # The clerk's own words, in English; a note the portal wrote, in the view's language.
            note_lang = document.get("change_note_lang", "en")
            note_part = (document["change_note"], None if note_lang == self.current else note_lang)
            facts.append((t("What changed"), [note_part]))
        table = self.doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        # The venue and the committee are in English unless the council gave their Welsh.
        english_values = (set() if meeting.get("venue_lang") else {facts[3][0]}) | (
            set() if model.get("committee_lang") else {facts[0][0]}
        )
        for key, value in facts:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(key).bold = True
            if isinstance(value, list):
                self.write(cells[1].paragraphs[0], value)
                continue
            run = cells[1].paragraphs[0].add_run(value)
            if key in english_values and self.current != "en":
                _mark_runs(run._r, "en")
        _widths(table, (35, 139))

    def end_matter(self, model: dict[str, Any]) -> None:
        if model.get("view_lang", "en") != "en" and bilingual.has_label("Skip to main content", model):
            self._end_matter_in_own_words(model)
            return
        with self.language("en"):
            self._end_matter(model)

    def _end_matter_in_own_words(self, model: dict[str, Any]) -> None:
        """The help at the end in the view's language (a version that carries its words)."""
        self.labels = model
        contact, council = model["meeting"]["contact"], model["council"]
        email = contact["email"] or council["email"]
        if contact["name"]:
            pieces = self.p(
                "If you need this document in another format, such as large print, easy read, audio or "
                "Braille, contact %(name)s",
                name=(contact["name"], "en"),
            )
        else:
            pieces = self.p(
                "If you need this document in another format, such as large print, easy read, audio or "
                "Braille, contact democratic services"
            )
        if email:
            pieces += self.p(" at %(email)s", email=email)
        if contact["phone"]:
            pieces += self.p(" or on %(phone)s", phone=contact["phone"])
        pieces += [(". ", None)]
        pieces += self.p(
            "The latest version of this record is online at %(address)s.",
            address=council["url"] + model["document"]["latest_path"],
        )
        self.doc.add_paragraph()
        end = self.doc.add_paragraph()
        self.write(end, pieces)
        for run in end.runs:
            run.font.size = Pt(9)

    def _end_matter(self, model: dict[str, Any]) -> None:
        contact = model["meeting"]["contact"]
        self.doc.add_paragraph()
        end = self.doc.add_paragraph(
            f"If you need this document in another format, contact {contact['name'] or 'democratic services'}"
            + (
                f", {contact['email'] or model['council']['email']}"
                if contact["email"] or model["council"]["email"]
                else ""
            )
            + (f", {contact['phone']}" if contact["phone"] else "")
            + f". The latest version is online at {model['council']['url']}"
            + f"{model['document']['latest_path']}."
        )
        for run in end.runs:
            run.font.size = Pt(9)

    def table_item(self, item: dict[str, Any], appendix: bool) -> None:
        self.doc.add_heading(item["label"], level=3)
        if item["withdrawn"]:
            self.doc.add_paragraph(self.t("This question was withdrawn by the questioner."))
            return
        table = self.doc.add_table(rows=2, cols=4)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        for cell, heading in zip(table.rows[0].cells, TABLE_HEADINGS, strict=True):
            cell.paragraphs[0].add_run(self.t(heading)).bold = True
        _repeat_header(table.rows[0])
        cells = table.rows[1].cells
        cells[0].paragraphs[0].add_run(item["label"])
        cells[1].paragraphs[0].add_run(item["questioner"])
        _plain_paragraphs(cells[2], item["question_text"])
        text_lang = (item.get("text_langs") or {}).get("question_text")
        if text_lang and text_lang != self.current:
            _mark_runs(cells[2]._tc, text_lang)
        cells[3].paragraphs[0].add_run(item["question_to"])
        if self.current != item.get("question_to_lang", "en"):
            _mark_runs(cells[3]._tc, "en")
        _widths(table, COLUMN_WIDTHS_MM)
        self.blocks(item, appendix, "table")

    def reported_item(self, item: dict[str, Any], appendix: bool) -> None:
        self.doc.add_heading(f"{item['label']} – {self.t('From:')} {item['questioner']}", level=3)
        if item["withdrawn"]:
            self.doc.add_paragraph(self.t("This question was withdrawn by the questioner."))
            return
        if item["question_to"]:
            english = _other_than_view(item, item.get("question_to_lang", "en"))
            self.write(
                self.doc.add_paragraph(),
                [(f"{self.t('Question to:')} ", None), (item["question_to"], english)],
            )
        with self.in_text_language(item, "question_text"):
            for index, lines in enumerate(paragraphs(item["question_text"])):
                paragraph = self.doc.add_paragraph()
                if index == 0:
                    paragraph.add_run(f"{self.t('Q:')} ").bold = True
                _add_lines(paragraph, lines)
        self.blocks(item, appendix, "reported")

    def labelled_item(self, item: dict[str, Any], appendix: bool) -> None:
        label = f"{item['label']} " if item["label"] else ""
        self.doc.add_heading(f"{label}{item['questioner']}", level=3)
        if item["withdrawn"]:
            self.doc.add_paragraph(self.t("This question was withdrawn by the questioner."))
            return
        if item["question_text"]:
            self.doc.add_heading(self.t("Question"), level=4)
            english = _other_than_view(item, item.get("question_to_lang", "en"))
            to: list[bilingual.Part] = (
                [(f", {self.t('to')} ", None), (item["question_to"], english)] if item["question_to"] else []
            )
            self.write(self.doc.add_paragraph(), [(item["questioner"], None), *to], italic=True)
            with self.in_text_language(item, "question_text"):
                for lines in paragraphs(item["question_text"]):
                    _add_lines(self.doc.add_paragraph(), lines)
        self.blocks(item, appendix, "labelled")

    def spoken(
        self,
        label: str | list[bilingual.Part],
        speaker: str,
        html: str,
        lang: str | None = None,
        speaker_lang: str | None = None,
    ) -> None:
        self.write(self.doc.add_heading("", level=4), label)
        if speaker:
            self.write(self.doc.add_paragraph(), [(speaker, speaker_lang)], italic=True)
        with self.language(lang or self.current):
            self.html(html)

    def blocks(self, item: dict[str, Any], appendix: bool, layout: str) -> None:
        """The parts of an exchange after the question. The portal's own words are in the
        view's language; names and text the council typed once in English are marked English."""
        langs = item.get("text_langs") or {}
        english = None if item.get("view_lang", "en") == "en" else "en"
        if appendix and item["put"] and item["put"]["how"] == "not_put":
            self.note(self.p("Not put at the meeting."))
        elif appendix and read_out_note(item):
            self.note(self.p("Read out at the meeting by %(name)s.", name=(item["put"]["read_by"], "en")))
        if item.get("arrival"):
            self.note([*self.p(item["arrival"]["label"]), (".", None)])
        entered = item.get("entered_after_event")
        if entered and not self.meeting_entered:
            self.note(bilingual.entered_parts(entered, item))
        moments = item.get("webcast") or {}
        if moments.get("question"):
            self.watch(
                moments["question"],
                self.p(
                    "Watch %(label)s in the webcast, from %(time)s",
                    label=item["label"],
                    time=moments["question"]["text"],
                ),
            )
        if layout == "labelled":
            if item["response_html"]:
                self.spoken(
                    self.t("Response"),
                    item.get("answered_by", ""),
                    item["response_html"],
                    langs.get("response_html"),
                    english,
                )
        elif item["response_html"] or not entered:
            self.block(item["response_parts"], item["response_html"], langs.get("response_html"))
        supplementary = item["supplementary"]
        question_lang = langs.get("supplementary.question_html")
        answer_lang = langs.get("supplementary.answer_html")
        if supplementary:
            arrival = supplementary.get("arrival")
            arrival_note = [*self.p(arrival["label"]), (".", None)] if arrival else None
            supplementary_moment = moments.get("supplementary")
            watch_words = (
                self.p(
                    "Watch the supplementary question in the webcast, from %(time)s",
                    time=supplementary_moment["text"],
                )
                if supplementary_moment
                else []
            )
            if layout == "labelled":
                self.spoken(
                    self.t("Supplementary question"),
                    item["questioner"],
                    supplementary["question_html"],
                    question_lang,
                )
                if arrival_note:
                    self.note(arrival_note)
                self.watch(supplementary_moment, watch_words)
                answered_by = supplementary["answered_by"]
                self.spoken(
                    self.t("Supplementary response"),
                    answered_by,
                    supplementary["answer_html"],
                    answer_lang,
                    english,
                )
            elif layout == "table":
                self.block(self.t("Supplementary Question:"), supplementary["question_html"], question_lang)
                if arrival_note:
                    self.note(arrival_note)
            else:
                if item["question_text"]:
                    self.doc.add_heading(self.t("Supplementary question at the meeting"), level=4)
                if arrival_note:
                    self.note(arrival_note)
                with self.language(question_lang or self.current):
                    self.html(supplementary["question_html"], lead=f"{self.t('Q:')} ")
            if layout != "labelled":
                self.watch(supplementary_moment, watch_words)
                self.block(supplementary["label_parts"], supplementary["answer_html"], answer_lang)
        for follow_up in item.get("follow_ups", []):
            if layout == "labelled":
                self.spoken(
                    self.p("Follow-up question"),
                    follow_up["asked_by"],
                    follow_up["question_html"],
                    english,
                    english,
                )
                if follow_up["answer_html"]:
                    self.spoken(
                        self.p("Follow-up response"),
                        follow_up["answered_by"],
                        follow_up["answer_html"],
                        english,
                        english,
                    )
            else:
                self.block(
                    self.p("Follow-up question (%(asked_by)s):", asked_by=(follow_up["asked_by"], "en")),
                    follow_up["question_html"],
                    english,
                )
                if follow_up["answer_html"]:
                    by = follow_up["answered_by"]
                    label = (
                        self.p("Response (%(answered_by)s):", answered_by=(by, "en"))
                        if by
                        else self.p("Response:")
                    )
                    self.block(label, follow_up["answer_html"], english)
        written = item["written_answer"]
        if written:
            if written["sent_on"]:
                label = (
                    written["label"]
                    if english is None
                    else self.p("Written response sent on %(date)s:", date=written["sent_text"])
                )
                self.block(label, written["html"], english)
            elif written.get("undated"):
                self.write(self.doc.add_paragraph(), self.p("A written response will be provided."))
            else:
                self.write(self.doc.add_heading("", level=4), self.p("Written response to follow"))
                self.write(
                    self.doc.add_paragraph(),
                    self.p(
                        "A written response was promised at the meeting. It is due by %(date)s.",
                        date=written["due_text"],
                    ),
                )
        if item["actions"]:
            self.write(self.doc.add_heading("", level=4), self.p("ACTION:"))
            for action in item["actions"]:
                paragraph = self.doc.add_paragraph()
                paragraph.paragraph_format.left_indent = Mm(6)
                paragraph.add_run(f"{action['letter']}) ").bold = True
                _inline(paragraph, _fragment(action["html"]), bold=True)
                if english:
                    _mark_runs(paragraph._p, english)
                if action["owner"] and not mentions(action["html"], action["owner"]):
                    self.write(
                        paragraph, [(" ", None), *self.p("Owner: %(owner)s", owner=(action["owner"], "en"))]
                    )
        for comment in item["noted_comments"]:
            self.block([(comment["heading"], english)], comment["html"], english)

    def watch(self, moment: dict[str, Any] | None, words: list[bilingual.Part]) -> None:
        """A link to the moment in the meeting's webcast where this part begins."""
        if moment:
            paragraph = self.doc.add_paragraph()
            _hyperlink(paragraph, "".join(text for text, _lang in words), moment["url"])
            languages = {lang for _text, lang in words if lang}
            if languages and languages != {self.current}:
                _mark_runs(paragraph._p, languages.pop())

    def block(self, label: str | list[bilingual.Part], html: str, lang: str | None = None) -> None:
        self.write(self.doc.add_heading("", level=4), label)
        with self.language(lang or self.current):
            self.html(html)

    # Rich text -------------------------------------------------------------------------

    def html(self, html: str, lead: str | None = None) -> None:
        root = _fragment(html)
        if root.text and root.text.strip():
            paragraph = self.doc.add_paragraph()
            if lead:
                paragraph.add_run(lead).bold = True
                lead = None
            paragraph.add_run(root.text.strip())
        for element in root:
            lead = self._block_element(element, lead)
            if element.tail and element.tail.strip():
                self.doc.add_paragraph(element.tail.strip())

    def _block_element(self, element: Any, lead: str | None) -> str | None:
        tag = element.tag
        if tag in ("ul", "ol"):
            self._list(element, ordered=tag == "ol", depth=0)
        elif tag == "table":
            self._table(element)
        elif tag in ("h3", "h4"):
            paragraph = self.doc.add_paragraph()
            _inline(paragraph, element, bold=True)
        else:
            style = "Quote" if tag == "blockquote" else None
            paragraph = self.doc.add_paragraph(style=style)
            if lead:
                paragraph.add_run(lead).bold = True
                lead = None
            _inline(paragraph, element)
        return lead

    def _list(self, element: Any, *, ordered: bool, depth: int) -> None:
        start = int(element.get("start") or 1)
        for index, li in enumerate(child for child in element if child.tag == "li"):
            style = "List Bullet" if not ordered else "List Paragraph"
            if depth and not ordered:
                style = "List Bullet 2"
            paragraph = self.doc.add_paragraph(style=style)
            if ordered:
                paragraph.paragraph_format.left_indent = Mm(6 + 6 * depth)
                paragraph.add_run(f"{start + index}. ")
            nested = [child for child in li if child.tag in ("ul", "ol")]
            _inline(paragraph, li, skip=("ul", "ol"))
            for child in nested:
                self._list(child, ordered=child.tag == "ol", depth=depth + 1)

    def _table(self, element: Any) -> None:
        rows = element.xpath(".//tr")
        if not rows:
            return
        width = max(sum(int(c.get("colspan") or 1) for c in row.xpath("./th|./td")) for row in rows)
        table = self.doc.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        caption = element.find("caption")
        if caption is not None and caption.text_content().strip():
            self.doc.add_paragraph().add_run(caption.text_content().strip()).bold = True
        for row in rows:
            cells = table.add_row().cells
            is_header = row.getparent().tag == "thead" or all(c.tag == "th" for c in row.xpath("./th|./td"))
            column = 0
            for source in row.xpath("./th|./td"):
                if column >= width:
                    break
                target = cells[column]
                span = int(source.get("colspan") or 1)
                if span > 1 and column + span - 1 < width:
                    target = target.merge(cells[column + span - 1])
                _inline(target.paragraphs[0], source, bold=source.tag == "th")
                column += span
            if is_header:
                _repeat_header(table.rows[-1])


# Helpers ---------------------------------------------------------------------------------


def _fragment(html: str) -> Any:
    return lxml_html.fragment_fromstring(html or "", create_parent="div")


def _plain_paragraphs(cell: Any, text: str) -> None:
    blocks = paragraphs(text)
    for index, lines in enumerate(blocks):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        _add_lines(paragraph, lines)


def _add_lines(paragraph: Paragraph, lines: list[str]) -> None:
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        if index < len(lines) - 1:
            run.add_break()


def _inline(
    paragraph: Paragraph,
    element: Any,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    superscript: bool = False,
    subscript: bool = False,
    skip: tuple[str, ...] = (),
) -> None:
    """The text of `element` and its inline children as runs, keeping their formatting."""
    style = {
        "bold": bold,
        "italic": italic,
        "underline": underline,
        "superscript": superscript,
        "subscript": subscript,
    }

    def add(text: str | None, fmt: dict[str, bool]) -> None:
        if not text:
            return
        run = paragraph.add_run(" ".join(text.split("\n")))
        run.bold = fmt["bold"] or None
        run.italic = fmt["italic"] or None
        run.underline = fmt["underline"] or None
        if fmt["superscript"]:
            run.font.superscript = True
        if fmt["subscript"]:
            run.font.subscript = True

    add(element.text, style)
    seen_paragraph = False
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in skip:
            continue
        if tag == "br":
            paragraph.add_run().add_break()
        elif tag == "p":
            if seen_paragraph:
                paragraph.add_run().add_break()
            seen_paragraph = True
            _inline(paragraph, child, **style)
        elif tag == "a":
            href = child.get("href") or ""
            if href.startswith(("http://", "https://", "mailto:")):
                _hyperlink(paragraph, child.text_content(), href)
            else:
                add(child.text_content(), style)
        else:
            inner = dict(style)
            if tag in ("strong", "b", "th"):
                inner["bold"] = True
            elif tag in ("em", "i"):
                inner["italic"] = True
            elif tag == "u":
                inner["underline"] = True
            elif tag == "sup":
                inner["superscript"] = True
            elif tag == "sub":
                inner["subscript"] = True
            _inline(paragraph, child, **inner)
        add(child.tail, style)


def _hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    part = paragraph.part
    rel_id = part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "1D70B8")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.extend([style, colour, underline])
    run.append(props)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _repeat_header(row: Any) -> None:
    """Mark a table row as a header row: Word repeats it on each page and screen readers
    announce it."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _widths(table: Table, widths_mm: tuple[int, ...]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _normalise_zip(data: bytes, published_at: dt.datetime) -> bytes:
    """The same entries, in the same order, with a fixed timestamp: the same bytes every time."""
    stamp = (max(published_at.year, 1980), *published_at.timetuple()[1:6])
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def read_out_note(item: dict[str, Any]) -> str | None:
    """ "Read out at the meeting by Chair." when the questioner line does not already say
    so (someone not named stays exactly "Name and address supplied")."""
    put = item["put"]
    if not put or put["how"] != "read_on_behalf" or not put["read_by"]:
        return None
    if item["questioner"].startswith(f"{put['read_by']} (on behalf of"):
        return None
    return f"Read out at the meeting by {put['read_by']}."


def _other_than_view(holder: dict[str, Any], language: str) -> str | None:
    """`language` where it is not the view's own (to mark the run), otherwise None."""
    return None if holder.get("view_lang", "en") == language else language
