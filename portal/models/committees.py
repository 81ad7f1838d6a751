"""Committees, their procedure rules, posts, memberships and meetings."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Model, TimestampMixin, UTCDateTime, enum_column, utcnow
from portal.models.users import User


class CommitteeKind(enum.StrEnum):
    COUNCIL = "council"
    CABINET = "cabinet"
    SCRUTINY = "scrutiny"
    REGULATORY = "regulatory"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "council": "Full Council",
            "cabinet": "Cabinet",
            "scrutiny": "Scrutiny committee",
            "regulatory": "Regulatory committee",
            "other": "Other committee",
        }[self.value]


class Layout(enum.StrEnum):
    """How a committee's published questions are laid out (DESIGN §3)."""

    TABLE = "table"  # Question Number | Questioner | Question | Question to, then Response...
    REPORTED = "reported"  # From:, Q:, Response:, ACTION:
    # Question, Response, Supplementary question, Supplementary response, each with its speaker.
    LABELLED = "labelled"

    @property
    def label(self) -> str:
        return {
            "table": "Table (numbered questions)",
            "reported": "Reported (From, Q, Response)",
            "labelled": "Labelled (Question, Response, each with who spoke)",
        }[self.value]


class RecordLanguages(enum.StrEnum):
    """Which languages a committee's published record is in, and how two are arranged."""

    ENGLISH = "en"
    WELSH = "cy"
    SIDE_BY_SIDE = "both_side_by_side"  # English and Welsh in two columns, item by item
    ONE_AFTER_OTHER = "both_one_after_other"  # all of the record in English, then in Welsh

    @property
    def label(self) -> str:
        return {
            "en": "English only",
            "cy": "Welsh only",
            "both_side_by_side": "English and Welsh, side by side",
            "both_one_after_other": "English and Welsh, one after the other",
        }[self.value]

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages of the record, in the order they appear."""
        if self is RecordLanguages.ENGLISH:
            return ("en",)
        if self is RecordLanguages.WELSH:
            return ("cy",)
        return ("en", "cy")


class Numbering(enum.StrEnum):
    """How a committee's published questions are numbered."""

    PREFIXED = "prefixed"  # PQ 1, MQ 1, SPQ 1
    AGENDA_ITEM = "agenda_item"  # 11.1, 11.2 under agenda item 11
    LETTERED = "lettered"  # a), b)
    NONE = "none"

    @property
    def label(self) -> str:
        return {
            "prefixed": "A prefix and a number, such as PQ 1 and MQ 1",
            "agenda_item": "The agenda item and a number, such as 11.1",
            "lettered": "Letters, such as a) and b)",
            "none": "No numbers",
        }[self.value]


class QuestionerStyle(enum.StrEnum):
    """How a member of the public who agreed to be named is shown in the record."""

    TITLE_SURNAME_TOWN = "title_surname_town"  # Ms Currie, Hereford
    FULL_NAME_WITH_TITLE = "full_name_with_title"  # Mr James Smith
    FULL_NAME = "full_name"  # James Smith
    NAME_AND_LOCALITY = "name_and_locality"  # Jo Bloggs of Castle ward

    @property
    def label(self) -> str:
        return {
            "title_surname_town": "Title, surname and town, such as Ms Currie, Hereford",
            "full_name_with_title": "Full name with title, such as Mr James Smith",
            "full_name": "Full name, such as James Smith",
            "name_and_locality": "Full name and where they are from, such as Jo Bloggs of Castle ward",
        }[self.value]


class OnBehalfStyle(enum.StrEnum):
    """How a questioner who asked on behalf of someone else, or of an organisation, is shown."""

    BRACKETED = "bracketed"  # Ms Currie, Hereford (on behalf of Teresa Fenner)
    PLAIN = "plain"  # Ms Currie on behalf of Hereford Civic Society

    @property
    def label(self) -> str:
        return {
            "bracketed": (
                "In brackets after the questioner, such as Ms Currie, Hereford (on behalf of Teresa Fenner)"
            ),
            "plain": "Without brackets or a town, such as Ms Currie on behalf of Hereford Civic Society",
        }[self.value]


