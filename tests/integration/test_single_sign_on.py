"""Single sign-on against a real OpenID Connect provider started here on loopback
(tests/oidc_provider.py, built with Authlib's server side): discovery, PKCE, a signed
ID token checked against the provider's keys, and the match to a staff account."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests
import sqlalchemy as sa

from portal.extensions import db
from portal.models import SecurityEvent, User
from portal.web.accounts.sso import init_single_sign_on
from tests import factories
from tests.html import banners, heading, page
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Person, running_provider

CALLBACK = "http://localhost/staff/sign-in/sso/callback"


@pytest.fixture
def provider(monkeypatch):
    # Plain HTTP is allowed for this loopback provider only; a council's is HTTPS.
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    with running_provider(CALLBACK) as running:
        yield running


@pytest.fixture
def sso_app(app, provider, monkeypatch):
    """The portal with single sign-on switched on for this test (settings put back after)."""
    for name, value in {
        "OIDC_ISSUER": provider.issuer,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_NAME": "Kingsmere Microsoft 365",
        "OIDC_SATISFIES_SECOND_FACTOR": True,
    }.items():
        monkeypatch.setitem(app.config, name, value)
    monkeypatch.setitem(app.extensions, "authlib.integrations.flask_client", None)
    init_single_sign_on(app)
    return app


def sign_in_with_provider(client, provider, person):
    """Press the button, let the provider sign `person` in, and come back: over real HTTP."""
    provider.person = person
    sign_in_page = client.get("/staff/sign-in")
    button = page(sign_in_page).select_one("a#sign-in-with-provider")
    assert button.get_text(strip=True) == "Sign in with Kingsmere Microsoft 365"
    start = client.get(button["href"])
    assert start.status_code == 302
    assert start.headers["Location"].startswith(f"{provider.issuer}/authorize?")
    at_provider = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = at_provider.headers["Location"]
    assert back.startswith(CALLBACK)
    parts = urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}")


def test_a_clerk_signs_in_with_the_councils_provider_and_is_linked(sso_app, provider, clerk):
    client = sso_app.test_client()
    response = sign_in_with_provider(client, provider, Person(sub="entra-0001", email="Clerk@Example.gov.uk"))
    assert response.headers["Location"] == "/staff/"
    assert heading(client.get("/staff/")) == "Staff home"
    assert clerk.sso_subject == f"{provider.issuer}|entra-0001"
    assert provider.tokens_issued == 1
    # The provider's own multi-factor sign-in stands for the second factor.
    sessions_page = client.get("/staff/sessions")
    assert "Single sign-on" in sessions_page.get_data(as_text=True)


def test_after_linking_the_subject_finds_the_account_even_if_the_address_changes(sso_app, provider, clerk):
    sign_in_with_provider(sso_app.test_client(), provider, Person(sub="entra-0001", email=clerk.email))
    client = sso_app.test_client()
    renamed = Person(sub="entra-0001", email="cara.clerk@kingsmere.gov.uk")
    assert sign_in_with_provider(client, provider, renamed).headers["Location"] == "/staff/"


def test_someone_without_a_staff_account_is_not_given_one(sso_app, provider):
    client = sso_app.test_client()
    response = sign_in_with_provider(
        client, provider, Person(sub="entra-9999", email="visitor@example.gov.uk")
    )
    assert response.headers["Location"] == "/staff/sign-in"
    followed = client.get("/staff/sign-in")
    assert any("there is no staff account for you" in b for b in banners(followed))
    assert db.session.scalar(sa.select(User).where(User.email == "visitor@example.gov.uk")) is None
    assert client.get("/staff/").status_code == 302
    refused = db.session.scalars(sa.select(SecurityEvent.verb)).all()
    assert "sso_refused" in refused


def test_an_unverified_address_does_not_find_an_account(sso_app, provider, officer):
    client = sso_app.test_client()
    person = Person(sub="entra-0002", email=officer.email, email_verified=False)
    assert sign_in_with_provider(client, provider, person).headers["Location"] == "/staff/sign-in"
    assert officer.sso_subject is None


def test_an_account_linked_to_one_person_is_not_taken_by_another(sso_app, provider, officer):
    sign_in_with_provider(sso_app.test_client(), provider, Person(sub="entra-0003", email=officer.email))
    impostor = Person(sub="entra-0004", email=officer.email)
    client = sso_app.test_client()
    assert sign_in_with_provider(client, provider, impostor).headers["Location"] == "/staff/sign-in"
    assert officer.sso_subject.endswith("|entra-0003")


def test_a_disabled_account_cannot_sign_in_with_the_provider(sso_app, provider, admin, officer):
    from portal.domain.people import accounts

    accounts.set_enabled(officer, False, by=admin)
    client = sso_app.test_client()
    person = Person(sub="entra-0005", email=officer.email)
    assert sign_in_with_provider(client, provider, person).headers["Location"] == "/staff/sign-in"


def test_a_callback_that_did_not_start_here_is_refused(sso_app, provider, officer):
    client = sso_app.test_client()
    response = client.get("/staff/sign-in/sso/callback?code=made-up&state=made-up")
    assert response.headers["Location"] == "/staff/sign-in"
    assert client.get("/staff/").status_code == 302
    assert provider.tokens_issued == 0


def test_a_single_sign_on_session_ends_on_sign_out_like_any_other(sso_app, provider, officer):
    client = sso_app.test_client()
    sign_in_with_provider(client, provider, Person(sub="entra-0006", email=officer.email))
    thief = sso_app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    assert thief.get("/staff/").status_code == 200
    client.post("/staff/sign-out")
    assert thief.get("/staff/").status_code == 302


def test_the_council_can_ask_for_the_portals_second_factor_as_well(sso_app, provider, clerk):
    sso_app.config["OIDC_SATISFIES_SECOND_FACTOR"] = False
    client = sso_app.test_client()
    response = sign_in_with_provider(client, provider, Person(sub="entra-0007", email=clerk.email))
    assert response.headers["Location"] == "/staff/sign-in/code"
    done = client.post("/staff/sign-in/code", data={"code": factories.totp_code(clerk)})
    assert done.headers["Location"] == "/staff/"


def test_without_a_provider_there_is_no_button(client):
    assert page(client.get("/staff/sign-in")).select_one("#sign-in-with-provider") is None
    response = client.get("/staff/sign-in/sso")
    assert response.headers["Location"] == "/staff/sign-in"
