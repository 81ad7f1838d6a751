"""The demo council loads as one, each step's own data is there and right, and loading
it again changes nothing. The demo is loaded once here (it takes a while); each step's
checks are a subtest and look only at that step's own data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import current_app

from demo import archive, foundation, load_demo
from portal.domain import conditions
from portal.domain.archive.search import SearchQuery, search
from portal.domain.meetings import deadlines, scheduling
from portal.domain.numbers import question_label
from portal.domain.people.accounts import find_user_by_email
from portal.domain.questions import worklist
from portal.domain.states import NUMBERED, QuestionKind, QuestionStatus
from portal.extensions import db
from portal.models import (
    AnswerStatus,
    AnswerTemplate,
    ArchiveEntry,
    ClosureDay,
    Committee,
    DocumentKind,
    Layout,
    Meeting,
    MeetingStatus,
    OutboxMessage,
    Publication,
    PublicationFile,
    Question,
    QuestionDraft,
    QuestionEvent,
    User,
)

S = QuestionStatus
# The families of the seed documents: the demo is fictional and never uses their names.
SEED_FAMILIES = {
    "Currie", "Gallagher", "Griffiths", "Reid", "Fenner", "Barratt", "Steel",
    "Portman-Lewis", "Gandy", "Hobbs",
}  # fmt: skip
TABLES = (User, Meeting, Question, QuestionEvent, Publication, ArchiveEntry, AnswerTemplate, OutboxMessage)


@pytest.fixture
def demo(app, tmp_path, monkeypatch):
    monkeypatch.setattr(foundation, "SIGN_INS_FILE", tmp_path / "demo-sign-ins.json")
    monkeypatch.setattr(foundation, "INSTANCE", tmp_path)
    # The history's shape is what is checked here, not its length (make run loads two years).
    monkeypatch.setattr(archive, "HISTORY_DAYS", 150)
    # The PDFs are checked elsewhere; here they would only make the demo slow to load.
    monkeypatch.setattr(
        "portal.domain.record.documents.pdf.render_pdf", lambda model: b"%PDF-1.7 (not rendered)"
    )
    report = load_demo()
    db.session.commit()  # publishing writes its files once committed
    return report


def _own(prefix: str) -> list[Question]:
    return list(
        db.session.scalars(
            sa.select(Question).where(Question.submission_key.like(f"{prefix}%")).order_by(Question.id)
        )
    )


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_the_demo_loads_as_one_and_loads_again_without_change(demo, subtests):
    with subtests.test("foundation: meetings in every state, closures, sign-ins"):
        meetings = db.session.scalars(sa.select(Meeting).order_by(Meeting.id)).all()
        upcoming = [m for m in meetings if m.starts_at > scheduling.utcnow()]
        assert {m.status for m in upcoming} >= {MeetingStatus.SCHEDULED, MeetingStatus.MOVED}
        assert any(m.status is MeetingStatus.CANCELLED for m in meetings)
        assert any(m.status is MeetingStatus.HELD for m in meetings)
        assert scheduling.meetings_open_for_public_questions(), "one meeting is open for questions"
        assert any(
            m.status is MeetingStatus.SCHEDULED and not conditions.is_open_for_public_questions(m)
            for m in upcoming
        ), "one meeting is past its question deadline"
        closures = db.session.scalars(sa.select(ClosureDay).order_by(ClosureDay.day)).all()
        assert len(closures) == 2
        assert all(deadlines.is_working_day(c.day) for c in closures)
        sign_ins = foundation.demo_sign_ins()
        assert {role for role, _, _, _ in sign_ins} == {"admin", "clerk", "officer", "councillor"}
        assert all(len(password) >= 12 for _, _, password, _ in sign_ins)
        # Administrators and clerks have an authenticator app, whose key the sign-ins keep.
        keyed = {role for role, _, _, key in sign_ins if key}
        assert keyed == {"admin", "clerk"}

    with subtests.test("asking: questions in many statuses, a member question"):
        own = _own("demo-ask-")
        assert {S.UNCONFIRMED, S.RECEIVED, S.CLARIFICATION_REQUESTED, S.REJECTED, S.ACCEPTED} <= {
            q.status for q in own
        }
        [member] = [q for q in own if q.kind is QuestionKind.MEMBER]
        assert member.public_display == "Cllr Priya Natarajan, Aldbury"
        assert _count(QuestionDraft) == 0

    with subtests.test("moderation: something for the clerk, the officer and the councillor"):
        own = _own("demo-moderation-")
        assert sorted(q.status.value for q in own) == [
            "accepted",
            "answer_approved",
            "answer_drafted",
            "received",
            "received",
        ]
        [approved] = [q for q in own if q.status is S.ANSWER_APPROVED]
        assert approved.answer.status is AnswerStatus.APPROVED
        assert approved.answer.approved_by.email == "councillor@kingsmere.gov.uk"
        assert approved.answer.submitted_by.email == "officer@kingsmere.gov.uk"
        numbered = db.session.scalars(
            sa.select(Question)
            .where(Question.meeting_id == own[0].meeting_id, Question.number.is_not(None))
            .order_by(Question.number)
        )
        # Numbered in order of receipt, contiguous, with the asking demo's accepted question among them.
        assert [question_label(q) for q in numbered] == ["PQ 1", "PQ 2", "PQ 3", "PQ 4"]
        officer = find_user_by_email("officer@kingsmere.gov.uk")
        councillor = find_user_by_email("councillor@kingsmere.gov.uk")
        to_draft = {q.id for q in worklist.answers_to_draft(officer)}
        assert {q.id for q in own if q.status is S.ACCEPTED} <= to_draft
        to_approve = {q.id for q in worklist.answers_awaiting_approval_by(councillor)}
        assert {q.id for q in own if q.status is S.ANSWER_DRAFTED} <= to_approve
        waiting = {q.id for q in worklist.moderation_queue()}
        assert {q.id for q in own if q.status is S.RECEIVED} <= waiting

    with subtests.test("records: a published record for each layout; Cabinet ready to publish"):
        for slug, layout in (
            ("council", Layout.TABLE),
            ("children-and-young-people-scrutiny-committee", Layout.REPORTED),
        ):
            committee = db.session.scalar(sa.select(Committee).where(Committee.slug == slug))
            assert committee.layout is layout
            # The records step's meeting: the one with a written answer still owed.
            meeting = db.session.scalar(
                sa.select(Meeting)
                .join(Question, Question.meeting_id == Meeting.id)
                .where(
                    Meeting.committee_id == committee.id,
                    Question.status == S.AWAITING_WRITTEN_ANSWER,
                    Question.submission_key.is_(None),
                )
                .order_by(Meeting.starts_at.desc())
                .limit(1)
            )
            kinds = [p.kind for p in sorted(meeting_publications(meeting), key=lambda p: p.version)]
            assert kinds == [
                DocumentKind.AGENDA_SUPPLEMENT,
                DocumentKind.MINUTES_APPENDIX,
                DocumentKind.MINUTES_APPENDIX,  # the written answer sent published a third version
            ]
        cabinet = db.session.scalars(
            sa.select(Question)
            .join(Meeting)
            .join(Committee)
            .where(Committee.slug == "cabinet", Question.status == S.ANSWER_APPROVED)
            .where(Question.submission_key.is_(None))
            .order_by(Question.id)
        ).all()
        assert [question_label(q) for q in cabinet] == ["PQ 1", "PQ 2"]

    with subtests.test("accountability: tracked actions, feedback, a review and webcast moments"):
        from portal.domain.asking import feedback
        from portal.models import ActionStatus, MeetingAction, RejectionReview

        scrutiny = db.session.scalar(
            sa.select(Committee).where(Committee.slug == "children-and-young-people-scrutiny-committee")
        )
        tracked = db.session.scalars(
            sa.select(MeetingAction)
            .where(MeetingAction.owner_post_id.is_not(None))
            .order_by(MeetingAction.id)
        ).all()
        assert len(tracked) >= 2
        assert all(a.due_on is not None for a in tracked)
        assert {a.status for a in tracked} >= {ActionStatus.OPEN, ActionStatus.DONE}
        assert any(a.is_overdue(dt.date.today()) for a in tracked)
        council = db.session.scalar(sa.select(Committee).where(Committee.slug == "council"))
        counts = feedback.counts_by_committee([council.id])[council.id]
        assert (counts.answered, counts.partly, counts.not_answered) == (1, 1, 1)
        review = db.session.scalars(sa.select(RejectionReview)).one()
        assert review.back_in_queue
        assert review.question.status is S.RECEIVED
        moments = [
            q.outcome.webcast_question_at
            for q in db.session.scalars(
                sa.select(Question)
                .join(Meeting)
                .where(Meeting.committee_id == scrutiny.id, Meeting.webcast_length_seconds.is_not(None))
            )
            if q.outcome is not None
        ]
        assert moments
        assert all(m is not None for m in moments)

    with subtests.test("archive: history published through the verbs, with files and an index"):
        history = _own(archive.KEY)
        assert history
        meetings = {q.meeting for q in history}
        root = Path(current_app.config["PUBLICATION_DIR"])
        for meeting in meetings:
            versions = meeting_publications(meeting)
            assert versions, f"meeting {meeting.id} has published versions"
            assert versions[-1].kind is DocumentKind.MINUTES_APPENDIX
            for publication in versions:
                assert {f.format for f in publication.files} == {"html", "pdf", "docx", "csv", "json"}
                assert (
                    root / "meetings" / str(meeting.id) / "questions" / f"v{publication.version}.html"
                ).exists()
            for kind in QuestionKind:
                numbers = sorted(
                    q.number for q in meeting_questions(meeting) if q.kind is kind and q.status in NUMBERED
                )
                assert numbers == list(range(1, len(numbers) + 1)), "numbers are contiguous"
            published = {q.id for q in meeting_questions(meeting) if q.status in NUMBERED}
            indexed = set(
                db.session.scalars(
                    sa.select(ArchiveEntry.question_id)
                    .where(ArchiveEntry.meeting_id == meeting.id)
                    .order_by(ArchiveEntry.id)
                )
            )
            assert indexed == published, "the archive holds exactly the published questions"
        assert {S.CLOSED, S.REJECTED} <= {q.status for q in history}
        assert any(q.outcome and q.outcome.supplementary_html for q in history)
        assert search(SearchQuery(text="council")).total > 0
        names = {q.last_name for q in db.session.scalars(sa.select(Question).order_by(Question.id))}
        assert not names & SEED_FAMILIES, "the demo is fictional"
        assert not {
            m.template
            for m in db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id))
            if m.question_id in {q.id for q in history}
        }, "the history's old e-mails are not queued"

    with subtests.test("loading again changes nothing"):
        before = {model.__name__: _count(model) for model in (*TABLES, PublicationFile)}
        assert load_demo() == []
        assert {model.__name__: _count(model) for model in (*TABLES, PublicationFile)} == before
        assert foundation.demo_sign_ins() == sign_ins


def meeting_publications(meeting: Meeting) -> list[Publication]:
    return list(
        db.session.scalars(
            sa.select(Publication).where(Publication.meeting_id == meeting.id).order_by(Publication.version)
        )
    )


def meeting_questions(meeting: Meeting) -> list[Question]:
    return list(
        db.session.scalars(sa.select(Question).where(Question.meeting_id == meeting.id).order_by(Question.id))
    )


def test_the_demo_commands_reach_flask_from_the_installed_package_not_the_portal():
    """`flask --app portal demo load` works because the demo package declares its commands
    to Flask's CLI; the portal itself never imports the demo."""
    from importlib import metadata

    import demo

    [entry] = [ep for ep in metadata.entry_points(group="flask.commands") if ep.name == "demo"]
    assert entry.load() is demo.demo_cli
    assert sorted(demo.demo_cli.commands) == ["load", "sign-ins"]
