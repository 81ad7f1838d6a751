"""Publishing the record: refused with exactly what is missing, versions in one sequence,
questions moved through the lifecycle, questioners told, and published bytes never changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.domain.meetings import proceedings
from portal.domain.permissions import NotPermitted
from portal.domain.record import publishing
from portal.domain.states import QuestionStatus
from portal.extensions import db
from portal.models import (
    DocumentKind,
    OutboxMessage,
    Publication,
    PublicationFile,
    PutOutcome,
    QuestionEvent,
)
from portal.models.questions import ImmutableRecordError
from tests import factories
from tests.factories import london
from tests.record_factories import ready_meeting

S = QuestionStatus


def _record_meeting(meeting, questions, clerk, *, promise=None):
    for question in questions:
        proceedings.save_outcome(
            question,
            by=clerk,
            now=london(2030, 3, 12, 17, 0),
            changes={
                "put": PutOutcome.PUT_BY_QUESTIONER,
                "supplementary": "Will the council publish the figures every quarter?",
                "supplementary_answered_by": "Cabinet member children and families",
                "supplementary_answer": "Yes, from April.",
                "written_answer_promised": question is promise,
            },
        )
    proceedings.record_meeting_times(
        meeting,
        by=clerk,
        started_at=london(2030, 3, 12, 14, 30),
        ended_at=london(2030, 3, 12, 16, 5),
        now=london(2030, 3, 12, 17, 0),
    )


def test_publishing_is_refused_with_exactly_what_is_missing(clerk):
    meeting, questions = ready_meeting(answered=False, venue="")
    meeting.public_questions_item = None
    factories.make_approved_answer(questions[0])
    undecided = factories.make_question(meeting, status=S.RECEIVED)
    db.session.flush()

    with pytest.raises(publishing.RecordIncomplete) as refused:
        publishing.publish_supplement(meeting, by=clerk)

    assert [m.message for m in refused.value.missing] == [
        "Enter where the meeting is held (the venue is empty)",
        f"Accept or reject question {undecided.reference} (received, not yet decided)",
        "Enter the agenda item number for questions from members of the public",
        "PQ 2 has no approved answer",
        "MQ 1 has no approved answer",
    ]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Publication)) == 0
    assert [q.status for q in questions] == [S.ANSWER_APPROVED, S.ACCEPTED, S.ACCEPTED]  # as they were


def test_minutes_appendix_is_refused_until_the_meeting_is_recorded(clerk):
    meeting, questions = ready_meeting(public=2, member=0)
    publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))
    proceedings.save_outcome(
        questions[0],
        by=clerk,
        changes={"put": PutOutcome.PUT_BY_QUESTIONER, "supplementary": "Why so many agency staff?"},
    )

    missing = publishing.check_completeness(meeting, DocumentKind.MINUTES_APPENDIX)

    assert [m.message for m in missing] == [
        "PQ 1: record the answer to the supplementary question",
        "PQ 1: record who answered the supplementary question",
        "PQ 2: record whether the question was put at the meeting",
        "Record the time the meeting started",
        "Record the time the meeting ended",
    ]


def test_gaps_in_numbering_must_be_closed_before_publishing(clerk):
    meeting, questions = ready_meeting(public=3, member=0)
    questions[1].number = 5
    db.session.flush()
    messages = [m.message for m in publishing.check_completeness(meeting, DocumentKind.AGENDA_SUPPLEMENT)]
    assert messages == ["Renumber the public questions so they run in order: PQ 2, PQ 4 are missing"]


def test_publishing_the_supplement_freezes_version_1_and_tells_each_questioner(clerk):
    meeting, questions = ready_meeting()
    published = publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))

    assert (published.version, published.kind, published.change_note) == (
        1,
        DocumentKind.AGENDA_SUPPLEMENT,
        None,
    )
    assert published.checksum == hashlib.sha256(published.model_json.encode()).hexdigest()
    assert {f.format for f in published.files} == {"html", "pdf", "docx", "csv", "json"}
    assert all(f.sha256 == hashlib.sha256(f.content).hexdigest() for f in published.files)
    assert {q.status for q in questions} == {S.PUBLISHED}
    assert questions[0].events[-1].verb == "publish"
    messages = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [m.template for m in messages] == ["answer_published"] * 3
    assert f"/meetings/{meeting.id}/questions#pq-1" in messages[0].body_text
    assert f"/meetings/{meeting.id}/questions#mq-1" in messages[2].body_text


def test_the_appendix_closes_questions_or_leaves_them_waiting_for_a_written_answer(clerk):
    meeting, questions = ready_meeting(public=2, member=0)
    publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))
    _record_meeting(meeting, questions, clerk, promise=questions[1])

    appendix = publishing.publish_appendix(meeting, by=clerk, now=london(2030, 3, 13, 9, 0))

    assert (appendix.version, appendix.kind) == (2, DocumentKind.MINUTES_APPENDIX)
    assert appendix.change_note == publishing.APPENDIX_NOTE
    assert [q.status for q in questions] == [S.CLOSED, S.AWAITING_WRITTEN_ANSWER]
    owed = appendix.model["sections"][0]["items"][1]["written_answer"]
    assert (owed["due_on"], owed["sent_on"], owed["label"]) == (
        "2030-04-09",
        None,
        "Written response to follow, due by 9 April 2030",
    )
    # Each questioner is told once, however many versions follow.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 2


def test_recording_a_sent_written_answer_publishes_a_new_version_with_a_change_note(clerk):
    meeting, questions = ready_meeting(public=2, member=0)
    publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))
    _record_meeting(meeting, questions, clerk, promise=questions[1])
    publishing.publish_appendix(meeting, by=clerk, now=london(2030, 3, 13, 9, 0))

    version = publishing.record_sent_written_answer(
        questions[1],
        by=clerk,
        sent_on=london(2030, 3, 25, 12).date(),
        body_source="The figures are in the table.\n\n| Month | Agency |\n| --- | --- |\n| March | 31 |",
        now=london(2030, 3, 26, 9, 0),
    )

    assert version.version == 3
    assert version.change_note == "Written response sent on 25 March 2030 to PQ 2"
    assert questions[1].status is S.CLOSED
    item = version.model["sections"][0]["items"][1]
    assert item["written_answer"]["label"] == "Written response sent on 25 March 2030:"
    assert '<th scope="col">Month</th>' in item["written_answer"]["html"]
    assert [e.verb for e in questions[1].events][-1] == "send_written_answer"
    sent = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.template == "written_answer_sent"))
    assert f"/meetings/{meeting.id}/questions#pq-2" in sent.body_text


def test_a_published_version_never_changes_after_later_edits(app, clerk):
    meeting, questions = ready_meeting(public=2, member=1)
    first = publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))
    db.session.commit()  # the files are written once the publication is committed
    root = Path(app.config["PUBLICATION_DIR"]) / "meetings" / str(meeting.id)
    before = {f.format: f.content for f in first.files}
    on_disk = {fmt: (root / "questions" / f"v1.{fmt}").read_bytes() for fmt in before}
    assert on_disk == before
    assert (root / "questions.pdf").read_bytes() == before["pdf"]

    # Later: the answer is corrected, the meeting recorded, the appendix and a correction published.
    questions[0].answer.body_html = "<p>A corrected answer.</p>"
    _record_meeting(meeting, questions, clerk)
    publishing.publish_appendix(meeting, by=clerk, now=london(2030, 3, 13, 9, 0))
    correction = publishing.publish_correction(
        meeting, by=clerk, change_note="PQ 1: the answer's figures corrected", now=london(2030, 3, 14, 9, 0)
    )
    db.session.commit()

    db.session.expire_all()
    stored = {f.format: f.content for f in db.session.get(Publication, first.id).files}
    assert stored == before
    assert {fmt: (root / "questions" / f"v1.{fmt}").read_bytes() for fmt in before} == before
    assert (root / "questions.html").read_bytes() == (root / "questions" / "v3.html").read_bytes()
    assert correction.version == 3
    assert "A corrected answer." in correction.model["sections"][0]["items"][0]["response_html"]

    # Rendering a version again from its frozen model gives exactly the published bytes.
    from portal.domain.record import documents

    assert documents.render_all(first.model) == before


def test_published_rows_cannot_be_edited(clerk):
    meeting, _ = ready_meeting(public=1, member=0)
    publishing.publish_supplement(meeting, by=clerk)
    db.session.commit()
    published = db.session.scalars(sa.select(Publication)).one()
    published.change_note = "Quietly changed"
    with pytest.raises(ImmutableRecordError):
        db.session.flush()
    db.session.rollback()
    stored = db.session.scalars(sa.select(PublicationFile).order_by(PublicationFile.id)).first()
    stored.content = b"tampered"
    with pytest.raises(ImmutableRecordError):
        db.session.flush()


def test_a_correction_needs_a_change_note_and_something_published(clerk):
    meeting, _ = ready_meeting(public=1, member=0)
    with pytest.raises(publishing.NothingToPublish, match="Nothing has been published"):
        publishing.publish_correction(meeting, by=clerk, change_note="Typo")
    publishing.publish_supplement(meeting, by=clerk)
    with pytest.raises(publishing.NothingToPublish, match="Enter what was corrected"):
        publishing.publish_correction(meeting, by=clerk, change_note="   ")


def test_only_clerks_publish(officer):
    meeting, _ = ready_meeting(public=1, member=0)
    with pytest.raises(NotPermitted):
        publishing.publish_supplement(meeting, by=officer)


def test_a_question_withdrawn_after_publication_keeps_its_number(clerk):
    meeting, questions = ready_meeting(public=3, member=0)
    publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))
    from portal.domain import lifecycle

    lifecycle.transition(questions[1], "withdraw", actor=None, actor_kind="questioner")
    state = publishing.state_of(meeting)
    assert state.changed_since_latest

    correction = publishing.publish_correction(
        meeting, by=clerk, change_note="PQ 2 withdrawn by the questioner"
    )

    items = correction.model["sections"][0]["items"]
    assert [(i["label"], i["withdrawn"], i["question_text"]) for i in items] == [
        ("PQ 1", False, questions[0].original_text),
        ("PQ 2", True, ""),
        ("PQ 3", False, questions[2].original_text),
    ]


def test_preview_is_marked_and_writes_nothing(clerk):
    meeting, questions = ready_meeting(public=1, member=0)
    model = publishing.preview_model(meeting, DocumentKind.AGENDA_SUPPLEMENT)
    assert model["document"]["preview"] is True
    assert model["document"]["version"] == 1
    assert questions[0].status is S.ANSWER_APPROVED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Publication)) == 0
    events = db.session.scalar(
        sa.select(sa.func.count()).select_from(QuestionEvent).where(QuestionEvent.verb == "publish")
    )
    assert events == 0


def _locking_reads(meeting, questions, clerk) -> list[str]:
    """The statements publishing the meeting's minutes appendix makes to lock the meeting
    and read its questions afresh before moving them."""
    from tests.integration.test_query_counts import counting_queries

    _record_meeting(meeting, questions, clerk)
    with counting_queries() as statements:
        publishing.publish_appendix(meeting, by=clerk, now=london(2030, 3, 13, 9, 0))
    return [
        statement
        for statement in statements
        if statement.startswith("SELECT meeting.id \nFROM meeting")
        or ("\nFROM question \nWHERE question.id" in statement)
    ]


def test_publishing_locks_and_reads_a_whole_meeting_in_as_many_queries_as_a_few_questions(clerk):
    few = _locking_reads(*ready_meeting(public=2, member=1), clerk)
    meeting, questions = ready_meeting(public=14, member=4)
    many = _locking_reads(meeting, questions, clerk)
    assert len(few) >= 2
    assert len(many) == len(few), "\n".join(many)
    # Each question published, then closed, one event each, in that order.
    assert {q.status for q in questions} == {S.CLOSED}
    for question in questions:
        assert [event.verb for event in question.events][-2:] == ["publish", "close"]
