"""publication jobs: publishing a meeting's record away from the web request, with its progress

Revision ID: 0330
Revises: 0320
Create Date: 2026-12-06 01:05:00.000000

"""
import sqlalchemy as sa
from alembic import op


revision = '0330'
down_revision = '0320'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('publication_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('agenda_supplement', 'minutes_appendix', name='document_kind', native_enum=False, create_constraint=True, length=17), nullable=False),
    sa.Column('seen_version', sa.Integer(), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.Enum('queued', 'running', 'published', 'failed', name='publication_job_status', native_enum=False, create_constraint=True, length=9), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=True),
    sa.Column('questions_done', sa.Integer(), nullable=False),
    sa.Column('questions_total', sa.Integer(), nullable=False),
    sa.Column('formats_done', sa.String(length=100), nullable=False),
    sa.Column('pdf_pages', sa.Integer(), nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('publication_id', sa.Integer(), nullable=True),
    sa.Column('problem', sa.Text(), nullable=True),
    sa.CheckConstraint("(status = 'published') = (publication_id IS NOT NULL)", name=op.f('ck_publication_job_published_has_publication')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_publication_job_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['publication_id'], ['publication.id'], name=op.f('fk_publication_job_publication_id_publication'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_publication_job_requested_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publication_job'))
    )
    with op.batch_alter_table('publication_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publication_job_meeting_id'), ['meeting_id'], unique=False)


def downgrade():
    with op.batch_alter_table('publication_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publication_job_meeting_id'))

    op.drop_table('publication_job')
