"""Where published files are kept: a folder, or an S3-compatible bucket, laid out as
the public URLs are.

    meetings/<id>/questions/v<n>.html|.pdf|.docx|.csv|.json   each version, never rewritten
    meetings/<id>/questions.html|.pdf|...                      copies of the latest version

In production nginx serves these straight from the folder, or from the bucket (or a CDN
in front of it); in development Flask serves the same files. A folder is written
atomically (a temporary file in the same folder, then a rename) and a bucket object is
written whole by one PUT, so a reader never sees half a file. The database keeps the
published bytes, so a missing or damaged file is put back exactly as it was.

`PUBLICATION_DIR` chooses a folder; `PUBLICATION_BUCKET` (with `PUBLICATION_BUCKET_PREFIX`,
`S3_ENDPOINT_URL`, `S3_REGION` and the usual AWS credentials from the environment)
chooses a bucket instead.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
# Each version never changes; the latest copies change when a new version is published.
VERSION_CACHE_CONTROL = "public, max-age=31536000, immutable"
LATEST_CACHE_CONTROL = "public, max-age=60"


class StoreUnavailable(OSError):
    """The publication store could not be read or written (disk, network, bucket)."""


def relative_path(meeting_id: int, version: int | None, fmt: str) -> Path:
    base = Path("meetings") / str(meeting_id)
    if version is None:
        return base / f"questions.{fmt}"
    return base / "questions" / f"v{version}.{fmt}"


@dataclass(frozen=True)
class Served:
    """What a route sends for a published file: a path on disk, or the bytes themselves."""

    path: Path | None
    data: bytes | None


class PublicationStore(Protocol):
    def write_version(
        self,
        meeting_id: int,
        version: int,
        files: dict[str, bytes],
        *,
        latest: bool,
        download_names: dict[str, str] | None = None,
    ) -> None: ...

    def ensure(
        self,
        meeting_id: int,
        version: int | None,
        fmt: str,
        data: bytes,
        sha256: str,
        *,
        download_name: str | None = None,
    ) -> Served: ...

    def write_latest(
        self, meeting_id: int, files: dict[str, bytes], *, download_names: dict[str, str] | None = None
    ) -> None: ...

    def has(
        self, meeting_id: int, version: int | None, fmt: str, size: int, sha256: str, *, thorough: bool
    ) -> bool:
        """Whether the stored file is the published one: by size (cheap) or by hash (`thorough`)."""
        ...

    def remove_version(self, meeting_id: int, version: int, formats: list[str]) -> None: ...

    def describe(self) -> str: ...


# A folder ---------------------------------------------------------------------------------


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


def sha256_of_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (FileNotFoundError, NotADirectoryError):
        return None


class DirectoryStore:
    """Published files in a folder that nginx serves (PUBLICATION_DIR)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def describe(self) -> str:
        return str(self.root)

    def write_version(
        self,
        meeting_id: int,
        version: int,
        files: dict[str, bytes],
        *,
        latest: bool,
        download_names: dict[str, str] | None = None,
    ) -> None:
        """Write every format of a version, then (if it is the latest) the latest copies.
        (nginx names downloads itself; `download_names` matters to a bucket only.)"""
        for fmt, data in files.items():
            write_atomic(self.root / relative_path(meeting_id, version, fmt), data)
        if latest:
            for fmt, data in files.items():
                write_atomic(self.root / relative_path(meeting_id, None, fmt), data)
        log.info("Wrote version %s of meeting %s's record (%s)", version, meeting_id, ", ".join(files))

    def write_latest(
        self, meeting_id: int, files: dict[str, bytes], *, download_names: dict[str, str] | None = None
    ) -> None:
        for fmt, data in files.items():
            write_atomic(self.root / relative_path(meeting_id, None, fmt), data)

    def has(
        self, meeting_id: int, version: int | None, fmt: str, size: int, sha256: str, *, thorough: bool
    ) -> bool:
        path = self.root / relative_path(meeting_id, version, fmt)
        if thorough:
            return sha256_of_file(path) == sha256
        try:
            return path.stat().st_size == size
        except (FileNotFoundError, NotADirectoryError):
            return False

    def remove_version(self, meeting_id: int, version: int, formats: list[str]) -> None:
        for fmt in formats:
            (self.root / relative_path(meeting_id, version, fmt)).unlink(missing_ok=True)

    def ensure(
        self,
        meeting_id: int,
        version: int | None,
        fmt: str,
        data: bytes,
        sha256: str,
        *,
        download_name: str | None = None,
    ) -> Served:
        """The file on disk, put back from the published bytes if it is missing or not
        what was published. If the disk cannot be written the bytes are served all the same."""
        path = self.root / relative_path(meeting_id, version, fmt)
        if sha256_of_file(path) == sha256:
            return Served(path, None)
        log.warning("Restoring %s from the published record", path)
        try:
            write_atomic(path, data)
        except OSError:
            log.exception("Could not restore %s; serving the published bytes", path)
            return Served(None, data)
        return Served(path, None)


