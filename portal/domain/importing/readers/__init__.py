"""Which reader a document needs, and the checks every file passes before any reader
opens it: not empty, not too large, what its name says it is, not password-protected,
not a zip bomb. A file that fails gets a clear reason and nothing is kept.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from portal.domain.importing.records import ReadResult, UnreadableDocument, display

MAX_BYTES = 20 * 1024 * 1024  # larger than any council's appendix; an upload is held in memory
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024  # what a Word file may expand to
MAX_ZIP_ENTRIES = 2_000
MAX_RATIO = 200  # an entry that expands more than this is a zip bomb, not a document

KINDS = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".aspx": "html",
    ".json": "json",
    ".csv": "csv",
}
NAMES = {
    "docx": "a Word document (.docx)",
    "pdf": "a PDF",
    "html": "a web page",
    "json": "a JSON file",
    "csv": "a CSV file",
}
ACCEPTED = ", ".join(sorted(KINDS))
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def kind_of(filename: str) -> str:
    """The kind of document a file's name claims to be."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in KINDS:
        raise UnreadableDocument(
            f"{display(filename)} is not a kind of file the import reads. "
            f"Upload a Word document, PDF, web page, JSON or CSV file ({ACCEPTED})",
            field="files",
        )
    return KINDS[suffix]


def check(filename: str, data: bytes) -> str:
    """The file's kind once it has passed every check; UnreadableDocument if not."""
    kind = kind_of(filename)
    name = display(filename)
    if not data.strip():
        raise UnreadableDocument(f"{name} is empty", field="files")
    if len(data) > MAX_BYTES:
        raise UnreadableDocument(
            f"{name} must be smaller than {MAX_BYTES // (1024 * 1024)} MB", field="files"
        )
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if kind == "docx":
        if data.startswith(_OLE):
            if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
                raise UnreadableDocument(
                    f"{name} is password-protected. Save a copy without a password and upload that",
                    field="files",
                )
            raise UnreadableDocument(
                f"{name} is an older Word format. Save it as a Word document (.docx) and upload that",
                field="files",
            )
        _check_zip(name, data)
    elif kind == "pdf":
        if not head.startswith(b"%PDF-"):
            raise UnreadableDocument(f"{name} is not {NAMES['pdf']}: it may be damaged", field="files")
        if b"/Encrypt" in data:
            raise UnreadableDocument(
                f"{name} is password-protected. Save a copy without a password and upload that",
                field="files",
            )
    elif data.startswith((b"%PDF-", b"PK\x03\x04", _OLE)) or b"\x00" in data[:4096]:
        raise UnreadableDocument(f"{name} is not {NAMES[kind]}: it may be damaged", field="files")
    return kind


def _check_zip(name: str, data: bytes) -> None:
    if not data.startswith(b"PK\x03\x04"):
        raise UnreadableDocument(f"{name} is not {NAMES['docx']}: it may be damaged", field="files")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise UnreadableDocument(f"{name} has too many parts to be a Word document", field="files")
            total = 0
            for entry in entries:
                total += entry.file_size
                ratio = entry.file_size / max(entry.compress_size, 1)
                if total > MAX_UNZIPPED_BYTES or (entry.file_size > 1_000_000 and ratio > MAX_RATIO):
                    raise UnreadableDocument(
                        f"{name} expands to far more than a document would: it was not opened", field="files"
                    )
            names = {entry.filename for entry in entries}
    except zipfile.BadZipFile:
        raise UnreadableDocument(f"{name} is not {NAMES['docx']}: it may be damaged", field="files") from None
    if "word/document.xml" not in names:
        raise UnreadableDocument(f"{name} is not {NAMES['docx']}: it may be damaged", field="files")


def read_document(filename: str, data: bytes) -> ReadResult:
    """Records from one document, after the checks above."""
    kind = check(filename, data)
    if kind == "docx":
        from portal.domain.importing.readers import word

        return word.read(filename, data)
    if kind == "pdf":
        from portal.domain.importing.readers import pdf

        return pdf.read(filename, data)
    if kind == "html":
        from portal.domain.importing.readers import web

        return web.read(filename, data)
    from portal.domain.importing.readers import portal_files

    return portal_files.read_json(filename, data) if kind == "json" else portal_files.read_csv(filename, data)
