"""The meeting console: each question's form saves on its own, with or without JavaScript."""

from __future__ import annotations

import datetime as dt

from portal.domain.meetings import console_pages
from portal.domain.record import publishing
from portal.formatting import to_london
from portal.models import Arrival, PutOutcome
from tests.document_text import docx_text, html_items
from tests.html import banners, error_messages, field_errors, heading, input_value, page
from tests.labelled_form import LabelledForm
from tests.record_factories import ready_meeting


def _full_form(**fields: object) -> dict:
    """What a browser without JavaScript sends: every field of the question's form."""
    form = {
        "_full": "1",
        "read_by": "",
        "supplementary": "",
        "supplementary_answered_by": "",
        "supplementary_answer": "",
        "written_answer_due_on-day": "",
        "written_answer_due_on-month": "",
        "written_answer_due_on-year": "",
        "actions-0-text": "",
        "actions-0-owner": "",
        "noted_comments-0-heading": "",
        "noted_comments-0-body": "",
    }
    form.update(fields)
    return form


def test_the_console_lists_questions_in_number_order(clerk_client):
    meeting, _ = ready_meeting(public=2, member=1)
    response = clerk_client.get(f"/staff/console/meetings/{meeting.id}")
    assert heading(response) == "Meeting console"
    assert [h.contents[0].strip() for h in page(response).select("section.app-console-question h2")] == [
        "PQ 1",
        "PQ 2",
        "MQ 1",
    ]
    forms = page(response).select("form[data-module='app-autosave']")
    assert len(forms) == 4  # the meeting's times, then one form per question
    assert all(form.select_one("input[name='csrf_token']") for form in forms)
    assert all(form.select_one("button[type='submit']") for form in forms)  # works without JavaScript


def test_saving_a_question_without_javascript(clerk_client):
    meeting, (question, *_) = ready_meeting(public=1, member=0)
    response = clerk_client.post(
        f"/staff/console/questions/{question.id}",
        data=_full_form(
            put="read_on_behalf",
            read_by="Chair",
            supplementary="Will the figures be published **every quarter**?",
            supplementary_answered_by="Cabinet member children and families",
            supplementary_answer="Yes.",
            written_answer_promised="y",
            **{
                "actions-0-text": "The Committee to ask for quarterly figures.",
                "actions-0-owner": "The Committee",
            },
        ),
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/staff/console/meetings/{meeting.id}?question={question.id}#pq-1"
    )
    outcome = question.outcome
    assert (outcome.put, outcome.read_by, outcome.written_answer_promised) == (
        PutOutcome.READ_ON_BEHALF,
        "Chair",
        True,
    )
    assert [a.text_source for a in question.actions] == ["The Committee to ask for quarterly figures."]
    followed = clerk_client.get(response.headers["Location"])
    assert banners(followed)[0].startswith("Success PQ 1 saved at")
    assert input_value(followed, "read_by") == "Chair"

    # Unticking the box (absent from a full form) withdraws the promise.
    clerk_client.post(
        f"/staff/console/questions/{question.id}", data=_full_form(put="read_on_behalf", read_by="Chair")
    )
    assert question.outcome.written_answer_promised is False
    assert question.actions == []


def test_errors_are_shown_and_nothing_typed_is_lost(clerk_client):
    _, (question, *_) = ready_meeting(public=1, member=0)
    response = clerk_client.post(
        f"/staff/console/questions/{question.id}",
        data=_full_form(
            put="read_on_behalf",
            supplementary="A long supplementary question typed during the meeting.",
            **{
                "written_answer_due_on-day": "31",
                "written_answer_due_on-month": "2",
                "written_answer_due_on-year": "2030",
            },
        ),
    )
    assert response.status_code == 422
    assert error_messages(response) == [
        "The date the written answer is due must be a real date",
    ]
    summary_links = [a["href"] for a in page(response).select(".govuk-error-summary a")]
    assert summary_links == [f"#q{question.id}-written_answer_due_on"]
    assert page(response).select_one(f"#q{question.id}-supplementary").get_text() == (
        "A long supplementary question typed during the meeting."
    )
    assert question.outcome is None

    missing_reader = clerk_client.post(
        f"/staff/console/questions/{question.id}", data=_full_form(put="read_on_behalf")
    )
    assert error_messages(missing_reader) == ["Enter who read the question out, for example Chair"]
    assert field_errors(missing_reader) == ["Enter who read the question out, for example Chair"]


