"""Signing in as staff in Chromium, checked with axe: setting up an authenticator app at
first sign-in, signing in with a code, and signing in with the council's provider."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pyotp
import pytest
from playwright.sync_api import Page, expect

from portal.models import Role
from tests import factories
from tests.conftest import _TMP
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Person, running_provider

SHOTS = _TMP / "screenshots"


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_new_clerk_sets_up_an_app_then_signs_in_with_a_code(page: Page, live_server: str, data, axe):
    with data() as f:
        clerk = f.make_user(
            roles={Role.CLERK}, email="first.time@example.gov.uk", first_name="Fern", second_factor=False
        )
        email = clerk.email
    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.locator("h1")).to_have_text("Set up your authenticator app")
    expect(page.locator(".app-qr svg")).to_be_visible()
    axe(page)
    shoot(page, "set-up-authenticator")
    key = page.locator("#authenticator-key").inner_text().replace(" ", "")

    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("That code is not right")
    axe(page)

    page.get_by_label("Code from the app").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("h1")).to_have_text("Your recovery codes")
    expect(page.locator(".app-recovery-codes li")).to_have_count(10)
    axe(page)
    shoot(page, "recovery-codes")
    page.get_by_role("button", name="I have saved my recovery codes").click()
    expect(page.locator("h1")).to_have_text("Staff home")

    page.get_by_role("link", name="Your account").click()
    expect(page.locator("h1")).to_have_text("Your sessions and security")
    axe(page)
    page.get_by_role("button", name="Sign out everywhere", exact=True).click()
    expect(page.locator("h1")).to_have_text("Sign in")

    # Next time: the password, then a code (one the app shows after the one used above).
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Enter the code from your authenticator app")
    axe(page)
    shoot(page, "sign-in-code")
    import time

    page.get_by_label("Enter the code from your authenticator app").fill(pyotp.TOTP(key).at(time.time() + 30))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Staff home")


def test_an_administrator_resets_a_lost_app(page: Page, live_server: str, data, sign_in, axe):
    with data() as f:
        f.make_user(roles={Role.ADMIN}, email="browser.admin@example.gov.uk", first_name="Ada")
        lost = f.make_user(roles={Role.CLERK}, email="lost.phone@example.gov.uk", first_name="Lou")
        lost_id = lost.id
    sign_in(page, "browser.admin@example.gov.uk")
    expect(page.locator("h1")).to_have_text("Staff home")
    page.goto(f"{live_server}/admin/staff/{lost_id}")
    axe(page)
    page.get_by_role("link", name=re.compile("Reset Lou's second factor")).click()
    expect(page.locator("h1")).to_contain_text("second factor?")
    axe(page)
    page.get_by_role("button", name="Reset second factor").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("second factor has been reset")
    expect(page.locator("main")).to_contain_text("Second factor reset by an administrator")
    axe(page)
    page.goto(f"{live_server}/admin/sign-in-settings")
    expect(page.locator("h1")).to_have_text("Sign-in settings")
    axe(page)


@pytest.fixture
def provider_for_browser(live_server: str, live_app, monkeypatch):
    from portal.web.accounts.sso import init_single_sign_on

    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    with running_provider(f"{live_server}/staff/sign-in/sso/callback") as provider:
        for name, value in {
            "OIDC_ISSUER": provider.issuer,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_NAME": "Kingsmere Microsoft 365",
            "BASE_URL": live_server,
        }.items():
            monkeypatch.setitem(live_app.config, name, value)
        monkeypatch.setitem(live_app.extensions, "authlib.integrations.flask_client", None)
        init_single_sign_on(live_app)
        yield provider


def test_signing_in_with_the_councils_provider(page: Page, live_server: str, data, axe, provider_for_browser):
    with data() as f:
        f.make_user(roles={Role.CLERK}, email="sso.clerk@example.gov.uk", first_name="Sid")
    provider_for_browser.person = Person(sub="entra-browser-1", email="sso.clerk@example.gov.uk")
    page.goto(f"{live_server}/staff/sign-in")
    button = page.get_by_role("button", name="Sign in with Kingsmere Microsoft 365")  # a link styled as one
    expect(button).to_be_visible()
    axe(page)
    shoot(page, "sign-in-with-provider")
    button.click()
    expect(page.locator("h1")).to_have_text("Staff home")
    assert urlsplit(page.url).path == "/staff/"
    assert provider_for_browser.tokens_issued == 1
    axe(page)
