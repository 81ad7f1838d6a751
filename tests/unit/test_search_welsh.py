"""Search and Welsh text (docs/decisions/0201): what the archive's analyzer does to Welsh
words, including what it does not do (mutations), so any change to it is deliberate."""

from __future__ import annotations

from portal.domain.archive.search.text import stems


def terms(text: str) -> tuple[str, ...]:
    return stems(text.split())


def test_circumflexes_are_folded_so_a_search_typed_without_them_finds_welsh_words():
    assert terms("ŵyr tŷ gâr") == terms("wyr ty gar")
    assert terms("Llŷr") == terms("llyr")
    # Typed with a combining accent (w + U+0302) or composed, the same words.
    assert terms("w\u0302yr") == terms("ŵyr")


def test_welsh_words_match_themselves_whatever_the_english_stemmer_does_to_them():
    for word in ("cwestiwn", "cyfarfod", "gwasanaethau", "democrataidd", "ysgrifenedig", "cynghorydd"):
        assert terms(word) == terms(word.upper())
        assert len(terms(word)) == 1


def test_words_joined_by_an_apostrophe_are_searched_as_their_parts():
    assert terms("sy'n") == terms("sy n")
    assert terms("drwy'r Gymraeg") == terms("drwy r gymraeg")


def test_mutated_forms_are_not_matched_to_their_radical():
    # The documented limitation: "cwestiwn" does not find "gwestiwn" or "nghwestiwn".
    assert terms("gwestiwn") != terms("cwestiwn")
    assert terms("nghwestiwn") != terms("cwestiwn")
    assert terms("gyfarfod") != terms("cyfarfod")
