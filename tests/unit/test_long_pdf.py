"""A long record's PDF is laid out in parts and joined (decision 0360): one document to
its readers, numbered "Page n of N" throughout, tagged and bookmarked as one, and the
same bytes however many processes laid it out."""

from __future__ import annotations

import copy
import io

import pdfplumber
import pikepdf
import pytest

from portal.domain.record import documents
from portal.domain.record.documents import pdf
from tests.unit.test_documents import ALLOWED_KIDS, MODEL, _elements, _long_model, _tag_tree, _text_of

QUESTIONS = pdf.SPLIT_FROM + 12


@pytest.fixture(scope="module")
def long_model() -> dict:
    model = _long_model(QUESTIONS)
    # The last two questions are the councillors', in a section of their own.
    public = model["sections"][0]["items"]
    model["sections"][1]["items"] = [
        {**item, "kind": "member", "label": f"MQ {n}", "anchor": f"mq-{n}"}
        for n, item in enumerate(public[-2:], 1)
    ]
    del public[-2:]
    return model


@pytest.fixture(scope="module")
def joined(long_model) -> bytes:
    return documents.render(long_model, "pdf")


def test_a_record_of_a_few_questions_is_laid_out_at_once():
    assert pdf.parts(MODEL) == []
    assert pdf.parts(_long_model(pdf.SPLIT_FROM)) == []


def test_every_question_is_in_one_part_and_a_part_ends_where_a_section_does_if_one_ends_near():
    model = _long_model(150)
    plan = pdf.parts(model)
    assert len(plan) == 4
    assert [part.start for part in plan] == [0] + [part.stop for part in plan[:-1]]
    assert (plan[0].start, plan[-1].stop) == (0, 150)
    assert [part.first for part in plan] == [True, False, False, False]
    assert [part.last for part in plan] == [False, False, False, True]
    # A section of councillors' questions beginning a few questions from a cut.
    public = model["sections"][0]["items"]
    model["sections"][1]["items"], model["sections"][0]["items"] = public[36:], public[:36]
    assert pdf.parts(model)[0].stop == 36
    second = pdf.part_model(model, pdf.parts(model)[1])
    assert [section["kind"] for section in second["sections"]] == ["member"]
    assert "continued" not in second["sections"][0]


def _in_two_languages(model: dict, arrangement: str) -> dict:
    """`model` in English and Welsh, each question with its Welsh (the answers have none, so
    the Welsh column gives them in English, marked so)."""
    model = copy.deepcopy(model)
    model["document"] = {**model["document"], "languages": ["en", "cy"], "arrangement": arrangement}
    for section in model["sections"]:
        for item in section["items"]:
            item["translations"] = {
                "question_text": {"lang": "cy", "value": f"Cwestiwn {item['label']} yn Gymraeg"}
            }
    return model


def _outline(document: pikepdf.Pdf) -> list:
    """The bookmarks down to the questions: (the title, [(a section, [its questions])])."""
    with document.open_outline() as outline:
        return [
            (
                title.title,
                [(section.title, [item.title for item in section.children]) for section in title.children],
            )
            for title in outline.root
        ]


