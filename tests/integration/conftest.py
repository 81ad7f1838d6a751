"""Fixtures several integration modules share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from portal.extensions import db
from tests import factories


@pytest.fixture
def folder(app: Flask, tmp_path: Path) -> Iterator[Path]:
    """A publication folder of the test's own, put back afterwards."""
    saved = app.config["PUBLICATION_DIR"]
    app.config["PUBLICATION_DIR"] = str(tmp_path / "publications")
    yield tmp_path / "publications"
    app.config["PUBLICATION_DIR"] = saved


@pytest.fixture
def cabinet_meeting(admin: object) -> object:
    """A Cabinet meeting twelve days ahead, committed, as the page-cache tests read it."""
    committee = factories.make_committee("Cabinet", slug="cabinet")
    found = factories.make_meeting(committee, days_ahead=12, venue="Council Chamber, Market Street")
    db.session.commit()
    return found