class Committee(TimestampMixin, Model):
    __tablename__ = "committee"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    # The committee's name in Welsh, for Welsh pages and documents (None: the English name,
    # marked as English).
    name_cy: Mapped[str | None] = mapped_column(sa.String(200))
    slug: Mapped[str] = mapped_column(sa.String(100), unique=True, nullable=False)
    kind: Mapped[CommitteeKind] = mapped_column(enum_column(CommitteeKind, "committee_kind"), nullable=False)
    description: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)
    takes_public_questions: Mapped[bool] = mapped_column(sa.Boolean, default=True, nullable=False)
    takes_member_questions: Mapped[bool] = mapped_column(sa.Boolean, default=False, nullable=False)
    layout: Mapped[Layout] = mapped_column(
        enum_column(Layout, "layout"), default=Layout.TABLE, nullable=False
    )
    is_active: Mapped[bool] = mapped_column(sa.Boolean, default=True, nullable=False)

    rules: Mapped[ProcedureRules] = relationship(
        back_populates="committee", uselist=False, cascade="all, delete-orphan"
    )
    meetings: Mapped[list[Meeting]] = relationship(back_populates="committee", order_by="Meeting.starts_at")
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="committee",
        cascade="all, delete-orphan",
        order_by="(Membership.position, Membership.id)",
    )
    committee_posts: Mapped[list[CommitteePost]] = relationship(
        back_populates="committee",
        cascade="all, delete-orphan",
        order_by="(CommitteePost.position, CommitteePost.id)",
    )

    __table_args__ = (sa.CheckConstraint("slug <> ''", name="slug_not_empty"),)

    @property
    def posts(self) -> list[Post]:
        return [cp.post for cp in self.committee_posts if cp.post.is_active]

    def __repr__(self) -> str:
        return f"<Committee {self.slug}>"


class ProcedureRules(TimestampMixin, Model):
    """A committee's rules for questions. Defaults follow common council procedure rules."""

    __tablename__ = "procedure_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        sa.ForeignKey("committee.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    deadline_clear_working_days: Mapped[int] = mapped_column(sa.Integer, default=2, nullable=False)
    deadline_time: Mapped[dt.time] = mapped_column(sa.Time, default=dt.time(9, 30), nullable=False)
    word_limit: Mapped[int] = mapped_column(sa.Integer, default=300, nullable=False)
    questions_per_person: Mapped[int] = mapped_column(sa.Integer, default=1, nullable=False)
    eligibility_wording: Mapped[str] = mapped_column(
        sa.Text,
        default="Anyone who lives or works in the council's area can ask a question.",
        nullable=False,
    )
    # When a written answer is promised at the meeting, it is due this many days later.
    written_answer_due_days: Mapped[int] = mapped_column(sa.Integer, default=28, nullable=False)
    # Whether questions a person asks on behalf of someone else, or of an organisation,
    # count against their own allowance (`questions_per_person`).
    on_behalf_counts: Mapped[bool] = mapped_column(sa.Boolean, default=False, nullable=False)
    # How the published record numbers questions and names questioners. A meeting may
    # override these (Meeting.numbering...); publishing fixes them for that meeting.
    numbering: Mapped[Numbering] = mapped_column(
        enum_column(Numbering, "numbering"), default=Numbering.PREFIXED, nullable=False
    )
    public_prefix: Mapped[str] = mapped_column(sa.String(10), default="PQ", nullable=False)
    member_prefix: Mapped[str] = mapped_column(sa.String(10), default="MQ", nullable=False)
    questioner_style: Mapped[QuestionerStyle] = mapped_column(
        enum_column(QuestionerStyle, "questioner_style"),
        default=QuestionerStyle.TITLE_SURNAME_TOWN,
        nullable=False,
    )
    on_behalf_style: Mapped[OnBehalfStyle] = mapped_column(
        enum_column(OnBehalfStyle, "on_behalf_style"),
        default=OnBehalfStyle.BRACKETED,
        server_default="bracketed",
        nullable=False,
    )
    # Whether the record prints how each question and supplementary arrived ("Received by
    # e-mail", "Delivered verbally at the meeting"...), where the clerk recorded it.
    prints_arrival: Mapped[bool] = mapped_column(
        sa.Boolean, default=True, server_default=sa.true(), nullable=False
    )
    # The languages of the published record (None: English only); a meeting may override.
    record_languages: Mapped[RecordLanguages | None] = mapped_column(
        enum_column(RecordLanguages, "record_languages")
    )
    # A questioner may ask for a review of a rejection within this many days of it.
    review_days: Mapped[int] = mapped_column(sa.Integer, default=10, nullable=False, server_default="10")
    # Who decides reviews besides the chair, such as the Monitoring Officer's post.
    reviewer_post_id: Mapped[int | None] = mapped_column(sa.ForeignKey("post.id", ondelete="SET NULL"))

    committee: Mapped[Committee] = relationship(back_populates="rules")
    reviewer_post: Mapped[Post | None] = relationship()

    __table_args__ = (
        sa.CheckConstraint("deadline_clear_working_days BETWEEN 0 AND 30", name="clear_days_range"),
        sa.CheckConstraint("word_limit BETWEEN 10 AND 2000", name="word_limit_range"),
        sa.CheckConstraint("questions_per_person BETWEEN 1 AND 10", name="questions_per_person_range"),
        sa.CheckConstraint("written_answer_due_days BETWEEN 1 AND 365", name="written_answer_due_range"),
        sa.CheckConstraint("review_days BETWEEN 1 AND 90", name="review_days_range"),
    )


