"""Kept pages answered before Flask (decision 0310): the same response the app made, with
this request's nonce and date; through the app when the response depended on who asked
(a rate limit counted); keyed on what nginx said the address was; and the data version
read on connections of the reader's own."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator

import pytest
from flask import Flask, request_started

from portal import create_app
from portal.domain import data_version
from portal.extensions import db, limiter
from portal.web import page_cache
from tests import factories
from tests.conftest import database_url, on_the_test_connection

pytestmark = pytest.mark.database


@pytest.fixture
def caching(app: Flask) -> Iterator[Flask]:
    saved = app.extensions[page_cache.STORE], app.config["PAGE_CACHE_SECONDS"]
    app.extensions[page_cache.STORE] = page_cache.MemoryStore()
    app.config["PAGE_CACHE_SECONDS"] = 30
    yield app
    app.extensions[page_cache.STORE], app.config["PAGE_CACHE_SECONDS"] = saved


class _Requests:
    """How many requests reached Flask."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, sender: object, **extra: object) -> None:
        self.count += 1


def _without_nonce(text: str) -> str:
    return re.sub(r"nonce(=\"|-)[A-Za-z0-9_-]+", "nonce", text)


PAGES = ["/", "/meetings", "/committees/cabinet", "/calendar", "/api/v1/meetings", "/api/v1/committees"]


@pytest.fixture
def meeting(cabinet_meeting):
    return cabinet_meeting


@pytest.mark.parametrize("path", PAGES)
def test_a_kept_page_is_the_response_the_app_made(caching, client, meeting, path):
    made = client.get(path)
    assert made.headers["X-Page-Cache"] == "miss"
    requests = _Requests()
    with request_started.connected_to(requests, caching):
        kept = client.get(path)
    assert requests.count == 0, "a kept page is answered before Flask"
    assert kept.headers["X-Page-Cache"] == "hit"
    assert _without_nonce(kept.get_data(as_text=True)) == _without_nonce(made.get_data(as_text=True))
    assert [name for name, _ in kept.headers] == [name for name, _ in made.headers]
    for (name, before), (_, after) in zip(made.headers, kept.headers, strict=True):
        if name not in ("X-Page-Cache", "Date"):
            assert _without_nonce(after) == _without_nonce(before), name
    # This request's own nonce, in the header and in every script of the page.
    header_nonce = re.search(r"'nonce-([^']+)'", kept.headers["Content-Security-Policy"]).group(1)
    assert header_nonce not in made.headers["Content-Security-Policy"]
    assert set(re.findall(r'nonce="([^"]+)"', kept.get_data(as_text=True))) <= {header_nonce}


def test_head_and_conditional_requests_at_the_door(caching, client, meeting):
    made = client.get("/meetings")
    head = client.head("/meetings")
    assert head.headers["X-Page-Cache"] == "hit"
    assert head.get_data() == b""
    assert head.headers["Content-Length"] == made.headers["Content-Length"]
    not_modified = client.get("/meetings", headers={"If-None-Match": made.headers["ETag"]})
    assert not_modified.status_code == 304
    assert not_modified.get_data() == b""
    assert "Content-Length" not in not_modified.headers
    changed = client.get("/meetings", headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200
    assert changed.headers["X-Page-Cache"] == "hit"


def test_a_page_kept_under_an_older_version_is_made_again(caching, client, meeting, admin):
    client.get("/meetings")
    assert client.get("/meetings").headers["X-Page-Cache"] == "hit"
    factories.make_meeting(meeting.committee, days_ahead=20, venue="The Guildhall, Kingsmere")
    db.session.commit()
    after = client.get("/meetings")
    assert after.headers["X-Page-Cache"] == "miss"
    assert "The Guildhall, Kingsmere" in after.get_data(as_text=True)


def test_a_version_the_door_cannot_read_gives_the_page_made_afresh(caching, client, meeting):
    client.get("/meetings")

    def refuses() -> int:
        raise data_version.Unreadable("OperationalError")

    saved = caching.config["PAGE_CACHE_VERSION_FROM_SESSION"], caching.extensions[page_cache.READER]
    caching.config["PAGE_CACHE_VERSION_FROM_SESSION"] = False
    caching.extensions[page_cache.READER] = refuses
    try:
        response = client.get("/meetings")
    finally:
        caching.config["PAGE_CACHE_VERSION_FROM_SESSION"], caching.extensions[page_cache.READER] = saved
    assert response.status_code == 200
    assert "X-Page-Cache" not in response.headers
    assert "Council Chamber, Market Street" in response.get_data(as_text=True)


@pytest.fixture
def limited(app: Flask) -> Iterator[Flask]:
    other = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url(),
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            "API_RATE_LIMIT": "5 per minute",
            "PAGE_CACHE_SECONDS": 30,
        },
        env="test",
    )
    other.extensions[page_cache.STORE] = page_cache.MemoryStore()
    limiter.reset()
    try:
        with other.app_context():
            yield on_the_test_connection(other, app)
    finally:
        limiter.reset()
        limiter.enabled = False  # the limiter is shared: leave it as the other tests expect


