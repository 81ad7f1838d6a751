"""The rate limits a council sets are the ones applied, and in production they are
counted in one store every worker shares, or the portal says why it will not start."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask

from portal import create_app
from portal.config import ROOT
from portal.extensions import db, limiter
from tests.conftest import not_about_the_database, redis_url
from tests.file_database import file_database_app

SECRET = "a-production-secret-key-long-enough-for-the-check"
REDIS = redis_url(1)


def start(env: dict[str, str], code: str = "create_app()") -> subprocess.CompletedProcess[str]:
    """Start the portal in a fresh process with only these settings, as gunicorn would."""
    clean = {k: v for k, v in os.environ.items() if not k.endswith(("_RATE_LIMIT", "REDIS_URL"))}
    clean = {k: v for k, v in clean.items() if k not in {"RATELIMIT_STORAGE_URI", "PORTAL_ENV"}}
    return subprocess.run(
        [sys.executable, "-c", f"from portal import create_app\nprint({code})"],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@not_about_the_database
def test_the_public_form_limits_are_read_from_the_environment():
    settings = {
        "ASK_SUBMIT_RATE_LIMIT": "2 per minute",
        "ASK_CONFIRM_RATE_LIMIT": "3 per minute",
        "MY_QUESTIONS_RATE_LIMIT": "4 per minute",
        "DRAFT_LIFETIME_DAYS": "5",
    }
    names = ", ".join(f"c[{k!r}]" for k in settings)
    done = start({"PORTAL_ENV": "test", **settings}, f"(lambda c: ({names}))(create_app().config)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(("2 per minute", "3 per minute", "4 per minute", 5))


@not_about_the_database
def test_production_refuses_to_start_without_a_shared_store_and_says_why():
    done = start({"PORTAL_ENV": "production", "SECRET_KEY": SECRET})
    assert done.returncode != 0
    assert "REDIS_URL" in done.stderr
    assert "multiplied by the number of workers" in done.stderr


@not_about_the_database
def test_production_starts_with_redis():
    done = start({"PORTAL_ENV": "production", "SECRET_KEY": SECRET, "REDIS_URL": REDIS})
    assert done.returncode == 0, done.stderr


@not_about_the_database
def test_production_on_one_process_may_choose_memory_outright():
    done = start({"PORTAL_ENV": "production", "SECRET_KEY": SECRET, "RATELIMIT_STORAGE_URI": "memory://"})
    assert done.returncode == 0, done.stderr


@not_about_the_database
def test_gunicorn_refuses_several_workers_counting_in_memory():
    env = {
        "PORTAL_ENV": "production",
        "SECRET_KEY": SECRET,
        "RATELIMIT_STORAGE_URI": "memory://",
        "GUNICORN_WORKERS": "3",
        "GUNICORN_BIND": "127.0.0.1:8119",
    }
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "RATELIMIT_STORAGE_URI"}}
    done = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "portal:create_app()"],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "GUNICORN_WORKERS=1" in done.stderr or "GUNICORN_WORKERS=1" in done.stdout


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[tuple[Flask, Flask]]:
    """Two apps on one Redis database and one database file, as two gunicorn workers are."""
    overrides = {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": REDIS,
        "MY_QUESTIONS_RATE_LIMIT": "3 per minute",
    }
    try:
        with file_database_app(tmp_path, **overrides) as first:
            same_file = first.config["SQLALCHEMY_DATABASE_URI"]
            second = create_app({**overrides, "SQLALCHEMY_DATABASE_URI": same_file}, env="test")
            limiter.reset()  # this test's Redis database starts empty
            yield first, second
            with second.app_context():
                db.engine.dispose()
    finally:
        limiter.reset()
        limiter.enabled = False  # the limiter is shared: leave it as the other tests expect


def test_with_redis_a_limit_is_counted_where_every_worker_sees_it(two_workers):
    first, second = two_workers
    codes = []
    for app in (first, second, first, second):
        codes.append(app.test_client().post("/questions/mine", data={"email": "a@example.com"}).status_code)
    assert 429 not in codes[:3]
    assert codes[3] == 429  # the fourth in a minute, whichever worker took it
    # The count is in Redis, where a worker in another process reads it too.
    stored = redis.Redis.from_url(REDIS).keys("LIMITS*")
    assert any(b"request_link" in key for key in stored), "nothing was counted in Redis"
