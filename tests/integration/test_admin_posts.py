"""Administrators keep the posts that answer questions, their holders and drafters."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.domain.people import posts as domain
from portal.domain.people.posts import PostError
from portal.domain.permissions import NotPermitted
from tests import factories
from tests.html import error_messages, heading, input_value, page, text


def date_parts(day: dt.date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def test_adding_and_changing_a_post(admin_client):
    response = admin_client.post(
        "/admin/posts/new",
        data={"title": "Cabinet member housing", "description": "Answers for council housing."},
    )
    assert response.status_code == 302
    post = domain.all_posts()[0]
    assert post.title == "Cabinet member housing"
    assert heading(admin_client.get(f"/admin/posts/{post.id}")).startswith("Cabinet member housing")

    admin_client.post(
        f"/admin/posts/{post.id}/edit", data={"title": "Cabinet member housing and homes", "description": ""}
    )
    assert post.title == "Cabinet member housing and homes"
    assert not post.is_active  # the box was not ticked


@pytest.mark.parametrize(
    ("title", "message"),
    [("", "Enter the title of the post"), ("x" * 201, "Title must be 200 characters or fewer")],
)
def test_post_form_errors(admin_client, title, message):
    response = admin_client.post("/admin/posts/new", data={"title": title, "description": "Kept"})
    assert error_messages(response) == [message]
    assert page(response).find("textarea", attrs={"name": "description"}).get_text() == "Kept"


def test_post_titles_are_used_once(admin_client):
    factories.make_post("Leader of the council")
    response = admin_client.post("/admin/posts/new", data={"title": "leader of the council"})
    assert error_messages(response) == ["There is already a post with that title"]


def test_adding_ending_and_removing_a_holder(admin_client, councillor):
    post = factories.make_post("Cabinet member children and families")
    form = admin_client.get(f"/admin/posts/{post.id}/holders/new")
    assert input_value(form, "starts_on") is not None  # today is filled in

    response = admin_client.post(
        f"/admin/posts/{post.id}/holders/new",
        data={"user": str(councillor.id), "starts_on": ["22", "5", "2025"], "ends_on": ["", "", ""]},
    )
    assert response.status_code == 302
    holder = post.holders[0]
    assert holder.starts_on == dt.date(2025, 5, 22)
    assert post.is_held_by(councillor)

    ended = admin_client.post(
        f"/admin/posts/{post.id}/holders/{holder.id}/end", data={"ends_on": ["21", "5", "2026"]}
    )
    assert ended.status_code == 302
    assert holder.ends_on == dt.date(2026, 5, 21)
    assert "Still holds it" not in text(admin_client.get(f"/admin/posts/{post.id}"))

    admin_client.post(f"/admin/posts/{post.id}/holders/{holder.id}/remove")
    assert post.holders == []


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "message"),
    [
        (["", "", ""], ["", "", ""], "Enter the date they started in the post"),
        (["22", "", "2025"], ["", "", ""], "Start date must include a month"),
        (["", "", "2025"], ["", "", ""], "Start date must include a day and month"),
        (["31", "2", "2025"], ["", "", ""], "Start date must be a real date"),
        (["1", "two", "2025"], ["", "", ""], "Start date must be a real date"),
        (["1", "2", "25"], ["", "", ""], "Year must include 4 numbers"),
        (["1", "6", "2025"], ["1", "5", "2025"], "The end date must be the same as or after the start date"),
    ],
)
def test_holder_dates_are_checked_and_kept(admin_client, councillor, starts_on, ends_on, message):
    post = factories.make_post()
    response = admin_client.post(
        f"/admin/posts/{post.id}/holders/new",
        data={"user": str(councillor.id), "starts_on": starts_on, "ends_on": ends_on},
    )
    assert error_messages(response) == [message]
    typed = [i.get("value") or "" for i in page(response).select("input[name=starts_on]")]
    assert typed == starts_on
    selected = page(response).select_one("select[name=user] option[selected]")
    assert selected["value"] == str(councillor.id)


def test_a_holder_must_be_chosen_and_hold_the_post_once(admin_client, councillor):
    post = factories.make_post(holders=[councillor])
    missing = admin_client.post(
        f"/admin/posts/{post.id}/holders/new", data={"user": "", "starts_on": ["1", "1", "2026"]}
    )
    assert error_messages(missing) == ["Select who holds the post"]
    twice = admin_client.post(
        f"/admin/posts/{post.id}/holders/new",
        data={"user": str(councillor.id), "starts_on": ["1", "1", "2026"]},
    )
    assert error_messages(twice) == ["Carole Gandy already holds this post from 1 January 2020"]


def test_ending_before_the_start_is_refused(admin_client, councillor):
    post = factories.make_post(holders=[councillor])
    holder = post.holders[0]
    response = admin_client.post(
        f"/admin/posts/{post.id}/holders/{holder.id}/end", data={"ends_on": ["1", "1", "2019"]}
    )
    assert error_messages(response) == ["The end date must be on or after 1 January 2020, when they started"]
    empty = admin_client.post(
        f"/admin/posts/{post.id}/holders/{holder.id}/end", data={"ends_on": ["", "", ""]}
    )
    assert error_messages(empty) == ["Enter the last day they held the post"]


def test_adding_and_removing_an_officer_who_drafts(admin_client, officer, councillor):
    post = factories.make_post()
    form = admin_client.get(f"/admin/posts/{post.id}/drafters/new")
    offered = [o.get_text() for o in page(form).select("select[name=user] option")]
    assert "Owen Officer" in offered
    assert "Carole Gandy" not in offered  # only officers draft

    assert (
        admin_client.post(f"/admin/posts/{post.id}/drafters/new", data={"user": str(officer.id)}).status_code
        == 302
    )
    assert post.is_drafted_by(officer)
    missing = admin_client.post(f"/admin/posts/{post.id}/drafters/new", data={"user": ""})
    assert error_messages(missing) == ["Select an officer"]

    admin_client.post(f"/admin/posts/{post.id}/drafters/{post.drafters[0].id}/remove")
    assert not post.is_drafted_by(officer)


def test_only_officers_draft(admin, councillor):
    post = factories.make_post()
    with pytest.raises(PostError, match="Give Carole Gandy the officer role first"):
        domain.add_drafter(post, by=admin, user=councillor)


def test_post_verbs_check_the_actor(clerk, officer):
    post = factories.make_post()
    with pytest.raises(NotPermitted):
        domain.add_post(by=clerk, title="Anything")
    with pytest.raises(NotPermitted):
        domain.add_drafter(post, by=clerk, user=officer)


def test_unknown_posts_holders_and_drafters_are_not_found(admin_client):
    post = factories.make_post()
    other = factories.make_post(holders=[factories.make_user(roles={"councillor"})])
    assert admin_client.get("/admin/posts/9999").status_code == 404
    assert admin_client.get(f"/admin/posts/{post.id}/holders/{other.holders[0].id}/end").status_code == 404
    assert admin_client.post(f"/admin/posts/{post.id}/drafters/9999/remove").status_code == 404
