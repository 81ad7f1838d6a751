"""Documents brought in from a council's committee-papers system, and the records read
from them while a clerk checks them (portal/domain/importing/).

An `ImportDocument` keeps the file exactly as uploaded, with its SHA-256, so staff can
always download the source of an imported record, and the same file is never imported
twice. Each `ImportRecord` holds one record as the reader found it and as the clerk
corrected it; filing turns the kept ones into `ArchiveEntry` rows marked `imported`.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.archive import ArchiveEntry
from portal.models.base import Model, UTCDateTime, enum_column, utcnow
from portal.models.committees import Committee, Meeting
from portal.models.users import User


class ImportStatus(enum.StrEnum):
    IN_REVIEW = "in_review"  # read; a clerk is checking the records
    FILED = "filed"  # the kept records are in the archive
    DISCARDED = "discarded"  # a clerk decided not to file anything from it

    @property
    def label(self) -> str:
        return {"in_review": "To check", "filed": "Filed", "discarded": "Discarded"}[self.value]


class ImportDocument(Model):
    __tablename__ = "import_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committee.id"), nullable=False, index=True)
    filename: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(10), nullable=False)  # docx, pdf, html, json, csv
    size: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    content: Mapped[bytes] = mapped_column(sa.LargeBinary, nullable=False)
    reader: Mapped[str] = mapped_column(sa.String(30), nullable=False)
    layout: Mapped[str] = mapped_column(sa.String(20), default="", nullable=False)
    # The meeting's date: found in the document, or chosen by the clerk.
    meeting_date: Mapped[dt.date | None] = mapped_column(sa.Date)
    meeting_date_found: Mapped[bool] = mapped_column(sa.Boolean, default=False, nullable=False)
    status: Mapped[ImportStatus] = mapped_column(
        enum_column(ImportStatus, "import_status"), default=ImportStatus.IN_REVIEW, nullable=False
    )
    # Goes up with every change to the records, so filing files exactly what was seen.
    revision: Mapped[int] = mapped_column(sa.Integer, default=1, nullable=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id", ondelete="SET NULL"))

    committee: Mapped[Committee] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    uploaded_by: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    records: Mapped[list[ImportRecord]] = relationship(
        back_populates="document", order_by="ImportRecord.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint("size > 0", name="document_not_empty"),
        sa.CheckConstraint(
            "status <> 'filed' OR (meeting_id IS NOT NULL AND decided_at IS NOT NULL)",
            name="filed_has_meeting",
        ),
    )

    def __repr__(self) -> str:
        return f"<ImportDocument {self.id} {self.filename} {self.status}>"


class ImportRecord(Model):
    __tablename__ = "import_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("import_document.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    # The record's fields (portal/domain/importing/records.py ImportedRecord.as_json()).
    fields: Mapped[dict[str, Any]] = mapped_column(sa.JSON, nullable=False)
    source_text: Mapped[str] = mapped_column(sa.Text, default="", nullable=False)
    # Field name -> what the reader could not find or changed, for the clerk.
    flags: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict, nullable=False)
    dropped: Mapped[bool] = mapped_column(sa.Boolean, default=False, nullable=False)
    corrected_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    corrected_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    archive_entry_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("archive_entry.id", ondelete="SET NULL"), unique=True
    )

    document: Mapped[ImportDocument] = relationship(back_populates="records")
    archive_entry: Mapped[ArchiveEntry | None] = relationship()
    corrected_by: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("document_id", "position", name="uq_import_record_position"),
        sa.CheckConstraint("position >= 0", name="position_not_negative"),
    )
