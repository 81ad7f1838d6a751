"""procedures per committee and meeting: a third layout, numbering schemes, how questioners are shown, what counts against the limit

Revision ID: 0161
Revises: 0160
Create Date: 2026-12-04 22:55:00.000000

"""
import sqlalchemy as sa
from alembic import op


revision = '0161'
down_revision = '0160'
branch_labels = None
depends_on = None

LAYOUTS = ('table', 'reported', 'labelled')
NUMBERINGS = ('prefixed', 'agenda_item', 'lettered', 'none')
STYLES = ('title_surname_town', 'full_name_with_title', 'full_name', 'name_and_locality')


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=max(map(len, values)))


def upgrade():
    with op.batch_alter_table('committee', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_committee_layout'), type_='check')
        batch_op.alter_column('layout', existing_type=sa.String(length=8), type_=_enum(LAYOUTS, 'layout'),
                              existing_nullable=False)

    with op.batch_alter_table('procedure_rules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_behalf_counts', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('numbering', _enum(NUMBERINGS, 'numbering'), server_default='prefixed', nullable=False))
        batch_op.add_column(sa.Column('public_prefix', sa.String(length=10), server_default='PQ', nullable=False))
        batch_op.add_column(sa.Column('member_prefix', sa.String(length=10), server_default='MQ', nullable=False))
        batch_op.add_column(sa.Column('questioner_style', _enum(STYLES, 'questioner_style'), server_default='title_surname_town', nullable=False))

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('layout', _enum(LAYOUTS, 'meeting_layout'), nullable=True))
        batch_op.add_column(sa.Column('numbering', _enum(NUMBERINGS, 'meeting_numbering'), nullable=True))
        batch_op.add_column(sa.Column('public_prefix', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('member_prefix', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('questioner_style', _enum(STYLES, 'meeting_questioner_style'), nullable=True))


def downgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        for name in ('meeting_layout', 'meeting_numbering', 'meeting_questioner_style'):
            batch_op.drop_constraint(op.f(f'ck_meeting_{name}'), type_='check')
        for column in ('questioner_style', 'member_prefix', 'public_prefix', 'numbering', 'layout'):
            batch_op.drop_column(column)

    with op.batch_alter_table('procedure_rules', schema=None) as batch_op:
        for name in ('numbering', 'questioner_style'):
            batch_op.drop_constraint(op.f(f'ck_procedure_rules_{name}'), type_='check')
        for column in ('questioner_style', 'member_prefix', 'public_prefix', 'numbering', 'on_behalf_counts'):
            batch_op.drop_column(column)

    op.execute("UPDATE committee SET layout = 'table' WHERE layout = 'labelled'")
    with op.batch_alter_table('committee', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_committee_layout'), type_='check')
        batch_op.alter_column('layout', existing_type=sa.String(length=8),
                              type_=sa.Enum('table', 'reported', name='layout', native_enum=False, create_constraint=True),
                              existing_nullable=False)
