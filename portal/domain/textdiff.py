"""A word-level difference between two texts, for staff to see what an edit changed."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# Words with the spaces after them, so the difference keeps the text's own spacing.
_TOKENS = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Change:
    """One run of the difference: kept ("equal"), removed ("delete") or added ("insert")."""

    op: str
    text: str


def word_diff(before: str, after: str) -> list[Change]:
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    matcher = difflib.SequenceMatcher(a=[t.strip() for t in old], b=[t.strip() for t in new], autojunk=False)
    changes: list[Change] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            changes.append(Change("equal", "".join(new[b1:b2])))
            continue
        if op in ("delete", "replace"):
            changes.append(Change("delete", "".join(old[a1:a2])))
        if op in ("insert", "replace"):
            changes.append(Change("insert", "".join(new[b1:b2])))
    return changes
