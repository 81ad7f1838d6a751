"""Questions and their immutable events."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models import secret_links
from portal.models.base import Model, TimestampMixin, UTCDateTime, enum_column, utcnow
from portal.models.committees import Meeting, Post, RejectionGround
from portal.models.statuses import NUMBERED, Arrival, QuestionKind, QuestionStatus
from portal.models.users import User

ANONYMOUS_DISPLAY = "Name and address supplied"

_numbered = ", ".join(f"'{s.value}'" for s in sorted(NUMBERED))
_never_numbered = ", ".join(
    f"'{s.value}'"
    for s in (
        QuestionStatus.UNCONFIRMED,
        QuestionStatus.EXPIRED,
        QuestionStatus.RECEIVED,
        QuestionStatus.CLARIFICATION_REQUESTED,
        QuestionStatus.REJECTED,
    )
)
_needs_post = ", ".join(f"'{s.value}'" for s in sorted(NUMBERED))
_confirmed_free = "'unconfirmed', 'expired'"


class Question(TimestampMixin, Model):
    __tablename__ = "question"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(20), unique=True, nullable=False)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), nullable=False, index=True)
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind, "question_kind"), nullable=False)
    status: Mapped[QuestionStatus] = mapped_column(
        enum_column(QuestionStatus, "question_status"), nullable=False, index=True
    )

    # The questioner. Contact details are never public (DESIGN §2, Privacy).
    title: Mapped[str | None] = mapped_column(sa.String(20))
    first_name: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    last_name: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    email: Mapped[str | None] = mapped_column(sa.String(254))
    email_normalised: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    address_line_1: Mapped[str | None] = mapped_column(sa.String(200))
    address_line_2: Mapped[str | None] = mapped_column(sa.String(200))
    town: Mapped[str | None] = mapped_column(sa.String(100))
    postcode: Mapped[str | None] = mapped_column(sa.String(10))
    lives_or_works_in_area: Mapped[bool] = mapped_column(sa.Boolean, default=False, nullable=False)
    on_behalf_of: Mapped[str | None] = mapped_column(sa.String(200))
    # False: the record shows exactly "Name and address supplied".
    publish_name: Mapped[bool] = mapped_column(sa.Boolean, default=True, nullable=False)
    # The language the question was asked in ("en" or "cy"): the questioner's e-mails are
    # written in it, and staff see it.
    language: Mapped[str] = mapped_column(sa.String(2), default="en", server_default="en", nullable=False)
    # The language of the council's answer: "en", "cy" or "both" (None: not recorded, so
    # the answer is taken to be in English).
    answer_language: Mapped[str | None] = mapped_column(sa.String(4))
    # Member questions: the councillor who asked, and their ward when they asked.
    councillor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    ward: Mapped[str | None] = mapped_column(sa.String(120))

    # The questioner's words are never changed; a clerk may publish an edited text.
    original_text: Mapped[str] = mapped_column(sa.Text, nullable=False)
    publication_text: Mapped[str | None] = mapped_column(sa.Text)

    asked_post_id: Mapped[int | None] = mapped_column(sa.ForeignKey("post.id"))
    answering_post_id: Mapped[int | None] = mapped_column(sa.ForeignKey("post.id"))
    number: Mapped[int | None] = mapped_column(sa.Integer)
    # "Question to" as the record prints it when it is more than the post's title, such as
    # "Councillor A B, Cabinet Member for Resources"; empty: the post's title.
    question_to_text: Mapped[str] = mapped_column(sa.String(300), default="", nullable=False)
    # Who gave the response, as the record names them: a person and their post, the post
    # alone, or nobody (empty). Never worked out from who approved the answer.
    answered_by: Mapped[str] = mapped_column(sa.String(300), default="", nullable=False)
    # How the question reached the council, when the record says so.
    arrival: Mapped[Arrival | None] = mapped_column(enum_column(Arrival, "question_arrival"))

    # A record entered after the meeting from the council's published record: who entered
    # it and when. Such a question has no questioner's e-mail, may have no question text
    # (the record holds only the supplementary), no post and no approved answer; its
    # response, if the record has one, is kept here as the clerk typed it.
    entered_after_event_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    entered_after_event_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    recorded_response_source: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)
    recorded_response_html: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)

    # Private links: only their hashes are stored (portal/models/secret_links.py).
    link_seed: Mapped[str] = mapped_column(sa.String(64), default=secret_links.new_seed, nullable=False)
    tracking_token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    confirm_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    # The tracking link e-mailed before tokens were hashed, so it keeps working.
    earlier_tracking_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    # Set by the form that submitted the question: a second identical submission finds it.
    submission_key: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    received_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    rejection_ground_id: Mapped[int | None] = mapped_column(sa.ForeignKey("rejection_ground.id"))
    rejection_explanation: Mapped[str | None] = mapped_column(sa.Text)  # shown to the questioner
    rejection_note: Mapped[str | None] = mapped_column(sa.Text)  # staff only
    rejection_listed: Mapped[bool | None] = mapped_column(sa.Boolean)
    clarification_message: Mapped[str | None] = mapped_column(sa.Text)
    resubmission_of_id: Mapped[int | None] = mapped_column(sa.ForeignKey("question.id"))
    withdrawn_reason: Mapped[str | None] = mapped_column(sa.Text)
    personal_data_purged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The questioner's name and details were erased at their request.
    erased_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship()
    councillor: Mapped[User | None] = relationship(foreign_keys=[councillor_id])
    entered_after_event_by: Mapped[User | None] = relationship(foreign_keys=[entered_after_event_by_id])
    asked_post: Mapped[Post | None] = relationship(foreign_keys=[asked_post_id])
    answering_post: Mapped[Post | None] = relationship(foreign_keys=[answering_post_id])
    rejection_ground: Mapped[RejectionGround | None] = relationship()
    resubmission_of: Mapped[Question | None] = relationship(remote_side="Question.id")
    events: Mapped[list[QuestionEvent]] = relationship(
        back_populates="question", order_by="QuestionEvent.id", cascade="all, delete-orphan"
    )
    edits: Mapped[list[QuestionEdit]] = relationship(
        back_populates="question", order_by="QuestionEdit.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "kind", "number", name="uq_question_meeting_kind_number"),
        sa.CheckConstraint("number IS NULL OR number > 0", name="number_positive"),
        sa.CheckConstraint(f"status NOT IN ({_numbered}) OR number IS NOT NULL", name="numbered_has_number"),
        sa.CheckConstraint(
            f"status NOT IN ({_never_numbered}) OR number IS NULL", name="unnumbered_has_none"
        ),
        sa.CheckConstraint(
            f"status NOT IN ({_needs_post}) OR answering_post_id IS NOT NULL"
            " OR entered_after_event_at IS NOT NULL",
            name="accepted_has_post",
        ),
        sa.CheckConstraint(
            "(status = 'rejected' AND rejection_ground_id IS NOT NULL AND rejection_listed IS NOT NULL)"
            " OR (status <> 'rejected' AND rejection_ground_id IS NULL)",
            name="rejected_iff_ground",
        ),
        sa.CheckConstraint(
            f"status IN ({_confirmed_free}) OR received_at IS NOT NULL OR entered_after_event_at IS NOT NULL",
            name="received_has_time",
        ),
        sa.CheckConstraint(
            "kind <> 'member' OR councillor_id IS NOT NULL OR entered_after_event_at IS NOT NULL",
            name="member_has_councillor",
        ),
        sa.CheckConstraint(
            "status <> 'clarification_requested' OR clarification_message IS NOT NULL",
            name="clarify_has_message",
        ),
        sa.CheckConstraint("language IN ('en', 'cy')", name="language_known"),
        sa.CheckConstraint(
            "answer_language IS NULL OR answer_language IN ('en', 'cy', 'both')", name="answer_language_known"
        ),
        sa.Index("ix_question_meeting_email", "meeting_id", "email_normalised"),
    )

    @property
    def entered_after_event(self) -> bool:
        return self.entered_after_event_at is not None

    @property
    def tracking_token(self) -> str:
        """The token in the questioner's tracking link, worked out again, never stored."""
        return secret_links.derive(secret_links.TRACK, self._seed())

    @property
    def confirm_token(self) -> str:
        return secret_links.derive(secret_links.CONFIRM, self._seed())

    def _seed(self) -> str:
        if not self.link_seed:  # a question not yet flushed
            self.link_seed = secret_links.new_seed()
        return self.link_seed

    def hash_links(self) -> None:
        """Store the hashes of this question's links (a new question, or a new seed)."""
        self.tracking_token_hash = secret_links.token_hash(self.tracking_token)
        self.confirm_token_hash = secret_links.token_hash(self.confirm_token)

    @property
    def text_for_publication(self) -> str:
        return self.publication_text if self.publication_text is not None else self.original_text

    @property
    def public_display(self) -> str:
        """How the questioner appears in anything public (DESIGN §2, Privacy)."""
        if self.kind is QuestionKind.MEMBER:
            ward = f", {self.ward}" if self.ward else ""
            return f"Cllr {self.first_name} {self.last_name}{ward}"
        if not self.publish_name:
            return ANONYMOUS_DISPLAY
        name = f"{self.title} {self.last_name}" if self.title else f"{self.first_name} {self.last_name}"
        return f"{name}, {self.town}" if self.town else name

    @property
    def full_name(self) -> str:
        if self.erased_at is not None:
            return "Name erased at their request"
        parts = [self.title, self.first_name, self.last_name]
        return " ".join(p for p in parts if p)

    def __repr__(self) -> str:
        return f"<Question {self.reference} {self.status}>"