def test_a_rate_limited_page_is_kept_but_served_through_the_app(limited, meeting):
    client = limited.test_client()
    requests = _Requests()
    with request_started.connected_to(requests, limited):
        responses = [client.get("/api/v1/committees") for _ in range(6)]
    assert requests.count == 6, "every request is counted against the limit"
    assert [r.headers.get("X-Page-Cache") for r in responses[:5]] == ["miss", "hit", "hit", "hit", "hit"]
    assert [r.headers["X-RateLimit-Remaining"] for r in responses[:5]] == ["4", "3", "2", "1", "0"]
    assert responses[5].status_code == 429


def test_the_address_nginx_gave_decides_the_page(app, meeting):
    behind_nginx = on_the_test_connection(
        create_app({"SQLALCHEMY_DATABASE_URI": database_url(), "PROXY_FIX": True}, env="test"), app
    )
    behind_nginx.config["PAGE_CACHE_SECONDS"] = 30
    behind_nginx.extensions[page_cache.STORE] = page_cache.MemoryStore()
    client = behind_nginx.test_client()
    with behind_nginx.app_context():
        first = client.get("/api/v1/committees", headers={"X-Forwarded-Host": "questions.kingsmere.gov.uk"})
        again = client.get("/api/v1/committees", headers={"X-Forwarded-Host": "questions.kingsmere.gov.uk"})
        other = client.get(
            "/api/v1/committees",
            headers={"X-Forwarded-Host": "questions.kingsmere.gov.uk", "X-Forwarded-Proto": "https"},
        )
    assert (first.headers["X-Page-Cache"], again.headers["X-Page-Cache"]) == ("miss", "hit")
    assert other.headers["X-Page-Cache"] == "miss"
    assert "http://questions.kingsmere.gov.uk/api/v1/committees" in first.get_data(as_text=True)
    assert "https://questions.kingsmere.gov.uk/api/v1/committees" in other.get_data(as_text=True)


def test_the_reader_reads_the_committed_version_on_connections_of_its_own(app):
    reader = data_version.LatestReader(db.engine)
    try:
        first = reader()
        assert isinstance(first, int)
        # A connection the database dropped is replaced, and the read still answers.
        connection, cursor = reader._idle.get_nowait()
        connection.dbapi_connection.close()
        reader._idle.put((connection, cursor))
        assert reader() == first
    finally:
        reader.close()


def test_a_page_first_asked_for_by_a_browser_that_had_it_is_kept(caching, client, meeting):
    caching.config["PAGE_CACHE_SECONDS"] = 0
    etag = client.get("/meetings").headers["ETag"]
    caching.config["PAGE_CACHE_SECONDS"] = 30
    # Browsers revalidate: the first reader since a change may already have the page.
    first = client.get("/meetings", headers={"If-None-Match": etag})
    assert (first.status_code, first.headers["X-Page-Cache"]) == (304, "miss")
    again = client.get("/meetings")
    assert (again.status_code, again.headers["X-Page-Cache"]) == (200, "hit")
    assert "Council Chamber, Market Street" in again.get_data(as_text=True)
    assert again.headers["ETag"] == etag


@pytest.mark.parametrize("asked", ["{etag}", "W/{etag}", '"older", {etag}', "*"])
def test_a_browser_revalidating_at_the_door_is_answered_as_the_app_answers_it(
    caching, client, meeting, asked
):
    etag = client.get("/meetings").headers["ETag"]
    page_cache.page_cache().clear()
    by_the_app = client.get("/meetings", headers={"If-None-Match": asked.format(etag=etag)})
    assert by_the_app.headers["X-Page-Cache"] == "miss"
    requests = _Requests()
    with request_started.connected_to(requests, caching):
        at_the_door = client.get("/meetings", headers={"If-None-Match": asked.format(etag=etag)})
    assert requests.count == 0
    assert (by_the_app.status_code, at_the_door.status_code) == (304, 304)
    assert at_the_door.get_data() == b""
    assert [name for name, _ in at_the_door.headers] == [name for name, _ in by_the_app.headers]
    for (name, before), (_, after) in zip(by_the_app.headers, at_the_door.headers, strict=True):
        if name not in ("X-Page-Cache", "Date"):
            assert _without_nonce(after) == _without_nonce(before), name


class _SlowToKeep(page_cache.MemoryStore):
    """A store that takes a while to keep a page, as a page that takes a while to make."""

    def set(self, key, value, seconds):
        time.sleep(0.3)
        super().set(key, value, seconds)


def test_a_page_out_of_date_is_made_once_while_its_readers_wait(caching, client):
    caching.extensions[page_cache.STORE] = _SlowToKeep()
    version = [1]
    saved = caching.config["PAGE_CACHE_VERSION_FROM_SESSION"], caching.extensions[page_cache.READER]
    caching.config["PAGE_CACHE_VERSION_FROM_SESSION"] = False
    caching.extensions[page_cache.READER] = lambda: version[0]
    try:
        assert client.get("/api/v1/").headers["X-Page-Cache"] == "miss"
        version[0] = 2  # a change: the kept page is out of date
        readers = 4
        start = threading.Barrier(readers)
        answers: list[str] = []

        def read() -> None:
            start.wait()
            answers.append(caching.test_client().get("/api/v1/").headers["X-Page-Cache"])

        requests = _Requests()
        with request_started.connected_to(requests, caching):
            threads = [threading.Thread(target=read) for _ in range(readers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)
    finally:
        caching.config["PAGE_CACHE_VERSION_FROM_SESSION"], caching.extensions[page_cache.READER] = saved
    assert requests.count == 1, "made by one reader"
    assert sorted(answers) == ["hit", "hit", "hit", "miss"]
