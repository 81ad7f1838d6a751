"""Was your question answered? One response per question from the tracking page (and the
"answer published" e-mail), changeable until the next meeting; reasons only for the council,
counts for everyone."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portal.domain.asking import feedback
from portal.domain.states import QuestionStatus
from portal.extensions import db
from portal.models import Membership, MembershipRole, OutboxMessage, Verdict, utcnow
from tests import factories
from tests.html import error_messages, heading, page, text

REASON = "It gave the average caseload, but I asked for the range for each team."


def published(**kwargs):
    question = factories.make_published_question(**kwargs)
    db.session.commit()
    return question


def test_the_questioner_says_the_answer_partly_answered_them(client):
    question = published()
    track = client.get(f"/questions/{question.tracking_token}")
    link = page(track).find("a", string=lambda s: s and "Say whether it answered your question" in s)
    assert link["href"] == f"/questions/{question.tracking_token}/feedback"

    form = client.get(link["href"])
    assert heading(form) == "Did the answer answer your question?"
    response = client.post(link["href"], data={"mode": "new", "verdict": "partly", "reason": REASON})
    assert response.status_code == 302
    assert (question.feedback.verdict, question.feedback.reason) == (Verdict.PARTLY, REASON)

    track = client.get(f"/questions/{question.tracking_token}")
    assert "You said: It partly answered my question" in text(track)
    assert "You said: it partly answered my question" in text(track)  # on the timeline too
    assert REASON not in text(track)


def test_a_second_response_is_refused_and_the_first_is_kept(client):
    question = published()
    url = f"/questions/{question.tracking_token}/feedback"
    client.post(url, data={"mode": "new", "verdict": "answered"})
    # A page opened before the first was sent still says "new".
    response = client.post(url, data={"mode": "new", "verdict": "not_answered", "reason": "Changed my mind"})
    assert response.status_code == 409
    assert error_messages(response) == [
        "You have already said whether the answer answered your question. "
        "To change your response, use “Change your response”. Nothing has been changed"
    ]
    db.session.refresh(question.feedback)
    assert (question.feedback.verdict, question.feedback.changes) == (Verdict.ANSWERED, 0)


def test_the_response_can_be_changed_until_the_next_meeting_starts(client):
    question = published()
    url = f"/questions/{question.tracking_token}/feedback"
    client.post(url, data={"mode": "new", "verdict": "answered"})
    form = client.get(url)
    assert heading(form) == "Change your response"
    response = client.post(url, data={"mode": "change", "verdict": "not_answered", "reason": REASON})
    assert response.status_code == 302
    db.session.refresh(question.feedback)
    assert (question.feedback.verdict, question.feedback.changes) == (Verdict.NOT_ANSWERED, 1)

    # The committee's next meeting has started: no more changes.
    factories.make_meeting(question.meeting.committee, starts_at=utcnow() - dt.timedelta(hours=1))
    db.session.commit()
    response = client.post(url, data={"mode": "change", "verdict": "answered"})
    assert response.status_code == 409
    assert error_messages(response)[0].startswith(
        "You can no longer say whether the answer answered your question: "
        "the committee’s next meeting started"
    )
    db.session.refresh(question.feedback)
    assert question.feedback.verdict is Verdict.NOT_ANSWERED
    assert "Responses can no longer be changed" in text(client.get(url))


def test_a_response_needs_a_choice_and_a_short_enough_reason(client):
    question = published()
    url = f"/questions/{question.tracking_token}/feedback"
    response = client.post(url, data={"mode": "new", "reason": REASON})
    assert response.status_code == 422
    assert error_messages(response) == ["Select whether the answer answered your question"]
    assert REASON in response.get_data(as_text=True)  # nothing typed is lost
    response = client.post(url, data={"mode": "new", "verdict": "answered", "reason": "x" * 1001})
    assert error_messages(response) == ["Your reason must be 1,000 characters or fewer"]
    response = client.post(url, data={"mode": "new", "verdict": "brilliant"})
    assert response.status_code == 422
    assert question.feedback is None


def test_no_response_before_the_answer_is_published_and_none_without_the_link(client):
    meeting = factories.make_meeting()
    question = factories.make_question(meeting, status=QuestionStatus.ACCEPTED)
    db.session.commit()
    response = client.post(f"/questions/{question.tracking_token}/feedback", data={"verdict": "answered"})
    assert response.status_code == 302
    assert question.feedback is None
    assert client.get("/questions/not-a-real-link/feedback").status_code == 404


def test_the_answer_published_email_links_to_the_response_page():
    question = published()
    message = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.template == "answer_published")
    ).one()
    assert f"/questions/{question.tracking_token}/feedback" in message.body_text


def test_the_chair_and_democratic_services_see_reasons_the_public_sees_counts(
    client, clerk_client, signed_in_as
):
    question = published()
    feedback.give_feedback(question, Verdict.NOT_ANSWERED, REASON)
    other = factories.make_published_question(
        meeting=factories.make_meeting(question.meeting.committee, days_ahead=-3)
    )
    feedback.give_feedback(other, Verdict.ANSWERED)
    chair = factories.make_user(roles={"councillor"}, first_name="Phillip", last_name="Howells")
    db.session.add(
        Membership(
            committee=question.meeting.committee,
            user=chair,
            name="Councillor Phillip Howells",
            role=MembershipRole.CHAIR,
        )
    )
    db.session.commit()

    report = clerk_client.get(f"/staff/feedback/meetings/{question.meeting_id}")
    assert REASON in text(report)
    assert "Not answered" in text(report)
    chair_client = signed_in_as(chair)
    chairs_report = chair_client.get(f"/staff/feedback/meetings/{question.meeting_id}")
    assert REASON in text(chairs_report)
    # Each question leads the chair somewhere they may go: its published answer, not moderation.
    for link in page(chairs_report).select("main table a"):
        assert chair_client.get(link["href"]).status_code == 200, link["href"]
    assert question.meeting.committee.name in text(chair_client.get("/staff/feedback"))
    officer = signed_in_as(factories.make_user(roles={"officer"}))
    assert officer.get(f"/staff/feedback/meetings/{question.meeting_id}").status_code == 403

    stats = client.get("/statistics")
    table = page(stats).select_one("#was-it-answered").find_next("table")
    row = [c.get_text(strip=True) for c in table.select("tbody tr")[0].find_all(["th", "td"])]
    assert row == [question.meeting.committee.name, "1", "0", "1"]
    assert REASON not in stats.get_data(as_text=True)
