"""Search over the published record: words, phrases, filters, highlighting, safety."""

from __future__ import annotations

import datetime as dt

from portal.domain.archive import search
from portal.domain.archive.search import SearchQuery, parse_query
from portal.domain.archive.search import index as search_index
from portal.domain.states import QuestionKind, QuestionStatus
from tests import factories
from tests.html import page


def _meeting(committee=None, days_ahead=-10):
    return factories.make_meeting(committee, days_ahead=days_ahead)


def _published(meeting, texts_and_answers, **kwargs):
    questions = [
        factories.make_question(meeting, status=QuestionStatus.ANSWER_APPROVED, text=text)
        for text, _ in texts_and_answers
    ]
    factories.publish_meeting(
        meeting,
        questions,
        answers={q.id: answer for q, (_, answer) in zip(questions, texts_and_answers, strict=True)},
        **kwargs,
    )
    return questions


def test_finds_a_published_answer_by_a_word_in_it():
    meeting = _meeting()
    _published(
        meeting,
        [
            ("What is the council doing about potholes on the ring road?", "<p>We resurfaced 4 miles.</p>"),
            ("When will the library reopen?", "<p>The Westcote library reopens in <b>April</b>.</p>"),
        ],
    )
    results = search.search(SearchQuery(text="resurfaced"))
    assert results.total == 1
    assert "potholes" in results.hits[0].entry.question_text
    assert "<mark>resurfaced</mark>" in results.hits[0].answer_html


def test_stemming_phrases_exclusions_and_or():
    meeting = _meeting()
    _published(
        meeting,
        [
            ("How many agency social workers does the council employ?", "<p>Forty one.</p>"),
            ("Why are social care budgets cut?", "<p>Funding from government fell.</p>"),
            ("Will the council recruit more teachers?", "<p>Yes.</p>"),
        ],
    )
    assert search.search(SearchQuery(text="worker")).total == 1  # stemmed
    assert search.search(SearchQuery(text='"social workers"')).total == 1
    assert search.search(SearchQuery(text="social")).total == 2
    assert search.search(SearchQuery(text="social -budgets")).total == 1
    assert search.search(SearchQuery(text="teachers or budgets")).total == 2


def test_only_published_questions_are_found():
    meeting = _meeting()
    factories.make_question(meeting, status=QuestionStatus.ACCEPTED, text="Unpublished kestrel question")
    assert search.search(SearchQuery(text="kestrel")).total == 0


def test_matches_are_marked_and_everything_else_is_escaped():
    meeting = _meeting()
    _published(meeting, [("Is <script>alert(1)</script> a budget risk?", "<p>No budget risk.</p>")])
    hit = search.search(SearchQuery(text="budget")).hits[0]
    assert "<script>" not in hit.question_html
    assert "&lt;script&gt;" in hit.question_html
    assert "<mark>budget</mark>" in hit.question_html


def test_list_items_and_table_cells_stay_apart_in_results():
    meeting = _meeting()
    _published(
        meeting,
        [
            (
                "How long do families wait for an assessment?",
                "<p>The waits this year were:</p><ul><li>under six weeks for most families</li>"
                "<li>longer in Westcote</li></ul><table><tr><th>Quarter</th><th>Families</th></tr>"
                "<tr><td>April to June</td><td>58</td></tr></table>",
            )
        ],
    )
    hit = search.search(SearchQuery(text="Westcote")).hits[0]
    assert "were: under six weeks for most families; longer in <mark>Westcote</mark>;" in hit.answer_html
    assert "April to June 58" in hit.entry.answer_text


def test_a_snippet_with_space_around_it_joins_its_lines_the_same_way():
    assert str(search.highlighted("\n     The waits were:\n\x02first\x03 item\nsecond item\nEnd.\n")) == (
        "The waits were: <mark>first</mark> item; second item; End."
    )


def test_query_syntax_never_breaks_the_engine():
    meeting = _meeting()
    _published(meeting, [("Flooding near the river", "<p>Sandbags are available.</p>")])
    for text in ['"', "NEAR(", "a*", "-", "OR OR", "flooding)", "'; drop table", "col:flooding", "^flooding"]:
        search.search(SearchQuery(text=text))  # no error


