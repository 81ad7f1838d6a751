"""The publication directory: every published file, laid out as the public URLs are.

    meetings/<id>/questions/v<n>.html|.pdf|.docx|.csv|.json   each version, never rewritten
    meetings/<id>/questions.html|.pdf|...                      copies of the latest version

In production nginx serves these straight from disk; in development Flask serves the
same files. Files are written atomically (a temporary file in the same folder, then a
rename), so a reader never sees half a file. The database keeps the published bytes,
so a missing file is put back exactly as it was.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def relative_path(meeting_id: int, version: int | None, fmt: str) -> Path:
    base = Path("meetings") / str(meeting_id)
    if version is None:
        return base / f"questions.{fmt}"
    return base / "questions" / f"v{version}.{fmt}"


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_version(
    root: str | Path, meeting_id: int, version: int, files: dict[str, bytes], *, latest: bool
) -> None:
    """Write every format of a version, then (if it is the latest) the latest copies."""
    root = Path(root)
    for fmt, data in files.items():
        write_atomic(root / relative_path(meeting_id, version, fmt), data)
    if latest:
        for fmt, data in files.items():
            write_atomic(root / relative_path(meeting_id, None, fmt), data)
    log.info("Wrote version %s of meeting %s's record (%s)", version, meeting_id, ", ".join(files))


def sha256_of_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def ensure_file(
    root: str | Path, meeting_id: int, version: int | None, fmt: str, data: bytes, sha256: str
) -> Path:
    """The file on disk, put back from the published bytes if it is missing or not what was published."""
    path = Path(root) / relative_path(meeting_id, version, fmt)
    if sha256_of_file(path) != sha256:
        log.warning("Restoring %s from the published record", path)
        write_atomic(path, data)
    return path
