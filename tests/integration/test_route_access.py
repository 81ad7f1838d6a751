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
    "language.switch": PUBLIC,
    "accounts.sign_in": PUBLIC,
    "accounts.sign_out": PUBLIC,
    "accounts.change_password": SIGNED_IN,
    "accounts.second_factor": PUBLIC,
    "accounts.set_up_second_factor": PUBLIC,
    "accounts.codes_saved": SIGNED_IN,
    "accounts.new_recovery_codes": SIGNED_IN,
    "accounts.sessions_page": SIGNED_IN,
    "accounts.sso_start": PUBLIC,
    "accounts.sso_callback": PUBLIC,
    "admin.reset_second_factor": frozenset({ADMIN}),
    "admin.sign_out_user": frozenset({ADMIN}),
    "admin.unlink_single_sign_on": frozenset({ADMIN}),
    "admin.sign_in_settings": frozenset({ADMIN}),
    "admin.data_requests": frozenset({ADMIN, CLERK}),
    "data.request_copy": PUBLIC,
    "data.request_from_question": PUBLIC,
    "data.sent": PUBLIC,
    "data.download_page": PUBLIC,
    "data.download": PUBLIC,
    "staff.home": SIGNED_IN,
    "mail.possibly_sent": SIGNED_IN,
    "mail.decide": SIGNED_IN,
    "importing.index": frozenset({CLERK}),
    "importing.review": frozenset({CLERK}),
    "importing.source": frozenset({CLERK}),
    "importing.meeting_date": frozenset({CLERK}),
    "importing.record": frozenset({CLERK}),
    "importing.drop": frozenset({CLERK}),
    "importing.restore": frozenset({CLERK}),
    "importing.file": frozenset({CLERK}),
    "importing.discard": frozenset({CLERK}),
    "actions.staff_list": SIGNED_IN,
    "actions.action_page": SIGNED_IN,
    "actions.assign": frozenset({CLERK}),
    "actions.update": SIGNED_IN,
    "actions.done": SIGNED_IN,
    "actions.drop": SIGNED_IN,
    "actions.tracker": PUBLIC,
    "actions.tracker_csv": PUBLIC,
    "actions.tracker_json": PUBLIC,
    "actions.tracker_atom": PUBLIC,
    "feedback.report": SIGNED_IN,
    "feedback.meeting_report": SIGNED_IN,
    "track.give_feedback": PUBLIC,
    "track.ask_review": PUBLIC,
    "reviews.review_list": SIGNED_IN,
    "reviews.review": SIGNED_IN,
    "admin.index": frozenset({ADMIN, CLERK}),
    "admin.users": frozenset({ADMIN}),
    "admin.add_user": frozenset({ADMIN}),
    "admin.user": frozenset({ADMIN}),
    "admin.edit_user": frozenset({ADMIN}),
    "admin.disable_user": frozenset({ADMIN}),
    "admin.enable_user": frozenset({ADMIN}),
    "admin.new_password": frozenset({ADMIN}),
    "admin.unlock_user": frozenset({ADMIN}),
    "admin.committees": frozenset({ADMIN}),
    "admin.add_committee": frozenset({ADMIN}),
    "admin.committee": frozenset({ADMIN}),
    "admin.edit_committee": frozenset({ADMIN}),
    "admin.committee_rules": frozenset({ADMIN}),
    "admin.committee_procedure": frozenset({ADMIN}),
    "admin.meeting_procedure": frozenset({ADMIN}),
    "admin.committee_posts": frozenset({ADMIN}),
    "admin.move_committee_post": frozenset({ADMIN}),
    "admin.remove_committee_post": frozenset({ADMIN}),
    "admin.add_member": frozenset({ADMIN}),
    "admin.edit_member": frozenset({ADMIN}),
    "admin.remove_member": frozenset({ADMIN}),
    "admin.posts": frozenset({ADMIN}),
    "admin.add_post": frozenset({ADMIN}),
    "admin.post": frozenset({ADMIN}),
    "admin.edit_post": frozenset({ADMIN}),
    "admin.add_holder": frozenset({ADMIN}),
    "admin.end_holder": frozenset({ADMIN}),
    "admin.remove_holder": frozenset({ADMIN}),
    "admin.add_drafter": frozenset({ADMIN}),
    "admin.remove_drafter": frozenset({ADMIN}),
    "admin.grounds": frozenset({ADMIN}),
    "admin.add_ground": frozenset({ADMIN}),
    "admin.edit_ground": frozenset({ADMIN}),
    "admin.delete_ground": frozenset({ADMIN}),
    "admin.closure_days": frozenset({ADMIN}),
    "admin.remove_closure_day": frozenset({ADMIN}),
    "admin.meetings": frozenset({ADMIN, CLERK}),
    "admin.schedule_meeting": frozenset({ADMIN, CLERK}),
    "admin.meeting": frozenset({ADMIN, CLERK}),
    "admin.edit_meeting": frozenset({ADMIN, CLERK}),
    "admin.move_meeting": frozenset({ADMIN, CLERK}),
    "admin.cancel_meeting": frozenset({ADMIN, CLERK}),
    "admin.reinstate_meeting": frozenset({ADMIN, CLERK}),
    "admin.mark_held": frozenset({ADMIN, CLERK}),
    "admin.set_deadline": frozenset({ADMIN, CLERK}),
    "admin.restore_deadline": frozenset({ADMIN, CLERK}),
    "moderation.queue": frozenset({CLERK}),
    "moderation.question": frozenset({CLERK}),
    "moderation.accept": frozenset({CLERK}),
    "moderation.accept_selected": frozenset({CLERK}),
    "moderation.reject": frozenset({CLERK}),
    "moderation.clarify": frozenset({CLERK}),
    "moderation.edit": frozenset({CLERK}),
    "moderation.withdraw": frozenset({CLERK}),
    "moderation.numbering_page": frozenset({CLERK}),
    "moderation.reorder": frozenset({CLERK}),
    "answers.inbox": frozenset({OFFICER, COUNCILLOR}),
    "answers.question": SIGNED_IN,
    "answers.submit": SIGNED_IN,
    "answers.approve": SIGNED_IN,
    "answers.return_answer": SIGNED_IN,
    "answers.reopen": SIGNED_IN,
    "answers.revisions": SIGNED_IN,
    "answers.preview": SIGNED_IN,
    "answers.templates": frozenset({CLERK, OFFICER}),
    "answers.new_template": frozenset({CLERK, OFFICER}),
    "answers.edit_template": frozenset({CLERK, OFFICER}),
    "audit.log": frozenset({ADMIN, CLERK}),
    "ask.start": PUBLIC,
    "ask.meeting": PUBLIC,
    "ask.details": PUBLIC,
    "ask.question": PUBLIC,
    "ask.similar": PUBLIC,
    "ask.check": PUBLIC,
    "ask.deadline_passed": PUBLIC,
    "ask.discard": PUBLIC,
    "ask.sent": PUBLIC,
    "ask.confirm": PUBLIC,
    "ask.confirmed": PUBLIC,
    "track.question": PUBLIC,
    "track.withdraw": PUBLIC,
    "track.clarify": PUBLIC,
    "track.resubmit": PUBLIC,
    "track.resend": PUBLIC,
    "track.request_link": PUBLIC,
    "track.link_sent": PUBLIC,
    "track.mine": PUBLIC,
    "member_questions.start": frozenset({COUNCILLOR}),
    "member_questions.ask": frozenset({COUNCILLOR}),
    "dev.mailbox": DEVELOPMENT,
    "dev.message": DEVELOPMENT,
    "records.latest": PUBLIC,
    "records.latest_download": PUBLIC,
    "records.version": PUBLIC,
    "records.version_download": PUBLIC,
    "records.owed": PUBLIC,
    "publishing.meetings": frozenset({CLERK}),
    "publishing.meeting": frozenset({CLERK}),
    "publishing.preview": frozenset({CLERK}),
    "publishing.preview_pdf": frozenset({CLERK}),
    "publishing.publish": frozenset({CLERK}),
    "publishing.correct": frozenset({CLERK}),
    "publishing.record_languages": frozenset({CLERK}),
    "publishing.written_answer": frozenset({CLERK}),
    "publishing.written_answers": frozenset({CLERK}),
    "publishing.job": frozenset({CLERK}),
    "console.meeting": frozenset({CLERK}),
    "console.save_question": frozenset({CLERK}),
    "console.save_times": frozenset({CLERK}),
    "past_records.index": frozenset({CLERK}),
    "past_records.new_meeting": frozenset({CLERK}),
    "past_records.meeting": frozenset({CLERK}),
    "past_records.new_question": frozenset({CLERK}),
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
        if conv.__class__.__name__ == "AnyConverter":
            values[arg] = sorted(conv.items)[0]
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
