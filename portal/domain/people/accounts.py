"""Staff accounts: creating them, signing in with lockout, passwords and roles.

Administrators manage accounts through the verbs at the end of this module; each
checks `can_manage_users` and the rules that keep the portal usable (nobody disables
themselves, and there is always an enabled administrator).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from portal.domain.permissions import NotPermitted, can_manage_users
from portal.extensions import db
from portal.models import Role, User, UserRole, utcnow

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 12
EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Generated passwords avoid characters that are easy to misread (0/O, 1/l/I) when
# read out over the phone or copied from a screen.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 (an alphabet, not a password)
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
    if not EMAIL_SHAPE.match(email):
        raise AccountError(
            "Enter an e-mail address in the correct format, like name@kingsmere.gov.uk", field="email"
        )
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
    """Someone changing their own password (this also ends their other sessions)."""
    if not check_password_hash(user.password_hash, current_password):
        raise AccountError("Your current password is not correct", field="current_password")
    if new_password == current_password:
        raise AccountError(
            "Your new password must be different from your current password", field="new_password"
        )
    set_password(user, new_password)
    user.password_must_change = False
    db.session.flush()


def set_password(user: User, new_password: str) -> None:
    problem = password_problem(new_password)
    if problem:
        raise AccountError(problem, field="new_password")
    user.password_hash = _hash(new_password)
    user.session_version += 1  # sign out every other session
    user.failed_sign_ins = 0
    user.locked_until = None
    db.session.flush()


def generate_password() -> str:
    """A password to give someone once, such as "kq7m-x2vd-9hpt-c4wn" (about 79 bits)."""
    while True:
        groups = ("".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(4)) for _ in range(4))
        password = "-".join(groups)
        if password_problem(password) is None:
            return password


def _require_user_manager(by: User) -> None:
    if not can_manage_users(by):
        raise NotPermitted("Only administrators can manage staff accounts")


def _check_details(*, first_name: str, last_name: str, roles: set[Role], ward: str | None) -> None:
    if not first_name.strip():
        raise AccountError("Enter their first name", field="first_name")
    if not last_name.strip():
        raise AccountError("Enter their last name", field="last_name")
    if not roles:
        raise AccountError("Select at least one role", field="roles")
    if Role.COUNCILLOR in roles and not (ward or "").strip():
        # Member questions are published as "Cllr First Last, Ward".
        raise AccountError("Enter the ward the councillor represents", field="ward")


def add_staff_account(
    *,
    by: User,
    email: str,
    first_name: str,
    last_name: str,
    roles: set[Role],
    job_title: str | None = None,
    ward: str | None = None,
) -> tuple[User, str]:
    """An administrator adds someone. Returns the account and its generated password,
    which is shown once; they choose their own when they first sign in."""
    _require_user_manager(by)
    _check_details(first_name=first_name, last_name=last_name, roles=roles, ward=ward)
    password = generate_password()
    user = create_user(
        email=email,
        first_name=first_name,
        last_name=last_name,
        password=password,
        roles=roles,
        job_title=job_title,
        ward=ward,
    )
    user.password_must_change = True
    db.session.flush()
    log.info("User %s added staff account %s with roles %s", by.id, user.id, sorted(roles))
    return user, password


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
    _require_user_manager(by)
    email = normalise_email(email)
    other = find_user_by_email(email)
    if other is not None and other.id != user.id:
        raise AccountError("There is already an account with that e-mail address", field="email")
    _check_details(first_name=first_name, last_name=last_name, roles=roles, ward=ward)
    losing_admin = Role.ADMIN in user.roles and Role.ADMIN not in roles
    if losing_admin and user.id == by.id:
        raise AccountError("You cannot remove your own administrator role", field="roles")
    if losing_admin and user.is_enabled and _count_enabled_admins() <= 1:
        raise AccountError(
            "You cannot remove the administrator role from the last administrator", field="roles"
        )
    if roles != set(user.roles):
        log.info("User %s changed the roles of %s to %s", by.id, user.id, sorted(roles))
    user.email = email
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.job_title = (job_title or "").strip() or None
    user.ward = (ward or "").strip() or None
    user.set_roles(roles)
    db.session.flush()


def set_enabled(user: User, enabled: bool, by: User) -> None:
    """Disable (or enable again) an account. Disabling ends every session it has."""
    _require_user_manager(by)
    if not enabled and user.id == by.id:
        raise AccountError("You cannot disable your own account")
    if not enabled and user.is_enabled and user.has_role(Role.ADMIN) and _count_enabled_admins() <= 1:
        raise AccountError("You cannot disable the last administrator")
    if user.is_enabled != enabled:
        user.is_enabled = enabled
        user.session_version += 1
        log.info("User %s %s the account of %s", by.id, "enabled" if enabled else "disabled", user.id)
    db.session.flush()


def unlock_user(user: User, *, by: User) -> None:
    """Let someone try again straight away after too many wrong passwords."""
    _require_user_manager(by)
    if not is_locked(user) and not user.failed_sign_ins:
        raise AccountError(f"{user.name}'s account is not locked")
    user.locked_until = None
    user.failed_sign_ins = 0
    db.session.flush()
    log.info("User %s unlocked the account of %s", by.id, user.id)


def reset_password(user: User, *, by: User) -> str:
    """Give someone who forgot their password a new one, shown once to the administrator.

    Their old password stops working, every session of theirs ends, a lock is lifted,
    and they choose their own password when they next sign in.
    """
    _require_user_manager(by)
    if user.id == by.id:
        raise AccountError("Change your own password from 'Your account' instead")
    if not user.is_enabled:
        raise AccountError(f"{user.name}'s account is disabled. Enable it first")
    password = generate_password()
    set_password(user, password)
    user.password_must_change = True
    db.session.flush()
    log.info("User %s set a new password for %s", by.id, user.id)
    return password


def account_status(user: User, now: dt.datetime | None = None) -> str:
    """'Disabled', 'Locked' or 'Active', as the staff list shows it."""
    if not user.is_enabled:
        return "Disabled"
    if is_locked(user, now):
        return "Locked"
    return "Active"


def staff_accounts() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.last_name, User.first_name, User.id)))


def _count_enabled_admins() -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(User)
        .join(UserRole)
        .where(UserRole.role == Role.ADMIN, User.is_enabled.is_(True))
    )
