"""Slowing down password guessing without letting anyone lock staff out.

Wrong passwords are counted twice: for the account together with the address they
came from, and for the account from everywhere.

- Account and address: the first few wrong passwords cost nothing; after that each
  one makes that address wait before it may try that account again, twice as long
  each time (2 s, 4 s, 8 s ... at most 15 minutes). Someone guessing from one place
  is slowed to a crawl, and nobody else is affected.
- Account from everywhere: many wrong passwords from many addresses in an hour mean a
  spread-out attack. Then a password alone is no longer enough: the account's owner
  still gets in with their second factor, or from a browser they have signed in from
  before (a signed "known device" cookie), and an administrator can clear the count.
- Second-factor codes: wrong codes for an account slow further codes the same way.

The counts live in the rate limiter's storage (memory, or Redis when REDIS_URL is
set, shared by every instance) and expire by themselves; a lock never needs lifting.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from flask import current_app
from limits.storage import Storage, storage_from_string

WINDOW_SECONDS = 3600
MAX_DELAY_SECONDS = 15 * 60

_storages: dict[str, Storage] = {}


def _storage() -> Storage:
    uri = current_app.config["RATELIMIT_STORAGE_URI"]
    if uri not in _storages:
        _storages[uri] = storage_from_string(uri)
    return _storages[uri]


def _key(*parts: str) -> str:
    # Hashed: the store never holds an e-mail address or an internet address in clear.
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
    return f"{current_app.config.get('RATELIMIT_KEY_PREFIX', 'portal')}:signin:{parts[0]}:{digest}"


def _account(email: str) -> str:
    return email.strip().lower()


@dataclass(frozen=True)
class Wait:
    seconds: int

    @property
    def words(self) -> str:
        if self.seconds < 60:
            return f"{self.seconds} second{'s' if self.seconds != 1 else ''}"
        minutes = math.ceil(self.seconds / 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _remaining(key: str) -> int:
    storage = _storage()
    if storage.get(key) <= 0:
        return 0
    return max(1, math.ceil(storage.get_expiry(key) - time.time()))


def _delay_for(failures: int, free: int) -> int:
    if failures <= free:
        return 0
    return min(MAX_DELAY_SECONDS, 2 ** min(failures - free, 20))


def password_wait(email: str, source: str) -> Wait | None:
    """How long this address must wait before trying this account's password again."""
    remaining = _remaining(_key("block", _account(email), source))
    return Wait(remaining) if remaining else None


def password_failed(email: str, source: str) -> Wait | None:
    """Count a wrong password. Returns the wait it now brings, if any."""
    storage = _storage()
    account = _account(email)
    failures = storage.incr(_key("fail", account, source), WINDOW_SECONDS)
    storage.incr(_key("account", account), WINDOW_SECONDS)
    delay = _delay_for(failures, int(current_app.config["SIGN_IN_FREE_ATTEMPTS"]))
    if delay:
        block = _key("block", account, source)
        storage.clear(block)
        storage.incr(block, delay)
        return Wait(delay)
    return None


def account_under_attack(email: str) -> bool:
    """Too many wrong passwords for this account from everywhere in the last hour."""
    count = _storage().get(_key("account", _account(email)))
    return count >= int(current_app.config["SIGN_IN_ACCOUNT_ALARM"])


def password_succeeded(email: str, source: str) -> None:
    """A right password from this address: its own count starts again."""
    storage = _storage()
    account = _account(email)
    storage.clear(_key("fail", account, source))
    storage.clear(_key("block", account, source))


def code_wait(user_id: int) -> Wait | None:
    remaining = _remaining(_key("codeblock", str(user_id)))
    return Wait(remaining) if remaining else None


def code_failed(user_id: int) -> Wait | None:
    storage = _storage()
    failures = storage.incr(_key("codefail", str(user_id)), WINDOW_SECONDS)
    delay = _delay_for(failures, int(current_app.config["SIGN_IN_FREE_ATTEMPTS"]))
    if delay:
        block = _key("codeblock", str(user_id))
        storage.clear(block)
        storage.incr(block, delay)
        return Wait(delay)
    return None


def code_succeeded(user_id: int) -> None:
    storage = _storage()
    storage.clear(_key("codefail", str(user_id)))
    storage.clear(_key("codeblock", str(user_id)))


def clear_account(email: str) -> None:
    """An administrator lets the account's owner try again (the per-address counts expire)."""
    storage = _storage()
    storage.clear(_key("account", _account(email)))


def reset_all() -> None:
    """Tests: forget every count."""
    for storage in _storages.values():
        storage.reset()
