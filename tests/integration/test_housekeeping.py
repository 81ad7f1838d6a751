"""Expiry, retention and the demo data: the jobs that keep the portal tidy and lawful."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portal.domain.asking import submission
from portal.domain.questions import retention
from portal.domain.states import QuestionStatus
from portal.extensions import db
from portal.models import OutboxMessage, OutboxStatus, utcnow
from portal.tasks import housekeeping
from tests import factories

S = QuestionStatus


def test_purging_removes_contact_details_after_the_retention_period(app):
    now = utcnow()
    old_meeting = factories.make_meeting(starts_at=now - dt.timedelta(days=400))
    recent_meeting = factories.make_meeting(starts_at=now - dt.timedelta(days=30))
    old = factories.make_question(old_meeting, status=S.CLOSED, email="old@example.com")
    old.phone = "01632 960001"
    recent = factories.make_question(recent_meeting, status=S.CLOSED, email="recent@example.com")
    sent = OutboxMessage(
        template="question_received",
        to_address="old@example.com",
        subject="s",
        body_text="b",
        question_id=old.id,
        status=OutboxStatus.SENT,
        sent_at=now,
    )
    db.session.add(sent)
    db.session.flush()

    assert retention.purge_contact_details(now) == 1

    assert (old.email, old.email_normalised, old.phone, old.address_line_1, old.postcode) == (None,) * 5
    assert (old.first_name, old.last_name, old.town) == ("Hannah", "Carter", "Kingsmere")
    assert old.original_text
    assert old.public_display == "Ms Carter, Kingsmere", "the public record is unchanged"
    assert old.personal_data_purged_at == now
    assert old.events[-1].verb == "personal_data_purged"
    assert old.events[-1].is_public is False
    assert recent.email == "recent@example.com"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
    assert retention.purge_contact_details(now) == 0, "purging twice changes nothing"


def test_the_purge_command_reports_how_many(app):
    factories.make_question(factories.make_meeting(starts_at=utcnow() - dt.timedelta(days=400)))
    result = app.test_cli_runner().invoke(args=["retention", "purge"])
    assert result.exit_code == 0, result.output
    assert "Removed contact details from 1 questions (meetings more than 365 days ago)" in result.output


def test_the_expire_command_expires_questions_and_old_drafts(app):
    question = submission.submit_draft(factories.make_draft()).question
    question.created_at = utcnow() - dt.timedelta(hours=49)
    factories.make_draft().updated_at = utcnow() - dt.timedelta(days=5)
    db.session.flush()
    result = app.test_cli_runner().invoke(args=["questions", "expire"])
    assert result.exit_code == 0, result.output
    assert "Expired 1 unconfirmed questions; deleted 1 old drafts" in result.output
    assert question.status is S.EXPIRED


def test_housekeeping_with_nothing_to_do(app):
    assert housekeeping() == (0, 0)
