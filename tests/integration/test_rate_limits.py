"""Rate limits on sending, confirming and asking for a list of questions (Flask-Limiter)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from portal import create_app
from portal.extensions import limiter
from tests.conftest import database_url
from tests.html import heading


@pytest.fixture
def limited_app() -> Iterator[Flask]:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url(),
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
        },
        env="test",
    )
    limiter.reset()
    try:
        yield app
    finally:
        limiter.reset()
        limiter.enabled = False  # the limiter is shared: leave it as the other tests expect


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/questions/mine", {"email": "someone@example.com"}),
        ("/ask/check-answers", {"submission_key": "nothing"}),
        ("/ask/confirm/not-a-token", {}),
    ],
)
def test_repeated_posts_are_slowed_down(limited_app, path, data):
    client = limited_app.test_client()
    codes = [client.post(path, data=data).status_code for _ in range(12)]
    assert 429 in codes
    assert codes.index(429) >= 5, "a person correcting mistakes is not stopped"
    response = client.post(path, data=data)
    assert response.status_code == 429
    assert heading(response) == "You have tried that too many times"


def test_pages_can_still_be_read_when_posting_is_limited(limited_app):
    client = limited_app.test_client()
    for _ in range(12):
        client.post("/questions/mine", data={"email": "someone@example.com"})
    assert client.get("/questions/mine").status_code == 200
