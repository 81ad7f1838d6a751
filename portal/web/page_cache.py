"""A shared cache of public pages, and conditional GET (ETag → 304 Not Modified).

A public page read by someone without a session is kept, whole, under its path and
the data version (portal/domain/data_version.py), in Redis when REDIS_URL is set (shared
by every worker and instance) or in this worker's memory otherwise. Every committed change
the public can see moves the version on, so a kept page is never served after a change:
the next reader renders it again. Pages also say things that change with the clock
("closes in 3 days", "overdue"), so nothing is kept longer than PAGE_CACHE_SECONDS.

A page is only kept if rendering it left no trace of the reader: no cookie set, nothing
put in the session (a form's CSRF token, a message). Staff, and anyone with a session
cookie, always get a page rendered for them. Each page has an ETag from its content (the
CSP nonce left out), so a browser or proxy that has it gets 304 Not Modified.

The cached body keeps the nonce it was rendered with; a hit puts this request's nonce in
its place, so the page and its Content-Security-Policy header always agree.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import Flask, Response, current_app, make_response, request, session

from portal.domain import data_version
from portal.extensions import db

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])

_reader_lock = threading.Lock()
_NONCE = re.compile(rb'nonce="([^"]*)"')
# Headers a kept page is served with again; the rest (security headers, the CSP with its
# nonce) are added to every response as usual.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Link")


class MemoryStore:
    """Pages kept in this worker's memory, newest used last, at most `size` of them."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            expires, value = item
            if expires < time.monotonic():
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return value

    def set(self, key: str, value: bytes, seconds: int) -> None:
        with self._lock:
            self._items[key] = (time.monotonic() + seconds, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class RedisStore:
    """Pages kept in Redis, shared by every worker and instance. If Redis does not
    answer, pages are rendered as if nothing were kept."""

    def __init__(self, url: str) -> None:
        import redis

        self._client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)

    def get(self, key: str) -> bytes | None:
        try:
            return self._client.get(key)
        except Exception:
            log.warning("The page cache in Redis did not answer", exc_info=True)
            return None

    def set(self, key: str, value: bytes, seconds: int) -> None:
        try:
            self._client.set(key, value, ex=seconds)
        except Exception:
            log.warning("The page cache in Redis did not answer", exc_info=True)

    def clear(self) -> None:
        try:
            for key in self._client.scan_iter("portal:page:*"):
                self._client.delete(key)
        except Exception:
            log.warning("The page cache in Redis did not answer", exc_info=True)


def init_page_cache(app: Flask) -> None:
    url = app.config.get("PAGE_CACHE_REDIS_URL") or app.config.get("REDIS_URL")
    store = RedisStore(url) if url else MemoryStore(app.config.get("PAGE_CACHE_SIZE", 512))
    app.extensions["portal.page_cache"] = store
    app.extensions["portal.data_version_reader"] = None


def _version() -> int:
    """The latest committed data version: on a connection of its own (one round trip),
    or through the request's session where every request shares one transaction that is
    never committed (the tests)."""
    if current_app.config.get("PAGE_CACHE_VERSION_FROM_SESSION"):
        return data_version.current(db.session)
    reader = current_app.extensions.get("portal.data_version_reader")
    if reader is None:
        with _reader_lock:
            reader = current_app.extensions.get("portal.data_version_reader")
            if reader is None:
                reader = data_version.LatestReader(db.engine)
                current_app.extensions["portal.data_version_reader"] = reader
    return reader()


def page_cache() -> MemoryStore | RedisStore:
    return current_app.extensions["portal.page_cache"]


def _etag(body: bytes) -> str:
    return hashlib.blake2b(_NONCE.sub(b'nonce=""', body), digest_size=16).hexdigest()


def _cacheable_request() -> bool:
    return (
        request.method in ("GET", "HEAD")
        and current_app.config.get("PAGE_CACHE_SECONDS", 0) > 0
        and current_app.config["SESSION_COOKIE_NAME"] not in request.cookies
        and "Authorization" not in request.headers
    )


def _key(version: int) -> str:
    # The host and scheme too: pages and the API write absolute links.
    query = request.query_string.decode("latin-1")
    return f"portal:page:{version}:{request.host_url}{request.path.lstrip('/')}?{query}"


def _from_cache(raw: bytes) -> Response:
    header_length = int.from_bytes(raw[:4], "big")
    meta = json.loads(raw[4 : 4 + header_length])
    body = raw[4 + header_length :]
    nonce = getattr(request, "csp_nonce", "")
    if meta["nonce"] and nonce:
        body = body.replace(f'nonce="{meta["nonce"]}"'.encode(), f'nonce="{nonce}"'.encode())
    response = Response(body, status=200, headers=meta["headers"])
    response.set_etag(meta["etag"])
    response.headers["X-Page-Cache"] = "hit"
    return response


def _to_cache(response: Response, etag: str) -> bytes:
    body = response.get_data()
    found = _NONCE.search(body)
    meta = {
        "etag": etag,
        "nonce": found.group(1).decode() if found else "",
        "headers": {k: v for k, v in response.headers.items() if k in _KEPT_HEADERS},
    }
    header = json.dumps(meta).encode()
    return len(header).to_bytes(4, "big") + header + body


def _finish(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-cache"
    response.vary.add("Cookie")
    return response.make_conditional(request)


def cached_page(view: F) -> F:
    """Keep the page this public view renders, and answer conditional GETs."""

    def made_afresh(*args: Any, **kwargs: Any) -> Response:
        response = make_response(view(*args, **kwargs))
        if response.status_code == 200 and not response.direct_passthrough:
            response.set_etag(_etag(response.get_data()))
            response.make_conditional(request)
        return response

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not _cacheable_request():
            return made_afresh(*args, **kwargs)
        try:
            version = _version()
        except sa.exc.DBAPIError as error:
            # The cache is only a saving: without its version the page is made as if
            # there were none, and the page's own reads decide (the 503 page when the
            # database is gone).
            log.warning("Data version not read (%s): page made without the cache", error.__class__.__name__)
            return made_afresh(*args, **kwargs)
        store = page_cache()
        key = _key(version)
        raw = store.get(key)
        if raw is not None:
            return _finish(_from_cache(raw))
        response = make_response(view(*args, **kwargs))
        if response.status_code != 200 or response.direct_passthrough:
            return response
        etag = _etag(response.get_data())
        response.set_etag(etag)
        if not session.modified and "Set-Cookie" not in response.headers:
            store.set(key, _to_cache(response, etag), current_app.config["PAGE_CACHE_SECONDS"])
            response.headers["X-Page-Cache"] = "miss"
        return _finish(response)

    return wrapper  # type: ignore[return-value]
