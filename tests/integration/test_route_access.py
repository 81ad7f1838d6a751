"""Every endpoint has an access decision, and it is the one listed here.

A new route fails this test until it is added below, with who may reach it.
"""

from __future__ import annotations

import pytest

from portal.models import Role
from portal.web.access import DEVELOPMENT, PUBLIC, SIGNED_IN, access_of

ADMIN, CLERK, OFFICER, COUNCILLOR = Role.ADMIN, Role.CLERK, Role.OFFICER, Role.COUNCILLOR

EXPECTED_ACCESS: dict[str, object] = {
    "static": PUBLIC,
    "health.healthz": PUBLIC,
    "public.home": PUBLIC,
    "public.committees": PUBLIC,
    "public.committee": PUBLIC,
    "public.meetings": PUBLIC,
    "public.meeting": PUBLIC,
    "public.accessibility": PUBLIC,
    "public.privacy": PUBLIC,
    "accounts.sign_in": PUBLIC,
    "accounts.sign_out": PUBLIC,
    "accounts.change_password": SIGNED_IN,
    "staff.home": SIGNED_IN,
    "admin.index": frozenset({ADMIN, CLERK}),
    # The public archive and the open data API
    "archive.search": PUBLIC,
    "archive.search_feed": PUBLIC,
    "archive.register": PUBLIC,
    "archive.statistics": PUBLIC,
    "archive.calendar": PUBLIC,
    "archive.calendar_ics": PUBLIC,
    "archive.committee_calendar_ics": PUBLIC,
    "archive.committee_record": PUBLIC,
    "archive.answers_feed": PUBLIC,
    "archive.committee_feed": PUBLIC,
    "archive.subscribe": PUBLIC,
    "archive.check_email": PUBLIC,
    "archive.confirm": PUBLIC,
    "archive.unsubscribe": PUBLIC,
    "api.index": PUBLIC,
    "api.openapi": PUBLIC,
    "api.committees": PUBLIC,
    "api.committee": PUBLIC,
    "api.meetings": PUBLIC,
    "api.meeting": PUBLIC,
    "api.questions": PUBLIC,
    "api.question": PUBLIC,
    "api.written_answers_owed": PUBLIC,
}


def _endpoints(app):
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()})


def test_every_endpoint_has_an_access_decision(app):
    missing = [e for e in _endpoints(app) if e != "static" and access_of(app.view_functions[e]) is None]
    assert not missing, (
        f"These endpoints have no access decision: {missing}. Decorate each view with @public, "
        "@signed_in, @requires_role(...) or @development_only from portal.web.access."
    )


def test_every_endpoint_is_listed_with_its_expected_access(app):
    unexpected = [e for e in _endpoints(app) if e not in EXPECTED_ACCESS]
    assert not unexpected, (
        f"Unexpected endpoints {unexpected}: add each to EXPECTED_ACCESS in {__file__} with who may reach it."
    )
    stale = [e for e in EXPECTED_ACCESS if e not in _endpoints(app)]
    assert not stale, f"EXPECTED_ACCESS lists endpoints that no longer exist: {stale}"


@pytest.mark.parametrize("endpoint", sorted(EXPECTED_ACCESS))
def test_access_matches(app, endpoint):
    if endpoint == "static":
        return
    if endpoint not in app.view_functions:
        pytest.skip("not registered")
    assert access_of(app.view_functions[endpoint]) == EXPECTED_ACCESS[endpoint]


def test_development_pages_are_hidden_outside_development(app):
    dev_only = [e for e, rule in EXPECTED_ACCESS.items() if rule == DEVELOPMENT]
    for endpoint in dev_only:
        assert access_of(app.view_functions[endpoint]) == DEVELOPMENT


def _url_for_rule(rule) -> str:
    values = {arg: 1 for arg in rule.arguments}
    for arg, conv in rule._converters.items():
        if conv.__class__.__name__ in ("UnicodeConverter", "PathConverter"):
            values[arg] = "x"
    return rule.build(values, append_unknown=False)[1]


def test_anonymous_visitors_to_staff_pages_are_sent_to_sign_in(app, client):
    for rule in app.url_map.iter_rules():
        access = EXPECTED_ACCESS.get(rule.endpoint)
        if access is PUBLIC or access == DEVELOPMENT or "GET" not in rule.methods:
            continue
        response = client.get(_url_for_rule(rule))
        assert response.status_code == 302, rule.endpoint
        assert "/staff/sign-in" in response.headers["Location"], rule.endpoint


def test_signed_in_staff_without_the_role_get_403_not_a_sign_in_loop(app, signed_in_as):
    from tests import factories

    for role in Role:
        user = factories.make_user(roles={role})
        client = signed_in_as(user)
        for rule in app.url_map.iter_rules():
            access = EXPECTED_ACCESS.get(rule.endpoint)
            if not isinstance(access, frozenset) or role in access or "GET" not in rule.methods:
                continue
            response = client.get(_url_for_rule(rule))
            assert response.status_code == 403, (rule.endpoint, role)