class Post(TimestampMixin, Model):
    """A post that answers questions, such as "Cabinet member children and families"."""

    __tablename__ = "post"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200), unique=True, nullable=False)
    # The title in Welsh, for Welsh pages and documents (None: the English, marked English).
    title_cy: Mapped[str | None] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)
    is_active: Mapped[bool] = mapped_column(sa.Boolean, default=True, nullable=False)

    holders: Mapped[list[PostHolder]] = relationship(
        back_populates="post", cascade="all, delete-orphan", order_by="PostHolder.id"
    )
    drafters: Mapped[list[PostDrafter]] = relationship(
        back_populates="post", cascade="all, delete-orphan", order_by="PostDrafter.id"
    )

    def current_holders(self, on: dt.date | None = None) -> list[User]:
        day = on or utcnow().date()
        return [
            h.user
            for h in self.holders
            if (h.starts_on is None or h.starts_on <= day) and (h.ends_on is None or h.ends_on >= day)
        ]

    def is_held_by(self, user: User, on: dt.date | None = None) -> bool:
        return any(u.id == user.id for u in self.current_holders(on))

    def is_drafted_by(self, user: User) -> bool:
        return any(d.user_id == user.id for d in self.drafters)

    def __repr__(self) -> str:
        return f"<Post {self.title}>"


class PostHolder(Model):
    """A person holding a post (the member who signs answers off), for a period."""

    __tablename__ = "post_holder"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("post.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    starts_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    ends_on: Mapped[dt.date | None] = mapped_column(sa.Date)

    post: Mapped[Post] = relationship(back_populates="holders")
    user: Mapped[User] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("post_id", "user_id", "starts_on", name="uq_post_holder_period"),
        sa.CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="period_order"
        ),
    )


class PostDrafter(Model):
    """An officer who drafts answers for a post."""

    __tablename__ = "post_drafter"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("post.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False)

    post: Mapped[Post] = relationship(back_populates="drafters")
    user: Mapped[User] = relationship()

    __table_args__ = (sa.UniqueConstraint("post_id", "user_id", name="uq_post_drafter_pair"),)


class CommitteePost(Model):
    """A post that answers questions put to a committee."""

    __tablename__ = "committee_post"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        sa.ForeignKey("committee.id", ondelete="CASCADE"), nullable=False
    )
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("post.id", ondelete="CASCADE"), nullable=False)
    position: Mapped[int] = mapped_column(sa.Integer, default=0, nullable=False)

    committee: Mapped[Committee] = relationship(back_populates="committee_posts")
    post: Mapped[Post] = relationship()

    __table_args__ = (sa.UniqueConstraint("committee_id", "post_id", name="uq_committee_post_pair"),)


class MembershipRole(enum.StrEnum):
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"
    CO_OPTEE = "co_optee"
    SUBSTITUTE = "substitute"

    @property
    def label(self) -> str:
        return {
            "chair": "Chairperson",
            "vice_chair": "Vice-chairperson",
            "member": "Member",
            "co_optee": "Co-opted member",
            "substitute": "Named substitute",
        }[self.value]


