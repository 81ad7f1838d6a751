"""The council's sign-in rules: how long a session may sit idle, how long it may last
at most, and whether every member of staff (not only administrators and clerks) must
use a second factor. Defaults come from the configuration; an administrator changes
them on the sign-in settings page, and the change is in the security log."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g, has_request_context

from portal.domain.people.security_log import record
from portal.domain.permissions import NotPermitted, can_manage_users
from portal.extensions import db
from portal.models import Role, SecuritySettings, User, utcnow

IDLE_RANGE = (5, 480)
ABSOLUTE_RANGE = (1, 24)
# Roles that always use a second factor: they see every questioner's contact details.
SECOND_FACTOR_ROLES = frozenset({Role.ADMIN, Role.CLERK})


@dataclass(frozen=True)
class SignInRules:
    session_idle_minutes: int
    session_absolute_hours: int
    second_factor_for_everyone: bool


class SettingsError(ValueError):
    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def _defaults() -> SignInRules:
    config = current_app.config
    return SignInRules(
        session_idle_minutes=int(config["SESSION_IDLE_MINUTES"]),
        session_absolute_hours=int(config["SESSION_ABSOLUTE_HOURS"]),
        second_factor_for_everyone=bool(config["SECOND_FACTOR_FOR_EVERYONE"]),
    )


def current_rules() -> SignInRules:
    """The rules in force (cached for the request: every staff request reads them)."""
    if has_request_context() and "sign_in_rules" in g:
        return g.sign_in_rules
    row = db.session.get(SecuritySettings, 1)
    rules = (
        _defaults()
        if row is None
        else SignInRules(row.session_idle_minutes, row.session_absolute_hours, row.second_factor_for_everyone)
    )
    if has_request_context():
        g.sign_in_rules = rules
    return rules


def second_factor_required(user: User) -> bool:
    return user.has_role(*SECOND_FACTOR_ROLES) or current_rules().second_factor_for_everyone


def change_rules(
    *, by: User, idle_minutes: int, absolute_hours: int, everyone_second_factor: bool
) -> SignInRules:
    if not can_manage_users(by):
        raise NotPermitted("Only administrators can change the sign-in settings")
    if not IDLE_RANGE[0] <= idle_minutes <= IDLE_RANGE[1]:
        raise SettingsError(
            f"Time before an idle session ends must be between {IDLE_RANGE[0]} and {IDLE_RANGE[1]} minutes",
            "idle_minutes",
        )
    if not ABSOLUTE_RANGE[0] <= absolute_hours <= ABSOLUTE_RANGE[1]:
        raise SettingsError(
            f"Longest session must be between {ABSOLUTE_RANGE[0]} and {ABSOLUTE_RANGE[1]} hours",
            "absolute_hours",
        )
    if idle_minutes > absolute_hours * 60:
        raise SettingsError(
            "Time before an idle session ends must not be longer than the longest session", "idle_minutes"
        )
    row = db.session.get(SecuritySettings, 1)
    if row is None:
        row = SecuritySettings(id=1)
        db.session.add(row)
    row.session_idle_minutes = idle_minutes
    row.session_absolute_hours = absolute_hours
    row.second_factor_for_everyone = everyone_second_factor
    row.updated_at = utcnow()
    row.updated_by_id = by.id
    db.session.flush()
    record(
        "sign_in_settings_changed",
        f"Sign-in settings: idle sessions end after {idle_minutes} minutes, every session after "
        f"{absolute_hours} hours; second factor for "
        + ("everyone" if everyone_second_factor else "administrators and clerks"),
        actor=by,
    )
    if has_request_context():
        g.pop("sign_in_rules", None)
    return current_rules()
