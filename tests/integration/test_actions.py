"""Actions arising at a meeting, tracked to done: owner and due date, dated updates, done or
dropped with a reason; each owner's list, the public tracker and its downloads, the next
meeting's page, and the e-mail when an action is overdue."""

from __future__ import annotations

import csv
import datetime as dt
import io

import sqlalchemy as sa

from portal.domain.meetings import actions, proceedings
from portal.domain.meetings.proceedings import ActionEntry
from portal.domain.record import publishing
from portal.extensions import db
from portal.models import ActionStatus, MeetingAction, OutboxMessage, PutOutcome, QuestionEvent
from tests import factories
from tests.html import error_messages, heading, page, text
from tests.record_factories import ready_meeting

ACTION_A = "The Committee to request the range of allocated social worker numbers, not the average."
ACTION_B = "The Committee to ask the directorate how reliance on agency staff affects families."


def minutes_with_actions(clerk, *, owner=None):
    """PQ 1 at a meeting on 14 January 2025 with two actions, in published minutes."""
    meeting, questions = ready_meeting(public=1, member=0, starts_at=factories.london(2025, 1, 14, 14, 30))
    question = questions[0]
    publishing.publish_supplement(meeting, by=clerk, now=factories.london(2025, 1, 10, 10, 0))
    proceedings.save_outcome(
        question,
        by=clerk,
        changes={
            "put": PutOutcome.PUT_BY_QUESTIONER,
            "actions": [ActionEntry(ACTION_A, "The Committee"), ActionEntry(ACTION_B, "The Committee")],
        },
    )
    proceedings.record_meeting_times(
        meeting,
        by=clerk,
        started_at=factories.london(2025, 1, 14, 14, 30),
        ended_at=factories.london(2025, 1, 14, 16, 0),
    )
    publishing.publish_appendix(meeting, by=clerk, now=factories.london(2025, 1, 16, 9, 0))
    post = factories.make_post("Director for Children and Young People", holders=[owner] if owner else [])
    db.session.commit()
    return meeting, question, post


def _date(prefix, day):
    """A GOV.UK date input's three boxes, as a browser sends them."""
    return {prefix: [str(day.day), str(day.month), str(day.year)]}


def test_a_clerk_gives_an_action_its_owner_and_due_date_and_the_owner_sees_it(
    app, clerk, clerk_client, signed_in_as
):
    director = factories.make_user(roles={"officer"}, first_name="Darryl", last_name="Freeman")
    _, question, post = minutes_with_actions(clerk, owner=director)
    action = question.actions[0]

    response = clerk_client.get(f"/staff/actions/{action.id}")
    assert heading(response) == "PQ 1 action a)"
    response = clerk_client.post(
        f"/staff/actions/{action.id}/assign",
        data={"assign-owner_post": str(post.id), **_date("assign-due_on", dt.date(2025, 2, 28))},
    )
    assert response.status_code == 302
    assert (action.owner_post, action.due_on) == (post, dt.date(2025, 2, 28))
    event = db.session.scalars(
        sa.select(QuestionEvent).where(QuestionEvent.verb == "assign_action").order_by(QuestionEvent.id)
    ).one()
    assert "Director for Children and Young People" in event.title

    director_client = signed_in_as(director)
    home = director_client.get("/staff/")
    mine = page(home).select_one("#your-actions").find_next("table")
    assert "PQ 1 action a)" in mine.get_text()
    assert "Overdue" in mine.get_text()  # due 28 February 2025, long past
    listed = director_client.get("/staff/actions")
    assert "PQ 1 action a)" in text(listed)
    assert "PQ 1 action b)" not in text(listed)  # not the director's


def test_a_due_date_before_the_meeting_is_refused_and_nothing_changes(clerk, clerk_client):
    _, question, post = minutes_with_actions(clerk)
    action = question.actions[0]
    response = clerk_client.post(
        f"/staff/actions/{action.id}/assign",
        data={"assign-owner_post": str(post.id), **_date("assign-due_on", dt.date(2025, 1, 13))},
    )
    assert response.status_code == 422
    assert error_messages(response) == ["The date the action is due must be on or after the meeting"]
    db.session.refresh(action)
    assert (action.owner_post_id, action.due_on) == (None, None)
    # What was typed is kept.
    assert page(response).find(attrs={"name": "assign-due_on"})["value"] == "13"


