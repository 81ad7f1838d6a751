"""The CSV download: one row per question, plain text, for spreadsheets and analysis.

UTF-8 with a byte-order mark, so Excel opens curly quotes and dashes correctly.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from portal.domain.sanitise import plain_text

COLUMNS = (
    "council",
    "committee",
    "meeting_date",
    "document",
    "version",
    "published_at",
    "section",
    "section_minute",
    "number",
    "reference",
    "questioner",
    "question",
    "question_to",
    "question_arrived",
    "response",
    "answered_by",
    "withdrawn",
    "put_at_meeting",
    "supplementary_question",
    "supplementary_arrived",
    "supplementary_answered_by",
    "supplementary_response",
    "follow_ups",
    "written_response_due",
    "written_response_sent",
    "written_response",
    "actions",
    "noted_comments",
    "entered_after_event",
    "link",
    "webcast_question",
    "webcast_supplementary",
    # The record in English and Welsh: the language of the question and of the council's
    # answer ("en", "cy" or "both"), and each text in each language where the record has
    # it (the original, or the council's translation); empty where it has not.
    "question_language",
    "answer_language",
    "question_en",
    "question_cy",
    "response_en",
    "response_cy",
    "supplementary_question_en",
    "supplementary_question_cy",
    "supplementary_response_en",
    "supplementary_response_cy",
)

# Each text's column stem and its field in the model.
_TEXTS = (
    ("question", "question_text"),
    ("response", "response_html"),
    ("supplementary_question", "supplementary.question_html"),
    ("supplementary_response", "supplementary.answer_html"),
)


def rows(model: dict[str, Any]) -> list[dict[str, str]]:
    document = model["document"]
    out: list[dict[str, str]] = []
    for section in model["sections"]:
        for item in section["items"]:
            supplementary = item["supplementary"] or {}
            written = item["written_answer"] or {}
            put = item["put"] or {}
            out.append(
                {
                    "council": model["council"]["name"],
                    "committee": model["committee"]["name"],
                    "meeting_date": model["meeting"]["starts_at"][:10],
                    "document": document["kind_label"],
                    "version": str(document["version"]),
                    "published_at": document["published_at"],
                    "section": section["heading"],
                    "section_minute": section.get("minute") or "",
                    "number": item["label"],
                    "reference": item["reference"],
                    "questioner": item["questioner"],
                    "question": item["question_text"],
                    "question_to": item["question_to"],
                    "question_arrived": (item.get("arrival") or {}).get("label", ""),
                    "response": plain_text(item["response_html"]),
                    "answered_by": item.get("answered_by", ""),
                    "withdrawn": "yes" if item["withdrawn"] else "no",
                    "put_at_meeting": _put_text(put),
                    "supplementary_question": plain_text(supplementary.get("question_html", "")),
                    "supplementary_arrived": (supplementary.get("arrival") or {}).get("label", ""),
                    "supplementary_answered_by": supplementary.get("answered_by", ""),
                    "supplementary_response": plain_text(supplementary.get("answer_html", "")),
                    "follow_ups": "\n\n".join(
                        f"{f['asked_by']}: {plain_text(f['question_html'])}"
                        + (
                            f"\n{f['answered_by'] or 'Response'}: {plain_text(f['answer_html'])}"
                            if f["answer_html"]
                            else ""
                        )
                        for f in item.get("follow_ups", [])
                    ),
                    "written_response_due": written.get("due_on") or "",
                    "written_response_sent": written.get("sent_on") or "",
                    # A promise with no date is printed in the record's own words.
                    "written_response": plain_text(written.get("html", ""))
                    or (written["label"] if written.get("undated") else ""),
                    "actions": "\n".join(
                        f"{a['letter']}) {plain_text(a['html'])}"
                        + (f" (owner: {a['owner']})" if a["owner"] else "")
                        for a in item["actions"]
                    ),
                    "noted_comments": "\n\n".join(
                        f"{c['heading']}\n{plain_text(c['html'])}".strip() for c in item["noted_comments"]
                    ),
                    "entered_after_event": (
                        item.get("entered_after_event") or model["meeting"].get("entered_after_event") or {}
                    ).get("text", ""),
                    "link": f"{document['path']}#{item['anchor']}",
                    "webcast_question": _moment_url(item, "question"),
                    "webcast_supplementary": _moment_url(item, "supplementary"),
                    **_languages(item),
                }
            )
    return out


def _languages(item: dict[str, Any]) -> dict[str, str]:
    """The language columns: each text under its language's column, original or translated."""
    languages = item.get("languages") or {}
    translations = item.get("translations") or {}
    out = {
        "question_language": languages.get("question_text", "en"),
        "answer_language": item.get("answer_language", "en"),
    }
    for stem, field in _TEXTS:
        out[f"{stem}_en"] = out[f"{stem}_cy"] = ""
        if field.startswith("supplementary."):
            original = (item.get("supplementary") or {}).get(field.split(".", 1)[1], "")
        else:
            original = item.get(field, "")
        if original:
            text = original if field == "question_text" else plain_text(original)
            out[f"{stem}_{languages.get(field, 'en')}"] = text
        translation = translations.get(field)
        if translation:
            value = translation["value"]
            out[f"{stem}_{translation['lang']}"] = value if field == "question_text" else plain_text(value)
    return out


def _moment_url(item: dict[str, Any], part: str) -> str:
    """The webcast at the moment the question (or supplementary) began; absent in older versions."""
    moment = (item.get("webcast") or {}).get(part)
    return moment["url"] if moment else ""


def _put_text(put: dict[str, Any]) -> str:
    if not put.get("how"):
        return ""
    if put["how"] == "read_on_behalf" and put.get("read_by"):
        return f"{put['label']} ({put['read_by']})"
    return put["label"]


def render_csv(model: dict[str, Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows(model):
        writer.writerow({key: _safe_cell(value) for key, value in row.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _safe_cell(value: str) -> str:
    """Text from the public that starts like a formula is prefixed, so spreadsheets
    show it rather than run it (CSV injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value