def test_autosave_sends_only_what_changed(clerk_client):
    _, (question, *_) = ready_meeting(public=1, member=0)
    headers = {"X-Requested-With": "fetch", "Accept": "application/json"}
    url = f"/staff/console/questions/{question.id}"
    first = clerk_client.post(url, data={"_partial": "1", "put": "put_by_questioner"}, headers=headers)
    assert first.status_code == 200
    assert first.json["saved"] is True
    assert first.json["saved_at"]
    second = clerk_client.post(url, data={"_partial": "1", "supplementary": "Why?"}, headers=headers)
    assert second.json["changed"] == ["supplementary"]
    assert question.outcome.put is PutOutcome.PUT_BY_QUESTIONER  # untouched by the second save

    promise = clerk_client.post(url, data={"_partial": "1", "written_answer_promised": "y"}, headers=headers)
    assert promise.json["changed"] == ["written_answer"]
    meeting_day = to_london(question.meeting.starts_at).date()
    assert question.outcome.written_answer_due_on == meeting_day + dt.timedelta(days=28)


def test_choosing_read_out_on_their_behalf_saves_before_the_reader_is_typed(clerk_client):
    """The clerk picks "Read out on their behalf" first and types who read it a moment
    later: the choice is kept as a draft, with a reminder, and completed by the next save."""
    _, (question, *_) = ready_meeting(public=1, member=0)
    headers = {"X-Requested-With": "fetch", "Accept": "application/json"}
    url = f"/staff/console/questions/{question.id}"
    chosen = clerk_client.post(url, data={"_partial": "1", "put": "read_on_behalf"}, headers=headers)
    assert chosen.status_code == 200
    assert chosen.json["saved"] is True
    assert chosen.json["reminders"] == {
        f"q{question.id}-read_by": "Enter who read the question out, for example Chair"
    }
    assert question.outcome.put is PutOutcome.READ_ON_BEHALF
    assert not question.outcome.read_by

    console = clerk_client.get(f"/staff/console/meetings/{question.meeting_id}")
    assert page(console).select_one(f"#q{question.id}-put-on-behalf").has_attr("checked")

    named = clerk_client.post(url, data={"_partial": "1", "read_by": "Chair"}, headers=headers)
    assert named.json["saved"] is True
    assert named.json["reminders"] == {}
    assert (question.outcome.put, question.outcome.read_by) == (PutOutcome.READ_ON_BEHALF, "Chair")
    titles = [event.title for event in question.events if event.verb == "put_at_meeting"]
    assert titles == [
        "Read out at the meeting on the questioner's behalf (who read it is not yet recorded)",
        "Read out at the meeting on the questioner's behalf by Chair",
    ]


def test_recording_the_meetings_times(clerk_client):
    meeting, _ = ready_meeting(public=1, member=0)
    url = f"/staff/console/meetings/{meeting.id}/times"
    response = clerk_client.post(url, data={"started_at": "2:32pm", "ended_at": "16:05"})
    assert response.status_code == 302
    assert (to_london(meeting.actual_started_at).time(), to_london(meeting.actual_ended_at).time()) == (
        dt.time(14, 32),
        dt.time(16, 5),
    )
    refused = clerk_client.post(url, data={"started_at": "half two", "ended_at": "4pm"})
    assert refused.status_code == 422
    assert error_messages(refused) == ["Enter the time the meeting started as, for example, 2:30pm"]
    assert input_value(refused, "started_at") == "half two"
    backwards = clerk_client.post(url, data={"started_at": "4pm", "ended_at": "3pm"})
    assert error_messages(backwards) == ["The time the meeting ended must be after it started"]


def test_only_clerks_run_the_console(officer_client):
    meeting, (question, *_) = ready_meeting(public=1, member=0)
    assert officer_client.get(f"/staff/console/meetings/{meeting.id}").status_code == 403
    assert (
        officer_client.post(f"/staff/console/questions/{question.id}", data={"put": "not_put"}).status_code
        == 403
    )
    assert question.outcome is None


