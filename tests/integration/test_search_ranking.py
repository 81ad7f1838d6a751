"""The search puts the best match first, among every match, however old.

Each test files realistic questions and answers (the seeds' own, and ones written like
them) among a hundred believable others about everything a council is asked, then
searches as a resident would and checks what comes first."""

from __future__ import annotations

import pytest

from portal.domain.archive import search
from portal.domain.archive.search import SearchQuery
from tests import factories, seed_text
from tests.search_corpus import Item, file_meeting, filler


def _top(text: str, **filters) -> list[str]:
    return [h.entry.question_text for h in search.search(SearchQuery(text=text, **filters)).hits]


def _paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


@pytest.fixture
def archive():
    """A hundred ordinary questions from 2020 to 2022, and the seeds' questions of 2016."""
    filler(100)
    file_meeting(
        [
            Item(" ".join(seed_text.PQ1_QUESTION), _paragraphs(seed_text.PQ1_RESPONSE)),
            Item(" ".join(seed_text.PQ2_QUESTION), _paragraphs(seed_text.PQ2_RESPONSE)),
        ],
        starts_at=factories.london(2016, 9, 30),
    )


def test_a_residents_words_find_the_seed_question_about_them(archive):
    assert "court ordered contact" in _top("family court contact")[0]
    assert "gross misconduct" in _top("staff gross misconduct")[0]
    # The same, as a phrase.
    assert "court ordered contact" in _top('"court ordered contact"')[0]


def test_a_question_about_it_comes_before_answers_that_only_mention_it(archive):
    file_meeting(
        [
            Item(
                "What is the council doing to protect hedgehogs in its parks, now that hedgehog numbers"
                " have fallen so far?",
                "<p>Grass is left longer at the edges of every park.</p>",
            )
        ],
        starts_at=factories.london(2015, 6, 2),
    )
    file_meeting(
        [
            Item(
                "Why are the parks mown so often in summer?",
                "<p>Mowing follows a schedule agreed in 2019. Wildlife groups, including the local"
                " hedgehog society, were consulted on it.</p>",
            ),
            Item(
                "How many trees were planted last winter?",
                "<p>1,200 trees, in eleven parks. Log piles were left for hedgehogs and insects.</p>",
            ),
        ],
        starts_at=factories.london(2024, 6, 4),
    )
    top = _top("hedgehogs")
    assert len(top) == 3
    assert top[0].startswith("What is the council doing to protect hedgehogs")


def test_the_best_match_is_found_however_many_newer_ones_there_are(archive, monkeypatch):
    # The database's own search only ever ranks the newest matches; the index ranks them all.
    monkeypatch.setattr(search.query, "CANDIDATES", 5)
    file_meeting(
        [
            Item(
                "Will the library in Westcote close? The library is the only public building in the"
                " village, and the library's rooms are used by every group in it.",
                "<p>There are no plans to close Westcote library. Its opening hours will stay the"
                " same, and the library will keep its community room.</p>",
            )
        ],
        starts_at=factories.london(2012, 1, 10),
    )
    for year in (2023, 2024, 2025):
        file_meeting(
            [
                Item(
                    f"When will the pavement on Station Road be repaired? (asked in {year})",
                    "<p>The repair is booked. Residents can ask at the library for the schedule.</p>",
                )
                for _ in range(4)
            ],
            starts_at=factories.london(year, 2, 7),
        )
    results = search.search(SearchQuery(text="library"))
    assert results.hits[0].entry.question_text.startswith("Will the library in Westcote close?")
    assert results.hits[0].entry.meeting_starts_at.year == 2012
    assert not results.more
    # Every match is counted, and "newest first" begins with the newest.
    assert results.total == len(search.search(SearchQuery(text="library", per_page=50)).hits)
    assert results.total > 12
    newest = search.search(SearchQuery(text="library", sort="newest")).hits[0].entry
    assert newest.meeting_starts_at.year == 2025


