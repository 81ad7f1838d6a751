"""Published records kept in an S3-compatible bucket instead of a folder, against a real
S3-compatible server (moto's server mode) started for these tests on 127.0.0.1."""

from __future__ import annotations

import hashlib
import logging
import os
import socket
from collections.abc import Iterator

import boto3
import pytest
from flask import Flask

from portal.domain.record import publishing
from portal.domain.record.documents import store
from portal.extensions import db
from tests.factories import london
from tests.record_factories import ready_meeting

BUCKET = "kingsmere-publications"
PREFIX = "record"


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    os.environ.setdefault("AWS_ACCESS_KEY_ID", "portal-tests")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "portal-tests-secret")
    # A port the system chooses: the two legs of `make test` run these tests at once.
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server: str):
    client = boto3.client("s3", endpoint_url=s3_server, region_name="eu-west-2")
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


@pytest.fixture
def bucket_app(app: Flask, s3, s3_server: str) -> Iterator[Flask]:
    names = ("PUBLICATION_BUCKET", "PUBLICATION_BUCKET_PREFIX", "S3_ENDPOINT_URL")
    saved = {key: app.config.get(key) for key in names}
    app.config.update(PUBLICATION_BUCKET=BUCKET, PUBLICATION_BUCKET_PREFIX=PREFIX, S3_ENDPOINT_URL=s3_server)
    yield app
    app.config.update(saved)


def _keys(s3) -> set[str]:
    return {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def _publish(clerk, **kwargs):
    meeting, _ = ready_meeting(**kwargs)
    publication = publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))
    db.session.commit()
    return meeting, publication


def test_publishing_puts_every_format_in_the_bucket_under_the_public_paths(bucket_app, s3, clerk):
    meeting, publication = _publish(clerk, public=1, member=1)

    expected = set()
    for fmt in ("html", "pdf", "docx", "csv", "json"):
        expected.add(f"{PREFIX}/meetings/{meeting.id}/questions/v1.{fmt}")
        expected.add(f"{PREFIX}/meetings/{meeting.id}/questions.{fmt}")
    assert _keys(s3) == expected

    html = s3.get_object(Bucket=BUCKET, Key=f"{PREFIX}/meetings/{meeting.id}/questions/v1.html")
    assert html["Body"].read() == publication.file("html").content
    assert html["ContentType"] == "text/html; charset=utf-8"
    assert html["CacheControl"] == "public, max-age=31536000, immutable"
    assert html["Metadata"]["sha256"] == publication.file("html").sha256
    latest_pdf = s3.get_object(Bucket=BUCKET, Key=f"{PREFIX}/meetings/{meeting.id}/questions.pdf")
    assert latest_pdf["Body"].read() == publication.file("pdf").content
    assert latest_pdf["ContentType"] == "application/pdf"
    assert latest_pdf["CacheControl"] == "public, max-age=60"
    docx = s3.head_object(Bucket=BUCKET, Key=f"{PREFIX}/meetings/{meeting.id}/questions/v1.docx")
    assert docx["ContentDisposition"].startswith("attachment;")
    assert "-questions-v1.docx" in docx["ContentDisposition"]


def test_a_correction_replaces_the_latest_copies_and_keeps_the_first_version(bucket_app, s3, clerk):
    meeting, first = _publish(clerk, public=1, member=0)
    second = publishing.publish_correction(
        meeting,
        by=clerk,
        change_note="Corrected the name of the answering member",
        now=london(2030, 3, 9, 9, 0),
    )
    db.session.commit()

    def body(key: str) -> bytes:
        return s3.get_object(Bucket=BUCKET, Key=f"{PREFIX}/meetings/{meeting.id}/{key}")["Body"].read()

    assert body("questions/v1.json") == first.file("json").content
    assert body("questions/v2.json") == second.file("json").content
    assert body("questions.json") == second.file("json").content
    assert first.file("json").content != second.file("json").content


