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


def render_pdf(model: dict[str, Any]) -> bytes:
    from weasyprint import HTML

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
