"""Public pages kept whole for readers without a session, never served after a change
is committed, and conditional GET (ETag → 304)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask

from portal.domain import data_version
from portal.domain.meetings import scheduling
from portal.extensions import db
from portal.models import StaffSession
from portal.web import page_cache
from tests.conftest import redis_url
from tests.html import text

REDIS_URL = redis_url(9)


@pytest.fixture
def caching(app: Flask) -> Iterator[Flask]:
    store = page_cache.MemoryStore()
    saved = app.extensions["portal.page_cache"], app.config["PAGE_CACHE_SECONDS"]
    app.extensions["portal.page_cache"] = store
    app.config["PAGE_CACHE_SECONDS"] = 30
    yield app
    app.extensions["portal.page_cache"], app.config["PAGE_CACHE_SECONDS"] = saved


def _move(meeting, admin, venue: str) -> None:
    scheduling.update_details(
        meeting,
        by=admin,
        venue=venue,
        title=meeting.title,
        contact_name=meeting.contact_name,
        contact_email=meeting.contact_email,
        contact_phone=meeting.contact_phone,
        public_questions_item=meeting.public_questions_item,
        member_questions_item=meeting.member_questions_item,
        webcast_url=meeting.webcast_url,
        takes_public_questions=meeting.takes_public_questions,
    )


def _nonces(response) -> set[str]:
    return set(re.findall(r'nonce="([^"]+)"', response.get_data(as_text=True)))


def _header_nonce(response) -> str:
    return re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)


PAGES = ["/", "/meetings", "/committees", "/committees/cabinet", "/api/v1/meetings", "/calendar"]


@pytest.fixture
def meeting(cabinet_meeting):
    return cabinet_meeting


@pytest.mark.parametrize("path", PAGES)
def test_a_public_page_is_kept_and_served_again_with_a_fresh_nonce(caching, client, meeting, path):
    first = client.get(path)
    assert first.status_code == 200
    assert first.headers["X-Page-Cache"] == "miss"
    second = client.get(path)
    assert second.headers["X-Page-Cache"] == "hit"
    assert second.headers["ETag"] == first.headers["ETag"]
    if path.startswith("/api/"):
        assert second.get_json() == first.get_json()
        return
    # The page and its Content-Security-Policy agree on this request's nonce.
    assert _nonces(second) == {_header_nonce(second)}
    assert _header_nonce(second) != _header_nonce(first)
    assert re.sub(r'nonce="[^"]+"', "", second.get_data(as_text=True)) == re.sub(
        r'nonce="[^"]+"', "", first.get_data(as_text=True)
    )


def test_a_committed_change_is_seen_by_the_very_next_reader(caching, client, meeting, admin):
    assert "Council Chamber, Market Street" in text(client.get(f"/meetings/{meeting.id}"))
    assert client.get(f"/meetings/{meeting.id}").headers["X-Page-Cache"] == "hit"

    _move(meeting, admin, "Committee Room 2, Town Hall")
    db.session.commit()

    after = client.get(f"/meetings/{meeting.id}")
    assert after.headers["X-Page-Cache"] == "miss"
    assert "Committee Room 2, Town Hall" in text(after)
    assert "Committee Room 2, Town Hall" in text(client.get("/meetings"))


def test_a_change_not_yet_committed_moves_nothing(caching, meeting, admin):
    before = data_version.current(db.session)
    _move(meeting, admin, "Committee Room 3, Town Hall")
    db.session.flush()
    assert data_version.current(db.session) == before
    db.session.commit()
    assert data_version.current(db.session) == before + 1


def test_changes_no_public_page_reads_leave_the_version_alone(caching, clerk_client, clerk):
    before = data_version.current(db.session)
    # Signing in writes the staff session and the security log, nothing public.
    assert db.session.query(StaffSession).count() >= 1
    assert data_version.current(db.session) == before


def test_a_browser_that_has_the_page_gets_304(caching, client, meeting):
    first = client.get("/meetings")
    again = client.get("/meetings", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.get_data() == b""
    # Not kept (cache off), the ETag still comes from the content and still gives 304.
    caching.config["PAGE_CACHE_SECONDS"] = 0
    fresh = client.get("/meetings")
    assert "X-Page-Cache" not in fresh.headers
    assert fresh.headers["ETag"] == first.headers["ETag"]
    assert client.get("/meetings", headers={"If-None-Match": fresh.headers["ETag"]}).status_code == 304


def test_staff_always_get_a_page_rendered_for_them(caching, client, clerk_client, meeting):
    client.get("/meetings")
    assert client.get("/meetings").headers["X-Page-Cache"] == "hit"
    staff_view = clerk_client.get("/meetings")
    assert "X-Page-Cache" not in staff_view.headers
    assert "Sign out" in staff_view.get_data(as_text=True)
    assert "Sign out" not in client.get("/meetings").get_data(as_text=True)


def _what_redis_holds(store: page_cache.RedisStore, path: str) -> str:
    """Why a page was not taken from Redis: what Redis and this worker hold, against the
    version a reader reads now."""
    found = {
        key.decode(): page_cache.KeptPage.decode(store._client.get(key)).version
        for key in store._client.keys("portal:page:*")
    }
    near = {
        key: (round(until - time.monotonic(), 1), kept.version)
        for key, (until, kept) in store.near._items.items()
    }
    return (
        f"the page another worker made is taken from Redis: {path} read at version"
        f" {data_version.current(db.session)}; Redis holds {found}; this worker {near}"
    )


@pytest.mark.xdist_group("redis-page-cache")  # one Redis database, cleared by each
def test_the_cache_is_shared_through_redis(app, client, meeting, admin):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    store = page_cache.RedisStore(REDIS_URL)
    store.clear()
    saved = app.extensions["portal.page_cache"], app.config["PAGE_CACHE_SECONDS"]
    app.extensions["portal.page_cache"] = store
    app.config["PAGE_CACHE_SECONDS"] = 30
    try:
        assert client.get("/meetings").headers["X-Page-Cache"] == "miss"
        # Another worker (another store object on the same Redis) finds the same page.
        app.extensions["portal.page_cache"] = page_cache.RedisStore(REDIS_URL)
        assert client.get("/meetings").headers["X-Page-Cache"] == "hit", _what_redis_holds(store, "/meetings")
        _move(meeting, admin, "The Guildhall, Kingsmere")
        db.session.commit()
        after = client.get("/meetings")
        assert after.headers["X-Page-Cache"] == "miss"
        assert "The Guildhall, Kingsmere" in text(after)
    finally:
        store.clear()
        app.extensions["portal.page_cache"], app.config["PAGE_CACHE_SECONDS"] = saved


class _CountingRedis:
    """Redis, counting the pages asked of it."""

    def __init__(self, client) -> None:
        self._client = client
        self.asked = 0

    def get(self, key):
        self.asked += 1
        return self._client.get(key)

    def __getattr__(self, name):
        return getattr(self._client, name)


@pytest.fixture
def redis_store(app):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    saved = app.extensions["portal.page_cache"], app.config["PAGE_CACHE_SECONDS"]
    app.config["PAGE_CACHE_SECONDS"] = 30
    stores = []

    def worker() -> page_cache.RedisStore:
        store = page_cache.RedisStore(REDIS_URL)
        store._client = _CountingRedis(store._client)
        stores.append(store)
        return store

    first = worker()
    first.clear()
    app.extensions["portal.page_cache"] = first
    yield worker
    first.clear()
    app.extensions["portal.page_cache"], app.config["PAGE_CACHE_SECONDS"] = saved


@pytest.mark.xdist_group("redis-page-cache")  # one Redis database, cleared by each
def test_a_worker_serves_its_own_copy_of_a_page_kept_in_redis_until_the_data_changes(
    app, client, meeting, admin, redis_store
):
    mine = app.extensions["portal.page_cache"]
    assert client.get("/meetings").headers["X-Page-Cache"] == "miss"
    asked = mine._client.asked
    for _ in range(3):
        assert client.get("/meetings").headers["X-Page-Cache"] == "hit"
    assert mine._client.asked == asked, "the page this worker kept is served without asking Redis"

    # The data changes, and another worker (or instance) makes the page again first.
    _move(meeting, admin, "The Guildhall, Kingsmere")
    db.session.commit()
    app.extensions["portal.page_cache"] = redis_store()
    assert client.get("/meetings").headers["X-Page-Cache"] == "miss"
    app.extensions["portal.page_cache"] = mine
    asked = mine._client.asked
    after = client.get("/meetings")
    assert after.headers["X-Page-Cache"] == "hit", _what_redis_holds(mine, "/meetings")
    assert "The Guildhall, Kingsmere" in text(after)
    assert mine._client.asked == asked + 1
    client.get("/meetings")
    assert mine._client.asked == asked + 1


@pytest.mark.xdist_group("redis-page-cache")  # one Redis database, cleared by each
def test_a_worker_copy_goes_when_the_page_goes_from_redis(app, client, meeting, redis_store):
    app.config["PAGE_CACHE_SECONDS"] = 1
    client.get("/meetings")
    assert client.get("/meetings").headers["X-Page-Cache"] == "hit"
    time.sleep(1.1)
    assert client.get("/meetings").headers["X-Page-Cache"] == "miss"


@pytest.mark.xdist_group("redis-page-cache")  # one Redis database, cleared by each
def test_a_page_kept_in_redis_by_an_older_release_is_made_again(app, client, meeting, redis_store):
    client.get("/meetings")
    mine = app.extensions["portal.page_cache"]
    (key,) = mine._client.keys("portal:page:*")
    old = mine._client.get(key)
    length = int.from_bytes(old[:4], "big")
    meta = json.dumps(json.loads(old[4 : 4 + length])[:5]).encode()
    mine._client.set(key, len(meta).to_bytes(4, "big") + meta + old[4 + length :])
    app.extensions["portal.page_cache"] = redis_store()  # a worker started since
    response = client.get("/meetings")
    assert (response.status_code, response.headers["X-Page-Cache"]) == (200, "miss")
    assert "Council Chamber, Market Street" in text(response)


def test_a_cache_that_does_not_answer_is_a_miss(app, client, meeting):
    saved = app.extensions["portal.page_cache"], app.config["PAGE_CACHE_SECONDS"]
    app.extensions["portal.page_cache"] = page_cache.RedisStore("redis://127.0.0.1:8258/0")
    app.config["PAGE_CACHE_SECONDS"] = 30
    try:
        for _ in range(2):
            response = client.get("/meetings")
            assert response.status_code == 200
            assert "Council Chamber, Market Street" in text(response)
    finally:
        app.extensions["portal.page_cache"], app.config["PAGE_CACHE_SECONDS"] = saved


def test_a_reader_who_chose_welsh_never_gets_the_kept_english_page(caching, client, app, meeting):
    from tests.html import page

    assert client.get("/meetings").headers["X-Page-Cache"] == "miss"
    assert client.get("/meetings").headers["X-Page-Cache"] == "hit"
    welsh_reader = app.test_client()
    welsh_reader.get("/language/cy?next=/meetings")
    welsh = welsh_reader.get("/meetings")
    assert "X-Page-Cache" not in welsh.headers
    assert page(welsh).html["lang"] == "cy"
    assert page(client.get("/meetings")).html["lang"] == "en"


def test_a_data_version_that_cannot_be_read_gives_the_page_made_afresh(caching, client, app, meeting):
    # Seen under load with PostgreSQL going away: a new connection of the version reader
    # was left mid-transaction, and psycopg refused to put it in autocommit. That was a
    # 500; the page is made without the cache instead (and is the 503 page if the
    # database itself is gone).
    def refuses() -> int:
        raise sa.exc.ProgrammingError("SELECT counter.value", {}, Exception("can't change 'autocommit' now"))

    reader = "portal.data_version_reader"
    saved = app.config.get("PAGE_CACHE_VERSION_FROM_SESSION"), app.extensions.get(reader)
    app.config["PAGE_CACHE_VERSION_FROM_SESSION"] = False
    app.extensions[reader] = refuses
    try:
        response = client.get("/meetings")
        assert response.status_code == 200
        assert "Council Chamber, Market Street" in text(response)
        assert "X-Page-Cache" not in response.headers
    finally:
        app.config["PAGE_CACHE_VERSION_FROM_SESSION"], app.extensions[reader] = saved
