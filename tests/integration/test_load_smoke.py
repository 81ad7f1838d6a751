"""A small run of the load benchmark (bench/load.py) in the suite: gunicorn as shipped on a
SQLite file, with the outbox worker beside it, 5 clients and 20 residents' journeys, then
two clerks accepting the same questions at once. Everything sent is stored once and
confirmed; nobody sees an error page."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import redis

from bench import load
from tests.conftest import not_about_the_database

PORT = int(os.environ.get("TEST_LOAD_PORT", 8110))


def _redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(load.REDIS_URL, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@not_about_the_database  # gunicorn runs on a SQLite file of its own
@pytest.mark.skipif(not _redis_answers(), reason="production counts rate limits in Redis (BENCH_REDIS_URL)")
def test_residents_and_clerks_at_once_against_gunicorn_as_shipped(tmp_path: Path):
    url = load.database_url("sqlite", tmp_path)
    ids = load.prepare(url, tmp_path, clerks=2, questions=6)
    env = load.production_env(url, PORT, tmp_path)
    worker = [sys.executable, "-m", "flask", "--app", "portal", "outbox", "send", "--watch"]
    base = f"http://127.0.0.1:{PORT}"
    with (
        load.running(load.gunicorn("portal:create_app()"), env, tmp_path / "gunicorn.log"),
        load.running(worker, env, tmp_path / "outbox.log"),
    ):
        load._wait(PORT)
        residents = load.residents(base, url, ids, journeys=20, clients=5, tag="smoke")
        clerks = load.clerks(base, url, ids)

    assert residents["not_2xx_3xx"] == 0, residents["examples_of_unexpected"]
    assert residents["unavailable_503"] == 0
    assert residents["sent"] == 20
    assert residents["confirmed"] == 20
    assert residents["lost"] == 0
    assert residents["duplicates"] == 0
    assert residents["questions_without_events"] == 0
    assert clerks["accepted"] == 6
    assert clerks["contiguous"]
    assert clerks["duplicates"] == 0
    assert clerks["unavailable_503"] == 0
    assert clerks["not_2xx_3xx"] == 0, clerks["examples_of_unexpected"]
    assert clerks["clerks_told_they_won"] == 6
