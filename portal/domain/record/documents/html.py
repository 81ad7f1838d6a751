"""The web page of a published version, and the shared Jinja environment for documents.

Documents are rendered in their own Jinja environment: no request, no `url_for`, no
tokens or nonces, so the output depends on the model alone and the same model always
gives the same bytes.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from portal.config import ROOT
from portal.domain.record.documents import bilingual
from portal.domain.record.documents.model import checksum
from portal.domain.sanitise import clean_html, plain_text

_BLANK_LINES = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[list[str]]:
    """Plain text as paragraphs (split at blank lines), each a list of its lines."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return []
    return [[line.strip() for line in block.strip().split("\n")] for block in _BLANK_LINES.split(text)]


def sanitised(html: str) -> Markup:
    """Rich text from the model, cleaned again on the way out (cleaning is idempotent)."""
    return Markup(clean_html(html or ""))  # noqa: S704 (the one allow-list has just run)


def with_lead(html: Markup | str, label: str) -> Markup:
    """Put a label such as "Q:" at the start of the first paragraph of some clean HTML."""
    lead = Markup('<span class="app-record-inline-label">{}</span> ').format(label)
    text = str(html)
    if text.startswith("<p>"):
        return Markup("<p>") + lead + Markup(text[3:])  # noqa: S704 (clean HTML from sanitised())
    return Markup("<p>") + lead + Markup("</p>") + Markup(text)  # noqa: S704


def mentions(html: str, owner: str) -> bool:
    """Whether an action's text already names its owner ("The Committee to request...")."""
    words = plain_text(html).lower()
    name = owner.lower().strip()
    return bool(name) and (words.startswith(name) or words.startswith(f"the {name}"))


def css_string(value: str) -> Markup:
    """Text safe inside a CSS string in a <style> element (the PDF's page headers)."""
    out = []
    for char in str(value):
        if char in '"\\<>&' or ord(char) < 32:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return Markup("".join(out))  # noqa: S704 (every special character is escaped above)


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(ROOT / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters.update(
        paragraphs=paragraphs,
        sanitised=sanitised,
        with_lead=with_lead,
        mentions=mentions,
        css_string=css_string,
        record_views=bilingual.views,
        tr=bilingual.translate,
        trs=bilingual.translate_plain,
        lang_of=bilingual.lang_attribute,
        en_in=bilingual.other_language_marked,
        in_lang=bilingual.in_language,
        committee_in=bilingual.committee_in_view,
        trf=bilingual.translate_format,
        trfs=bilingual.translate_format_plain,
        has_label=bilingual.has_label,
        parts_html=bilingual.parts_html,
        entered_html=bilingual.entered_html,
        css_content=bilingual.css_content,
    )
    env.globals["escape"] = escape
    # The words of published documents go through gettext like the service's pages; the
    # record is published in English, so its catalogue is the identity.
    env.add_extension("jinja2.ext.i18n")
    env.install_null_translations(newstyle=True)
    return env


def render_template(name: str, model: dict[str, Any], **context: Any) -> str:
    return environment().get_template(name).render(model=model, checksum=checksum(model), **context)


def render_html(model: dict[str, Any], sizes: dict[str, int] | None = None) -> bytes:
    """The web page of a version; `sizes` (bytes of each downloadable format, when they
    have been rendered) names its downloads by format and size."""
    return render_template("documents/record.html", model, sizes=sizes or {}).encode("utf-8")


def record_in_english_html(model: dict[str, Any]) -> Markup:
    """The facts and texts of a record published in English only, for a page in another
    language to show inside an element marked `lang="en"` (the page's own words are its)."""
    record = environment().get_template("documents/_record.html").module
    views = bilingual.views(model)
    return Markup(  # noqa: S704 (rendered by the documents' autoescaping environment)
        str(record.meeting_facts(views[0])) + str(record.body(model, views))  # type: ignore[attr-defined]
    )


def is_english_only(model: dict[str, Any]) -> bool:
    return bilingual.languages(model) == ["en"]
