"""record in Welsh and English: translations of a question's texts, the answer's language,
and the languages a committee (or meeting) publishes its record in

Revision ID: 0260
Revises: 0220
Create Date: 2026-12-05 21:45:00.000000

"""
import sqlalchemy as sa
from alembic import op


revision = '0260'
down_revision = '0220'
branch_labels = None
depends_on = None

RECORD_LANGUAGES = ('en', 'cy', 'both_side_by_side', 'both_one_after_other')
PARTS = ('question', 'answer', 'supplementary_question', 'supplementary_answer')


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=max(map(len, values)))


def upgrade():
    op.create_table(
        'record_translation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('part', _enum(PARTS, 'text_part'), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('html', sa.Text(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint("language IN ('en', 'cy')", name=op.f('ck_record_translation_translation_language_known')),
        sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_record_translation_question_id_question'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_record_translation_updated_by_id_user'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_record_translation')),
        sa.UniqueConstraint('question_id', 'part', name='uq_record_translation_part'),
    )
    with op.batch_alter_table('record_translation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_translation_question_id'), ['question_id'], unique=False)

    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer_language', sa.String(length=4), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_question_answer_language_known'),
            "answer_language IS NULL OR answer_language IN ('en', 'cy', 'both')",
        )

    with op.batch_alter_table('procedure_rules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('record_languages', _enum(RECORD_LANGUAGES, 'record_languages'), nullable=True))

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('record_languages', _enum(RECORD_LANGUAGES, 'meeting_record_languages'), nullable=True)
        )


def downgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_meeting_meeting_record_languages'), type_='check')
        batch_op.drop_column('record_languages')

    with op.batch_alter_table('procedure_rules', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_procedure_rules_record_languages'), type_='check')
        batch_op.drop_column('record_languages')

    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_question_answer_language_known'), type_='check')
        batch_op.drop_column('answer_language')

    with op.batch_alter_table('record_translation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_translation_question_id'))
    op.drop_table('record_translation')
