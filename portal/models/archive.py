"""The public archive: what has been published, in a form made for finding it again,
and the people who asked to hear when a committee publishes new answers.

`ArchiveEntry` holds one published question with its answer, supplementary and
written answer, copied from the frozen document model of the latest published
version of its meeting's record (see portal/domain/record/index.py). Nothing reaches this
table except through publishing, so search, feeds and the API can only ever show
what is already public. The search structures (an FTS5 table on SQLite, a tsvector
column on PostgreSQL) are built over it by portal/domain/archive/search/__init__.py.
"""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models import secret_links
from portal.models.base import Model, UTCDateTime, enum_column, utcnow
from portal.models.committees import Committee, Meeting, Post
from portal.models.statuses import QuestionKind


class ArchiveEntry(Model):
    __tablename__ = "archive_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False, index=True
    )
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committee.id"), nullable=False)
    # The question this entry publishes. Kept loose: the published record outlives it.
    question_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("question.id", ondelete="SET NULL"), unique=True
    )
    kind: Mapped[QuestionKind] = mapped_column(
        enum_column(QuestionKind, "archive_entry_kind"), nullable=False
    )
    number: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    meeting_starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)

    # Which published document and version the words come from.
    document: Mapped[str] = mapped_column(sa.String(20), nullable=False)  # "supplement" or "minutes"
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)

    # Exactly what the published record shows, and nothing more.
    questioner: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    question_to: Mapped[str] = mapped_column(sa.String(200), default="", nullable=False)
    post_id: Mapped[int | None] = mapped_column(sa.ForeignKey("post.id", ondelete="SET NULL"))
    answered_by: Mapped[str] = mapped_column(sa.String(200), default="", nullable=False)
    question_text: Mapped[str] = mapped_column(sa.Text, nullable=False)
    answer_html: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)  # sanitised
    answer_text: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)
    put_at_meeting: Mapped[str | None] = mapped_column(sa.String(30))
    supplementary_question: Mapped[str | None] = mapped_column(sa.Text)
    supplementary_answer_html: Mapped[str | None] = mapped_column(sa.Text)  # sanitised
    supplementary_answered_by: Mapped[str | None] = mapped_column(sa.String(200))
    written_answer_due_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    written_answer_sent_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    written_answer_html: Mapped[str | None] = mapped_column(sa.Text)  # sanitised
    written_answer_owed: Mapped[bool] = mapped_column(sa.Boolean, default=False, nullable=False)
    # Imported from a document the council published before the portal (never published
    # by the portal itself): portal/domain/importing/filing.py; its source is the
    # ImportRecord that points here. `number_label` is the number as that document printed it.
    imported: Mapped[bool] = mapped_column(
        sa.Boolean, default=False, server_default=sa.false(), nullable=False
    )
    number_label: Mapped[str | None] = mapped_column(sa.String(30))
    # The supplementary, its answer and the written answer as plain words, for search.
    extra_text: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)

    first_published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    meeting: Mapped[Meeting] = relationship()
    committee: Mapped[Committee] = relationship()
    post: Mapped[Post | None] = relationship()

    __table_args__ = (
        # Once published a number never changes, so (meeting, kind, number) names an entry
        # for good and a new version updates it in place: its id stays stable.
        sa.UniqueConstraint("meeting_id", "kind", "number", name="uq_archive_entry_meeting_kind_number"),
        sa.CheckConstraint("number > 0", name="number_positive"),
        sa.CheckConstraint("version > 0", name="version_positive"),
        sa.CheckConstraint(
            "written_answer_owed = false OR (written_answer_due_on IS NOT NULL"
            " AND written_answer_sent_on IS NULL)",
            name="owed_has_due_date",
        ),
        sa.Index("ix_archive_entry_committee_starts", "committee_id", "meeting_starts_at"),
        sa.Index("ix_archive_entry_starts", "meeting_starts_at"),
        sa.Index("ix_archive_entry_published", "published_at"),
        sa.Index("ix_archive_entry_owed", "written_answer_owed", "written_answer_due_on"),
        # Lets SQLite check a search's filters without reading the wide rows (covering).
        sa.Index(
            "ix_archive_entry_filters",
            "id",
            "committee_id",
            "meeting_starts_at",
            "kind",
            "number",
            "post_id",
            "written_answer_owed",
        ),
    )

    @property
    def label(self) -> str:
        if self.imported:
            return self.number_label or f"Question {self.number}"
        return f"{self.kind.prefix} {self.number}"

    @property
    def anchor(self) -> str:
        """The id of the question in its published document: pq-1, mq-2."""
        return f"{self.kind.prefix.lower()}-{self.number}"

    def __repr__(self) -> str:
        return f"<ArchiveEntry {self.meeting_id} {self.label} v{self.version}>"


class SubscriptionStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for the person to confirm from the e-mail
    CONFIRMED = "confirmed"  # alerts are sent
    UNSUBSCRIBED = "unsubscribed"  # no more alerts


class AlertSubscription(Model):
    """A request to be e-mailed when a committee publishes new answers. No account:
    the token in each e-mail is what lets its holder confirm or unsubscribe. The
    address is personal data and is never shown anywhere public."""

    __tablename__ = "alert_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        sa.ForeignKey("committee.id", ondelete="CASCADE"), nullable=False, index=True
    )
    email: Mapped[str] = mapped_column(sa.String(254), nullable=False)
    email_normalised: Mapped[str] = mapped_column(sa.String(254), nullable=False)
    # The confirm and unsubscribe links: only their hash is stored (portal/models/secret_links.py).
    link_seed: Mapped[str] = mapped_column(sa.String(64), default=secret_links.new_seed, nullable=False)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    earlier_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    status: Mapped[SubscriptionStatus] = mapped_column(
        enum_column(SubscriptionStatus, "subscription_status"),
        default=SubscriptionStatus.PENDING,
        nullable=False,
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    unsubscribed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The language of the page the alerts were asked for on ("en" or "cy"): every alert is
    # written in it.
    language: Mapped[str] = mapped_column(sa.String(2), default="en", server_default="en", nullable=False)

    committee: Mapped[Committee] = relationship()

    @property
    def token(self) -> str:
        """The token in this subscription's links, worked out again, never stored."""
        if not self.link_seed:  # not yet flushed
            self.link_seed = secret_links.new_seed()
        return secret_links.derive(secret_links.ALERT, self.link_seed)

    def renew_links(self) -> None:
        """New links: those in earlier e-mails stop working."""
        self.link_seed = secret_links.new_seed()
        self.token_hash = secret_links.token_hash(self.token)
        self.earlier_token_hash = None

    __table_args__ = (
        sa.UniqueConstraint("committee_id", "email_normalised", name="uq_alert_subscription_address"),
        sa.CheckConstraint("language IN ('en', 'cy')", name="language_known"),
        sa.CheckConstraint("status <> 'confirmed' OR confirmed_at IS NOT NULL", name="confirmed_has_time"),
        sa.CheckConstraint(
            "status <> 'unsubscribed' OR unsubscribed_at IS NOT NULL", name="unsubscribed_has_time"
        ),
    )


@sa.event.listens_for(AlertSubscription, "before_insert")
def _hash_links(mapper: object, connection: object, target: AlertSubscription) -> None:
    if not target.token_hash:
        target.token_hash = secret_links.token_hash(target.token)
