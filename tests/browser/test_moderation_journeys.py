"""Clerks decide questions and officers and post holders answer them, in Chromium,
with axe on every page. After each decision the questioner's tracking page shows it:
the status in plain words, the timeline entry, and what they can do next.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from portal.domain.questions import moderation
from portal.extensions import db
from portal.models import Meeting, Question, User, utcnow
from tests.browser.conftest import leaving_is_questioned

_n = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}.{next(_n)}.{dt.datetime.now().timestamp():.0f}@example.gov.uk"


@pytest.fixture
def council(data):
    """A Council meeting with a post, its officer and its holder, and a clerk."""
    with data() as f:
        clerk = f.make_user(roles={"clerk"}, email=unique("clerk"), first_name="Sarah", last_name="Whitlock")
        officer = f.make_user(
            roles={"officer"}, email=unique("officer"), first_name="Daniel", last_name="Okafor"
        )
        holder = f.make_user(
            roles={"councillor"},
            email=unique("cllr"),
            first_name="Priya",
            last_name="Natarajan",
            ward="Aldbury",
        )
        post = f.make_post(
            f"Cabinet member for children, the moderation journeys {next(_n)}",
            holders=[holder],
            drafters=[officer],
        )
        committee = f.make_committee("Council", posts=[post])
        meeting = f.make_meeting(committee, days_ahead=25)
        people = {"clerk": clerk.email, "officer": officer.email, "holder": holder.email, "post": post.title}
        db.session.flush()
        people["meeting_id"] = meeting.id
    return people


def ask(data, council, text: str, first_name: str = "Rachel", **kwargs) -> tuple[int, str]:
    with data() as f:
        question = f.make_question(
            db.session.get(Meeting, council["meeting_id"]),
            text=text,
            first_name=first_name,
            last_name="Ashdown",
            received_at=utcnow() - dt.timedelta(hours=next(_n)),
            **kwargs,
        )
        db.session.flush()
        found = question.id, question.reference
    return found


def track(page: Page, live_server: str, data, question_reference: str, axe) -> None:
    """Open the questioner's private tracking page, as from the link in their e-mail."""
    with data():
        token = db.session.scalar(
            sa.select(Question).where(Question.reference == question_reference)
        ).tracking_token
    page.goto(f"{live_server}/questions/{token}")
    expect(page.locator("h1")).to_have_text(f"Your question {question_reference}")
    axe(page)


def open_question(page: Page, live_server: str, reference: str, axe) -> None:
    page.goto(f"{live_server}/staff/moderation")
    expect(page.locator("h1")).to_have_text("Moderation")
    axe(page)
    page.get_by_role("link", name=reference).click()
    expect(page.locator("h1")).to_contain_text(reference)
    axe(page)


def test_a_clerk_accepts_a_question(page: Page, live_server, data, council, sign_in, axe):
    question_id, reference = ask(data, council, "How many children's social workers are agency staff?")
    sign_in(page, council["clerk"])
    expect(page.locator("h1")).to_have_text("Staff home")
    axe(page)
    open_question(page, live_server, reference, axe)
    page.get_by_role("link", name="Accept").click()
    expect(page.locator("h1")).to_have_text(f"Accept {reference}")
    axe(page)
    page.get_by_label(council["post"]).check()
    page.get_by_role("button", name="Accept question").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{reference} accepted as PQ 1")
    axe(page)  # on the next question waiting, or the queue
    page.goto(f"{live_server}/staff/moderation/questions/{question_id}")
    expect(page.locator("h1")).to_contain_text("PQ 1")

    page.get_by_role("link", name="change order").click()
    expect(page.locator("h1")).to_have_text(re.compile(r"^PQ list( and MQ list)?$"))
    axe(page)

    # The questioner sees it on their tracking page.
    track(page, live_server, data, reference, axe)
    expect(page.locator(".app-track-status")).to_contain_text("Accepted – an answer is being prepared")
    expect(page.locator(".app-timeline__title").first).to_have_text("Question accepted")
    expect(page.locator("main")).to_contain_text(f"{reference} (PQ 1)")
    expect(page.locator("main")).to_contain_text(council["post"])


