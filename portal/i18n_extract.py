"""Strings the public read that live in tables rather than in calls to gettext: the
lifecycle table's words for each status and each move. `make translations` (babel.cfg) extracts them
with this, so the Welsh catalogue keeps them; pages translate them with gettext."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def status_words() -> list[str]:
    from portal.domain.states import MOVES, PUBLIC_STATUS_WORDS, REGISTER_WORDS

    words = [
        *PUBLIC_STATUS_WORDS.values(),
        *(text for text, _tag in REGISTER_WORDS.values()),
        # What the questioner's timeline says happened at each move.
        *(move.questioner_words for move in MOVES if move.questioner_words),
        # Who can ask, as a committee's rules say until the council words it otherwise.
        default_eligibility_wording(),
    ]
    return sorted(set(words))


def default_eligibility_wording() -> str:
    from portal.models.committees import ProcedureRules

    return str(ProcedureRules.__table__.c.eligibility_wording.default.arg)


def extract_status_words(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    for word in status_words():
        yield 0, "gettext", word, []
