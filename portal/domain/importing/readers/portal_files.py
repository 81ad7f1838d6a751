"""The portal's own JSON and CSV downloads (portal/domain/record/documents/json.py and
csv.py), read back: what one portal exported, another (or the same, rebuilt) files
again with the same fields. Columns or keys the portal never writes are ignored, so no
contact detail in a hand-made file can come in.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Any

from portal.domain.importing import layout
from portal.domain.importing.records import ImportedRecord, ReadResult, UnreadableDocument, display
from portal.domain.record.documents.csv import COLUMNS
from portal.domain.record.documents.model import SCHEMA_ID
from portal.domain.sanitise import plain_text
from portal.formatting import to_london

_FORMULA_GUARD = re.compile(r"^'(?=[=+\-@\t\r])")


def _paragraphs_of(html: str) -> str:
    return "\n\n".join(line for line in plain_text(html or "").split("\n") if line.strip())


def _decode(filename: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise UnreadableDocument(f"{display(filename)} is not a text file", field="files") from None


def read_json(filename: str, data: bytes) -> ReadResult:
    name = display(filename)
    try:
        model = json.loads(_decode(filename, data))
    except (json.JSONDecodeError, RecursionError):
        raise UnreadableDocument(f"{name} is not a JSON file: it may be damaged", field="files") from None
    if not isinstance(model, dict) or model.get("schema") != SCHEMA_ID:
        raise UnreadableDocument(
            f"{name} is not a record of questions downloaded from the portal (JSON, schema {SCHEMA_ID})",
            field="files",
        )
    try:
        records = [
            _from_item(section, item)
            for section in model["sections"]
            for item in section["items"]
            if not item["withdrawn"]
        ]
        meeting_date = to_london(dt.datetime.fromisoformat(model["meeting"]["starts_at"])).date()
        committee = str(model["committee"]["slug"])
    except (KeyError, TypeError, ValueError):
        raise UnreadableDocument(f"{name} is missing parts of the portal's record", field="files") from None
    return ReadResult(
        reader="Portal JSON",
        records=records,
        meeting_date=meeting_date,
        committee_hint=committee,
        layout="portal",
    )


def _from_item(section: dict[str, Any], item: dict[str, Any]) -> ImportedRecord:
    supplementary = item.get("supplementary") or {}
    written = item.get("written_answer") or {}
    record = ImportedRecord(
        section="member" if item["kind"] == "member" else "public",
        number_label=str(item["label"]),
        questioner=str(item["questioner"]),
        question_to=str(item["question_to"]),
        question=_paragraphs_from_text(item["question_text"]),
        answered_by=str(item["question_to"]),
        response=_paragraphs_of(item["response_html"]),
        supplementary_question=_paragraphs_of(supplementary.get("question_html", "")),
        supplementary_answered_by=str(supplementary.get("answered_by", "")),
        supplementary_response=_paragraphs_of(supplementary.get("answer_html", "")),
        written_answer=_paragraphs_of(written.get("html", "")),
        written_answer_on=dt.date.fromisoformat(written["sent_on"]) if written.get("sent_on") else None,
        actions=[plain_text(a["html"]) for a in item.get("actions", [])],
        noted_comments=[
            f"{c['heading']}\n\n{_paragraphs_of(c['html'])}".strip() for c in item.get("noted_comments", [])
        ],
        source_text=json.dumps(item, ensure_ascii=False, indent=1)[:20_000],
    )
    record.tidy()
    return record


def _paragraphs_from_text(text: str) -> str:
    return "\n\n".join(p for p in re.split(r"\n+", text or "") if p.strip())


def read_csv(filename: str, data: bytes) -> ReadResult:
    name = display(filename)
    text = _decode(filename, data)
    try:
        reader = csv.DictReader(io.StringIO(text))
        fields = set(reader.fieldnames or [])
        if not {"number", "questioner", "question", "response"} <= fields:
            raise UnreadableDocument(
                f"{name} is not a record of questions downloaded from the portal: it needs the columns "
                "number, questioner, question and response",
                field="files",
            )
        rows = list(reader)
    except csv.Error:
        raise UnreadableDocument(f"{name} is not a CSV file: it may be damaged", field="files") from None
    records = []
    meeting_date = None
    committee = ""
    for row in rows:
        cell = {key: _FORMULA_GUARD.sub("", (row.get(key) or "")) for key in COLUMNS}
        if cell["withdrawn"] == "yes":
            continue
        meeting_date = meeting_date or _date(cell["meeting_date"])
        committee = committee or cell["committee"]
        heading = layout.section_of(cell["section"]) if cell["section"] else None
        number = layout.numbering(cell["number"])
        kind = layout.kind_for_number(number, heading[0] if heading else "public")
        record = ImportedRecord(
            section=kind,
            number_label=cell["number"],
            questioner=cell["questioner"],
            question_to=cell["question_to"],
            question=_paragraphs_from_text(cell["question"]),
            answered_by=cell["question_to"],
            response=_paragraphs_from_text(cell["response"]),
            supplementary_question=_paragraphs_from_text(cell["supplementary_question"]),
            supplementary_answered_by=cell["supplementary_answered_by"],
            supplementary_response=_paragraphs_from_text(cell["supplementary_response"]),
            written_answer=_paragraphs_from_text(cell["written_response"]),
            written_answer_on=_date(cell["written_response_sent"]),
            actions=[_action(line) for line in cell["actions"].split("\n") if line.strip()],
            noted_comments=[
                c for c in re.split(r"\n\s*\n(?=\S+\s*\S*[A-Z]{3})", cell["noted_comments"]) if c
            ],
            source_text="\n".join(f"{k}: {v}" for k, v in cell.items() if v)[:20_000],
        )
        record.noted_comments = [_paragraphs_from_text(c) for c in record.noted_comments]
        record.tidy()
        records.append(record)
    return ReadResult(
        reader="Portal CSV",
        records=records,
        meeting_date=meeting_date,
        committee_hint=committee,
        layout="portal",
    )


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10]) if value and value.strip() else None
    except ValueError:
        return None


def _action(line: str) -> str:
    text = re.sub(r"^[a-z]{1,2}\)\s*", "", line.strip())
    return re.sub(r"\s*\(owner: [^)]*\)$", "", text)
