"""A shared cache of public pages, and conditional GET (ETag → 304 Not Modified).

A public page read by someone without a session is kept, whole, under its address, with
the data version (portal/domain/data_version.py) it was made under, in Redis when
REDIS_URL is set (shared by every worker and instance, with a copy of the pages each
worker served last kept in its own memory, given only to a reader who wants the version
it was made under) or in this worker's memory otherwise. Every committed change the
public can see moves the version on, so a kept page is only served while the version
read for this request is still the one it was made under: after a change the next
reader renders it again. Pages also say things that change
with the clock ("closes in 3 days", "overdue"), so nothing is kept longer than
PAGE_CACHE_SECONDS.

A page is only kept if rendering it left no trace of the reader: no cookie set, nothing
put in the session (a form's CSRF token, a message). Staff, and anyone with a session
cookie, always get a page rendered for them. Each page has an ETag from its content (the
CSP nonce left out), so a browser or proxy that has it gets 304 Not Modified.

What is kept is the response as it left the app: its status line was 200, and its headers
(the security headers and the Content-Security-Policy too) and body are kept as sent. A
reader who may have it is answered at the door (`KeptPages`, the WSGI layer just inside
ProxyFix) without going through Flask at all: one read of the data version, one read of
the store, and the kept response with this request's nonce and date in place of the old
ones (decision 0310). Only a page whose response depended on who asked is served through
the app instead: one that counted a rate limit for this client (the API, when limits are
on) is made into a response there, so the limit is counted and its headers are this
client's.

The cached body keeps the nonce it was rendered with; a hit puts this request's nonce in
its place, in the page and in its Content-Security-Policy header, so the two always agree.
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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import Flask, Response, current_app, has_app_context, make_response, request, session
from flask_talisman.talisman import NONCE_LENGTH, get_random_string
from werkzeug.http import http_date, parse_cookie, parse_etags, remove_entity_headers

from portal.domain import data_version
from portal.extensions import db, limiter

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])

STORE = "portal.page_cache"
READER = "portal.data_version_reader"
# What the door leaves in the WSGI environ for the view (and the view for the door).
_LOOKED = "portal.page_cache.looked"  # the door read the store: what it found (or None)
_VERSION = "portal.page_cache.version"  # the data version the door read for this request
_UNREADABLE = "portal.page_cache.unreadable"  # the door could not read the version
_KEEP = "portal.page_cache.keep"  # a page that may be kept: (version, at the door, response)

_reader_lock = threading.Lock()
_NONCE = re.compile(rb'nonce="([^"]*)"')
_HEADER_NONCE = re.compile(r"'nonce-([^']*)'")
# Headers a kept page is served with again when it is served through the app; there the
# app adds the rest (security headers, the CSP with its nonce) to every response as usual.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Link")
# Headers of a response that are about this request, not the page: set afresh on a hit.
_PER_REQUEST = frozenset({"date", "x-page-cache"})
# How long a reader waits for another thread making the same page before making it too.
MADE_ONCE_WAIT_SECONDS = 10
_CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")
_OTHER_CONDITIONS = ("HTTP_IF_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE", "HTTP_RANGE")


@dataclass(frozen=True, slots=True)
class KeptPage:
    """A response kept whole: the version it was made under, its ETag, the CSP nonce it
    was made with (in its Content-Security-Policy and its scripts; "" if none), its
    headers as sent and its body; `at_the_door` if any reader without a session may be
    given it as it is."""

    version: int
    etag: str
    nonce: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    at_the_door: bool
    expires: float = 0.0  # seconds since the epoch; 0 until a store keeps it

    def encode(self) -> bytes:
        meta = json.dumps(
            [self.version, self.etag, self.nonce, self.headers, self.at_the_door, self.expires]
        ).encode()
        return len(meta).to_bytes(4, "big") + meta + self.body

    @classmethod
    def decode(cls, raw: bytes) -> KeptPage:
        length = int.from_bytes(raw[:4], "big")
        version, etag, nonce, headers, at_the_door, expires = json.loads(raw[4 : 4 + length])
        return cls(version, etag, nonce, tuple(map(tuple, headers)), raw[4 + length :], at_the_door, expires)

    def body_with(self, nonce: str) -> bytes:
        if not (self.nonce and nonce):
            return self.body
        return self.body.replace(f'nonce="{self.nonce}"'.encode(), f'nonce="{nonce}"'.encode())


class MemoryStore:
    """Pages kept in this worker's memory, newest used last, at most `size` of them."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._items: OrderedDict[str, tuple[float, KeptPage]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, version: int | None = None) -> KeptPage | None:
        """The page kept under `key`, whatever version it was made under (`version` is
        what the reader wants; a store with nothing nearer to ask ignores it)."""
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

    def set(self, key: str, value: KeptPage, seconds: float) -> None:
        with self._lock:
            self._items[key] = (time.monotonic() + seconds, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class RedisStore:
    """Pages kept in Redis, shared by every worker and instance, with a copy of the
    pages this worker served last kept in its memory (`near`, at most `near_size`).

    The copy is only a saving on the round trip to Redis: it is given to a reader who
    wants the version it was made under, and it goes when the page does in Redis (the
    same expiry). A reader who wants another version (the data changed) is given what
    Redis has, which another worker or instance may have made already. If Redis does not
    answer, pages are rendered as if nothing were kept."""

    def __init__(self, url: str, near_size: int = 256) -> None:
        import redis

        self._client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.near = MemoryStore(near_size)

    def get(self, key: str, version: int | None = None) -> KeptPage | None:
        near = self.near.get(key)
        if near is not None and (version is None or near.version == version):
            return near
        try:
            raw = self._client.get(key)
        except Exception:
            log.warning("The page cache in Redis did not answer", exc_info=True)
            return None
        if raw is None:
            return None
        try:
            kept = KeptPage.decode(raw)
        except (ValueError, TypeError):  # kept by an older release: made again
            return None
        self._keep_near(key, kept)
        return kept

    def set(self, key: str, value: KeptPage, seconds: float) -> None:
        value = replace(value, expires=time.time() + seconds)
        self._keep_near(key, value)
        try:
            self._client.set(key, value.encode(), ex=seconds)
        except Exception:
            log.warning("The page cache in Redis did not answer", exc_info=True)

    def _keep_near(self, key: str, kept: KeptPage) -> None:
        left = kept.expires - time.time()
        if left > 0:
            self.near.set(key, kept, left)

    def clear(self) -> None:
        self.near.clear()
        try:
            for key in self._client.scan_iter("portal:page:*"):
                self._client.delete(key)
        except Exception:
            log.warning("The page cache in Redis did not answer", exc_info=True)


def init_page_cache(app: Flask) -> None:
    url = app.config.get("PAGE_CACHE_REDIS_URL") or app.config.get("REDIS_URL")
    store = RedisStore(url) if url else MemoryStore(app.config.get("PAGE_CACHE_SIZE", 512))
    app.extensions[STORE] = store
    app.extensions[READER] = None
    app.wsgi_app = KeptPages(app, app.wsgi_app)  # type: ignore[method-assign]


def _version(app: Flask) -> int:
    """The latest committed data version: on a connection of its own (one round trip),
    or through the session where every request shares one transaction that is never
    committed (the tests)."""
    if app.config.get("PAGE_CACHE_VERSION_FROM_SESSION"):
        if has_app_context():
            return data_version.current(db.session)
        with app.app_context():
            return data_version.current(db.session)
    reader = app.extensions.get(READER)
    if reader is None:
        with _reader_lock:
            reader = app.extensions.get(READER)
            if reader is None:
                with app.app_context():
                    reader = data_version.LatestReader(db.engine)
                app.extensions[READER] = reader
    return reader()


def page_cache() -> MemoryStore | RedisStore:
    return current_app.extensions[STORE]


def _etag(body: bytes) -> str:
    return hashlib.blake2b(_NONCE.sub(b'nonce=""', body), digest_size=16).hexdigest()


def _cacheable(environ: dict[str, Any], config: Any) -> bool:
    """A GET or HEAD from someone without a session or credentials, with the cache on."""
    if environ["REQUEST_METHOD"] not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in environ:
        return False
    if config.get("PAGE_CACHE_SECONDS", 0) <= 0:
        return False
    return "HTTP_COOKIE" not in environ or config["SESSION_COOKIE_NAME"] not in parse_cookie(environ)


def _key(environ: dict[str, Any]) -> str:
    """The page's address: scheme and host too, since pages and the API write absolute
    links. The parts are hashed together as a tuple, so no two addresses share a key."""
    address = (
        environ["wsgi.url_scheme"],
        environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}",
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
    )
    return "portal:page:" + hashlib.blake2b(repr(address).encode(), digest_size=20).hexdigest()


