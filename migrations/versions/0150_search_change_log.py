"""search change log: the search index on each machine follows the archive through it

Revision ID: 0150
Revises: 0140
Create Date: 2026-11-24 18:00:00.000000

"""
import os

from alembic import op


# revision identifiers, used by Alembic.
revision = '0150'
down_revision = '0140'
branch_labels = None
depends_on = None

# The same structures portal/domain/search_sqlite.py and search_postgres.py create for
# tests (everything named search_*, so Alembic's comparison leaves them alone). Existing
# entries need no log rows: a machine's first index is built from archive_entry itself.
SQLITE = (
    "CREATE TABLE IF NOT EXISTS search_state (token VARCHAR(32) NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_log (id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL,"
    " nonce BIGINT NOT NULL)",
    "CREATE TRIGGER IF NOT EXISTS search_log_after_insert AFTER INSERT ON archive_entry BEGIN"
    " INSERT INTO search_log(entry_id, nonce) VALUES (new.id, random()); END",
    "CREATE TRIGGER IF NOT EXISTS search_log_after_update AFTER UPDATE ON archive_entry BEGIN"
    " INSERT INTO search_log(entry_id, nonce) VALUES (new.id, random()); END",
    "CREATE TRIGGER IF NOT EXISTS search_log_after_delete AFTER DELETE ON archive_entry BEGIN"
    " INSERT INTO search_log(entry_id, nonce) VALUES (old.id, random()); END",
)
POSTGRESQL = (
    "CREATE TABLE IF NOT EXISTS search_state (token varchar(32) NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_log (id bigserial PRIMARY KEY, entry_id integer NOT NULL,"
    " nonce bigint NOT NULL)",
    "CREATE OR REPLACE FUNCTION search_log_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " PERFORM pg_advisory_xact_lock(5150001);"
    " INSERT INTO search_log (entry_id, nonce) VALUES"
    " (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END, floor(random() * 9e18)::bigint);"
    " RETURN NULL; END $$",
    "DROP TRIGGER IF EXISTS search_log_after_change ON archive_entry",
    "CREATE TRIGGER search_log_after_change AFTER INSERT OR UPDATE OR DELETE ON archive_entry"
    " FOR EACH ROW EXECUTE FUNCTION search_log_change()",
)


def upgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL if postgresql else SQLITE:
        op.execute(statement)
    op.execute(f"INSERT INTO search_state (token) VALUES ('{os.urandom(16).hex()}')")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS search_log_after_change ON archive_entry")
        op.execute("DROP FUNCTION IF EXISTS search_log_change()")
    else:
        for trigger in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_log_after_{trigger}")
    op.execute("DROP TABLE IF EXISTS search_log")
    op.execute("DROP TABLE IF EXISTS search_state")
