"""Two portal instances against one PostgreSQL and one Redis, behind nginx, with the
published records in an S3-compatible bucket (moto's server): the two-machine layout of
docs/deployment.md, on one machine.

Measured with wrk over a mix of public pages (home, meetings, a meeting, committees, a
committee's record, the API's meetings, the published record from the bucket):
  1. nginx in front of instance A alone;
  2. nginx in front of both instances (the combined throughput).
On one machine the two instances share its cores, so the ratio says whether anything
shared (the database, Redis, the bucket) limits the second instance, not how much a
second machine adds.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import servers
from bench.settings import ROOT, WORK

CLUSTER = WORK / "cluster"
DATABASE_URL = os.environ.get(
    "BENCH_CLUSTER_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench_cluster"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
BUCKET = "bench-publications"
PREFIX = "record"


def _flask(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [str(Path(sys.executable).parent / "flask"), "--app", "portal", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare_database() -> None:
    """The demo council (two years of history, 80 published versions) in PostgreSQL,
    loaded once and kept between runs; brought up to the code's migrations on every run."""
    import sqlalchemy as sa

    from tests.pg_create_database import main as create_database

    create_database(DATABASE_URL)
    engine = sa.create_engine(DATABASE_URL)
    with engine.connect() as connection:
        loaded = (
            sa.inspect(connection).has_table("question")
            and connection.execute(sa.text("SELECT count(*) FROM question")).scalar_one()
        )
    engine.dispose()
    env = {
        **os.environ,
        "PORTAL_ENV": "development",
        "DATABASE_URL": DATABASE_URL,
        "PUBLICATION_DIR": str(CLUSTER / "demo-publications"),
        "SEARCH_INDEX_DIR": str(CLUSTER / "demo-index"),
    }
    # A database loaded by older code would answer the pages with 500s.
    _flask(env, "db", "upgrade")
    if loaded:
        return
    print("Loading the demo council into PostgreSQL (a few minutes, once)")
    _flask(env, "demo", "load")


def public_read_policy(bucket: str, prefix: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublishedRecordIsPublic",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/{prefix}/meetings/*",
            }
        ],
    }


def _pages() -> list[str]:
    import sqlalchemy as sa

    engine = sa.create_engine(DATABASE_URL)
    with engine.connect() as connection:
        meeting_id = connection.execute(
            sa.text("SELECT meeting_id FROM publication ORDER BY meeting_id DESC LIMIT 1")
        ).scalar_one()
        slug = connection.execute(sa.text("SELECT slug FROM committee ORDER BY id LIMIT 1")).scalar_one()
    engine.dispose()
    return [
        "/",
        "/meetings",
        f"/meetings/{meeting_id}",
        "/committees",
        f"/committees/{slug}/questions",
        "/api/v1/meetings",
        f"/meetings/{meeting_id}/questions",
    ]


def _nginx_server(listen: int, instances: list[int], moto: int) -> str:
    """deploy/nginx-bucket.conf, pointed at the local instances and the local bucket."""
    conf = (ROOT / "deploy" / "nginx-bucket.conf").read_text()
    upstream = "\n".join(f"    server 127.0.0.1:{p};" for p in instances)
    conf = conf.replace("    server 127.0.0.1:8000;", upstream)
    conf = conf.replace("kingsmere-publications.s3.eu-west-2.amazonaws.com:443", f"127.0.0.1:{moto}")
    conf = conf.replace("https://publication_bucket$object", "http://publication_bucket$object")
    conf = conf.replace(
        "proxy_set_header Host kingsmere-publications.s3.eu-west-2.amazonaws.com;",
        f"proxy_set_header Host 127.0.0.1:{moto};",
    )
    conf = "\n".join(line for line in conf.splitlines() if "proxy_ssl" not in line)
    # moto answers path-style: /<bucket>/<key>.
    conf = conf.replace("set $object /record/", f"set $object /{BUCKET}/{PREFIX}/")
    conf = conf.replace("/var/cache/nginx/publications", str(CLUSTER / f"nginx-{listen}" / "cache"))
    conf = conf.replace("/srv/portal/app/static", str(ROOT / "static"))
    conf = conf.replace("access_log /var/log/nginx/portal.access.log portal_redacted;", "access_log off;")
    return conf.replace("listen 8080;", f"listen 127.0.0.1:{listen};")


