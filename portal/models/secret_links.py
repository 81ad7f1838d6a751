"""Private links kept out of the database: what is stored is a hash, never the token.

A private link (a question's tracking page, its confirmation link, an alert
subscription's confirm and unsubscribe links) carries a token of 256 bits. The
token is worked out from a random per-row seed and the app's SECRET_KEY
(HMAC-SHA-256), so the portal can put the same link in every e-mail about the row,
but a copy of the database alone opens nothing: the table holds the seed and the
SHA-256 of each token, and a link is found by the hash of what was presented.
Links made before tokens were hashed are found by `earlier_*_hash` (the hash of
the old random token), so links already e-mailed keep working.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from flask import current_app

TRACK = "track"
CONFIRM = "confirm"
ALERT = "alert"


def new_seed() -> str:
    return secrets.token_urlsafe(32)


def derive(purpose: str, seed: str, key: str | None = None) -> str:
    """The token for `purpose` from a row's seed: 43 URL-safe characters."""
    secret = (key or current_app.config["SECRET_KEY"]).encode()
    link_key = hmac.new(secret, b"portal private links", hashlib.sha256).digest()
    mac = hmac.new(link_key, f"{purpose}:{seed}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    """What the database keeps of a token, and looks it up by (64 hex characters)."""
    return hashlib.sha256(token.encode()).hexdigest()


def plausible(token: str | None) -> bool:
    """Worth a look-up: present and no longer than any token the portal makes."""
    return bool(token) and len(token) <= 100