def test_a_clerk_rejects_a_question_with_edited_wording(page: Page, live_server, data, council, sign_in, axe):
    question_id, reference = ask(data, council, "Why did the social worker Ms Patel close our case?")
    sign_in(page, council["clerk"])
    open_question(page, live_server, reference, axe)
    expect(page.locator(".app-hints")).to_contain_text("May name a member of staff")
    page.get_by_role("link", name="Reject").click()
    expect(page.locator("h1")).to_contain_text("Reject")
    axe(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select why the question cannot be accepted")
    axe(page)
    page.get_by_label("Names a member of staff").check()
    page.get_by_role("button", name="Continue").click()
    explanation = page.get_by_label("What the questioner will be told")
    expect(explanation).to_have_value(
        "Your question names or identifies a member of staff. Questions at public meetings must not do "
        "this. You can ask again without naming anyone."
    )
    axe(page)
    explanation.fill("Your question names a member of staff. Please ask it again without the name.")
    page.get_by_label("Note for democratic services (optional)").fill("Named the family's social worker")
    page.get_by_role("button", name="Reject question").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("rejected: Names a member of staff")
    page.goto(f"{live_server}/staff/moderation/questions/{question_id}")
    expect(page.locator("main")).to_contain_text("Please ask it again without the name.")
    expect(page.locator("main")).to_contain_text("Named the family's social worker")
    axe(page)

    # The questioner is told why, in the council's public words, and may fix and resubmit.
    track(page, live_server, data, reference, axe)
    expect(page.locator(".app-track-status")).to_contain_text("Not accepted")
    expect(page.locator(".app-timeline__title").first).to_have_text("Question not accepted")
    main = page.locator("main")
    expect(main).to_contain_text("Why your question was not accepted")
    expect(main).to_contain_text("Your question names or identifies a member of staff.")
    expect(main).to_contain_text("Please ask it again without the name.")
    expect(main).not_to_contain_text("Named the family's social worker")  # the internal note stays inside
    expect(main).to_contain_text("You can fix your question and send it again.")
    page.get_by_role("button", name="Fix and send again").click()
    expect(page.locator("textarea")).to_have_value("Why did the social worker Ms Patel close our case?")
    axe(page)


def test_a_clerk_asks_for_clarification(page: Page, live_server, data, council, sign_in, axe):
    question_id, reference = ask(data, council, "What is happening about the school?")
    sign_in(page, council["clerk"])
    open_question(page, live_server, reference, axe)
    page.get_by_role("link", name="Ask for clarification").click()
    expect(page.locator("h1")).to_have_text("Ask the questioner to clarify")
    axe(page)
    page.get_by_role("button", name="Ask for clarification").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what the questioner needs to clarify")
    axe(page)
    page.get_by_label("What does the questioner need to clarify?").fill("Which school do you mean?")
    page.get_by_role("button", name="Ask for clarification").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("asked to clarify")
    page.goto(f"{live_server}/staff/moderation/questions/{question_id}")
    expect(page.locator(".govuk-tag").first).to_have_text("Clarification requested")
    expect(page.locator(".govuk-inset-text")).to_contain_text("Which school do you mean?")
    axe(page)

    # The questioner reads the message and changes the question from the tracking page.
    track(page, live_server, data, reference, axe)
    expect(page.locator(".app-track-status")).to_contain_text(
        "The council has asked you to clarify your question"
    )
    expect(page.locator(".app-timeline__title").first).to_have_text("The council asked you to clarify")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Which school do you mean?")
    page.get_by_role("button", name="Change your question").click()
    expect(page.locator("h1")).to_have_text("Change your question")
    axe(page)
    page.get_by_label("Your question").fill("What is happening about the roof of Westcote Primary School?")
    page.get_by_role("button", name="Send my changed question").click()
    expect(page.locator(".app-track-status")).to_contain_text(
        "Received – being checked by democratic services"
    )
    expect(page.locator(".app-timeline")).to_contain_text("You changed your question")
    expect(page.locator("main")).to_contain_text("roof of Westcote Primary School")
    axe(page)


def test_a_clerk_edits_a_question_for_publication(page: Page, live_server, data, council, sign_in, axe):
    _, reference = ask(data, council, "My son Jack (9) has had four social workers this year. Why?")
    sign_in(page, council["clerk"])
    open_question(page, live_server, reference, axe)
    page.get_by_role("link", name="Edit for publication").click()
    expect(page.locator("h1")).to_contain_text("for publication")
    axe(page)
    page.get_by_label("Text to publish").fill(
        "My son [name removed] has had four social workers this year. Why?"
    )
    page.get_by_label("Why are you editing it?").fill("Names a child")
    page.get_by_role("button", name="Save text for publication").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("text for publication")
    expect(page.locator(".app-diff del")).to_contain_text("Jack (9)")
    expect(page.locator(".app-diff ins")).to_contain_text("[name removed]")
    expect(page.locator(".app-question-text").first).to_contain_text("My son Jack (9)")
    axe(page)

    page.get_by_role("link", name="Audit log").click()
    expect(page.locator("tbody tr").first).to_contain_text("Text edited for publication")
    axe(page)


def test_draft_return_revise_approve(page: Page, live_server, data, council, sign_in, axe):
    question_id, _ = ask(data, council, "How many children are waiting for an EHCP assessment?")
    with data():
        question = db.session.get(Question, question_id)
        clerk = db.session.scalar(sa.select(User).where(User.email == council["clerk"]))
        moderation.accept(question, by=clerk, post=question.meeting.committee.posts[0])

    # The officer drafts, with the live preview, and sends it for approval.
    sign_in(page, council["officer"])
    expect(page.locator("h1")).to_have_text("Staff home")
    axe(page)
    page.get_by_role("link", name="Answers", exact=True).click()
    expect(page.locator("h1")).to_have_text("Answers")
    axe(page)
    page.get_by_role("link", name=re.compile(r"^PQ 1 ?: open the answer")).click()
    expect(page.locator("h1")).to_have_text("Answer to PQ 1")
    expect(page.get_by_role("button", name="Preview")).to_be_hidden()  # the live preview took over
    page.get_by_label("Answer", exact=True).fill(
        "Thank you for your question.\n\n- **176** children are waiting\n- ++61%++ finished in 20 weeks\n\n"
        "| Quarter | Waiting |\n| --- | --- |\n| Quarter 1 | 176\\* |\n\n\\* For clarity, at the end of June."
    )
    preview = page.locator("[data-answer-preview]")
    expect(preview.locator("strong")).to_have_text("176")
    expect(preview.locator("u")).to_have_text("61%")
    expect(preview.locator("td").last).to_have_text("176*")
    page.locator(".app-format-help summary").click()
    axe(page)
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Draft saved as version 1")
    page.get_by_role("button", name="Send for approval").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("for approval")
    axe(page)
    page.get_by_role("button", name="Sign out").click()

    # The post holder returns it with a comment.
    sign_in(page, council["holder"])
    expect(page.locator("main")).to_contain_text("Answers waiting for your approval")
    axe(page)
    page.get_by_role("link", name=re.compile(r"^PQ 1 ?: open the answer")).first.click()
    expect(page.locator(".app-answer--boxed strong")).to_have_text("176")
    axe(page)
    page.get_by_label("What needs to change?").fill("Please add the figure for the previous quarter.")
    page.get_by_role("button", name="Return for changes").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text("returned with your comment")
    axe(page)
    page.get_by_role("button", name="Sign out").click()

    # The officer revises and sends it again.
    sign_in(page, council["officer"])
    page.goto(f"{live_server}/staff/answers/questions/{question_id}")
    expect(page.locator("main")).to_contain_text("Please add the figure for the previous quarter.")
    axe(page)
    page.get_by_label("Answer", exact=True).fill(
        "Thank you for your question.\n\n"
        "| Quarter | Waiting |\n| --- | --- |\n| Quarter 4 | 198 |\n| Quarter 1 | 176 |"
    )
    page.get_by_label("What changed in this version (optional)").fill("Added the previous quarter")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Send for approval").click()
    page.get_by_role("link", name="2 saved versions").click()
    expect(page.locator("tbody tr").first).to_contain_text("Added the previous quarter")
    axe(page)
    page.get_by_role("button", name="Sign out").click()

    # The holder approves.
    sign_in(page, council["holder"])
    page.goto(f"{live_server}/staff/answers/questions/{question_id}")
    page.get_by_role("button", name="Approve answer").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text("You have approved the answer")
    expect(page.locator(".govuk-tag").first).to_have_text("Approved")
    axe(page)


def test_answer_templates_pages(page: Page, live_server, council, sign_in, axe):
    sign_in(page, council["officer"])
    page.goto(f"{live_server}/staff/answers/templates")
    expect(page.locator("h1")).to_have_text("Answer templates")
    axe(page)
    page.get_by_role("link", name=f"Add a template for {council['post']}").click()
    expect(page.locator("h1")).to_have_text("Add an answer template")
    axe(page)
    page.get_by_role("button", name="Save template").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for the template")
    axe(page)
    page.get_by_label("Name").fill("Opening")
    page.get_by_label("Template text").fill("Thank you for your question.")
    page.get_by_role("button", name="Save template").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Opening")
    axe(page)


def _accept_the_ticked(page: Page, council, references: list[str], *, keyboard: bool) -> None:
    for reference in references:
        box = page.get_by_label(f"Select {reference}")
        if keyboard:
            box.focus()
            page.keyboard.press("Space")
        else:
            box.check()
    page.get_by_label("Post that will answer them").select_option(label=council["post"])
    page.get_by_role("button", name="Accept selected questions").click()


def test_a_clerk_decides_one_question_after_another_then_accepts_the_rest_together(
    page: Page, live_server, data, council, sign_in, axe
):
    """Forty questions before the deadline: each decision leads to the next question, and
    the straightforward ones are accepted together, ticked by keyboard."""
    asked = [ask(data, council, f"Question {n} about school transport in Westcote?") for n in range(4)]
    asked.sort(key=lambda pair: pair[0])
    sign_in(page, council["clerk"])
    page.goto(f"{live_server}/staff/moderation?meeting={council['meeting_id']}")
    # The oldest is asked about first (ask() dates each one an hour earlier than the last).
    oldest = asked[-1][1]
    page.get_by_role("link", name=oldest).click()
    page.get_by_role("link", name="Accept").click()
    page.get_by_label(council["post"]).check()
    page.get_by_role("button", name="Accept question").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"{oldest} accepted as PQ 1, to be answered by {council['post']}. This is the next question"
    )
    expect(page.locator("h1")).to_contain_text(asked[-2][1])
    axe(page)

    page.goto(f"{live_server}/staff/moderation?meeting={council['meeting_id']}")
    page.get_by_role("button", name="Accept selected questions").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the questions to accept")
    expect(summary).to_contain_text("Select the post that will answer the questions")
    axe(page)
    rest = [reference for _, reference in asked[:-1]]
    _accept_the_ticked(page, council, rest, keyboard=True)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "3 questions accepted as PQ 2, PQ 3, PQ 4"
    )
    expect(page.locator("h2", has_text="questions").first).to_have_text("0 questions")
    axe(page)


