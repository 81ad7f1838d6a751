"""The document model's rules and the renderers' small pieces."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import signal
import subprocess
import sys
from concurrent.futures import Future

import pytest

from portal.domain.record import documents
from portal.domain.record.documents import model as schema
from portal.domain.record.documents.csv import render_csv
from portal.domain.record.documents.html import css_string, mentions, paragraphs, with_lead
from portal.models.records import letter_for
from portal.web.fields import parse_time

MODEL = {
    "schema": schema.SCHEMA_ID,
    "council": {
        "name": "Kingsmere Council",
        "url": "https://www.kingsmere.gov.uk",
        "address": "Market Street",
        "phone": "01632 960000",
        "email": "democratic.services@kingsmere.gov.uk",
    },
    "committee": {"name": "Council", "slug": "council", "layout": "table"},
    "meeting": {
        "id": 7,
        "title": None,
        "path": "/meetings/7",
        "starts_at": "2030-03-12T14:30:00Z",
        "date_text": "Tuesday 12 March 2030",
        "time_text": "2:30pm",
        "venue": "Council Chamber",
        "contact": {"name": "Sarah Whitlock", "email": "ds@kingsmere.gov.uk", "phone": "01632 960123"},
        "agenda_items": {"public": "3", "member": "4"},
        "entered_after_event": None,
        "actual": {"started_at": None, "ended_at": None, "started_text": None, "ended_text": None},
    },
    "document": {
        "kind": "agenda_supplement",
        "kind_label": "Agenda supplement",
        "title": "Questions and answers",
        "version": 1,
        "published_at": "2030-03-08T10:00:00Z",
        "published_text": "10am on 8 March 2030",
        "change_note": None,
        "path": "/meetings/7/questions/v1",
        "latest_path": "/meetings/7/questions",
        "preview": False,
        "history": [
            {
                "version": 1,
                "kind": "agenda_supplement",
                "kind_label": "Agenda supplement",
                "published_at": "2030-03-08T10:00:00Z",
                "published_text": "10am on 8 March 2030",
                "change_note": None,
            }
        ],
    },
    "sections": [
        {
            "kind": "public",
            "agenda_item": "3",
            "heading": "Agenda item no. 3 - Questions from members of the public",
            "empty_text": "There were no questions received from members of the public.",
            "items": [
                {
                    "question_id": 1,
                    "reference": "Q-2030-000001",
                    "kind": "public",
                    "number": 1,
                    "label": "PQ 1",
                    "anchor": "pq-1",
                    "questioner": "Ms Carter, Aldbury",
                    "question_text": '=HYPERLINK("x")\n\nSecond',
                    "question_to": "Cabinet member children and families",
                    "arrival": None,
                    "response_html": "<p>Thank you.</p>",
                    "answered_by": "",
                    "response_label": "Response:",
                    "entered_after_event": None,
                    "withdrawn": False,
                    "put": None,
                    "supplementary": None,
                    "follow_ups": [],
                    "written_answer": None,
                    "actions": [],
                    "noted_comments": [],
                }
            ],
        },
        {
            "kind": "member",
            "agenda_item": "4",
            "heading": "Agenda item no. 4 - Questions from members of the Council",
            "empty_text": "There were no questions received from Councillors.",
            "items": [],
        },
    ],
}


def test_a_valid_model_passes_and_a_wrong_one_is_refused():
    schema.validate(MODEL)
    broken = copy.deepcopy(MODEL)
    broken["sections"][0]["items"][0]["number"] = "1"
    with pytest.raises(schema.ModelError, match=r"items\[0\].number should be an integer"):
        schema.validate(broken)
    extra = copy.deepcopy(MODEL)
    extra["meeting"]["questioner_email"] = "someone@example.com"
    with pytest.raises(schema.ModelError, match="unexpected"):
        schema.validate(extra)


def test_the_checksum_is_of_the_canonical_json():
    reordered = json.loads(json.dumps(MODEL, sort_keys=False))
    assert schema.checksum(reordered) == schema.checksum(MODEL)
    assert schema.canonical_json(MODEL).startswith('{"committee":')


def test_every_format_is_the_same_bytes_every_time():
    first = documents.render_all(MODEL)
    assert documents.render_all(copy.deepcopy(MODEL)) == first
    assert first["pdf"].startswith(b"%PDF-1.7")
    assert json.loads(first["json"]) == MODEL


def test_the_pdf_process_gives_the_same_bytes():
    # The Word file is made in another process as well.
    assert documents.render_all(MODEL, processes=1) == documents.render_all(MODEL)


@pytest.fixture
def fresh_pools():
    documents._reset_pool()
    yield
    documents._reset_pool()  # never leave a broken pool to the next test


def test_a_word_file_whose_process_is_killed_is_made_here_all_the_same(fresh_pools, caplog):
    model = _long_model(25)  # its Word file takes long enough to be killed half-made
    rendering = documents.start_rendering(model, processes=1)
    for process in list(documents._join_pool()._processes.values()):
        os.kill(process.pid, signal.SIGKILL)

    files = rendering.result()

    assert "The process making the Word file stopped; making it here" in caplog.text
    assert files == documents.render_all(model)


def test_a_word_file_is_made_here_when_its_process_cannot_start(fresh_pools, caplog):
    documents._join_pool().submit(os._exit, 1).exception()  # the pool is broken

    files = documents.start_rendering(MODEL, processes=1).result()

    assert "The process that makes the Word file could not start" in caplog.text
    assert files == documents.render_all(MODEL)


def test_a_word_file_cancelled_in_its_process_is_made_here():
    # Another publication whose PDF process failed resets the pools, cancelling work queued.
    cancelled: Future[bytes] = Future()
    cancelled.cancel()

    files = documents.Rendering(MODEL, None, word=cancelled).result()

    assert files == documents.render_all(MODEL)


# What the publishing process itself imports while a long record is made: the other
# processes lay out the PDF, join it and make the Word file.
PUBLISHING = """
import json, sys
from portal.domain.record import documents
files = documents.start_rendering(json.load(open(sys.argv[1])), processes=2).result()
assert set(files) == set(documents.FORMATS)
print(" ".join(m for m in ("docx", "pikepdf", "weasyprint") if m in sys.modules))
"""


def test_the_process_that_publishes_loads_neither_weasyprint_nor_python_docx_nor_pikepdf(tmp_path):
    model = tmp_path / "model.json"
    model.write_text(json.dumps(_long_model(40)))  # more than 30 questions: in parts

    done = subprocess.run(
        [sys.executable, "-c", PUBLISHING, str(model)], capture_output=True, text=True, timeout=300
    )

    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == []


def _long_model(items: int) -> dict:
    model = copy.deepcopy(MODEL)
    first = model["sections"][0]["items"][0]
    model["sections"][0]["items"] = [
        {**copy.deepcopy(first), "question_id": n, "anchor": f"pq-{n}", "number": n, "label": f"PQ {n}"}
        for n in range(1, items + 1)
    ]
    return model


@pytest.mark.parametrize("processes", [0, 1])
def test_rendering_says_how_it_goes_with_the_pdf_page_by_page(processes):
    told = []
    model = _long_model(12)
    rendering = documents.start_rendering(model, processes=processes, count_pages=True)
    files = rendering.result(lambda stage, done, pages: told.append((stage, done, pages)))
    assert files == documents.render_all(model)  # the same bytes as without progress
    stages = [stage for stage, _, _ in told]
    assert {"pdf", "docx", "csv", "json", "html"} <= set(stages)
    # The web page comes last, when the others are made (it names their sizes).
    assert stages[-1] == "html"
    assert set(told[-1][1]) == {"pdf", "docx", "csv", "json"}
    if processes == 0:  # laid out here: WeasyPrint's own page messages are counted
        assert any(stage == "pdf" and pages >= 1 for stage, _, pages in told)


def test_the_page_list_kept_between_tag_lookups_changes_no_byte():
    import pydyf

    from portal.domain.record.documents.pdf import _page_references_once, render_pdf

    model = _long_model(20)
    kept = render_pdf(model)
    assert getattr(pydyf.PDF.page_references.fget, "_kept", False)
    built_each_time = pydyf.PDF.page_references
    try:
        pydyf.PDF.page_references = property(built_each_time.fget.__wrapped__)
        assert render_pdf(model) == kept
    finally:
        pydyf.PDF.page_references = built_each_time
    _page_references_once()


def test_csv_cells_that_look_like_formulas_are_made_harmless():
    rows = list(csv.DictReader(io.StringIO(render_csv(MODEL).decode("utf-8-sig"))))
    assert rows[0]["question"].startswith("'=HYPERLINK")


def test_plain_text_paragraphs_and_labels():
    assert paragraphs("One\nline two\n\n\nThree") == [["One", "line two"], ["Three"]]
    assert (
        str(with_lead("<p>Why?</p>", "Q:")) == '<p><span class="app-record-inline-label">Q:</span> Why?</p>'
    )
    assert mentions("The Committee to request figures", "The Committee")
    assert mentions("Committee to request figures", "Committee")
    assert not mentions("The directorate to report", "The Committee")


def test_css_strings_cannot_escape():
    assert str(css_string('Kings"mere </style>')) == "Kings\\22 mere \\3c /style\\3e "


@pytest.mark.parametrize(
    ("position", "letter"), [(0, "a"), (1, "b"), (25, "z"), (26, "aa"), (27, "ab"), (52, "ba")]
)
def test_actions_are_lettered_like_the_minutes(position, letter):
    assert letter_for(position) == letter


@pytest.mark.parametrize(
    ("typed", "time"),
    [
        ("3pm", (15, 0)),
        ("3:05pm", (15, 5)),
        ("3.05 p.m.", (15, 5)),
        ("12am", (0, 0)),
        ("09:30", (9, 30)),
        ("15:45", (15, 45)),
        ("midday", (12, 0)),
        ("3", None),
        ("3:00", None),
        ("13pm", None),
        ("soon", None),
    ],
)
def test_meeting_times_are_read_as_people_type_them(typed, time):
    try:
        parsed = parse_time(typed)
    except ValueError:
        parsed = None
    got = (parsed.hour, parsed.minute) if parsed else None
    assert got == time


# The PDF's tag tree and the Word file's language, read back from the files ---------------

LIST_ANSWER = (
    "<p>The figures:</p><ul><li>Assessment: <strong>9</strong> agency staff</li>"
    "<li>Children in care: 4</li></ul>"
    "<ol><li>Recruit permanent staff</li><li>Review in March</li></ol>"
)

# What each kind of structure element may hold (ISO 32000 and PDF/UA's structure rules).
ALLOWED_KIDS = {
    "L": {"LI", "Caption", "L"},
    "LI": {"Lbl", "LBody"},
    "Table": {"THead", "TBody", "TFoot", "TR", "Caption"},
    "THead": {"TR"},
    "TBody": {"TR"},
    "TFoot": {"TR"},
    "TR": {"TH", "TD"},
}


def _tag_tree(pdf: bytes) -> tuple[dict, object]:
    """(the structure tree as nested {"S": name, "K": [kids]} with "MCID" for marked
    content, the document catalogue), walked with pdfminer as a checker would."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    document = PDFDocument(PDFParser(io.BytesIO(pdf)))

    def name(value: object) -> str:
        value = resolve1(value)
        return value.name if isinstance(value, PSLiteral) else str(value)

    def walk(node: object) -> list:
        node = resolve1(node)
        if isinstance(node, list):
            return [kid for item in node for kid in walk(item)]
        if isinstance(node, int):
            return [{"S": "MCID"}]
        if not isinstance(node, dict):
            return []
        if name(node.get("Type")) in ("MCR", "OBJR"):
            return [{"S": "MCID"}]
        return [{"S": name(node.get("S")), "K": walk(node.get("K")) if "K" in node else []}]

    root = resolve1(document.catalog["StructTreeRoot"])
    return {"S": "StructTreeRoot", "K": walk(root.get("K"))}, document.catalog