class Membership(Model):
    __tablename__ = "membership"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        sa.ForeignKey("committee.id", ondelete="CASCADE"), nullable=False
    )
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    role: Mapped[MembershipRole] = mapped_column(
        enum_column(MembershipRole, "membership_role"), nullable=False
    )
    # Co-optees: whom they represent, such as "Representative of Families".
    represents: Mapped[str | None] = mapped_column(sa.String(300))
    substitute_for_id: Mapped[int | None] = mapped_column(sa.ForeignKey("membership.id", ondelete="SET NULL"))
    starts_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    ends_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    position: Mapped[int] = mapped_column(sa.Integer, default=0, nullable=False)

    committee: Mapped[Committee] = relationship(back_populates="memberships")
    user: Mapped[User | None] = relationship()
    substitute_for: Mapped[Membership | None] = relationship(remote_side="Membership.id")

    __table_args__ = (
        sa.CheckConstraint("role = 'co_optee' OR represents IS NULL", name="represents_only_co_optee"),
        sa.CheckConstraint(
            "role = 'substitute' OR substitute_for_id IS NULL", name="substitute_for_only_sub"
        ),
    )


class MeetingStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    MOVED = "moved"
    CANCELLED = "cancelled"
    HELD = "held"

    @property
    def label(self) -> str:
        return {"scheduled": "Scheduled", "moved": "Moved", "cancelled": "Cancelled", "held": "Held"}[
            self.value
        ]


class Meeting(TimestampMixin, Model):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committee.id"), nullable=False, index=True)
    title: Mapped[str | None] = mapped_column(sa.String(200))  # e.g. "Extraordinary meeting"
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    venue: Mapped[str] = mapped_column(sa.String(300), default="", nullable=False)
    # The venue in Welsh, for Welsh pages and documents (None: the English, marked English).
    venue_cy: Mapped[str | None] = mapped_column(sa.String(300))
    contact_name: Mapped[str] = mapped_column(sa.String(200), default="", nullable=False)
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="", nullable=False)
    contact_phone: Mapped[str] = mapped_column(sa.String(50), default="", nullable=False)
    public_questions_item: Mapped[str | None] = mapped_column(sa.String(20))
    member_questions_item: Mapped[str | None] = mapped_column(sa.String(20))
    # A section's heading exactly as a past meeting's record prints it, such as "RESPONSE TO
    # SUPPLEMENTARY PUBLIC QUESTIONS ... (Minute Item 118)"; None: the portal's own heading.
    public_questions_heading: Mapped[str | None] = mapped_column(sa.String(300))
    member_questions_heading: Mapped[str | None] = mapped_column(sa.String(300))
    webcast_url: Mapped[str | None] = mapped_column(sa.String(500))
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "meeting_status"), default=MeetingStatus.SCHEDULED, nullable=False
    )
    status_reason: Mapped[str | None] = mapped_column(sa.Text)
    # The committee's procedure for its published record, overridden for this meeting by an
    # administrator (None: the committee's). Publishing fixes them here, so a later change
    # to the committee never changes a meeting whose record is already published.
    layout: Mapped[Layout | None] = mapped_column(enum_column(Layout, "meeting_layout"))
    numbering: Mapped[Numbering | None] = mapped_column(enum_column(Numbering, "meeting_numbering"))
    public_prefix: Mapped[str | None] = mapped_column(sa.String(10))
    member_prefix: Mapped[str | None] = mapped_column(sa.String(10))
    questioner_style: Mapped[QuestionerStyle | None] = mapped_column(
        enum_column(QuestionerStyle, "meeting_questioner_style")
    )
    on_behalf_style: Mapped[OnBehalfStyle | None] = mapped_column(
        enum_column(OnBehalfStyle, "meeting_on_behalf_style")
    )
    prints_arrival: Mapped[bool | None] = mapped_column(sa.Boolean)
    record_languages: Mapped[RecordLanguages | None] = mapped_column(
        enum_column(RecordLanguages, "meeting_record_languages")
    )
    # The committee's limits, overridden for this meeting by an administrator (None: the
    # committee's): how many questions each person may ask, and whether questions asked on
    # behalf of someone else or of an organisation count against the asker's own.
    questions_per_person: Mapped[int | None] = mapped_column(sa.Integer)
    on_behalf_counts: Mapped[bool | None] = mapped_column(sa.Boolean)
    # The minute the questions are recorded under, when it is not the agenda item's number,
    # such as "45/22" or "C.123": printed on the minutes appendix.
    public_questions_minute: Mapped[str | None] = mapped_column(sa.String(30))
    member_questions_minute: Mapped[str | None] = mapped_column(sa.String(30))
    # Some meetings (an annual meeting, say) take no public questions at all.
    takes_public_questions: Mapped[bool] = mapped_column(sa.Boolean, default=True, nullable=False)

    # The question deadline, worked out from the committee's rules (see domain/meetings/deadlines.py)
    # unless a clerk set it by hand, with a reason.
    question_deadline_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    deadline_explanation: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)
    deadline_overridden: Mapped[bool] = mapped_column(sa.Boolean, default=False, nullable=False)
    deadline_override_reason: Mapped[str | None] = mapped_column(sa.Text)

    actual_started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    actual_ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The record of a meeting that had already happened, entered afterwards: by whom and when.
    entered_after_event_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    entered_after_event_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    # The webcast: when its recording starts (for "mark now"; else the meeting's actual
    # start) and how long it runs, so no moment in it is recorded past its end.
    webcast_started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    webcast_length_seconds: Mapped[int | None] = mapped_column(sa.Integer)

    committee: Mapped[Committee] = relationship(back_populates="meetings")
    entered_after_event_by: Mapped[User | None] = relationship(foreign_keys=[entered_after_event_by_id])
    changes: Mapped[list[MeetingChange]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingChange.id"
    )

    __table_args__ = (
        sa.CheckConstraint(
            "deadline_overridden = false OR deadline_override_reason IS NOT NULL", name="override_why"
        ),
        sa.CheckConstraint("question_deadline_at <= starts_at", name="deadline_before_meeting"),
        sa.CheckConstraint(
            "webcast_length_seconds IS NULL OR webcast_length_seconds > 0", name="webcast_length_positive"
        ),
        sa.CheckConstraint(
            "questions_per_person IS NULL OR questions_per_person BETWEEN 1 AND 10",
            name="meeting_questions_per_person_range",
        ),
    )

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.committee_id} {self.starts_at:%Y-%m-%d}>"


