"""outbox: when a message was handed to the mail server or Notify, so a sender that dies
afterwards is never followed by a blind resend

Revision ID: 0120
Revises: 0150
Create Date: 2026-12-04 23:00:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0120'
down_revision = '0150'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handed_over_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('handed_over_at')
