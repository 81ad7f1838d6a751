"""reviews of rejections

Revision ID: 0182
Revises: 0181
Create Date: 2026-12-04 22:41:16.595244

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0182'
down_revision = '0181'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rejection_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('asked_at', sa.DateTime(), nullable=False),
    sa.Column('grounds', sa.Text(), nullable=False),
    sa.Column('rejection_ground_title', sa.String(length=200), nullable=False),
    sa.Column('rejection_explanation', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Enum('upheld', 'overturned', name='review_outcome', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_name', sa.String(length=200), nullable=False),
    sa.Column('decision_reasons', sa.Text(), nullable=False),
    sa.Column('back_in_queue', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(outcome IS NULL AND decided_at IS NULL) OR (outcome IS NOT NULL AND decided_at IS NOT NULL AND decision_reasons <> '')", name=op.f('ck_rejection_review_decision_has_reasons')),
    sa.CheckConstraint("back_in_queue = false OR outcome = 'overturned'", name=op.f('ck_rejection_review_only_overturned_requeued')),
    sa.CheckConstraint("grounds <> ''", name=op.f('ck_rejection_review_review_has_grounds')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_rejection_review_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_rejection_review_question_id_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rejection_review')),
    sa.UniqueConstraint('question_id', name=op.f('uq_rejection_review_question_id'))
    )
    with op.batch_alter_table('procedure_rules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_days', sa.Integer(), server_default='10', nullable=False))
        batch_op.add_column(sa.Column('reviewer_post_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_procedure_rules_reviewer_post_id_post'), 'post', ['reviewer_post_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint('review_days_range', 'review_days BETWEEN 1 AND 90')


def downgrade():
    with op.batch_alter_table('procedure_rules', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_procedure_rules_review_days_range'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_procedure_rules_reviewer_post_id_post'), type_='foreignkey')
        batch_op.drop_column('reviewer_post_id')
        batch_op.drop_column('review_days')

    op.drop_table('rejection_review')
