"""Clerks give the Welsh (or English) of a question's record through the publishing pages,
by their labels, and administrators choose the languages a committee or meeting publishes
in; bad input gets a clear error and loses nothing typed."""

from __future__ import annotations

import json

from portal.domain.numbers import question_label
from portal.domain.record import publishing
from portal.models import RecordLanguages, TextPart
from tests.html import banners, error_messages, text
from tests.labelled_form import LabelledForm, follow_link
from tests.record_factories import ready_meeting


def test_a_clerk_adds_the_welsh_of_a_question_and_its_answer(app, clerk, clerk_client):
    meeting, questions = ready_meeting(public=1, member=0)
    question = questions[0]
    page = clerk_client.get(f"/staff/publishing/meetings/{meeting.id}")
    assert "English only" in text(page)
    label = question_label(question)
    page = follow_link(clerk_client, page, f"Add or change the Welsh and English texts of {label}")
    form = LabelledForm(page)
    form.pick("Language of the council's answer", "English and Welsh")
    form.fill("Welsh text of the question", "Faint o weithwyr cymdeithasol sy'n staff asiantaeth?")
    form.fill("Welsh text of the answer", "Mae **naw** yn staff asiantaeth.")
    page = form.submit(clerk_client, follow_redirects=True)

    assert banners(page) == [
        f"Success Welsh and English texts of {question_label(question)} saved. "
        "They appear in the record from the next version you publish"
    ]
    assert "Added" in text(page)
    assert question.answer_language == "both"
    rows = {row.part: row for row in question.translations}
    assert rows[TextPart.ANSWER].html == "<p>Mae <strong>naw</strong> yn staff asiantaeth.</p>"
    assert rows[TextPart.QUESTION].language == "cy"

    meeting.record_languages = RecordLanguages.SIDE_BY_SIDE
    published = publishing.publish_supplement(meeting, by=clerk)
    model = json.loads(published.file("json").content)
    assert model["sections"][0]["items"][0]["translations"]["question_text"]["value"].startswith("Faint")


def test_a_question_asked_in_welsh_asks_for_the_english(app, clerk_client):
    _, questions = ready_meeting(public=1, member=0)
    questions[0].language = "cy"
    page = clerk_client.get(f"/staff/publishing/questions/{questions[0].id}/languages")
    form = LabelledForm(page)
    form.fill("English text of the question", "How many social workers are agency staff?")
    form.submit(clerk_client)
    assert questions[0].translations[0].language == "en"


def test_too_long_a_text_is_refused_and_what_was_typed_is_kept(app, clerk_client):
    _, questions = ready_meeting(public=1, member=0)
    form = LabelledForm(clerk_client.get(f"/staff/publishing/questions/{questions[0].id}/languages"))
    form.fill("Welsh text of the question", "Cwestiwn")
    form.fill("Welsh text of the answer", "gair " * 4001)
    page = form.submit(clerk_client)
    assert page.status_code == 422
    assert error_messages(page) == ["The text of the answer must be 20,000 characters or fewer"]
    assert LabelledForm(page).values["question"] == ["Cwestiwn"]
    assert questions[0].translations == []


def test_an_officer_cannot_open_the_page(app, officer_client):
    _, questions = ready_meeting(public=1, member=0)
    assert officer_client.get(f"/staff/publishing/questions/{questions[0].id}/languages").status_code == 403


def test_an_administrator_chooses_the_record_languages_for_a_committee_and_a_meeting(app, admin_client):
    meeting, _ = ready_meeting(public=1, member=0)
    committee = meeting.committee
    form = LabelledForm(admin_client.get(f"/admin/committees/{committee.id}/procedure"))
    form.pick("Languages of the published record", "English and Welsh, side by side")
    form.submit(admin_client, follow_redirects=True)
    assert committee.rules.record_languages is RecordLanguages.SIDE_BY_SIDE

    form = LabelledForm(admin_client.get(f"/admin/meetings/{meeting.id}/procedure"))
    form.pick("Languages of the published record", "Welsh only")
    form.submit(admin_client, follow_redirects=True)
    assert meeting.record_languages is RecordLanguages.WELSH
