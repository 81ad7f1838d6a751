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
from typing import Any

from markupsafe import Markup

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
    if localised:
        document, meeting = out["document"], out["meeting"]
        document["title"] = localised["title"]
        document["kind_label"] = localised["kind_label"]
        document["published_text"] = localised["published_text"]
        meeting["date_text"] = localised["date_text"]
        meeting["time_text"] = localised["time_text"]
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
            local_item = (item.get("localised") or {}).get(language)
            if local_item:
                item["response_label"] = local_item["response_label"]
                if item.get("supplementary") and local_item["supplementary_label"]:
                    item["supplementary"]["label"] = local_item["supplementary_label"]
    return out


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
