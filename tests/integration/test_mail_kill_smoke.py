"""A short run of the mail-kill benchmark (bench/mail_kill.py): the real outbox worker,
killed with SIGKILL mid-batch, never loses a message and never sends one twice."""

from __future__ import annotations

import pytest

from bench import mail_kill
from tests.conftest import is_postgres
from tests.integration.test_outbox import free_port

pytestmark = pytest.mark.skipif(is_postgres(), reason="the worker runs on a SQLite file of its own")


def test_killing_the_sender_twice_loses_nothing_and_sends_nothing_twice():
    result = mail_kill.run(messages=40, kills=2, port=free_port(), database_url=None)
    assert result["queued"] == 40
    assert sum(result["delivered_at_each_kill"]) > 0  # the sender was working when killed
    assert result["sent_twice"] == 0
    assert result["lost"] == 0
    assert result["marked_sent_not_delivered"] == 0
    assert result["left_unsent"] == 0
