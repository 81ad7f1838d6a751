"""staff choose their own password after an administrator sets one

Revision ID: 0010
Revises: 0002
Create Date: 2026-11-22 10:55:28.658665

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    # Existing accounts keep the password they have; sa.false() renders for each database.
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('password_must_change', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('password_must_change')
