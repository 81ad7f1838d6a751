"""A word-level difference between two texts, for staff to see what an edit changed."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# Words, punctuation marks and runs of space, so "case?" and "case closed?" differ by
# one word, and the difference keeps the text's own spacing.
_TOKENS = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]|\s+")


@dataclass(frozen=True)
class Change:
    """One run of the difference: kept ("equal"), removed ("delete") or added ("insert")."""

    op: str
    text: str


def word_diff(before: str, after: str) -> list[Change]:
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    opcodes = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    # A lone space kept between two changes reads better as part of one change:
    # "Jack (9)" -> "[name removed]", not "Jack" -> "[name", " ", "(9)" -> "removed]".
    merged: list[list[object]] = []
    for index, (op, a1, a2, b1, b2) in enumerate(opcodes):
        between_changes = 0 < index < len(opcodes) - 1 and opcodes[index - 1][0] != "equal"
        between_changes = between_changes and opcodes[index + 1][0] != "equal"
        if op == "equal" and between_changes and not "".join(old[a1:a2]).strip():
            op = "replace"
        if merged and op != "equal" and merged[-1][0] != "equal":
            merged[-1][2], merged[-1][4] = a2, b2
            merged[-1][0] = "replace"
        else:
            merged.append([op, a1, a2, b1, b2])
    changes: list[Change] = []
    for op, a1, a2, b1, b2 in merged:
        if op == "equal":
            changes.append(Change("equal", "".join(new[b1:b2])))
            continue
        if a2 > a1:
            changes.append(Change("delete", "".join(old[a1:a2])))
        if b2 > b1:
            changes.append(Change("insert", "".join(new[b1:b2])))
    return changes
