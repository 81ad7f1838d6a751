"""Every page type, as every role, on a 320 px wide phone: no sideways scrolling of the
page (WCAG 2.2 reflow, 1.4.10) and no axe violation.

The list of pages is the application's own URL map, so a new page is visited as soon as
it exists: each GET endpoint a role may reach, with real records for its arguments (a
question waiting for a decision for the moderation pages, one with a written answer
owed for the written-answer page, and so on). Downloads, feeds, the API and other
files that are not web pages are left out. A table may scroll inside its own labelled,
focusable region; the page itself may not.

Every role's visit checks the layout, server errors and dead links, and runs axe on each
page whose content no earlier role's check has read (see AXED).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
from dataclasses import dataclass, field

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from portal.domain.asking import feedback, links
from portal.domain.importing import staging
from portal.domain.meetings import actions, past_records, proceedings, webcast
from portal.domain.meetings.past_records import PastExchange, PastMeeting
from portal.domain.meetings.proceedings import ActionEntry
from portal.domain.questions import moderation, reviews
from portal.domain.record import alerts, publishing
from portal.domain.states import QuestionKind, QuestionStatus
from portal.extensions import db
from portal.models import (
    AnswerStatus,
    AnswerTemplate,
    Arrival,
    ClosureDay,
    DataRequest,
    DataRequestKind,
    DocumentKind,
    JobStatus,
    Membership,
    MembershipRole,
    OutboxMessage,
    OutboxStatus,
    PublicationJob,
    PutOutcome,
    Role,
    Verdict,
    secret_links,
    utcnow,
)
from portal.web.access import DEVELOPMENT, PUBLIC, SIGNED_IN, access_of
from tests import factories, import_fixtures
from tests.browser.conftest import fresh_code
from tests.record_factories import ready_meeting

ROLES = ("anonymous", "admin", "clerk", "officer", "councillor")

# Not web pages: files, feeds, the API, redirects to other services and POST-only steps.
NOT_PAGES = {
    "static",
    "health.healthz",
    "accounts.sign_out",
    "language.switch",
    "accounts.sso_start",
    "accounts.sso_callback",
    "records.latest_download",
    "importing.source",  # the uploaded file itself
    "records.version_download",
    "publishing.preview_pdf",
    "data.download",
    "archive.calendar_ics",
    "archive.committee_calendar_ics",
    "archive.answers_feed",
    "archive.committee_feed",
    "archive.search_feed",
}

FILE = re.compile(r"\.(csv|pdf|docx|json|atom|ics|xml|zip|txt)$|\.<")
PHONE = {"width": 320, "height": 640}
DESK = {"width": 1280, "height": 900}
# To look at the pages: SCREENSHOTS=<folder> saves each one at 320 and 1280 px, and
# SCREENSHOT_ONLY=<endpoint>,<endpoint> limits that to those pages.
SCREENSHOTS = os.environ.get("SCREENSHOTS")
SCREENSHOT_ONLY = {e for e in os.environ.get("SCREENSHOT_ONLY", "").split(",") if e}

# How far the page reaches past the window, in CSS pixels (0: it fits).
OVERFLOW = """() => {
  const root = document.documentElement;
  return Math.max(root.scrollWidth, document.body.scrollWidth) - root.clientWidth;
}"""


@dataclass
class Site:
    """The records each page is shown with, and who signs in as each role."""

    emails: dict[str, str] = field(default_factory=dict)
    args: dict[str, object] = field(default_factory=dict)
    per_endpoint: dict[str, dict[str, object]] = field(default_factory=dict)


def _build(app: Flask) -> Site:
    site = Site()
    with app.app_context():
        admin = factories.make_user(roles={Role.ADMIN}, first_name="Adeola", last_name="Okafor")
        clerk = factories.make_user(roles={Role.CLERK}, first_name="Rosa", last_name="Whitlock")
        officer = factories.make_user(
            roles={Role.OFFICER}, first_name="Imran", last_name="Siddiqui", job_title="Head of Service"
        )
        councillor = factories.make_user(
            roles={Role.COUNCILLOR}, first_name="Priya", last_name="Natarajan", ward="Westcote"
        )
        site.emails = {
            "admin": admin.email,
            "clerk": clerk.email,
            "officer": officer.email,
            "councillor": councillor.email,
        }
        post = factories.make_post(
            "Cabinet member for children, young people and families with a long portfolio title",
            holders=[councillor],
            drafters=[officer],
        )
        committee = factories.make_committee(
            "Children and Young People Scrutiny Committee", slug="cyp-scrutiny-phone", posts=[post]
        )
        member = Membership(committee=committee, name="Cllr Priya Natarajan", role=MembershipRole.CHAIR)
        member.user = councillor
        db.session.add(member)
        template = AnswerTemplate(
            post=post,
            title="Agency social workers",
            body_source="Thank you for your question.",
            created_by_id=officer.id,
        )
        db.session.add(template)
        db.session.add(
            ClosureDay(
                day=dt.date(2030, 12, 29), description="Council offices closed between Christmas and New Year"
            )
        )

        upcoming = factories.make_meeting(committee, days_ahead=20)
        long_text = (
            "How many children's social workers are agency staff, and what is being done to recruit "
            "permanent staff? https://www.kingsmere.gov.uk/children-and-families/social-care/"
            "recruitment-and-retention-strategy-2030 "
        ) * 3
        received = factories.make_question(
            upcoming,
            text=long_text,
            email="a.very.long.email.address.for.a.questioner@kingsmere-families-forum.example.com",
        )
        unconfirmed = factories.make_question(upcoming, status=QuestionStatus.UNCONFIRMED, first_name="Joe")
        clarify = factories.make_question(
            upcoming, status=QuestionStatus.CLARIFICATION_REQUESTED, first_name="Ann"
        )
        accepted = factories.make_question(upcoming, status=QuestionStatus.ACCEPTED, post=post)
        factories.make_answer(accepted, status=AnswerStatus.SUBMITTED, drafted_by=officer)
        factories.make_question(upcoming, kind=QuestionKind.MEMBER, status=QuestionStatus.ACCEPTED, post=post)

        # A past meeting, webcast: supplement and minutes published, a written answer
        # promised, an action arising with its owner and an update, the questioner's feedback.
        past = factories.make_meeting(committee, starts_at=factories.london(2025, 1, 14, 14, 30))
        past.webcast_url = "https://kingsmere.public-i.tv/core/portal/webcast_interactive/912345"
        asked = factories.make_question(past, status=QuestionStatus.ANSWER_APPROVED, post=post)
        factories.make_approved_answer(
            asked,
            "There are 41 agency social workers in children's services. By quarter:\n\n"
            "| Quarter | Children referred | Waited over four weeks | More than two social workers |\n"
            "| --- | --- | --- | --- |\n"
            "| April to June | 58 | 12 | 9 |\n"
            "| July to September | 49 | 10 | 7 |",
            drafter=officer,
            approver=councillor,
        )
        publishing.publish_supplement(past, by=clerk, now=factories.london(2025, 1, 10, 10, 0))
        proceedings.record_meeting_times(
            past,
            by=clerk,
            started_at=factories.london(2025, 1, 14, 14, 30),
            ended_at=factories.london(2025, 1, 14, 16, 0),
        )
        webcast.record_webcast(
            past, by=clerk, started_at=factories.london(2025, 1, 14, 14, 30), length_seconds=90 * 60
        )
        proceedings.save_outcome(
            asked,
            by=clerk,
            changes={
                "put": PutOutcome.PUT_BY_QUESTIONER,
                "written_answer_promised": True,
                "webcast_question_at": 12 * 60 + 30,
                "actions": [
                    ActionEntry(
                        "The Committee to ask the directorate how reliance on agency social workers "
                        "affects families waiting for an assessment.",
                        "The Committee",
                    )
                ],
            },
        )
        publishing.publish_appendix(past, by=clerk, now=factories.london(2025, 1, 16, 9, 0))
        # A correction being published as a job, its PDF half made.
        job = PublicationJob(
            meeting=past,
            kind=DocumentKind.MINUTES_APPENDIX,
            requested_by=clerk,
            requested_at=utcnow(),
            status=JobStatus.RUNNING,
            stage="docx",
            pdf_pages=12,
            questions_total=1,
            heartbeat_at=utcnow() + dt.timedelta(hours=1),
        )
        db.session.add(job)
        action = asked.actions[0]
        actions.assign_action(action, by=clerk, owner_post=post, due_on=dt.date(2025, 2, 28))
        actions.add_update(
            action,
            by=officer,
            updated_on=dt.date(2025, 2, 3),
            body="The directorate has been asked; a reply is expected at the March meeting.",
        )
        feedback.give_feedback(asked, Verdict.PARTLY, "It gave the numbers but not the plan.")

        # A question not accepted, whose questioner asked for the decision to be reviewed.
        refused = factories.make_question(upcoming, first_name="Tom")
        moderation.reject(
            refused,
            by=clerk,
            ground=factories.ground("individual_case"),
            explanation="Questions about an individual case cannot be put at a public meeting.",
            listed=True,
        )
        reviews.ask_review(refused, "My question is about a policy that affects every family, not one case.")

        # A meeting whose record is ready to publish for the first time.
        ready, _ = ready_meeting(public=1, member=0)

        # A meeting from before the portal, entered from its minutes.
        entered = past_records.enter_past_meeting(
            PastMeeting(
                committee=committee,
                starts_at=factories.london(2022, 12, 13, 14, 0),
                venue="Council Chamber, Market Street, Kingsmere",
                public_questions_item="5",
                member_questions_item="6",
            ),
            by=clerk,
        )
        past_records.enter_past_exchange(
            entered,
            PastExchange(
                title="Ms",
                first_name="Hanna",
                last_name="Currie",
                town="Kingsmere",
                arrival=Arrival.EMAIL,
                question="When will the forum for families first meet?",
                post=post,
                response="The forum will first meet in February.",
                put=PutOutcome.PUT_BY_QUESTIONER,
            ),
            by=clerk,
        )

        # A published record imported from the archive, waiting to be checked.
        staged = staging.stage_document(
            "appendix.docx",
            import_fixtures.council_docx(import_fixtures.council_002_records()),
            factories.make_committee("Council", slug="council-phone"),
            by=clerk,
        )

        subscription = alerts.subscribe(committee, "follower@example.com")
        download_token = secrets.token_urlsafe(32)
        db.session.add(
            DataRequest(
                kind=DataRequestKind.ACCESS,
                received_via="email",
                subject_identity=received.email_normalised,
                token_hash=secret_links.token_hash(download_token),
                created_at=utcnow(),
                expires_at=utcnow() + dt.timedelta(days=7),
            )
        )
        # An e-mail that may or may not have arrived (its sender stopped after handing it over).
        in_doubt = OutboxMessage(
            template="question_received",
            to_address="a.very.long.email.address.for.a.questioner@kingsmere-families-forum.example.com",
            subject="Your question to the Children and Young People Scrutiny Committee has been received",
            body_text="Thank you.",
            status=OutboxStatus.SENDING,
            handed_over_at=utcnow(),
            claimed_until=None,
        )
        db.session.add(in_doubt)
        db.session.flush()
        holder = post.holders[0]
        site.args = {
            "committee_id": committee.id,
            "membership_id": member.id,
            "post_id": post.id,
            "holder_id": holder.id,
            "ground_id": factories.ground().id,
            "user_id": officer.id,
            "meeting_id": upcoming.id,
            "question_id": received.id,
            "template_id": template.id,
            "slug": committee.slug,
            "version": 1,
            "kind": "agenda-supplement",
            "token": received.tracking_token,
            "message_id": in_doubt.id,
        }
        site.per_endpoint = {
            "answers.question": {"question_id": accepted.id},
            "answers.revisions": {"question_id": accepted.id},
            "publishing.meeting": {"meeting_id": past.id},
            "publishing.preview": {"meeting_id": past.id, "kind": "minutes-appendix"},
            "publishing.written_answer": {"question_id": asked.id},
            "publishing.job": {"meeting_id": past.id, "job_id": job.id},
            "console.meeting": {"meeting_id": past.id},
            "records.latest": {"meeting_id": past.id},
            "records.version": {"meeting_id": past.id},
            "public.meeting": {"meeting_id": upcoming.id},
            "archive.confirm": {"token": subscription.token},
            "archive.unsubscribe": {"token": subscription.token},
            "ask.confirm": {"token": unconfirmed.confirm_token},
            "ask.confirmed": {"token": received.confirm_token},
            "track.clarify": {"token": clarify.tracking_token},
            "track.mine": {"token": links.my_questions_token(received.id)},
            "data.download_page": {"token": download_token},
            "actions.action_page": {"action_id": action.id},
            "feedback.meeting_report": {"meeting_id": past.id},
            "reviews.review": {"question_id": refused.id},
            "track.ask_review": {"token": refused.tracking_token},
            "track.give_feedback": {"token": asked.tracking_token},
            "publishing.publish": {"meeting_id": ready.id, "kind": "agenda-supplement"},
            "past_records.meeting": {"meeting_id": entered.id},
            "past_records.new_question": {"meeting_id": entered.id},
            "importing.review": {"document_id": staged.document.id},
            "importing.source": {"document_id": staged.document.id},
            "importing.record": {
                "document_id": staged.document.id,
                "record_id": staged.document.records[0].id,
            },
        }
        db.session.commit()
        db.session.remove()
    return site


@pytest.fixture(scope="module")
def site(live_app: Flask) -> Site:
    return _build(live_app)


def _may_visit(role: str, access: object) -> bool:
    if access is PUBLIC:
        return True
    if role == "anonymous" or access == DEVELOPMENT:
        return False
    if access is SIGNED_IN:
        return True
    return isinstance(access, frozenset) and Role(role) in access


# axe runs on every page type for every role, once for each distinct page: a role whose
# page has the main content an earlier role's page had is not read again, since axe
# would find the same things. The same means the same elements with the same attributes
# (forms' tokens and nonces aside), and text where the earlier page had text: a name or a
# time in other words reads the same to axe, but a text missing (an empty link or
# heading) does not. The parts around `main` (the header's menus, the footer) differ by
# role and are read on each role's front page. The set is kept across the roles' tests,
# which run on one xdist worker (grouped).
AXED: set[tuple[str, int, str]] = set()
EVERY_ROLES_AXE = {"public.home", "staff.home"}

# The markup of `main`, each text that is not blank written as "…", without what changes
# on every visit (form tokens, nonces).
MAIN_MARKUP = """() => {
  const main = (document.querySelector('main') || document.body).cloneNode(true);
  const texts = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let text = texts.nextNode(); text; text = texts.nextNode()) {
    if (text.nodeValue.trim()) text.nodeValue = '…';
  }
  return main.outerHTML
    .replace(/(name="csrf_token"[^>]*value=")[^"]*/g, '$1')
    .replace(/(value=")[^"]*("[^>]*name="csrf_token")/g, '$1$2')
    .replace(/nonce="[^"]*"/g, '');
}"""


def _axe_key(page: Page, endpoint: str, status: int) -> tuple[str, int, str]:
    markup = page.evaluate(MAIN_MARKUP)
    return (endpoint, status, hashlib.sha256(markup.encode()).hexdigest())


def page_urls(app: Flask, site: Site, role: str) -> list[tuple[str, str]]:
    """(endpoint, path) of every page type `role` may open."""
    urls = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES or rule.endpoint.startswith("api."):
            continue
        if FILE.search(rule.rule):  # a download, not a page
            continue
        if not _may_visit(role, access_of(app.view_functions[rule.endpoint])):
            continue
        # An argument with no record built for it (a page newer than this test) gets the
        # first id, so the page is still visited, if only as "not found".
        values = {name: site.args.get(name, 1) for name in rule.arguments}
        values.update(
            {k: v for k, v in site.per_endpoint.get(rule.endpoint, {}).items() if k in rule.arguments}
        )
        urls.append((rule.endpoint, rule.build(values, append_unknown=False)[1]))
    return urls


def _sign_in(page: Page, live_server: str, live_app: Flask, email: str) -> None:
    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    if page.url.endswith("/staff/sign-in/code"):
        page.get_by_label("Enter the code from your authenticator app").fill(fresh_code(live_app, email))
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()


@pytest.mark.xdist_group("every-page")
@pytest.mark.parametrize("role", ROLES)
def test_every_page_reflows_at_320_px_with_no_accessibility_violation(
    page: Page, live_server: str, live_app: Flask, site: Site, role: str
):
    from axe_playwright_python.sync_playwright import Axe

    runner = Axe()
    if role != "anonymous":
        _sign_in(page, live_server, live_app, site.emails[role])
    page.set_viewport_size(PHONE)
    problems: list[str] = []
    links: dict[str, str] = {}  # each link on the pages visited, and the first page it was on
    opened: dict[str, int] = {}  # each page visited, and the status it gave
    visited = 0
    for endpoint, path in page_urls(live_app, site, role):
        response = page.goto(f"{live_server}{path}")
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        if page.url.startswith(live_server):
            opened.setdefault(page.url[len(live_server) :], response.status)
        if response.status >= 500:
            problems.append(f"{endpoint} {path}: HTTP {response.status}")
            continue
        # A page its own permission refuses this person (403) is still checked as a page;
        # it is a dead end only if they are shown a link to it, which the link check finds.
        visited += 1
        overflow = page.evaluate(OVERFLOW)
        if overflow > 0:
            wide = page.evaluate(WIDEST)
            problems.append(f"{endpoint} {path}: scrolls sideways by {overflow}px ({wide})")
        if SCREENSHOTS and (not SCREENSHOT_ONLY or endpoint in SCREENSHOT_ONLY):
            _screenshots(page, f"{role}-{endpoint}")
        for href in page.eval_on_selector_all("a[href]", LOCAL_LINKS):
            links.setdefault(href, f"{endpoint} {path}")
        key = _axe_key(page, endpoint, response.status)
        if key in AXED and endpoint not in EVERY_ROLES_AXE:
            continue
        AXED.add(key)
        results = runner.run(page)
        if results.violations_count:
            for violation in results.response["violations"]:
                where = violation["nodes"][0]["html"][:160] if violation["nodes"] else ""
                problems.append(f"{endpoint} {path}: axe {violation['id']} at {where}")
    assert visited > 10
    # No dead ends: every link shown to this person leads to a page they may open (a page
    # the crawl opened has given its status already).
    for href, found_on in sorted(links.items()):
        status = opened.get(href)
        if status is None:
            status = page.request.get(f"{live_server}{href}", max_redirects=0).status
        if status in (403, 404) or status >= 500:
            problems.append(f"{found_on}: links to {href}, which gives HTTP {status}")
    assert not problems, "\n".join(problems)


# The site's own links on a page (not downloads, feeds or the sign-out form's target).
LOCAL_LINKS = """(links) => links
  .filter((a) => !a.getAttribute('href').startsWith('#'))
  .map((a) => new URL(a.href, location.href))
  .filter((url) => url.origin === location.origin && !/\\.(pdf|docx|csv|json|atom|ics)$/.test(url.pathname))
  .map((url) => url.pathname + url.search)"""


# What stretches the page: the outermost elements wider than the window.
WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  const beyond = (el) => el && el.getBoundingClientRect().right > width + 0.5;
  const name = (el) => el.tagName.toLowerCase()
    + (typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    if (beyond(el) && !beyond(el.parentElement)) found.push(name(el));
    if (found.length >= 4) break;
  }
  return found.join(', ');
}"""


def _screenshots(page: Page, name: str) -> None:
    os.makedirs(SCREENSHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}-320.png"), full_page=True)
    page.set_viewport_size(DESK)
    page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)


