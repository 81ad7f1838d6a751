"""What a gunicorn worker holds in memory: the portal, and not the tools only some
requests need. Migrations (Alembic, Mako), password strength (zxcvbn), single sign-on
(Authlib, requests), feeds (feedgen, lxml, icalendar) and comparing questions
(rapidfuzz) take some 40 MB together; a worker loads each when its first request needs
it (decision 0370), and `flask db` still migrates (`make db` runs `flask db upgrade`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import not_about_the_database

ROOT = Path(__file__).resolve().parents[2]

LOADED_WHEN_NEEDED = (
    "alembic",
    "mako",
    "flask_migrate",
    "zxcvbn",
    "authlib",
    "feedgen",
    "lxml",
    "icalendar",
    "rapidfuzz",
)

# A worker as gunicorn makes it (the app made outside the `flask` command), serving the
# public pages a reader opens most, then a feed.
WORKER = """
import sys
from portal import create_app

app = create_app({{"SQLALCHEMY_DATABASE_URI": "sqlite:///{database}"}}, env="test")
client = app.test_client()
for path in ("/", "/meetings", "/committees", "/search?q=children", "/register"):
    assert client.get(path).status_code == 200, path
loaded = lambda: " ".join(m for m in {modules!r} if m in sys.modules)
print("pages:", loaded())
assert client.get("/answers.atom").status_code == 200
print("feed:", loaded())
"""


def _run(*command: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        command, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@not_about_the_database  # its processes use SQLite files of their own
def test_a_worker_serving_pages_loads_none_of_the_tools_it_does_not_need(tmp_path: Path):
    _migrate(tmp_path / "worker.sqlite3")
    script = WORKER.format(database=tmp_path / "worker.sqlite3", modules=LOADED_WHEN_NEEDED)
    lines = _run(sys.executable, "-c", script, cwd=ROOT, env={"PORTAL_ENV": "test"}).splitlines()

    pages = next(line for line in lines if line.startswith("pages:")).split()[1:]
    assert pages == [], f"loaded before any request needed them: {pages}"
    feed = next(line for line in lines if line.startswith("feed:")).split()[1:]
    assert "feedgen" in feed, "the feed loaded what it needs"
    # Migrating is for the `flask` command, which still does it.
    assert "(head)" in _flask(tmp_path / "worker.sqlite3", "db", "current")


def _flask(database: Path, *command: str) -> str:
    env = {"PORTAL_ENV": "development", "DATABASE_URL": f"sqlite:///{database}"}
    return _run(str(Path(sys.executable).parent / "flask"), "--app", "portal", *command, cwd=ROOT, env=env)


def _migrate(database: Path) -> None:
    _flask(database, "db", "upgrade")