def _elements(node: dict):
    yield node
    for kid in node.get("K", []):
        yield from _elements(kid)


def _text_of(node: dict) -> int:
    return sum(1 for n in _elements(node) if n["S"] == "MCID")


def test_the_pdf_tag_tree_is_valid():
    model = copy.deepcopy(MODEL)
    model["sections"][0]["items"][0]["response_html"] = LIST_ANSWER
    tree, catalogue = _tag_tree(documents.render(model, "pdf"))
    from pdfminer.pdftypes import resolve1

    assert resolve1(catalogue["Lang"]) in (b"en-GB", "en-GB")
    elements = [n for n in _elements(tree) if n["S"] != "MCID"]
    kinds = [n["S"] for n in elements]
    assert kinds.count("H1") == 1
    [title] = [n for n in elements if n["S"] == "H1"]
    assert all(_text_of(kid) for kid in title["K"]), "the main heading holds no empty tags"
    assert "L" in kinds
    assert "Table" in kinds
    for node in elements:
        if node["S"] in ALLOWED_KIDS:
            wrong = [kid["S"] for kid in node["K"] if kid["S"] not in ALLOWED_KIDS[node["S"]]]
            assert not wrong, f"{node['S']} holds {wrong}"
        if node["S"] in ("LBody", "TH", "TD", "P", "H1", "H2", "H3", "Lbl", "NonStruct", "Span"):
            assert _text_of(node), f"an empty {node['S']}"


