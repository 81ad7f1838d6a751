"""gunicorn for the portal: `gunicorn -c deploy/gunicorn.conf.py 'portal:create_app()'`.

Behind nginx (deploy/nginx.conf), which serves published documents and static files
itself and passes everything else here. Every setting can be changed from the
environment; several instances can run on several machines against one PostgreSQL
and one Redis (see docs/deployment.md).
"""

import gc
import multiprocessing
import os
import sys

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads let one worker wait on the database for one request while serving another.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# Long enough for the largest PDF a clerk publishes; nothing public waits on Python that long.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never build up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = 500
# Load the app once, before forking: faster start, shared memory.
preload_app = True
# Only nginx on this machine may say who the client is (PROXY_FIX=1 reads its headers).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Never log query strings, and never the tokens in private links' paths: the logger
# class writes each token-like path segment as [token] (portal/logs.py).
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
logger_class = "portal.logs.RedactingGunicornLogger"
proc_name = "portal"


def on_starting(server) -> None:  # noqa: ANN001 (gunicorn's Arbiter)
    """Rate limits counted in memory are counted once per worker: several workers would
    multiply every limit. Refuse to start, saying why (portal/config.py)."""
    enabled = os.environ.get("RATELIMIT_ENABLED", "1").strip().lower() in {"1", "true", "yes", "on"}
    storage = os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL") or "memory://"
    if enabled and storage.startswith("memory") and server.cfg.workers > 1:
        sys.exit(
            f"Rate limits are counted in memory (RATELIMIT_STORAGE_URI={storage}) but gunicorn would "
            f"start {server.cfg.workers} workers, each counting on its own, which multiplies every "
            "limit. Set REDIS_URL to share the counts, or GUNICORN_WORKERS=1."
        )


def when_ready(server):  # noqa: ANN001, ANN201 (gunicorn's hook)
    """Before the workers are forked: compile the templates, so every worker starts with
    them (decision 0310); then put back any published file missing from the publication
    folder or bucket, from the bytes in the database (decision 0041). Never stops the start."""
    try:
        from portal.templating import compile_templates

        compiled = compile_templates(server.app.wsgi())
        server.log.info("Templates compiled before the workers start: %d", compiled)
    except Exception:  # workers compile what they need if this fails
        server.log.exception("Templates were not compiled before the workers started")
    try:
        app = server.app.wsgi()
        from portal.domain.record import publishing
        from portal.extensions import db

        with app.app_context():
            try:
                report = publishing.check_published_files(repair=True)
            finally:
                # The workers are forked from this process next: a connection left in
                # the pool would be inherited by all of them and used by two at once.
                db.session.remove()
                for engine in db.engines.values():
                    engine.dispose()
        server.log.info("Published files: %s", report)
    except Exception:  # the portal serves (and restores on each read) even if this fails
        server.log.exception("The start-up check of published files did not finish")


def pre_fork(server, worker):  # noqa: ANN001, ANN201 (gunicorn's hook)
    """Everything the preloaded app made at start-up lives as long as the worker: frozen,
    the garbage collector never walks it again. Without this, every few requests a full
    collection walked some 200,000 start-up objects, about 100 ms of a core, and set the
    95th percentile of the staff pages (bench/staff.py). Forked workers also keep sharing
    those memory pages instead of copying them."""
    gc.freeze()


def worker_exit(server, worker):  # noqa: ANN001, ANN201 (gunicorn's hook)
    """A worker leaving (recycled after max_requests, or a graceful restart) first lets a
    publication job its thread is running finish, for up to the graceful timeout; one still
    running then stops, publishes nothing, and its clerk is told (decision 0330)."""
    from portal.domain.record import jobs

    if not jobs.wait_for_running(graceful_timeout):
        server.log.warning("A publication job was still running when worker %s left", worker.pid)
