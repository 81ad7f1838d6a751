"""actions tracked to done: owner post, due date, status, dated updates

Revision ID: 0180
Revises: 0163
Create Date: 2026-12-04 22:13:00.535833

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0180'
down_revision = '0163'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('action_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('updated_on', sa.Date(), nullable=False),
    sa.Column('body_source', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("body_html <> ''", name=op.f('ck_action_update_update_has_text')),
    sa.ForeignKeyConstraint(['action_id'], ['meeting_action.id'], name=op.f('fk_action_update_action_id_meeting_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_action_update_recorded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_update'))
    )
    with op.batch_alter_table('action_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_update_action_id'), ['action_id'], unique=False)

    with op.batch_alter_table('meeting_action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_post_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('due_on', sa.Date(), nullable=True))
        # Actions recorded before tracking began start open, with no reason to drop them.
        batch_op.add_column(sa.Column('status', sa.Enum('open', 'done', 'dropped', name='action_status', native_enum=False, create_constraint=True), nullable=False, server_default='open'))
        batch_op.add_column(sa.Column('closed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('dropped_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.create_foreign_key(batch_op.f('fk_meeting_action_owner_post_id_post'), 'post', ['owner_post_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint('closed_action_has_date', "(status = 'open') = (closed_on IS NULL)")
        batch_op.create_check_constraint('dropped_action_has_reason', "status <> 'dropped' OR dropped_reason <> ''")

    with op.batch_alter_table('meeting_action', schema=None) as batch_op:
        batch_op.alter_column('status', server_default=None)
        batch_op.alter_column('dropped_reason', server_default=None)


def downgrade():
    with op.batch_alter_table('meeting_action', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_meeting_action_dropped_action_has_reason'), type_='check')
        batch_op.drop_constraint(op.f('ck_meeting_action_closed_action_has_date'), type_='check')
        batch_op.drop_constraint(op.f('ck_meeting_action_action_status'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_meeting_action_owner_post_id_post'), type_='foreignkey')
        batch_op.drop_column('dropped_reason')
        batch_op.drop_column('closed_on')
        batch_op.drop_column('status')
        batch_op.drop_column('due_on')
        batch_op.drop_column('owner_post_id')

    with op.batch_alter_table('action_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_update_action_id'))

    op.drop_table('action_update')
