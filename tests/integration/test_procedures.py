"""Each committee's procedure for its record, overridable per meeting: numbering schemes,
the labelled layout, how questioners are shown, and which questions count against the
limit. Nothing already published changes when the procedure does."""

from __future__ import annotations

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

from portal.domain.asking import submission
from portal.domain.meetings import procedure
from portal.domain.meetings.procedure import ProcedureError
from portal.domain.permissions import NotPermitted
from portal.domain.record import publishing
from portal.domain.record.build import display_name
from portal.domain.record.publishing import RecordIncomplete
from portal.models import Arrival, Layout, Numbering, OnBehalfStyle, QuestionerStyle
from tests import factories
from tests.document_text import docx_text, find_in_order, html_items, pdf_text
from tests.record_factories import ready_meeting


def _files(publication) -> dict[str, bytes]:
    return {f.format: f.content for f in publication.files}


def _labels(publication) -> list[str]:
    rows = csv.DictReader(io.StringIO(_files(publication)["csv"].decode("utf-8-sig")))
    return [row["number"] for row in rows]


def _meeting(**rules):
    meeting, questions = ready_meeting(public=2, member=1, **rules)
    meeting.public_questions_item, meeting.member_questions_item = "11", "12"
    return meeting, questions


@pytest.mark.parametrize(
    ("rules", "labels", "anchors"),
    [
        ({}, ["PQ 1", "PQ 2", "MQ 1"], ["pq-1", "pq-2", "mq-1"]),
        ({"public_prefix": "SPQ"}, ["SPQ 1", "SPQ 2", "MQ 1"], ["spq-1", "spq-2", "mq-1"]),
        ({"numbering": Numbering.AGENDA_ITEM}, ["11.1", "11.2", "12.1"], ["11-1", "11-2", "12-1"]),
        ({"numbering": Numbering.LETTERED}, ["a)", "b)", "a)"], ["public-1", "public-2", "member-1"]),
        ({"numbering": Numbering.NONE}, ["", "", ""], ["public-1", "public-2", "member-1"]),
    ],
)
def test_each_numbering_scheme_numbers_the_record_without_collisions(app, clerk, rules, labels, anchors):
    meeting, _ = _meeting(**rules)
    published = publishing.publish_supplement(meeting, by=clerk)
    assert _labels(published) == labels
    items = [i for s in json.loads(_files(published)["json"])["sections"] for i in s["items"]]
    assert [i["anchor"] for i in items] == anchors
    assert len(set(anchors)) == len(anchors)
    html = _files(published)["html"].decode()
    for anchor in anchors:
        assert f'id="{anchor}"' in html


def test_numbers_that_would_collide_are_refused(app, clerk):
    admin = factories.make_user(roles={"admin"})
    meeting, _ = _meeting()
    with pytest.raises(ProcedureError) as refused:
        procedure.set_committee_procedure(
            meeting.committee,
            by=admin,
            layout=Layout.TABLE,
            numbering=Numbering.PREFIXED,
            public_prefix="Q",
            member_prefix="q",
            questioner_style=QuestionerStyle.TITLE_SURNAME_TOWN,
            on_behalf_counts=False,
        )
    assert refused.value.errors == {
        "member_prefix": (
            "Public and member questions both start Q, so both would be Q 1: give them different prefixes"
        )
    }
    with pytest.raises(ProcedureError) as refused:
        procedure.override_for_meeting(
            meeting,
            by=admin,
            layout=None,
            numbering=None,
            public_prefix="P Q",
            member_prefix=None,
            questioner_style=None,
        )
    assert refused.value.errors == {"public_prefix": "Enter a prefix of 1 to 10 letters, such as PQ or SPQ"}

    procedure.override_for_meeting(
        meeting,
        by=admin,
        layout=None,
        numbering=Numbering.AGENDA_ITEM,
        public_prefix=None,
        member_prefix=None,
        questioner_style=None,
    )
    meeting.member_questions_item = "11"
    with pytest.raises(RecordIncomplete) as refused:
        publishing.publish_supplement(meeting, by=clerk)
    assert "both under agenda item 11, so both would be 11.1" in str(refused.value)
    with pytest.raises(NotPermitted):
        procedure.override_for_meeting(
            meeting,
            by=clerk,
            layout=None,
            numbering=None,
            public_prefix=None,
            member_prefix=None,
            questioner_style=None,
        )


