"""committee Welsh name: a committee's name in Welsh, for Welsh pages and documents

Revision ID: 0261
Revises: 0280
Create Date: 2026-12-05 22:35:00.000000

"""
import sqlalchemy as sa
from alembic import op


revision = '0261'
down_revision = '0280'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('committee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_cy', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('committee', schema=None) as batch_op:
        batch_op.drop_column('name_cy')
