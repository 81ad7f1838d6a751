"""staff sessions on the server, second factors, the security log, sign-in settings,
people's data requests; private links stored as hashes

Revision ID: 0140
Revises: 0050
Create Date: 2026-12-04 19:10:00

Existing private links keep working: the hash of each question's tracking token and
each alert subscription's token is kept as its "earlier" hash, and a new seed is made
from which the portal works out the links it puts in e-mails from now on (this needs
the app's SECRET_KEY, so run it with `flask --app portal db upgrade`). The old tokens
themselves are dropped. Confirmation links sent before the upgrade are signed links
and are still read by the portal until they expire (48 hours).

Downgrading cannot bring the old tokens back: questions and subscriptions get new
random tokens, and links sent before then stop working.
"""
import base64
import hashlib
import hmac
import secrets

import sqlalchemy as sa
from alembic import op
from flask import current_app


# revision identifiers, used by Alembic.
revision = '0140'
down_revision = '0050'
branch_labels = None
depends_on = None


def _derive(key: str, purpose: str, seed: str) -> str:
    # The same derivation as portal/models/secret_links.py, frozen here as of this migration.
    link_key = hmac.new(key.encode(), b"portal private links", hashlib.sha256).digest()
    mac = hmac.new(link_key, f"{purpose}:{seed}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def upgrade():
    op.create_table('staff_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('method', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('ended_reason', sa.String(length=60), nullable=True),
    sa.Column('source', sa.String(length=45), nullable=True),
    sa.Column('user_agent', sa.String(length=200), nullable=True),
    sa.CheckConstraint('ended_at IS NULL OR ended_reason IS NOT NULL', name=op.f('ck_staff_session_ended_has_reason')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_staff_session_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_staff_session_token_hash'))
    )
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_session_ended_at'), ['ended_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_session_user_id'), ['user_id'], unique=False)

    op.create_table('recovery_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_recovery_code_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_code')),
    sa.UniqueConstraint('user_id', 'code_hash', name='uq_recovery_code_user_hash')
    )
    with op.batch_alter_table('recovery_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_code_user_id'), ['user_id'], unique=False)

    op.create_table('security_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('verb', sa.String(length=50), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=45), nullable=True),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_security_event_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_security_event_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_security_event'))
    )
    with op.batch_alter_table('security_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_security_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_security_event_user_id'), ['user_id'], unique=False)

    op.create_table('security_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_idle_minutes', sa.Integer(), nullable=False),
    sa.Column('session_absolute_hours', sa.Integer(), nullable=False),
    sa.Column('second_factor_for_everyone', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('session_absolute_hours BETWEEN 1 AND 24', name=op.f('ck_security_settings_absolute_in_range')),
    sa.CheckConstraint('session_idle_minutes BETWEEN 5 AND 480', name=op.f('ck_security_settings_idle_in_range')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_security_settings_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_security_settings'))
    )

    op.create_table('data_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('access', 'erasure', name='data_request_kind', native_enum=False, create_constraint=True, length=7), nullable=False),
    sa.Column('received_via', sa.String(length=40), nullable=False),
    sa.Column('subject_identity', sa.String(length=254), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['handled_by_id'], ['user.id'], name=op.f('fk_data_request_handled_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_request')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_data_request_token_hash'))
    )
    with op.batch_alter_table('data_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_request_created_at'), ['created_at'], unique=False)

    # Staff accounts: the session version and the account-wide lock give way to server-side
    # sessions and the throttle; the second factor and the provider's subject are added.
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('totp_confirmed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('sso_subject', sa.String(length=400), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_user_sso_subject'), ['sso_subject'])
        batch_op.drop_column('failed_sign_ins')
        batch_op.drop_column('locked_until')
        batch_op.drop_column('session_version')

    # Private links: keep the hash of each existing token, make a seed for new links.
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link_seed', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('tracking_token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('confirm_token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('earlier_tracking_token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('alert_subscription', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link_seed', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('earlier_token_hash', sa.String(length=64), nullable=True))

    connection = op.get_bind()
    key = current_app.config["SECRET_KEY"]
    questions = connection.execute(sa.text("SELECT id, tracking_token FROM question")).all()
    for question_id, token in questions:
        seed = secrets.token_urlsafe(32)
        connection.execute(
            sa.text(
                "UPDATE question SET link_seed = :seed, tracking_token_hash = :tracking,"
                " confirm_token_hash = :confirm, earlier_tracking_token_hash = :earlier WHERE id = :id"
            ),
            {
                "seed": seed,
                "tracking": _hash(_derive(key, "track", seed)),
                "confirm": _hash(_derive(key, "confirm", seed)),
                "earlier": _hash(token),
                "id": question_id,
            },
        )
    subscriptions = connection.execute(sa.text("SELECT id, token FROM alert_subscription")).all()
    for subscription_id, token in subscriptions:
        seed = secrets.token_urlsafe(32)
        connection.execute(
            sa.text(
                "UPDATE alert_subscription SET link_seed = :seed, token_hash = :current,"
                " earlier_token_hash = :earlier WHERE id = :id"
            ),
            {"seed": seed, "current": _hash(_derive(key, "alert", seed)), "earlier": _hash(token), "id": subscription_id},
        )

    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.alter_column('link_seed', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('tracking_token_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_question_tracking_token_hash'), ['tracking_token_hash'])
        batch_op.create_unique_constraint(batch_op.f('uq_question_confirm_token_hash'), ['confirm_token_hash'])
        batch_op.create_unique_constraint(batch_op.f('uq_question_earlier_tracking_token_hash'), ['earlier_tracking_token_hash'])
        batch_op.drop_constraint('uq_question_tracking_token', type_='unique')
        batch_op.drop_column('tracking_token')
    with op.batch_alter_table('alert_subscription', schema=None) as batch_op:
        batch_op.alter_column('link_seed', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('token_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_alert_subscription_token_hash'), ['token_hash'])
        batch_op.create_unique_constraint(batch_op.f('uq_alert_subscription_earlier_token_hash'), ['earlier_token_hash'])
        batch_op.drop_constraint('uq_alert_subscription_token', type_='unique')
        batch_op.drop_column('token')


def downgrade():
    with op.batch_alter_table('alert_subscription', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token', sa.String(length=64), nullable=True))
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tracking_token', sa.String(length=64), nullable=True))
    connection = op.get_bind()
    for (row_id,) in connection.execute(sa.text("SELECT id FROM question")).all():
        connection.execute(sa.text("UPDATE question SET tracking_token = :t WHERE id = :id"), {"t": secrets.token_urlsafe(32), "id": row_id})
    for (row_id,) in connection.execute(sa.text("SELECT id FROM alert_subscription")).all():
        connection.execute(sa.text("UPDATE alert_subscription SET token = :t WHERE id = :id"), {"t": secrets.token_urlsafe(32), "id": row_id})
    with op.batch_alter_table('alert_subscription', schema=None) as batch_op:
        batch_op.alter_column('token', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint('uq_alert_subscription_token', ['token'])
        batch_op.drop_constraint(batch_op.f('uq_alert_subscription_earlier_token_hash'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_alert_subscription_token_hash'), type_='unique')
        batch_op.drop_column('earlier_token_hash')
        batch_op.drop_column('token_hash')
        batch_op.drop_column('link_seed')
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.alter_column('tracking_token', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint('uq_question_tracking_token', ['tracking_token'])
        batch_op.drop_constraint(batch_op.f('uq_question_earlier_tracking_token_hash'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_question_confirm_token_hash'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_question_tracking_token_hash'), type_='unique')
        batch_op.drop_column('erased_at')
        batch_op.drop_column('earlier_tracking_token_hash')
        batch_op.drop_column('confirm_token_hash')
        batch_op.drop_column('tracking_token_hash')
        batch_op.drop_column('link_seed')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('failed_sign_ins', sa.Integer(), server_default='0', nullable=False))
        batch_op.drop_constraint(batch_op.f('uq_user_sso_subject'), type_='unique')
        batch_op.drop_column('sso_subject')
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_confirmed_at')
        batch_op.drop_column('totp_secret')
    with op.batch_alter_table('data_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_request_created_at'))
    op.drop_table('data_request')
    op.drop_table('security_settings')
    with op.batch_alter_table('security_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_security_event_user_id'))
        batch_op.drop_index(batch_op.f('ix_security_event_at'))
    op.drop_table('security_event')
    with op.batch_alter_table('recovery_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_code_user_id'))
    op.drop_table('recovery_code')
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_session_user_id'))
        batch_op.drop_index(batch_op.f('ix_staff_session_ended_at'))
    op.drop_table('staff_session')
