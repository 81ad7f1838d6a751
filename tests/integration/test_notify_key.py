"""A Notify key pasted wrongly is named as the problem, in words, by the outbox worker
and when the portal starts: no traceback, and the key itself never repeated."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.config import ConfigError, ProductionConfig, notify_key_problem
from tests.conftest import not_about_the_database, redis_url

ROOT = Path(__file__).resolve().parents[2]
GOOD = "portal_live-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"
MALFORMED = [
    "3d844edf-8d35-48ac-975b-e847b4f122b0",  # only the secret
    GOOD[:-6],  # cut short when copied
    f'"{GOOD}"',  # quoted in the environment file
    "portal_live-not-a-key-at-all",
]


def test_a_whole_key_passes():
    assert notify_key_problem(GOOD) is None
    assert notify_key_problem(f"  {GOOD}\n") is None


@pytest.mark.parametrize("key", MALFORMED)
def test_each_malformed_key_is_named_without_repeating_it(key):
    problem = notify_key_problem(key)
    assert problem
    assert problem.startswith("NOTIFY_API_KEY")
    assert key.strip('"') not in problem


@not_about_the_database
@pytest.mark.parametrize("key", MALFORMED)
def test_the_watching_outbox_worker_says_what_is_wrong(tmp_path, key):
    environment = {
        **os.environ,
        "PORTAL_ENV": "development",
        "PORTAL_INSTANCE_PATH": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "MAIL_TRANSPORT": "notify",
        "NOTIFY_API_KEY": key,
        "NOTIFY_TEMPLATE_ID": "f33517ff-2a88-4f6e-b855-c550268ce08a",
    }
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "portal", "outbox", "send", "--watch"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert "NOTIFY_API_KEY" in output
    assert key.strip('"') not in output


def test_the_portal_will_not_start_with_a_malformed_key(monkeypatch):
    class Settings(ProductionConfig):
        SECRET_KEY = "x" * 40
        MAIL_TRANSPORT = None
        NOTIFY_API_KEY = MALFORMED[1]
        RATELIMIT_STORAGE_URI = redis_url(2)  # shared, as production requires

    with pytest.raises(ConfigError, match=r"NOTIFY_API_KEY is not a whole GOV\.UK Notify API key"):
        Settings.check()
    Settings.NOTIFY_API_KEY = GOOD
    Settings.check()
