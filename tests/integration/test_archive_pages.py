"""The archive's pages as a member of the public sees them."""

from __future__ import annotations

import datetime as dt

from portal.domain.states import QuestionKind, QuestionStatus
from tests import factories
from tests.html import heading, page, text


def _committee_with_history():
    committee = factories.make_committee("Cabinet", slug="cabinet")
    past = factories.make_meeting(committee, days_ahead=-20)
    questions = [
        factories.make_question(
            past, status=QuestionStatus.ANSWER_APPROVED, text="When will the Westcote library reopen?"
        ),
        factories.make_question(
            past, status=QuestionStatus.ANSWER_APPROVED, text="How much was spent on potholes?"
        ),
    ]
    factories.publish_meeting(
        past,
        questions,
        answers={questions[0].id: "<p>The library reopens in <strong>April</strong>.</p>"},
        document="minutes",
        extras={questions[1].id: {"written_answer": {"due_on": dt.date.today() + dt.timedelta(days=5)}}},
    )
    return committee, past, questions


def test_search_page_links_each_result_to_its_question_in_the_record(client):
    _committee, past, _ = _committee_with_history()
    response = client.get("/search?q=library")
    assert response.status_code == 200
    assert heading(response) == "Search questions and answers"
    results = page(response).select(".app-results__item")
    assert len(results) == 1
    link = results[0].select_one("h3 a")["href"]
    assert link == f"/meetings/{past.id}/questions#pq-1"
    assert results[0].select_one("mark").get_text() == "library"
    assert "1 result" in text(response)
    assert page(response).select_one('link[rel=alternate][href^="/search.atom"]') is not None


def test_no_results_gives_suggestions(client):
    _committee_with_history()
    response = client.get("/search?q=zebra+crossing&committee=cabinet")
    body = text(response)
    assert "There are no matching results" in body
    assert "checking your spelling" in body
    assert "removing the filters" in body
    assert "the committees" in body


def test_a_bad_date_filter_is_explained(client):
    response = client.get("/search?q=library&date_from=31/31/2024")
    summary = page(response).select_one(".govuk-error-summary")
    assert summary is not None
    assert "Enter a real date for 'meetings from'" in summary.get_text()
    assert page(response).find("title").get_text().startswith("Error: ")


def test_search_pages_through_results(client):
    meeting = factories.make_meeting(days_ahead=-3)
    questions = [
        factories.make_question(
            meeting, status=QuestionStatus.ANSWER_APPROVED, text=f"Question {n} about recycling"
        )
        for n in range(25)
    ]
    factories.publish_meeting(meeting, questions)
    first = client.get("/search?q=recycling")
    assert len(page(first).select(".app-results__item")) == 20
    second = client.get("/search?q=recycling&page=2")
    assert len(page(second).select(".app-results__item")) == 5
    assert page(first).select_one(".govuk-pagination__next a")["href"].endswith("page=2")


def test_committee_record_counts_questions_and_answers(client):
    _committee, past, _ = _committee_with_history()
    response = client.get("/committees/cabinet/questions")
    row = page(response).select("tbody tr")[0]
    cells = [c.get_text(" ", strip=True) for c in row.select("td")]
    assert cells[:3] == ["2", "2", "1"]
    assert row.select_one(f'a[href="/meetings/{past.id}/questions"]') is not None


def test_committee_page_offers_ways_to_follow(client):
    _committee_with_history()
    response = client.get("/committees/cabinet")
    follow = page(response).select_one(".app-follow")
    hrefs = [a["href"] for a in follow.select("a")]
    assert "/committees/cabinet/alerts" in hrefs
    assert "/committees/cabinet/answers.atom" in hrefs
    assert "/committees/cabinet/calendar.ics" in hrefs
    assert page(response).select_one('head link[type="application/atom+xml"]') is not None


def test_calendar_lists_upcoming_meetings_with_deadlines(client):
    meeting = factories.make_meeting(days_ahead=20)
    response = client.get("/calendar")
    assert response.status_code == 200
    assert meeting.committee.name in text(response)
    assert "By " in text(response)


