"""How the search cuts text into words, and marks the words a search matched.

One analyzer serves both sides: the index (portal/domain/archive/search/index.py) stores the
words of every published entry as it cuts them, and a search cuts its own words the
same way, so "workers" finds "worker" and the marks in a result fall on exactly the
words the index matched. Words are runs of letters and digits, lower-cased, accents
folded (café, cafe), and reduced to their English stem.

Marking works on the stored text: the matched words (and whole phrases) are wrapped in
the control characters START and STOP, which never occur in stored text, and
`search.highlighted()` then escapes everything and turns the marks into <mark>.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import tantivy

from portal.domain.archive.search.query import START, STOP

ANALYZER = "portal_english"
# Longer "words" are codes or junk, and are left out of the index.
LONGEST_WORD = 40
ELLIPSIS = "…"

_local = threading.local()


def analyzer() -> tantivy.TextAnalyzer:
    """The analyzer, one per thread (building one is cheap; sharing one is not promised)."""
    found = getattr(_local, "analyzer", None)
    if found is None:
        found = _local.analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(LONGEST_WORD))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold())
            .filter(tantivy.Filter.stemmer("english"))
            .build()
        )
    return found


def stems(words: Iterable[str]) -> tuple[str, ...]:
    """The index's words for the words of one search term (a word, or a phrase's words).
    Composed first (NFC), as every text the portal stores is: "w" + U+0302 is "ŵ"."""
    return tuple(analyzer().analyze(unicodedata.normalize("NFC", " ".join(words))))


@dataclass(frozen=True)
class Cut:
    """A text cut into words: each word's stem and where it starts and ends (characters)."""

    stems: list[str]
    starts: list[int]
    ends: list[int]

    def __len__(self) -> int:
        return len(self.stems)


def cut(text: str) -> Cut:
    found = analyzer().pre_tokenize(text).tokens
    return Cut(
        [t.text for t in found], [t.char_offset_from for t in found], [t.char_offset_to for t in found]
    )


@dataclass(frozen=True)
class Marker:
    """What to mark: single words wherever they occur, phrases only whole."""

    words: frozenset[str]
    phrases: dict[str, tuple[tuple[str, ...], ...]]  # by first word, longest first

    @classmethod
    def of(cls, terms: Iterable[tuple[str, ...]]) -> Marker:
        words: set[str] = set()
        phrases: dict[str, set[tuple[str, ...]]] = {}
        for term in terms:
            if len(term) == 1:
                words.add(term[0])
            elif term:
                phrases.setdefault(term[0], set()).add(term)
        return cls(
            frozenset(words),
            {first: tuple(sorted(found, key=len, reverse=True)) for first, found in phrases.items()},
        )

    def spans(self, words: Cut) -> list[tuple[int, int]]:
        """(first, last + 1) word indexes of every match, in order, never overlapping."""
        found: list[tuple[int, int]] = []
        stems = words.stems
        index, count = 0, len(stems)
        while index < count:
            stem = stems[index]
            length = 0
            for phrase in self.phrases.get(stem, ()):
                if tuple(stems[index : index + len(phrase)]) == phrase:
                    length = len(phrase)
                    break
            if not length and stem in self.words:
                length = 1
            if length:
                found.append((index, index + length))
                index += length
            else:
                index += 1
        return found


def _marked(text: str, words: Cut, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """text[start:end] with every span inside it wrapped in START ... STOP."""
    out: list[str] = []
    position = start
    for first, last in spans:
        begin, finish = words.starts[first], words.ends[last - 1]
        if begin < start or finish > end:
            continue
        out.append(text[position:begin])
        out.append(START + text[begin:finish] + STOP)
        position = finish
    out.append(text[position:end])
    return "".join(out)


def mark_all(text: str, marker: Marker) -> str:
    """The whole text, every match marked."""
    words = cut(text)
    return _marked(text, words, marker.spans(words), 0, len(text))


def _end_of_word(text: str, offset: int) -> int:
    """Past the punctuation that closes the word ending at `offset` (a full stop, a
    closing bracket), up to the next space."""
    while offset < len(text) and not text[offset].isspace():
        offset += 1
    return offset


def snippet(text: str, marker: Marker, *, size: int = 40, fragments: int = 2) -> str | None:
    """Up to `fragments` passages of about `size` words around the matches, most
    matches first, in the order they come in the text; None if nothing matched."""
    words = cut(text)
    spans = marker.spans(words)
    if not spans:
        return None
    lead = size // 3  # words shown before the first match of a passage
    chosen: list[tuple[int, int]] = []
    for _ in range(fragments):
        best: tuple[int, int, int] | None = None  # (matches, -start, end)
        for first, _last in spans:
            start = max(0, first - lead)
            end = min(len(words), start + size)
            if any(start < e and s < end for s, e in chosen):
                continue
            count = sum(1 for s, e in spans if s >= start and e <= end)
            if best is None or count > best[0]:
                best = (count, -start, end)
        if best is None:
            break
        chosen.append((-best[1], best[2]))
    chosen.sort()
    parts: list[str] = []
    for start, end in chosen:
        begin, finish = words.starts[start], _end_of_word(text, words.ends[end - 1])
        if start == 0:
            begin = 0
        if end == len(words):
            finish = len(text)
        parts.append(_marked(text, words, spans, begin, finish).strip())
    joined = f" {ELLIPSIS} ".join(parts)
    if chosen[0][0] > 0:
        joined = f"{ELLIPSIS} {joined}"
    if chosen[-1][1] < len(words):
        joined = f"{joined} {ELLIPSIS}"
    return joined
