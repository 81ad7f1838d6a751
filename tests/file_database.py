"""An app on a SQLite file of its own, committing for real, as `make run` and a small
council's single machine do; and the public journey a resident takes through it.

The shared test connection (tests/conftest.py) hides concurrency: every request there
uses one connection. Here each thread gets its own session and connection from the pool.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url

from portal import create_app
from portal.domain.archive.search import create_search_structures
from portal.extensions import db
from portal.models import OutboxMessage

CONFIRM_LINK = re.compile(r"/ask/confirm/([A-Za-z0-9_.\-]+)")

DETAILS = {
    "title": "Ms",
    "first_name": "Hannah",
    "last_name": "Carter",
    "phone": "",
    "address_line_1": "12 Mill Lane",
    "address_line_2": "",
    "town": "Kingsmere",
    "postcode": "km1 4tt",
    "lives_or_works_in_area": "yes",
    "on_behalf_of": "",
    "publish_name": "yes",
}
TEXT = "How many children's social workers are agency staff, and what is being done about it?"


def own_database_url(folder: Path) -> str:
    """A database of the test's own: a SQLite file in `folder`, or, when the suite runs on
    PostgreSQL, a sibling database (``<test database>_own``) emptied before and after."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        return f"sqlite:///{folder / 'portal.sqlite3'}"
    from tests.pg_create_database import main as create_database

    parsed = make_url(url)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    name = f"{parsed.database}_own" + (f"_{worker}" if worker else "")
    own = parsed.set(database=name).render_as_string(hide_password=False)
    create_database(own)
    return own


@contextmanager
def file_database_app(folder: Path, **overrides: Any) -> Iterator[Flask]:
    """A test app on a database of its own (SQLite file, or PostgreSQL in a PostgreSQL
    run), with real commits, as the portal runs."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": own_database_url(folder),
            "PUBLICATION_DIR": str(folder / "publications"),
            **overrides,
        },
        env="test",
    )
    shared_test_session = db.session
    db.session = db._make_scoped_session({})
    try:
        with app.app_context():
            db.drop_all()
            db.create_all()
            create_search_structures(db.engine)
            db.session.commit()
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            if db.engine.dialect.name == "postgresql":
                db.drop_all()
            db.engine.dispose()
        db.session = shared_test_session


def ask_a_question(client: FlaskClient, meeting_id: int, post_id: int, email: str) -> list[int]:
    """The resident's journey, page by page. Returns every status code seen."""
    seen = [client.get("/ask").status_code]
    seen.append(client.get("/ask/meeting").status_code)
    seen.append(client.post("/ask/meeting", data={"meeting": str(meeting_id)}).status_code)
    seen.append(client.get("/ask/details").status_code)
    seen.append(client.post("/ask/details", data={**DETAILS, "email": email}).status_code)
    seen.append(client.get("/ask/question").status_code)
    seen.append(client.post("/ask/question", data={"text": TEXT, "post": str(post_id)}).status_code)
    check = client.get("/ask/check-answers")
    seen.append(check.status_code)
    key = re.search(rb'name="submission_key"[^>]*value="([^"]+)"', check.data) or re.search(
        rb'value="([^"]+)"[^>]*name="submission_key"', check.data
    )
    seen.append(
        client.post(
            "/ask/check-answers", data={"submission_key": key.group(1).decode() if key else ""}
        ).status_code
    )
    return seen


def confirmation_link(email: str) -> str | None:
    """The link in the confirmation e-mail sent to `email` (call inside an app context)."""
    body = db.session.scalar(
        sa.select(OutboxMessage.body_text)
        .where(OutboxMessage.to_address == email)
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    found = CONFIRM_LINK.search(body or "")
    return found.group(0) if found else None
