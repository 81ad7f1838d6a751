"""Error pages that never crash, an expired form that keeps what was typed, and outages."""

from __future__ import annotations

import pytest
from flask import abort

from portal import create_app
from portal.extensions import db
from portal.web.access import public
from tests.conftest import database_url
from tests.html import heading, page, text


@pytest.fixture
def faulty_app():
    """A separate app with routes that fail on purpose (never part of the real portal)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url()}, env="test")

    @public
    def bad_request() -> str:
        abort(400)

    @public
    def broken() -> str:
        raise RuntimeError("something the portal did not expect")

    app.add_url_rule("/test-only/bad-request", view_func=bad_request)
    app.add_url_rule("/test-only/broken", view_func=broken)
    return app


def test_400(faulty_app):
    response = faulty_app.test_client().get("/test-only/bad-request")
    assert response.status_code == 400
    assert heading(response) == "Sorry, there is a problem with that request"


def test_403_says_whom_the_page_is_for_and_who_can_change_the_account(clerk_client):
    from tests import factories

    factories.make_user(
        roles={"admin"}, first_name="Adeola", last_name="Okafor", email="a.okafor@kingsmere.gov.uk"
    )
    factories.make_user(roles={"admin"}, first_name="Ben", last_name="Ames", email="b.ames@kingsmere.gov.uk")
    response = clerk_client.get("/admin/staff")
    assert response.status_code == 403
    assert heading(response) == "You do not have permission to see this page"
    body = text(response)
    assert "This page is for administrator accounts. Your account is democratic services (clerk)." in body
    assert (
        "ask an administrator to change what your account can do: Ben Ames, b.ames@kingsmere.gov.uk" in body
    )
    assert "Adeola Okafor, a.okafor@kingsmere.gov.uk" in body
    assert "ask democratic services" not in body  # a clerk is democratic services


def test_403_for_an_administrator_points_to_the_staff_list(admin_client):
    response = admin_client.get("/staff/moderation")
    assert response.status_code == 403
    assert "This page is for democratic services (clerk) accounts" in text(response)
    assert page(response).find("a", string="change what an account can do")["href"] == "/admin/staff"


def test_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert heading(response) == "Page not found"
    assert page(response).find("a", string="Find the meeting")


def test_405_says_which_methods_are_allowed(client):
    response = client.get("/staff/sign-out")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert heading(response) == "Sorry, that action is not possible here"


def test_500_is_a_friendly_page(faulty_app):
    response = faulty_app.test_client().get("/test-only/broken")
    assert response.status_code == 500
    assert heading(response) == "Sorry, there is a problem with the service"
    assert "something the portal did not expect" not in response.get_data(as_text=True)


def test_an_expired_form_shows_back_what_was_typed_but_never_a_password(clerk):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url(), "WTF_CSRF_ENABLED": True}, env="test")
    client = app.test_client()
    response = client.post(
        "/staff/sign-in",
        data={
            "csrf_token": "expired-or-forged",
            "email": "clerk@example.gov.uk",
            "password": "my secret password",
        },
    )
    assert response.status_code == 400
    assert heading(response) == "Your form timed out"
    shown = text(response)
    assert "clerk@example.gov.uk" in shown
    assert "my secret password" not in response.get_data(as_text=True)
    assert page(response).find("a", string="Go back to the form")["href"] == "/staff/sign-in"


def test_an_expired_admin_form_keeps_the_reason_typed(app):
    csrf_app = create_app({"SQLALCHEMY_DATABASE_URI": database_url(), "WTF_CSRF_ENABLED": True}, env="test")
    response = csrf_app.test_client().post(
        "/admin/meetings/1/cancel",
        data={"reason": "The committee is not quorate, so the Chair has cancelled it."},
    )
    assert response.status_code == 400
    assert "The committee is not quorate, so the Chair has cancelled it." in text(response)


@pytest.fixture(params=["sqlite", "postgresql"])
def unreachable_app(request, monkeypatch):
    url = {
        "sqlite": "sqlite:////no/such/directory/portal.sqlite3",
        "postgresql": "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2",
    }[request.param]
    app = create_app({"SQLALCHEMY_DATABASE_URI": url}, env="test")
    # The test session is bound to the test database; this app needs its own.
    monkeypatch.setattr(db, "session", db._make_scoped_session({}))
    with app.app_context():
        yield app
        db.session.remove()
        db.engines[None].dispose()


def test_healthz_says_the_database_is_unreachable(unreachable_app):
    response = unreachable_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}


def test_pages_that_need_the_database_say_the_service_is_unavailable(unreachable_app):
    response = unreachable_app.test_client().get("/meetings")
    assert response.status_code == 503
    assert heading(response) == "Sorry, the service is unavailable"
    assert "Try again in a few minutes" in text(response)


def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