@pytest.mark.parametrize(
    ("arrangement", "plan"),
    [
        # Each question a pair: parts of half as many questions.
        ("side_by_side", [(0, 14, None, False), (14, 28, None, False), (28, 42, None, False)]),
        # Each language cut as one language is, its first part opening it.
        ("one_after_other", [(0, 21, 0, True), (21, 42, 0, False), (0, 21, 1, True), (21, 42, 1, False)]),
    ],
)
def test_a_long_record_in_two_languages_is_laid_out_in_parts_and_reads_as_laid_out_at_once(
    long_model, monkeypatch, arrangement, plan
):
    model = _in_two_languages(long_model, arrangement)
    parts = pdf.parts(model)
    assert [(part.start, part.stop, part.language, part.opens) for part in parts] == plan
    assert [part.first for part in parts] == [True] + [False] * (len(plan) - 1)
    assert [part.last for part in parts] == [False] * (len(plan) - 1) + [True]
    joined = documents.render(model, "pdf")
    monkeypatch.setattr(pdf, "SPLIT_FROM", 0)
    assert pdf.parts(model) == []
    at_once = documents.render(model, "pdf")

    with pikepdf.open(io.BytesIO(joined)) as joined_pdf, pikepdf.open(io.BytesIO(at_once)) as whole:
        # The same bookmarks, nested the same way: each question in both languages, under
        # its section's heading, including the questions of the section the second part
        # goes on with. (Below a question, a pair cut by a page break hangs its English
        # answer's bookmark under the Welsh question, laid out at once or in parts.)
        assert _outline(joined_pdf) == _outline(whole)
        ((_, headings),) = _outline(joined_pdf)
        questions = [label for _, labels in headings for label in labels]
        assert sorted(questions) == sorted(
            2 * [f"PQ {n}" for n in range(1, QUESTIONS - 1)] + 2 * ["MQ 1", "MQ 2"]
        )
        # Every anchor once, as laid out at once (a language's own anchor on its first part).
        names = [joined_pdf.Root.Names.Dests.Names, whole.Root.Names.Dests.Names]
        anchors = [[str(flat[i]) for i in range(0, len(flat), 2)] for flat in names]
        assert anchors[0] == anchors[1]
        assert len(set(anchors[0])) == len(anchors[0])
    kinds = [n["S"] for n in _elements(_tag_tree(joined)[0]) if n["S"] != "MCID"]
    whole_kinds = [n["S"] for n in _elements(_tag_tree(at_once)[0]) if n["S"] != "MCID"]
    assert kinds.count("H2") == whole_kinds.count("H2"), "a section going on is not headed again"
    assert kinds.count("H3") == whole_kinds.count("H3") == 2 * QUESTIONS
    with pdfplumber.open(io.BytesIO(joined)) as document:
        total = len(document.pages)
        pages = [page.extract_text() for page in document.pages]
    assert all(page.splitlines()[-1].endswith(f"Page {n} of {total}") for n, page in enumerate(pages, 1))
    # Every question's Welsh, once (the table's narrow cells read out interleaved).
    assert " ".join(pages).count("Cwestiwn") == QUESTIONS


def test_each_page_is_numbered_through_the_whole_record(long_model, joined):
    assert len(pdf.parts(long_model)) == 2
    with pdfplumber.open(io.BytesIO(joined)) as document:
        total = len(document.pages)
        footers = [page.extract_text().splitlines()[-1] for page in document.pages]
    assert all(footer.endswith(f"Page {n} of {total}") for n, footer in enumerate(footers, 1)), footers
    assert all(footer.startswith("Agenda supplement, version 1") for footer in footers)


def test_the_joined_record_reads_as_one_document(long_model, joined):
    with pdfplumber.open(io.BytesIO(joined)) as document:
        text = "\n".join(page.extract_text() for page in document.pages)
    # The title once, at the start; the contact details once, at the end; every question.
    assert text.count("Questions and answers:") == 1
    assert text.index("Questions and answers:") < text.index("PQ 1\n")
    assert text.count("If you need this document in another format") == 1
    assert text.rindex(f"PQ {QUESTIONS - 2}") < text.index("MQ 1") < text.index("If you need this document")
    assert text.count("Agenda item no. 3") == 1, "a section going on in the next part is not headed again"
    for n in range(1, QUESTIONS - 1):
        assert f"PQ {n}\n" in text


