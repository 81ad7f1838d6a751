"""gunicorn as shipped loads the app before forking its workers. Whatever the master does
with the database before the fork (the start-up check of published files) must not
leave it a pooled connection: the workers would inherit the same socket and use it at
once, and PostgreSQL answered that with "can't change 'autocommit' now" (a 500)."""

from __future__ import annotations

import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest

from portal.extensions import db
from tests.file_database import file_database_app

pytestmark = pytest.mark.database

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def test_the_master_holds_no_database_connection_when_it_forks_the_workers(tmp_path):
    hooks = runpy.run_path(str(CONFIG))
    assert hooks["preload_app"] is True
    with file_database_app(tmp_path) as app:
        log = logging.getLogger("gunicorn.test")
        server = SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app), log=log)

        hooks["when_ready"](server)

        with app.app_context():
            pool = db.engine.pool
            assert pool.checkedout() == 0
            assert pool.checkedin() == 0, "a connection kept in the master would be shared by every worker"