# A bucket ---------------------------------------------------------------------------------


class BucketStore:
    """Published files as objects in an S3-compatible bucket, under the same paths.

    Each object carries its content type, its cache lifetime (a year and immutable for a
    version, a minute for the latest copies), a download name where the browser should
    save it, and its SHA-256 in metadata, so a damaged or missing object is noticed and
    put back. The client is made once per process (gunicorn forks after loading the app)
    and boto3 clients are safe to share between threads.
    """

    def __init__(
        self,
        bucket: str,
        *,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str | None = None,
        client_options: dict[str, Any] | None = None,
    ) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.endpoint_url = endpoint_url
        self.region = region
        self.client_options = client_options or {}
        self._client: Any = None
        self._client_pid: int | None = None
        self._lock = threading.Lock()

    def describe(self) -> str:
        where = f" at {self.endpoint_url}" if self.endpoint_url else ""
        return f"s3://{self.bucket}/{self.prefix}{where}"

    def key(self, meeting_id: int, version: int | None, fmt: str) -> str:
        path = relative_path(meeting_id, version, fmt).as_posix()
        return f"{self.prefix}/{path}" if self.prefix else path

    @property
    def client(self) -> Any:
        pid = os.getpid()
        if self._client is None or self._client_pid != pid:
            with self._lock:
                if self._client is None or self._client_pid != pid:
                    import boto3
                    from botocore.config import Config

                    config = Config(
                        connect_timeout=5,
                        read_timeout=30,
                        retries={"max_attempts": 3, "mode": "standard"},
                        max_pool_connections=16,
                    )
                    self._client = boto3.session.Session().client(
                        "s3",
                        endpoint_url=self.endpoint_url,
                        region_name=self.region,
                        config=config,
                        **self.client_options,
                    )
                    self._client_pid = pid
        return self._client

    def _put(self, key: str, fmt: str, data: bytes, *, cache_control: str, download_name: str | None) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        extra: dict[str, Any] = {}
        if download_name is not None:
            extra["ContentDisposition"] = f'attachment; filename="{download_name}"'
        try:
            self.client.put_object(
                Bucket=self.bucket,
                Key=key,
                Body=data,
                ContentType=CONTENT_TYPES[fmt],
                CacheControl=cache_control,
                Metadata={"sha256": hashlib.sha256(data).hexdigest()},
                **extra,
            )
        except (BotoCoreError, ClientError) as error:
            raise StoreUnavailable(f"Could not write {key} to {self.describe()}: {error}") from error

    def write_version(
        self,
        meeting_id: int,
        version: int,
        files: dict[str, bytes],
        *,
        latest: bool,
        download_names: dict[str, str] | None = None,
    ) -> None:
        names = download_names or {}
        for fmt, data in files.items():
            self._put(
                self.key(meeting_id, version, fmt),
                fmt,
                data,
                cache_control=VERSION_CACHE_CONTROL,
                download_name=names.get(fmt),
            )
        if latest:
            for fmt, data in files.items():
                self._put(
                    self.key(meeting_id, None, fmt),
                    fmt,
                    data,
                    cache_control=LATEST_CACHE_CONTROL,
                    download_name=names.get(fmt),
                )
        log.info(
            "Wrote version %s of meeting %s's record to %s (%s)",
            version,
            meeting_id,
            self.describe(),
            ", ".join(files),
        )

    def write_latest(
        self, meeting_id: int, files: dict[str, bytes], *, download_names: dict[str, str] | None = None
    ) -> None:
        names = download_names or {}
        for fmt, data in files.items():
            self._put(
                self.key(meeting_id, None, fmt),
                fmt,
                data,
                cache_control=LATEST_CACHE_CONTROL,
                download_name=names.get(fmt),
            )

    def has(
        self, meeting_id: int, version: int | None, fmt: str, size: int, sha256: str, *, thorough: bool
    ) -> bool:
        return self.stored_sha256(meeting_id, version, fmt) == sha256

    def remove_version(self, meeting_id: int, version: int, formats: list[str]) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        for fmt in formats:
            try:
                self.client.delete_object(Bucket=self.bucket, Key=self.key(meeting_id, version, fmt))
            except (BotoCoreError, ClientError) as error:
                raise StoreUnavailable(f"Could not remove {fmt} of version {version}: {error}") from error

    def stored_sha256(self, meeting_id: int, version: int | None, fmt: str) -> str | None:
        from botocore.exceptions import BotoCoreError, ClientError

        key = self.key(meeting_id, version, fmt)
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise StoreUnavailable(f"Could not read {key} from {self.describe()}: {error}") from error
        except BotoCoreError as error:
            raise StoreUnavailable(f"Could not read {key} from {self.describe()}: {error}") from error
        return head.get("Metadata", {}).get("sha256")

    def ensure(
        self,
        meeting_id: int,
        version: int | None,
        fmt: str,
        data: bytes,
        sha256: str,
        *,
        download_name: str | None = None,
    ) -> Served:
        """Put the object back if it is missing or not what was published, and serve the
        published bytes (from the database) whatever the bucket says: a reader is never
        kept waiting on, or refused because of, a bucket that is down."""
        key = self.key(meeting_id, version, fmt)
        try:
            if self.stored_sha256(meeting_id, version, fmt) != sha256:
                log.warning("Restoring %s in %s from the published record", key, self.describe())
                self._put(
                    key,
                    fmt,
                    data,
                    cache_control=VERSION_CACHE_CONTROL if version is not None else LATEST_CACHE_CONTROL,
                    download_name=download_name,
                )
        except StoreUnavailable:
            log.exception("Could not check or restore %s; serving the published bytes", key)
        return Served(None, data)


# Choosing one -----------------------------------------------------------------------------

_stores: dict[tuple, PublicationStore] = {}
_stores_lock = threading.Lock()


def store_for(config: Any) -> PublicationStore:
    """The store the configuration names, one per distinct setting (so the bucket's
    client and its connections are reused)."""
    bucket = config.get("PUBLICATION_BUCKET")
    if bucket:
        key: tuple = (
            "bucket",
            bucket,
            config.get("PUBLICATION_BUCKET_PREFIX") or "",
            config.get("S3_ENDPOINT_URL"),
            config.get("S3_REGION"),
        )
    else:
        key = ("dir", str(config["PUBLICATION_DIR"]))
    store = _stores.get(key)
    if store is None:
        with _stores_lock:
            store = _stores.get(key)
            if store is None:
                if key[0] == "bucket":
                    store = BucketStore(bucket, prefix=key[2], endpoint_url=key[3], region=key[4])
                else:
                    store = DirectoryStore(key[1])
                _stores[key] = store
    return store