def test_progress_then_done_shows_on_the_public_tracker_and_downloads(app, clerk, clerk_client, client):
    meeting, question, post = minutes_with_actions(clerk)
    action_a, action_b = question.actions
    actions.assign_action(action_a, by=clerk, owner_post=post, due_on=dt.date(2025, 2, 28))
    db.session.commit()

    response = clerk_client.post(
        f"/staff/actions/{action_a.id}/update",
        data={
            **_date("update-updated_on", dt.date(2025, 2, 3)),
            "update-body": "Figures requested from the directorate.",
        },
    )
    assert response.status_code == 302
    response = clerk_client.post(
        f"/staff/actions/{action_b.id}/done",
        data={
            **_date("done-done_on", dt.date(2025, 2, 10)),
            "done-note": "The directorate's reply was circulated.",
        },
    )
    assert response.status_code == 302
    assert (action_b.status, action_b.closed_on) == (ActionStatus.DONE, dt.date(2025, 2, 10))

    slug = meeting.committee.slug
    tracker = client.get(f"/committees/{slug}/actions")
    assert heading(tracker) == "Action tracker"
    row_a = page(tracker).select_one(f"#action-{action_a.id}")
    cells = [" ".join(c.get_text(" ").split()) for c in row_a.find_all(["td", "th"])]
    assert cells[1].startswith("(a) The Committee to request the range")
    assert cells[2] == "Director for Children and Young People Due by 28 February 2025"
    assert cells[3] == "Figures requested from the directorate."
    assert cells[4] == "Overdue"
    assert cells[5] == "3 February 2025"
    assert page(tracker).select_one(f"#action-{action_b.id}").find_previous("h2").get_text() == (
        "Completed and dropped"
    )
    assert row_a.select_one("a")["href"] == f"/meetings/{meeting.id}/questions#pq-1"

    rows = list(
        csv.DictReader(io.StringIO(client.get(f"/committees/{slug}/actions.csv").text.lstrip("\ufeff")))
    )
    assert [(r["Action"], r["Status"], r["Date updated"]) for r in rows] == [
        ("a", "Overdue", "2025-02-03"),
        ("b", "Done", "2025-02-10"),
    ]
    data = client.get(f"/committees/{slug}/actions.json").get_json()
    assert (data["open"], data["overdue"]) == (1, 1)
    assert data["actions"][0]["updates"] == [
        {"date": "2025-02-03", "text": "Figures requested from the directorate."}
    ]
    atom = client.get(f"/committees/{slug}/actions.atom")
    assert atom.content_type.startswith("application/atom+xml")
    assert "PQ 1 action b): Done" in atom.text
    # Nothing private: no questioner's e-mail anywhere.
    for body in (tracker.text, atom.text, str(data)):
        assert question.email not in body


def test_an_update_to_a_closed_action_is_refused_and_changes_nothing(clerk, clerk_client):
    _, question, _ = minutes_with_actions(clerk)
    action = question.actions[0]
    actions.drop_action(action, by=clerk, reason="The committee agreed the figures are no longer needed.")
    db.session.commit()
    events_before = len(question.events)
    response = clerk_client.post(
        f"/staff/actions/{action.id}/update",
        data={**_date("update-updated_on", dt.date(2025, 2, 3)), "update-body": "More news."},
    )
    assert response.status_code == 409
    assert error_messages(response) == [
        "PQ 1 action a) is dropped, so it cannot be updated. Nothing has been changed"
    ]
    db.session.refresh(action)
    assert action.updates == []
    assert len(question.events) == events_before
    assert "Record progress" not in text(response)


def test_dropping_needs_a_reason_and_an_update_needs_text_and_a_real_date(clerk, clerk_client):
    _, question, _ = minutes_with_actions(clerk)
    action = question.actions[0]
    response = clerk_client.post(f"/staff/actions/{action.id}/drop", data={"drop-reason": "  "})
    assert response.status_code == 422
    assert error_messages(response) == ["Enter why the action is being dropped"]
    response = clerk_client.post(
        f"/staff/actions/{action.id}/update",
        data={"update-updated_on": ["31", "2", "2025"]},
    )
    assert error_messages(response) == [
        "Date of the update must be a real date",
        "Enter the progress made on the action",
    ]
    future = dt.date.today() + dt.timedelta(days=3)
    response = clerk_client.post(
        f"/staff/actions/{action.id}/update",
        data={**_date("update-updated_on", future), "update-body": "Soon."},
    )
    assert error_messages(response) == ["The date of the update must be today or in the past"]
    db.session.refresh(action)
    assert action.status is ActionStatus.OPEN
    assert action.updates == []


def test_someone_who_does_not_own_the_action_cannot_see_or_change_it(clerk, signed_in_as):
    _, question, _ = minutes_with_actions(clerk)
    officer = factories.make_user(roles={"officer"})
    other = signed_in_as(officer)
    action = question.actions[0]
    assert other.get(f"/staff/actions/{action.id}").status_code == 403
    response = other.post(f"/staff/actions/{action.id}/drop", data={"drop-reason": "Not mine."})
    assert response.status_code == 403
    db.session.refresh(action)
    assert action.status is ActionStatus.OPEN


