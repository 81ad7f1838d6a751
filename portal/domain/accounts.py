"""Staff accounts: creating them, signing in with lockout, passwords and roles."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from portal.extensions import db
from portal.models import Role, User, utcnow

MIN_PASSWORD_LENGTH = 12
# Compared against when the e-mail is unknown, so both cases take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password-used-for-timing")


class AccountError(ValueError):
    """A problem with an account change, worded for the person making it."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _hash(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def normalise_email(email: str) -> str:
    return email.strip().lower()


def password_problem(password: str) -> str | None:
    """Why a password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password must be {MIN_PASSWORD_LENGTH} characters or more"
    if len(password) > 200:
        return "Password must be 200 characters or fewer"
    if password.strip() != password:
        return "Password must not start or end with a space"
    if len(set(password)) < 4:
        return "Password must not repeat the same few characters"
    return None


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_user(
    *,
    email: str,
    first_name: str,
    last_name: str,
    password: str,
    roles: set[Role],
    job_title: str | None = None,
    ward: str | None = None,
) -> User:
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise AccountError("There is already an account with that e-mail address", field="email")
    problem = password_problem(password)
    if problem:
        raise AccountError(problem, field="password")
    if not roles:
        raise AccountError("Select at least one role", field="roles")
    user = User(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        job_title=(job_title or "").strip() or None,
        ward=(ward or "").strip() or None,
        password_hash=_hash(password),
    )
    user.set_roles(roles)
    db.session.add(user)
    db.session.flush()
    return user


def is_locked(user: User, now: dt.datetime | None = None) -> bool:
    return user.locked_until is not None and user.locked_until > (now or utcnow())


def authenticate(email: str, password: str, now: dt.datetime | None = None) -> User | None:
    """The enabled, unlocked user with these credentials, or None.

    Each wrong password counts; after SIGN_IN_MAX_FAILURES in a row the account is
    locked for SIGN_IN_LOCKOUT_MINUTES. The caller says the same thing whatever failed.
    """
    now = now or utcnow()
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if is_locked(user, now):
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password):
        user.failed_sign_ins += 1
        if user.failed_sign_ins >= current_app.config["SIGN_IN_MAX_FAILURES"]:
            user.locked_until = now + dt.timedelta(minutes=current_app.config["SIGN_IN_LOCKOUT_MINUTES"])
            user.failed_sign_ins = 0
        db.session.flush()
        return None
    if not user.is_enabled:
        return None
    user.failed_sign_ins = 0
    user.locked_until = None
    user.last_signed_in_at = now
    db.session.flush()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not check_password_hash(user.password_hash, current_password):
        raise AccountError("Your current password is not correct", field="current_password")
    if new_password == current_password:
        raise AccountError(
            "Your new password must be different from your current password", field="new_password"
        )
    set_password(user, new_password)


def set_password(user: User, new_password: str) -> None:
    problem = password_problem(new_password)
    if problem:
        raise AccountError(problem, field="new_password")
    user.password_hash = _hash(new_password)
    user.session_version += 1  # sign out every other session
    user.failed_sign_ins = 0
    user.locked_until = None
    db.session.flush()


def set_enabled(user: User, enabled: bool, by: User) -> None:
    if not enabled and user.id == by.id:
        raise AccountError("You cannot disable your own account")
    if not enabled and user.has_role(Role.ADMIN) and _count_enabled_admins() <= 1:
        raise AccountError("You cannot disable the last administrator")
    if user.is_enabled != enabled:
        user.is_enabled = enabled
        user.session_version += 1
    db.session.flush()


def update_user(
    user: User,
    *,
    by: User,
    email: str,
    first_name: str,
    last_name: str,
    roles: set[Role],
    job_title: str | None,
    ward: str | None,
) -> None:
    email = normalise_email(email)
    other = find_user_by_email(email)
    if other is not None and other.id != user.id:
        raise AccountError("There is already an account with that e-mail address", field="email")
    if not roles:
        raise AccountError("Select at least one role", field="roles")
    if user.id == by.id and Role.ADMIN in user.roles and Role.ADMIN not in roles:
        raise AccountError("You cannot remove your own administrator role", field="roles")
    user.email = email
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.job_title = (job_title or "").strip() or None
    user.ward = (ward or "").strip() or None
    user.set_roles(roles)
    db.session.flush()


def _count_enabled_admins() -> int:
    from portal.models import UserRole

    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(User)
        .join(UserRole)
        .where(UserRole.role == Role.ADMIN, User.is_enabled.is_(True))
    )
