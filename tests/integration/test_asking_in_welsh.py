"""A resident asks in Welsh: every page of the journey, its error messages, the e-mails,
the tracking page and the dates are in Welsh; the language is recorded and staff see it."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.domain.asking.contact_details import word_count
from portal.domain.asking.submission import confirm_question
from portal.extensions import db
from portal.formatting import format_datetime
from portal.models import OutboxMessage, Question
from tests import factories
from tests.html import error_messages, heading, input_value, page, text, title

DETAILS = {
    "title": "Mr",
    "first_name": "Rhodri",
    "last_name": "Llŷr",
    "email": "rhodri.llyr@example.com",
    "phone": "",
    "address_line_1": "3 Heol y Felin",
    "address_line_2": "",
    "town": "Kingsmere",
    "postcode": "KM1 4TT",
    "lives_or_works_in_area": "yes",
    "on_behalf_of": "",
    "publish_name": "yes",
}
# Welsh as people type it: circumflexes (ŵ, ŷ, â) and apostrophes inside words.
CWESTIWN = (
    "Faint o weithwyr cymdeithasol plant y cyngor sy'n staff asiantaeth, a beth mae'r "
    "Aelod Cabinet yn ei wneud i sicrhau bod teuluoedd yn cael gwasanaeth drwy'r Gymraeg "
    "ym mhob tŷ a ŵyr y sir?"
)


@pytest.fixture
def post():
    return factories.make_post("Cabinet member children and families")


@pytest.fixture
def meeting(post):
    committee = factories.make_committee("Council", slug="council-cy", posts=[post], word_limit=40)
    return factories.make_meeting(committee, days_ahead=20)


@pytest.fixture
def welsh(client):
    client.get("/language/cy")
    return client


def welsh_email(address: str) -> OutboxMessage:
    return db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.to_address == address).order_by(OutboxMessage.id.desc())
    ).first()


def test_welsh_orthography_is_counted_as_words_not_split():
    assert word_count("ŵyr tŷ gâr") == 3
    assert word_count("sy'n mae'r drwy’r") == 3
    # Letters typed with a combining accent (w + U+0302) count once too.
    assert word_count("w\u0302yr a\u0302 t\u0177") == 3
    assert word_count(CWESTIWN) == 34


def test_asking_in_welsh_from_start_to_tracking(welsh, meeting, post, clerk_client):
    start = welsh.get("/ask")
    assert page(start).html["lang"] == "cy"
    assert heading(start) == "Gofyn cwestiwn i'r cyngor"
    assert "gallwch ofyn un cwestiwn ym mhob cyfarfod" in text(start)

    choose = welsh.get("/ask/meeting")
    assert heading(choose) == "Ym mha gyfarfod ydych chi am ofyn eich cwestiwn?"
    hint = text(choose)
    assert "Anfonwch eich cwestiwn erbyn" in hint
    # How the deadline was worked out is on the meeting's own page, written afresh in
    # Welsh: days counted, with Welsh day names.
    working = text(welsh.get(f"/meetings/{meeting.id}"))
    assert "Sut y cyfrifwyd hyn" in working
    assert re.search(r"\d+ (ddiwrnod|diwrnod) gwaith clir cyn dydd \w+", working)
    # Names the council entered once stay English, marked as such.
    assert page(choose).find("span", attrs={"lang": "en"}, string="Council")
    # Nothing is chosen: the error is in Welsh, in the summary and beside the field.
    empty = welsh.post("/ask/meeting", data={"meeting": ""})
    assert error_messages(empty) == ["Dewiswch gyfarfod"]
    assert title(empty).startswith("Gwall: ")
    summary_title = page(empty).select_one(".govuk-error-summary__title")
    assert summary_title.get_text(strip=True) == "Mae problem wedi codi"
    assert page(empty).select_one(".govuk-error-message .govuk-visually-hidden").get_text() == "Gwall:"
    assert welsh.post("/ask/meeting", data={"meeting": str(meeting.id)}).status_code == 302

    details = welsh.get("/ask/details")
    assert heading(details) == "Eich manylion"
    bad = welsh.post("/ask/details", data={**DETAILS, "first_name": "", "postcode": "KM1"})
    assert error_messages(bad) == ["Rhowch eich enw cyntaf", "Rhowch god post llawn yn y DU, fel KM1 2AB"]
    # What was typed is kept.
    assert input_value(bad, "last_name") == "Llŷr"
    assert welsh.post("/ask/details", data=DETAILS).status_code == 302

    question_page = welsh.get("/ask/question")
    counter = page(question_page).select_one(".govuk-character-count")
    assert counter["data-i18n.words-under-limit.two"] == "Mae gennych %{count} air ar ôl"
    assert counter["data-i18n.words-over-limit.other"] == "Mae gennych %{count} gair yn ormod"
    too_long = welsh.post("/ask/question", data={"text": CWESTIWN + " " + "gair " * 8, "post": str(post.id)})
    assert error_messages(too_long) == ["Rhaid i'ch cwestiwn fod yn 40 gair neu lai. Mae 2 air yn rhy hir"]
    assert welsh.post("/ask/question", data={"text": CWESTIWN, "post": str(post.id)}).status_code == 302

    check = welsh.get("/ask/check-answers")
    assert heading(check) == "Gwiriwch eich atebion cyn anfon eich cwestiwn"
    assert page(check).select_one("div.app-break-anywhere[lang=cy]").get_text(strip=True) == CWESTIWN
    sent = welsh.post("/ask/check-answers", data={"submission_key": input_value(check, "submission_key")})
    assert sent.status_code == 302
    assert heading(welsh.get("/ask/sent")) == "Gwiriwch eich e-bost"

    question = db.session.scalars(sa.select(Question).where(Question.email == DETAILS["email"])).one()
    assert question.language == "cy"
    assert question.original_text == CWESTIWN

    confirm = welsh_email(DETAILS["email"])
    assert confirm.subject == f"Cadarnhewch eich cwestiwn i Cyngor Kingsmere – {question.reference}"
    assert confirm.body_text.startswith("Annwyl Mr Rhodri Llŷr,")
    assert "I anfon eich cwestiwn at y cyngor, cadarnhewch eich cyfeiriad e-bost" in confirm.body_text
    assert "ddydd " in confirm.body_text
    assert re.search(r"\d{1,2}(:\d\d)?(yb|yh) ddydd \w+ \d+ \w+ \d{4}", confirm.body_text)

    # Confirmed later, from any page (here staff's): the next e-mail is still Welsh.
    confirm_question(question)
    db.session.flush()
    received = welsh_email(DETAILS["email"])
    assert received.subject == f"Rydym wedi cael eich cwestiwn – {question.reference}"
    assert "Dilynwch eich cwestiwn yma." in received.body_text

    tracking = welsh.get(f"/questions/{question.tracking_token}")
    assert heading(tracking) == f"Eich cwestiwn {question.reference}"
    assert "Wedi dod i law – mae'r gwasanaethau democrataidd yn ei wirio" in text(tracking)
    assert page(tracking).select_one(".app-plain-text[lang=cy]").get_text() == CWESTIWN
    assert "Beth sy'n digwydd nesaf" in text(tracking)

    # Staff see the language it was asked in; their pages stay English.
    staff_view = clerk_client.get(f"/staff/moderation/questions/{question.id}")
    assert page(staff_view).html["lang"] == "en"
    assert "Asked in Welsh" in page(staff_view).select_one(".app-question-language").get_text()


def test_english_pages_and_emails_are_unchanged(client, meeting, post):
    client.post("/ask/meeting", data={"meeting": str(meeting.id)})
    client.post("/ask/details", data={**DETAILS, "email": "english@example.com"})
    english = "How many agency social workers are there?"
    client.post("/ask/question", data={"text": english, "post": str(post.id)})
    check = client.get("/ask/check-answers")
    client.post("/ask/check-answers", data={"submission_key": input_value(check, "submission_key")})
    question = db.session.scalars(sa.select(Question).where(Question.email == "english@example.com")).one()
    assert question.language == "en"
    message = welsh_email("english@example.com")
    assert message.body_text.startswith("Dear Mr Rhodri Llŷr,")
    assert message.subject == f"Confirm your question to Kingsmere Council – {question.reference}"
    assert "To send your question to the council, confirm your e-mail address" in message.body_text


def test_dates_and_deadlines_in_welsh_from_babel(app):
    import datetime as dt

    from flask_babel import force_locale

    from portal.domain.meetings.deadlines import compute_deadline

    meeting_at = dt.datetime(2023, 2, 28, 19, 0, tzinfo=dt.UTC)
    with app.test_request_context(), force_locale("cy"):
        deadline = compute_deadline(meeting_at, 2, dt.time(9, 30))
        assert format_datetime(deadline.at) == "9:30yb ddydd Iau 23 Chwefror 2023"
        assert deadline.explanation == (
            "9:30yb ddydd Iau 23 Chwefror 2023: 2 ddiwrnod gwaith clir cyn dydd Mawrth 28 Chwefror; "
            "dydd Gwener 24 a dydd Llun 27 wedi'u cyfrif"
        )
        christmas = compute_deadline(dt.datetime(2023, 12, 28, 19, 0, tzinfo=dt.UTC), 3, dt.time(12, 0))
        assert "(Dydd Nadolig)" in christmas.explanation
        assert christmas.explanation.startswith("canol dydd ddydd")
    with app.test_request_context():
        assert compute_deadline(meeting_at, 2, dt.time(9, 30)).explanation == (
            "9:30am on Thursday 23 February 2023: 2 clear working days before Tuesday 28 February; "
            "Friday 24 and Monday 27 counted"
        )
