"""search change-log marks: housekeeping deletes change-log rows every index has had a week to apply

Revision ID: 0280
Revises: 0260
Create Date: 2026-12-05 22:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0280'
down_revision = '0260'
branch_labels = None
depends_on = None

# The same table portal/domain/archive/search/sqlite.py and postgres.py create for tests
# (named search_*, so Alembic's comparison leaves it alone): when the log's newest row was
# noted, so a row is deleted only once it has been in the log for the set time.
SQLITE = (
    "CREATE TABLE IF NOT EXISTS search_log_mark (id INTEGER PRIMARY KEY, last_id BIGINT NOT NULL,"
    " marked_at BIGINT NOT NULL)"
)
POSTGRESQL = (
    "CREATE TABLE IF NOT EXISTS search_log_mark (id bigserial PRIMARY KEY, last_id bigint NOT NULL,"
    " marked_at bigint NOT NULL)"
)


def upgrade():
    op.execute(POSTGRESQL if op.get_bind().dialect.name == "postgresql" else SQLITE)


def downgrade():
    op.execute("DROP TABLE IF EXISTS search_log_mark")
