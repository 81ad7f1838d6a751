"""Published versions of a meeting's questions and answers. Written once, never changed.

Each Publication freezes the document model (canonical JSON with its SHA-256) and
keeps the exact bytes of every format rendered from it, so the files on disk can
always be put back exactly as they were published.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Model, UTCDateTime, enum_column
from portal.models.committees import Meeting
from portal.models.questions import ImmutableRecordError
from portal.models.users import User


class DocumentKind(enum.StrEnum):
    AGENDA_SUPPLEMENT = "agenda_supplement"  # before the meeting: questions and answers
    MINUTES_APPENDIX = "minutes_appendix"  # after: plus what happened at the meeting

    @property
    def label(self) -> str:
        return {"agenda_supplement": "Agenda supplement", "minutes_appendix": "Minutes appendix"}[self.value]


class Publication(Model):
    __tablename__ = "publication"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), nullable=False, index=True)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind, "document_kind"), nullable=False)
    schema: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    # The document model as canonical JSON (sorted keys, no spaces), exactly as hashed.
    model_json: Mapped[str] = mapped_column(sa.Text, nullable=False)
    checksum: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    change_note: Mapped[str | None] = mapped_column(sa.Text)
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    meeting: Mapped[Meeting] = relationship()
    published_by: Mapped[User | None] = relationship()
    files: Mapped[list[PublicationFile]] = relationship(
        back_populates="publication", order_by="PublicationFile.format", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "version", name="uq_publication_meeting_version"),
        sa.CheckConstraint("version > 0", name="version_positive"),
        sa.CheckConstraint("length(checksum) = 64", name="checksum_is_sha256"),
    )

    @property
    def model(self) -> dict[str, Any]:
        return json.loads(self.model_json)

    def file(self, fmt: str) -> PublicationFile | None:
        return next((f for f in self.files if f.format == fmt), None)

    def __repr__(self) -> str:
        return f"<Publication meeting={self.meeting_id} v{self.version} {self.kind}>"


class PublicationFile(Model):
    """One format of one published version: the bytes served to the public."""

    __tablename__ = "publication_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(
        sa.ForeignKey("publication.id", ondelete="CASCADE"), nullable=False
    )
    format: Mapped[str] = mapped_column(sa.String(10), nullable=False)  # html, pdf, docx, csv, json
    content: Mapped[bytes] = mapped_column(sa.LargeBinary, nullable=False)
    sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    size: Mapped[int] = mapped_column(sa.Integer, nullable=False)

    publication: Mapped[Publication] = relationship(back_populates="files")

    __table_args__ = (
        sa.UniqueConstraint("publication_id", "format", name="uq_publication_file_format"),
        sa.CheckConstraint("format IN ('html', 'pdf', 'docx', 'csv', 'json')", name="known_format"),
    )


@event.listens_for(Publication, "before_update")
@event.listens_for(PublicationFile, "before_update")
def _forbid_update(mapper: Any, connection: Any, target: Any) -> None:
    # A new file joining its publication marks the publication dirty; only a change
    # to a column is an edit.
    state = sa.inspect(target)
    if any(state.attrs[c.key].history.has_changes() for c in mapper.column_attrs):
        raise ImmutableRecordError(f"{type(target).__name__} rows are never changed once published")


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    PUBLISHED = "published"
    FAILED = "failed"


class PublicationJob(Model):
    """A clerk's request to publish a meeting's record, worked through away from the web
    request (decision 0330): what it is doing now is written here as it goes, for the
    clerk's progress page. The publication itself is still one transaction: a job that
    stops part-way has published nothing."""

    __tablename__ = "publication_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), nullable=False, index=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind, "document_kind"), nullable=False)
    # The latest version the clerk's page showed (0: none); None skips that check.
    seen_version: Mapped[int | None] = mapped_column(sa.Integer)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    requested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    status: Mapped[JobStatus] = mapped_column(
        enum_column(JobStatus, "publication_job_status"), nullable=False, default=JobStatus.QUEUED
    )
    # What the job is doing: "model", then each format ("html", "pdf", ...), then "saving".
    stage: Mapped[str | None] = mapped_column(sa.String(20))
    questions_done: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    questions_total: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    formats_done: Mapped[str] = mapped_column(sa.String(100), nullable=False, default="")
    pdf_pages: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    # Written by the runner every few seconds: a running job whose heartbeat stops was
    # stopped (its process killed), and is then recorded as failed.
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    publication_id: Mapped[int | None] = mapped_column(sa.ForeignKey("publication.id", ondelete="SET NULL"))
    problem: Mapped[str | None] = mapped_column(sa.Text)

    meeting: Mapped[Meeting] = relationship()
    requested_by: Mapped[User | None] = relationship()
    publication: Mapped[Publication | None] = relationship()

    __table_args__ = (
        sa.CheckConstraint(
            "(status = 'published') = (publication_id IS NOT NULL)", name="published_has_publication"
        ),
    )

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.PUBLISHED, JobStatus.FAILED)
