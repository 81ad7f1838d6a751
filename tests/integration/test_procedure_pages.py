"""An administrator sets a committee's publishing procedure, and one meeting's own, through
the admin pages by their labels; misuse gets a clear error and keeps what was typed, and
the administrator is told that published records do not change."""

from __future__ import annotations

import pytest

from portal.domain.record import publishing
from portal.extensions import db
from portal.models import Arrival, Layout, Numbering, OnBehalfStyle, QuestionerStyle
from tests import factories
from tests.html import banners, error_messages, text
from tests.integration.test_ask_journey import choose, give_details
from tests.labelled_form import LabelledForm
from tests.record_factories import ready_meeting

ON_BEHALF = "How someone asking on behalf of another person or an organisation is shown"
ARRIVAL = "Print how each question and supplementary arrived"


def _meeting():
    meeting, questions = ready_meeting(public=1, member=1)
    meeting.public_questions_item, meeting.member_questions_item = "11", "12"
    return meeting, questions


def test_an_administrator_sets_the_committee_procedure(app, admin_client):
    meeting, _ = _meeting()
    committee = meeting.committee
    form = LabelledForm(admin_client.get(f"/admin/committees/{committee.id}/procedure"))
    form.pick("How its questions and answers are published", Layout.LABELLED.label)
    form.pick("How questions are numbered", Numbering.PREFIXED.label)
    form.fill("Prefix for questions from the public", "SPQ")
    form.pick("How members of the public are named", QuestionerStyle.FULL_NAME.label)
    form.tick(
        "Questions asked on behalf of someone else, or of an organisation, count against the "
        "asker's own limit"
    )
    page = form.submit(admin_client, follow_redirects=True)
    assert banners(page) == ["Success Procedure saved. It applies to every record not yet published."]
    shown = text(page)
    assert "Labelled (Question, Response, each with who spoke)" in shown
    assert "(SPQ, MQ)" in shown
    assert committee.rules.questioner_style is QuestionerStyle.FULL_NAME
    assert committee.rules.on_behalf_counts is True


def test_prefixes_that_collide_are_refused_and_what_was_typed_is_kept(app, admin_client):
    meeting, _ = _meeting()
    form = LabelledForm(admin_client.get(f"/admin/committees/{meeting.committee_id}/procedure"))
    form.fill("Prefix for questions from the public", "Q")
    form.fill("Prefix for questions from councillors", "Q")
    page = form.submit(admin_client)
    assert error_messages(page) == [
        "Public and member questions both start Q, so both would be Q 1: give them different prefixes"
    ]
    assert LabelledForm(page).values["public_prefix"] == ["Q"]
    assert meeting.committee.rules.public_prefix == "PQ"


def test_a_published_meeting_keeps_its_numbers_and_changes_layout_from_its_next_version(
    app, clerk, admin_client
):
    meeting, _ = _meeting()
    publishing.publish_supplement(meeting, by=clerk)
    show = admin_client.get(f"/admin/meetings/{meeting.id}")
    assert "Change how this meeting's record is laid out and numbered" in text(show)

    form = LabelledForm(admin_client.get(f"/admin/meetings/{meeting.id}/procedure"))
    assert "its numbers are fixed" in text(admin_client.get(f"/admin/meetings/{meeting.id}/procedure"))
    form.pick("How questions are numbered", Numbering.LETTERED.label)
    page = form.submit(admin_client)
    assert error_messages(page)[0].startswith(
        "This meeting's record has been published, so its numbers are fixed"
    )

    form = LabelledForm(admin_client.get(f"/admin/meetings/{meeting.id}/procedure"))
    form.pick("How its questions and answers are published", Layout.REPORTED.label)
    page = form.submit(admin_client, follow_redirects=True)
    assert banners(page) == [
        "Success This meeting's procedure is saved. Versions already published stay as they are; "
        "it applies from the next version you publish."
    ]
    correction = publishing.publish_correction(meeting, by=clerk, change_note="Laid out as the minutes are")
    assert correction.model["committee"]["layout"] == "reported"
    assert publishing.publication(meeting, 1).model["committee"]["layout"] == "table"


def test_only_administrators_change_procedures(app, clerk_client):
    meeting, _ = _meeting()
    assert clerk_client.get(f"/admin/committees/{meeting.committee_id}/procedure").status_code == 403
    assert clerk_client.get(f"/admin/meetings/{meeting.id}/procedure").status_code == 403


