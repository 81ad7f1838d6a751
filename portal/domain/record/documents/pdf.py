"""The PDF: WeasyPrint, tagged PDF/UA-1, A4, titled, with the council's header on every
page and page numbers in the footer. Fonts come from Debian's fonts-liberation."""

from __future__ import annotations

import gc
import itertools
import logging
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from portal.domain.record.documents import bilingual
from portal.domain.record.documents.html import environment, render_template
from portal.domain.record.documents.model import checksum

PDF_VARIANT = "pdf/ua-1"

# Where HarfBuzz's subsetter is missing, WeasyPrint subsets fonts with fontTools, which
# stamps each subset with the time unless this is set; the bytes must depend on the
# model alone (decision 0041), so the stamp is fixed.
os.environ.setdefault("SOURCE_DATE_EPOCH", "0")


# WeasyPrint logs each step and every CSS property it ignores (some while it is being
# imported); the record's CSS is ours and tested, so only errors are worth a log line.
for _name in ("weasyprint", "weasyprint.progress", "fontTools"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def _tag_languages() -> None:
    """Give each tagged element whose HTML carries a `lang` its /Lang in the PDF's structure
    tree, so a screen reader reads a Welsh passage in an English document (or the reverse)
    in its own language. WeasyPrint sets only the document's /Lang (from <html lang>);
    its tag builder calls itself through the module, so wrapping it there covers every box."""
    import pydyf
    from weasyprint.pdf import tags

    build = tags._build_box_tree
    if getattr(build, "_sets_lang", False):
        return

    def with_lang(box: Any, parent: Any, *args: Any) -> Any:
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None and element.tag not in ("html", "body") else None
        for structure in build(box, parent, *args):
            if lang and "Lang" not in structure and structure.get("P") == parent.reference:
                structure["Lang"] = pydyf.String(lang)
            yield structure

    with_lang._sets_lang = True  # type: ignore[attr-defined]
    tags._build_box_tree = with_lang


def _page_references_once() -> None:
    """pydyf builds the list of every page's reference each time it is asked, and the tag
    builder asks once per tagged element: thousands of times over a 200-page record, which
    was a tenth of the PDF's time. The list changes only when a page is added, so it is
    kept until the page count changes. The bytes written are the same."""
    import pydyf

    if getattr(pydyf.PDF.page_references.fget, "_kept", False):
        return
    build = pydyf.PDF.page_references.fget

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        count = pdf.pages["Count"]
        kept = pdf.__dict__.get("_portal_page_references")
        if kept is None or kept[0] != count:
            kept = (count, build(pdf))
            pdf.__dict__["_portal_page_references"] = kept
        return kept[1]

    page_references._kept = True  # type: ignore[attr-defined]
    page_references.__wrapped__ = build  # type: ignore[attr-defined]
    pydyf.PDF.page_references = property(page_references)


# A record of more than SPLIT_FROM questions is laid out in at least two parts, of about
# PART_QUESTIONS each (decision 0360): WeasyPrint holds every page it has laid out until
# the PDF is written, about a megabyte a page, so a 300-question record took some 430 MB
# in one piece; in parts, each takes what its own pages take, and the parts are laid out
# side by side (a 50-question record in two halves, on two cores). A record in English
# and Welsh counts each question twice.
# PDF_PARTS_FROM in the environment sets SPLIT_FROM for the PDF processes too (0: lay
# every record out at once, as before; the benchmark compares the two).
SPLIT_FROM = int(os.environ.get("PDF_PARTS_FROM") or 30)
PART_QUESTIONS = 40


@dataclass(frozen=True, slots=True)
class Part:
    """Questions `start` to `stop` (counted through the record's sections in order). In a
    record whose languages come one after the other, `language` is the view (0 or 1) the
    part is in, and `opens` says the part begins that language."""

    start: int
    stop: int
    first: bool
    last: bool
    language: int | None = None
    opens: bool = False


def parts(model: dict[str, Any]) -> list[Part]:
    """How a record is laid out: [] for at once; otherwise its parts, from the model alone
    (the same model always gives the same parts, so the same bytes). A part ends where a
    section ends if one ends near where it would. A record in two languages is as long as
    one of twice its questions, so it is laid out in parts from half as many: side by side,
    each question is a pair, in parts of half as many questions; one after the other, each
    language's questions are cut as one language's are, its first part opening it."""
    languages = len(bilingual.languages(model))
    one_after_other = languages > 1 and bilingual.arrangement(model) == "one_after_other"
    sizes = [len(section["items"]) for section in model["sections"]]
    total = sum(sizes)
    if SPLIT_FROM <= 0 or total <= SPLIT_FROM // languages:
        return []
    if not one_after_other:
        ranges = _ranges(sizes, PART_QUESTIONS // languages, at_least=2)
        last = len(ranges) - 1
        return [Part(a, b, k == 0, k == last) for k, (a, b) in enumerate(ranges)]
    ranges = _ranges(sizes, PART_QUESTIONS, at_least=1)
    last = len(ranges) - 1
    return [
        Part(a, b, view == 0 and k == 0, view == languages - 1 and k == last, language=view, opens=k == 0)
        for view in range(languages)
        for k, (a, b) in enumerate(ranges)
    ]


def _ranges(sizes: list[int], size: int, *, at_least: int) -> list[tuple[int, int]]:
    """The questions cut into runs of about `size`, `at_least` of them, each ending where a
    section ends if one ends within a quarter of `size` of where it would."""
    total = sum(sizes)
    count = max(at_least, math.ceil(total / size))
    starts = [sum(sizes[:index]) for index in range(1, len(sizes))]
    bounds = [0]
    for k in range(1, count):
        ideal = round(total * k / count)
        near = [start for start in starts if abs(start - ideal) <= size // 4]
        bound = min(near, key=lambda start: (abs(start - ideal), start)) if near else ideal
        if bounds[-1] < bound < total:
            bounds.append(bound)
    bounds.append(total)
    return list(itertools.pairwise(bounds))


def part_model(model: dict[str, Any], part: Part) -> dict[str, Any]:
    """The record with only this part's questions: each section that has some of them
    (the one it goes on with marked `continued`), and a section without questions in the
    part its place falls in (after the last question: the part that ends its language)."""
    sections = []
    position = 0
    total = sum(len(section["items"]) for section in model["sections"])
    for section in model["sections"]:
        items = section["items"]
        start, stop = max(part.start, position), min(part.stop, position + len(items))
        if start < stop:
            kept = {**section, "items": items[start - position : stop - position]}
            if start > position:
                kept["continued"] = True
            sections.append(kept)
        elif not items and (part.start <= position < part.stop or position == part.stop == total):
            sections.append(section)
        position += len(items)
    return {**model, "sections": sections}


def continued(model: dict[str, Any], part: Part) -> int:
    """How many of the part's questions belong to a section begun in the part before."""
    sections = part_model(model, part)["sections"]
    return len(sections[0]["items"]) if sections and sections[0].get("continued") else 0


def render_pdf(model: dict[str, Any]) -> bytes:
    """The record's PDF: laid out at once, or in its parts one after another and joined."""
    plan = parts(model)
    if not plan:
        return _write(render_template("documents/pdf.html", model))
    return join(model, [render_part(model, part) for part in plan])


def render_part(model: dict[str, Any], part: Part) -> bytes:
    """One part of a long record, tagged, without its margins (header, footer, number)."""
    template = environment().get_template("documents/pdf.html")
    html = template.render(model=part_model(model, part), checksum=checksum(model), part=part, layer="body")
    return _write(html)


def join(model: dict[str, Any], pieces: list[bytes]) -> bytes:
    """The parts as one PDF, with what every page has in its margins laid over them: the
    header and footer (laid out once) and its number (drawn from a sample laid out once;
    laid out a page each where the sample cannot be taken apart)."""
    from portal.domain.record.documents import pdf_join

    furniture = render_furniture(model)
    try:
        sample = pdf_join.NumberSample(render_number_sample(model), SAMPLE_PAGE, SAMPLE_PAGES)
        return pdf_join.join(pieces, sample, furniture, continuations(model))
    except pdf_join.NumbersNotComposed:
        pages = sum(pdf_join.page_count(piece) for piece in pieces)
        numbered = [render_numbers(model, numbers, pages) for numbers in numbers_to_lay_out(pages)]
        return pdf_join.join(pieces, numbered, furniture, continuations(model))


def continuations(model: dict[str, Any]) -> list[int]:
    """For each part, how many of its first bookmarks belong under a section begun before
    it: a bookmark for each of those questions, or two side by side (one a language)."""
    per_question = 2 if bilingual.arrangement(model) == "side_by_side" else 1
    return [continued(model, part) * per_question for part in parts(model)]


def render_furniture(model: dict[str, Any]) -> bytes:
    """The header and footer of a long record's first page, then of any other page."""
    margins = environment().get_template("documents/pdf_margins.html")
    return _write(margins.render(model=model, numbers=range(1, 3), pages=2, layer="furniture"), tagged=False)


# Page numbers are laid out NUMBER_PAGES at a time: a page kept by WeasyPrint, even one
# with only its number, takes memory until the document is written.
NUMBER_PAGES = 80


def numbers_to_lay_out(pages: int) -> list[range]:
    return [range(start, min(start + NUMBER_PAGES, pages + 1)) for start in range(1, pages + 1, NUMBER_PAGES)]


def render_numbers(model: dict[str, Any], numbers: Sequence[int | str], pages: int | str) -> bytes:
    """A page for each of `numbers` (of `pages`), with nothing on it but its number."""
    margins = environment().get_template("documents/pdf_margins.html")
    return _write(margins.render(model=model, numbers=numbers, pages=pages, layer="numbers"), tagged=False)


# The page number each page's is drawn from (pdf_join): between them, every digit, and
# neither the other's beginning.
SAMPLE_PAGE, SAMPLE_PAGES = "0123456789", "9876543210"


def render_number_sample(model: dict[str, Any]) -> bytes:
    """The sample every page's number of a long record is drawn from: a page with nothing
    on it but its number, "Page 0123456789 of 9876543210" in the record's words."""
    return render_numbers(model, [SAMPLE_PAGE], SAMPLE_PAGES)


def _write(html: str, tagged: bool = True) -> bytes:
    from weasyprint import HTML

    _tag_languages()
    _page_references_once()
    # WeasyPrint makes millions of short-lived objects; the cycle collector scanning them
    # over and over costs a quarter of the time. Reference counting still frees them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return HTML(string=html, base_url=None).write_pdf(
            pdf_variant=PDF_VARIANT if tagged else None, uncompressed_pdf=False
        )
    finally:
        if collecting:
            gc.enable()


def warm_up() -> None:
    """Load WeasyPrint's fonts and stylesheets before the first real document, then set
    them aside from the cycle collector (they live as long as the process)."""
    from weasyprint import HTML

    HTML(string='<p style="font-family: Liberation Sans">Kingsmere</p>').write_pdf()
    gc.collect()
    gc.freeze()
