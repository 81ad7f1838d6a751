"""Starting what the benchmarks measure: gunicorn as shipped, nginx, moto's S3 server, and
wrk over a set of pages. Everything listens on 127.0.0.1, on ports from BENCH_PORT_BASE
(default 18100) upwards, and every process started is stopped at the end."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.settings import ROOT

PORT_BASE = int(os.environ.get("BENCH_PORT_BASE", "18100"))
GUNICORN = Path(sys.executable).parent / "gunicorn"
SECRET_KEY = secrets.token_urlsafe(48)


def port(offset: int) -> int:
    return PORT_BASE + offset


def free(number: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", number)) != 0


def wait_for(number: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not free(number):
            return
        time.sleep(0.1)
    raise RuntimeError(f"Nothing is listening on 127.0.0.1:{number}")


def load_average() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def portal_environment(database_url: str, **extra: str) -> dict[str, str]:
    """The settings a production instance runs with, pointed at the benchmark's data."""
    return {
        **os.environ,
        "PORTAL_ENV": "production",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": database_url,
        "FORCE_HTTPS": "0",
        "PROXY_FIX": "1",
        "RATELIMIT_ENABLED": "0",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def start_gunicorn(bind_port: int, env: dict[str, str], app: str = "portal:create_app()") -> subprocess.Popen:
    """gunicorn with deploy/gunicorn.conf.py, as shipped, serving `app`."""
    if not free(bind_port):
        raise RuntimeError(f"Port {bind_port} is in use; stop whatever is listening there first")
    return subprocess.Popen(
        [str(GUNICORN), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), app],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{bind_port}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def nginx_main_conf(server_block: str, prefix: Path) -> str:
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi", "cache"):
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
    keepalive_requests 100000;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
{server_block}
}}
"""


def start_nginx(prefix: Path, server_block: str) -> subprocess.Popen:
    prefix.mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_main_conf(server_block, prefix))
    check = subprocess.run(
        ["nginx", "-t", "-q", "-c", str(conf), "-p", str(prefix)], capture_output=True, text=True
    )
    if check.returncode != 0:
        raise RuntimeError(check.stderr)
    return subprocess.Popen(["nginx", "-c", str(conf), "-p", str(prefix)])


def start_moto(bind_port: int) -> subprocess.Popen:
    if not free(bind_port):
        raise RuntimeError(f"Port {bind_port} is in use; stop whatever is listening there first")
    return subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(bind_port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@contextlib.contextmanager
def running(*processes: subprocess.Popen) -> Iterator[None]:
    try:
        yield
    finally:
        stop(list(processes))


def stop(processes: list[subprocess.Popen]) -> None:
    for process in reversed(processes):
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # loopback only
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


_ROTATE = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter %% #paths) + 1])
end
"""


def wrk(
    base_url: str,
    paths: list[str],
    duration: int,
    connections: int,
    work: Path,
    headers: dict[str, str] | None = None,
    server: subprocess.Popen | None = None,
) -> dict[str, Any]:
    """wrk -t2 for `duration` seconds, each connection going round `paths` in turn. With
    `server`, also the CPU time its processes used per request (see `tree_cpu_seconds`)."""
    script = work / f"rotate-{abs(hash(tuple(paths)))}.lua"
    script.write_text(_ROTATE % ", ".join(f'"{p}"' for p in paths))
    before = load_average()
    cpu_before = tree_cpu_seconds(server.pid) if server is not None else 0.0
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(script),
            *[part for name, value in (headers or {}).items() for part in ("-H", f"{name}: {value}")],
            base_url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    ).stdout
    cpu = tree_cpu_seconds(server.pid) - cpu_before if server is not None else None
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    latency = dict(re.findall(r"\s+(50|99)%\s+([\d.]+\w+)", out))
    return {
        "requests_per_second": round(rps, 1),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else None,
        "latency_p50": latency.get("50"),
        "latency_p99": latency.get("99"),
        "load_average_before": before,
        "load_average_after": load_average(),
        "server_cpu_ms_per_request": round(cpu * 1000 / requests, 3) if cpu and requests else None,
    }


def _cpu_ticks(pid: int, children_too: bool) -> tuple[int, int]:
    """(parent pid, CPU ticks) of a process: user and system time, and with `children_too`
    that of the children it has waited for (gunicorn's recycled workers)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    if children_too:
        ticks += int(fields[13]) + int(fields[14])
    return int(fields[1]), ticks


def tree_cpu_seconds(pid: int) -> float:
    """CPU time used so far by a server: the process, its live children, and the children it
    has reaped. Unlike requests a second, this hardly moves with what else the machine is
    doing, so hello-world's CPU per request over a page's is a ratio that survives a busy
    machine. The database server's own time is not in it."""
    total = _cpu_ticks(pid, children_too=True)[1]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and entry.name != str(pid):
            try:
                parent, ticks = _cpu_ticks(int(entry.name), children_too=False)
            except (OSError, ValueError, IndexError):
                continue
            if parent == pid:
                total += ticks
    return total / os.sysconf("SC_CLK_TCK")
