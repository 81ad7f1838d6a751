"""The officer's inbox and editor, the post holder's approval, templates and versions."""

from __future__ import annotations

import pytest

from portal.domain.questions import answers
from portal.domain.states import QuestionStatus
from portal.extensions import db
from portal.models import AnswerStatus
from tests import factories
from tests.html import banners, error_messages, field_errors, heading, input_value, page, text

S = QuestionStatus


@pytest.fixture
def post(officer, councillor):
    return factories.make_answering_post(holders=[councillor], drafters=[officer])


@pytest.fixture
def question(post):
    meeting = factories.make_meeting(factories.make_committee("Council", posts=[post]))
    return factories.make_question(
        meeting, status=S.ACCEPTED, post=post, text="How many social workers are agency staff?"
    )


def test_the_inbox_lists_answers_to_write_and_to_approve(
    officer_client, councillor_client, question, officer
):
    inbox = officer_client.get("/staff/answers")
    assert heading(inbox) == "Answers"
    assert "PQ 1" in text(inbox)
    assert "Not started" in text(inbox)
    assert "There are no accepted questions" not in text(inbox)

    assert "No answers are waiting for your approval" in text(councillor_client.get("/staff/answers"))
    answers.save_draft(question, by=officer, source="Draft")
    answers.submit_for_approval(question, by=officer)
    waiting = councillor_client.get("/staff/answers")
    assert "PQ 1" in text(waiting)
    assert "Waiting for approval" in text(waiting)


def test_the_editor_saves_versions_and_previews_without_javascript(officer_client, question):
    editor = officer_client.get(f"/staff/answers/questions/{question.id}")
    assert heading(editor) == "Answer to PQ 1"
    assert page(editor).find("textarea", attrs={"name": "body"}) is not None
    assert "How to format an answer" in text(editor)
    assert page(editor).find("script", attrs={"src": lambda s: s and "answer-preview.js" in s}) is not None

    preview = officer_client.post(
        f"/staff/answers/questions/{question.id}",
        data={"body": "Thank you.\n\n- **27** agency staff", "expected_revision": "0", "preview": "Preview"},
    )
    assert "This is a preview" in text(preview)
    assert page(preview).select_one("[data-answer-preview] strong").get_text() == "27"
    assert input_value(preview, "body") == "Thank you.\n\n- **27** agency staff"
    assert question.answer is None

    saved = officer_client.post(
        f"/staff/answers/questions/{question.id}",
        data={"body": "Thank you.\n\n- **27** agency staff", "expected_revision": "0", "save": "Save draft"},
        follow_redirects=True,
    )
    assert "Draft saved as version 1" in " ".join(banners(saved))
    assert (
        question.answer.body_html
        == "<p>Thank you.</p>\n<ul>\n<li><strong>27</strong> agency staff</li>\n</ul>"
    )
    assert input_value(saved, "expected_revision") == "1"


def test_an_empty_answer_is_not_saved(officer_client, question):
    response = officer_client.post(
        f"/staff/answers/questions/{question.id}",
        data={"body": "  ", "expected_revision": "0", "save": "Save"},
    )
    assert error_messages(response) == ["Enter the answer"]


def test_a_save_over_a_newer_version_keeps_what_was_typed(officer_client, question, officer):
    answers.save_draft(question, by=officer, source="Someone else's version")
    db.session.commit()
    response = officer_client.post(
        f"/staff/answers/questions/{question.id}",
        data={"body": "My own careful words", "expected_revision": "0", "save": "Save draft"},
    )
    assert response.status_code == 409
    assert "saved a newer version" in " ".join(field_errors(response))
    assert input_value(response, "body") == "My own careful words"


def test_the_live_preview_returns_sanitised_html(officer_client):
    response = officer_client.post(
        "/staff/answers/preview", data={"body": "**Bold** <img src=x onerror=alert(1)> ++under++"}
    )
    assert response.mimetype == "text/html"
    assert response.get_data(as_text=True) == "<p><strong>Bold</strong>  <u>under</u></p>"
    empty = officer_client.post("/staff/answers/preview", data={"body": ""})
    assert "Nothing to preview yet" in empty.get_data(as_text=True)


