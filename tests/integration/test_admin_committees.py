"""Administrators add and change committees, their rules, answering posts and members."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from portal.domain.meetings import committees as domain
from portal.domain.meetings.committees import CommitteeError
from portal.domain.permissions import NotPermitted
from portal.extensions import db
from portal.models import Committee, CommitteeKind, Layout, MembershipRole
from tests import factories
from tests.html import banners, error_messages, heading, input_value, page, text


def committee_form(**overrides):
    data = {
        "name": "Adult Social Care Scrutiny Committee",
        "slug": "",
        "kind": "scrutiny",
        "description": "Scrutinises care for adults.",
        "takes": ["public"],
        "layout": "reported",
    }
    data.update(overrides)
    return data


def find(slug):
    return db.session.scalar(sa.select(Committee).where(Committee.slug == slug))


def test_adding_a_committee_makes_its_web_address_and_usual_rules(admin_client):
    response = admin_client.post("/admin/committees/new", data=committee_form())
    assert response.status_code == 302
    committee = find("adult-social-care-scrutiny-committee")
    assert committee.kind is CommitteeKind.SCRUTINY
    assert committee.layout is Layout.REPORTED
    assert committee.takes_public_questions
    assert not committee.takes_member_questions
    assert committee.rules.deadline_clear_working_days == 2
    shown = admin_client.get(response.headers["Location"])
    assert heading(shown).startswith("Adult Social Care Scrutiny Committee")
    assert "has been added with the usual procedure rules" in banners(shown)[0]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Enter the committee's name"),
        ({"kind": ""}, "Select the kind of committee"),
        ({"layout": ""}, "Select how its questions and answers are published"),
        (
            {"slug": "Adult Care!"},
            "The web address must only include lower-case letters, numbers and single hyphens, "
            "like children-scrutiny",
        ),
        (
            {"slug": "adult--care"},
            "The web address must only include lower-case letters, numbers and single hyphens, "
            "like children-scrutiny",
        ),
        ({"slug": "a" * 101}, "The web address must be 100 characters or fewer"),
    ],
)
def test_committee_form_errors(admin_client, overrides, message):
    response = admin_client.post("/admin/committees/new", data=committee_form(**overrides))
    assert error_messages(response) == [message]
    sent = committee_form(**overrides)
    assert (input_value(response, "name") or "") == sent["name"]
    assert (input_value(response, "slug") or "") == sent["slug"]


def test_a_web_address_and_a_name_are_used_once(admin_client):
    factories.make_committee("Cabinet", slug="cabinet")
    taken = admin_client.post("/admin/committees/new", data=committee_form(slug="cabinet"))
    assert error_messages(taken) == ["Cabinet already uses that web address"]
    same_name = admin_client.post(
        "/admin/committees/new", data=committee_form(name="cabinet", slug="cabinet-2")
    )
    assert error_messages(same_name) == ["There is already a committee with that name"]


def test_changing_a_committee(admin_client):
    committee = factories.make_committee("Cabinet", slug="cabinet", takes_member_questions=False)
    form = admin_client.get(f"/admin/committees/{committee.id}/edit")
    assert input_value(form, "slug") == "cabinet"
    assert page(form).find("input", attrs={"name": "kind", "value": "council"}).has_attr("checked")
    response = admin_client.post(
        f"/admin/committees/{committee.id}/edit",
        data=committee_form(
            name="Cabinet", slug="the-cabinet", kind="cabinet", takes=["public", "member"], is_active="y"
        ),
    )
    assert response.status_code == 302
    assert committee.slug == "the-cabinet"
    assert committee.kind is CommitteeKind.CABINET
    assert committee.takes_member_questions


def test_a_committee_with_upcoming_meetings_stays_active(admin_client):
    meeting = factories.make_meeting(days_ahead=10)
    committee = meeting.committee
    response = admin_client.post(
        f"/admin/committees/{committee.id}/edit",
        data=committee_form(name=committee.name, slug=committee.slug),
    )
    assert error_messages(response) == [
        "Cancel or move the committee's upcoming meetings before making it inactive"
    ]
    assert committee.is_active


def test_changing_the_rules_recomputes_upcoming_deadlines_and_says_how_many(admin_client):
    committee = factories.make_committee(deadline_clear_working_days=2)
    first = factories.make_meeting(committee, days_ahead=30)
    second = factories.make_meeting(committee, days_ahead=44)
    by_hand = factories.make_meeting(committee, days_ahead=58)
    from portal.domain.meetings import scheduling

    scheduling.override_deadline(
        by_hand, deadline_at=by_hand.starts_at - dt.timedelta(days=3), by=None, reason="Agreed with the Chair"
    )
    held_by_hand = by_hand.question_deadline_at
    before = first.question_deadline_at
    response = admin_client.post(
        f"/admin/committees/{committee.id}/rules",
        data={
            "deadline_clear_working_days": "3",
            "deadline_time": "5pm",
            "word_limit": "250",
            "questions_per_person": "1",
            "eligibility_wording": "Anyone who lives, works or studies in Kingsmere can ask a question.",
            "written_answer_due_days": "20",
        },
        follow_redirects=True,
    )
    assert "The question deadlines of 2 upcoming meetings changed." in banners(response)[0]
    assert committee.rules.deadline_time == dt.time(17, 0)
    assert committee.rules.word_limit == 250
    assert first.question_deadline_at < before
    assert "3 clear working days before" in first.deadline_explanation
    assert by_hand.question_deadline_at == held_by_hand
    assert second.changes[-1].reason == "The committee's rules or the council's closure days changed"


def test_rules_that_do_not_touch_the_deadline_change_no_deadline(admin_client):
    committee = factories.make_committee()
    factories.make_meeting(committee, days_ahead=30)
    response = admin_client.post(
        f"/admin/committees/{committee.id}/rules",
        data={
            "deadline_clear_working_days": "2",
            "deadline_time": "9:30am",
            "word_limit": "500",
            "questions_per_person": "2",
            "eligibility_wording": "Anyone can ask.",
            "written_answer_due_days": "28",
        },
        follow_redirects=True,
    )
    assert "No upcoming question deadline changed." in banners(response)[0]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("deadline_clear_working_days", "", "Enter the number of clear working days"),
        ("deadline_clear_working_days", "two", "Clear working days must be a whole number, like 1"),
        ("deadline_clear_working_days", "31", "Clear working days must be between 0 and 30"),
        ("deadline_time", "", "Enter the time of the deadline"),
        (
            "deadline_time",
            "9",
            "Time of the deadline must say am or pm, like 2pm, or use the 24-hour clock, like 14:00",
        ),
        ("deadline_time", "25:00", "Time of the deadline must be a real time, like 2pm or 14:30"),
        ("word_limit", "5", "The word limit must be between 10 and 2,000"),
        ("questions_per_person", "0", "Questions per person must be between 1 and 10"),
        ("eligibility_wording", " ", "Enter who can ask a question"),
        ("written_answer_due_days", "400", "Days to send a written answer must be between 1 and 365"),
    ],
)
def test_rules_form_errors_keep_what_was_typed(admin_client, field, value, message):
    committee = factories.make_committee()
    data = {
        "deadline_clear_working_days": "2",
        "deadline_time": "9:30am",
        "word_limit": "300",
        "questions_per_person": "1",
        "eligibility_wording": "Anyone can ask.",
        "written_answer_due_days": "28",
        field: value,
    }
    response = admin_client.post(f"/admin/committees/{committee.id}/rules", data=data)
    assert error_messages(response) == [message]
    if field != "eligibility_wording":
        assert (input_value(response, field) or "") == value
    assert committee.rules.word_limit == 300


def test_answering_posts_are_added_ordered_and_removed(admin_client):
    leader = factories.make_post("Leader of the council")
    children = factories.make_post("Cabinet member children and families")
    committee = factories.make_committee(posts=[leader])
    response = admin_client.post(f"/admin/committees/{committee.id}/posts", data={"post": str(children.id)})
    assert response.status_code == 302
    assert committee.posts == [leader, children]

    second = committee.committee_posts[1]
    admin_client.post(f"/admin/committees/{committee.id}/posts/{second.id}/move", data={"direction": "up"})
    assert [cp.post for cp in sorted(committee.committee_posts, key=lambda cp: cp.position)] == [
        children,
        leader,
    ]

    listed = admin_client.get(f"/admin/committees/{committee.id}/posts")
    assert [" ".join(td.get_text(" ").split()) for td in page(listed).select("tbody td:first-child")] == [
        "1. Cabinet member children and families",
        "2. Leader of the council",
    ]
    admin_client.post(f"/admin/committees/{committee.id}/posts/{second.id}/remove")
    assert committee.posts == [leader]


def test_adding_an_answering_post_needs_a_post(admin_client):
    factories.make_post("Leader of the council")
    committee = factories.make_committee()
    response = admin_client.post(f"/admin/committees/{committee.id}/posts", data={"post": ""})
    assert error_messages(response) == ["Select a post"]


def member_form(**overrides):
    data = {
        "name": "Councillor Margaret Ellery",
        "role": "member",
        "represents": "",
        "substitute_for": "",
        "user": "",
    }
    data.update(overrides)
    return data


def test_members_are_listed_chair_first(admin_client):
    committee = factories.make_committee()
    admin_client.post(
        f"/admin/committees/{committee.id}/members/new", data=member_form(name="Councillor Tom Hebden")
    )
    admin_client.post(
        f"/admin/committees/{committee.id}/members/new",
        data=member_form(name="Janet Oduya", role="co_optee", represents="Representative of Families"),
    )
    admin_client.post(f"/admin/committees/{committee.id}/members/new", data=member_form(role="chair"))
    assert [(m.name, m.role) for m in committee.memberships] == [
        ("Councillor Margaret Ellery", MembershipRole.CHAIR),
        ("Councillor Tom Hebden", MembershipRole.MEMBER),
        ("Janet Oduya", MembershipRole.CO_OPTEE),
    ]
    assert committee.memberships[2].represents == "Representative of Families"
    public = admin_client.get(f"/committees/{committee.slug}")
    assert "Co-opted member: Representative of Families" in text(public)


def test_a_named_substitute_and_a_linked_account(admin_client, admin, councillor):
    committee = factories.make_committee()
    member = domain.add_membership(
        committee,
        by=admin,
        name="Councillor Colin Marchant",
        role=MembershipRole.MEMBER,
    )
    response = admin_client.post(
        f"/admin/committees/{committee.id}/members/new",
        data=member_form(
            name="Councillor Anna Whitfield",
            role="substitute",
            substitute_for=str(member.id),
            user=str(councillor.id),
        ),
    )
    assert response.status_code == 302
    substitute = committee.memberships[-1]
    assert substitute.substitute_for is member
    assert substitute.user is councillor
    shown = admin_client.get(f"/admin/committees/{committee.id}")
    assert "Named substitute for Councillor Colin Marchant" in text(shown)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Enter the member's name"),
        ({"role": ""}, "Select their role on the committee"),
        ({"role": "co_optee"}, "Enter whom the co-opted member represents"),
        ({"role": "substitute"}, "Select the member they are a substitute for"),
    ],
)
def test_member_form_errors(admin_client, overrides, message):
    committee = factories.make_committee()
    response = admin_client.post(
        f"/admin/committees/{committee.id}/members/new", data=member_form(**overrides)
    )
    assert error_messages(response) == [message]
    assert (input_value(response, "name") or "") == member_form(**overrides)["name"]


def test_a_committee_has_one_chair(admin_client, admin):
    committee = factories.make_committee()
    domain.add_membership(committee, by=admin, name="Councillor Margaret Ellery", role=MembershipRole.CHAIR)
    response = admin_client.post(
        f"/admin/committees/{committee.id}/members/new",
        data=member_form(name="Councillor Jonah Pryce", role="chair"),
    )
    assert error_messages(response) == [
        "Councillor Margaret Ellery is already the chairperson. Change their role first"
    ]


def test_changing_and_removing_a_member(admin_client, admin):
    committee = factories.make_committee()
    member = domain.add_membership(
        committee, by=admin, name="Councillor Jonah Pryce", role=MembershipRole.MEMBER
    )
    form = admin_client.get(f"/admin/committees/{committee.id}/members/{member.id}/edit")
    assert page(form).find("input", attrs={"name": "role", "value": "member"}).has_attr("checked")
    admin_client.post(
        f"/admin/committees/{committee.id}/members/{member.id}/edit",
        data=member_form(name="Councillor Jonah Pryce", role="vice_chair"),
    )
    assert member.role is MembershipRole.VICE_CHAIR

    confirm = admin_client.get(f"/admin/committees/{committee.id}/members/{member.id}/remove")
    assert heading(confirm) == "Remove Councillor Jonah Pryce?"
    admin_client.post(f"/admin/committees/{committee.id}/members/{member.id}/remove")
    assert committee.memberships == []


def test_a_member_with_a_named_substitute_is_not_removed_first(admin_client, admin):
    committee = factories.make_committee()
    member = domain.add_membership(
        committee, by=admin, name="Councillor Colin Marchant", role=MembershipRole.MEMBER
    )
    domain.add_membership(
        committee,
        by=admin,
        name="Councillor Anna Whitfield",
        role=MembershipRole.SUBSTITUTE,
        substitute_for=member,
    )
    response = admin_client.post(f"/admin/committees/{committee.id}/members/{member.id}/remove")
    assert error_messages(response) == [
        "Councillor Anna Whitfield is named as a substitute for Councillor Colin Marchant. "
        "Change or remove the substitute first"
    ]
    assert len(committee.memberships) == 2


def test_a_member_of_another_committee_is_not_found(admin_client, admin):
    one, other = factories.make_committee(), factories.make_committee()
    member = domain.add_membership(
        other, by=admin, name="Councillor Ruth Adeyemi", role=MembershipRole.MEMBER
    )
    assert admin_client.get(f"/admin/committees/{one.id}/members/{member.id}/edit").status_code == 404
    assert admin_client.get("/admin/committees/9999").status_code == 404
    assert admin_client.post("/admin/committees/9999/posts/1/remove").status_code == 404


def test_committee_verbs_check_the_actor(clerk):
    committee = factories.make_committee()
    with pytest.raises(NotPermitted):
        domain.add_committee(by=clerk, name="X", slug="x", kind=CommitteeKind.OTHER)
    with pytest.raises(NotPermitted):
        domain.add_membership(committee, by=clerk, name="X", role=MembershipRole.MEMBER)


def test_slugs_are_made_from_names():
    assert domain.slug_from_name("Children and Young People Scrutiny Committee") == (
        "children-and-young-people-scrutiny-committee"
    )
    assert domain.slug_from_name("Health & Wellbeing Board (Kingsmere)") == "health-wellbeing-board-kingsmere"


def test_rule_ranges_are_checked_in_the_domain_too(admin):
    committee = factories.make_committee()
    with pytest.raises(CommitteeError, match="between 0 and 30"):
        domain.update_rules(
            committee,
            by=admin,
            deadline_clear_working_days=40,
            deadline_time=dt.time(9, 30),
            word_limit=300,
            questions_per_person=1,
            eligibility_wording="Anyone",
            written_answer_due_days=28,
        )
