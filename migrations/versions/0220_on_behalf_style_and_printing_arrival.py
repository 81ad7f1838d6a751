"""procedure: how "on behalf of" is shown, and whether the record prints how a question arrived

Revision ID: 0220
Revises: 0200
Create Date: 2026-12-05 21:45:00.000000

"""
import sqlalchemy as sa
from alembic import op


revision = '0220'
down_revision = '0200'
branch_labels = None
depends_on = None

STYLES = ('bracketed', 'plain')


def _enum(name):
    return sa.Enum(*STYLES, name=name, native_enum=False, create_constraint=True, length=max(map(len, STYLES)))


def upgrade():
    with op.batch_alter_table('procedure_rules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_behalf_style', _enum('on_behalf_style'), server_default='bracketed', nullable=False))
        batch_op.add_column(sa.Column('prints_arrival', sa.Boolean(), server_default=sa.true(), nullable=False))

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_behalf_style', _enum('meeting_on_behalf_style'), nullable=True))
        batch_op.add_column(sa.Column('prints_arrival', sa.Boolean(), nullable=True))


def downgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_meeting_meeting_on_behalf_style'), type_='check')
        batch_op.drop_column('prints_arrival')
        batch_op.drop_column('on_behalf_style')

    with op.batch_alter_table('procedure_rules', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_procedure_rules_on_behalf_style'), type_='check')
        batch_op.drop_column('prints_arrival')
        batch_op.drop_column('on_behalf_style')
