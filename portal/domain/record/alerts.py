"""E-mail alerts when a committee publishes new answers. No account needed.

Double opt-in: asking queues a confirmation e-mail; only a confirmed subscription gets
alerts. Every alert carries a link to stop them and the List-Unsubscribe headers of
RFC 2369 and RFC 8058, so a mail program can unsubscribe in one click. The address is
never shown anywhere public, and asking again never reveals whether it was known.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portal.domain.messages.notify import absolute_url, queue_email
from portal.domain.permissions import NotPermitted, subscriber_can_confirm, subscriber_can_unsubscribe
from portal.domain.record.index import PublicationLike, document_kind, entries_for_meeting
from portal.extensions import db
from portal.formatting import current_language
from portal.models import AlertSubscription, Committee, Meeting, SubscriptionStatus, secret_links, utcnow
from portal.models.archive import ArchiveEntry

CONFIRM_TEMPLATE = "alert_confirm"
ALERT_TEMPLATE = "alert_new_answers"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_subscription(token: str) -> AlertSubscription | None:
    """Found by the token's hash: the database holds no tokens (portal/models/secret_links.py)."""
    if not secret_links.plausible(token):
        return None
    digest = secret_links.token_hash(token)
    return db.session.scalar(
        sa.select(AlertSubscription).where(
            sa.or_(AlertSubscription.token_hash == digest, AlertSubscription.earlier_token_hash == digest)
        )
    )


def confirm_url(subscription: AlertSubscription) -> str:
    return absolute_url(f"/alerts/{subscription.token}/confirm")


def unsubscribe_url(subscription: AlertSubscription) -> str:
    return absolute_url(f"/alerts/{subscription.token}/unsubscribe")


def subscribe(
    committee: Committee, email: str, *, now: dt.datetime | None = None, language: str | None = None
) -> AlertSubscription:
    """Ask for alerts, in `language` (by default the page's). Queues a confirmation e-mail
    in that language (at most one a day per address); every alert follows it."""
    now = now or utcnow()
    language = "cy" if (language or current_language()) == "cy" else "en"
    normalised = normalise_email(email)
    subscription = db.session.scalar(
        sa.select(AlertSubscription).where(
            AlertSubscription.committee_id == committee.id,
            AlertSubscription.email_normalised == normalised,
        )
    )
    if subscription is None:
        subscription = AlertSubscription(
            committee=committee,
            email=email.strip(),
            email_normalised=normalised,
            status=SubscriptionStatus.PENDING,
            created_at=now,
            language=language,
        )
        db.session.add(subscription)
        db.session.flush()
    elif subscription.status is SubscriptionStatus.CONFIRMED:
        return subscription  # already getting alerts: nothing to send, nothing to reveal
    elif subscription.status is SubscriptionStatus.UNSUBSCRIBED or not subscriber_can_confirm(
        subscription, now
    ):
        # Starting again: a fresh token, so links in old e-mails no longer work.
        subscription.status = SubscriptionStatus.PENDING
        subscription.renew_links()
        subscription.created_at = now
        subscription.unsubscribed_at = None
        db.session.flush()
    # Not yet confirmed: the language asked in last is the one confirmed, and alerts follow it.
    subscription.language = language
    queue_email(
        CONFIRM_TEMPLATE,
        to=subscription.email,
        dedupe_key=f"alert-confirm:{subscription.id}:{subscription.token_hash[:12]}:{now:%Y-%m-%d}",
        language=language,
        committee=committee,
        confirm_url=confirm_url(subscription),
        unsubscribe_url=unsubscribe_url(subscription),
    )
    return subscription


def confirm_subscription(subscription: AlertSubscription, *, now: dt.datetime | None = None) -> None:
    now = now or utcnow()
    if not subscriber_can_confirm(subscription, now):
        raise NotPermitted("This link has expired or has already been used")
    subscription.status = SubscriptionStatus.CONFIRMED
    subscription.confirmed_at = now
    db.session.flush()


def unsubscribe(subscription: AlertSubscription, *, now: dt.datetime | None = None) -> None:
    """Stop alerts. Saying it twice is not an error: the result is the same."""
    if not subscriber_can_unsubscribe(subscription):
        return
    subscription.status = SubscriptionStatus.UNSUBSCRIBED
    subscription.unsubscribed_at = now or utcnow()
    db.session.flush()


def alert_headers(subscription: AlertSubscription) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscription)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def queue_alerts_for_publication(publication: PublicationLike) -> int:
    """Queue an alert to every confirmed subscriber of the meeting's committee.

    Publishing calls this after `archive.index_publication()` in the same transaction,
    so a rolled-back publication alerts nobody. Each (subscriber, meeting, version) is
    queued once, however often this is called.
    """
    meeting = db.session.get(Meeting, publication.meeting_id)
    if meeting is None:
        return 0
    version = publication.version
    document = document_kind(publication.model)
    entries = entries_for_meeting(meeting)
    if not entries:
        return 0
    subscribers = db.session.scalars(
        sa.select(AlertSubscription)
        .where(
            AlertSubscription.committee_id == meeting.committee_id,
            AlertSubscription.status == SubscriptionStatus.CONFIRMED,
        )
        .order_by(AlertSubscription.id)
    ).all()
    record_url = absolute_url(f"/meetings/{meeting.id}/questions")
    queued = 0
    for subscription in subscribers:
        message = queue_email(
            ALERT_TEMPLATE,
            to=subscription.email,
            dedupe_key=f"alert:{subscription.id}:{meeting.id}:v{version}",
            headers=alert_headers(subscription),
            language=subscription.language,
            meeting=meeting,
            committee=meeting.committee,
            entries=entries,
            version=version,
            is_minutes=document == "minutes",
            record_url=record_url,
            unsubscribe_url=unsubscribe_url(subscription),
        )
        queued += message is not None
    return queued


def describe_entry(entry: ArchiveEntry, words: int = 25) -> str:
    parts = entry.question_text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