def _through_the_app(kept: KeptPage) -> Response:
    """A kept page as a response the app finishes (its after-request steps add the rest)."""
    response = Response(
        kept.body_with(getattr(request, "csp_nonce", "")),
        status=200,
        headers=[(k, v) for k, v in kept.headers if k in _KEPT_HEADERS],
    )
    response.set_etag(kept.etag)
    response.headers["X-Page-Cache"] = "hit"
    return response


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
        environ = request.environ
        if not _cacheable(environ, current_app.config) or environ.get(_UNREADABLE):
            return made_afresh(*args, **kwargs)
        version = environ.get(_VERSION)
        if version is None:
            try:
                version = _version(current_app._get_current_object())  # type: ignore[attr-defined]
            except (sa.exc.DBAPIError, data_version.Unreadable) as error:
                # The cache is only a saving: without its version the page is made as if
                # there were none, and the page's own reads decide (the 503 page when the
                # database is gone).
                log.warning("Data version not read (%s): page made without the cache", type(error).__name__)
                return made_afresh(*args, **kwargs)
        kept = environ[_LOOKED] if _LOOKED in environ else page_cache().get(_key(environ), version)
        if kept is not None and kept.version == version:
            return _finish(_through_the_app(kept))
        response = make_response(view(*args, **kwargs))
        if response.status_code != 200 or response.direct_passthrough:
            return response
        response.set_etag(_etag(response.get_data()))
        if not session.modified and "Set-Cookie" not in response.headers:
            # Kept by the door once the app has finished the response (its final headers).
            environ[_KEEP] = (version, not limiter.current_limits, response)
            response.headers["X-Page-Cache"] = "miss"
        return _finish(response)

    return wrapper  # type: ignore[return-value]


