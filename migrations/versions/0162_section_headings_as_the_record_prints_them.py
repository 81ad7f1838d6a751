"""section headings as a past meeting's record prints them

Revision ID: 0162
Revises: 0161
Create Date: 2026-12-04 23:05:00.000000

"""
import sqlalchemy as sa
from alembic import op


revision = '0162'
down_revision = '0161'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_questions_heading', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('member_questions_heading', sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('member_questions_heading')
        batch_op.drop_column('public_questions_heading')
