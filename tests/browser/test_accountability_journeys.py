"""After the meeting, in the browser by labels, with and without JavaScript, axe on every
page: an action tracked to done, "was your question answered?", a review of a rejection,
and webcast moments in the console."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from portal.domain.questions import moderation
from portal.extensions import db
from portal.models import (
    ActionStatus,
    Meeting,
    MeetingAction,
    Membership,
    MembershipRole,
    Question,
    QuestionOutcome,
    utcnow,
)
from tests.browser.conftest import fresh_code
from tests.integration.test_actions import minutes_with_actions
from tests.record_factories import ready_meeting

_n = itertools.count(1)
SHOTS = Path(__file__).resolve().parents[2] / ".screenshots"


def shots(page: Page, name: str) -> None:
    """Screenshots at desktop and phone widths, to look at."""
    SHOTS.mkdir(exist_ok=True)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def no_js_sign_in(browser, live_server, live_app, email):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    if page.url.endswith("/staff/sign-in/code"):
        page.get_by_label("Enter the code from your authenticator app").fill(fresh_code(live_app, email))
        page.get_by_role("button", name="Continue").click()
    return context, page


def test_an_action_is_given_an_owner_then_tracked_to_done_without_javascript(
    browser, page: Page, live_server, live_app, data, sign_in, axe
):
    n = next(_n)
    with data() as f:
        clerk = f.make_user(roles={"clerk"}, email=f"actions.clerk.{n}@example.gov.uk")
        director = f.make_user(roles={"officer"}, email=f"director.{n}@example.gov.uk")
        meeting, question, post = minutes_with_actions(clerk, owner=director)
        post.title = f"Director for Children and Young People {n}"
        action_id, slug, post_title = question.actions[0].id, meeting.committee.slug, post.title
        clerk_email, director_email = clerk.email, director.email

    sign_in(page, clerk_email)
    page.goto(f"{live_server}/staff/actions/{action_id}")
    expect(page.locator("h1")).to_have_text("PQ 1 action a)")
    axe(page)
    page.get_by_label("Post responsible").select_option(label=post_title)
    owner = page.locator("form", has=page.get_by_role("button", name="Save owner and due date"))
    owner.get_by_label("Day").fill("13")
    owner.get_by_label("Month").fill("1")
    owner.get_by_label("Year").fill("2025")
    page.get_by_role("button", name="Save owner and due date").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The date the action is due must be on or after the meeting"
    )
    axe(page)
    owner = page.locator("form", has=page.get_by_role("button", name="Save owner and due date"))
    owner.get_by_label("Day").fill("28")
    owner.get_by_label("Month").fill("2")
    page.get_by_role("button", name="Save owner and due date").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("PQ 1 action a) saved")
    page.goto(f"{live_server}/staff/actions")
    axe(page)

    context, owner_page = no_js_sign_in(browser, live_server, live_app, director_email)
    owner_page.goto(f"{live_server}/staff/")
    expect(owner_page.locator("#your-actions")).to_be_visible()
    owner_page.get_by_role("link", name="PQ 1 action a)").first.click()
    progress = owner_page.locator("form", has=owner_page.get_by_role("button", name="Save update"))
    progress.get_by_label("Day").fill("3")
    progress.get_by_label("Month").fill("2")
    progress.get_by_label("Year").fill("2025")
    owner_page.get_by_label("Progress made").fill("Figures requested from the directorate.")
    owner_page.get_by_role("button", name="Save update").click()
    expect(owner_page.locator(".govuk-notification-banner--success")).to_contain_text("Progress on PQ 1")
    done = owner_page.locator("form", has=owner_page.get_by_role("button", name="Mark as done"))
    done.get_by_label("Day").fill("10")
    done.get_by_label("Month").fill("2")
    done.get_by_label("Year").fill("2025")
    owner_page.get_by_label("What was done (optional)").fill("The figures were sent to the committee.")
    owner_page.get_by_role("button", name="Mark as done").click()
    expect(owner_page.locator(".govuk-notification-banner--success")).to_contain_text("marked as done")
    context.close()
    with live_app.app_context():
        assert db.session.get(MeetingAction, action_id).status is ActionStatus.DONE

    page.goto(f"{live_server}/committees/{slug}/actions")
    expect(page.locator(f"#action-{action_id}")).to_contain_text("Done")
    axe(page)
    shots(page, "action-tracker")
    page.goto(f"{live_server}/staff/actions/{action_id}")
    shots(page, "action-page")


def test_a_questioner_says_whether_the_answer_answered_them_without_javascript(
    browser, page: Page, live_server, data, axe
):
    with data() as f:
        question = f.make_published_question()
        token = question.tracking_token
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(f"{live_server}/questions/{token}")
    plain.get_by_role("button", name="Say whether it answered your question").click()
    plain.get_by_role("button", name="Send my response").click()
    expect(plain.locator(".govuk-error-summary")).to_contain_text(
        "Select whether the answer answered your question"
    )
    plain.get_by_label("It partly answered my question").check()
    plain.get_by_label("Tell us why (optional)").fill("It gave the average, not the range.")
    plain.get_by_role("button", name="Send my response").click()
    expect(plain.locator("#feedback + p")).to_contain_text("You said: It partly answered my question")
    context.close()

    page.goto(f"{live_server}/questions/{token}/feedback")
    expect(page.locator("h1")).to_have_text("Change your response")
    axe(page)
    shots(page, "feedback")
    page.goto(f"{live_server}/statistics")
    expect(page.locator("#was-it-answered")).to_be_visible()
    axe(page)


def test_a_rejection_is_reviewed_and_the_question_goes_back_in_the_queue(
    browser, page: Page, live_server, live_app, data, sign_in, axe
):
    n = next(_n)
    with data() as f:
        meeting = f.make_meeting(days_ahead=30)
        question = f.make_question(meeting)
        clerk = f.make_user(roles={"clerk"}, email=f"review.clerk.{n}@example.gov.uk")
        moderation.reject(
            question,
            by=clerk,
            ground=f.ground("individual_case"),
            explanation="Questions about an individual case cannot be put at a public meeting.",
            listed=True,
        )
        chair = f.make_user(roles={"councillor"}, email=f"review.chair.{n}@example.gov.uk")
        db.session.add(
            Membership(committee=meeting.committee, user=chair, name="Cllr Chair", role=MembershipRole.CHAIR)
        )
        token, question_id, reference, chair_email = (
            question.tracking_token,
            question.id,
            question.reference,
            chair.email,
        )

    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(f"{live_server}/questions/{token}")
    plain.get_by_role("button", name="Ask for a review").click()
    plain.get_by_label("Why should the decision be reviewed?").fill(
        "It is about the fostering service as a whole, not one family."
    )
    plain.get_by_role("button", name="Ask for a review").click()
    expect(plain.locator(".govuk-notification-banner--success")).to_contain_text(
        "You have asked for a review"
    )
    context.close()

    page.goto(f"{live_server}/questions/{token}/review")
    axe(page)
    sign_in(page, chair_email)
    page.goto(f"{live_server}/staff/reviews")
    axe(page)
    with page.expect_navigation():
        page.get_by_role("link", name=reference).click()
    axe(page)
    page.get_by_label("Overturn the decision: the question should have been accepted").check()
    page.get_by_label("Your reasons").fill("It names no child or family; it is about the service.")
    page.get_by_role("button", name="Decide").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("decision overturned")
    axe(page)
    shots(page, "review")
    with live_app.app_context():
        assert db.session.get(Question, question_id).status.value == "received"


def test_webcast_moments_are_typed_without_javascript_and_marked_with_it(
    browser, page: Page, live_server, live_app, data, sign_in, axe
):
    n = next(_n)
    with data() as f:
        clerk = f.make_user(roles={"clerk"}, email=f"webcast.clerk.{n}@example.gov.uk")
        meeting, questions = ready_meeting(public=2, member=0)
        meeting.webcast_url = "https://www.youtube.com/watch?v=KmsTest"
        meeting_id, second_id, clerk_email = meeting.id, questions[1].id, clerk.email

    context, plain = no_js_sign_in(browser, live_server, live_app, clerk_email)
    plain.goto(f"{live_server}/staff/console/meetings/{meeting_id}")
    pq1 = plain.locator("#pq-1")
    pq1.get_by_label("Question begins at", exact=True).fill("ten past")
    pq1.get_by_role("button", name="Save PQ 1").click()
    expect(plain.locator(".govuk-error-summary")).to_contain_text(
        "Enter where the question begins in the webcast as hours, minutes and seconds"
    )
    plain.locator("#pq-1").get_by_label("Question begins at", exact=True).fill("12:40")
    plain.locator("#pq-1").get_by_role("button", name="Save PQ 1").click()
    expect(plain.locator(".govuk-notification-banner--success")).to_contain_text("PQ 1 saved at")
    expect(plain.locator("#pq-1").get_by_label("Question begins at", exact=True)).to_have_value("12:40")
    context.close()

    with live_app.app_context():
        found = db.session.get(Meeting, meeting_id)
        found.webcast_started_at = utcnow() - dt.timedelta(minutes=20)
        db.session.commit()
    sign_in(page, clerk_email)
    page.goto(f"{live_server}/staff/console/meetings/{meeting_id}")
    axe(page)
    pq2 = page.locator("#pq-2")
    pq2.get_by_role("button", name=re.compile(r"^Mark now\W+question begins at for PQ 2$")).click()
    expect(pq2.get_by_label("Question begins at", exact=True)).to_have_value(re.compile(r"^2\d:\d\d$"))
    shots(page, "console-webcast")
    with live_app.app_context():
        outcome = db.session.scalar(
            sa.select(QuestionOutcome).where(QuestionOutcome.question_id == second_id)
        )
        assert 1190 <= outcome.webcast_question_at <= 1300
