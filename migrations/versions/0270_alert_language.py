"""alert language: the language alerts about new answers were asked for in (English or Welsh)

Revision ID: 0270
Revises: 0280
Create Date: 2026-12-05 22:35:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0270'
down_revision = '0280'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('alert_subscription', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=2), server_default='en', nullable=False))
        batch_op.create_check_constraint(op.f('ck_alert_subscription_language_known'), "language IN ('en', 'cy')")


def downgrade():
    with op.batch_alter_table('alert_subscription', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_alert_subscription_language_known'), type_='check')
        batch_op.drop_column('language')