def test_changing_the_committee_never_changes_a_published_meeting(app, clerk):
    admin = factories.make_user(roles={"admin"})
    meeting, _ = _meeting()
    publishing.publish_supplement(meeting, by=clerk)
    kept = procedure.set_committee_procedure(
        meeting.committee,
        by=admin,
        layout=Layout.LABELLED,
        numbering=Numbering.PREFIXED,
        public_prefix="SPQ",
        member_prefix="MQ",
        questioner_style=QuestionerStyle.FULL_NAME,
        on_behalf_counts=False,
    )
    assert kept == 1
    correction = publishing.publish_correction(meeting, by=clerk, change_note="A typing error")
    assert _labels(correction) == ["PQ 1", "PQ 2", "MQ 1"]
    assert correction.model["committee"]["layout"] == "table"

    # The next meeting follows the committee's new procedure.
    later, _ = ready_meeting(public=1, member=0, starts_at=factories.london(2030, 6, 1, 14, 0))
    later.committee, later.public_questions_item = meeting.committee, "5"
    assert _labels(publishing.publish_supplement(later, by=clerk)) == ["SPQ 1"]

    # A published meeting's numbers are fixed; its layout may change from the next version.
    with pytest.raises(ProcedureError) as refused:
        procedure.override_for_meeting(
            meeting,
            by=admin,
            layout=None,
            numbering=Numbering.LETTERED,
            public_prefix=None,
            member_prefix=None,
            questioner_style=None,
        )
    assert refused.value.errors["numbering"].startswith("This meeting's record has been published")
    procedure.override_for_meeting(
        meeting,
        by=admin,
        layout=Layout.REPORTED,
        numbering=Numbering.PREFIXED,
        public_prefix="PQ",
        member_prefix="MQ",
        questioner_style=QuestionerStyle.TITLE_SURNAME_TOWN,
    )
    again = publishing.publish_correction(meeting, by=clerk, change_note="Reported layout")
    assert again.model["committee"]["layout"] == "reported"
    assert _labels(again) == ["PQ 1", "PQ 2", "MQ 1"]


def test_the_labelled_layout_names_each_speaker_in_every_format(app, clerk):
    meeting, questions = _meeting(layout=Layout.LABELLED)
    questions[0].answered_by = "Councillor A B, Cabinet Member for Resources"
    published = publishing.publish_supplement(meeting, by=clerk)
    words = [
        "PQ 1",
        "Question",
        "Ms Carter, Aldbury",
        "Question 1: how many social workers are agency staff?",
        "Response",
        "Councillor A B, Cabinet Member for Resources",
    ]
    find_in_order(html_items(_files(published)["html"])["PQ 1"], words)
    find_in_order(docx_text(_files(published)["docx"]), words)
    assert published.model["committee"]["layout"] == "labelled"


def test_questioners_are_shown_as_the_procedure_says(app):
    _, questions = _meeting()
    smith = questions[1]
    smith.title, smith.first_name, smith.last_name, smith.town = "Mr", "James", "Smith", "Castle ward"
    shown = {style: display_name(smith, style) for style in QuestionerStyle}
    assert shown == {
        QuestionerStyle.TITLE_SURNAME_TOWN: "Mr Smith, Castle ward",
        QuestionerStyle.FULL_NAME_WITH_TITLE: "Mr James Smith",
        QuestionerStyle.FULL_NAME: "James Smith",
        QuestionerStyle.NAME_AND_LOCALITY: "James Smith of Castle ward",
    }
    smith.publish_name = False
    assert {display_name(smith, style) for style in QuestionerStyle} == {"Name and address supplied"}
    member = questions[2]
    member.ward = None
    assert display_name(member, QuestionerStyle.FULL_NAME).startswith("Cllr ")
    assert not display_name(member, QuestionerStyle.FULL_NAME).endswith(",")


@pytest.mark.parametrize("counts", [False, True])
def test_questions_on_behalf_of_others_count_only_where_the_committee_says(app, counts):
    committee = factories.make_committee(questions_per_person=1, on_behalf_counts=counts)
    meeting = factories.make_meeting(committee)
    factories.make_question(meeting, email="hanna@example.com", on_behalf_of="Teresa Fenner")
    if counts:
        with pytest.raises(submission.LimitReached):
            submission.check_limit(meeting, "hanna@example.com")
        return
    submission.check_limit(meeting, "hanna@example.com")
    factories.make_question(meeting, email="hanna@example.com")
    with pytest.raises(submission.LimitReached):
        submission.check_limit(meeting, "hanna@example.com")
    if not counts:
        submission.check_limit(meeting, "hanna@example.com", on_behalf_of="Hereford Common Bond")


def _running(model: dict) -> list[str]:
    day = model["meeting"]["date_text"].split(" ", 1)[1]
    return [model["council"]["name"], f"{model['committee']['name']}, {day}"]