def test_the_joined_record_is_tagged_as_one_document(joined):
    tree, catalogue = _tag_tree(joined)
    from pdfminer.pdftypes import resolve1

    assert resolve1(catalogue["Lang"]) in (b"en-GB", "en-GB")
    (document,) = tree["K"]
    assert document["S"] == "Document"
    elements = [n for n in _elements(tree) if n["S"] != "MCID"]
    kinds = [n["S"] for n in elements]
    assert kinds.count("H1") == 1
    assert kinds.count("H2") == 2
    assert kinds.count("H3") == QUESTIONS
    for node in elements:
        if node["S"] in ALLOWED_KIDS:
            assert all(kid["S"] in ALLOWED_KIDS[node["S"]] for kid in node["K"]), node["S"]
        if node["S"] in ("TH", "TD", "P", "H1", "H2", "H3"):
            assert _text_of(node), f"an empty {node['S']}"
    with pikepdf.open(io.BytesIO(joined)) as document:
        tree = document.Root.StructTreeRoot
        numbered = tree.ParentTree.Nums
        parents = {int(numbered[i]): numbered[i + 1] for i in range(0, len(numbered), 2)}
        assert len(parents) == len(numbered) // 2, "no two pages share an entry of the parent tree"
        for page in document.pages:
            tagged = [e for e in parents[int(page.obj.StructParents)] if isinstance(e, pikepdf.Dictionary)]
            assert tagged
            assert all(e.Pg.objgen == page.obj.objgen for e in tagged if "/Pg" in e)
        assert document.Root.MarkInfo.Marked
        assert str(document.docinfo["/Title"]).startswith("Questions and answers")


def test_the_joined_record_has_one_outline_and_every_question_anchor(joined):
    with pikepdf.open(io.BytesIO(joined)) as document:
        with document.open_outline() as outline:
            (title,) = outline.root
            public, member = title.children
            assert [item.title for item in public.children] == [f"PQ {n}" for n in range(1, QUESTIONS - 1)]
            assert [item.title for item in member.children] == ["MQ 1", "MQ 2"]
            pages = {page.objgen: n for n, page in enumerate(document.pages)}
            targets = [pages[item.destination[0].objgen] for item in public.children]
            assert targets == sorted(targets)
            assert targets[-1] > targets[0]
        names = document.Root.Names.Dests.Names
        anchors = [str(names[i]) for i in range(0, len(names), 2)]
        assert anchors == sorted(anchors)
        assert {f"pq-{n}" for n in range(1, QUESTIONS - 1)} | {"mq-1", "mq-2"} <= set(anchors)


