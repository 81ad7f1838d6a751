"""The demo loads a published record for each layout, and loading it again changes nothing."""

from __future__ import annotations

import sqlalchemy as sa

from portal.demo import load_demo
from portal.domain.states import QuestionStatus
from portal.extensions import db
from portal.models import Committee, DocumentKind, Layout, Meeting, Publication, Question


def test_the_demo_has_a_published_record_for_each_layout(app, tmp_path, monkeypatch):
    monkeypatch.setattr("portal.demo.foundation.SIGN_INS_FILE", tmp_path / "sign-ins.json")
    monkeypatch.setattr("portal.demo.foundation.INSTANCE", tmp_path)
    # The PDFs are checked elsewhere; here they would only make the demo slow to load.
    monkeypatch.setattr("portal.documents.pdf.render_pdf", lambda model: b"%PDF-1.7 (not rendered)")
    load_demo()
    publications = db.session.scalars(sa.select(Publication).order_by(Publication.id)).all()
    by_layout: dict[Layout, list[Publication]] = {}
    for publication in publications:
        by_layout.setdefault(publication.meeting.committee.layout, []).append(publication)
    for layout in (Layout.TABLE, Layout.REPORTED):
        kinds = [p.kind for p in by_layout[layout]]
        assert kinds[:2] == [DocumentKind.AGENDA_SUPPLEMENT, DocumentKind.MINUTES_APPENDIX]
        assert len(kinds) == 3  # the written answer sent published a third version
        statuses = {
            q.status
            for q in db.session.scalars(
                sa.select(Question)
                .where(Question.meeting_id == by_layout[layout][0].meeting_id)
                .order_by(Question.id)
            )
        }
        assert QuestionStatus.AWAITING_WRITTEN_ANSWER in statuses  # one written answer still owed
    # The next Cabinet meeting is ready for its supplement.
    cabinet = db.session.scalars(
        sa.select(Question)
        .join(Meeting)
        .join(Committee)
        .where(Committee.slug == "cabinet", Question.status == QuestionStatus.ANSWER_APPROVED)
        .order_by(Question.id)
    ).all()
    assert len(cabinet) == 2

    load_demo()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Publication)) == len(publications)
