"""Every public page read in Welsh: Welsh headings and words, English kept only where
the council wrote it once in English, and marked so (lang="en")."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from portal.domain.states import QuestionStatus
from portal.extensions import db
from tests import factories
from tests.html import heading, page

# Words that give away an English sentence; none is a Welsh word.
ENGLISH = re.compile(r"\b(the|and|your|with|has|have|been|questions|meeting|answers|published)\b", re.I)


def _archive():
    committee = factories.make_committee("Cabinet", slug="cabinet")
    past = factories.make_meeting(committee, days_ahead=-20)
    factories.make_meeting(committee, days_ahead=30)
    questions = [
        factories.make_question(
            past, status=QuestionStatus.ANSWER_APPROVED, text="When will the library reopen?"
        ),
        factories.make_question(
            past, status=QuestionStatus.ANSWER_APPROVED, text="What was spent on potholes?"
        ),
    ]
    factories.publish_meeting(
        past,
        questions,
        answers={questions[0].id: "<p>The library reopens in <strong>April</strong>.</p>"},
        document="minutes",
        extras={questions[1].id: {"written_answer": {"due_on": dt.date.today() + dt.timedelta(days=5)}}},
    )
    return committee, past


def _welsh_words_only(response) -> str:
    """The page's words, less what is marked as English and what people wrote."""
    doc = page(response)
    for element in doc.select(
        '[lang="en"], .app-results__question, .app-results__answer, .app-plain-text, .app-answer,'
        " .app-header, .govuk-footer, script, style, svg"
    ):
        element.decompose()
    main = doc.select_one("main") or doc
    return main.get_text(" ", strip=True)


PAGES = {
    "/search": "Chwilio cwestiynau ac atebion",
    "/search?q=library": "Chwilio cwestiynau ac atebion",
    "/search?q=zebra": "Chwilio cwestiynau ac atebion",
    "/register": "Cwestiynau a ddaeth i law ar gyfer cyfarfodydd sydd i ddod",
    "/statistics": "Sut yr ymdrinnir â chwestiynau",
    "/calendar": "Cyfarfodydd a dyddiadau cau ar gyfer cwestiynau",
    "/committees": "Pwyllgorau",
    "/committees/cabinet": "Cabinet",
    "/committees/cabinet/questions": "Cwestiynau ac atebion ym mhob cyfarfod",
    "/committees/cabinet/alerts": "Cael e-bost pan fydd atebion newydd yn cael eu cyhoeddi",
    "/committees/cabinet/actions": "Traciwr camau gweithredu",
    "/written-answers-owed": "Atebion ysgrifenedig sy'n ddyledus",
    "/privacy": "Hysbysiad preifatrwydd: cwestiynau i'r cyngor",
    "/accessibility": "Datganiad hygyrchedd",
    "/your-data": "Cael copi o'ch data",
}


@pytest.mark.parametrize("path", PAGES)
def test_public_pages_read_in_welsh(client, path):
    _archive()
    client.get("/language/cy")
    response = client.get(path)
    assert response.status_code == 200
    assert page(response).html["lang"] == "cy"
    assert heading(response) == PAGES[path]
    leftover = ENGLISH.findall(_welsh_words_only(response))
    assert leftover == [], f"{path}: English words outside lang=en: {leftover}"


def test_the_meeting_page_and_its_record_links_read_in_welsh(client):
    _committee, past = _archive()
    client.get("/language/cy")
    response = client.get(f"/meetings/{past.id}")
    assert page(response).html["lang"] == "cy"
    doc = page(response)
    assert doc.select_one("#questions-and-answers").get_text(strip=True) == "Cwestiynau ac atebion"
    assert doc.find("a", string="Darllen y cwestiynau a'r atebion") is not None
    assert "Atodiad i'r cofnodion, fersiwn 1, cyhoeddwyd" in doc.get_text(" ", strip=True)
    # The committee's name is as the council entered it, marked as English.
    assert doc.select_one('h1 [lang="en"]').get_text(strip=True) == "Cabinet"
    assert ENGLISH.findall(_welsh_words_only(response)) == []
    # With no contact named, the request for another format goes to democratic services,
    # with the article Welsh needs after "â".
    past.contact_name = ""
    db.session.flush()
    unnamed = page(client.get(f"/meetings/{past.id}"))
    another_format = unnamed.select_one("#another-format").find_next("p").get_text(" ", strip=True)
    assert "cysylltwch â'r gwasanaethau democrataidd" in another_format