class KeptPages:
    """The WSGI layer that answers from the cache before Flask, and keeps what the app
    made. A store that does not answer, or a version that cannot be read, sends the
    request on to the app: the cache is only a saving."""

    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        # Pages share these by their key's hash: a few, however many addresses are kept.
        self._locks = tuple(threading.Lock() for _ in range(64))

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if not _cacheable(environ, self.app.config):
            return self.wsgi_app(environ, start_response)
        key = _key(environ)
        kept = self.app.extensions[STORE].get(key)
        environ[_LOOKED] = kept
        if kept is None:
            # Not kept: the view reads the version itself, if it is a page that is kept.
            return self._keep(key, environ, start_response)
        try:
            version = _version(self.app)
        except (sa.exc.DBAPIError, data_version.Unreadable) as error:
            log.warning("Data version not read (%s): page made without the cache", error.__class__.__name__)
            environ[_UNREADABLE] = True
            return self.wsgi_app(environ, start_response)
        environ[_VERSION] = version
        if kept.version != version:
            # What this worker kept is out of date: another may have made the page again.
            kept = self.app.extensions[STORE].get(key, version)
            environ[_LOOKED] = kept
            if kept is None:
                return self._keep(key, environ, start_response)
        if kept.version == version and kept.at_the_door:
            return _answer(kept, environ, start_response)
        if kept.version != version:
            return self._made_once(key, version, environ, start_response)
        return self._keep(key, environ, start_response)

    def _made_once(
        self, key: str, version: int, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        """A page kept under an older version is made again by one of this worker's threads
        at a time: after every change each kept page is out of date at once, and all the
        readers of a busy page would otherwise make it together. The others wait (a
        page's time at most) and are given what it made, under the version they read."""
        lock = self._locks[hash(key) % len(self._locks)]
        if not lock.acquire(timeout=MADE_ONCE_WAIT_SECONDS):
            return self._keep(key, environ, start_response)
        try:
            kept = self.app.extensions[STORE].get(key, version)
            if kept is not None and kept.version == version:
                environ[_LOOKED] = kept
                if kept.at_the_door:
                    return _answer(kept, environ, start_response)
            return self._keep(key, environ, start_response)
        finally:
            lock.release()

    def _keep(self, key: str, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        sent = self.wsgi_app(environ, start_response)
        made = environ.get(_KEEP)
        if made is None:
            return sent
        version, at_the_door, response = made
        # The response as the app finished it: a 304 if the reader had it already, but
        # with the whole page's headers and body still on it.
        if response.status_code not in (200, 304) or "Set-Cookie" in response.headers:
            return sent
        headers = tuple(response.headers.to_wsgi_list())
        nonce = ""
        if found := _HEADER_NONCE.search(response.headers.get("Content-Security-Policy", "")):
            nonce = found.group(1)
        etag = response.get_etag()[0] or ""
        page = KeptPage(version, etag, nonce, headers, response.get_data(), at_the_door)
        self.app.extensions[STORE].set(key, page, self.app.config["PAGE_CACHE_SECONDS"])
        return sent


def _answer(kept: KeptPage, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """The kept response, with this request's nonce and date."""
    nonce = get_random_string(NONCE_LENGTH) if kept.nonce else ""
    old = f"'nonce-{kept.nonce}'"
    new = f"'nonce-{nonce}'"
    headers = []
    for name, value in kept.headers:
        lower = name.lower()
        if lower in _PER_REQUEST:
            value = "hit" if lower == "x-page-cache" else http_date()
        elif lower == "content-security-policy" and kept.nonce:
            value = value.replace(old, new)
        headers.append((name, value))
    if "HTTP_IF_NONE_MATCH" in environ and not any(name in environ for name in _OTHER_CONDITIONS):
        # The browser revalidating its copy, the common case, answered here as the app
        # would answer it (werkzeug's weak comparison, and a 304 without the body's headers).
        if parse_etags(environ["HTTP_IF_NONE_MATCH"]).contains_weak(kept.etag):
            remove_entity_headers(headers)
            start_response("304 NOT MODIFIED", headers)
            return []
        start_response("200 OK", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [kept.body_with(nonce)]
    body = kept.body_with(nonce)
    if any(name in environ for name in _CONDITIONAL):
        response = Response(body, status=200, headers=headers)
        response.make_conditional(environ)
        return response(environ, start_response)
    start_response("200 OK", headers)
    return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]
