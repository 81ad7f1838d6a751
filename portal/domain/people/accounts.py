"""Staff accounts: creating them, signing in with lockout, passwords and roles.

Administrators manage accounts through the verbs at the end of this module; each
checks `can_manage_users` and the rules that keep the portal usable (nobody disables
themselves, and there is always an enabled administrator).
"""

from __future__ import annotations

import logging
import re
import secrets

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from portal.domain.errors import Invalid
from portal.domain.people import sessions, throttle
from portal.domain.people.security_log import record
from portal.domain.permissions import NotPermitted, can_manage_users
from portal.extensions import db
from portal.models import Role, StaffSession, User, UserRole

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 12
# zxcvbn's score from 0 (guessable) to 4: 3 means about 10^8 guesses or more, which a
# guesser cannot reach through the sign-in throttle or against the scrypt hash.
MIN_PASSWORD_SCORE = 3
EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Generated passwords avoid characters that are easy to misread (0/O, 1/l/I) when
# read out over the phone or copied from a screen.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 (an alphabet, not a password)
# Compared against when the e-mail is unknown, so both cases take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password-used-for-timing")


class AccountError(Invalid):
    """A problem with an account change, worded for the person making it."""


def _hash(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def normalise_email(email: str) -> str:
    return email.strip().lower()


def password_problem(password: str, context: tuple[str, ...] = ()) -> str | None:
    """Why a password is not acceptable, or None. `context`: words about the person
    (name, e-mail address) that make a password easy to guess when it uses them."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password must be {MIN_PASSWORD_LENGTH} characters or more"
    if len(password) > 200:
        return "Password must be 200 characters or fewer"
    if password.strip() != password:
        return "Password must not start or end with a space"
    if len(set(password)) < 4:
        return "Password must not repeat the same few characters"
    # zxcvbn's word lists take some 12 MB: loaded by the worker that first checks a password.
    from zxcvbn import zxcvbn

    words = [w for w in (*context, *_council_words()) if w]
    result = zxcvbn(password, user_inputs=words)
    if result["score"] < MIN_PASSWORD_SCORE:
        warning = ((result.get("feedback") or {}).get("warning") or "").lower()
        if "common" in warning or "top" in warning:
            reason = "it is one of the most commonly used passwords"
        else:
            reason = "it is a common password or too easy to guess"
        return f"Choose a different password: {reason}. A few unrelated words together work well"
    # A name, an address or the council's name is the first thing a guesser tries: what is
    # left without them must be strong on its own.
    rest = password
    for word in sorted({w.lower() for w in words if len(w) >= 4}, key=len, reverse=True):
        rest = re.sub(re.escape(word), "", rest, flags=re.IGNORECASE)
    if rest != password and (len(rest) < 8 or zxcvbn(rest)["score"] < MIN_PASSWORD_SCORE):
        return (
            "Choose a different password: it uses your name, your e-mail address or the council's name. "
            "A few unrelated words together work well"
        )
    return None


def _council_words() -> tuple[str, ...]:
    config = current_app.config
    return (
        config.get("COUNCIL_NAME") or "",
        config.get("COUNCIL_AREA") or "",
        "council",
        "questions",
        "portal",
        "kingsmere",
    )


def _person_words(email: str, first_name: str = "", last_name: str = "") -> tuple[str, ...]:
    local, _, domain = email.partition("@")
    return (email, local, domain.split(".")[0], first_name, last_name)


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
    problem = password_problem(password, _person_words(email, first_name, last_name))
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


def authenticate(email: str, password: str) -> User | None:
    """The enabled user with these credentials, or None. The caller throttles and says the
    same thing whatever failed; an unknown address costs the same time as a wrong password."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.is_enabled:
        return None
    return user


def change_password(
    user: User, current_password: str, new_password: str, *, keep: StaffSession | None = None
) -> None:
    """Someone changing their own password (this also ends their other sessions)."""
    if not check_password_hash(user.password_hash, current_password):
        raise AccountError("Your current password is not correct", field="current_password")
    if new_password == current_password:
        raise AccountError(
            "Your new password must be different from your current password", field="new_password"
        )
    set_password(user, new_password, keep=keep)
    user.password_must_change = False
    db.session.flush()
    record("password_changed", "Changed their password; other sessions ended", user=user)


def set_password(
    user: User,
    new_password: str,
    *,
    keep: StaffSession | None = None,
    reason: str = sessions.PASSWORD_CHANGED,
) -> None:
    problem = password_problem(new_password, _person_words(user.email, user.first_name, user.last_name))
    if problem:
        raise AccountError(problem, field="new_password")
    user.password_hash = _hash(new_password)
    sessions.end_all_sessions(user, reason, keep=keep)  # sign out every other session
    throttle.clear_account(user.email)
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
    record(
        "account_added",
        "Account added with roles " + ", ".join(r.label for r in sorted(roles)),
        user=user,
        actor=by,
    )
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
        # Pages already open were allowed by the old roles: start again with the new ones.
        sessions.end_all_sessions(user, sessions.ROLES_CHANGED)
        record(
            "roles_changed",
            "Roles changed to " + ", ".join(Role(r).label for r in sorted(roles)) + "; sessions ended",
            user=user,
            actor=by,
        )
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
        if not enabled:
            sessions.end_all_sessions(user, sessions.DISABLED)
        record(
            "account_enabled" if enabled else "account_disabled",
            "Account enabled" if enabled else "Account disabled; every session ended",
            user=user,
            actor=by,
        )
        log.info("User %s %s the account of %s", by.id, "enabled" if enabled else "disabled", user.id)
    db.session.flush()


def is_locked(user: User) -> bool:
    """Whether a password alone no longer opens the account (many wrong passwords from
    many places in the last hour): see portal/domain/people/throttle.py."""
    return throttle.account_under_attack(user.email)


def unlock_user(user: User, *, by: User) -> None:
    """Let a password alone open the account again after a spread-out guessing attack."""
    _require_user_manager(by)
    if not is_locked(user):
        raise AccountError(f"{user.name}'s account is not locked")
    throttle.clear_account(user.email)
    record("account_unlocked", "Wrong-password count cleared by an administrator", user=user, actor=by)
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
    set_password(user, password, reason=sessions.PASSWORD_RESET)
    user.password_must_change = True
    db.session.flush()
    record(
        "password_reset", "Given a new password by an administrator; every session ended", user=user, actor=by
    )
    log.info("User %s set a new password for %s", by.id, user.id)
    return password


def account_status(user: User) -> str:
    """'Disabled', 'Locked' or 'Active', as the staff list shows it."""
    if not user.is_enabled:
        return "Disabled"
    if is_locked(user):
        return "Locked"
    return "Active"


def everyone() -> list[User]:
    """Every account, in the order they were made."""
    return list(db.session.scalars(sa.select(User).order_by(User.id)))


def staff_accounts() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.last_name, User.first_name, User.id)))


def _count_enabled_admins() -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(User)
        .join(UserRole)
        .where(UserRole.role == Role.ADMIN, User.is_enabled.is_(True))
    )


def administrators() -> list[User]:
    """Enabled administrators, by name: the people who can change what an account may do."""
    query = (
        sa.select(User)
        .join(UserRole)
        .where(UserRole.role == Role.ADMIN, User.is_enabled.is_(True))
        .order_by(User.last_name, User.first_name, User.id)
    )
    return list(db.session.scalars(query).unique())
