"""The public pages Python renders, under wrk, against a Flask hello-world on the same
gunicorn settings (deploy/gunicorn.conf.py), straight to gunicorn on 127.0.0.1.

Each page is measured with the page cache off (every request rendered), then with it
on (in each worker's memory, and in Redis), and a conditional GET that gets 304. The
data is the demo council in PostgreSQL (the cluster benchmark's database, loaded once).
Figures are requests a second and the ratio to hello-world, with the load average; and,
because those move with whatever else the machine is doing, the CPU time gunicorn's
processes used per request, against hello-world's. Last, the most memory any gunicorn
worker had resident (VmHWM) once it had served every page, beside hello-world's.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from typing import Any

from bench import cluster, servers
from bench.publish import descendants_peak_rss_mb
from bench.settings import ROOT, WORK

PAGES_DIR = WORK / "pages"


def _pages() -> dict[str, str]:
    import sqlalchemy as sa

    engine = sa.create_engine(cluster.DATABASE_URL)
    with engine.connect() as connection:
        meeting_id = connection.execute(
            sa.text("SELECT meeting_id FROM publication ORDER BY meeting_id DESC LIMIT 1")
        ).scalar_one()
        slug = connection.execute(
            sa.text(
                "SELECT c.slug FROM committee c JOIN meeting m ON m.committee_id = c.id WHERE m.id = :id"
            ),
            {"id": meeting_id},
        ).scalar_one()
    engine.dispose()
    return {
        "home": "/",
        "meetings": "/meetings",
        "a meeting": f"/meetings/{meeting_id}",
        "committees": "/committees",
        "a committee": f"/committees/{slug}",
        "a committee's record": f"/committees/{slug}/questions",
        "calendar": "/calendar",
        "register": "/register",
        "written answers owed": "/written-answers-owed",
        "search": "/search?q=children",
        "API meetings": "/api/v1/meetings",
        "API questions": "/api/v1/questions",
        "API committees": "/api/v1/committees",
    }


def _environment(**extra: str) -> dict[str, str]:
    return servers.portal_environment(
        cluster.DATABASE_URL,
        SEARCH_INDEX_DIR=str(PAGES_DIR / "search-index"),
        PUBLICATION_DIR=str(PAGES_DIR / "publications"),
        **extra,
    )


def workers_peak_rss_mb(process: subprocess.Popen) -> float | None:
    """The most memory any of gunicorn's workers (the processes below its master) has had
    resident."""
    return max(descendants_peak_rss_mb(process.pid).values(), default=None)


def _measure(
    label: str,
    env: dict[str, str] | None,
    pages: dict[str, str],
    duration: int,
    connections: int,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    bind = servers.port(3)
    process = servers.start_gunicorn(bind, env) if env is not None else None
    try:
        if process is not None:
            servers.wait_for(bind)
        figures = {}
        for name, path in pages.items():
            status, response_headers, _ = servers.get(f"http://127.0.0.1:{bind}{path}")
            if status != 200:
                raise RuntimeError(f"{label}: {path} answered {status}")
            extra = dict(headers or {})
            if extra.get("If-None-Match") == "*":
                extra["If-None-Match"] = response_headers.get("ETag", "")
            url = f"http://127.0.0.1:{bind}"
            servers.wrk(url, [path], 1, connections, PAGES_DIR, extra)
            figures[name] = servers.wrk(url, [path], duration, connections, PAGES_DIR, extra, process)
        if process is not None:
            figures["worker_peak_rss_mb"] = workers_peak_rss_mb(process)
        return figures
    finally:
        if process is not None:
            servers.stop([process])


def _ratio(hello_cpu: float, cpu: float | None) -> float | None:
    return round(hello_cpu / cpu, 3) if cpu else None


def run(duration: int, connections: int, save: Callable) -> dict[str, Any]:
    PAGES_DIR.mkdir(parents=True, exist_ok=True)
    cluster.prepare_database()
    pages = _pages()
    subprocess.run(
        [str(servers.GUNICORN.parent / "flask"), "--app", "portal", "search", "rebuild"],
        cwd=ROOT,
        env=_environment(),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    hello_bind = servers.port(4)
    hello_env = {**_environment(), "GUNICORN_ACCESS_LOG": "/dev/null"}  # the same settings as the portal
    hello = servers.start_gunicorn(hello_bind, hello_env, "bench.hello:app")
    try:
        servers.wait_for(hello_bind)
        servers.wrk(f"http://127.0.0.1:{hello_bind}", ["/"], 2, connections, PAGES_DIR)
        hello_figures = servers.wrk(
            f"http://127.0.0.1:{hello_bind}", ["/"], duration, connections, PAGES_DIR, server=hello
        )
        hello_figures["worker_peak_rss_mb"] = workers_peak_rss_mb(hello)
    finally:
        servers.stop([hello])
    base = hello_figures["requests_per_second"]
    load = hello_figures["load_average_before"]
    print(f"\nFlask hello-world, deploy/gunicorn.conf.py: {base:,.0f} requests/s  load {load}")
    settings = {
        "rendered every time": _environment(PAGE_CACHE_SECONDS="0"),
        "cache in memory": _environment(PAGE_CACHE_SECONDS="30"),
        "cache in Redis": _environment(PAGE_CACHE_SECONDS="30", REDIS_URL=cluster.REDIS_URL),
    }
    results: dict[str, Any] = {}
    for label, env in settings.items():
        results[label] = _measure(label, env, pages, duration, connections)
    results["304 (If-None-Match), cache in memory"] = _measure(
        "304", settings["cache in memory"], pages, duration, connections, {"If-None-Match": "*"}
    )
    print(f"\n{'page':<22}" + "".join(f"{label[:22]:>24}" for label in results))
    for name in pages:
        row = f"{name:<22}"
        for label in results:
            rate = results[label][name]["requests_per_second"]
            row += f"{rate:>12,.0f} ({rate / base:>5.2f}×)"[:24].rjust(24)
        print(row)
    print("(requests/s, and the ratio to hello-world)")
    print(f"{'load average (1 min)':<22}" + "".join(f"{label[:22]:>24}" for label in results))
    for name in pages:
        row = f"{name:<22}"
        for label in results:
            row += results[label][name]["load_average_before"].split()[0].rjust(24)
        print(row)
    print(f"hello-world was measured at load {load}")
    hello_cpu = hello_figures["server_cpu_ms_per_request"]
    print(f"\n{'CPU ms per request':<22}" + "".join(f"{label[:22]:>24}" for label in results))
    for name in pages:
        row = f"{name:<22}"
        for label in results:
            cpu = results[label][name]["server_cpu_ms_per_request"]
            row += f"{cpu:>12.3f} ({hello_cpu / cpu:>5.2f}×)"[:24].rjust(24) if cpu else "-".rjust(24)
        print(row)
    print(
        f"(gunicorn's processes' CPU time per request, and hello-world's ({hello_cpu:.3f} ms) over it: "
        "what the ratio would be if only gunicorn used the machine; PostgreSQL's time is not in it)"
    )
    print(f"\n{'worker peak RSS (MB)':<22}" + "".join(f"{label[:22]:>24}" for label in results))
    peaks = [str(results[label]["worker_peak_rss_mb"]) for label in results]
    print(f"{'every page served':<22}" + "".join(f"{peak:>24}" for peak in peaks))
    print(f"(hello-world's workers: {hello_figures['worker_peak_rss_mb']} MB)")
    data = {
        "pages": pages,
        "wrk": {"threads": 2, "connections": connections, "seconds": duration},
        "hello_world": hello_figures,
        "results": results,
        "ratios_to_hello_world": {
            label: {name: round(results[label][name]["requests_per_second"] / base, 3) for name in pages}
            for label in results
        },
        "cpu_ratios_to_hello_world": {
            label: {name: _ratio(hello_cpu, figures[name]["server_cpu_ms_per_request"]) for name in pages}
            for label, figures in results.items()
        },
        "worker_peak_rss_mb": {
            "hello_world": hello_figures["worker_peak_rss_mb"],
            **{label: figures["worker_peak_rss_mb"] for label, figures in results.items()},
        },
    }
    save("pages", data)
    return data