def run(duration: int, connections: int, save: Callable) -> dict[str, Any]:
    import boto3

    CLUSTER.mkdir(parents=True, exist_ok=True)
    prepare_database()
    pages = _pages()
    moto_port, a_port, b_port = servers.port(9), servers.port(1), servers.port(2)
    single_port, both_port = servers.port(5), servers.port(6)
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench-secret")
    processes: list[subprocess.Popen] = []
    try:
        processes.append(servers.start_moto(moto_port))
        servers.wait_for(moto_port)
        endpoint = f"http://127.0.0.1:{moto_port}"
        bucket_client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        bucket_client.create_bucket(Bucket=BUCKET)
        # As docs/deployment.md says: the public may read the published record, nothing else.
        bucket_client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(public_read_policy(BUCKET, PREFIX)))
        for name, bind in (("a", a_port), ("b", b_port)):
            env = servers.portal_environment(
                DATABASE_URL,
                REDIS_URL=REDIS_URL,
                PUBLICATION_BUCKET=BUCKET,
                PUBLICATION_BUCKET_PREFIX=PREFIX,
                S3_ENDPOINT_URL=f"http://127.0.0.1:{moto_port}",
                S3_REGION="us-east-1",
                SEARCH_INDEX_DIR=str(CLUSTER / f"index-{name}"),
                PUBLICATION_DIR=str(CLUSTER / f"unused-{name}"),
            )
            processes.append(servers.start_gunicorn(bind, env))
        for listen, upstream in ((single_port, [a_port]), (both_port, [a_port, b_port])):
            server = _nginx_server(listen, upstream, moto_port)
            processes.append(servers.start_nginx(CLUSTER / f"nginx-{listen}", server))
        for bind in (a_port, b_port, single_port, both_port):
            servers.wait_for(bind)
        record = pages[-1]
        # The bucket starts empty: the first read falls back to the portal, which puts
        # the object back; the next is served from the bucket.
        first = servers.get(f"http://127.0.0.1:{both_port}{record}")
        second = servers.get(f"http://127.0.0.1:{both_port}{record}")
        assert first[0] == 200, "the record is served"
        assert second[0] == 200, "the record is served again"
        assert first[2] == second[2], "the record is the same bytes from the portal and the bucket"
        # S3's ETag is the MD5 of the object; the portal's is the SHA-256.
        etag = {k.lower(): v for k, v in second[1].items()}.get("etag", "").strip('"')
        from_bucket = etag == hashlib.md5(second[2]).hexdigest()
        for page in pages:
            status, _, _ = servers.get(f"http://127.0.0.1:{both_port}{page}")
            assert status == 200, f"{page} answered {status}"
        base = {"single": f"http://127.0.0.1:{single_port}", "both": f"http://127.0.0.1:{both_port}"}
        for url in base.values():
            servers.wrk(url, pages, 2, connections, CLUSTER)  # warm up
        runs: dict[str, list[dict[str, Any]]] = {"single": [], "both": []}
        for round_number in range(3):
            order = ["single", "both"] if round_number % 2 == 0 else ["both", "single"]
            for name in order:
                runs[name].append(servers.wrk(base[name], pages, duration, connections, CLUSTER))
        results = {}
        for name, measured in runs.items():
            ordered = sorted(measured, key=lambda m: m["requests_per_second"])
            results[name] = {**ordered[1], "rounds": [m["requests_per_second"] for m in measured]}
        ratio = results["both"]["requests_per_second"] / results["single"]["requests_per_second"]
        print(f"\nTwo instances, one PostgreSQL, one Redis, the bucket ({len(pages)} pages in turn):")
        for name, label in (("single", "instance A alone"), ("both", "A and B together")):
            figures = results[name]
            rate = figures["requests_per_second"]
            print(
                f"  {label:<18} {rate:>8,.0f} requests/s  p99 {figures['latency_p99']}"
                f"  load {figures['load_average_before']}  rounds {figures['rounds']}"
            )
        print(f"  combined / one instance = {ratio:.2f}  (one machine of {os.cpu_count()} cores)")
        data = {
            "pages": pages,
            "wrk": {"threads": 2, "connections": connections, "seconds": duration, "rounds": 3},
            "gunicorn": "deploy/gunicorn.conf.py defaults, per instance",
            "record_served_from_bucket_after_first_read": from_bucket,
            "results": results,
            "ratio_both_to_single": round(ratio, 3),
        }
        save("cluster", data)
        return data
    finally:
        servers.stop(processes)
