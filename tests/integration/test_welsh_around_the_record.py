"""Welsh around the record: a post's title and a meeting's venue in Welsh (an administrator
gives them; Welsh pages and the Welsh record use them, and without them the English is
shown, marked English), the portal's own change notes in Welsh, and a record published in
English only read by a Welsh reader inside a Welsh page."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

from portal.domain.record import publishing
from portal.extensions import db
from portal.models import Layout, QuestionStatus, RecordLanguages
from tests.factories import london
from tests.labelled_form import LabelledForm
from tests.record_factories import ready_meeting

POST_CY = "Aelod Cabinet dros Blant a Theuluoedd"
VENUE_CY = "Siambr y Cyngor, Stryd y Farchnad, Kingsmere"


def _page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_an_administrator_gives_a_post_its_welsh_title(admin_client):
    _, questions = ready_meeting(public=1, member=0)
    post = questions[0].answering_post
    form = LabelledForm(admin_client.get(f"/admin/posts/{post.id}/edit"))
    form.fill("Title in Welsh (optional)", POST_CY)
    form.submit(admin_client, follow_redirects=True)
    assert post.title_cy == POST_CY
    form = LabelledForm(admin_client.get(f"/admin/posts/{post.id}/edit"))
    form.fill("Title in Welsh (optional)", "x" * 201)
    page = form.submit(admin_client)
    assert "Title in Welsh must be 200 characters or fewer" in page.get_data(as_text=True)
    assert post.title_cy == POST_CY


def test_an_administrator_gives_a_meeting_its_venue_in_welsh_and_welsh_pages_use_it(admin_client, client):
    meeting, _ = ready_meeting(public=1, member=0)
    form = LabelledForm(admin_client.get(f"/admin/meetings/{meeting.id}/edit"))
    form.fill("Venue in Welsh (optional)", VENUE_CY)
    form.submit(admin_client, follow_redirects=True)
    assert meeting.venue_cy == VENUE_CY

    english = _page(client.get(f"/meetings/{meeting.id}")).select_one("main").get_text()
    assert meeting.venue in english
    assert VENUE_CY not in english
    client.get("/language/cy")
    welsh = _page(client.get(f"/meetings/{meeting.id}")).select_one("main")
    assert VENUE_CY in welsh.get_text()
    assert meeting.venue not in welsh.get_text()


def test_without_its_welsh_a_venue_on_a_welsh_page_is_the_english_marked_english(client):
    meeting, _ = ready_meeting(public=1, member=0)
    client.get("/language/cy")
    marked = [span.get_text() for span in _page(client.get(f"/meetings/{meeting.id}")).select("[lang='en']")]
    assert meeting.venue in marked


def _welsh_record(clerk, *, with_welsh: bool, layout: Layout = Layout.REPORTED):
    meeting, questions = ready_meeting(public=1, member=0, layout=layout)
    if with_welsh:
        questions[0].answering_post.title_cy = POST_CY
        meeting.venue_cy = VENUE_CY
    meeting.record_languages = RecordLanguages.WELSH
    db.session.commit()
    published = publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))
    return meeting, questions[0], published


def test_a_welsh_record_names_the_post_and_the_venue_in_welsh(app, clerk):
    meeting, question, published = _welsh_record(clerk, with_welsh=True)
    page = BeautifulSoup(published.file("html").content, "html.parser")
    to = page.select_one(".app-record-to")
    assert POST_CY in to.get_text()
    assert not to.select("[lang]")
    facts = page.select_one("dl.app-record-facts")
    assert VENUE_CY in facts.get_text()
    assert meeting.venue not in facts.get_text()
    assert VENUE_CY not in [span.get_text() for span in facts.select("[lang='en']")]
    # The English stays as it was in the model; the Welsh sits beside it.
    model = json.loads(published.file("json").content)
    assert model["meeting"]["venue"] == meeting.venue
    assert model["document"]["localised"]["cy"]["venue"] == VENUE_CY
    item = model["sections"][0]["items"][0]
    assert item["question_to"] == question.answering_post.title
    assert item["localised"]["cy"]["question_to"] == POST_CY
    assert _docx_has(published, POST_CY)


def _docx_has(published, words: str) -> bool:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(published.file("docx").content)) as docx:
        return words in docx.read("word/document.xml").decode("utf-8")


def test_a_welsh_record_without_them_marks_the_english_post_and_venue(app, clerk):
    meeting, question, published = _welsh_record(clerk, with_welsh=False, layout=Layout.TABLE)
    page = BeautifulSoup(published.file("html").content, "html.parser")
    cell = page.select_one("td.app-record-table__to, td[data-label]:last-child")
    assert cell["lang"] == "en"
    assert cell.get_text(strip=True) == question.answering_post.title
    marked = [span.get_text() for span in page.select_one("dl.app-record-facts").select("[lang='en']")]
    assert meeting.venue in marked


def test_the_meeting_page_gives_the_portals_own_change_note_in_welsh(app, clerk, client):
    from tests.integration.test_record_in_welsh import _welsh_minutes

    published = _welsh_minutes(clerk)
    client.get("/language/cy")
    page = _page(client.get(f"/meetings/{published.meeting.id}"))
    section = " ".join(page.select_one("main").get_text().split())
    assert "Anfonwyd ymateb ysgrifenedig i PQ 1 ar 20 Mawrth 2030" in section
    assert "Written response sent" not in section


def test_a_record_in_english_only_reads_to_a_welsh_reader_in_a_welsh_page(app, clerk, client):
    meeting, questions = ready_meeting(public=1, member=0)
    published = publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))
    db.session.commit()
    english = client.get(f"/meetings/{meeting.id}/questions")
    assert english.data == published.file("html").content  # the published page, as it was

    # The reader chooses Welsh on the published page itself and comes back to it.
    switch = _page(english).select_one(".app-header__language")
    assert (switch.get_text(), switch["lang"]) == ("Cymraeg", "cy")
    back = client.get(switch["href"])
    assert back.status_code == 302
    assert back.headers["Location"] == f"/meetings/{meeting.id}/questions/v1"
    assert _page(client.get(back.headers["Location"])).html["lang"] == "cy"

    for path in (f"/meetings/{meeting.id}/questions", f"/meetings/{meeting.id}/questions/v1"):
        response = client.get(path)
        assert response.status_code == 200
        assert "Cookie" in response.headers["Vary"]
        page = _page(response)
        assert page.html["lang"] == "cy"
        assert page.h1.get_text(" ", strip=True).startswith("Cwestiynau ac atebion")
        assert "yn Saesneg yn unig" in page.select_one("#english-only").get_text()
        assert page.select_one(".govuk-skip-link").get_text(strip=True) == "Neidio i'r prif gynnwys"
        assert "Lawrlwytho fersiwn 1" in page.select_one("#downloads-heading").get_text()
        # The record itself is the published English, marked English.
        record = page.select_one(".app-record[lang='en']")
        assert questions[0].text_for_publication.split()[0] in record.get_text()
        assert "Question to" in record.get_text() or "From:" in record.get_text()
        assert "Fformat arall neu help" in page.select_one(".app-record-end").get_text()
    # A record with Welsh of its own is served as published.
    meeting.record_languages = RecordLanguages.WELSH
    db.session.commit()
    welsh = publishing.publish_correction(
        meeting, by=clerk, change_note="Welsh added", now=london(2030, 3, 9, 9, 0)
    )
    db.session.commit()
    assert client.get(f"/meetings/{meeting.id}/questions").data == welsh.file("html").content


def test_the_switch_tells_nginx_the_readers_language_and_nginx_sends_welsh_readers_to_the_portal(client):
    response = client.get("/language/cy")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("portal_language=cy;")
    assert "HttpOnly" in cookie
    assert "Expires" not in cookie  # for the visit
    for conf in ("deploy/nginx.conf", "deploy/nginx-bucket.conf"):
        text = Path(conf).read_text()
        [version_page] = re.findall(
            r"location ~ \^/meetings/[^\n]*v\[0-9\]\+\)\$ \{(.*?)\n    \}", text, re.S
        )
        assert 'if ($cookie_portal_language = "cy")' in version_page, conf
        assert "error_page 418 = @portal;" in version_page, conf
        assert "add_header Vary Cookie always;" in version_page, conf


def test_staff_see_the_welsh_title_and_venue_they_gave(admin_client):
    meeting, questions = ready_meeting(public=1, member=0)
    post = questions[0].answering_post
    post.title_cy, meeting.venue_cy = "Aelod <Cabinet>", VENUE_CY
    db.session.commit()
    shown = _page(admin_client.get(f"/admin/posts/{post.id}")).select_one("[lang='cy']")
    assert shown.get_text() == "Aelod <Cabinet>"  # escaped, as typed
    assert (
        VENUE_CY
        in _page(admin_client.get(f"/admin/meetings/{meeting.id}")).select_one("[lang='cy']").get_text()
    )


def test_a_welsh_questioners_email_names_the_post_in_welsh(app):
    from portal.domain.messages import notify

    _, questions = ready_meeting(public=2, member=0)
    welsh, english = questions
    welsh.language = "cy"
    welsh.answering_post.title_cy = POST_CY
    db.session.flush()
    assert (
        f"Bydd {POST_CY} yn ei ateb."
        in notify.tell_questioner("question_accepted", welsh, dedupe_key="cy").body_text
    )
    english_text = notify.tell_questioner("question_accepted", english, dedupe_key="en").body_text
    assert f"{english.answering_post.title} will answer it." in english_text


def test_search_results_mark_each_text_in_the_language_it_was_written_in(client):
    from tests import factories

    past = factories.make_meeting(factories.make_committee("Cabinet", slug="cabinet"), days_ahead=-20)
    asked = [
        factories.make_question(past, status=QuestionStatus.PUBLISHED, text="When will the library reopen?"),
        factories.make_question(
            past, status=QuestionStatus.PUBLISHED, text="Pryd bydd y llyfrgell yn ailagor?"
        ),
    ]
    asked[1].language = "cy"
    factories.publish_meeting(
        past, asked, answers={asked[0].id: "<p>The library reopens in <strong>April</strong>.</p>"}
    )
    english = _page(client.get("/search?q=library")).select_one(".app-results__question")
    assert not english.has_attr("lang")
    client.get("/language/cy")
    results = _page(client.get("/search?q=library")).select(".app-results__item")
    assert [item.select_one(".app-results__question")["lang"] for item in results] == ["en"]
    assert results[0].select_one(".app-results__answer [lang='en']") is not None
    welsh = _page(client.get("/search?q=llyfrgell")).select_one(".app-results__question")
    assert not welsh.has_attr("lang")
