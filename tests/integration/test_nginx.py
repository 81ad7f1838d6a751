"""deploy/nginx.conf in a running nginx, in front of the portal.

The shipped server block is used as written, with only its paths and ports pointed at this
test's folders: the published record served from disk, the latest address answered by the
portal with X-Accel-Redirect (decision 0210), the headers nginx adds, static files'
caching and the upload size limits. nginx runs on a loopback port and is stopped at the end.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from portal.extensions import db
from tests import factories
from tests.file_database import file_database_app

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)

pytestmark = [
    pytest.mark.skipif(
        NGINX is None, reason="nginx is not installed (on Debian: apt-get install nginx, or `make apt-bench`)"
    ),
    pytest.mark.xdist_group("nginx"),  # one nginx and one portal for the whole module
]


def _free_ports(count: int) -> list[int]:
    """Ports the system has just handed out, held together so they differ, then let go
    for nginx and the portal to take: the two legs of `make test` run this module at
    the same time, so no fixed range is safe."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def _server_block(publications: Path, app_port: int, nginx_port: int, logs: Path) -> str:
    """The shipped server block, its paths and ports pointed here and nothing else changed."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    replacements = {
        "/srv/portal/publications": str(publications),
        "/srv/portal/app/static": str(ROOT / "static"),
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "listen 8080;": f"listen 127.0.0.1:{nginx_port};",
        "/var/log/nginx/portal.access.log": str(logs / "access.log"),
    }
    for shipped, here in replacements.items():
        assert shipped in conf, f"deploy/nginx.conf no longer has {shipped!r}: update this test"
        conf = conf.replace(shipped, here)
    return conf


def _main_config(folder: Path, server_block: Path) -> str:
    temp = folder / "temp"
    temp.mkdir()
    # The master runs as whoever runs the tests; as root, its workers would otherwise be
    # "nobody", who cannot read the test's folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}worker_processes 1;\n"
        "daemon off;\n"
        f"pid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        "    default_type application/octet-stream;\n"
        f"    client_body_temp_path {temp}/body;\n"
        f"    proxy_temp_path {temp}/proxy;\n"
        f"    fastcgi_temp_path {temp}/fastcgi;\n"
        f"    uwsgi_temp_path {temp}/uwsgi;\n"
        f"    scgi_temp_path {temp}/scgi;\n"
        f"    include {server_block};\n"
        "}\n"
    )


@dataclass
class Behind:
    """The portal behind nginx: where to send requests, and what reached the portal."""

    port: int
    publications: Path
    meeting_id: int
    access_log: Path
    reached_portal: list[str] = field(default_factory=list)

    def get(self, path: str, method: str = "GET", body: bytes | None = None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers={"Host": "portal.test"})
            answer = connection.getresponse()
            headers: dict[str, str] = {}
            for name, value in answer.getheaders():  # a header sent twice reads as one list
                name = name.lower()
                headers[name] = f"{headers[name]}, {value}" if name in headers else value
            return Response(answer.status, headers, answer.read())
        finally:
            connection.close()


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def _wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"nginx stopped at once:\n{log.read_text() if log.exists() else ''}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.05)
    raise AssertionError("nginx did not start listening within 20 s")


@pytest.fixture(scope="module")
def behind_nginx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Behind]:
    folder = tmp_path_factory.mktemp("nginx")
    app_port, nginx_port = _free_ports(2)
    with file_database_app(
        folder, PUBLICATION_ACCEL_PREFIX="/_published", PROXY_FIX=True, RATELIMIT_ENABLED=False
    ) as app:
        with app.app_context():
            question = factories.make_published_question()
            meeting_id = question.meeting_id
            db.session.commit()
        logs = folder / "logs"
        logs.mkdir()
        behind = Behind(nginx_port, Path(app.config["PUBLICATION_DIR"]), meeting_id, logs / "access.log")
        portal_wsgi = app.wsgi_app

        def recording(environ, start_response):
            behind.reached_portal.append(environ["PATH_INFO"])
            return portal_wsgi(environ, start_response)

        app.wsgi_app = recording  # type: ignore[method-assign]
        server = make_server("127.0.0.1", app_port, app, threaded=True)
        serving = threading.Thread(target=server.serve_forever, daemon=True)
        serving.start()
        block = folder / "portal.conf"
        block.write_text(_server_block(behind.publications, app_port, nginx_port, logs))
        main = folder / "nginx.conf"
        main.write_text(_main_config(folder, block))
        checked = subprocess.run(
            [NGINX, "-t", "-q", "-p", str(folder), "-c", str(main)], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stderr
        process = subprocess.Popen(
            [NGINX, "-p", str(folder), "-c", str(main)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            _wait_for(nginx_port, process, folder / "error.log")
            yield behind
        finally:
            process.send_signal(signal.SIGQUIT)  # finish what is in flight, then stop
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
            server.shutdown()
            serving.join(10)


def test_a_named_version_is_sent_from_disk_without_reaching_the_portal(behind_nginx):
    path = f"/meetings/{behind_nginx.meeting_id}/questions/v1"
    folder = behind_nginx.publications / f"meetings/{behind_nginx.meeting_id}/questions"
    on_disk = (folder / "v1.html").read_bytes()
    page = behind_nginx.get(path)
    assert page.status == 200
    assert page.body == on_disk
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["cache-control"] == "public, max-age=31536000, immutable"
    pdf = behind_nginx.get(path + ".pdf")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body.startswith(b"%PDF")
    assert path not in behind_nginx.reached_portal
    assert path + ".pdf" not in behind_nginx.reached_portal


def test_the_latest_address_asks_the_portal_and_nginx_sends_the_file(behind_nginx):
    latest = f"/meetings/{behind_nginx.meeting_id}/questions"
    version = behind_nginx.publications / f"meetings/{behind_nginx.meeting_id}/questions/v1"
    page = behind_nginx.get(latest)
    assert page.status == 200
    assert page.body == version.with_suffix(".html").read_bytes()
    assert latest in behind_nginx.reached_portal
    assert "x-accel-redirect" not in page.headers
    # The portal's one-minute caching is kept, not the year of a named version.
    assert page.headers["cache-control"] == "public, max-age=60"
    word = behind_nginx.get(latest + ".docx")
    assert word.status == 200
    assert word.body == version.with_suffix(".docx").read_bytes()
    assert word.headers["content-disposition"].startswith("attachment; filename=")
    assert word.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def test_the_internal_address_cannot_be_asked_for_directly(behind_nginx):
    hidden = f"/_published/meetings/{behind_nginx.meeting_id}/questions/v1.html"
    assert behind_nginx.get(hidden).status == 404


def test_a_version_not_published_falls_through_to_the_portal(behind_nginx):
    missing = f"/meetings/{behind_nginx.meeting_id}/questions/v9"
    assert behind_nginx.get(missing).status == 404
    assert missing in behind_nginx.reached_portal


def test_nginx_adds_the_security_headers_and_names_no_version(behind_nginx):
    for path in (
        f"/meetings/{behind_nginx.meeting_id}/questions/v1",
        f"/meetings/{behind_nginx.meeting_id}/questions",
    ):
        answer = behind_nginx.get(path)
        assert answer.headers["x-content-type-options"] == "nosniff"
        policy = answer.headers["content-security-policy"]
        assert "default-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert answer.headers["server"] == "nginx"  # server_tokens off
    # A page of the portal keeps the portal's own headers through the proxy.
    front = behind_nginx.get("/")
    assert front.status == 200
    assert front.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in front.headers


def test_static_files_are_sent_from_disk_and_cached_for_a_week(behind_nginx):
    path = "/static/images/favicon.svg"
    answer = behind_nginx.get(path)
    assert answer.status == 200
    assert answer.body == (ROOT / "static/images/favicon.svg").read_bytes()
    assert "max-age=604800" in answer.headers["cache-control"]
    assert "public" in answer.headers["cache-control"]
    assert "expires" in answer.headers
    assert path not in behind_nginx.reached_portal


def test_uploads_are_limited_to_2_mb_except_the_archive_import(behind_nginx):
    three_mb = b"x" * (3 * 1024 * 1024)
    too_large = behind_nginx.get("/ask/details", method="POST", body=three_mb)
    assert too_large.status == 413
    assert "/ask/details" not in behind_nginx.reached_portal
    # The archive import takes several files of up to 20 MB: nginx lets it through to the
    # portal, which decides.
    behind_nginx.get("/staff/import/", method="POST", body=three_mb)
    assert "/staff/import/" in behind_nginx.reached_portal


def test_the_access_log_keeps_no_private_link_token(behind_nginx):
    token = "Qx7_vLm2PzR4sT9wKc1NbHd"
    behind_nginx.get(f"/track/{token}?from=email")
    # nginx writes the line once the request is finished, which may be just after we read it.
    deadline = time.monotonic() + 10
    while "/track/" not in (logged := behind_nginx.access_log.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "/track/[token]" in logged
    assert token not in logged
    assert "from=email" not in logged