def test_the_page_numbers_are_the_pages_furniture(joined):
    with pikepdf.open(io.BytesIO(joined)) as document:
        for page in document.pages:
            drawn = page.obj.Contents[-1].read_bytes()
            assert drawn.count(b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC") == 1
            assert drawn.rstrip().endswith(b"EMC")


def test_a_long_record_is_the_same_bytes_laid_out_side_by_side(long_model, joined):
    told = []
    rendering = documents.start_rendering(copy.deepcopy(long_model), processes=2, count_pages=True)
    files = rendering.result(lambda stage, done, pages: told.append((stage, pages)))
    assert files["pdf"] == joined
    assert documents.render(copy.deepcopy(long_model), "pdf") == joined
    assert any(stage == "pdf" for stage, _ in told)


def _number_drawn(form: pikepdf.Object) -> tuple[list[str], float, float, float]:
    """What a page number's drawing sets: its glyphs and their kerning, where it begins and
    its size."""
    glyphs, x, y, size = [], 0.0, 0.0, 0.0
    for instruction in pikepdf.parse_content_stream(form):
        operator, operands = str(instruction.operator), instruction.operands
        if operator == "Tm":
            x, y = float(operands[4]), float(operands[5])
        elif operator == "Tf":
            size = float(operands[1])
        elif operator == "TJ":
            # Each glyph, and the kerning after it.
            glyphs = [
                bytes(item).hex() if isinstance(item, pikepdf.String) else f"{float(item):g}"
                for item in operands[0]
            ]
    return glyphs, x, y, size


def test_each_page_number_is_set_where_and_as_laid_out_on_its_own(long_model, joined):
    # Drawn from the one sample, a page's number has the glyphs, size and place WeasyPrint
    # gives that number laid out on a page of its own (to a fiftieth of a pixel: the
    # font's widths in whole thousandths against Pango's finer units).
    with pikepdf.open(io.BytesIO(joined)) as document:
        total = len(document.pages)
        for n in sorted({1, 2, 9, 10, total - 1, total}):
            drawn = _number_drawn(document.pages[n - 1].Resources.XObject[f"/PageNumber{n}"])
            with pikepdf.open(io.BytesIO(pdf.render_numbers(long_model, [n], total))) as alone:
                laid_out = _number_drawn(alone.pages[0])
            assert (drawn[0], drawn[2:]) == (laid_out[0], laid_out[2:]), n
            assert drawn[1] == pytest.approx(laid_out[1], abs=0.05), n


def _footer(words: str) -> bytes:
    """A page with `words` at its foot, right-aligned, as a record's number is set."""
    return pdf._write(
        "<!DOCTYPE html><html><head><style>@page { size: A4; margin: 24mm 18mm 22mm 18mm;"
        f' @bottom-right {{ content: "{words}"; font: 8pt "Liberation Sans"; color: #484949 }} }}'
        "</style></head><body></body></html>",
        tagged=False,
    )


@pytest.mark.parametrize("words", ["Tudalen {} o {}", "WAVE {} AV {} VA", "{} / {}"])
def test_a_number_drawn_from_the_sample_keeps_the_words_and_their_kerning(words):
    from portal.domain.record.documents import pdf_join

    sample = pdf_join.NumberSample(
        _footer(words.format(pdf.SAMPLE_PAGE, pdf.SAMPLE_PAGES)), pdf.SAMPLE_PAGE, pdf.SAMPLE_PAGES
    )
    line = pdf_join._NumberLine(sample, [])
    holder = pikepdf.new()
    for page, pages in [(1, 1), (7, 12), (88, 88), (104, 2107)]:
        drawn = _number_drawn(pikepdf.Stream(holder, line.content(page, pages)))
        with pikepdf.open(io.BytesIO(_footer(words.format(page, pages)))) as alone:
            laid_out = _number_drawn(alone.pages[0])
        assert (drawn[0], drawn[2:]) == (laid_out[0], laid_out[2:]), (page, pages)
        assert drawn[1] == pytest.approx(laid_out[1], abs=0.05), (page, pages)


def test_a_sample_that_cannot_be_taken_apart_is_refused():
    from portal.domain.record.documents import pdf_join

    for words in ("Page 12 of 34", "Page 0123456789 of 0123456789", ""):
        with pytest.raises(pdf_join.NumbersNotComposed):
            pdf_join._NumberLine(pdf_join.NumberSample(_footer(words), pdf.SAMPLE_PAGE, pdf.SAMPLE_PAGES), [])


def _numbered_throughout(document: bytes) -> bool:
    with pdfplumber.open(io.BytesIO(document)) as opened:
        total = len(opened.pages)
        footers = [page.extract_text().splitlines()[-1] for page in opened.pages]
    return all(footer.endswith(f"Page {n} of {total}") for n, footer in enumerate(footers, 1))


@pytest.fixture(scope="module")
def unusual_sample(long_model) -> bytes:
    """A sample whose number has not every digit: it cannot be taken apart."""
    return pdf.render_numbers(long_model, ["12"], "34")


def test_numbers_are_laid_out_a_page_each_when_the_sample_cannot_be_taken_apart(
    long_model, joined, unusual_sample, monkeypatch
):
    monkeypatch.setattr(pdf, "render_number_sample", lambda model: unusual_sample)
    laid_out = documents.render(copy.deepcopy(long_model), "pdf")
    assert laid_out != joined
    assert _numbered_throughout(laid_out)
    # In the processes too: the joining process refuses the sample, the numbers are laid
    # out side by side and the parts joined again, to the same bytes.
    from concurrent.futures import Future

    rendering = documents.start_rendering(copy.deepcopy(long_model), processes=2)
    margins: Future = Future()
    margins.set_result((rendering._margins.result(timeout=60)[0], unusual_sample))
    rendering._margins = margins
    assert rendering.result()["pdf"] == laid_out
