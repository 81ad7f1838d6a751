"""Staff accounts: who signs in, with which roles."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Model, TimestampMixin, UTCDateTime, enum_column


class Role(enum.StrEnum):
    ADMIN = "admin"
    CLERK = "clerk"
    OFFICER = "officer"
    COUNCILLOR = "councillor"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "Administrator",
    Role.CLERK: "Democratic services (clerk)",
    Role.OFFICER: "Officer",
    Role.COUNCILLOR: "Councillor",
}

ROLE_HINTS = {
    Role.ADMIN: "Manages staff accounts, committees, posts, meetings and procedure rules",
    Role.CLERK: "Moderates questions, numbers them, runs the meeting and publishes the record",
    Role.OFFICER: "Drafts answers for the posts they support",
    Role.COUNCILLOR: "Asks member questions; approves answers for a post they hold",
}


class User(UserMixin, TimestampMixin, Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True, nullable=False)
    first_name: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    last_name: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    job_title: Mapped[str | None] = mapped_column(sa.String(200))
    # Councillors: the ward they represent, shown as "Cllr First Last, Ward".
    ward: Mapped[str | None] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    is_enabled: Mapped[bool] = mapped_column(sa.Boolean, default=True, nullable=False)
    last_signed_in_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The authenticator app's shared secret, encrypted with a key made from SECRET_KEY;
    # set (and confirmed) when its owner scans it and types a code.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(255))
    totp_confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The last 30-second step a code was accepted for: a code never works twice.
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    # The council's identity provider's issuer and subject for this person, once linked.
    sso_subject: Mapped[str | None] = mapped_column(sa.String(400), unique=True)
    # Set when an administrator gives someone a password: they choose their own at sign-in.
    password_must_change: Mapped[bool] = mapped_column(
        sa.Boolean, default=False, server_default=sa.false(), nullable=False
    )

    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="UserRole.role"
    )

    __table_args__ = (sa.CheckConstraint("email = lower(email)", name="email_lower_case"),)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(r.role for r in self.role_rows)

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    def set_roles(self, roles: set[Role] | frozenset[Role]) -> None:
        current = {r.role: r for r in self.role_rows}
        for role, row in current.items():
            if role not in roles:
                self.role_rows.remove(row)
        for role in roles:
            if role not in current:
                self.role_rows.append(UserRole(role=role))

    @property
    def is_active(self) -> bool:  # Flask-Login: disabled accounts cannot sign in
        return self.is_enabled

    @property
    def has_second_factor(self) -> bool:
        return self.totp_confirmed_at is not None

    @property
    def councillor_display(self) -> str:
        ward = f", {self.ward}" if self.ward else ""
        return f"Cllr {self.first_name} {self.last_name}{ward}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class UserRole(Model):
    __tablename__ = "user_role"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"), primary_key=True)

    user: Mapped[User] = relationship(back_populates="role_rows")