def test_the_search_counts_results_with_welsh_plurals(client):
    _archive()
    client.get("/language/cy")
    assert page(client.get("/search?q=library")).select_one("#results-heading").get_text(" ", strip=True) == (
        "1 canlyniad"
    )
    assert "2 ganlyniad" in page(client.get("/search?committee=cabinet")).get_text(" ", strip=True)


def test_a_bad_date_is_explained_in_welsh_and_the_search_kept(client):
    client.get("/language/cy")
    response = client.get("/search?q=library&date_from=31/31/2024")
    summary = page(response).select_one(".govuk-error-summary")
    wanted = "Rhowch ddyddiad go iawn ar gyfer 'cyfarfodydd o', er enghraifft 2024 neu 21/3/2024"
    assert wanted in summary.get_text()
    assert page(response).select_one("#q")["value"] == "library"


def test_english_pages_keep_their_words(client):
    _archive()
    assert heading(client.get("/search")) == "Search questions and answers"
    assert heading(client.get("/privacy")) == "Privacy notice: questions to the council"
    assert "365 days after the meeting your question was for" in page(client.get("/privacy")).get_text()


def test_feeds_and_calendars_read_in_the_visitors_language(client):
    _archive()
    english = client.get("/committees/cabinet/answers.atom").get_data(as_text=True)
    assert "<title>New answers: Cabinet</title>" in english
    client.get("/language/cy")
    feed = client.get("/committees/cabinet/answers.atom").get_data(as_text=True)
    assert "<title>Atebion newydd: Cabinet</title>" in feed
    assert "<language>cy-GB</language>" in feed or 'xml:lang="cy-GB"' in feed
    assert "Ymateb" in feed
    calendar = client.get("/committees/cabinet/calendar.ics").get_data(as_text=True)
    assert "X-WR-CALNAME:Cabinet: cyfarfodydd a dyddiadau cau ar gyfer cwestiynau" in calendar
    assert "SUMMARY:Dyddiad cau ar gyfer cwestiynau i Cabinet" in calendar


def test_asking_for_alerts_in_welsh_confirms_in_welsh(client):
    import sqlalchemy as sa

    from portal.extensions import db
    from portal.models import OutboxMessage
    from tests.labelled_form import LabelledForm

    factories.make_committee("Cabinet", slug="cabinet")
    client.get("/language/cy")
    form = LabelledForm(client.get("/committees/cabinet/alerts"))
    form.fill("Cyfeiriad e-bost", "not an address")
    refused = form.submit(client)
    summary = page(refused).select_one(".govuk-error-summary").get_text()
    assert "Rhowch gyfeiriad e-bost yn y fformat cywir" in summary
    form = LabelledForm(refused)
    assert form.values["email"] == ["not an address"]
    form.fill("Cyfeiriad e-bost", "darllenydd@example.com")
    sent = form.submit(client)
    assert heading(client.get(sent.headers["Location"])) == "Gwiriwch eich e-bost"
    message = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.template == "alert_confirm"))
    assert message.subject == "Cadarnhewch eich rhybuddion gan Cabinet"
    assert 'agorwch y ddolen hon a dewis "Cadarnhau"' in message.body_text
    assert "Gwasanaethau democrataidd" in message.body_text


def test_alerts_about_new_answers_come_in_the_language_they_were_asked_in(client):
    import sqlalchemy as sa

    from portal.domain.record import alerts
    from portal.extensions import db
    from portal.models import AlertSubscription, OutboxMessage

    committee = factories.make_committee("Cabinet", slug="cabinet")
    meeting = factories.make_meeting(committee, days_ahead=-3)
    question = factories.make_question(
        meeting, status=QuestionStatus.ANSWER_APPROVED, text="When is bin day?"
    )
    client.post("/committees/cabinet/alerts", data={"email": "english@example.com"})
    client.get("/language/cy")
    client.post("/committees/cabinet/alerts", data={"email": "cymraeg@example.com"})
    for subscription in db.session.scalars(sa.select(AlertSubscription)):
        alerts.confirm_subscription(subscription)
    factories.publish_meeting(meeting, [question])

    queued = sa.select(OutboxMessage).where(OutboxMessage.template == "alert_new_answers")
    sent = {m.to_address: m for m in db.session.scalars(queued)}
    assert sent["english@example.com"].subject.startswith("New answers – Cabinet, ")
    assert "has published the questions and answers for Cabinet on " in sent["english@example.com"].body_text
    welsh = sent["cymraeg@example.com"]
    assert welsh.subject.startswith("Atebion newydd – Cabinet, ")
    assert "wedi cyhoeddi'r cwestiynau a'r atebion ar gyfer Cabinet dd" in welsh.body_text
    assert "Stopio'r negeseuon e-bost hyn:" in welsh.body_text