def test_register_shows_status_without_exposing_anyone(client):
    meeting = factories.make_meeting(days_ahead=20)
    received = factories.make_question(meeting, first_name="Zelda", last_name="Quarrington")
    accepted = factories.make_question(
        meeting,
        status=QuestionStatus.ACCEPTED,
        title="Mr",
        first_name="Ivor",
        last_name="Pellow",
        town="Aldbury",
    )
    listed = factories.make_question(meeting, status=QuestionStatus.REJECTED, last_name="Listedrejection")
    hidden = factories.make_question(meeting, status=QuestionStatus.REJECTED, last_name="Hiddenrejection")
    hidden.rejection_listed = False
    withdrawn = factories.make_question(meeting, status=QuestionStatus.WITHDRAWN, last_name="Withdrawer")
    unconfirmed = factories.make_question(meeting, status=QuestionStatus.UNCONFIRMED)
    response = client.get("/register")
    body = text(response)
    assert received.reference in body
    assert accepted.reference in body
    assert listed.reference in body
    assert withdrawn.reference in body
    assert hidden.reference not in body
    assert unconfirmed.reference not in body
    assert "Mr Pellow, Aldbury" in body
    assert "Quarrington" not in body
    assert "Withdrawer" not in body
    assert "Listedrejection" not in body
    assert listed.rejection_ground.title in body
    assert accepted.email not in response.get_data(as_text=True)


def test_statistics_page_has_charts_with_tables(client):
    meeting = factories.make_meeting(days_ahead=-30)
    received = factories.utcnow() - dt.timedelta(days=40)
    q = factories.make_question(meeting, status=QuestionStatus.ANSWER_APPROVED, received_at=received)
    factories.make_question(meeting, status=QuestionStatus.REJECTED, received_at=received)
    factories.publish_meeting(meeting, [q])
    # Accepted after the record was published: counted, not yet in the record.
    factories.make_question(
        meeting, kind=QuestionKind.MEMBER, status=QuestionStatus.ACCEPTED, received_at=received
    )
    response = client.get("/statistics")
    assert response.status_code == 200
    svgs = page(response).select("svg[role=img]")
    assert svgs, "charts are drawn"
    for svg in svgs:
        ids = svg["aria-labelledby"].split()
        assert svg.find("title")["id"] == ids[0]
        assert svg.find("desc")["id"] == ids[1]
    tables = page(response).select("table")
    assert tables
    first = [c.get_text(strip=True) for c in tables[0].select("tbody tr")[0].select("td")]
    assert first[:3] == ["3", "2", "1"]


def test_statistics_for_one_committee(client):
    factories.make_committee("Planning", slug="planning")
    assert client.get("/statistics?committee=planning").status_code == 200
    assert client.get("/statistics?committee=nonsense").status_code == 200


def test_search_counts_every_match_and_pages_deep_into_them(client, monkeypatch):
    from portal.domain.archive import search
    from tests.search_corpus import Item, file_meeting

    for year in range(2001, 2010):
        file_meeting(
            [Item(f"Question {n} about recycling in {year}") for n in range(1, 6)],
            starts_at=factories.london(year, 4, 1),
        )
    first = client.get("/search?q=recycling")
    assert "45 results" in text(first)
    assert "page 1 of 3" in text(first)
    last = client.get("/search?q=recycling&page=3&sort=oldest")
    items = page(last).select(".app-results__item")
    assert len(items) == 5
    assert "2009" in items[-1].get_text()
    # However many match, the pages stop somewhere: the page says so.
    monkeypatch.setattr(search, "MAX_PAGES", 2)
    capped = client.get("/search?q=recycling")
    assert "45 results" in text(capped)
    assert "The 2 pages show the first 40, best matches first." in text(capped)
    numbers = [a.get_text(strip=True) for a in page(capped).select(".govuk-pagination__item a")]
    assert numbers == ["1", "2"]
    beyond = client.get("/search?q=recycling&page=3")
    assert "page 2 of 2" in text(beyond)