def test_the_console_reads_dates_and_times_by_the_portals_one_rule(clerk_client):
    meeting, (question, *_) = ready_meeting(public=1, member=0)
    short_year = clerk_client.post(
        f"/staff/console/questions/{question.id}",
        data=_full_form(
            **{
                "written_answer_due_on-day": "3",
                "written_answer_due_on-month": "3",
                "written_answer_due_on-year": "30",
            }
        ),
    )
    assert short_year.status_code == 422
    assert error_messages(short_year) == ["Year must include 4 numbers"]
    assert question.outcome is None

    ambiguous = clerk_client.post(f"/staff/console/meetings/{meeting.id}/times", data={"started_at": "3:00"})
    assert ambiguous.status_code == 422
    assert error_messages(ambiguous) == ["Enter the time the meeting started as, for example, 2:30pm"]
    assert input_value(ambiguous, "started_at") == "3:00"
    assert meeting.actual_started_at is None


def test_a_console_save_never_turns_words_into_nothing(clerk_client):
    _, (question, *_) = ready_meeting(public=1, member=0)
    headers = {"X-Requested-With": "fetch", "Accept": "application/json"}
    url = f"/staff/console/questions/{question.id}"
    words = {"_partial": "1", "supplementary_answer": "Yes, from April."}
    clerk_client.post(url, data=words, headers=headers)
    markup = {"_partial": "1", "supplementary_answer": "<div></div>"}
    refused = clerk_client.post(url, data=markup, headers=headers)
    assert refused.status_code == 422
    nothing = "Enter words: what you entered would show nothing once published"
    assert refused.json["errors"] == {f"q{question.id}-supplementary_answer": nothing}
    assert question.outcome.supplementary_answer_html == "<p>Yes, from April.</p>"
    cleared = clerk_client.post(url, data={"_partial": "1", "supplementary_answer": ""}, headers=headers)
    assert cleared.json["saved"] is True
    assert question.outcome.supplementary_answer_html == ""


def _times(client, console: str) -> None:
    times = LabelledForm(client.get(console), button="Save meeting times")
    times.fill("Time the meeting started", "2:30pm").fill("Time the meeting ended", "4pm")
    times.submit(client)


def test_the_clerk_records_how_a_supplementary_arrived_and_the_record_prints_it(app, clerk, clerk_client):
    meeting, (question, *_) = ready_meeting(public=1, member=0)
    console = f"/staff/console/meetings/{meeting.id}"
    form = LabelledForm(clerk_client.get(console), button="Save PQ 1")
    form.pick("At the meeting, the question was", "Put by the questioner")
    form.fill("Supplementary question", "Will the figures be published every quarter?")
    form.fill("Answered by", "Cabinet member children and families")
    form.fill("Answer to the supplementary question", "Yes.")
    form.pick("How the supplementary question arrived", "Delivered verbally at the meeting")
    saved = form.submit(clerk_client, follow_redirects=True)
    assert banners(saved)[0].startswith("Success PQ 1 saved at")
    assert question.outcome.supplementary_arrival is Arrival.VERBAL
    assert LabelledForm(saved, button="Save PQ 1").values["supplementary_arrival"] == ["verbal"]

    _times(clerk_client, console)
    published = publishing.publish_appendix(meeting, by=clerk)
    files = {f.format: f.content for f in published.files}
    assert "Delivered verbally at the meeting." in html_items(files["html"])["PQ 1"]
    assert "Delivered verbally at the meeting." in docx_text(files["docx"])
    item = published.model["sections"][0]["items"][0]
    assert item["supplementary"]["arrival"]["label"] == "Delivered verbally at the meeting"

    # "Not recorded" takes it off again; the committee's procedure may leave it out anyway.
    form = LabelledForm(clerk_client.get(console), button="Save PQ 1")
    form.pick("How the supplementary question arrived", "Not recorded")
    form.submit(clerk_client)
    assert question.outcome.supplementary_arrival is None


def test_a_supplementary_arrival_not_offered_is_refused_and_nothing_typed_is_lost(clerk_client):
    meeting, (question, *_) = ready_meeting(public=1, member=0)
    form = LabelledForm(clerk_client.get(f"/staff/console/meetings/{meeting.id}"), button="Save PQ 1")
    form.fill("Supplementary question", "Typed during the meeting.")
    form.values["supplementary_arrival"] = ["by pigeon"]
    response = form.submit(clerk_client)
    assert response.status_code == 422
    assert error_messages(response) == ["Select how the supplementary question arrived"]
    typed = page(response).select_one(f"#q{question.id}-supplementary").get_text()
    assert typed == "Typed during the meeting."
    assert question.outcome is None


