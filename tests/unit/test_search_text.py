"""Marking what a search matched, in the words of the text itself."""

from __future__ import annotations

from portal.domain.archive.search import highlighted
from portal.domain.archive.search.text import Marker, mark_all, snippet, stems


def _marker(*terms: str) -> Marker:
    return Marker.of(stems(t.split()) for t in terms)


def test_words_are_marked_in_any_form_and_phrases_only_whole():
    marked = highlighted(
        mark_all(
            "Short breaks for disabled children: the breaks were short this year.",
            _marker("short breaks", "disability"),
        )
    )
    assert str(marked) == (
        "<mark>Short breaks</mark> for <mark>disabled</mark> children: the breaks were short this year."
    )


def test_a_snippet_shows_the_passages_with_the_most_matches():
    text = " ".join(
        ["The council met in March."]
        + ["Officers reported on the budget for roads and pavements in every ward."] * 6
        + ["Flooding on Mill Lane was discussed, and flooding defences for Netherby."]
        + ["Officers reported on the budget for roads and pavements in every ward."] * 6
    )
    found = snippet(text, _marker("flooding"), size=20, fragments=2)
    assert found is not None
    assert found.startswith("… ")
    assert found.endswith(" …")
    assert (
        str(highlighted(found)).count("<mark>Flooding</mark>")
        + str(highlighted(found)).count("<mark>flooding</mark>")
        == 2
    )
    assert len(found.split()) < 30


def test_a_short_text_is_shown_whole_and_no_match_gives_nothing():
    assert snippet("Sandbags are available at the depot.", _marker("sandbag")) == (
        "\x02Sandbags\x03 are available at the depot."
    )
    assert snippet("Sandbags are available at the depot.", _marker("flooding")) is None
