"""The Welsh catalogue: every string the public read is wrapped for gettext, and every
wrapped string has Welsh that keeps its placeholders. Extraction runs as `make
translations` does (babel.cfg), so a string added without Welsh fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from jinja2 import Environment

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "portal/translations/cy/LC_MESSAGES/messages.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_gettext": None,
    "_l": None,
    "plural_forms": (1, 2),
}

# Every page and e-mail is public unless it is listed here as staff: staff pages and
# e-mails to staff stay in English, so a new template is checked until it is named below.
STAFF_TEMPLATE_FOLDERS = (
    "accounts/",  # signing in is for staff only
    "admin/",
    "answers/",
    "audit/",
    "console/",
    "dev/",
    "feedback/",  # the "was your question answered?" report, under /staff
    "importing/",
    "mail/",  # e-mail that may not have arrived, under /staff
    "member_questions/",
    "moderation/",
    "past_records/",
    "publishing/",
    "reviews/",  # deciding a review, under /staff; the questioner's side is track/review.html
    "staff/",
    # The published record's documents are written in the record's languages, their
    # headings from the catalogue in that language: their own tests check them.
    "documents/",
)
STAFF_TEMPLATES = {
    "actions/action.html",  # updating an action, under /staff
    "actions/list.html",
    "actions/_status.html",  # the staff tables and tags of actions
    "macros/moderation.html",
    "macros/staff_questions.html",  # the staff's timeline of a question
    "admin/_layout.html",
}
STAFF_EMAILS = {
    "action_overdue",
    "answer_approved",
    "answer_awaiting_approval",
    "answer_returned",
    "review_to_decide",
}


def _is_staff(name: str) -> bool:
    return name.startswith(STAFF_TEMPLATE_FOLDERS) or name in STAFF_TEMPLATES


PUBLIC_TEMPLATES = sorted(
    name
    for name in (str(p.relative_to(ROOT / "templates")) for p in (ROOT / "templates").rglob("*.html"))
    if not _is_staff(name)
)
PUBLIC_EMAILS = sorted(p.stem for p in (ROOT / "templates/email").glob("*.txt") if p.stem not in STAFF_EMAILS)
# What e-mails the earlier list held: all of them are still checked.
QUESTIONER_EMAILS = [
    "confirm_question",
    "question_received",
    "question_accepted",
    "question_changed",
    "question_edited",
    "question_rejected",
    "question_resubmitted",
    "question_withdrawn",
    "question_withdrawn_on_behalf",
    "clarification_requested",
    "answer_published",
    "written_answer_sent",
    "your_data",
    "your_questions",
]

# Public pages and e-mails with English still outside gettext. Strict: once one is
# wrapped and translated this fails, so the entry is taken off and the page is checked
# like the others.
AWAITING_WELSH: dict[str, str] = {}


def _awaiting(name: str) -> list:
    reason = AWAITING_WELSH.get(name)
    return [pytest.mark.xfail(strict=True, reason=f"awaiting Welsh: {reason}")] if reason else []


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%\{(\w+)\}")


def _catalogue():
    with PO.open("rb") as f:
        return read_po(f, locale="cy")


def _extracted() -> dict[str, set[str]]:
    """msgid -> the files it comes from, extracted as `make translations` does."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: dict[str, set[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        key = message if isinstance(message, str) else message[0]
        found.setdefault(key, set()).add(filename)
    return found


def test_every_extracted_string_has_welsh():
    catalogue = _catalogue()
    missing = []
    for msgid, files in sorted(_extracted().items()):
        entry = catalogue.get(msgid)
        strings = () if entry is None else _forms(entry.string)
        if entry is None or entry.fuzzy or not all(strings):
            missing.append(f"{msgid!r} (from {', '.join(sorted(files))})")
    assert not missing, (
        "Strings without Welsh: run `make translations` and write their Welsh in "
        f"{PO.relative_to(ROOT)}:\n" + "\n".join(missing)
    )


def test_the_welsh_keeps_every_placeholder():
    wrong = []
    for entry in _catalogue():
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = {m for i in ids for m in PLACEHOLDER.findall(i)}
        for text in strings:
            if text and {m for m in PLACEHOLDER.findall(text)} - wanted:
                wrong.append(entry.id)
            if text and len(ids) == 1 and {m for m in PLACEHOLDER.findall(text)} != wanted:
                wrong.append(entry.id)
    assert not wrong, f"Welsh with missing or unknown placeholders: {wrong}"