def test_the_record_leaves_out_how_a_supplementary_arrived_where_the_procedure_says(app, clerk, clerk_client):
    meeting, (question, *_) = ready_meeting(public=1, member=0, prints_arrival=False)
    console = f"/staff/console/meetings/{meeting.id}"
    _times(clerk_client, console)
    form = LabelledForm(clerk_client.get(console), button="Save PQ 1")
    form.pick("At the meeting, the question was", "Put by the questioner")
    form.fill("Supplementary question", "Will the figures be published every quarter?")
    form.fill("Answered by", "Cabinet member children and families")
    form.fill("Answer to the supplementary question", "Yes.")
    form.pick("How the supplementary question arrived", "Read out on their behalf")
    form.submit(clerk_client)
    assert question.outcome.supplementary_arrival is Arrival.READ_OUT
    published = publishing.publish_appendix(meeting, by=clerk)
    files = {f.format: f.content for f in published.files}
    assert "Read out on their behalf." not in html_items(files["html"])["PQ 1"]
    assert published.model["sections"][0]["items"][0]["supplementary"]["arrival"] is None


def _shown(response) -> list[str]:
    return [h.contents[0].strip() for h in page(response).select("section.app-console-question h2")]


def test_a_long_list_is_shown_a_page_at_a_time_from_the_question_still_to_record(clerk_client, monkeypatch):
    monkeypatch.setattr(console_pages, "PER_PAGE", 2)
    meeting, questions = ready_meeting(public=5, member=0)
    console = f"/staff/console/meetings/{meeting.id}"

    first = clerk_client.get(console)
    assert _shown(first) == ["PQ 1", "PQ 2"]
    jump = [a.get_text() for a in page(first).select(".app-console-jump__list a")]
    assert jump == ["Meeting times", "PQ 1", "PQ 2", "PQ 3", "PQ 4", "PQ 5"]
    # A question on another page is linked to its page; one on this page, to its place here.
    hrefs = [a["href"] for a in page(first).select(".app-console-jump__list a")]
    assert hrefs[1] == "#pq-1"
    assert hrefs[5] == f"{console}?question={questions[4].id}#pq-5"
    assert "page 1 of 3" in page(first).title.get_text()
    assert page(first).select_one(".govuk-pagination__next a")["href"] == f"{console}?page=2"
    assert "PQ 3 to PQ 4" in page(first).select_one(".govuk-pagination__next").get_text()

    for question in questions[:3]:
        saved = clerk_client.post(
            f"/staff/console/questions/{question.id}", data=_full_form(put="put_by_questioner")
        )
        assert saved.status_code == 302
    # Saving without JavaScript comes back to the page holding the question.
    assert _shown(clerk_client.get(saved.headers["Location"])) == ["PQ 3", "PQ 4"]
    # Opened afresh, the console shows the page of the first question still to record.
    assert _shown(clerk_client.get(console)) == ["PQ 3", "PQ 4"]
    assert _shown(clerk_client.get(f"{console}?page=3")) == ["PQ 5"]
    assert _shown(clerk_client.get(f"{console}?page=99")) == ["PQ 5"]
    assert _shown(clerk_client.get(f"{console}?question={questions[0].id}")) == ["PQ 1", "PQ 2"]


def test_a_refused_save_shows_the_page_holding_its_question_with_what_was_typed(clerk_client, monkeypatch):
    monkeypatch.setattr(console_pages, "PER_PAGE", 2)
    _, questions = ready_meeting(public=5, member=0)
    last = questions[4]
    refused = clerk_client.post(
        f"/staff/console/questions/{last.id}",
        data=_full_form(put="read_on_behalf", supplementary="Typed at the meeting."),
    )
    assert refused.status_code == 422
    assert _shown(refused) == ["PQ 5"]
    assert page(refused).select_one(f"#q{last.id}-supplementary").get_text() == "Typed at the meeting."
    assert [a["href"] for a in page(refused).select(".govuk-error-summary a")] == [f"#q{last.id}-read_by"]