def test_the_owner_of_an_overdue_action_is_emailed_once_for_each_due_date(app, clerk):
    director = factories.make_user(roles={"officer"}, email="director@example.gov.uk")
    _, question, post = minutes_with_actions(clerk, owner=director)
    action_a, action_b = question.actions
    actions.assign_action(action_a, by=clerk, owner_post=post, due_on=dt.date(2025, 2, 28))
    now = factories.london(2025, 3, 3, 9, 0)
    assert actions.queue_overdue_alerts(now) == 1
    assert actions.queue_overdue_alerts(now) == 0  # never twice for the same due date
    message = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.template == "action_overdue")
    ).one()
    assert message.to_address == "director@example.gov.uk"
    assert message.subject.startswith("Overdue action: PQ 1 action a)")
    assert "3 days late" in message.body_text
    assert f"/staff/actions/{action_a.id}" in message.body_text
    # A new due date, missed again, is worth a new alert; a closed action never is.
    actions.assign_action(action_a, by=clerk, owner_post=post, due_on=dt.date(2025, 3, 10))
    assert actions.queue_overdue_alerts(factories.london(2025, 3, 12, 9, 0)) == 1
    actions.complete_action(
        action_a, by=clerk, done_on=dt.date(2025, 3, 12), now=factories.london(2025, 3, 12, 10)
    )
    assert actions.queue_overdue_alerts(factories.london(2025, 3, 20, 9, 0)) == 0
    assert action_b.due_on is None  # no due date: never overdue


def test_the_console_keeps_progress_with_its_action(clerk, clerk_client):
    _, question, _ = minutes_with_actions(clerk)
    action_a, action_b = question.actions
    actions.add_update(action_b, by=clerk, updated_on=dt.date(2025, 2, 3), body="Asked the directorate.")
    db.session.commit()
    # Removing the tracked action b) is refused.
    form = {
        "_partial": "1",
        "actions-0-id": str(action_a.id),
        "actions-0-text": ACTION_A,
        "actions-0-owner": "The Committee",
        "actions-1-id": str(action_b.id),
        "actions-1-text": "",
        "actions-1-owner": "",
    }
    response = clerk_client.post(f"/staff/console/questions/{question.id}", data=form)
    assert response.status_code == 422
    assert error_messages(response) == [
        "Action b) has progress recorded, so it cannot be removed. "
        "Drop it, with the reason, on its action page"
    ]
    # Removing a) closes up the letters: b) becomes a) and keeps its progress.
    form.update(
        {
            "actions-0-text": "",
            "actions-0-owner": "",
            "actions-1-text": ACTION_B,
            "actions-1-owner": "The Committee",
        }
    )
    response = clerk_client.post(f"/staff/console/questions/{question.id}", data=form)
    assert response.status_code == 302
    remaining = db.session.scalars(
        sa.select(MeetingAction).where(MeetingAction.question_id == question.id)
    ).all()
    assert [(a.id, a.letter, a.text_source) for a in remaining] == [(action_b.id, "a", ACTION_B)]
    assert [u.body_source for u in remaining[0].updates] == ["Asked the directorate."]


def test_the_next_meeting_shows_actions_from_previous_meetings(clerk, client):
    meeting, question, _ = minutes_with_actions(clerk)
    action_b = question.actions[1]
    actions.complete_action(
        action_b, by=clerk, done_on=dt.date(2025, 2, 10), now=factories.london(2025, 2, 10, 12)
    )
    next_meeting = factories.make_meeting(meeting.committee, starts_at=factories.london(2025, 3, 4, 14, 30))
    db.session.commit()
    response = client.get(f"/meetings/{next_meeting.id}")
    section = page(response).select_one("#actions-from-previous-meetings")
    assert section is not None
    listed = " ".join(section.find_next("ul").get_text(" ").split())
    assert "action (a): The Committee to request the range" in listed
    assert "Open" in listed
    assert "Done" in listed
    # The earlier meeting itself has no previous meetings to report.
    assert page(client.get(f"/meetings/{meeting.id}")).select_one("#actions-from-previous-meetings") is None


def test_actions_not_yet_in_published_minutes_are_not_on_the_public_tracker(clerk, client):
    meeting, questions = ready_meeting(public=1, member=0, starts_at=factories.london(2025, 1, 14, 14, 30))
    proceedings.save_outcome(
        questions[0], by=clerk, changes={"actions": [ActionEntry(ACTION_A, "The Committee")]}
    )
    db.session.commit()
    response = client.get(f"/committees/{meeting.committee.slug}/actions")
    assert "No actions are open." in text(response)
    assert client.get(f"/committees/{meeting.committee.slug}/actions.json").get_json()["actions"] == []
