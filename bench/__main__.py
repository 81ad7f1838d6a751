"""`python -m bench`: speed and scale figures for the archive.

  python -m bench generate  --size 100000 --seed 7     fill the benchmark databases
  python -m bench search                                search p50/p95/p99 on SQLite and PostgreSQL
  python -m bench page                                  wrk: nginx alone vs the production setup
  python -m bench pages                                 wrk: public pages against a Flask hello-world
  python -m bench staff                                 staff pages at council scale, one client
  python -m bench cluster                               wrk: two instances, one database, one Redis
  python -m bench                                       all three, then a summary

Figures go to bench/results/<name>.json and are printed as a table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
WORK = Path(os.environ.get("BENCH_DIR", "/tmp/portal-bench"))
SQLITE_URL = f"sqlite:///{WORK / 'bench.sqlite3'}"
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench"
)


def machine() -> dict[str, str]:
    def run(*command: str) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return ""

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": run("sh", "-c", "free -h | awk '/Mem:/ {print $2}'"),
        "load_average": " ".join(f"{v:.2f}" for v in os.getloadavg()),
        "python": platform.python_version(),
        "sqlite": __import__("sqlite3").sqlite_version,
        "postgresql": run("sh", "-c", "psql --version 2>/dev/null | awk '{print $3}'"),
        "nginx": run("sh", "-c", "nginx -v 2>&1 | cut -d/ -f2"),
        "kernel": platform.release(),
    }


def save(name: str, data: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps({"machine": machine(), **data}, indent=2, default=str))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "what",
        nargs="?",
        default="all",
        choices=("all", "generate", "search", "page", "pages", "cluster", "staff"),
    )
    parser.add_argument("--size", type=int, default=100_000, help="published questions to generate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each search query")
    parser.add_argument("--events", type=int, default=1_000_000, help="audit events for the staff pages")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per measurement")
    parser.add_argument("--connections", type=int, default=50, help="wrk connections")
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PORTAL_ENV", "test")
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]

    from bench import cluster, page, pages, search, staff

    if args.what in ("all", "generate"):
        search.generate_all(databases, args.size, args.seed, save)
    if args.what in ("all", "search"):
        search.run_all(databases, args.repeat, save)
    if args.what in ("all", "page"):
        page.run(args.duration, args.connections, save)
    if args.what in ("all", "pages"):
        pages.run(args.duration, args.connections, save)
    if args.what in ("all", "staff"):
        staff.run(databases, args.repeat * 4, save, events=args.events)
    if args.what in ("all", "cluster"):
        cluster.run(args.duration, args.connections, save)
    print(f"\nResults are in {RESULTS}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
