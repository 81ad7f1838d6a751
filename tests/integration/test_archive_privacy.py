"""A scan of everything public for questioners' contact details: must find none.

Questioners with distinctive e-mail addresses, phone numbers, street addresses and
postcodes ask questions that end up in every state; their meeting's record is
published (agenda supplement, then minutes with supplementaries and written answers);
then every public page reachable from the home page, every public endpoint, every API
response, every feed and calendar, and every published file is fetched and searched.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from portal.domain.record import alerts
from portal.domain.states import QuestionKind, QuestionStatus
from tests import factories
from tests.document_text import docx_text, pdf_pages
from tests.integration.test_route_access import EXPECTED_ACCESS, PUBLIC

SECRETS = {
    "email": "quillon.vesper.8841@private-mail.example",
    "phone": "07700 900 418",
    "phone_digits": "07700900418",
    "address": "17 Quillfeather Close",
    "address2": "Little Vespering",
    "postcode": "ZX9 4QJ",
    "subscriber": "alerts.reader.5531@private-mail.example",
}
STATES = (
    QuestionStatus.PUBLISHED,
    QuestionStatus.AWAITING_WRITTEN_ANSWER,
    QuestionStatus.CLOSED,
    QuestionStatus.ACCEPTED,
    QuestionStatus.RECEIVED,
    QuestionStatus.REJECTED,
    QuestionStatus.WITHDRAWN,
    QuestionStatus.UNCONFIRMED,
)


def _with_contact_details(question, n):
    question.email = f"{n}.{SECRETS['email']}"
    question.email_normalised = question.email
    question.phone = SECRETS["phone"]
    question.address_line_1 = SECRETS["address"]
    question.address_line_2 = SECRETS["address2"]
    question.postcode = SECRETS["postcode"]
    return question


def _build(app):
    committee = factories.make_committee("Cabinet", slug="cabinet")
    past = factories.make_meeting(committee, days_ahead=-12)
    upcoming = factories.make_meeting(committee, days_ahead=12)
    published = []
    # Ready to publish: the minutes below take each to the first three of STATES.
    for n in range(3):
        q = factories.make_question(
            past,
            status=QuestionStatus.ANSWER_APPROVED,
            text=f"Published question {n} about the ring road",
            publish_name=n != 1,
        )
        published.append(_with_contact_details(q, n))
    member = factories.make_question(past, status=QuestionStatus.ANSWER_APPROVED, kind=QuestionKind.MEMBER)
    published.append(_with_contact_details(member, 9))
    for n, status in enumerate(STATES[3:], start=3):
        _with_contact_details(factories.make_question(upcoming, status=status), n)
    extras = {
        published[0].id: {
            "put": "read_on_behalf",
            "supplementary": {
                "question": "And the bypass?",
                "answer_html": "<p>Next year.</p>",
                "answered_by": "Leader",
            },
        },
        published[1].id: {"written_answer": {"due_on": dt.date.today() + dt.timedelta(days=9)}},
        published[2].id: {
            "written_answer": {
                "due_on": dt.date.today() - dt.timedelta(days=1),
                "sent_on": dt.date.today() - dt.timedelta(days=2),
                "html": "<p>Sent.</p>",
            }
        },
    }
    factories.publish_meeting(past, published)
    factories.publish_meeting(past, published, extras=extras, document="minutes")
    subscription = alerts.subscribe(committee, SECRETS["subscriber"])
    alerts.confirm_subscription(subscription)
    return committee, past, upcoming


def _links(html: str, base: str) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = set()
    for tag in soup.find_all(["a", "link"], href=True):
        url = urljoin(base, tag["href"])
        parts = urlsplit(url)
        if (
            parts.netloc in ("", "localhost")
            and parts.path.startswith("/")
            and not parts.path.startswith("/static")
        ):
            found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _assert_clean(where: str, body: str):
    lowered = body.lower()
    for name, secret in SECRETS.items():
        assert secret.lower() not in lowered, f"{name} found in {where}"
    assert not re.search(r"private-mail\.example", lowered), f"an e-mail address found in {where}"


def test_nothing_public_shows_a_questioners_contact_details(app, client, monkeypatch):
    # As in production: the development mailbox (which shows every message) is switched off.
    monkeypatch.setitem(app.config, "SHOW_DEV_MAILBOX", False)
    _committee, past, upcoming = _build(app)
    api_question_ids = []

    start = {
        "/",
        "/search?q=ring+road",
        "/search?q=ring+road&owed=y",
        "/search?committee=cabinet",
        "/register",
        "/statistics",
        "/calendar",
        "/committees",
        "/committees/cabinet",
        "/committees/cabinet/questions",
        "/meetings",
        f"/meetings/{past.id}",
        f"/meetings/{upcoming.id}",
        f"/meetings/{past.id}/questions",
        "/answers.atom",
        "/committees/cabinet/answers.atom",
        "/search.atom?q=ring+road",
        "/calendar.ics",
        "/committees/cabinet/calendar.ics",
        "/api/v1/",
        "/api/v1/openapi.json",
        "/api/v1/committees",
        "/api/v1/committees/cabinet",
        "/api/v1/meetings",
        f"/api/v1/meetings/{past.id}",
        "/api/v1/questions?per_page=100",
        "/api/v1/questions?q=ring+road",
        "/api/v1/written-answers-owed",
        f"/meetings/{past.id}/questions.json",
        f"/meetings/{past.id}/questions.csv",
    }
    # Every public endpoint without parameters, whatever area added it.
    for rule in app.url_map.iter_rules():
        if EXPECTED_ACCESS.get(rule.endpoint) is PUBLIC and "GET" in rule.methods and not rule.arguments:
            start.add(rule.rule)
    seen: set[str] = set()
    queue = sorted(start)
    while queue and len(seen) < 400:
        path = queue.pop(0)
        if path in seen or "/alerts/" in path or path.startswith("/static"):
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code >= 400:
            continue
        if response.mimetype == "application/pdf":
            body = "\n".join(pdf_pages(response.get_data()))
        elif response.mimetype.endswith("wordprocessingml.document"):
            body = docx_text(response.get_data())
        else:
            body = response.get_data(as_text=True)
        _assert_clean(path, body)
        if path.startswith("/api/v1/questions") and response.is_json:
            api_question_ids += [q["id"] for q in response.get_json()["data"]]
        if response.mimetype == "text/html":
            queue.extend(sorted(_links(body, "http://localhost" + path) - seen))
    for entry_id in api_question_ids:
        _assert_clean(
            f"question {entry_id}", client.get(f"/api/v1/questions/{entry_id}").get_data(as_text=True)
        )
    # Every published file: the downloads and exports written for nginx to serve.
    for path in Path(app.config["PUBLICATION_DIR"]).rglob("*"):
        if path.is_file():
            _assert_clean(str(path), path.read_bytes().decode("utf-8", "replace"))
    assert len(seen) > 25, "the scan reached the public pages"
    assert api_question_ids, "the scan read published questions"
