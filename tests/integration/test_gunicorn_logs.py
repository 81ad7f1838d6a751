"""The shipped gunicorn, run for real: private links opened in every way people open
them (and as mail programs mangle them) never leave their token in the access log."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import database_url

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd"
SIGNED = "eyJxIjo1fQ.Z3m9xw.abcDEF123_-xyzXYZ"


def requests_to_make() -> list[str]:
    paths = []
    for token in (TOKEN, SIGNED):
        paths += [
            f"/questions/{token}",
            f"/questions/{token}/withdraw",
            f"/questions/mine/{token}",
            f"/ask/confirm/{token}",
            f"/ask/confirmed/{token}",
            f"/alerts/{token}/confirm",
            f"/alerts/{token}/unsubscribe",
            f"/your-data/{token}/download",
            # What mail programs and copying by hand stick to the end of a link.
            f"/ask/confirm/{token})",
            f"/ask/confirm/{token},",
            f"/questions/{token}%3E",
            f"/questions/{token};",
            f"/questions/{token}%20",
            f"/questions/{token}?utm_source=email",
            f"/ask/confirm/{token}.",
        ]
    return paths


def test_the_shipped_gunicorn_never_logs_a_token(app, tmp_path):
    access_log = tmp_path / "access.log"
    environment = {
        **os.environ,
        "PORTAL_ENV": "development",
        "PORTAL_INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": database_url(),
        "PUBLICATION_DIR": str(tmp_path / "publications"),
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        "GUNICORN_BIND": "127.0.0.1:0",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "2",
        "GUNICORN_ACCESS_LOG": str(access_log),
        "PDF_RENDER_PROCESSES": "0",
    }
    (tmp_path / "instance").mkdir()
    error_log = tmp_path / "error.log"
    with error_log.open("wb") as errors:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "portal:create_app()"],
            cwd=ROOT,
            env=environment,
            stdout=errors,
            stderr=subprocess.STDOUT,
        )
        try:
            port = None
            for _ in range(600):  # wait for it to listen (a busy machine can take a while)
                found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", error_log.read_text())
                if found and "Booting worker" in error_log.read_text():
                    port = int(found.group(1))
                    break
                assert server.poll() is None, error_log.read_text()
                time.sleep(0.1)
            assert port, error_log.read_text()
            statuses = []
            for path in requests_to_make():
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
                        statuses.append(response.status)
                except urllib.error.HTTPError as error:
                    statuses.append(error.code)
        finally:
            server.terminate()
            server.wait(30)

    lines = access_log.read_text().splitlines()
    assert len(lines) == len(requests_to_make()), lines
    assert all(status < 500 for status in statuses), statuses
    everything = access_log.read_text() + error_log.read_text()
    for token in (TOKEN, SIGNED):
        assert token not in everything
        assert token[:20] not in everything
    assert "[token]" in lines[0]
    assert all(" /" in line or '"GET /' in line for line in lines)
