"""The published record in Welsh and English: a clerk gives the Welsh of a question and its
answer, the meeting publishes in both languages, and every format carries both texts with
their languages marked; a text without a translation appears in its own language, marked."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import zipfile

import pytest
from bs4 import BeautifulSoup
from flask_babel import force_locale
from pdfminer.pdfdevice import TagExtractor
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, resolve1
from pdfminer.psparser import PSLiteral

from portal.domain.errors import Invalid, NotPermitted
from portal.domain.meetings import proceedings
from portal.domain.meetings.proceedings import ActionEntry, FollowUpEntry
from portal.domain.record import languages, publishing, translations
from portal.domain.record.build import record_questions
from portal.extensions import db
from portal.models import Arrival, Layout, PutOutcome, RecordLanguages, TextPart
from tests.document_text import pdf_catalog_language, pdf_info, pdf_pages
from tests.factories import london
from tests.record_factories import ready_meeting

WELSH_QUESTION = "Faint o weithwyr cymdeithasol sy'n staff asiantaeth?"
WELSH_ANSWER = "Mae **naw** o'r tîm asesu yn staff asiantaeth."
WELSH_SUPPLEMENTARY = "A fydd y cyngor yn cyhoeddi'r ffigurau bob chwarter?"


# The exchange at the meeting that the record's tests publish.
SUPPLEMENTARY = {
    "put": PutOutcome.PUT_BY_QUESTIONER,
    "supplementary": "Will the council publish the figures every quarter?",
    "supplementary_answered_by": "Cabinet member",
    "supplementary_answer": "Yes, from April.",
}


def _bilingual_meeting(clerk, arrangement: RecordLanguages, *, layout: Layout = Layout.TABLE, minutes=False):
    meeting, questions = ready_meeting(public=2, member=0, layout=layout)
    first = questions[0]
    translations.set_texts(
        first,
        by=clerk,
        answer_language="both",
        texts={TextPart.QUESTION: WELSH_QUESTION, TextPart.ANSWER: WELSH_ANSWER},
    )
    meeting.record_languages = arrangement
    if minutes:
        proceedings.save_outcome(
            first,
            by=clerk,
            now=london(2030, 3, 12, 17, 0),
            changes=dict(SUPPLEMENTARY),
        )
        translations.set_texts(
            first,
            by=clerk,
            answer_language="both",
            texts={
                TextPart.QUESTION: WELSH_QUESTION,
                TextPart.ANSWER: WELSH_ANSWER,
                TextPart.SUPPLEMENTARY_QUESTION: WELSH_SUPPLEMENTARY,
            },
        )
    db.session.commit()
    return meeting


def _publish(meeting, clerk):
    return publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))


# The clerk's texts ---------------------------------------------------------------------


def test_a_translation_is_recorded_in_the_other_language_and_sanitised(clerk):
    _, questions = ready_meeting(public=1, member=0)
    question = questions[0]
    question.language = "cy"
    translations.set_texts(
        question,
        by=clerk,
        answer_language="cy",
        texts={
            TextPart.QUESTION: "How many social workers are agency staff?",
            TextPart.ANSWER: "Nine <script>alert(1)</script> of them.",
        },
    )
    found = translations.translations_of(question)
    assert found[TextPart.QUESTION].language == "en"  # asked in Welsh: the English is the translation
    assert found[TextPart.ANSWER].language == "en"  # answered in Welsh
    assert "<script" not in found[TextPart.ANSWER].text
    assert question.answer_language == "cy"

    translations.set_texts(question, by=clerk, answer_language="cy", texts={TextPart.QUESTION: "  "})
    assert TextPart.QUESTION not in translations.translations_of(question)


def test_only_a_clerk_adds_translations_and_the_answer_language_must_be_known(clerk, officer):
    _, questions = ready_meeting(public=1, member=0)
    with pytest.raises(NotPermitted):
        translations.set_texts(questions[0], by=officer, answer_language="en", texts={})
    with pytest.raises(Invalid) as refused:
        translations.set_texts(questions[0], by=clerk, answer_language="fr", texts={})
    assert refused.value.errors == {"answer_language": "Select the language of the council's answer"}


# The model and JSON ---------------------------------------------------------------------


def test_the_json_carries_both_texts_with_their_languages(clerk):
    meeting = _bilingual_meeting(clerk, RecordLanguages.SIDE_BY_SIDE)
    published = _publish(meeting, clerk)
    model = json.loads(published.file("json").content)

    assert model["schema"] == "council-questions-record/1"
    assert model["document"]["languages"] == ["en", "cy"]
    assert model["document"]["arrangement"] == "side_by_side"
    assert model["document"]["localised"]["cy"]["kind_label"] == "Atodiad i'r agenda"
    item, untranslated = model["sections"][0]["items"]
    assert item["languages"]["question_text"] == "en"
    assert item["answer_language"] == "both"
    assert item["translations"]["question_text"] == {"lang": "cy", "value": WELSH_QUESTION}
    assert item["translations"]["response_html"]["lang"] == "cy"
    assert "<strong>naw</strong>" in item["translations"]["response_html"]["value"]
    assert item["localised"]["cy"]["response_label"].startswith("Ymateb")
    assert untranslated["translations"] == {}
    assert model["sections"][0]["localised"]["cy"]["heading"].startswith("Eitem agenda rhif")


def test_fixed_at_publication_a_later_committee_change_leaves_the_meeting_as_published(clerk, admin):
    from portal.domain.meetings import procedure

    meeting = _bilingual_meeting(clerk, RecordLanguages.ONE_AFTER_OTHER)
    meeting.record_languages = None
    meeting.committee.rules.record_languages = RecordLanguages.ONE_AFTER_OTHER
    _publish(meeting, clerk)
    assert meeting.record_languages is RecordLanguages.ONE_AFTER_OTHER

    current = procedure.committee_procedure(meeting.committee)
    procedure.set_committee_procedure(
        meeting.committee,
        by=admin,
        layout=current.layout,
        numbering=current.numbering,
        public_prefix=current.public_prefix,
        member_prefix=current.member_prefix,
        questioner_style=current.questioner_style,
        on_behalf_counts=False,
        record_languages=RecordLanguages.ENGLISH,
    )
    assert procedure.effective(meeting).record_languages is RecordLanguages.ONE_AFTER_OTHER


# HTML ----------------------------------------------------------------------------------


def test_the_web_page_side_by_side_marks_each_passage_in_its_language(clerk):
    meeting = _bilingual_meeting(clerk, RecordLanguages.SIDE_BY_SIDE)
    page = BeautifulSoup(_publish(meeting, clerk).file("html").content, "html.parser")

    assert page.html["lang"] == "en-GB"
    pairs = [pair for pair in page.select(".app-record-pair") if pair.select("article")]
    assert len(pairs) == 2
    english, welsh = pairs[0].select(".app-record-pair__column")
    assert welsh["lang"] == "cy"
    assert WELSH_QUESTION in welsh.get_text()
    assert "naw" in welsh.select_one(".app-answer").get_text()
    assert "Rhif y cwestiwn" in welsh.get_text()
    assert "How many social workers" not in welsh.get_text()
    assert WELSH_QUESTION not in english.get_text()
    # The second question has no Welsh: its Welsh column shows the English, marked English.
    welsh_column = pairs[1].select(".app-record-pair__column")[1]
    fallback = welsh_column.select_one(".app-answer")
    assert fallback["lang"] == "en"
    assert fallback.get_text(strip=True)
    question_cell = welsh_column.select_one("td[data-label='Cwestiwn']")
    assert question_cell["lang"] == "en"
    assert "Question 2" in question_cell.get_text()
    # Every id is unique: the Welsh column's anchors carry its language.
    ids = [element["id"] for element in page.select("[id]")]
    assert len(ids) == len(set(ids))


def test_the_web_page_in_welsh_only_is_welsh_with_english_names_marked(clerk):
    meeting = _bilingual_meeting(clerk, RecordLanguages.WELSH)
    page = BeautifulSoup(_publish(meeting, clerk).file("html").content, "html.parser")

    assert page.html["lang"] == "cy"
    assert page.select_one("h1").get_text(" ", strip=True).startswith("Cwestiynau ac atebion")
    # The page's own furniture is Welsh too: the council's Welsh name, nothing marked English.
    assert not page.select_one("header").has_attr("lang")
    assert page.select_one(".app-header__logo").get_text(strip=True) == "Cyngor Kingsmere"
    # The other language is one link away, as on every public page, and comes back here.
    other = page.select_one(".app-header__language")
    assert (other.get_text(), other["lang"]) == ("English", "en")
    assert other["href"].startswith("/language/en?next=/meetings/")
    committee = page.select_one(".govuk-caption-l span")
    assert committee["lang"] == "en"
    assert committee.get_text() == meeting.committee.name
    main = page.select_one("main")
    assert WELSH_QUESTION in main.get_text()
    assert "How many social workers" not in main.get_text()


def test_the_web_page_one_after_the_other_gives_each_language_in_turn(clerk):
    meeting = _bilingual_meeting(clerk, RecordLanguages.ONE_AFTER_OTHER, layout=Layout.REPORTED)
    page = BeautifulSoup(_publish(meeting, clerk).file("html").content, "html.parser")

    parts = page.select(".app-record-language")
    assert [part["lang"] for part in parts] == ["en", "cy"]
    assert "Question 1" in parts[0].get_text()
    assert WELSH_QUESTION not in parts[0].get_text()
    assert WELSH_QUESTION in parts[1].get_text()
    assert "Dyddiad" in parts[1].get_text()  # the meeting's facts again, in Welsh
    ids = [element["id"] for element in page.select("[id]")]
    assert len(ids) == len(set(ids))


def test_an_english_only_record_marks_a_question_asked_in_welsh(clerk):
    meeting, questions = ready_meeting(public=1, member=0)
    questions[0].language = "cy"
    db.session.commit()
    page = BeautifulSoup(_publish(meeting, clerk).file("html").content, "html.parser")
    assert page.html["lang"] == "en-GB"
    assert page.select_one("td[data-label='Question']")["lang"] == "cy"
    assert not page.select(".app-record-pair, .app-record-language")


# PDF -----------------------------------------------------------------------------------


def _pdf_passages(pdf: bytes) -> tuple[str | None, list[tuple[str, str]]]:
    """The document's /Lang, and (Lang, words) for each tagged element that has a /Lang,
    read from the PDF's structure tree and its marked content."""
    parser = PDFParser(io.BytesIO(pdf))
    document = PDFDocument(parser)
    manager = PDFResourceManager()
    words: dict[tuple[int, int], str] = {}
    page_ids: dict[int, int] = {}
    for number, page in enumerate(PDFPage.create_pages(document)):
        page_ids[page.pageid] = number
        out = io.BytesIO()
        device = TagExtractor(manager, out, codec="utf-8")
        PDFPageInterpreter(manager, device).process_page(page)

        for mcid, text in re.findall(rb'MCID="?(\d+)"?[^>]*>(.*?)</', out.getvalue(), re.DOTALL):
            words[(number, int(mcid))] = html.unescape(text.decode("utf-8", "replace"))

    def page_of(element: dict) -> int | None:
        ref = element.get("Pg")
        return page_ids.get(ref.objid) if isinstance(ref, PDFObjRef) else None

    def text_under(element: dict, page: int | None) -> str:
        page = page_of(element) if page_of(element) is not None else page
        kids = resolve1(element.get("K"))
        kids = kids if isinstance(kids, list) else [kids]
        parts = []
        for kid in kids:
            kid = resolve1(kid)
            if isinstance(kid, int):
                parts.append(words.get((page, kid), ""))
            elif isinstance(kid, dict) and "MCID" in kid:
                parts.append(words.get((page_of(kid) if page_of(kid) is not None else page, kid["MCID"]), ""))
            elif isinstance(kid, dict) and "S" in kid:
                parts.append(text_under(kid, page))
        return " ".join(p for p in parts if p)

    passages: list[tuple[str, str]] = []

    def walk(element: dict) -> None:
        lang = resolve1(element.get("Lang"))
        if lang:
            lang = lang.decode() if isinstance(lang, bytes) else str(lang)
            passages.append((lang, text_under(element, None)))
        kids = resolve1(element.get("K"))
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = resolve1(kid)
            if isinstance(kid, dict) and isinstance(kid.get("S"), PSLiteral):
                walk(kid)

    root = resolve1(document.catalog["StructTreeRoot"])
    for top in resolve1(root["K"]):
        walk(resolve1(top))
    return pdf_catalog_language(pdf), passages


