"""webcast moments

Revision ID: 0183
Revises: 0182
Create Date: 2026-12-04 22:53:46.785974

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0183'
down_revision = '0182'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('webcast_started_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('webcast_length_seconds', sa.Integer(), nullable=True))
        batch_op.create_check_constraint('webcast_length_positive', 'webcast_length_seconds IS NULL OR webcast_length_seconds > 0')

    with op.batch_alter_table('question_outcome', schema=None) as batch_op:
        batch_op.add_column(sa.Column('webcast_question_at', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('webcast_supplementary_at', sa.Integer(), nullable=True))
        batch_op.create_check_constraint('webcast_moments_not_negative', '(webcast_question_at IS NULL OR webcast_question_at >= 0) AND (webcast_supplementary_at IS NULL OR webcast_supplementary_at >= 0)')



def downgrade():
    with op.batch_alter_table('question_outcome', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_question_outcome_webcast_moments_not_negative'), type_='check')
        batch_op.drop_column('webcast_supplementary_at')
        batch_op.drop_column('webcast_question_at')

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_meeting_webcast_length_positive'), type_='check')
        batch_op.drop_column('webcast_length_seconds')
        batch_op.drop_column('webcast_started_at')

