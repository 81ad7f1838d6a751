"""audit events by question: the audit log filtered to a question or a meeting reads that
question's events from an index, not the whole log

Revision ID: 0320
Revises: 0300
Create Date: 2026-12-06 01:05:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0320'
down_revision = '0300'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('question_event', schema=None) as batch_op:
        batch_op.create_index('ix_question_event_question_at', ['question_id', 'at'], unique=False)


def downgrade():
    with op.batch_alter_table('question_event', schema=None) as batch_op:
        batch_op.drop_index('ix_question_event_question_at')
