"""Menus for the page template. Items whose endpoint is not registered are left out,
and staff items appear only to those whose role reaches the page."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from portal.web.access import access_of

# (endpoint, text, endpoints that count as "this section")
PUBLIC_ITEMS: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    (
        "public.meetings",
        _l("Meetings"),
        ("public.meetings", "public.meeting", "public.committees", "public.committee"),
    ),
    ("ask.start", _l("Ask a question"), ("ask.",)),
    ("archive.search", _l("Search answers"), ("archive.search",)),
    ("records.owed", _l("Written answers owed"), ("records.owed",)),
    ("archive.register", _l("Questions received"), ("archive.register",)),
)

STAFF_ITEMS: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("staff.home", "Staff home", ("staff.home",)),
    ("moderation.queue", "Moderation", ("moderation.",)),
    ("answers.inbox", "Answers", ("answers.",)),
    ("actions.staff_list", "Actions", ("actions.staff_list", "actions.action_page")),
    ("member_questions.start", "Ask a member question", ("member_questions.",)),
    ("publishing.meetings", "Publishing", ("publishing.", "console.", "past_records.")),
    ("importing.index", "Import", ("importing.",)),
    ("audit.log", "Audit log", ("audit.",)),
    ("admin.index", "Admin", ("admin.",)),
    (
        "accounts.sessions_page",
        "Your account",
        ("accounts.sessions_page", "accounts.change_password", "accounts.new_recovery_codes"),
    ),
)

FOOTER_ITEMS: tuple[tuple[str, Any], ...] = (
    ("public.accessibility", _l("Accessibility statement")),
    ("public.privacy", _l("Privacy notice")),
    ("archive.statistics", _l("Statistics")),
    ("api.index", _l("Open data")),
    ("dev.mailbox", "Development mailbox"),
)


def _is_current(prefixes: tuple[str, ...]) -> bool:
    endpoint = request.endpoint or ""
    return any(endpoint == p or (p.endswith(".") and endpoint.startswith(p)) for p in prefixes)


def _can_reach(endpoint: str) -> bool:
    view = current_app.view_functions.get(endpoint)
    if view is None:
        return False
    access = access_of(view)
    if isinstance(access, frozenset):
        return current_user.is_authenticated and current_user.has_role(*access)
    if access == "development":
        return bool(current_app.config.get("SHOW_DEV_MAILBOX"))
    return True


def _items(spec: tuple[tuple[str, Any, tuple[str, ...]], ...]) -> list[dict[str, Any]]:
    return [
        {"href": url_for(endpoint), "text": str(text), "active": _is_current(prefixes)}
        for endpoint, text, prefixes in spec
        if _can_reach(endpoint)
    ]


def public_navigation() -> list[dict[str, Any]]:
    return _items(PUBLIC_ITEMS)


def staff_navigation() -> list[dict[str, Any]]:
    return _items(STAFF_ITEMS)


def footer_links() -> list[dict[str, str]]:
    return [{"href": url_for(e), "text": str(t)} for e, t in FOOTER_ITEMS if _can_reach(e)]


def sign_out_form() -> Markup:
    """Signing out changes state, so it is a POST with a CSRF token, styled as a link."""
    return Markup(  # noqa: S704 (every value in it is escaped)
        '<li class="govuk-service-navigation__item">'
        f'<form method="post" action="{escape(url_for("accounts.sign_out"))}" class="app-sign-out">'
        f'<input type="hidden" name="csrf_token" value="{escape(generate_csrf())}">'
        '<button type="submit" class="govuk-service-navigation__link app-link-button">Sign out</button>'
        "</form></li>"
    )


def init_navigation(app: Flask) -> None:
    app.jinja_env.globals.update(
        public_navigation=public_navigation,
        staff_navigation=staff_navigation,
        footer_links=footer_links,
        sign_out_form=sign_out_form,
    )
