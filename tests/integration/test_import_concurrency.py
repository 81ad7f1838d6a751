"""Two clerks at once on one import, for real (separate connections, in threads): the same
file uploaded twice keeps one document, and one document filed twice files once."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.domain.errors import Refused
from portal.domain.importing import filing, staging
from portal.extensions import db
from portal.models import ArchiveEntry, Committee, ImportDocument, User
from tests import factories
from tests import import_fixtures as fx
from tests.integration.test_concurrency import committed, run_together  # noqa: F401 (fixture)

pytestmark = pytest.mark.postgres_only


def _setup() -> tuple[int, int, bytes]:
    clerk = factories.make_user(roles={"clerk"})
    committee = factories.make_committee("Council", slug="council-race")
    db.session.commit()
    return clerk.id, committee.id, fx.scrutiny_docx(fx.scrutiny_004_records())


@pytest.mark.usefixtures("committed")
def test_the_same_file_uploaded_twice_at_once_is_kept_once(app):
    clerk_id, committee_id, data = _setup()

    def upload(index: int) -> object:
        clerk, committee = db.session.get(User, clerk_id), db.session.get(Committee, committee_id)
        return staging.stage_document(f"minutes-{index}.docx", data, committee, by=clerk)

    results = run_together(app, upload)
    assert sum(isinstance(r, staging.Staged) for r in results) == 1
    assert sum(isinstance(r, staging.AlreadyImported) for r in results) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportDocument)) == 1


@pytest.mark.usefixtures("committed")
def test_one_document_filed_by_two_clerks_at_once_is_filed_once(app):
    clerk_id, committee_id, data = _setup()
    staged = staging.stage_document(
        "minutes.docx", data, db.session.get(Committee, committee_id), by=db.session.get(User, clerk_id)
    )
    document_id, revision = staged.document.id, staged.document.revision
    db.session.commit()

    def file(index: int) -> object:
        document = db.session.get(ImportDocument, document_id)
        return filing.file_document(document, by=db.session.get(User, clerk_id), revision=revision)

    results = run_together(app, file)
    assert sum(isinstance(r, list) for r in results) == 1
    assert sum(isinstance(r, Refused) for r in results) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ArchiveEntry)) == 7
