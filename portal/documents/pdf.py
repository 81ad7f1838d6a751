"""The PDF: WeasyPrint, tagged PDF/UA-1, A4, titled, with the council's header on every
page and page numbers in the footer. Fonts come from Debian's fonts-liberation."""

from __future__ import annotations

import functools
import logging
from typing import Any

from portal.documents.html import render_template

PDF_VARIANT = "pdf/ua-1"


@functools.cache
def _quiet_weasyprint() -> None:
    # WeasyPrint reports every CSS property it ignores; the record's CSS is ours and tested.
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)


def render_pdf(model: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    _quiet_weasyprint()
    html = render_template("documents/pdf.html", model)
    document = HTML(string=html, base_url=None)
    return document.write_pdf(pdf_variant=PDF_VARIANT, uncompressed_pdf=False)