def test_a_phrase_is_matched_only_whole_and_the_words_anywhere_rank_below_it(archive):
    file_meeting(
        [
            Item(
                "Will the council reinstate the short breaks service for disabled children in Brookfield?",
                "<p>The short breaks service is being recommissioned.</p>",
            ),
            Item(
                "Why are there breaks in the street lighting on Mill Lane, even if they are short?",
                "<p>A cable fault has been found and will be repaired.</p>",
            ),
        ],
        starts_at=factories.london(2025, 1, 14),
    )
    phrase = _top('"short breaks" brookfield')
    assert len(phrase) == 1
    assert phrase[0].startswith("Will the council reinstate the short breaks")
    words = _top("short breaks")
    assert words[0].startswith("Will the council reinstate the short breaks")
    assert any(q.startswith("Why are there breaks") for q in words)


def test_words_are_stemmed_alike_in_questions_and_searches(archive):
    file_meeting(
        [
            Item("How many beekeepers rent the council's allotments?", "<p>Eleven.</p>"),
            Item("When will the café in Harrow Green park reopen?", "<p>In April.</p>"),
        ],
        starts_at=factories.london(2025, 2, 11),
    )
    for text in ("beekeeper", "beekeeping", "BEEKEEPERS", "allotment beekeepers"):
        assert _top(text) == ["How many beekeepers rent the council's allotments?"], text
    assert _top("cafe") == ["When will the café in Harrow Green park reopen?"]
    assert "<mark>café</mark>" in search.search(SearchQuery(text="cafe")).hits[0].question_html


def test_leaving_a_word_out_and_either_word(archive):
    file_meeting(
        [
            Item("When will the Aldbury toucan crossing be installed?", "<p>In May.</p>"),
            Item("When will the Aldbury zebra crossing be repainted?", "<p>In June.</p>"),
        ],
        starts_at=factories.london(2025, 3, 4),
    )
    assert _top("aldbury crossing -zebra") == ["When will the Aldbury toucan crossing be installed?"]
    assert len(_top("toucan or zebra")) == 2


def test_filters_narrow_the_ranking_without_changing_its_order(archive):
    committee = factories.make_committee("Licensing Committee", slug="licensing-x")
    file_meeting(
        [
            Item("Can the taxi licensing fees be reduced for drivers of electric taxis?", "<p>No.</p>"),
            Item("How many taxi licences were granted?", "<p>Forty, of which six were for taxis.</p>"),
        ],
        committee=committee,
        starts_at=factories.london(2021, 5, 5),
    )
    file_meeting(
        [Item("Why are taxis allowed in the bus lane on Station Road?", "<p>They always have been.</p>")],
        starts_at=factories.london(2025, 5, 5),
    )
    everything = _top("taxis")
    licensing = _top("taxis", committee="licensing-x")
    assert len(everything) == 3
    assert licensing == [q for q in everything if "licen" in q]


def test_a_phrase_with_common_words_in_it_is_still_matched_whole(archive):
    file_meeting(
        [
            Item(
                "How long do families wait for an education, health and care plan?",
                "<p>Most plans are issued within 20 weeks.</p>",
            ),
            Item(
                "Is adult education free for people in the care of the council? And what about health?",
                "<p>Courses are free for care leavers.</p>",
            ),
            Item("Which of the parks is the best for dogs?", "<p>Harrow Green.</p>"),
        ],
        starts_at=factories.london(2025, 4, 1),
    )
    found = search.search(SearchQuery(text='"education, health and care"', per_page=50))
    questions = [h.entry.question_text for h in found.hits]
    assert "How long do families wait for an education, health and care plan?" in questions
    assert all("education, health and care" in q for q in questions)
    assert all("<mark>education, health and care</mark>" in h.question_html for h in found.hits)
    assert _top('"the best for"') == ["Which of the parks is the best for dogs?"]
