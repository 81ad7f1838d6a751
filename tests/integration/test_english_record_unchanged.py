"""English records read exactly as they did before the record could be read in Welsh.

`tests/data/english-record/` holds, for each published version of the seeds' two
meetings (three of seed 002's Council meeting, two of seed 004's scrutiny committee),
the frozen model and the SHA-256 of its HTML page, CSV and JSON as the portal produced
them before the Welsh words of the record's page, change notes, post titles and venues
were added. Two checks:

- each stored model renders today to the same bytes (the renderers changed nothing for
  an English record);
- each meeting built again through the portal's own steps publishes the same model, once
  what differs from one run to the next (ids, times of publication, checksums, generated
  addresses) is set aside (the publishing step changed nothing either).

`tests/data/welsh-record-before/` holds Welsh records as main published them before the
same change (Welsh only in three layouts, side by side, one after the other): a version
published before keeps rendering as it was, its page's furniture in English, marked so.
Their digests include the Word file; the PDF's bytes depend on the fonts installed, so
neither set compares it here.

To record a new baseline (only when English output is meant to change), run this module
with ENGLISH_RECORD_BASELINE=write and say why in the commit.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from portal.domain.record.documents import render
from portal.domain.record.documents.html import render_html
from tests import seed_records

BASELINE = Path(__file__).resolve().parents[1] / "data" / "english-record"
WELSH_BEFORE = Path(__file__).resolve().parents[1] / "data" / "welsh-record-before"
WRITE = os.environ.get("ENGLISH_RECORD_BASELINE") == "write"
TEXT_FORMATS = ("csv", "json")
# Sizes of every download as the page names them, fixed so the page's bytes depend on the
# model alone (the PDF's and Word file's bytes are not compared here).
SIZES = {"pdf": 182_000, "docx": 41_000, "csv": 12_000, "json": 30_000}

_VARIABLE_KEYS = {"published_at", "checksum", "generated_at", "id", "meeting_id", "question_id"}
_IDS_IN_PATHS = re.compile(r"/(meetings|committees|questions|q)/\d+")


def outputs(model: dict[str, Any]) -> dict[str, str]:
    out = {"html": _sha(render_html(model, sizes=SIZES))}
    for fmt in TEXT_FORMATS:
        out[fmt] = _sha(render(model, fmt))
    return out


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def steady(value: Any) -> Any:
    """The model without what changes between two builds of the same meeting."""
    if isinstance(value, dict):
        return {key: ("*" if key in _VARIABLE_KEYS else steady(item)) for key, item in value.items()}
    if isinstance(value, list):
        return [steady(item) for item in value]
    if isinstance(value, str):
        value = _IDS_IN_PATHS.sub(r"/\1/*", value)
        return re.sub(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)?", "*", value)
    return value


def _built(clerk: Any) -> dict[str, list[dict[str, Any]]]:
    council = seed_records.build_council_2022(clerk)
    scrutiny = seed_records.build_scrutiny_2022(clerk)
    return {
        "council-2022": [copy.deepcopy(p.model) for p in council.publications],
        "scrutiny-2022": [copy.deepcopy(p.model) for p in scrutiny.publications],
    }


def _write(built: dict[str, list[dict[str, Any]]]) -> None:
    BASELINE.mkdir(parents=True, exist_ok=True)
    for name, models in built.items():
        for number, model in enumerate(models, start=1):
            stem = BASELINE / f"{name}-v{number}"
            stem.with_suffix(".model.json").write_text(
                json.dumps(model, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
            )
            stem.with_suffix(".sha256.json").write_text(json.dumps(outputs(model), indent=1) + "\n")


def _stored() -> list[tuple[str, dict[str, Any], dict[str, str]]]:
    found = []
    for path in sorted(BASELINE.glob("*.model.json")):
        stem = path.name.removesuffix(".model.json")
        model = json.loads(path.read_text(encoding="utf-8"))
        digests = json.loads((BASELINE / f"{stem}.sha256.json").read_text())
        found.append((stem, model, digests))
    return found


def test_english_records_render_to_the_same_bytes_as_before(app):
    if WRITE:
        pytest.skip("writing the baseline")
    stored = _stored()
    assert [stem for stem, _, _ in stored] == [
        "council-2022-v1",
        "council-2022-v2",
        "council-2022-v3",
        "scrutiny-2022-v1",
        "scrutiny-2022-v2",
    ]
    for stem, model, digests in stored:
        assert model["document"].get("languages", ["en"]) == ["en"], stem
        assert outputs(model) == digests, stem


def test_english_records_publish_the_same_model_as_before(app, clerk):
    built = _built(clerk)
    if WRITE:
        _write(built)
        return
    stored = {stem: model for stem, model, _ in _stored()}
    for name, models in built.items():
        for number, model in enumerate(models, start=1):
            before = stored[f"{name}-v{number}"]
            assert steady(json.loads(json.dumps(model))) == steady(before), f"{name}-v{number}"


def test_welsh_records_published_before_render_as_they_did(app):
    models = json.loads((WELSH_BEFORE / "models.json").read_text(encoding="utf-8"))
    digests = json.loads((WELSH_BEFORE / "sha256.json").read_text())
    assert sorted(models) == sorted(digests)
    assert len(models) == 5
    for name, model in models.items():
        assert "Skip to main content" not in model["document"]["localised"]["cy"]["labels"], name
        found = outputs(model)
        found["docx"] = _sha(render(model, "docx"))
        if WRITE:
            digests[name] = found
            continue
        assert found == digests[name], name
    if WRITE:
        (WELSH_BEFORE / "sha256.json").write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n")