def _phone_problems(page: Page, runner) -> list[str]:
    where = page.url
    problems = []
    overflow = page.evaluate(OVERFLOW)
    if overflow > 0:
        problems.append(f"{where}: scrolls sideways by {overflow}px ({page.evaluate(WIDEST)})")
    results = runner.run(page)
    for violation in results.response["violations"]:
        problems.append(f"{where}: axe {violation['id']}")
    return problems


@pytest.mark.xdist_group("every-page")
def test_the_pages_of_a_journey_in_progress_reflow_at_320_px(
    page: Page, live_server: str, live_app: Flask, site: Site
):
    """Pages only reached part-way through a journey: asking a question (with its error
    messages), and the staff sign-in's code step."""
    from axe_playwright_python.sync_playwright import Axe

    runner = Axe()
    page.set_viewport_size(PHONE)
    problems: list[str] = []
    page.goto(f"{live_server}/ask?meeting={site.args['meeting_id']}")
    problems += _phone_problems(page, runner)
    page.get_by_role("button", name="Start now").click()
    expect(page.locator("h1")).to_have_text("Which meeting do you want to ask your question at?")
    problems += _phone_problems(page, runner)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Your details")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    problems += _phone_problems(page, runner)
    page.get_by_label("First name", exact=True).fill("Hannah")
    page.get_by_label("Last name", exact=True).fill("Carter")
    page.get_by_label("E-mail address").fill("hannah.carter.on.a.phone@kingsmere-families-forum.example.com")
    page.get_by_label("Address line 1").fill("12 Mill Lane")
    page.get_by_label("Town or city").fill("Kingsmere")
    page.get_by_label("Postcode").fill("KM1 4TT")
    page.get_by_label("I live or work in Kingsmere").check()
    page.get_by_role("radio", name="My title (or first name), surname and town").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Your question")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    problems += _phone_problems(page, runner)
    page.get_by_label("Your question", exact=True).fill(
        "How many families are waiting for an early help assessment, and for how long?"
    )
    page.get_by_role("radio", name="I don't know – the council will decide").check()
    page.get_by_role("button", name="Continue").click()
    if page.get_by_role("heading", name="Your question may already have been answered").count():
        problems += _phone_problems(page, runner)
        page.get_by_role("button", name=re.compile("Continue|Send")).first.click()
    expect(page.locator("h1")).to_have_text("Check your answers before sending your question")
    problems += _phone_problems(page, runner)
    page.get_by_role("button", name="Accept and send").click()
    expect(page.locator("h1")).to_have_text("Check your e-mail")
    problems += _phone_problems(page, runner)

    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("E-mail address").fill(site.emails["clerk"])
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/staff/sign-in/code$"))
    expect(page.locator("main h1")).to_be_visible()  # the address changes before the page is drawn
    problems += _phone_problems(page, runner)
    assert not problems, "\n".join(problems)
