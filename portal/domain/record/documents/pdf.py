"""The PDF: WeasyPrint, tagged PDF/UA-1, A4, titled, with the council's header on every
page and page numbers in the footer. Fonts come from Debian's fonts-liberation."""

from __future__ import annotations

import gc
import logging
import os
from typing import Any

from portal.domain.record.documents.html import render_template

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


def render_pdf(model: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    _tag_languages()
    _page_references_once()

    html = render_template("documents/pdf.html", model)
    # WeasyPrint makes millions of short-lived objects; the cycle collector scanning them
    # over and over costs a quarter of the time. Reference counting still frees them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return HTML(string=html, base_url=None).write_pdf(pdf_variant=PDF_VARIANT, uncompressed_pdf=False)
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
