"""a meeting's own limits and minute numbers; a written answer promised with no date

Revision ID: 0350
Revises: 0270
Create Date: 2026-12-06 01:00:00.000000

"""
import sqlalchemy as sa
from alembic import op


revision = '0350'
down_revision = '0270'
branch_labels = None
depends_on = None

PROMISE_WITH_DATE = (
    'written_answer_promised = false OR written_answer_due_on IS NOT NULL OR written_answer_sent_on IS NOT NULL'
)


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('questions_per_person', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('on_behalf_counts', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('public_questions_minute', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('member_questions_minute', sa.String(length=30), nullable=True))
        batch_op.create_check_constraint(
            'meeting_questions_per_person_range',
            'questions_per_person IS NULL OR questions_per_person BETWEEN 1 AND 10',
        )

    with op.batch_alter_table('question_outcome', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('written_answer_undated', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.drop_constraint(op.f('ck_question_outcome_promise_has_due_date'), type_='check')
        batch_op.create_check_constraint(
            'promise_has_due_date', PROMISE_WITH_DATE + ' OR written_answer_undated = true'
        )
        batch_op.create_check_constraint(
            'undated_promise_has_no_due_date',
            'written_answer_undated = false OR (written_answer_promised = true AND written_answer_due_on IS NULL)',
        )


def downgrade():
    with op.batch_alter_table('question_outcome', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_question_outcome_undated_promise_has_no_due_date'), type_='check')
        batch_op.drop_constraint(op.f('ck_question_outcome_promise_has_due_date'), type_='check')
        batch_op.create_check_constraint('promise_has_due_date', PROMISE_WITH_DATE)
        batch_op.drop_column('written_answer_undated')

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_meeting_meeting_questions_per_person_range'), type_='check')
        batch_op.drop_column('member_questions_minute')
        batch_op.drop_column('public_questions_minute')
        batch_op.drop_column('on_behalf_counts')
        batch_op.drop_column('questions_per_person')
