"""Keeping private links out of every log line.

Tracking pages, confirmation links, alert links and data downloads carry a token in
their path. Whoever reads a log must not be able to open them, so each path segment
that looks like a token (20 or more URL-safe characters) is written as `[token]`: in
the portal's own log lines, the development server's request lines and gunicorn's
access log (deploy/gunicorn.conf.py uses `RedactingGunicornLogger`). nginx does the
same with its own log format (deploy/nginx.conf).
"""

from __future__ import annotations

import logging
import re
from typing import Any

# A path segment holding a run of 20+ URL-safe or signed-token characters, whatever is
# stuck to it: mail programs and people copying links add ")", ",", ">" or ";" to the end,
# and the token must go all the same. Ordinary segments (slugs, "questions", "v3",
# numbers, ".pdf" names) have no such run.
_SEGMENT = re.compile(r"(?<=/)[^/?#\s\"']+")
_TOKEN_RUN = re.compile(r"[A-Za-z0-9_\-.]{20,}")
_SLUG_LIKE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+(?:\.[a-z]+)?$")


def _redact_segment(match: re.Match[str]) -> str:
    segment = match.group(0)
    # Committee slugs ("children-and-young-people-scrutiny-committee") are public words.
    if _SLUG_LIKE.match(segment) or not _TOKEN_RUN.search(segment):
        return segment
    return "[token]"


def redact(text: str) -> str:
    """`text` with every token-like path segment replaced by [token]."""
    if "/" not in text:
        return text
    return _SEGMENT.sub(_redact_segment, text)


class RedactTokens(logging.Filter):
    """A logging filter: formats the record, redacts it, and keeps the result."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg = redacted
            record.args = ()
        return True


def install_redaction() -> None:
    """Put the filter on every handler of the root logger and on the request loggers."""
    flt = RedactTokens()
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactTokens) for f in handler.filters):
            handler.addFilter(flt)
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(flt)


try:  # gunicorn is installed with the portal; this keeps the module importable without it
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # pragma: no cover
    _GunicornLogger = object  # type: ignore[assignment,misc]


class RedactingGunicornLogger(_GunicornLogger):  # type: ignore[misc,valid-type]
    """gunicorn's logger, with tokens taken out of the access log's path and request line."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("U", "r", "q", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms
