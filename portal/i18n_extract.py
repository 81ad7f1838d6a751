"""Strings the public read that live in tables rather than in calls to gettext: the
lifecycle table's words for each status. `make translations` (babel.cfg) extracts them
with this, so the Welsh catalogue keeps them; pages translate them with gettext."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def status_words() -> list[str]:
    from portal.domain.states import PUBLIC_STATUS_WORDS, REGISTER_WORDS

    words = [*PUBLIC_STATUS_WORDS.values(), *(text for text, _tag in REGISTER_WORDS.values())]
    return sorted(set(words))


def extract_status_words(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    for word in status_words():
        yield 0, "gettext", word, []