def test_the_compiled_catalogue_matches_the_po_file():
    assert MO.exists(), "make install compiles the catalogues (make catalogues)"
    with MO.open("rb") as f:
        compiled = read_mo(f)
    source = _catalogue()
    differ = [
        m.id
        for m in source
        if m.id and (compiled.get(m.id) is None or _forms(compiled[m.id].string) != _forms(m.string))
    ]
    assert not differ, f"{MO.name} is out of date: run `make catalogues` ({len(differ)} strings differ)"


_TEXT_KEYS = {"text", "titleText", "summaryText", "visuallyHiddenText", "menuButtonText", "navigationLabel"}
_LEXER = Environment(extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)


def _forms(string: str | tuple | list) -> tuple:
    return tuple(string) if isinstance(string, (tuple, list)) else (string,)


def _untranslated_text(source: str, html: bool) -> list[str]:
    """Words in a template that are outside gettext: text between tags, and literal
    component texts such as {'text': 'Continue'}. Read with Jinja's own lexer."""
    found: list[str] = []
    chunks: list[str] = []  # the text between tags and expressions, outside trans blocks
    in_trans = False
    previous: list[tuple[str, str]] = []
    for _line, kind, value in _LEXER.lex(source):
        if kind == "name" and previous and previous[-1][0] == "block_begin":
            if value == "trans":
                in_trans = True
            elif value == "endtrans":
                in_trans = False
        if kind == "data" and not in_trans:
            chunks.append(value)
        if (
            kind == "string"
            and len(previous) >= 2
            and previous[-1] == ("operator", ":")
            and previous[-2][0] == "string"
            and previous[-2][1].strip("'\"") in _TEXT_KEYS
            and re.search(r"[A-Za-z]{2}", value)
        ):
            found.append(value.strip("'\""))
        if kind not in ("whitespace",):
            previous = [*previous[-3:], (kind, value)]
    text = "".join(chunks)
    if html:
        text = re.sub(r"<script.*?</script>|<svg.*?</svg>", " ", text, flags=re.S)
        text = re.sub(r"<[^>]*>", " ", text, flags=re.S)
        text = re.sub(r"&\w+;", " ", text)
    return [line.strip() for line in text.splitlines() if re.search(r"[A-Za-z]{2}", line)] + found


@pytest.mark.parametrize("name", [pytest.param(n, marks=_awaiting(n)) for n in PUBLIC_TEMPLATES])
def test_public_pages_have_no_words_outside_the_catalogue(name):
    text = (ROOT / "templates" / name).read_text()
    assert _untranslated_text(text, html=True) == [], f"templates/{name}: wrap these for gettext"


def test_every_questioner_email_is_checked():
    assert set(QUESTIONER_EMAILS) <= set(PUBLIC_EMAILS)
    assert "public/committees.html" in PUBLIC_TEMPLATES
    assert "admin/index.html" not in PUBLIC_TEMPLATES
    # The macros the tracking page uses are checked; the staff's timeline is apart.
    assert "macros/questions.html" in PUBLIC_TEMPLATES
    assert "macros/staff_questions.html" not in PUBLIC_TEMPLATES


@pytest.mark.parametrize("name", [pytest.param(n, marks=_awaiting(n)) for n in PUBLIC_EMAILS])
def test_public_emails_have_no_words_outside_the_catalogue(name):
    text = (ROOT / "templates/email" / f"{name}.txt").read_text()
    # The subject is set with _(), which the pattern for literals does not look at.
    assert _untranslated_text(text, html=False) == [], f"templates/email/{name}.txt: wrap these"


def test_the_checker_finds_unwrapped_words():
    assert _untranslated_text("<p>{{ _('Hello') }}</p><h2>Your question</h2>", html=True) == ["Your question"]
    assert _untranslated_text("{{ x({'text': 'Continue'}) }}", html=True) == ["Continue"]
    assert _untranslated_text("{% trans %}Dear {{ name }},{% endtrans %}", html=False) == []


def test_no_template_string_has_a_bare_percent_sign():
    """A {% trans %} block without variables is looked up with its % doubled, so a
    bare % in it never finds its Welsh: put the figure in a variable instead."""
    bare = [
        msgid
        for msgid, files in _extracted().items()
        if any(f.startswith("templates") for f in files)
        for text in (msgid if isinstance(msgid, tuple) else (msgid,))
        if re.search(r"%(?!\()", PLACEHOLDER.sub("", text))
    ]
    assert bare == [], f"Wrap the figure in a variable: {bare}"
