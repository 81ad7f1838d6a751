"""A published Q&A page for a 50-question meeting, under wrk.

Three measurements of the same page, side by side:
  1. nginx alone, serving the file from PUBLICATION_DIR (the ceiling);
  2. the production setup: deploy/nginx.conf in front of gunicorn (deploy/gunicorn.conf.py),
     where nginx serves the published file straight from disk;
  3. for contrast, a page the portal renders in Python (the meeting's page) through
     the same production setup.
Everything listens on 127.0.0.1 only; each wrk run is bounded in time.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.settings import ROOT, WORK

SITE = WORK / "site"
PUBLICATIONS = SITE / "publications"
DATABASE = SITE / "portal.sqlite3"
PORT_PLAIN, PORT_PRODUCTION, PORT_GUNICORN = 18081, 18080, 18000
QUESTIONS = 50
ROUNDS = 3


def _free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _wait(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _free(port):
            return
        time.sleep(0.1)
    raise RuntimeError(f"Nothing is listening on 127.0.0.1:{port}")


def build_site() -> tuple[int, int]:
    """A database with one 50-question meeting, its record published to PUBLICATION_DIR."""
    from bench.record_page import publish_meeting_page

    shutil.rmtree(SITE, ignore_errors=True)
    PUBLICATIONS.mkdir(parents=True)
    return publish_meeting_page(f"sqlite:///{DATABASE}", PUBLICATIONS, QUESTIONS)


def _main_conf(server_block: str, prefix: Path) -> str:
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    return f"""
worker_processes auto;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    open_file_cache max=1000 inactive=60s;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
{server_block}
}}
"""


def _plain_server(meeting_id: int) -> str:
    return f"""
    server {{
        listen 127.0.0.1:{PORT_PLAIN};
        root {PUBLICATIONS};
        location = /meetings/{meeting_id}/questions {{
            default_type text/html;
            charset utf-8;
            try_files /meetings/{meeting_id}/questions.html =404;
        }}
    }}
"""


def _production_server() -> str:
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    conf = conf.replace("/srv/portal/publications", str(PUBLICATIONS))
    conf = conf.replace("/srv/portal/app/static", str(ROOT / "static"))
    conf = conf.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{PORT_GUNICORN};")
    conf = conf.replace("access_log /var/log/nginx/portal.access.log portal_redacted;", "access_log off;")
    return conf.replace("listen 8080;", f"listen 127.0.0.1:{PORT_PRODUCTION};")


def _start_nginx(name: str, server_block: str) -> subprocess.Popen:
    prefix = SITE / f"nginx-{name}"
    prefix.mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(_main_conf(server_block, prefix))
    check = subprocess.run(
        ["nginx", "-t", "-q", "-c", str(conf), "-p", str(prefix)], capture_output=True, text=True
    )
    if check.returncode != 0:
        raise RuntimeError(check.stderr)
    return subprocess.Popen(["nginx", "-c", str(conf), "-p", str(prefix)])


def _start_gunicorn() -> subprocess.Popen:
    env = {
        **os.environ,
        "PORTAL_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": f"sqlite:///{DATABASE}",
        "PUBLICATION_DIR": str(PUBLICATIONS),
        "FORCE_HTTPS": "0",
        "PROXY_FIX": "1",
        "RATELIMIT_ENABLED": "0",
        "GUNICORN_BIND": f"127.0.0.1:{PORT_GUNICORN}",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "LOG_LEVEL": "WARNING",
    }
    gunicorn = Path(os.sys.executable).parent / "gunicorn"
    return subprocess.Popen(
        [str(gunicorn), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "portal:create_app()"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def wrk(url: str, duration: int, connections: int) -> dict[str, Any]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    latency = dict(re.findall(r"\s+(50|99)%\s+([\d.]+\w+)", out))
    return {
        "requests_per_second": round(rps),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else None,
        "latency_p50": latency.get("50"),
        "latency_p99": latency.get("99"),
    }


def _median_run(measured: list[dict[str, Any]]) -> dict[str, Any]:
    ordered = sorted(measured, key=lambda m: m["requests_per_second"])
    return {**ordered[len(ordered) // 2], "rounds": [m["requests_per_second"] for m in measured]}


def _same_bytes(url: str, path: Path) -> bool:
    import urllib.request

    with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
        return response.read() == path.read_bytes()


def run(duration: int, connections: int, save: Callable) -> dict[str, Any]:
    for port in (PORT_PLAIN, PORT_PRODUCTION, PORT_GUNICORN):
        if not _free(port):
            raise RuntimeError(f"Port {port} is in use; stop whatever is listening there first")
    meeting_id, size = build_site()
    page = PUBLICATIONS / "meetings" / str(meeting_id) / "questions.html"
    print(f"\nPublished Q&A page for a {QUESTIONS}-question meeting: {size:,} bytes")
    processes: list[subprocess.Popen] = []
    try:
        processes.append(_start_nginx("plain", _plain_server(meeting_id)))
        processes.append(_start_gunicorn())
        processes.append(_start_nginx("production", _production_server()))
        for port in (PORT_PLAIN, PORT_GUNICORN, PORT_PRODUCTION):
            _wait(port)
        plain_url = f"http://127.0.0.1:{PORT_PLAIN}/meetings/{meeting_id}/questions"
        production_url = f"http://127.0.0.1:{PORT_PRODUCTION}/meetings/{meeting_id}/questions"
        python_url = f"http://127.0.0.1:{PORT_PRODUCTION}/meetings/{meeting_id}"
        assert _same_bytes(plain_url, page), "nginx alone serves the published file"
        assert _same_bytes(production_url, page), "the production setup serves the published file"
        # The machine is shared and busy: alternate the two static measurements over
        # several rounds and take each one's median, so a burst of load elsewhere does
        # not fall on one side only.
        runs: dict[str, list[dict[str, Any]]] = {"nginx_alone": [], "production": []}
        for url in (plain_url, production_url, python_url):
            wrk(url, 2, connections)  # warm up
        for round_number in range(ROUNDS):
            order = [("nginx_alone", plain_url), ("production", production_url)]
            for name, url in order if round_number % 2 == 0 else reversed(order):
                runs[name].append(wrk(url, duration, connections))
        results = {name: _median_run(measured) for name, measured in runs.items()}
        results["python_page"] = wrk(python_url, duration, connections)
        for name, figures in results.items():
            print(
                f"  {name:<12} {figures['requests_per_second']:>8,} requests/s  p99 {figures['latency_p99']}"
            )
        for name, measured in runs.items():
            print(f"    {name} rounds: {', '.join(str(m['requests_per_second']) for m in measured)}")
        ratio = results["production"]["requests_per_second"] / results["nginx_alone"]["requests_per_second"]
        print(f"  production / nginx alone = {ratio:.2f}")
        data = {
            "page_bytes": size,
            "questions": QUESTIONS,
            "wrk": {"threads": 2, "connections": connections, "seconds": duration, "rounds": ROUNDS},
            "results": results,
            "ratio_production_to_nginx": round(ratio, 3),
        }
        save("page", data)
        return data
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
