"""Where the benchmarks keep their databases, files and results."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = Path(os.environ.get("BENCH_DIR", "/tmp/portal-bench"))
SQLITE_URL = f"sqlite:///{WORK / 'bench.sqlite3'}"
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench"
)
