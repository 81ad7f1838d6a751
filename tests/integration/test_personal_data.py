"""People's rights: a copy of exactly their data (and nobody else's), by e-mail link from
the tracking page or by address, or produced by a clerk for a letter; erasure where the
retention policy allows; the retention purge and the schedule on the privacy page."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import sqlalchemy as sa

from portal.domain.asking import drafts, personal_data, retention
from portal.domain.people import sessions
from portal.domain.record import alerts
from portal.domain.states import QuestionStatus
from portal.extensions import db
from portal.models import (
    ANONYMOUS_DISPLAY,
    AlertSubscription,
    AnswerFeedback,
    ArchiveEntry,
    DataRequest,
    OutboxMessage,
    RejectionReview,
    SecurityEvent,
    StaffSession,
    Verdict,
    utcnow,
)
from tests import factories
from tests.html import heading, page, text

S = QuestionStatus


def last_email(template: str) -> OutboxMessage:
    return db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.template == template).order_by(OutboxMessage.id.desc())
    )


def link_in(message: OutboxMessage) -> str:
    return message.body_text.split("http://localhost", 1)[1].split()[0]


def read_zip(body: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert sorted(archive.namelist()) == ["your-data.html", "your-data.json"]
        return json.loads(archive.read("your-data.json"))


def two_people():
    """Hannah asks twice (from two spellings of one mailbox) and follows a committee;
    Rachel asks once at the same meeting."""
    meeting = factories.make_meeting()
    hannah = [
        factories.make_question(meeting, email="hannah.carter@example.com", text="Hannah's first question?"),
        factories.make_question(
            factories.make_meeting(), email="Hannah.Carter+council@example.com", text="Hannah's second?"
        ),
    ]
    rachel = factories.make_question(
        meeting, first_name="Rachel", last_name="Gallagher", email="rachel@example.org", text="Rachel's?"
    )
    alerts.subscribe(meeting.committee, "hannah.carter@example.com")
    from portal.domain.messages import notify

    notify.tell_questioner("question_received", hannah[0], dedupe_key="t-h")
    notify.tell_questioner("question_received", rachel, dedupe_key="t-r")
    return hannah, rachel


def test_a_copy_from_the_tracking_page_is_emailed_and_holds_exactly_their_data(client):
    hannah, rachel = two_people()
    tracking = client.get(f"/questions/{hannah[0].tracking_token}")
    assert "Get a copy of your data" in text(tracking)
    response = client.post(f"/your-data/from-question/{hannah[0].tracking_token}")
    assert response.headers["Location"] == "/your-data/sent"
    assert heading(client.get("/your-data/sent")) == "Check your e-mail"

    message = last_email("your_data")
    assert message.to_address == "hannah.carter@example.com"
    path = link_in(message)
    landing = client.get(path)
    assert heading(landing) == "Download a copy of your data"
    assert landing.headers["Cache-Control"] == "no-store"
    download = client.get(path + "/download")
    assert download.headers["Content-Type"] == "application/zip"
    export = read_zip(download.data)

    assert [q["reference"] for q in export["questions"]] == [q.reference for q in hannah]
    assert export["questions"][0]["your_details"]["email"] == "hannah.carter@example.com"
    assert export["questions"][0]["question_as_you_sent_it"] == "Hannah's first question?"
    assert export["questions"][0]["history"], "what happened to each question"
    assert [s["committee"] for s in export["alert_subscriptions"]] == [hannah[0].meeting.committee.name]
    assert {m["about"] for m in export["emails_sent_to_you"]} >= {"question_received", "alert_confirm"}
    whole = json.dumps(export)
    for other in ("Rachel", "Gallagher", "rachel@example.org", "Rachel's?", rachel.reference):
        assert other not in whole, f"{other} is somebody else's data"
    # Nothing in the database holds the link's token.
    token = path.rsplit("/", 1)[1]
    assert token not in json.dumps(
        [str(v) for v in db.session.execute(sa.text("SELECT * FROM data_request")).all()]
    )


def test_asking_by_address_says_the_same_whether_or_not_anything_is_held(client):
    two_people()
    known = client.post("/your-data", data={"email": "HANNAH.CARTER@example.com"})
    unknown = client.post("/your-data", data={"email": "nobody@example.com"})
    assert known.headers["Location"] == unknown.headers["Location"] == "/your-data/sent"
    messages = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.template == "your_data")).all()
    # Sent to the address held (the latest spelling of that mailbox), not to what was typed.
    assert [m.to_address for m in messages] == ["Hannah.Carter+council@example.com"]


def test_a_download_link_expires(client, app):
    hannah, _ = two_people()
    personal_data.request_copy(question=hannah[0])
    path = link_in(last_email("your_data"))
    row = db.session.scalars(sa.select(DataRequest)).one()
    row.expires_at = utcnow() - dt.timedelta(seconds=1)
    db.session.flush()
    assert client.get(path).status_code == 410
    assert client.get(path + "/download").status_code == 410
    assert client.get("/your-data/not-a-real-link-at-all-xxxxxxxxx").status_code == 404


def test_a_clerk_produces_the_same_copy_for_a_letter(clerk_client, clerk):
    hannah, _ = two_people()
    found = clerk_client.post("/admin/people", data={"person": hannah[1].reference, "action": "find"})
    assert heading(found) == f"Data held about {hannah[1].reference}"
    assert [td.get_text(strip=True) for td in page(found).select("tbody tr td:first-child")] == [
        q.reference for q in hannah
    ]
    download = clerk_client.post("/admin/people", data={"person": hannah[1].reference, "action": "copy"})
    assert download.headers["Content-Type"] == "application/zip"
    export = read_zip(download.data)
    assert [q["reference"] for q in export["questions"]] == [q.reference for q in hannah]
    assert "Rachel" not in json.dumps(export)
    logged = db.session.scalars(sa.select(SecurityEvent.verb)).all()
    assert "subject_access_copy" in logged
    row = db.session.scalars(sa.select(DataRequest)).one()
    assert (row.received_via, row.handled_by_id) == ("letter", clerk.id)


def test_the_copy_holds_what_they_said_of_the_answer_and_their_review_and_erasure_removes_it(
    clerk_client,
):
    meeting = factories.make_meeting(days_ahead=-7)
    answered = factories.make_published_question(meeting, email="jo@example.com")
    rejected = factories.make_question(email="jo@example.com", status=S.REJECTED)
    db.session.add(AnswerFeedback(question=answered, verdict=Verdict.PARTLY, reason="It skipped the cost"))
    db.session.add(
        RejectionReview(
            question=rejected,
            grounds="It is about the council's own budget",
            rejection_ground_title="Not council business",
        )
    )
    db.session.flush()

    download = clerk_client.post("/admin/people", data={"person": "jo@example.com", "action": "copy"})
    export = {q["reference"]: q for q in read_zip(download.data)["questions"]}
    said = export[answered.reference]["whether_the_answer_answered_your_question"]
    assert (said["you_said"], said["your_reason"]) == (Verdict.PARTLY.label, "It skipped the cost")
    review = export[rejected.reference]["review_you_asked_for"]
    assert review["your_grounds"] == "It is about the council's own budget"
    assert review["outcome"] == "not decided yet"

    clerk_client.post("/admin/people", data={"person": "jo@example.com", "action": "erase"})
    assert answered.feedback.reason == ""
    assert answered.feedback.verdict is Verdict.PARTLY  # the count stays; the words go
    assert rejected.review.grounds == personal_data.ERASED_TEXT


def test_the_retention_purge_deletes_what_they_said_of_an_answer_and_keeps_the_count(app):
    meeting = factories.make_meeting(days_ahead=-(app.config["RETENTION_DAYS"] + 1))
    answered = factories.make_published_question(meeting, email="jo@example.com")
    db.session.add(AnswerFeedback(question=answered, verdict=Verdict.NOT_ANSWERED, reason="Jo's own words"))
    db.session.flush()

    retention.purge_contact_details()

    assert answered.email is None
    assert (answered.feedback.verdict, answered.feedback.reason) == (Verdict.NOT_ANSWERED, "")


def test_the_address_a_clerk_searches_for_is_never_in_a_url(clerk_client):
    form = clerk_client.get("/admin/people")
    assert page(form).select_one("form")["method"] == "post"


def test_officers_cannot_handle_data_requests(officer_client):
    assert officer_client.get("/admin/people").status_code == 403


def test_erasure_erases_what_the_policy_allows_and_keeps_the_published_record(clerk_client, clerk):
    meeting = factories.make_meeting(days_ahead=-7)
    published = factories.make_published_question(
        meeting, email="jo@example.com", first_name="Jo", last_name="Rowe"
    )
    withdrawn = factories.make_question(
        email="jo@example.com", status=S.WITHDRAWN, text="Jo's withdrawn words"
    )
    in_hand = factories.make_question(email="jo@example.com", status=S.ACCEPTED)
    other = factories.make_question(email="someone.else@example.com", first_name="Sam")
    alerts.subscribe(meeting.committee, "jo@example.com")
    entry = db.session.scalar(sa.select(ArchiveEntry).where(ArchiveEntry.question_id == published.id))
    assert "Rowe" in entry.questioner

    confirm = clerk_client.post("/admin/people", data={"person": "jo@example.com", "action": "confirm-erase"})
    assert heading(confirm) == "Erase the data of jo@example.com?"
    assert in_hand.reference in text(confirm)
    done = clerk_client.post("/admin/people", data={"person": "jo@example.com", "action": "erase"})
    assert heading(done) == "Data erased"

    # Published: the words and answer stay, the person is "Name and address supplied".
    assert published.email is None
    assert published.public_display == ANONYMOUS_DISPLAY
    assert published.original_text == "How many children's social workers are agency staff?"
    db.session.refresh(entry)
    assert entry.questioner == ANONYMOUS_DISPLAY
    api = clerk_client.get(f"/api/v1/questions/{entry.id}").get_json()
    assert (api.get("data") or api)["questioner"] == ANONYMOUS_DISPLAY
    # Never published: the words go too.
    assert withdrawn.original_text == personal_data.ERASED_TEXT
    assert withdrawn.erased_at is not None
    # Still being dealt with: kept, and the clerk is told why.
    assert in_hand.email == "jo@example.com"
    assert "still dealing with this question" in text(done)
    # Alerts for the address go; nobody else is touched.
    assert not db.session.scalars(
        sa.select(AlertSubscription).where(AlertSubscription.email == "jo@example.com")
    ).all()
    assert other.email == "someone.else@example.com"
    row = db.session.scalars(sa.select(DataRequest).where(DataRequest.kind == "erasure")).one()
    assert row.subject_identity is None  # the address is not kept once erased
    assert set(row.outcome["erased"]) == {published.reference, withdrawn.reference}


def test_the_privacy_page_shows_the_retention_schedule(client, app):
    response = client.get("/privacy")
    rows = {
        tr.select("td")[0].get_text(strip=True): tr.select("td")[1].get_text(strip=True)
        for tr in page(response).select("#retention ~ .app-table-scroll table tbody tr")
    }
    assert rows["Your e-mail address, postal address and phone number"] == (
        f"{app.config['RETENTION_DAYS']} days after the meeting your question was for"
    )
    assert (
        rows["E-mails we sent you"]
        == f"The text and your address: {app.config['OUTBOX_RETENTION_DAYS']} days after sending"
    )
    assert "A question you started but did not send" in rows
    assert "Records of council staff signing in" in rows
    assert page(response).select_one("a[href='/your-data']") is not None


def test_the_retention_purge_covers_drafts_sent_email_sign_in_records_and_requests(app, officer):
    now = utcnow()
    long_ago = now - dt.timedelta(days=500)
    meeting = factories.make_meeting()
    old_draft = drafts.new_draft(meeting=meeting, answers={"first_name": "Jo"}, now=long_ago)
    fresh_draft = factories.make_draft(meeting)
    question = factories.make_question(meeting, email="jo@example.com")
    from portal.domain.messages import notify

    old_message = notify.tell_questioner("question_received", question, dedupe_key="old")
    old_message.status = old_message.status.SENT
    old_message.sent_at = long_ago
    old_message.created_at = long_ago
    new_message = notify.tell_questioner("question_accepted", question, dedupe_key="new")
    row, _ = sessions.start_session(officer, method="password", now=long_ago)
    sessions.end_session(row, now=long_ago)
    db.session.flush()
    stopped = alerts.subscribe(meeting.committee, "gone@example.com")
    stopped.status = stopped.status.UNSUBSCRIBED
    stopped.unsubscribed_at = long_ago
    personal_data.request_copy(question=question, now=long_ago)
    db.session.flush()

    report = retention.purge_everything_due(now)
    assert report.drafts >= 1
    ids = set(db.session.scalars(sa.select(drafts.QuestionDraft.id)))
    assert old_draft.id not in ids
    assert fresh_draft.id in ids
    db.session.refresh(old_message)
    assert (old_message.body_text, old_message.to_address) == ("", "")
    assert old_message.sent_at is not None  # the record that it was sent stays
    assert new_message.body_text != ""
    assert db.session.get(StaffSession, row.id) is None
    assert not db.session.scalars(
        sa.select(SecurityEvent).where(SecurityEvent.at < now - dt.timedelta(days=450))
    ).all()
    assert db.session.get(AlertSubscription, stopped.id) is None
    assert not db.session.scalars(
        sa.select(DataRequest).where(DataRequest.created_at < now - dt.timedelta(days=450))
    ).all()
