"""Rejection grounds and council closure days."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from portal.domain.meetings import deadlines, scheduling
from portal.domain.meetings.closures import ClosureError, add_closure_day
from portal.domain.meetings.deadlines import compute_deadline
from portal.domain.permissions import NotPermitted
from portal.domain.questions import grounds
from portal.domain.questions.grounds import GroundError
from portal.extensions import db
from portal.formatting import format_date, to_london
from portal.models import ClosureDay, RejectionGround, utcnow
from portal.models.questions import QuestionStatus
from tests import factories
from tests.html import banners, error_messages, heading, input_value, page, text


def ground_form(**overrides):
    data = {
        "code": "duplicate_question",
        "title": "The same question from the same person",
        "public_wording": "You have already asked this question at this meeting.",
        "listed_by_default": "hidden",
        "position": "20",
    }
    data.update(overrides)
    return data


def by_code(code):
    return db.session.scalar(sa.select(RejectionGround).where(RejectionGround.code == code))


def test_the_standard_grounds_are_listed_in_order(admin_client):
    grounds.ensure_standard_grounds()
    response = admin_client.get("/admin/rejection-grounds")
    titles = [a.get_text(strip=True) for a in page(response).select("tbody td a")]
    assert titles[0] == "Not the council's business"
    assert titles[-1] == "Over the limit"
    assert len(titles) == 9


def test_adding_a_ground(admin_client):
    response = admin_client.post("/admin/rejection-grounds/new", data=ground_form(), follow_redirects=True)
    assert "The ground ‘The same question from the same person’ has been added" in banners(response)[0]
    ground = by_code("duplicate_question")
    assert not ground.listed_by_default
    assert ground.position == 20
    assert ground.is_active


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"code": ""}, "Enter a code"),
        (
            {"code": "Duplicate question"},
            "The code must start with a letter and only include lower-case letters, numbers and underscores, "
            "like duplicate_question (50 characters or fewer)",
        ),
        ({"code": "names_staff"}, "There is already a ground with that code"),
        ({"title": ""}, "Enter a title for staff"),
        ({"public_wording": ""}, "Enter the wording the questioner sees"),
        ({"listed_by_default": ""}, "Select whether the question is listed or hidden"),
        ({"position": "first"}, "Position must be a whole number, like 1"),
        ({"position": "1000"}, "Position must be between 0 and 999"),
    ],
)
def test_ground_form_errors_keep_what_was_typed(admin_client, overrides, message):
    grounds.ensure_standard_grounds()
    data = ground_form(**overrides)
    response = admin_client.post("/admin/rejection-grounds/new", data=data)
    assert error_messages(response) == [message]
    assert (input_value(response, "code") or "") == data["code"]
    assert (
        page(response).find("textarea", attrs={"name": "public_wording"}).get_text() == data["public_wording"]
    )


def test_changing_a_ground_keeps_its_code(admin_client):
    ground = factories.ground("names_staff")
    form = admin_client.get(f"/admin/rejection-grounds/{ground.id}/edit")
    assert input_value(form, "code") is None  # not offered for change
    response = admin_client.post(
        f"/admin/rejection-grounds/{ground.id}/edit",
        data=ground_form(
            code="something_else",
            title="Names or identifies a member of staff",
            listed_by_default="listed",
            position="6",
        ),
    )
    assert response.status_code == 302
    assert ground.code == "names_staff"
    assert ground.title == "Names or identifies a member of staff"
    assert not ground.is_active  # the box was not ticked: made inactive


def test_a_ground_that_questions_use_is_deactivated_not_deleted(admin_client):
    ground = factories.ground("names_staff")
    factories.make_question(status=QuestionStatus.REJECTED)
    assert grounds.questions_using(ground) == 1
    confirm = admin_client.get(f"/admin/rejection-grounds/{ground.id}/delete")
    assert heading(confirm) == "This ground cannot be deleted"
    response = admin_client.post(f"/admin/rejection-grounds/{ground.id}/delete")
    assert error_messages(response) == ["This is one of the standard grounds. Make it inactive instead"]
    assert by_code("names_staff") is not None


def test_a_councils_own_unused_ground_can_be_deleted(admin_client, admin):
    ground = grounds.add_ground(
        by=admin,
        code="duplicate_question",
        title="Duplicate",
        public_wording="Asked already.",
        listed_by_default=True,
        position=20,
    )
    confirm = admin_client.get(f"/admin/rejection-grounds/{ground.id}/delete")
    assert heading(confirm) == "Delete the ground?"
    admin_client.post(f"/admin/rejection-grounds/{ground.id}/delete")
    assert by_code("duplicate_question") is None


def test_a_ground_that_questions_use_cannot_be_deleted_in_the_domain(admin):
    ground = grounds.add_ground(
        by=admin,
        code="duplicate_question",
        title="Duplicate",
        public_wording="Asked already.",
        listed_by_default=True,
        position=20,
    )
    question = factories.make_question(status=QuestionStatus.REJECTED)
    question.rejection_ground = ground
    db.session.flush()
    with pytest.raises(GroundError, match="Make it inactive instead"):
        grounds.delete_ground(ground, by=admin)


def test_ground_verbs_check_the_actor(clerk):
    with pytest.raises(NotPermitted):
        grounds.add_ground(
            by=clerk, code="x", title="X", public_wording="X", listed_by_default=True, position=1
        )


# Closure days ----------------------------------------------------------------------------


def next_weekday(days_ahead: int) -> dt.date:
    day = to_london(utcnow()).date() + dt.timedelta(days=days_ahead)
    while day.weekday() >= 5 or deadlines.bank_holiday_name(day):
        day += dt.timedelta(days=1)
    return day


def next_bank_holiday() -> dt.date:
    today = to_london(utcnow()).date()
    upcoming = sorted(d for d in deadlines._bank_holidays() if d > today and d.weekday() < 5)
    if not upcoming:
        pytest.skip("the bundled bank holidays have all passed")
    return upcoming[0]


def test_adding_a_closure_day_recomputes_upcoming_deadlines(admin_client):
    committee = factories.make_committee(deadline_clear_working_days=2)
    meeting = factories.make_meeting(committee, days_ahead=30)
    counted = compute_deadline(meeting.starts_at, 2, committee.rules.deadline_time).counted
    closed = counted[0]
    response = admin_client.post(
        "/admin/closure-days",
        data={
            "day": [str(closed.day), str(closed.month), str(closed.year)],
            "description": "offices closed for a systems upgrade",
        },
        follow_redirects=True,
    )
    assert banners(response)[0] == (
        f"Success {format_date(closed)} is now a closure day. "
        "The question deadlines of 1 upcoming meeting changed."
    )
    assert "not counted (offices closed for a systems upgrade)" in meeting.deadline_explanation
    assert format_date(closed) in text(response)

    closure = db.session.scalar(sa.select(ClosureDay))
    removed = admin_client.post(f"/admin/closure-days/{closure.id}/remove", follow_redirects=True)
    assert (
        "is no longer a closure day. The question deadlines of 1 upcoming meeting changed."
        in banners(removed)[0]
    )
    assert "systems upgrade" not in meeting.deadline_explanation


def test_a_closure_day_leaves_hand_set_and_passed_deadlines_alone(admin):
    committee = factories.make_committee(deadline_clear_working_days=2)
    by_hand = factories.make_meeting(committee, days_ahead=30)
    scheduling.override_deadline(
        by_hand, deadline_at=by_hand.starts_at - dt.timedelta(days=5), by=None, reason="Agreed"
    )
    closing_soon = factories.make_meeting(committee, days_ahead=1)  # its deadline has passed
    hand_set, passed = by_hand.question_deadline_at, closing_soon.question_deadline_at
    day = next_weekday(25)
    _, changed = add_closure_day(by=admin, day=day, description="offices closed")
    assert changed == 0
    assert by_hand.question_deadline_at == hand_set
    assert closing_soon.question_deadline_at == passed


@pytest.mark.parametrize(
    ("day", "description", "message"),
    [
        (["", "", ""], "closed", "Enter the date the offices are closed"),
        (["1", "13", "2030"], "closed", "Date must be a real date"),
        (["1", "1", "2020"], "closed", "The date must be today or in the future"),
        ("weekend", "closed", "is a weekend, so it is not a working day already"),
        ("bank holiday", "closed", "is a bank holiday already"),
        ("weekday", "", "Enter why the offices are closed"),
    ],
)
def test_closure_day_errors(admin_client, day, description, message):
    if day == "weekend":
        saturday = to_london(utcnow()).date() + dt.timedelta(days=10)
        while saturday.weekday() != 5:
            saturday += dt.timedelta(days=1)
        day = [str(saturday.day), str(saturday.month), str(saturday.year)]
    elif day == "bank holiday":
        holiday = next_bank_holiday()
        day = [str(holiday.day), str(holiday.month), str(holiday.year)]
    elif day == "weekday":
        weekday = next_weekday(10)
        day = [str(weekday.day), str(weekday.month), str(weekday.year)]
    response = admin_client.post("/admin/closure-days", data={"day": day, "description": description})
    messages = error_messages(response)
    assert len(messages) == 1
    assert message in messages[0]
    assert [i.get("value") or "" for i in page(response).select("input[name=day]")] == day


def test_a_day_is_closed_once(admin):
    day = next_weekday(20)
    add_closure_day(by=admin, day=day, description="staff training")
    with pytest.raises(ClosureError, match="is already a closure day \\(staff training\\)"):
        add_closure_day(by=admin, day=day, description="again")


def test_closure_day_verbs_check_the_actor(clerk):
    with pytest.raises(NotPermitted):
        add_closure_day(by=clerk, day=next_weekday(20), description="closed")
