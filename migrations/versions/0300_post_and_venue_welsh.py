"""post and venue in Welsh: a post's title and a meeting's venue in Welsh, for Welsh pages and documents

Revision ID: 0300
Revises: 0350
Create Date: 2026-12-06 01:05:00.000000

"""
import sqlalchemy as sa
from alembic import op


revision = '0300'
down_revision = '0350'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_cy', sa.String(length=200), nullable=True))
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('venue_cy', sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('venue_cy')
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_column('title_cy')