def test_the_word_file_text_is_in_british_english():
    import zipfile

    files = zipfile.ZipFile(io.BytesIO(documents.render(MODEL, "docx")))
    styles = files.read("word/styles.xml").decode()
    body = files.read("word/document.xml").decode()
    assert '<w:lang w:val="en-GB"' in styles
    assert "en-US" not in styles
    assert "en-US" not in body
    assert "<dc:language>en-GB</dc:language>" in files.read("docProps/core.xml").decode()


@pytest.mark.parametrize(
    ("size", "words"),
    [
        (None, "PDF"),
        (1, "PDF, 1 KB"),
        (1024, "PDF, 1 KB"),
        (1025, "PDF, 2 KB"),
        (186_000, "PDF, 182 KB"),
        (1_023_999, "PDF, 1000 KB"),
        (1_024_000, "PDF, 1.0 MB"),
        (2_400_000, "PDF, 2.3 MB"),
    ],
)
def test_a_download_is_named_by_its_format_and_size(size, words):
    from portal.domain.record.documents.html import environment

    name = environment().from_string(
        '{% from "macros/files.html" import format_and_size %}{{ format_and_size("PDF", size) }}'
    )
    assert name.render(size=size) == words


def test_the_published_web_page_names_each_download_by_format_and_size():
    files = documents.render_all(MODEL)
    page = files["html"].decode()
    for fmt, label in (("pdf", "PDF"), ("docx", "Word document"), ("csv", "CSV spreadsheet")):
        kilobytes = max(1, -(-len(files[fmt]) // 1024))
        assert f"{label}, {kilobytes} KB</a>" in page