def test_the_portal_serves_the_record_and_puts_back_a_missing_object(bucket_app, s3, client, clerk):
    meeting, publication = _publish(clerk, public=1, member=0)
    key = f"{PREFIX}/meetings/{meeting.id}/questions/v1.pdf"
    s3.delete_object(Bucket=BUCKET, Key=key)

    response = client.get(f"/meetings/{meeting.id}/questions/v1.pdf")
    assert response.status_code == 200
    assert response.data == publication.file("pdf").content
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == publication.file("pdf").content

    # A damaged object is noticed by its checksum and replaced.
    s3.put_object(Bucket=BUCKET, Key=key, Body=b"not the record", Metadata={"sha256": "0" * 64})
    assert client.get(f"/meetings/{meeting.id}/questions/v1.pdf").data == publication.file("pdf").content
    assert hashlib.sha256(s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()).hexdigest() == (
        publication.file("pdf").sha256
    )

    latest = client.get(f"/meetings/{meeting.id}/questions")
    assert latest.data == publication.file("html").content
    assert latest.headers["ETag"].strip('"') == publication.file("html").sha256
    again = client.get(f"/meetings/{meeting.id}/questions", headers={"If-None-Match": latest.headers["ETag"]})
    assert again.status_code == 304
    download = client.get(f"/meetings/{meeting.id}/questions.csv")
    assert "attachment" in download.headers["Content-Disposition"]


def test_a_publication_rolled_back_leaves_nothing_in_the_bucket(bucket_app, s3, clerk):
    meeting, _ = ready_meeting(public=1, member=0)
    publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))
    db.session.rollback()
    assert _keys(s3) == set()


def test_a_bucket_that_is_down_loses_nothing(app, s3, s3_server, client, clerk, caplog):
    # A port held by this test and never listened on: every call to the bucket fails.
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    unreachable = f"http://127.0.0.1:{closed.getsockname()[1]}"
    saved = {key: app.config.get(key) for key in ("PUBLICATION_BUCKET", "S3_ENDPOINT_URL")}
    meeting, _ = ready_meeting(public=1, member=0)
    db.session.commit()
    app.config.update(PUBLICATION_BUCKET=BUCKET, S3_ENDPOINT_URL=unreachable)
    try:
        # All or nothing (decision 0121): the clerk is told, nothing is published, and the
        # questions wait as they were for another try.
        with caplog.at_level(logging.ERROR), pytest.raises(publishing.PublicationNotWritten) as refused:
            publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))
        db.session.rollback()
        assert "nothing has been published" in str(refused.value)
        assert "Could not write version 1" in caplog.text
        assert publishing.latest_publication(meeting) is None
    finally:
        app.config.update(saved)
        closed.close()

    # Once the bucket answers again, publishing works, and a reader's request puts back
    # anything that goes missing.
    app.config.update(PUBLICATION_BUCKET=BUCKET, PUBLICATION_BUCKET_PREFIX="", S3_ENDPOINT_URL=s3_server)
    try:
        publication = publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 10, 0))
        db.session.commit()
        s3.delete_object(Bucket=BUCKET, Key=f"meetings/{meeting.id}/questions.html")
        assert client.get(f"/meetings/{meeting.id}/questions").data == publication.file("html").content
        stored = s3.get_object(Bucket=BUCKET, Key=f"meetings/{meeting.id}/questions.html")
        assert stored["Body"].read() == publication.file("html").content
    finally:
        app.config.update(saved)


def test_the_folder_store_serves_the_bytes_when_its_disk_cannot_be_written(app, client, clerk, tmp_path):
    meeting, publication = _publish(clerk, public=1, member=0)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    saved = app.config["PUBLICATION_DIR"]
    app.config["PUBLICATION_DIR"] = str(blocked)
    try:
        response = client.get(f"/meetings/{meeting.id}/questions/v1.json")
        assert response.status_code == 200
        assert response.data == publication.file("json").content
    finally:
        app.config["PUBLICATION_DIR"] = saved
    assert isinstance(store.store_for(app.config), store.DirectoryStore)
