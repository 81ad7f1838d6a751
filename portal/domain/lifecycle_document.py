"""docs/lifecycle.md, printed from the lifecycle table so the document cannot drift from it.

    python -m portal.domain.lifecycle_document > docs/lifecycle.md

A test renders it again and fails when the file in docs/ differs.
"""

from __future__ import annotations

from portal.domain.permissions import ACTOR_WORDS
from portal.domain.states import MOVES, STATUSES, WORKLISTS, AnswerStatus, Move, QuestionStatus


def _status(status: QuestionStatus | None) -> str:
    return "(new)" if status is None else f"`{status.value}`"


def _answer(status: AnswerStatus | None) -> str:
    return "(none)" if status is None else f"`{status.value}`"


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


def _step(move: Move) -> list[str]:
    sources = ", ".join(_status(s) for s in move.sources)
    target = _status(move.target) if move.target is not None else "(stays)"
    lines = [
        f"### `{move.verb}`: {sources} → {target}",
        "",
        f"- Who: {'; or '.join(ACTOR_WORDS[w] for w in move.who)}",
    ]
    if move.conditions:
        lines.append(f"- Only: {'; '.join(move.conditions)}")
    words = move.questioner_words or "(the step's own words)"
    seen = "shown to the questioner" if move.public else "staff only"
    lines.append(f"- Timeline: “{words}” ({seen})")
    lines.append(f"- Staff read: the question has been {move.staff_words}")
    if move.worklist:
        lines.append(f"- Waits on: {move.worklist}")
    if move.answer:
        pairs = ", ".join(f"{_answer(a)} → {_answer(b)}" for a, b in move.answer)
        lines.append(f"- The answer moves: {pairs}")
    return [*lines, ""]


def render() -> str:
    out = [
        "# The question lifecycle",
        "",
        "Printed from `portal/domain/states.py` by `python -m portal.domain.lifecycle_document`;",
        "a test fails when this file and the table differ, so change the table, then print this",
        "again. Every status change goes through a step below, in `portal/domain/lifecycle.py`,",
        "and its permission is the step's *who* and *only* (`portal/domain/permissions.py`).",
        "",
        "## Statuses",
        "",
        "| status | the questioner reads | staff read | holds a number | finished"
        " | counts towards the limit | answered | public register |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for status, row in STATUSES.items():
        register = row.register[0] if row.register else "(not listed)"
        out.append(
            f"| `{status.value}` | {row.questioner_words} | {row.staff_label} | {_yes(row.numbered)}"
            f" | {_yes(row.finished)} | {_yes(row.counts_towards_limit)} | {_yes(row.answered)}"
            f" | {register} |"
        )
    out += ["", "## Steps", ""]
    for move in MOVES:
        out += _step(move)
    out += ["## Worklists", ""]
    for name, words in WORKLISTS.items():
        waiting = sorted(
            {s.value for move in MOVES if move.worklist == name for s in move.sources if s is not None}
        )
        out.append(f"- **{name}**: {words} (`{'`, `'.join(waiting)}`)")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(render(), end="")
