"""imported archive: documents brought in from the council's old papers, and their records

Revision ID: 0130
Revises: 0120
Create Date: 2026-12-04 22:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

import portal.models.base


# revision identifiers, used by Alembic.
revision = '0130'
down_revision = '0120'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'import_document',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('committee_id', sa.Integer(), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('reader', sa.String(length=30), nullable=False),
        sa.Column('layout', sa.String(length=20), nullable=False),
        sa.Column('meeting_date', sa.Date(), nullable=True),
        sa.Column('meeting_date_found', sa.Boolean(), nullable=False),
        sa.Column('status', sa.Enum('in_review', 'filed', 'discarded', name='import_status', native_enum=False, create_constraint=True, length=9), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.Column('uploaded_at', portal.models.base.UTCDateTime(), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', portal.models.base.UTCDateTime(), nullable=True),
        sa.Column('meeting_id', sa.Integer(), nullable=True),
        sa.CheckConstraint('size > 0', name=op.f('ck_import_document_document_not_empty')),
        sa.CheckConstraint("status <> 'filed' OR (meeting_id IS NOT NULL AND decided_at IS NOT NULL)", name=op.f('ck_import_document_filed_has_meeting')),
        sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_import_document_committee_id_committee')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_import_document_decided_by_id_user'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_import_document_meeting_id_meeting'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_import_document_uploaded_by_id_user'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_document')),
        sa.UniqueConstraint('sha256', name=op.f('uq_import_document_sha256')),
    )
    op.create_index(op.f('ix_import_document_committee_id'), 'import_document', ['committee_id'], unique=False)
    op.create_table(
        'import_record',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.Column('source_text', sa.Text(), nullable=False),
        sa.Column('flags', sa.JSON(), nullable=False),
        sa.Column('dropped', sa.Boolean(), nullable=False),
        sa.Column('corrected_by_id', sa.Integer(), nullable=True),
        sa.Column('corrected_at', portal.models.base.UTCDateTime(), nullable=True),
        sa.Column('archive_entry_id', sa.Integer(), nullable=True),
        sa.CheckConstraint('position >= 0', name=op.f('ck_import_record_position_not_negative')),
        sa.ForeignKeyConstraint(['archive_entry_id'], ['archive_entry.id'], name=op.f('fk_import_record_archive_entry_id_archive_entry'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['corrected_by_id'], ['user.id'], name=op.f('fk_import_record_corrected_by_id_user'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['document_id'], ['import_document.id'], name=op.f('fk_import_record_document_id_import_document'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_record')),
        sa.UniqueConstraint('archive_entry_id', name=op.f('uq_import_record_archive_entry_id')),
        sa.UniqueConstraint('document_id', 'position', name='uq_import_record_position'),
    )
    op.create_index(op.f('ix_import_record_document_id'), 'import_record', ['document_id'], unique=False)
    # Plain added columns (no table rebuild on SQLite, which would drop the search triggers).
    op.add_column('archive_entry', sa.Column('imported', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('archive_entry', sa.Column('number_label', sa.String(length=30), nullable=True))


def downgrade():
    op.drop_column('archive_entry', 'number_label')
    op.drop_column('archive_entry', 'imported')
    op.drop_index(op.f('ix_import_record_document_id'), table_name='import_record')
    op.drop_table('import_record')
    op.drop_index(op.f('ix_import_document_committee_id'), table_name='import_document')
    op.drop_table('import_document')
