"""The JSON download: the document model itself, indented for people."""

from __future__ import annotations

from typing import Any

from portal.domain.record.documents.model import pretty_json


def render_json(model: dict[str, Any]) -> bytes:
    return pretty_json(model).encode("utf-8")
