"""Staff sign-in sessions, second factors, the security log, sign-in settings, and
people's requests for their data."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Model, UTCDateTime, enum_column, utcnow
from portal.models.users import User


class StaffSession(Model):
    """One signed-in browser. The cookie holds a random token; this row holds its hash,
    so a session ends for good when the row is ended, whatever copies of the cookie exist."""

    __tablename__ = "staff_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    # "password", "password and authenticator", "recovery code", "single sign-on"
    method: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    # The absolute limit, fixed when the session starts.
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    ended_reason: Mapped[str | None] = mapped_column(sa.String(60))
    # Shown to the account's owner on "Your sessions", so they can spot one that is not theirs.
    source: Mapped[str | None] = mapped_column(sa.String(45))
    user_agent: Mapped[str | None] = mapped_column(sa.String(200))

    user: Mapped[User] = relationship()

    __table_args__ = (
        sa.CheckConstraint("ended_at IS NULL OR ended_reason IS NOT NULL", name="ended_has_reason"),
    )


class RecoveryCode(Model):
    """A one-time code that stands in for the authenticator app. Only its hash is kept."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True
    )
    code_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (sa.UniqueConstraint("user_id", "code_hash", name="uq_recovery_code_user_hash"),)


class SecurityEvent(Model):
    """Something that happened to a staff account: signing in, second factors, sessions
    ended, settings changed, people's data exported or erased. Written once."""

    __tablename__ = "security_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)
    verb: Mapped[str] = mapped_column(sa.String(50), nullable=False)
    # The account it happened to, and who did it (the same person, an administrator, or nobody).
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    source: Mapped[str | None] = mapped_column(sa.String(45))
    description: Mapped[str] = mapped_column(sa.String(300), nullable=False)

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


class SecuritySettings(Model):
    """The council's sign-in rules, set by an administrator. One row."""

    __tablename__ = "security_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_idle_minutes: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    session_absolute_hours: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    # Every member of staff, not only administrators and clerks, uses a second factor.
    second_factor_for_everyone: Mapped[bool] = mapped_column(sa.Boolean, default=False, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    __table_args__ = (
        sa.CheckConstraint("session_idle_minutes BETWEEN 5 AND 480", name="idle_in_range"),
        sa.CheckConstraint("session_absolute_hours BETWEEN 1 AND 24", name="absolute_in_range"),
    )


class DataRequestKind(enum.StrEnum):
    ACCESS = "access"  # a copy of everything held (subject access)
    ERASURE = "erasure"


class DataRequest(Model):
    """A person's request for their data, or to have it erased, and how it was handled.

    For a copy, `token_hash` is the hash of the download link e-mailed to them; the copy
    is put together when it is downloaded, so no second copy of anyone's data is kept.
    """

    __tablename__ = "data_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DataRequestKind] = mapped_column(enum_column(DataRequestKind, "data_request_kind"))
    # "tracking page", "e-mail address", "letter"
    received_via: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    # Whose data: the e-mail identity (see contact_details.email_identity). Removed with the
    # request when it is purged.
    subject_identity: Mapped[str | None] = mapped_column(sa.String(254))
    token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    # What was done: question references erased or kept, and why. No personal data.
    outcome: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)

    handled_by: Mapped[User | None] = relationship()