def test_an_administrator_chooses_how_on_behalf_and_arrival_are_printed_and_published_records_stay(
    app, clerk, admin_client
):
    meeting, questions = _meeting()
    questions[0].arrival = Arrival.EMAIL
    questions[0].on_behalf_of = "Aldbury Residents' Association"
    publishing.publish_supplement(meeting, by=clerk)
    committee = meeting.committee

    form = LabelledForm(admin_client.get(f"/admin/committees/{committee.id}/procedure"))
    form.pick(ON_BEHALF, OnBehalfStyle.PLAIN.label)
    form.pick(ARRIVAL, "No, leave it out of the record")
    page = form.submit(admin_client, follow_redirects=True)
    assert banners(page) == [
        "Success Procedure saved. It applies to every record not yet published; "
        "1 meeting already published keep what they were published with."
    ]
    shown = text(page)
    assert f"Someone asking on behalf of another {OnBehalfStyle.PLAIN.label}" in shown
    assert "How each question arrived Not printed" in shown

    # The published meeting keeps what it was published with, in its next version too.
    correction = publishing.publish_correction(meeting, by=clerk, change_note="A typing error")
    item = correction.model["sections"][0]["items"][0]
    assert item["questioner"] == "Ms Carter, Aldbury (on behalf of Aldbury Residents' Association)"
    assert item["arrival"]["label"] == "Received by e-mail"

    # A meeting not yet published follows the committee, unless it has its own.
    later, others = _meeting()
    later.committee = committee
    others[0].arrival = Arrival.EMAIL
    others[0].on_behalf_of = "Aldbury Residents' Association"
    form = LabelledForm(admin_client.get(f"/admin/meetings/{later.id}/procedure"))
    form.pick(ARRIVAL, "Yes, print it where it was recorded")
    page = form.submit(admin_client, follow_redirects=True)
    assert banners(page) == [
        "Success This meeting's procedure is saved. It applies when its record is published"
    ]
    item = publishing.publish_supplement(later, by=clerk).model["sections"][0]["items"][0]
    assert item["questioner"] == "Ms Carter on behalf of Aldbury Residents' Association"
    assert item["arrival"]["label"] == "Received by e-mail"


def test_a_procedure_with_a_choice_not_offered_is_refused_with_what_to_choose(app, admin_client):
    meeting, _ = _meeting()
    form = LabelledForm(admin_client.get(f"/admin/committees/{meeting.committee_id}/procedure"))
    form.fill("Prefix for questions from the public", "SPQ")
    form.values["on_behalf_style"], form.values["prints_arrival"] = ["both"], ["sometimes"]
    page = form.submit(admin_client)
    assert error_messages(page) == [
        "Select how someone asking on behalf of another is shown",
        "Select whether the record prints how each question arrived",
    ]
    assert LabelledForm(page).values["public_prefix"] == ["SPQ"]
    assert meeting.committee.rules.public_prefix == "PQ"


ON_BEHALF_COUNTS = (
    "Questions asked on behalf of someone else, or of an organisation, count against the asker's own limit"
)
PER_PERSON = "Questions one person can ask at this meeting (optional)"


def test_an_administrator_sets_one_meetings_limits_and_the_ask_pages_follow_them(app, admin_client, client):
    committee = factories.make_committee(questions_per_person=1, on_behalf_counts=False)
    meeting = factories.make_meeting(committee)
    other = factories.make_meeting(committee, days_ahead=40)
    factories.make_question(meeting, email="hannah.carter@example.com").on_behalf_of = "Teresa Fenner"
    db.session.flush()

    shown = admin_client.get(f"/admin/meetings/{meeting.id}/procedure")
    assert "Leave empty for the committee's limit (1)" in text(shown)
    assert "The committee does not count them" in text(shown)
    form = LabelledForm(shown)
    form.fill(PER_PERSON, "2")
    form.pick(ON_BEHALF_COUNTS, "Yes, they count against the asker's own limit")
    saved = form.submit(admin_client, follow_redirects=True)
    assert banners(saved)[0].startswith("Success This meeting's procedure is saved")
    assert (meeting.questions_per_person, meeting.on_behalf_counts) == (2, True)

    # The choice of meeting says how many this one takes; the committee's other meeting
    # (one question each) says nothing more than the rule every meeting starts from.
    choices = text(client.get("/ask/meeting"))
    assert choices.count("This meeting takes 2 questions from each person") == 1
    assert "unless it says it takes more" in choices

    # The question asked on behalf of someone else now counts: one more is allowed, not two.
    choose(client, meeting)
    assert give_details(client).status_code == 302
    factories.make_question(meeting, email="hannah.carter@example.com")
    choose(client, meeting)
    refused = give_details(client)
    assert error_messages(refused)[0].endswith("This meeting allows 2 questions from each person")

    # The committee's other meetings keep the committee's limits.
    factories.make_question(other, email="hannah.carter@example.com").on_behalf_of = "Teresa Fenner"
    db.session.flush()
    choose(client, other)
    assert give_details(client).status_code == 302

    # Back to the committee's: empty and "As the committee does".
    form = LabelledForm(admin_client.get(f"/admin/meetings/{meeting.id}/procedure"))
    assert form.values["questions_per_person"] == ["2"]
    form.fill(PER_PERSON, "")
    form.pick(ON_BEHALF_COUNTS, "As the committee does")
    form.submit(admin_client)
    assert (meeting.questions_per_person, meeting.on_behalf_counts) == (None, None)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("11", "Questions per person must be between 1 and 10"),
        ("0", "Questions per person must be between 1 and 10"),
        ("two", "Questions per person must be a whole number, like 2"),
    ],
)
def test_a_meeting_limit_out_of_range_is_refused_and_what_was_typed_is_kept(
    app, admin_client, typed, message
):
    meeting, _ = _meeting()
    form = LabelledForm(admin_client.get(f"/admin/meetings/{meeting.id}/procedure"))
    form.fill(PER_PERSON, typed)
    form.values["on_behalf_counts"] = ["often"]
    page = form.submit(admin_client)
    assert error_messages(page) == [
        message,
        "Select whether questions asked on behalf of others count against the asker's limit",
    ]
    assert LabelledForm(page).values["questions_per_person"] == [typed]
    assert meeting.questions_per_person is None