def test_filters_committee_dates_kind_post_and_owed():
    committee = factories.make_committee("Cabinet", slug="cabinet-x")
    other = factories.make_committee("Council", slug="council-x")
    old = factories.make_meeting(committee, starts_at=factories.london(2024, 3, 5))
    new = factories.make_meeting(other, starts_at=factories.london(2025, 3, 5))
    q1 = factories.make_question(
        old, status=QuestionStatus.ANSWER_APPROVED, text="Parking charges in the town"
    )
    q2 = factories.make_question(
        new, status=QuestionStatus.ANSWER_APPROVED, kind=QuestionKind.MEMBER, text="Parking enforcement"
    )
    factories.publish_meeting(old, [q1])
    factories.publish_meeting(
        new,
        [q2],
        document="minutes",
        extras={q2.id: {"written_answer": {"due_on": dt.date(2025, 4, 2)}}},
        published_at=factories.london(2025, 3, 10),
    )
    assert search.search(SearchQuery(text="parking")).total == 2
    assert search.search(SearchQuery(text="parking", committee="cabinet-x")).total == 1
    assert search.search(SearchQuery(text="parking", date_from=dt.date(2025, 1, 1))).total == 1
    assert search.search(SearchQuery(text="parking", date_to=dt.date(2024, 3, 5))).total == 1
    assert search.search(SearchQuery(text="parking", kind=QuestionKind.MEMBER)).total == 1
    assert search.search(SearchQuery(text="parking", owed=True)).total == 1
    assert search.search(SearchQuery(text="parking", post_id=q1.answering_post_id)).total == 1
    # Filters alone browse, newest first.
    browse = search.search(SearchQuery(committee="council-x"))
    assert [h.entry.question_text for h in browse.hits] == ["Parking enforcement"]


def test_a_new_version_updates_entries_in_place():
    meeting = _meeting()
    q = factories.make_question(
        meeting, status=QuestionStatus.ANSWER_APPROVED, text="Street lights in Aldbury"
    )
    factories.publish_meeting(meeting, [q], answers={q.id: "<p>Repaired in May.</p>"})
    first = search.search(SearchQuery(text="aldbury")).hits[0].entry.id
    factories.publish_meeting(meeting, [q], answers={q.id: "<p>Repaired in June.</p>"})
    results = search.search(SearchQuery(text="june"))
    assert results.total == 1
    assert results.hits[0].entry.id == first
    assert search.search(SearchQuery(text="may")).total == 0


def test_parse_query():
    parsed = parse_query('libraries "opening hours" or closures -Westcote')
    assert [[t.words for t in g] for g in parsed.groups] == [
        [("libraries",)],
        [("opening", "hours"), ("closures",)],
    ]
    assert [t.words for t in parsed.excluded] == [("westcote",)]


def test_while_the_index_cannot_answer_the_database_draws_on_the_newest_matches(monkeypatch):
    def unavailable(*args, **kwargs):
        raise search_index.Unavailable("being built")

    monkeypatch.setattr(search_index, "find", unavailable)
    monkeypatch.setattr(search.query, "CANDIDATES", 3)
    meetings = [factories.make_meeting(days_ahead=-10 * (n + 1)) for n in range(5)]
    for n, meeting in enumerate(reversed(meetings)):  # published oldest first, as in life
        q = factories.make_question(
            meeting, status=QuestionStatus.ANSWER_APPROVED, text=f"Recycling question {n}"
        )
        factories.publish_meeting(meeting, [q])
    results = search.search(SearchQuery(text="recycling"))
    assert results.more
    assert results.shown_total == 3
    assert results.pages == 1
    assert sorted(h.entry.question_text for h in results.hits) == [
        "Recycling question 2",
        "Recycling question 3",
        "Recycling question 4",
    ]
    assert "<mark>Recycling</mark>" in results.hits[0].question_html
    oldest = search.search(SearchQuery(text="recycling", sort="oldest"))
    assert [h.entry.question_text for h in oldest.hits] == [
        "Recycling question 0",
        "Recycling question 1",
        "Recycling question 2",
    ]
    filtered = search.search(SearchQuery(text="recycling", committee=meetings[0].committee.slug))
    assert filtered.total == 1
    browse = search.search(SearchQuery(committee=meetings[0].committee.slug))
    assert [h.entry.question_text for h in browse.hits] == ["Recycling question 4"]


def test_the_search_hint_names_every_operator(client):
    hint = " ".join(page(client.get("/search")).select_one("#q-hint").get_text().split())
    assert 'Put "quotes" round a phrase' in hint
    assert "a minus sign before a word to leave it out (-agency)" in hint
    assert "the word or between two words to find either (fostering or adoption)" in hint