def _squash(text: str) -> str:
    return " ".join(text.replace("\x00", "").split())


def test_the_pdf_tags_the_welsh_passages_welsh_and_the_fallback_english(clerk):
    meeting = _bilingual_meeting(clerk, RecordLanguages.SIDE_BY_SIDE)
    language, passages = _pdf_passages(_publish(meeting, clerk).file("pdf").content)

    assert language == "en-GB"
    welsh = " ".join(_squash(text) for lang, text in passages if lang == "cy")
    assert _squash(WELSH_QUESTION) in welsh
    assert "naw" in welsh
    english_inside_welsh = [_squash(text) for lang, text in passages if lang == "en"]
    assert any("Question 2" in text for text in english_inside_welsh)


def test_a_welsh_only_pdf_is_welsh(clerk):
    meeting = _bilingual_meeting(clerk, RecordLanguages.WELSH)
    language, passages = _pdf_passages(_publish(meeting, clerk).file("pdf").content)
    assert language == "cy"
    # The second question's English is marked English inside the Welsh document.
    assert any(lang == "en" and "Question 2" in _squash(text) for lang, text in passages)


# Word ----------------------------------------------------------------------------------


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _word_runs(docx: bytes) -> tuple[str | None, list[tuple[str | None, str]]]:
    """The document's default language (styles.xml) and (w:lang of the run, its text)."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
        body = etree.fromstring(archive.read("word/document.xml"))
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    runs = []
    for run in body.iter(f"{W}r"):
        lang = run.find(f"{W}rPr/{W}lang")
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        runs.append((lang.get(f"{W}val") if lang is not None else None, text))
    return (default.get(f"{W}val") if default is not None else None), runs


def test_the_word_document_marks_the_runs_in_the_other_language(clerk):
    meeting = _bilingual_meeting(clerk, RecordLanguages.ONE_AFTER_OTHER)
    default, runs = _word_runs(_publish(meeting, clerk).file("docx").content)

    assert default == "en-GB"
    welsh = " ".join(text for lang, text in runs if lang == "cy-GB")
    assert WELSH_QUESTION in welsh
    assert "naw" in welsh
    assert "Rhif y cwestiwn" in welsh
    assert not any(WELSH_QUESTION in text for lang, text in runs if lang != "cy-GB")


def test_a_welsh_only_word_document_is_welsh_with_english_fallback_marked(clerk):
    meeting = _bilingual_meeting(clerk, RecordLanguages.WELSH)
    default, runs = _word_runs(_publish(meeting, clerk).file("docx").content)
    assert default == "cy-GB"
    assert any(lang == "en-GB" and "Question 2" in text for lang, text in runs)
    assert not any(lang == "en-GB" and WELSH_QUESTION in text for lang, text in runs)


# CSV -----------------------------------------------------------------------------------


def test_the_csv_has_both_texts_with_language_codes(clerk):
    meeting = _bilingual_meeting(clerk, RecordLanguages.SIDE_BY_SIDE)
    rows = list(csv.DictReader(io.StringIO(_publish(meeting, clerk).file("csv").content.decode("utf-8-sig"))))

    assert rows[0]["question_language"] == "en"
    assert rows[0]["answer_language"] == "both"
    assert rows[0]["question_cy"] == WELSH_QUESTION
    assert rows[0]["question_en"] == rows[0]["question"]
    assert "naw" in rows[0]["response_cy"]
    assert rows[0]["response_en"] == rows[0]["response"]
    # No translation: the Welsh column is empty, the English is there.
    assert rows[1]["question_cy"] == ""
    assert rows[1]["question_en"].startswith("Question 2")


def test_a_question_asked_in_welsh_is_under_its_language_in_an_english_record(clerk):
    meeting, questions = ready_meeting(public=1, member=0)
    questions[0].language = "cy"
    db.session.commit()
    rows = list(csv.DictReader(io.StringIO(_publish(meeting, clerk).file("csv").content.decode("utf-8-sig"))))
    assert rows[0]["question_language"] == "cy"
    assert rows[0]["question_cy"] == rows[0]["question"]
    assert rows[0]["question_en"] == ""


# Search ----------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["index", "database"])
def test_search_finds_a_record_by_its_welsh_text(clerk, engine, monkeypatch):
    from portal.domain.archive import search
    from portal.domain.archive.search import SearchQuery
    from portal.domain.archive.search import index as search_index

    meeting = _bilingual_meeting(clerk, RecordLanguages.SIDE_BY_SIDE)
    _publish(meeting, clerk)
    db.session.commit()
    if engine == "database":

        def unavailable(*args, **kwargs):
            raise search_index.Unavailable("not for this test")

        monkeypatch.setattr(search, "_from_index", unavailable)

    searches = ["weithwyr cymdeithasol", "tîm asesu", "asiantaeth"]
    if engine == "index":
        searches.append("tim asesu")  # circumflexes folded (decision 0201)
    for words in searches:
        results = search.search(SearchQuery(text=words))
        assert results.total == 1, words
        assert results.hits[0].entry.number == 1
    assert search.search(SearchQuery(text="weithwyr")).hits[0].entry.meeting_id == meeting.id


# The committee's Welsh name -----------------------------------------------------------------


def test_a_welsh_record_uses_the_committees_welsh_name(clerk):
    meeting = _bilingual_meeting(clerk, RecordLanguages.WELSH)
    meeting.committee.name_cy = "Pwyllgor Craffu Plant"
    db.session.commit()
    published = _publish(meeting, clerk)
    page = BeautifulSoup(published.file("html").content, "html.parser")

    caption = page.select_one(".govuk-caption-l")
    assert caption.get_text().startswith("Pwyllgor Craffu Plant")
    assert not caption.select("[lang]")  # Welsh in a Welsh page: nothing marked
    model = json.loads(published.file("json").content)
    assert model["document"]["localised"]["cy"]["committee_name"] == "Pwyllgor Craffu Plant"
    assert model["committee"]["name"] == meeting.committee.name  # the English stays as it was
    _, runs = _word_runs(published.file("docx").content)
    assert any("Pwyllgor Craffu Plant" in text and lang is None for lang, text in runs)


# The record's own words around the texts ------------------------------------------------------

# Words that give away English; none is a Welsh word.
ENGLISH = re.compile(
    r"\b(the|and|by|of|from|to|on|in|is|was|watch|webcast|written|response|received|e-mail|"
    r"action|owner|entered|follow-up|version|versions|published|page|due|sent|meeting|question|"
    r"questions|started|ended|checksum|latest)\b",
    re.I,
)
OWNER = "Director for Children"
ASKED_BY = "Cllr J Hewitt"


def _welsh_minutes(clerk, layout: Layout = Layout.TABLE):
    """A record in Welsh only, after the meeting: the first question arrived by e-mail, had a
    supplementary (delivered at the meeting, with its moment in the webcast), a member's
    follow-up, an action and a written answer since sent; the second was not put and its
    written answer is owed."""
    meeting = _bilingual_meeting(clerk, RecordLanguages.WELSH, layout=layout)
    first, second = record_questions(meeting, include_withdrawn_ids=set())
    first.arrival = Arrival.EMAIL
    meeting.webcast_url = "https://www.youtube.com/watch?v=kingsmere"
    proceedings.record_meeting_times(
        meeting, by=clerk, started_at=london(2030, 3, 12, 14, 30), ended_at=london(2030, 3, 12, 16, 0)
    )
    proceedings.save_outcome(
        first,
        by=clerk,
        now=london(2030, 3, 12, 17, 0),
        changes={
            **SUPPLEMENTARY,
            "supplementary_arrival": Arrival.VERBAL,
            "webcast_question_at": 65,
            "webcast_supplementary_at": 190,
            "written_answer_promised": True,
            "written_answer_due_on": dt.date(2030, 3, 26),
            "actions": [ActionEntry(text="Circulate the quarterly figures to members.", owner=OWNER)],
            "follow_ups": [
                FollowUpEntry(
                    asked_by=ASKED_BY,
                    question="Will the figures show vacancies?",
                    answered_by=OWNER,
                    answer="Yes.",
                )
            ],
        },
    )
    proceedings.save_outcome(
        second,
        by=clerk,
        now=london(2030, 3, 12, 17, 0),
        changes={
            "put": PutOutcome.NOT_PUT,
            "written_answer_promised": True,
            "written_answer_due_on": dt.date(2030, 3, 27),
        },
    )
    publishing.publish_appendix(meeting, by=clerk, now=london(2030, 3, 13, 9, 0))
    published = publishing.record_sent_written_answer(
        first,
        by=clerk,
        sent_on=dt.date(2030, 3, 20),
        body_source="The figures are attached, as promised at the meeting.",
        now=london(2030, 3, 20, 17, 0),
    )
    db.session.commit()
    return published


WELSH_WORDS = [
    "Daeth i law drwy e-bost.",
    "Fe'i cyflwynwyd ar lafar yn y cyfarfod.",
    "Ni ofynnwyd y cwestiwn yn y cyfarfod.",
    "Gwylio'r cwestiwn atodol yn y gweddarllediad, o 3:10",
    "Cwestiwn dilynol (Cllr J Hewitt):",
    "Ymateb (Director for Children):",
    "Ymateb ysgrifenedig a anfonwyd ar 20 Mawrth 2030:",
    "Ymateb ysgrifenedig i ddilyn",
    "Addawyd ymateb ysgrifenedig yn y cyfarfod. Mae'n ddyledus erbyn 27 Mawrth 2030.",
    "CAM GWEITHREDU:",
    "Yn gyfrifol: Director for Children",
    "Dechreuodd y cyfarfod am 2:30yh a daeth i ben am 4yh.",
]


WELSH_PAGE_WORDS = [
    "Neidio i'r prif gynnwys",
    "Cyngor Kingsmere",
    "Cyfarfodydd",
    "Gofyn cwestiwn",
    "Hafan",
    "Lawrlwytho fersiwn 2",
    "ar gyfer datblygwyr",
    "Fformat arall neu help",
    "Os oes arnoch angen y ddogfen hon mewn fformat arall",
    "Ffôn:",
]


def test_every_arrival_the_record_prints_has_its_welsh(clerk):
    with force_locale("cy"):
        words = languages.labels()
    for arrival in Arrival:
        assert words[arrival.label] != arrival.label


def test_a_welsh_record_after_the_meeting_has_no_english_outside_lang_en(clerk):
    page = BeautifulSoup(_welsh_minutes(clerk).file("html").content, "html.parser")

    main = page.select_one("main")
    text = " ".join(main.get_text().split())
    for words in WELSH_WORDS:
        assert words in text, words
    assert "yn y gweddarllediad, o 1:05" in text
    # The names the council typed once in English are marked English inside the Welsh.
    owner = main.select_one(".app-record-actions__owner [lang='en']")
    assert owner.get_text() == OWNER
    names = [span.get_text() for span in main.select(".app-record-label [lang='en']")]
    assert ASKED_BY in names
    assert OWNER in names
    assert "Cabinet member" in names  # who answered the supplementary
    # The list of versions, in Welsh, with the note the portal wrote when the written
    # answer was sent in Welsh too (its date in Welsh), not marked English.
    versions = main.select_one("#versions")
    assert not versions.has_attr("lang")
    assert "Fersiynau o'r cofnod hwn (2)" in versions.get_text()
    assert "(y fersiwn hon)" in versions.get_text()
    assert "9yb ar 13 Mawrth 2030" in versions.get_text()
    assert "5yh ar 20 Mawrth 2030" in versions.get_text()
    assert "Anfonwyd ymateb ysgrifenedig i PQ 1 ar 20 Mawrth 2030" in " ".join(versions.get_text().split())
    facts = " ".join(main.select_one(".app-record-facts, dl").get_text().split())
    assert "Anfonwyd ymateb ysgrifenedig i PQ 1 ar 20 Mawrth 2030" in facts
    # Around the record, the page is Welsh: header, menu, breadcrumbs, downloads, the help
    # at the end and the footer; nothing but names is marked English.
    body = page.select_one("body")
    text = " ".join(body.get_text().split())
    for words in WELSH_PAGE_WORDS:
        assert words in text, words
    committee = page.select_one(".govuk-caption-l [lang='en']").get_text()  # it has no Welsh name
    marked = body.select('[lang="en"]')
    outside = {element.get_text() for element in marked if not element.find_parent("main")}
    assert outside == {committee, "English"}  # the committee's name, and the link to English
    assert page.select_one('meta[name="description"]')["content"].startswith("Cwestiynau a ofynnwyd i ")
    for element in body.select('[lang="en"], .app-answer, script, style, code'):
        element.decompose()
    leftover = ENGLISH.findall(body.get_text(" ", strip=True))
    assert leftover == [], f"English words outside lang=en: {leftover}"


def test_a_welsh_record_after_the_meeting_prints_its_own_words_in_welsh_in_the_pdf_and_word(clerk):
    published = _welsh_minutes(clerk)

    pages = [" ".join(page.split()) for page in pdf_pages(published.file("pdf").content)]
    whole = " ".join(pages)
    for words in [
        "CAM GWEITHREDU:",
        "Ymateb ysgrifenedig i ddilyn",
        "Fersiynau",
        "Dechreuodd y cyfarfod am 2:30yh",
    ]:
        assert words in whole, words
    assert "Tudalen 1 o " in pages[0]
    assert "Page 1 of" not in whole
    assert "Atodiad i'r cofnodion, fersiwn 2, cyhoeddwyd 5yh ar 20 Mawrth 2030" in whole
    # The portal's own change note, the help at the end and the PDF's metadata, in Welsh.
    assert "Anfonwyd ymateb ysgrifenedig i PQ 1 ar 20 Mawrth 2030" in whole
    assert "Os oes arnoch angen y ddogfen hon mewn fformat arall" in whole
    assert "If you need this document" not in whole
    info = pdf_info(published.file("pdf").content)
    assert "Cwestiynau a ofynnwyd i " in info
    assert "Atodiad i'r cofnodion, fersiwn 2." in info
    assert "Cyngor Kingsmere" in info

    docx = published.file("docx").content
    default, runs = _word_runs(docx)
    assert default == "cy-GB"
    welsh = " ".join(text for lang, text in runs if lang is None)
    for words in [
        "CAM GWEITHREDU:",
        "Ymateb ysgrifenedig i ddilyn",
        "Daeth i law drwy e-bost.",
        "Yn gyfrifol: ",
        "Anfonwyd ymateb ysgrifenedig i PQ 1 ar 20 Mawrth 2030",
        "Os oes arnoch angen y ddogfen hon mewn fformat arall",
    ]:
        assert words in welsh, words
    assert ("en-GB", OWNER) in runs
    assert ("en-GB", ASKED_BY) in runs
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        footer = "".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("word/footer")
        )
    assert "Tudalen " in footer
    assert "Page " not in footer


def test_side_by_side_the_contents_list_each_section_in_both_languages(clerk):
    meeting = _bilingual_meeting(clerk, RecordLanguages.SIDE_BY_SIDE)
    page = BeautifulSoup(_publish(meeting, clerk).file("html").content, "html.parser")

    link = page.select_one(".app-record-contents__list > li > a")
    welsh = link.select_one("[lang='cy']")
    assert "Cwestiynau gan aelodau'r cyhoedd" in welsh.get_text()
    assert "Questions from members of the public" in link.get_text()


def test_one_after_the_other_the_contents_lead_to_the_welsh_part_and_its_sections(clerk):
    meeting = _bilingual_meeting(clerk, RecordLanguages.ONE_AFTER_OTHER)
    page = BeautifulSoup(_publish(meeting, clerk).file("html").content, "html.parser")

    welsh = page.select_one(".app-record-contents__list > li[lang='cy']")
    links = [link["href"] for link in welsh.select("a")]
    assert links[0] == "#record-cy"
    assert all(page.select_one(href) is not None for href in links)
    assert "Cwestiynau gan aelodau'r cyhoedd" in welsh.get_text()
