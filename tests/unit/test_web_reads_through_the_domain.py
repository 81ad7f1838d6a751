"""The web layer reads stored data only through the domain (decision 0250).

The import contract stops a route module importing the models; this test covers what
the contract cannot see: a query written against the session, which `portal.extensions`
hands to anyone. Ending a transaction (commit, rollback) is the request boundary's job
and a route's after a refusal, so it is allowed; reading is not.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "portal" / "web"

READS = re.compile(
    r"\bdb\.(?:session\.(?:get|scalar|scalars|execute|query)|select|get_or_404|first_or_404)\b"
    r"|\bsa\.select\("
)

# The one module that asks the database something that is not data: whether it answers.
ALLOWED = {"health/__init__.py"}


def _modules() -> list[Path]:
    return sorted(WEB.rglob("*.py"))


@pytest.mark.parametrize("module", _modules(), ids=lambda p: str(p.relative_to(WEB)))
def test_no_route_module_queries_the_session(module: Path) -> None:
    if str(module.relative_to(WEB)) in ALLOWED:
        return
    reads = [
        f"line {number}: {line.strip()}"
        for number, line in enumerate(module.read_text(encoding="utf-8").splitlines(), start=1)
        if READS.search(line)
    ]
    assert reads == [], "read through a domain query function instead"


def test_the_check_finds_a_query():
    assert READS.search("    rows = db.session.scalars(sa.select(Committee))")
    assert READS.search("meeting = db.session.get(Meeting, meeting_id)")
    assert not READS.search("        db.session.rollback()")
