"""Removing personal data once it is no longer needed: the retention schedule.

`flask --app portal retention purge` (daily) applies every line of `schedule()`, which
the privacy page shows:

- RETENTION_DAYS after the meeting a question was for, its e-mail address, phone number,
  address and postcode are removed. The name, town and words stay: they are part of the
  public record (and how the record shows the questioner). Messages about the question
  that were already sent go too, since they hold the address.
- Unsent questions (drafts): DRAFT_LIFETIME_DAYS after they were last changed, or
  EMPTY_DRAFT_HOURS if nothing but a meeting was chosen.
- E-mail already sent: its text and address after OUTBOX_RETENTION_DAYS (the record
  that a message was sent, and when, stays).
- Staff sign-in records (sessions and the security log): SECURITY_LOG_RETENTION_DAYS.
- Requests for a copy of data, or erasure: DATA_REQUEST_RETENTION_DAYS; a download
  link itself works DATA_EXPORT_DAYS.
- Alert subscriptions: stopped ones, and ones never confirmed, after OUTBOX_RETENTION_DAYS.

The portal writes no log files of its own; what it logs to standard error never holds
a token, a password or a questioner's contact details.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext, ngettext

from portal.domain.asking import drafts
from portal.domain.lifecycle import SYSTEM, record_event
from portal.extensions import db
from portal.models import (
    AlertSubscription,
    DataRequest,
    Meeting,
    OutboxMessage,
    OutboxStatus,
    Question,
    SecurityEvent,
    StaffSession,
    SubscriptionStatus,
    utcnow,
)


def retention_days() -> int:
    return int(current_app.config["RETENTION_DAYS"])


def purge_contact_details(now: dt.datetime | None = None) -> int:
    """Purge every question due for it. Returns how many questions were purged."""
    now = now or utcnow()
    cutoff = now - dt.timedelta(days=retention_days())
    due = db.session.scalars(
        sa.select(Question)
        .join(Meeting, Meeting.id == Question.meeting_id)
        .where(Meeting.starts_at < cutoff, Question.personal_data_purged_at.is_(None))
        .order_by(Question.id)
    ).all()
    for question in due:
        question.email = None
        question.email_normalised = None
        question.phone = None
        question.address_line_1 = None
        question.address_line_2 = None
        question.postcode = None
        if question.feedback is not None:
            question.feedback.reason = ""  # their words go; whether it answered stays counted
        question.personal_data_purged_at = now
        record_event(
            question,
            "personal_data_purged",
            title="Contact details deleted",
            actor=None,
            actor_kind=SYSTEM,
            public=False,
            internal_note=f"Removed {retention_days()} days after the meeting, as the privacy notice says.",
            now=now,
        )
        db.session.execute(
            sa.delete(OutboxMessage).where(
                OutboxMessage.question_id == question.id,
                OutboxMessage.status.in_([OutboxStatus.SENT, OutboxStatus.FAILED]),
            )
        )
    db.session.flush()
    return len(due)


def _days(name: str) -> int:
    return int(current_app.config[name])


def _days_words(n: int) -> str:
    return ngettext("%(num)d day", "%(num)d days", n)


def schedule() -> list[tuple[str, str]]:
    """The retention schedule in words, as the privacy page shows it, in the page's language."""
    draft_days = drafts.draft_lifetime().days
    kept = _days_words(retention_days())
    outbox = _days_words(_days("OUTBOX_RETENTION_DAYS"))
    return [
        (
            gettext("Your e-mail address, postal address and phone number"),
            gettext("%(days)s after the meeting your question was for", days=kept),
        ),
        (
            gettext("Your name, town and question"),
            gettext(
                "Kept with the public record of the meeting if the question was published; "
                "otherwise until your contact details are deleted, %(days)s after the meeting",
                days=kept,
            ),
        ),
        (
            gettext("Why you said an answer did or did not answer your question"),
            gettext(
                "Deleted with your contact details, %(days)s after the meeting; "
                "only the count of answers, partly answers and not answers is kept",
                days=kept,
            ),
        ),
        (
            gettext("Your reasons for asking for a review of a decision"),
            gettext("Kept with the decision on your question, as the council's record of the review"),
        ),
        (
            gettext("A question you started but did not send"),
            gettext(
                "%(days)s after you last changed it (%(hours)s if you only chose a meeting)",
                days=_days_words(draft_days),
                hours=ngettext("%(num)d hour", "%(num)d hours", _days("EMPTY_DRAFT_HOURS")),
            ),
        ),
        (
            gettext("A question you did not confirm"),
            gettext("It expires after 48 hours; its details are deleted with the others"),
        ),
        (
            gettext("E-mails we sent you"),
            gettext("The text and your address: %(days)s after sending", days=outbox),
        ),
        (
            gettext("E-mail alerts about new answers"),
            gettext("Until you stop them, then %(days)s", days=outbox),
        ),
        (
            gettext("A request for a copy of your data, or to erase it"),
            gettext(
                "%(days)s; the download link works for %(link_days)s",
                days=_days_words(_days("DATA_REQUEST_RETENTION_DAYS")),
                link_days=_days_words(_days("DATA_EXPORT_DAYS")),
            ),
        ),
        (
            gettext("Records of council staff signing in"),
            _days_words(_days("SECURITY_LOG_RETENTION_DAYS")),
        ),
    ]