def _every_format(publication) -> dict[str, str]:
    """The text of each format a user can download, by format."""
    files = _files(publication)
    return {
        "html": html_items(files["html"])["PQ 1"],
        "pdf": " ".join(pdf_text(files["pdf"], _running(publication.model)).split()),
        "docx": docx_text(files["docx"]),
        "csv": files["csv"].decode("utf-8-sig"),
        "json": json.dumps(json.loads(files["json"]), ensure_ascii=False),
    }


def test_someone_asking_for_an_organisation_is_shown_as_the_procedure_says_in_every_format(app, clerk):
    meeting, questions = _meeting(on_behalf_style=OnBehalfStyle.PLAIN)
    questions[0].on_behalf_of = "Aldbury Residents' Association"
    published = publishing.publish_supplement(meeting, by=clerk)
    for name, shown in _every_format(published).items():
        assert "Ms Carter on behalf of Aldbury Residents' Association" in shown, name
        assert "Ms Carter, Aldbury" not in shown, name
        assert "(on behalf of" not in shown, name

    # The committee's usual form keeps the brackets, and one meeting may differ.
    later, others = _meeting()
    others[0].on_behalf_of = "Teresa Fenner"
    item = publishing.publish_supplement(later, by=clerk).model["sections"][0]["items"][0]
    assert item["questioner"] == "Ms Carter, Aldbury (on behalf of Teresa Fenner)"
    admin = factories.make_user(roles={"admin"})
    third, more = _meeting()
    more[0].on_behalf_of = "Teresa Fenner"
    more[0].publish_name = False
    procedure.override_for_meeting(
        third,
        by=admin,
        layout=None,
        numbering=None,
        public_prefix=None,
        member_prefix=None,
        questioner_style=QuestionerStyle.NAME_AND_LOCALITY,
        on_behalf_style=OnBehalfStyle.PLAIN,
    )
    more[1].on_behalf_of = "Westcote Cycling Club"
    items = publishing.publish_supplement(third, by=clerk).model["sections"][0]["items"]
    assert [i["questioner"] for i in items] == [
        "Name and address supplied",
        "Joe Patel on behalf of Westcote Cycling Club",
    ]


def test_how_a_question_arrived_is_printed_only_where_the_procedure_says(app, clerk):
    admin = factories.make_user(roles={"admin"})
    meeting, questions = _meeting(prints_arrival=False)
    questions[0].arrival = Arrival.EMAIL
    published = publishing.publish_supplement(meeting, by=clerk)
    for name, shown in _every_format(published).items():
        assert "Received by e-mail" not in shown, name

    procedure.override_for_meeting(
        meeting,
        by=admin,
        layout=None,
        numbering=None,
        public_prefix=None,
        member_prefix=None,
        questioner_style=None,
        prints_arrival=True,
    )
    correction = publishing.publish_correction(meeting, by=clerk, change_note="How each question arrived")
    for name, shown in _every_format(correction).items():
        assert "Received by e-mail" in shown, name

    # Turning it off for the committee changes neither version already published nor the
    # next version of this meeting, whose procedure was fixed when it was published.
    procedure.set_committee_procedure(
        meeting.committee,
        by=admin,
        layout=Layout.TABLE,
        numbering=Numbering.PREFIXED,
        public_prefix="PQ",
        member_prefix="MQ",
        questioner_style=QuestionerStyle.TITLE_SURNAME_TOWN,
        on_behalf_counts=False,
        prints_arrival=False,
    )
    assert "Received by e-mail" in _every_format(publishing.publication(meeting, 2))["html"]
    again = publishing.publish_correction(meeting, by=clerk, change_note="Another correction")
    assert again.model["sections"][0]["items"][0]["arrival"]["label"] == "Received by e-mail"


@pytest.mark.parametrize("numbering", [Numbering.NONE, Numbering.LETTERED])
def test_every_link_in_the_contents_of_a_record_says_where_it_goes(app, clerk, numbering):
    meeting, _ = _meeting(numbering=numbering)
    html = _files(publishing.publish_supplement(meeting, by=clerk))["html"].decode()
    soup = BeautifulSoup(html, "html.parser")
    links = [a.get_text(" ", strip=True) for a in soup.select(".app-record-contents__items a")]
    expected = {
        Numbering.NONE: ["Ms Carter, Aldbury", "Mr Patel, Westcote", "Cllr Carole Gandy"],
        Numbering.LETTERED: ["a)", "b)", "a)"],
    }[numbering]
    assert [link.split(",")[0] for link in links] == [e.split(",")[0] for e in expected]