def test_accepting_several_works_without_javascript(browser, live_server, data, council, sign_in, axe):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    asked = [ask(data, council, f"Question {n} about library opening hours?") for n in range(2)]
    sign_in(page, council["clerk"])
    page.goto(f"{live_server}/staff/moderation?meeting={council['meeting_id']}")
    _accept_the_ticked(page, council, [reference for _, reference in asked], keyboard=False)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 questions accepted as")
    context.close()


def test_the_answer_editor_keeps_typed_text_when_a_template_is_added_and_asks_before_leaving(
    page: Page, live_server, data, council, sign_in, axe
):
    from portal.domain.questions import answers
    from portal.domain.states import QuestionStatus
    from portal.models import Post

    with data() as f:
        post = db.session.scalar(sa.select(Post).where(Post.title == council["post"]))
        officer = db.session.scalar(sa.select(User).where(User.email == council["officer"]))
        question = f.make_question(
            db.session.get(Meeting, council["meeting_id"]),
            status=QuestionStatus.ACCEPTED,
            post=post,
            text="How many school crossing patrols are there?",
        )
        answers.create_template(post, by=officer, title="Closing words", body="Thank you for asking.")
        db.session.flush()
        question_id = question.id

    sign_in(page, council["officer"])
    page.goto(f"{live_server}/staff/answers/questions/{question_id}")
    assert not leaving_is_questioned(page)
    body = page.get_by_label("Answer", exact=True)
    body.fill("There are 31 school crossing patrols.")
    assert leaving_is_questioned(page)

    # The template goes on the end of the unsaved text; nothing is dropped or saved.
    page.get_by_label("Start from a template").select_option(label="Closing words")
    page.get_by_role("button", name="Add template text").click()
    expect(page.locator(".app-notice")).to_contain_text("has been added below")
    expect(body).to_have_value("There are 31 school crossing patrols.\n\nThank you for asking.")
    assert leaving_is_questioned(page)  # still not saved
    axe(page)

    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text("Draft saved as version 1")
    expect(body).to_have_value("There are 31 school crossing patrols.\n\nThank you for asking.")
    assert not leaving_is_questioned(page)
