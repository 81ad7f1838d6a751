"""A new process's first page may be any page."""

from __future__ import annotations

import subprocess
import sys

FIRST_PAGE = """
from portal import create_app
from portal.domain.entities import Question
create_app(env="test")
assert hasattr(Question, "outcome"), "the mappers are configured before the first query"
"""


def test_relationships_from_backrefs_exist_before_the_first_query():
    # In a process of its own: in this one, earlier tests have configured the mappers.
    subprocess.run([sys.executable, "-c", FIRST_PAGE], check=True, timeout=120)
