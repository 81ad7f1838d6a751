"""Which transactions take SQLite's write lock as they begin (docs/decisions/0110)."""

from __future__ import annotations

import pytest
from flask import Flask

from portal.extensions import transaction_intent, transaction_writes
from portal.web.boundary import writes_on_get


@pytest.fixture
def small_app() -> Flask:
    app = Flask(__name__)

    @app.route("/page", methods=["GET", "POST", "DELETE"])
    def page() -> str:
        return "page"

    @app.route("/back-from-provider")
    @writes_on_get
    def back_from_provider() -> str:
        return "signed in"

    return app


@pytest.mark.parametrize(("method", "writes"), [("GET", False), ("HEAD", False), ("POST", True)])
def test_a_request_writes_when_its_method_changes_things(small_app, method, writes):
    with small_app.test_request_context("/page", method=method):
        assert transaction_writes() is writes


def test_a_page_marked_as_writing_on_a_get_takes_the_lock(small_app):
    with small_app.test_request_context("/back-from-provider"):
        assert transaction_writes() is True


def test_commands_and_workers_write_unless_they_only_read(small_app):
    assert transaction_writes() is True
    with transaction_intent(writes=False):
        assert transaction_writes() is False
        with small_app.test_request_context("/page", method="POST"):
            assert transaction_writes() is False  # said outright, it wins
    with small_app.test_request_context("/page"), transaction_intent(writes=True):
        assert transaction_writes() is True
