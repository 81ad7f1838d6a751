"""Staff pages, the questioner's pages and e-mails name a question by its number as its
meeting's numbering scheme prints it ("SPQ 1", "11.1"), not always "PQ 1"."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.domain.record import publishing
from portal.extensions import db
from portal.models import Numbering, OutboxMessage
from tests.html import banners, heading, page, text
from tests.labelled_form import LabelledForm
from tests.record_factories import ready_meeting


def asked_anchor(label: str) -> str:
    """The console's id for the first public question: as the published record anchors it."""
    return {"SPQ 1": "spq-1", "11.1": "11-1"}.get(label, "public-1")


def _meeting(**rules):
    meeting, questions = ready_meeting(public=1, member=1, **rules)
    meeting.public_questions_item, meeting.member_questions_item = "11", "12"
    return meeting, questions


@pytest.mark.parametrize(
    ("rules", "public", "member"),
    [
        ({"public_prefix": "SPQ", "member_prefix": "CQ"}, "SPQ 1", "CQ 1"),
        ({"numbering": Numbering.AGENDA_ITEM}, "11.1", "12.1"),
        ({"numbering": Numbering.LETTERED}, "Public question a)", "Member question a)"),
        ({"numbering": Numbering.NONE}, "Public question 1", "Member question 1"),
    ],
)
def test_staff_pages_name_each_question_as_the_scheme_numbers_it(clerk_client, rules, public, member):
    meeting, (asked, _) = _meeting(**rules)

    question_page = clerk_client.get(f"/staff/moderation/questions/{asked.id}")
    assert heading(question_page).startswith(public)

    publishing_page = clerk_client.get(f"/staff/publishing/meetings/{meeting.id}")
    missing = {a.get_text(): a["href"] for a in page(publishing_page).select(".app-missing a")}
    put = "record whether the question was put at the meeting"
    assert missing[f"{public}: {put}"].endswith(f"#{asked_anchor(public)}")
    assert f"{member}: {put}" in missing

    console = clerk_client.get(f"/staff/console/meetings/{meeting.id}")
    assert page(console).find(id=asked_anchor(public)) is not None
    headings = [h.contents[0].strip() for h in page(console).select("section.app-console-question h2")]
    assert headings == [public, member]
    form = LabelledForm(console, button=f"Save {public}")
    form.pick("At the meeting, the question was", "Put by the questioner")
    saved = form.submit(clerk_client, follow_redirects=True)
    assert banners(saved)[0].startswith(f"Success {public} saved at")
    assert not [m for m in text(saved).split() if m == "PQ"]


def test_e_mails_name_the_question_as_the_scheme_numbers_it(app, clerk):
    meeting, (asked, _) = _meeting(public_prefix="SPQ")
    publishing.publish_supplement(meeting, by=clerk)
    told = db.session.scalars(
        sa.select(OutboxMessage).where(
            OutboxMessage.template == "answer_published", OutboxMessage.question_id == asked.id
        )
    ).one()
    assert "SPQ 1" in told.subject
    assert "Your question is SPQ 1" in told.body_text


def test_the_questioner_is_told_the_number_in_their_language(app, clerk):
    meeting, (asked, _) = _meeting(numbering=Numbering.LETTERED)
    asked.language = "cy"
    publishing.publish_supplement(meeting, by=clerk)
    told = db.session.scalars(
        sa.select(OutboxMessage).where(
            OutboxMessage.template == "answer_published", OutboxMessage.question_id == asked.id
        )
    ).one()
    assert "Cwestiwn gan y cyhoedd a)" in told.body_text


@pytest.mark.parametrize(
    ("rules", "public_only", "both"),
    [
        ({}, "PQ list", ["PQ list", "MQ list"]),
        ({"public_prefix": "SPQ", "member_prefix": "CQ"}, "SPQ list", ["SPQ list", "CQ list"]),
        (
            {"numbering": Numbering.AGENDA_ITEM},
            "Agenda item 11 questions",
            ["Agenda item 11 questions", "Agenda item 12 questions"],
        ),
        (
            {"numbering": Numbering.LETTERED},
            "Questions a), b), c)",
            ["Public questions a), b), c)", "Member questions a), b), c)"],
        ),
        ({"numbering": Numbering.NONE}, "Questions", ["Public questions", "Member questions"]),
    ],
)
def test_the_numbered_list_is_titled_by_the_scheme(clerk_client, rules, public_only, both):
    meeting, _ = _meeting(**rules)
    listing = clerk_client.get(f"/staff/moderation/meetings/{meeting.id}/numbering")
    assert [h.get_text(strip=True) for h in page(listing).select("main h2")] == both
    assert heading(listing) == f"{both[0]} and {both[1]}"

    lone, questions = ready_meeting(public=1, member=0, takes_member_questions=False, **rules)
    lone.public_questions_item = "11"
    alone = clerk_client.get(f"/staff/moderation/meetings/{lone.id}/numbering")
    assert heading(alone) == public_only
    assert page(alone).select_one("title").get_text().startswith(public_only)
    assert page(alone).select_one("caption").get_text(strip=True) == f"{public_only}, in number order"

    saved = clerk_client.post(
        f"/staff/moderation/meetings/{lone.id}/numbering/public",
        data={"action": "order", f"position-public-{questions[0].id}": "1"},
        follow_redirects=True,
    )
    assert f"{public_only}: the order has not changed" in " ".join(banners(saved))
