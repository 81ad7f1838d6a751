"""The demo council loads once, shows every state a meeting can be in, and loads again safely."""

from __future__ import annotations

import sqlalchemy as sa

from portal.demo import foundation, load_demo
from portal.domain import deadlines, scheduling
from portal.extensions import db
from portal.models import ClosureDay, Meeting, MeetingStatus, User


def test_the_demo_council_loads_and_loads_again_without_change(app, tmp_path, monkeypatch):
    monkeypatch.setattr(foundation, "SIGN_INS_FILE", tmp_path / "demo-sign-ins.json")
    monkeypatch.setattr(foundation, "INSTANCE", tmp_path)
    load_demo()
    meetings = db.session.scalars(sa.select(Meeting).order_by(Meeting.id)).all()
    statuses = {m.status for m in meetings}
    assert statuses == {
        MeetingStatus.SCHEDULED,
        MeetingStatus.MOVED,
        MeetingStatus.HELD,
        MeetingStatus.CANCELLED,
    }
    assert scheduling.meetings_open_for_public_questions(), "one meeting is open for questions"
    assert any(
        m.status is MeetingStatus.SCHEDULED and not scheduling.is_open_for_public_questions(m)
        for m in meetings
    ), "one meeting is past its question deadline"
    closures = db.session.scalars(sa.select(ClosureDay).order_by(ClosureDay.day)).all()
    assert len(closures) == 2
    assert all(deadlines.is_working_day(c.day) for c in closures)
    sign_ins = foundation.demo_sign_ins()
    assert {role for role, _, _ in sign_ins} == {"admin", "clerk", "officer", "councillor"}
    assert all(len(password) >= 12 for _, _, password in sign_ins)

    users_before = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    assert load_demo() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == len(meetings)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == users_before
    assert foundation.demo_sign_ins() == sign_ins
