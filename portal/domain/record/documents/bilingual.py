"""The record in each of its languages: a view of the frozen model for one language.

A model published in English and Welsh is rendered as two views, one per language: each
text in the view's language where it was written in it or the council translated it,
otherwise the original, which the formats then mark with its own language (`text_langs`).
The document's own words in Welsh come from the model (`document.localised`), never from
the catalogue at render time. A model published before records had languages has one
English view, rendered exactly as before.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from markupsafe import Markup, escape

# Words and the language they are in: None for the view's own language, "en" for English
# inside a Welsh view (a name, staff-typed text, or words the model has no Welsh for).
Part = tuple[str, str | None]

_FIELD = re.compile(r"%\((\w+)\)s")

FIELDS = ("question_text", "response_html", "supplementary.question_html", "supplementary.answer_html")
NAMES = {"en": "English", "cy": "Welsh"}


def languages(model: dict[str, Any]) -> list[str]:
    return list(model["document"].get("languages") or ["en"])


def arrangement(model: dict[str, Any]) -> str:
    return str(model["document"].get("arrangement") or "single")


def _get(item: dict[str, Any], field: str) -> str:
    if field.startswith("supplementary."):
        supplementary = item.get("supplementary") or {}
        return str(supplementary.get(field.split(".", 1)[1], ""))
    return str(item.get(field, ""))


def _set(item: dict[str, Any], field: str, value: str) -> None:
    if field.startswith("supplementary."):
        item["supplementary"][field.split(".", 1)[1]] = value
    else:
        item[field] = value


def text_in(item: dict[str, Any], field: str, language: str) -> tuple[str, str]:
    """The text of `field` for a reader of `language`, and the language it is in."""
    original = (item.get("languages") or {}).get(field, "en")
    if original == language:
        return _get(item, field), original
    translation = (item.get("translations") or {}).get(field)
    if translation and translation["lang"] == language and translation["value"]:
        return translation["value"], language
    return _get(item, field), original


def view(model: dict[str, Any], language: str, anchor_suffix: str = "") -> dict[str, Any]:
    """`model` for a reader of `language` (see the module's description)."""
    out = copy.deepcopy(model)
    localised = (model["document"].get("localised") or {}).get(language)
    labels = dict(localised["labels"]) if localised else {}
    out["view_lang"], out["labels"], out["anchor_suffix"] = language, labels, anchor_suffix
    dates: dict[str, str] = dict(localised.get("dates") or {}) if localised else {}
    if localised:
        document, meeting = out["document"], out["meeting"]
        document["title"] = localised["title"]
        document["kind_label"] = localised["kind_label"]
        document["published_text"] = localised["published_text"]
        meeting["date_text"] = localised["date_text"]
        if localised.get("committee_name"):
            out["committee"]["name"] = localised["committee_name"]
            out["committee_lang"] = language
        meeting["time_text"] = localised["time_text"]
        if localised.get("held_text"):
            meeting["held_text"] = localised["held_text"]
        for entry in document["history"]:
            entry["published_text"] = dates.get(entry["published_at"], entry["published_text"])
        _date_mark(meeting.get("entered_after_event"), dates)
        _words_in(out, localised, language)
    for section in out["sections"]:
        section["view_lang"], section["labels"] = language, labels
        section["heading_lang"] = "en"
        section["anchor"] = f"section-{section['kind']}{anchor_suffix}"
        local_section = (section.get("localised") or {}).get(language)
        if local_section:
            section["heading"] = local_section["heading"]
            section["heading_lang"] = local_section["heading_lang"]
            section["empty_text"] = local_section["empty_text"]
        for item in section["items"]:
            item["view_lang"], item["labels"] = language, labels
            item["anchor"] = f"{item['anchor']}{anchor_suffix}"
            langs: dict[str, str] = {}
            for field in FIELDS:
                text, text_lang = text_in(item, field, language)
                langs[field] = text_lang
                if field.startswith("supplementary.") and not item.get("supplementary"):
                    continue
                _set(item, field, text)
            item["text_langs"] = langs
            local_item = (item.get("localised") or {}).get(language) or {}
            if local_item.get("question_to"):
                item["question_to"], item["question_to_lang"] = local_item["question_to"], language
            item["response_parts"] = answer_label(
                item, item["response_label"], item["answered_by"], local_item.get("response_label")
            )
            supplementary = item.get("supplementary")
            if supplementary:
                supplementary["label_parts"] = answer_label(
                    item,
                    supplementary["label"],
                    supplementary["answered_by"],
                    local_item.get("supplementary_label"),
                )
            if local_item:
                item["response_label"] = local_item["response_label"]
                if supplementary and local_item["supplementary_label"]:
                    supplementary["label"] = local_item["supplementary_label"]
            _date_mark(item.get("entered_after_event"), dates)
            written = item.get("written_answer")
            if written and dates:
                written["due_text"] = dates.get(written["due_on"] or "", written["due_text"])
                written["sent_text"] = dates.get(written["sent_on"] or "", written["sent_text"])
    return out


def _words_in(out: dict[str, Any], localised: dict[str, Any], language: str) -> None:
    """The council's name and address, the venue and the portal's own change notes in the
    view's language, where the model has them (`*_lang` says which words are in it; words
    without it are the English)."""
    council = localised.get("council")
    if council:
        out["council"].update(council)
        out["council_lang"] = language
    meeting, document = out["meeting"], out["document"]
    if localised.get("venue"):
        meeting["venue"], meeting["venue_lang"] = localised["venue"], language
    notes = localised.get("change_notes") or {}
    for entry in document["history"]:
        if str(entry["version"]) in notes:
            entry["change_note"], entry["change_note_lang"] = notes[str(entry["version"])], language
    if str(document["version"]) in notes:
        document["change_note"], document["change_note_lang"] = notes[str(document["version"])], language


def lang_of_words(holder: dict[str, Any], key: str) -> str:
    """The language of words the view may have in its own language (`<key>_lang`), English
    where it has not."""
    return str(holder.get(f"{key}_lang") or "en")


def _date_mark(entered: dict[str, Any] | None, dates: dict[str, str]) -> None:
    """The day a record was entered after the meeting, in the view's language (`on_text`)."""
    if entered and entered["on"] in dates:
        entered["on_text"] = dates[entered["on"]]


def views(model: dict[str, Any]) -> list[dict[str, Any]]:
    """One view per language of the record; anchors in the second carry its language."""
    langs = languages(model)
    return [view(model, lang, "" if index == 0 else f"-{lang}") for index, lang in enumerate(langs)]


# Template helpers ----------------------------------------------------------------------


def translate(text: str, holder: dict[str, Any]) -> Markup | str:
    """A document's own words in the holder's language; words without a translation stay
    English, marked so."""
    language = holder.get("view_lang", "en")
    if language == "en":
        return text
    found = (holder.get("labels") or {}).get(text)
    if found:
        return found
    return Markup('<span lang="en">{}</span>').format(text)


def translate_plain(text: str, holder: dict[str, Any]) -> str:
    """As `translate`, for attribute values (no mark-up)."""
    language = holder.get("view_lang", "en")
    if language == "en":
        return text
    return str((holder.get("labels") or {}).get(text) or text)


def lang_attribute(holder: dict[str, Any], field: str) -> Markup:
    """` lang="cy"` on the element holding `field` when its text is not in the view's language."""
    text_lang = (holder.get("text_langs") or {}).get(field)
    if text_lang and text_lang != holder.get("view_lang", "en"):
        return Markup(' lang="{}"').format(text_lang)
    return Markup("")


def other_language_marked(holder: dict[str, Any], language: str = "en") -> Markup:
    """` lang="en"` for English words (names the council has no Welsh for) in a Welsh view."""
    if holder.get("view_lang", "en") != language:
        return Markup(' lang="{}"').format(language)
    return Markup("")


def committee_in_view(model: dict[str, Any]) -> Markup:
    """The committee's name in a view: its own name in the view's language where the council
    gave one, otherwise the English, marked as English."""
    return in_language(model["committee"]["name"], model, model.get("committee_lang", "en"))


def in_language(text: str, holder: dict[str, Any], language: str = "en") -> Markup:
    """`text`, inside `<span lang>` when it is in `language` and the view is not."""
    if holder.get("view_lang", "en") != language:
        return Markup('<span lang="{}">{}</span>').format(language, text)
    return Markup("{}").format(text)


# The document's own words with fields ----------------------------------------------------


def has_label(text: str, holder: dict[str, Any]) -> bool:
    """Whether the holder's view has its own words for `text` (an English view always has)."""
    return holder.get("view_lang", "en") == "en" or bool((holder.get("labels") or {}).get(text))


def parts(text: str, holder: dict[str, Any], **params: Any) -> list[Part]:
    """`text`, one of the document's own words with %(name)s fields, in the holder's
    language, as pieces with the language of each. A value given as (words, language)
    is in that language (a name, staff-typed text); any other value is in the view's.
    Without a translation in the model (a version published before it had one) the
    whole is the English, marked English."""
    language = holder.get("view_lang", "en")
    words = text if language == "en" else (holder.get("labels") or {}).get(text)
    whole: str | None = None
    if not words:
        words, whole = text, "en"
    out: list[Part] = []

    def add(piece: str, lang: str | None) -> None:
        lang = whole or (None if lang == language else lang)
        if not piece:
            return
        if out and out[-1][1] == lang:
            out[-1] = (out[-1][0] + piece, lang)
        else:
            out.append((piece, lang))

    position = 0
    for match in _FIELD.finditer(words):
        add(words[position : match.start()], None)
        value = params[match.group(1)]
        value_text, value_lang = value if isinstance(value, tuple) else (value, None)
        add(str(value_text), value_lang)
        position = match.end()
    add(words[position:], None)
    return out


def parts_html(pieces: list[Part]) -> Markup:
    """Pieces as HTML: each piece in another language inside `<span lang>`."""
    out = Markup("")
    for words, lang in pieces:
        out += Markup('<span lang="{}">{}</span>').format(lang, words) if lang else escape(words)
    return out


def translate_format(text: str, holder: dict[str, Any], **params: Any) -> Markup:
    """`parts`, as HTML."""
    return parts_html(parts(text, holder, **params))


def translate_format_plain(text: str, holder: dict[str, Any], **params: Any) -> str:
    """`parts`, as plain text (attribute values, the PDF's page margins)."""
    return "".join(words for words, _lang in parts(text, holder, **params))


# The labels of answers, as the model printed them in English, and their field form.
_ANSWER_FORMATS = {
    "Response ({}):": "Response (%(answered_by)s):",
    "Response to supplementary question ({}):": "Response to supplementary question (%(answered_by)s):",
}


def answer_label(holder: dict[str, Any], english: str, answered_by: str, localised: str | None) -> list[Part]:
    """The heading of an answer ("Response (Director for Children):") in the holder's
    language, with who answered marked English. A version published before the labels
    had fields shows the Welsh it was published with (`localised`)."""
    if holder.get("view_lang", "en") == "en":
        return [(english, None)]
    for printed, field_form in _ANSWER_FORMATS.items():
        if answered_by and english == printed.format(answered_by) and has_label(field_form, holder):
            return parts(field_form, holder, answered_by=(answered_by, "en"))
    if has_label(english, holder):
        return parts(english, holder)
    if localised:
        return [(localised, None)]
    return [(english, "en")]


def entered_parts(entered: dict[str, Any], holder: dict[str, Any], *, in_facts: bool = False) -> list[Part]:
    """ "Entered after the meeting by Jo Clerk on 4 December 2026." in the holder's
    language, the name marked English; `in_facts`: as the meeting's facts say it, "...,
    from the council's record of the meeting." """
    ending = ", from the council's record of the meeting." if in_facts else "."
    english = entered["text"] + ending
    if holder.get("view_lang", "en") == "en":
        return [(english, None)]
    field_form = (
        "Entered after the meeting by %(name)s on %(date)s"
        if entered["by"]
        else "Entered after the meeting on %(date)s"
    ) + ending
    if entered.get("on_text") and has_label(field_form, holder):
        return parts(field_form, holder, name=(entered["by"], "en"), date=entered["on_text"])
    return [(english, "en")]


def entered_html(entered: dict[str, Any], holder: dict[str, Any], in_facts: bool = False) -> Markup:
    return parts_html(entered_parts(entered, holder, in_facts=in_facts))


def css_content(text: str, holder: dict[str, Any], **params: str) -> Markup:
    """A CSS `content` value for the PDF's page margins: the words as CSS strings, and a
    field named in `params` as the CSS it stands for, such as counter(page)."""
    language = holder.get("view_lang", "en")
    words = text if language == "en" else ((holder.get("labels") or {}).get(text) or text)
    out: list[str] = []
    position = 0
    for match in _FIELD.finditer(words):
        if match.start() > position:
            out.append(_css_string(words[position : match.start()]))
        out.append(params[match.group(1)])
        position = match.end()
    if position < len(words):
        out.append(_css_string(words[position:]))
    return Markup(" ".join(out))  # noqa: S704 (every string is escaped by _css_string)


def _css_string(value: str) -> str:
    escaped = []
    for char in value:
        if char in '"\\<>&' or ord(char) < 32:
            escaped.append(f"\\{ord(char):x} ")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'
