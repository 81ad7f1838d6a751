"""question language: the language a question was asked in (English or Welsh)

Revision ID: 0200
Revises: 0183
Create Date: 2026-12-04 22:40:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0200'
down_revision = '0183'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=2), server_default='en', nullable=False))
        batch_op.create_check_constraint(op.f('ck_question_language_known'), "language IN ('en', 'cy')")


def downgrade():
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_question_language_known'), type_='check')
        batch_op.drop_column('language')