@dataclass
class PurgeReport:
    contact_details: int = 0
    drafts: int = 0
    email_bodies: int = 0
    subscriptions: int = 0
    sign_in_records: int = 0
    data_requests: int = 0
    retention_days: int = 365

    def __str__(self) -> str:
        return (
            f"Removed contact details from {self.contact_details} questions (meetings more than "
            f"{self.retention_days} days ago); deleted {self.drafts} drafts; "
            f"cleared {self.email_bodies} sent e-mails; deleted {self.subscriptions} alert subscriptions, "
            f"{self.sign_in_records} staff sign-in records and {self.data_requests} data requests"
        )


def purge_sent_email(now: dt.datetime | None = None) -> int:
    """Blank the text and address of e-mail sent (or given up on) long enough ago."""
    cutoff = (now or utcnow()) - dt.timedelta(days=_days("OUTBOX_RETENTION_DAYS"))
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(
            OutboxMessage.status.in_([OutboxStatus.SENT, OutboxStatus.FAILED]),
            OutboxMessage.created_at < cutoff,
            OutboxMessage.body_text != "",
        )
        .values(body_text="", to_address="", headers=None, last_error=None)
    )
    return int(result.rowcount or 0)


def purge_subscriptions(now: dt.datetime | None = None) -> int:
    cutoff = (now or utcnow()) - dt.timedelta(days=_days("OUTBOX_RETENTION_DAYS"))
    result = db.session.execute(
        sa.delete(AlertSubscription).where(
            sa.or_(
                sa.and_(
                    AlertSubscription.status == SubscriptionStatus.UNSUBSCRIBED,
                    AlertSubscription.unsubscribed_at < cutoff,
                ),
                sa.and_(
                    AlertSubscription.status == SubscriptionStatus.PENDING,
                    AlertSubscription.created_at < cutoff,
                ),
            )
        )
    )
    return int(result.rowcount or 0)


def purge_sign_in_records(now: dt.datetime | None = None) -> int:
    now = now or utcnow()
    cutoff = now - dt.timedelta(days=_days("SECURITY_LOG_RETENTION_DAYS"))
    sessions = db.session.execute(
        sa.delete(StaffSession).where(
            sa.or_(StaffSession.ended_at < cutoff, StaffSession.expires_at < cutoff)
        )
    )
    events = db.session.execute(sa.delete(SecurityEvent).where(SecurityEvent.at < cutoff))
    return int(sessions.rowcount or 0) + int(events.rowcount or 0)


def purge_data_requests(now: dt.datetime | None = None) -> int:
    cutoff = (now or utcnow()) - dt.timedelta(days=_days("DATA_REQUEST_RETENTION_DAYS"))
    result = db.session.execute(sa.delete(DataRequest).where(DataRequest.created_at < cutoff))
    return int(result.rowcount or 0)


def purge_everything_due(now: dt.datetime | None = None) -> PurgeReport:
    """Every line of the retention schedule. Flushes; the caller commits."""
    now = now or utcnow()
    report = PurgeReport(
        contact_details=purge_contact_details(now),
        drafts=drafts.purge_old_drafts(now),
        email_bodies=purge_sent_email(now),
        subscriptions=purge_subscriptions(now),
        sign_in_records=purge_sign_in_records(now),
        data_requests=purge_data_requests(now),
        retention_days=retention_days(),
    )
    db.session.flush()
    return report
