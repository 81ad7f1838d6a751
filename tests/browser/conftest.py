"""Browser journeys in Debian's Chromium, driven by Playwright, checked with axe.

The portal runs in a thread against its own database, built by the real migrations
and committed to as in production. (`playwright install` cannot work here: no browser
download is possible, so the launch points at /usr/bin/chromium.)
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from flask_migrate import upgrade
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from portal import create_app
from portal.extensions import db
from tests import factories
from tests.conftest import _TMP, is_postgres

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

pytestmark = pytest.mark.browser

# On a busy two-core machine a page can take seconds to be drawn: an expectation waits
# up to 20 s for it (Playwright's default is 5 s), and still fails when it never comes.
expect.set_options(timeout=20_000)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The journeys run one after another on one worker (decision 0380): a journey spends
    # most of its time waiting for Chromium, so the other workers' CPU-bound tests fill
    # the cores meanwhile, rather than two workers both waiting on two browsers.
    for item in items:
        if "tests/browser" in str(item.fspath) and not any(item.iter_markers("xdist_group")):
            item.add_marker(pytest.mark.xdist_group("journeys"))
    if not os.path.exists(CHROMIUM):
        skip = pytest.mark.skip(reason="Chromium is not installed (make test installs it when run as root)")
        for item in items:
            if "tests/browser" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def _browser_database_url() -> str:
    if is_postgres():
        from tests.conftest import database_url

        base = sa.engine.make_url(database_url())
        name = f"{base.database}_browser"
        admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return base.set(database=name).render_as_string(hide_password=False)
    path = _TMP / "browser.sqlite3"
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def live_app() -> Flask:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": _browser_database_url(),
            "PUBLICATION_DIR": str(_TMP / "browser-publications"),
            "WTF_CSRF_ENABLED": True,  # the real thing in the browser
        },
        env="test",
    )
    with app.app_context():
        upgrade()
        db.session.remove()
    return app


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture(autouse=True)
def db_session() -> None:
    """Browser tests commit for real (the server thread must see the data)."""
    return


@pytest.fixture
def data(live_app: Flask) -> Callable:
    """`with data() as f:` builds records with the factories and commits them."""

    @contextmanager
    def build() -> Iterator[object]:
        with live_app.app_context():
            yield factories
            db.session.commit()
            db.session.expire_on_commit = False

    return build


@pytest.fixture
def axe() -> Callable[[Page], None]:
    """axe(page): fail with the report if the page has any accessibility violation."""
    runner = Axe()

    def check(page: Page) -> None:
        for _ in range(3):
            page.wait_for_load_state("load")
            try:
                page.evaluate("window.__axeDocument = true")
                results = runner.run(page)
                if page.evaluate("window.__axeDocument === true"):
                    break
            except PlaywrightError:
                pass  # a navigation replaced the document while axe read it
        else:
            raise AssertionError(f"{page.url} kept changing while axe read it")
        assert results.violations_count == 0, results.generate_report()

    return check


@pytest.fixture
def sign_in(live_server: str, live_app: Flask) -> Callable[[Page, str], None]:
    """Sign in through the pages: the password, then (administrators, clerks and anyone
    with an app) the code from the factory authenticator key."""

    def go(page: Page, email: str, password: str = factories.PASSWORD) -> None:
        page.goto(f"{live_server}/staff/sign-in")
        page.get_by_label("E-mail address").fill(email)
        page.get_by_label("Password", exact=True).fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        if page.url.endswith("/staff/sign-in/code"):
            page.get_by_label("Enter the code from your authenticator app").fill(fresh_code(live_app, email))
            with page.expect_navigation():
                page.get_by_role("button", name="Continue").click()

    return go


def fresh_code(live_app: Flask, email: str) -> str:
    """The factory app's code now, as if a new one had just come up (see factories.totp_code)."""
    from portal.domain.people.accounts import find_user_by_email

    with live_app.app_context():
        user = find_user_by_email(email)
        code = factories.totp_code(user)
        db.session.commit()
        db.session.remove()
    return code


def leaving_is_questioned(page: Page) -> bool:
    """Whether the page asks before it is left (its beforeunload handler objects). Asked
    once the page has loaded: its scripts, which add the handler, have run by then (on a
    busy machine a page just drawn may not have run them yet)."""
    page.wait_for_load_state("load")
    return page.evaluate(
        "() => { const e = new Event('beforeunload', {cancelable: true});"
        " window.dispatchEvent(e); return e.defaultPrevented; }"
    )
