"""How the search cuts text into words, and marks the words a search matched.

One analyzer serves both sides: the index (portal/domain/search_index.py) stores the
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
from collections.abc import Iterable
from dataclasses import dataclass

import tantivy

START, STOP = "\x02", "\x03"
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
    """The index's words for the words of one search term (a word, or a phrase's words)."""
    return tuple(analyzer().analyze(" ".join(words)))


@dataclass(frozen=True)
class Token:
    stem: str
    start: int  # character offsets in the text
    end: int


def tokens(text: str) -> list[Token]:
    return [Token(t.text, t.char_offset_from, t.char_offset_to) for t in analyzer().pre_tokenize(text).tokens]


@dataclass(frozen=True)
class Marker:
    """What to mark: single words wherever they occur, phrases only whole."""

    words: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, terms: Iterable[tuple[str, ...]]) -> Marker:
        words: set[str] = set()
        phrases: list[tuple[str, ...]] = []
        for term in terms:
            if len(term) == 1:
                words.add(term[0])
            elif term:
                phrases.append(term)
        return cls(frozenset(words), tuple(phrases))

    def spans(self, cut: list[Token]) -> list[tuple[int, int]]:
        """(first, last + 1) token indexes of every match, in order, never overlapping."""
        found: list[tuple[int, int]] = []
        index = 0
        while index < len(cut):
            length = next(
                (
                    len(p)
                    for p in sorted(self.phrases, key=len, reverse=True)
                    if tuple(t.stem for t in cut[index : index + len(p)]) == p
                ),
                1 if cut[index].stem in self.words else 0,
            )
            if length:
                found.append((index, index + length))
                index += length
            else:
                index += 1
        return found


def _marked(text: str, cut: list[Token], spans: list[tuple[int, int]], start: int, end: int) -> str:
    """text[start:end] with every span inside it wrapped in START ... STOP."""
    out: list[str] = []
    position = start
    for first, last in spans:
        begin, finish = cut[first].start, cut[last - 1].end
        if begin < start or finish > end:
            continue
        out.append(text[position:begin])
        out.append(START + text[begin:finish] + STOP)
        position = finish
    out.append(text[position:end])
    return "".join(out)


def mark_all(text: str, marker: Marker) -> str:
    """The whole text, every match marked."""
    cut = tokens(text)
    return _marked(text, cut, marker.spans(cut), 0, len(text))


def _end_of_word(text: str, offset: int) -> int:
    """Past the punctuation that closes the word ending at `offset` (a full stop, a
    closing bracket), up to the next space."""
    while offset < len(text) and not text[offset].isspace():
        offset += 1
    return offset


def snippet(text: str, marker: Marker, *, words: int = 40, fragments: int = 2) -> str | None:
    """Up to `fragments` passages of about `words` words around the matches, most
    matches first, in the order they come in the text; None if nothing matched."""
    cut = tokens(text)
    spans = marker.spans(cut)
    if not spans:
        return None
    lead = words // 3  # words shown before the first match of a passage
    chosen: list[tuple[int, int]] = []
    for _ in range(fragments):
        best: tuple[int, int, int] | None = None  # (matches, -start, end)
        for first, _last in spans:
            start = max(0, first - lead)
            end = min(len(cut), start + words)
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
        begin, finish = cut[start].start, _end_of_word(text, cut[end - 1].end)
        if start == 0:
            begin = 0
        if end == len(cut):
            finish = len(text)
        parts.append(_marked(text, cut, spans, begin, finish).strip())
    joined = f" {ELLIPSIS} ".join(parts)
    if chosen[0][0] > 0:
        joined = f"{ELLIPSIS} {joined}"
    if chosen[-1][1] < len(cut):
        joined = f"{joined} {ELLIPSIS}"
    return joined