class QuestionEvent(Model):
    """Something that happened to a question. Written once, never changed."""

    __tablename__ = "question_event"
    # A question's events, newest first, without reading the rest of the log (migration 0320).
    __table_args__ = (sa.Index("ix_question_event_question_at", "question_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id", ondelete="CASCADE"), nullable=False)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)
    verb: Mapped[str] = mapped_column(sa.String(50), nullable=False)
    from_status: Mapped[QuestionStatus | None] = mapped_column(
        enum_column(QuestionStatus, "event_from_status")
    )
    to_status: Mapped[QuestionStatus | None] = mapped_column(enum_column(QuestionStatus, "event_to_status"))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    # Who acted when there is no staff account: "questioner" or "system".
    actor_kind: Mapped[str] = mapped_column(sa.String(20), default="staff", nullable=False)
    # Public events appear on the questioner's tracking page; the rest only to staff.
    is_public: Mapped[bool] = mapped_column(sa.Boolean, default=False, nullable=False)
    title: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    public_note: Mapped[str | None] = mapped_column(sa.Text)
    internal_note: Mapped[str | None] = mapped_column(sa.Text)
    data: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)

    question: Mapped[Question] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class QuestionEdit(Model):
    """A clerk's edit of the text for publication: who, when, why, before and after."""

    __tablename__ = "question_edit"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id", ondelete="CASCADE"), nullable=False)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    text_before: Mapped[str] = mapped_column(sa.Text, nullable=False)
    text_after: Mapped[str] = mapped_column(sa.Text, nullable=False)
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False)

    question: Mapped[Question] = relationship(back_populates="edits")
    by: Mapped[User | None] = relationship()


class ImmutableRecordError(RuntimeError):
    pass


@event.listens_for(Question, "before_insert")
def _hash_links(mapper: Any, connection: Any, target: Question) -> None:
    if not target.tracking_token_hash:
        target.hash_links()


@event.listens_for(QuestionEvent, "before_update")
@event.listens_for(QuestionEdit, "before_update")
def _forbid_update(mapper: Any, connection: Any, target: Any) -> None:
    raise ImmutableRecordError(f"{type(target).__name__} rows are never changed once written")
