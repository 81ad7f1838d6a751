"""DESIGN §2 in every published format: "Title Surname, Town" in both layouts, exactly
"Name and address supplied" for a questioner who asked not to be named (their choice wins
over "on behalf of" and over being read out), and "Chair (on behalf of …)" for a named
questioner whose question was read out."""

from __future__ import annotations

import json

import pytest

from portal.domain.meetings import proceedings
from portal.domain.record import publishing
from portal.models import Layout, PutOutcome
from tests import factories
from tests.document_text import docx_text, pdf_pages
from tests.record_factories import clerk_user, ready_meeting

ANONYMOUS = "Name and address supplied"
ORGANISATION = "Aldbury Parents Forum"


def _publish(layout: Layout, slug: str):
    meeting, (hidden, named, _member) = ready_meeting(
        layout=layout, slug=slug, starts_at=factories.london(2030, 3, 12, 14, 30)
    )
    hidden.publish_name = False
    hidden.on_behalf_of = ORGANISATION
    clerk = clerk_user()
    publishing.publish_supplement(meeting, by=clerk, now=factories.london(2030, 3, 6, 9, 0))
    at = factories.london(2030, 3, 12, 17, 0)
    for question, read_by in ((hidden, "Chair"), (named, "Vice-chair"), (_member, "")):
        put = PutOutcome.READ_ON_BEHALF if read_by else PutOutcome.PUT_BY_QUESTIONER
        proceedings.save_outcome(question, by=clerk, now=at, changes={"put": put, "read_by": read_by})
    proceedings.record_meeting_times(
        meeting,
        by=clerk,
        started_at=factories.london(2030, 3, 12, 14, 30),
        ended_at=factories.london(2030, 3, 12, 16, 30),
        now=at,
    )
    publishing.publish_appendix(meeting, by=clerk, now=factories.london(2030, 3, 14, 9, 0))
    return meeting


def _everything_public(client, meeting, slug) -> dict[str, str]:
    base = f"/meetings/{meeting.id}/questions"
    found = {
        "html": client.get(base).get_data(as_text=True),
        "pdf": "\n".join(pdf_pages(client.get(f"{base}.pdf").get_data())),
        "docx": docx_text(client.get(f"{base}.docx").get_data()),
        "csv": client.get(f"{base}.csv").get_data(as_text=True),
        "json": json.dumps(client.get(f"{base}.json").get_json(), ensure_ascii=False),
        "api": json.dumps(
            client.get(f"/api/v1/questions?meeting={meeting.id}").get_json(), ensure_ascii=False
        ),
        # This committee's answers only: the search index of the test process may still hold
        # what earlier tests published (their rows were rolled back, the index was not).
        "search": client.get(f"/search?q=social+workers&committee={slug}").get_data(as_text=True),
        "feed": client.get(f"/committees/{slug}/answers.atom").get_data(as_text=True),
    }
    assert all(found.values())
    return {where: " ".join(text.split()) for where, text in found.items()}  # the PDF wraps lines


@pytest.mark.parametrize("layout", [Layout.TABLE, Layout.REPORTED])
def test_the_questioners_choice_not_to_be_named_wins_in_every_format(client, layout):
    slug = f"privacy-{layout.value}"
    meeting = _publish(layout, slug)
    for where, text in _everything_public(client, meeting, slug).items():
        assert ANONYMOUS in text, where
        assert "Hannah" not in text, f"{where} names the anonymous questioner"
        assert "Carter" not in text, f"{where} names the anonymous questioner"
        assert ORGANISATION not in text, f"{where} shows who the anonymous questioner asked for"
        assert f"Chair (on behalf of {ANONYMOUS}" not in text, where
        # The named questioner: title, surname and town, read out by the vice-chair.
        assert "Vice-chair (on behalf of Mr Patel, Westcote)" in text, where
        assert "Joe" not in text, f"{where} shows a first name the questioner did not agree to"


def test_the_record_says_who_read_out_an_anonymous_question(client):
    meeting = _publish(Layout.REPORTED, "privacy-read-out")
    base = f"/meetings/{meeting.id}/questions"
    assert "Read out at the meeting by Chair." in client.get(base).get_data(as_text=True)
    assert "Read out at the meeting by Chair." in docx_text(client.get(f"{base}.docx").get_data())
    assert "Read out on the questioner's behalf (Chair)" in client.get(f"{base}.csv").get_data(as_text=True)
