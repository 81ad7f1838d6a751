"""records entered after the event; who answered; how a question arrived

Revision ID: 0160
Revises: 0130
Create Date: 2026-12-04 22:20:00.000000

"""
import sqlalchemy as sa
from alembic import op


revision = '0160'
down_revision = '0130'
branch_labels = None
depends_on = None

NUMBERED = "'accepted', 'answer_approved', 'answer_drafted', 'awaiting_written_answer', 'closed', 'published'"
ARRIVALS = "'email', 'verbal', 'read_out', 'written'"


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('entered_after_event_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('entered_after_event_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_meeting_entered_after_event_by_id_user'), 'user', ['entered_after_event_by_id'], ['id'],
            ondelete='SET NULL',
        )

    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('question_to_text', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('answered_by', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('arrival', sa.Enum('email', 'verbal', 'read_out', 'written', name='question_arrival', native_enum=False, create_constraint=True, length=8), nullable=True))
        batch_op.add_column(sa.Column('entered_after_event_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('entered_after_event_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('recorded_response_source', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('recorded_response_html', sa.Text(), server_default='', nullable=False))
        batch_op.create_foreign_key(
            batch_op.f('fk_question_entered_after_event_by_id_user'), 'user', ['entered_after_event_by_id'], ['id'],
            ondelete='SET NULL',
        )
        batch_op.drop_constraint(op.f('ck_question_accepted_has_post'), type_='check')
        batch_op.create_check_constraint(
            'accepted_has_post',
            f"status NOT IN ({NUMBERED}) OR answering_post_id IS NOT NULL OR entered_after_event_at IS NOT NULL",
        )

        batch_op.drop_constraint(op.f('ck_question_received_has_time'), type_='check')
        batch_op.create_check_constraint(
            'received_has_time',
            "status IN ('unconfirmed', 'expired') OR received_at IS NOT NULL OR entered_after_event_at IS NOT NULL",
        )
        batch_op.drop_constraint(op.f('ck_question_member_has_councillor'), type_='check')
        batch_op.create_check_constraint(
            'member_has_councillor',
            "kind <> 'member' OR councillor_id IS NOT NULL OR entered_after_event_at IS NOT NULL",
        )

    with op.batch_alter_table('question_outcome', schema=None) as batch_op:
        batch_op.add_column(sa.Column('supplementary_arrival', sa.Enum('email', 'verbal', 'read_out', 'written', name='supplementary_arrival', native_enum=False, create_constraint=True, length=8), nullable=True))
        batch_op.drop_constraint(op.f('ck_question_outcome_promise_has_due_date'), type_='check')
        batch_op.create_check_constraint(
            'promise_has_due_date',
            'written_answer_promised = false OR written_answer_due_on IS NOT NULL OR written_answer_sent_on IS NOT NULL',
        )


def downgrade():
    with op.batch_alter_table('question_outcome', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_question_outcome_promise_has_due_date'), type_='check')
        batch_op.create_check_constraint(
            'promise_has_due_date', 'written_answer_promised = false OR written_answer_due_on IS NOT NULL'
        )
        batch_op.drop_constraint(op.f('ck_question_outcome_supplementary_arrival'), type_='check')
        batch_op.drop_column('supplementary_arrival')

    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_question_accepted_has_post'), type_='check')
        batch_op.create_check_constraint('accepted_has_post', f"status NOT IN ({NUMBERED}) OR answering_post_id IS NOT NULL")
        batch_op.drop_constraint(op.f('ck_question_received_has_time'), type_='check')
        batch_op.create_check_constraint(
            'received_has_time', "status IN ('unconfirmed', 'expired') OR received_at IS NOT NULL"
        )
        batch_op.drop_constraint(op.f('ck_question_member_has_councillor'), type_='check')
        batch_op.create_check_constraint('member_has_councillor', "kind <> 'member' OR councillor_id IS NOT NULL")
        batch_op.drop_constraint(op.f('ck_question_question_arrival'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_question_entered_after_event_by_id_user'), type_='foreignkey')
        for column in ('recorded_response_html', 'recorded_response_source', 'entered_after_event_by_id',
                       'entered_after_event_at', 'arrival', 'answered_by', 'question_to_text'):
            batch_op.drop_column(column)

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_meeting_entered_after_event_by_id_user'), type_='foreignkey')
        batch_op.drop_column('entered_after_event_by_id')
        batch_op.drop_column('entered_after_event_at')
