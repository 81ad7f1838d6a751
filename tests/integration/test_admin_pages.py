"""Every admin page opens, with one heading and a legend for every group of fields."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.extensions import db
from portal.models import ClosureDay, Membership, MembershipRole
from tests import factories
from tests.html import heading, page


@pytest.fixture
def council(admin):
    """A small council: a committee with a member, a post with a holder and drafter, a meeting."""
    officer = factories.make_user(roles={"officer"}, first_name="Daniel", last_name="Okafor")
    councillor = factories.make_user(
        roles={"councillor"}, first_name="Priya", last_name="Natarajan", ward="Aldbury"
    )
    post = factories.make_post(
        "Cabinet member children and families", holders=[councillor], drafters=[officer]
    )
    committee = factories.make_committee("Cabinet", slug="cabinet", posts=[post])
    member = Membership(name="Councillor Priya Natarajan", role=MembershipRole.CHAIR, user=councillor)
    committee.memberships.append(member)
    meeting = factories.make_meeting(committee, days_ahead=30)
    closure = ClosureDay(day=dt.date.today() + dt.timedelta(days=60), description="offices closed for a move")
    db.session.add(closure)
    db.session.flush()
    return {
        "user": officer,
        "committee": committee,
        "member": member,
        "post": post,
        "holder": post.holders[0],
        "meeting": meeting,
        "ground": factories.ground("names_staff"),
    }


def admin_pages(c):
    committee, post, meeting = c["committee"], c["post"], c["meeting"]
    return [
        "/admin/",
        "/admin/staff",
        "/admin/staff/new",
        f"/admin/staff/{c['user'].id}",
        f"/admin/staff/{c['user'].id}/edit",
        f"/admin/staff/{c['user'].id}/disable",
        f"/admin/staff/{c['user'].id}/new-password",
        "/admin/committees",
        "/admin/committees/new",
        f"/admin/committees/{committee.id}",
        f"/admin/committees/{committee.id}/edit",
        f"/admin/committees/{committee.id}/rules",
        f"/admin/committees/{committee.id}/posts",
        f"/admin/committees/{committee.id}/members/new",
        f"/admin/committees/{committee.id}/members/{c['member'].id}/edit",
        f"/admin/committees/{committee.id}/members/{c['member'].id}/remove",
        "/admin/posts",
        "/admin/posts/new",
        f"/admin/posts/{post.id}",
        f"/admin/posts/{post.id}/edit",
        f"/admin/posts/{post.id}/holders/new",
        f"/admin/posts/{post.id}/holders/{c['holder'].id}/end",
        f"/admin/posts/{post.id}/drafters/new",
        "/admin/meetings",
        "/admin/meetings?show=past",
        f"/admin/meetings?committee={committee.id}",
        "/admin/meetings/new",
        f"/admin/meetings/new?committee={committee.id}",
        f"/admin/meetings/{meeting.id}",
        f"/admin/meetings/{meeting.id}/edit",
        f"/admin/meetings/{meeting.id}/move",
        f"/admin/meetings/{meeting.id}/cancel",
        f"/admin/meetings/{meeting.id}/deadline",
        "/admin/rejection-grounds",
        "/admin/rejection-grounds/new",
        f"/admin/rejection-grounds/{c['ground'].id}/edit",
        f"/admin/rejection-grounds/{c['ground'].id}/delete",
        "/admin/closure-days",
    ]


def test_every_admin_page_opens_for_an_administrator(admin_client, council):
    for path in admin_pages(council):
        response = admin_client.get(path)
        assert response.status_code == 200, path
        assert heading(response), path
        assert len(page(response).find_all("h1")) == 1, path
        for fieldset in page(response).select("fieldset"):
            legend = fieldset.find("legend")
            assert legend is not None, path
            assert legend.get_text(strip=True), (path, "a fieldset's legend is empty")
