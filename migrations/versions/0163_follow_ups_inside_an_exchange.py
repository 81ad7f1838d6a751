"""follow-ups inside an exchange: a committee member's question after the supplementary, and its answer

Revision ID: 0163
Revises: 0162
Create Date: 2026-12-04 23:15:00.000000

"""
import sqlalchemy as sa
from alembic import op


revision = '0163'
down_revision = '0162'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'follow_up',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('asked_by', sa.String(length=200), nullable=False),
        sa.Column('question_source', sa.Text(), nullable=False),
        sa.Column('question_html', sa.Text(), nullable=False),
        sa.Column('answered_by', sa.String(length=300), nullable=False),
        sa.Column('answer_source', sa.Text(), nullable=False),
        sa.Column('answer_html', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('position >= 0', name=op.f('ck_follow_up_position_not_negative')),
        sa.CheckConstraint("question_html <> ''", name=op.f('ck_follow_up_follow_up_has_question')),
        sa.CheckConstraint("asked_by <> ''", name=op.f('ck_follow_up_follow_up_has_asker')),
        sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_follow_up_question_id_question'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up')),
        sa.UniqueConstraint('question_id', 'position', name='uq_follow_up_position'),
    )


def downgrade():
    op.drop_table('follow_up')
