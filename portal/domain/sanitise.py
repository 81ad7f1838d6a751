"""The one allow-list for HTML. Every answer, stored or shown, passes through here.

Officers write answers in Markdown (with HTML pasted from Word allowed in): paragraphs,
lists, bold, italics, underline, links, footnote markers and tables. Whatever comes
in, only the tags and attributes below come out; scripts, styles, event handlers
and `javascript:` links never survive. Text from the public is never HTML: templates
escape it, and `plain_text()` is for places that need it cleaned of markup.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable
from html import unescape

import bleach
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "a",
        "ul",
        "ol",
        "li",
        "blockquote",
        "h3",
        "h4",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "sup",
        "sub",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"],
    "th": ["scope", "colspan", "rowspan"],
    "td": ["colspan", "rowspan"],
    "ol": ["start"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})

# Elements whose contents are code or styling, not words: removed together with their
# contents before bleach runs. (Bleach is the guard; this only keeps "alert(1)" and
# CSS rules from turning up as visible text.)
_DROP_WITH_CONTENT = re.compile(
    r"<(script|style|template|noscript|iframe|object|embed|svg|math|head|title|xml|textarea|select)\b[^>]*>"
    r".*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)


def _drop_code_blocks(html: str) -> str:
    previous = None
    while previous != html:
        previous, html = html, _DROP_WITH_CONTENT.sub("", html)
    return html


# A bleach Cleaner keeps its html5lib parser's state between calls, so one shared by
# gunicorn's threads mixes up answers being cleaned at the same moment (some came out
# empty, some half another answer's). Each thread builds its own from the same allow-list;
# each process has its own threads, so forked workers are covered too.
_per_thread = threading.local()


def _cleaner() -> bleach.Cleaner:
    cleaner = getattr(_per_thread, "cleaner", None)
    if cleaner is None:
        cleaner = _per_thread.cleaner = bleach.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
        )
    return cleaner


# Word's clipboard HTML carries conditional comments and XML islands that html5lib
# would otherwise read as text.
# Word's list markers ("·" and spaces) come inside supportLists blocks, in either form.
_WORD_JUNK = re.compile(
    r"<!--\[if.*?<!\[endif\]-->"
    r"|<!--\[if !supportLists\]-->.*?<!--\[endif\]-->"
    r"|<!\[if !supportLists\]>.*?<!\[endif\]>"
    r"|<\?xml.*?\?>|<o:p>.*?</o:p>",
    re.IGNORECASE | re.DOTALL,
)
_EMPTY_PARAGRAPHS = re.compile(r"<p>(?:\s|&nbsp;|<br>)*</p>")


def _underline(state: StateInline, silent: bool) -> bool:
    """++words++ becomes <u>words</u>: underline, which Markdown has no syntax for.

    The opening ++ must be followed, and the closing ++ preceded, by something other
    than a space, so "C++ and C++" stays as typed.
    """
    start, src = state.pos, state.src
    if not src.startswith("++", start) or start + 2 >= state.posMax or src[start + 2].isspace():
        return False
    end = src.find("++", start + 3, state.posMax)
    while end != -1 and src[end - 1].isspace():
        end = src.find("++", end + 1, state.posMax)
    if end == -1:
        return False
    if not silent:
        state.push("u_open", "u", 1)
        old_max = state.posMax
        state.pos, state.posMax = start + 2, end
        state.md.inline.tokenize(state)
        state.posMax = old_max
        state.push("u_close", "u", -1)
    state.pos = end + 2
    return True


def _header_cells_scope(state: StateCore) -> None:
    """Pipe-table header cells label their columns, for screen readers."""
    for token in state.tokens:
        if token.type == "th_open":
            token.attrSet("scope", "col")


def _markdown() -> MarkdownIt:
    """The Markdown parser for this thread (its rule lists are cached lazily on first use,
    so it is not shared either)."""
    parser = getattr(_per_thread, "markdown", None)
    if parser is None:
        options = {"html": True, "linkify": False, "typographer": False}
        parser = MarkdownIt("commonmark", options).enable("table")
        parser.inline.ruler.before("emphasis", "underline", _underline)
        parser.core.ruler.push("table_header_scope", _header_cells_scope)
        _per_thread.markdown = parser
    return parser


# Cleaning is a pure function of the text, and the same answer is cleaned many times: on
# every page that shows it, and several times in publishing a record (the web page, the
# archive entries, the model's tables). So each worker remembers the texts it cleaned last
# (lru_cache is safe across threads), up to REMEMBERED of them and of at most
# REMEMBERED_LENGTH characters each: a few megabytes at most.
REMEMBERED = 2048
REMEMBERED_LENGTH = 20_000


def _remembered(function: Callable[[str], str]) -> Callable[[str], str]:
    cached = functools.lru_cache(maxsize=REMEMBERED)(function)

    @functools.wraps(function)
    def remembering(html: str) -> str:
        html = html or ""
        return cached(html) if len(html) <= REMEMBERED_LENGTH else function(html)

    return remembering


@_remembered
def clean_html(html: str) -> str:
    """HTML reduced to the allow-list. Idempotent: cleaning clean HTML changes nothing."""
    html = _drop_code_blocks(_WORD_JUNK.sub("", html or ""))
    cleaned = _cleaner().clean(html)
    return _EMPTY_PARAGRAPHS.sub("", cleaned).strip()


def render_markdown(source: str) -> str:
    """An officer's Markdown as safe HTML: the only way answer text becomes HTML."""
    return clean_html(_markdown().render(source or ""))


def answer_markup(html: str) -> Markup:
    """Answer HTML for a template: cleaned again on the way out, then marked safe.

    This is the only thing templates may mark safe (the `answer_html` filter)."""
    return Markup(clean_html(html or ""))  # noqa: S704 (the allow-list has just been applied)


_LINE_ENDS = re.compile(r"</(p|li|tr|h3|h4|blockquote)>|<br\s*/?>")
_CELL_ENDS = re.compile(r"</t[dh]>")


def _text_cleaner() -> bleach.Cleaner:
    """A cleaner that keeps no tags at all: this thread's own, as `_cleaner()` is."""
    cleaner = getattr(_per_thread, "text_cleaner", None)
    if cleaner is None:
        cleaner = _per_thread.text_cleaner = bleach.Cleaner(tags=set(), strip=True)
    return cleaner


@_remembered
def plain_text(html: str) -> str:
    """The words of some HTML, for search, CSV and e-mail: a line for each paragraph,
    list item and table row, a space between table cells."""
    text = _CELL_ENDS.sub(" ", _LINE_ENDS.sub("\n", html or ""))
    text = unescape(_text_cleaner().clean(text)).replace("\xa0", " ")
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+", " ", text)).strip()


_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")


def linkify_plain_text(text: str, *, rewrite_prefix: tuple[str, str] | None = None) -> str:
    """Plain text (an e-mail body, say) as HTML: every character escaped, web addresses made
    into links. `rewrite_prefix=(old, new)` points links at another host (the development
    mailbox uses it so links open on the server you are looking at)."""
    from markupsafe import escape

    parts: list[str] = []
    position = 0
    for match in _URL.finditer(text or ""):
        url = match.group(0)
        href = url
        if rewrite_prefix and url.startswith(rewrite_prefix[0]):
            href = rewrite_prefix[1] + url[len(rewrite_prefix[0]) :]
        parts.append(str(escape(text[position : match.start()])))
        parts.append(f'<a class="govuk-link" href="{escape(href)}">{escape(url)}</a>')
        position = match.end()
    parts.append(str(escape((text or "")[position:])))
    return "".join(parts)