class MeetingChangeKind(enum.StrEnum):
    SCHEDULED = "scheduled"
    MOVED = "moved"
    DETAILS_CHANGED = "details_changed"
    CANCELLED = "cancelled"
    REINSTATED = "reinstated"
    HELD = "held"
    DEADLINE_OVERRIDDEN = "deadline_overridden"
    DEADLINE_RECOMPUTED = "deadline_recomputed"


class MeetingChange(Model):
    """The record of what happened to a meeting: moved, cancelled, deadline set by hand."""

    __tablename__ = "meeting_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[MeetingChangeKind] = mapped_column(
        enum_column(MeetingChangeKind, "meeting_change_kind"), nullable=False
    )
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    from_starts_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    to_starts_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    from_venue: Mapped[str | None] = mapped_column(sa.String(300))
    to_venue: Mapped[str | None] = mapped_column(sa.String(300))
    from_deadline_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    to_deadline_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(sa.Text)

    meeting: Mapped[Meeting] = relationship(back_populates="changes")
    by: Mapped[User | None] = relationship()


class RejectionGround(TimestampMixin, Model):
    """A coded ground for not accepting a question, with the words the questioner sees."""

    __tablename__ = "rejection_ground"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(50), unique=True, nullable=False)
    title: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    public_wording: Mapped[str] = mapped_column(sa.Text, nullable=False)
    # Listed: the public register shows the question as rejected on this ground.
    # Hidden: the register does not show it at all (e.g. defamatory text).
    listed_by_default: Mapped[bool] = mapped_column(sa.Boolean, default=True, nullable=False)
    is_active: Mapped[bool] = mapped_column(sa.Boolean, default=True, nullable=False)
    position: Mapped[int] = mapped_column(sa.Integer, default=0, nullable=False)


class ClosureDay(Model):
    """A day the council's offices are closed; it is not a working day for deadlines."""

    __tablename__ = "closure_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(sa.Date, unique=True, nullable=False)
    description: Mapped[str] = mapped_column(sa.String(200), nullable=False)