def test_draft_return_revise_approve_through_the_pages(officer_client, councillor_client, question):
    url = f"/staff/answers/questions/{question.id}"
    officer_client.post(url, data={"body": "First draft", "expected_revision": "0", "save": "Save draft"})
    sent = officer_client.post(f"{url}/submit", data={"expected_revision": "1"}, follow_redirects=True)
    assert "sent to Cabinet member children and families for approval" in " ".join(banners(sent))
    assert question.status is S.ANSWER_DRAFTED

    review = councillor_client.get(url)
    assert "Approve or return the answer" in text(review)
    no_comment = councillor_client.post(f"{url}/return", data={"expected_revision": "1", "comment": ""})
    assert error_messages(no_comment) == ["Enter what needs to change"]

    returned = councillor_client.post(
        f"{url}/return", data={"expected_revision": "1", "comment": "Add the figures"}, follow_redirects=True
    )
    assert "returned with your comment" in " ".join(banners(returned))
    assert question.answer.status is AnswerStatus.RETURNED

    again = councillor_client.post(f"{url}/approve", data={"expected_revision": "1"}, follow_redirects=True)
    assert "already been returned" in " ".join(banners(again))
    assert question.answer.status is AnswerStatus.RETURNED

    revising = officer_client.get(url)
    assert "Add the figures" in text(revising)
    officer_client.post(
        url, data={"body": "Second draft, with figures", "expected_revision": "1", "save": "Save"}
    )
    officer_client.post(f"{url}/submit", data={"expected_revision": "2"})
    approved = councillor_client.post(
        f"{url}/approve", data={"expected_revision": "2"}, follow_redirects=True
    )
    assert "You have approved the answer to PQ 1" in " ".join(banners(approved))
    assert question.status is S.ANSWER_APPROVED

    versions = officer_client.get(f"{url}/versions?version=1")
    rows = [" ".join(r.get_text(" ").split()) for r in page(versions).select("tbody tr")]
    assert rows[0].startswith("Version 2 (latest)")
    assert "Owen Officer" in rows[1]
    assert "First draft" in text(versions)


def test_people_without_a_part_in_the_question_get_403(signed_in_as, question):
    stranger = signed_in_as(factories.make_user(roles={"officer"}))
    assert stranger.get(f"/staff/answers/questions/{question.id}").status_code == 403
    assert stranger.post(f"/staff/answers/questions/{question.id}/approve").status_code == 403
    assert stranger.get("/staff/answers/questions/999999").status_code == 404


def test_templates_are_managed_and_used(officer_client, clerk_client, question, post):
    listing = officer_client.get("/staff/answers/templates")
    assert post.title in text(listing)
    added = officer_client.post(
        f"/staff/answers/templates/new/{post.id}",
        data={"title": "Opening", "body": "Thank you for your question."},
        follow_redirects=True,
    )
    assert "Template \u201cOpening\u201d added" in " ".join(banners(added))
    [template] = answers.templates_for(post)

    used = officer_client.get(f"/staff/answers/questions/{question.id}?template={template.id}")
    assert input_value(used, "body") == "Thank you for your question."
    assert "has been added below" in text(used)

    edited = clerk_client.post(
        f"/staff/answers/templates/{template.id}",
        data={"title": "Opening words", "body": "Thank you.", "is_active": "y"},
        follow_redirects=True,
    )
    assert "Opening words" in text(edited)
    missing = clerk_client.post(f"/staff/answers/templates/{template.id}", data={"title": "", "body": "x"})
    assert error_messages(missing) == ["Enter a name for the template"]

    other_post = factories.make_post("Leader of the council")
    assert officer_client.get(f"/staff/answers/templates/new/{other_post.id}").status_code == 403


def test_adding_template_text_keeps_what_was_typed(officer_client, officer, question, post):
    """ "Add template text" posts the editor as it is: the template is added to the end of
    what was typed (saved or not), the note is kept, and nothing is saved until Save."""
    template = answers.create_template(post, by=officer, title="Closing", body="Thank you for asking.")
    db.session.commit()
    editor = officer_client.get(f"/staff/answers/questions/{question.id}")
    # The choice and its button belong to the editor's own form, so they send what was typed.
    form = page(editor).select_one("form#answer-editor")
    assert form.select_one("select[name='template']") is not None
    assert form.find("button", string=lambda s: s and "Add template text" in s) is not None

    added = officer_client.post(
        f"/staff/answers/questions/{question.id}",
        data={
            "body": "Not yet saved: 27 of 176 social workers are agency staff.",
            "note": "Figures from March",
            "expected_revision": "0",
            "template": str(template.id),
            "add_template": "Add template text",
        },
    )
    assert added.status_code == 200
    assert input_value(added, "body") == (
        "Not yet saved: 27 of 176 social workers are agency staff.\n\nThank you for asking."
    )
    assert input_value(added, "note") == "Figures from March"
    assert "\u201cClosing\u201d has been added" in text(added)
    assert "not been saved" in text(added)
    assert error_messages(added) == []
    assert question.answer is None  # nothing saved until the officer saves


def test_a_save_never_leaves_an_answer_empty(officer_client, officer, question):
    """Text that the allow-list would reduce to nothing (only markup, only a rule) is
    refused with the text kept, so a saved answer with words is never replaced by nothing."""
    answers.save_draft(question, by=officer, source="There are 31 school crossing patrols.")
    db.session.commit()
    for source in ("<div></div>", "---", "<script>alert(1)</script>"):
        refused = officer_client.post(
            f"/staff/answers/questions/{question.id}",
            data={"body": source, "expected_revision": "1", "save": "Save draft"},
        )
        assert refused.status_code == 200
        assert error_messages(refused) == [
            "Enter the answer as words: what you entered would show nothing once published"
        ]
        assert input_value(refused, "body") == source
        db.session.refresh(question.answer)
        assert question.answer.body_html == "<p>There are 31 school crossing patrols.</p>"
        assert answers.latest_revision_number(question.answer) == 1
