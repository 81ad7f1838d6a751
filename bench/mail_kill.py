"""Kill the outbox sender with SIGKILL mid-batch, again and again, against a local SMTP
sink, and count what was lost, what was sent twice and what was set aside as possibly
sent (docs/decisions/0120-mail-effectively-once.md).

    python -m bench.mail_kill [--messages 400] [--kills 10] [--port 8122] [--database-url URL]

The sink (aiosmtpd, in this process) takes a few milliseconds over each message, so a
kill often lands while a message is between the server and the sender's records. Each
sender is the real `flask outbox send --watch`, started as its own process and killed
with SIGKILL after a random number of deliveries. A last sender then runs to the end.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CLAIM_SECONDS = 2
QUIET_SECONDS = 3
STARTING_SECONDS = 20
_MESSAGE_ID = re.compile(rb"^Message-ID:\s*<outbox-(\d+)\.", re.IGNORECASE | re.MULTILINE)


class Sink:
    """Keeps the outbox id of every message it accepts."""

    def __init__(self) -> None:
        self.received: list[int] = []

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(random.uniform(0.002, 0.02))
        found = _MESSAGE_ID.search(envelope.content)
        self.received.append(int(found.group(1)) if found else -1)
        return "250 Message accepted for delivery"


def _prepare(database_url: str, count: int) -> None:
    from portal import create_app
    from portal.domain.messages import notify
    from portal.extensions import db
    from portal.models import utcnow

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url}, env="test")
    # A session of this app's own (the test suite's smoke run has swapped the global one).
    outer_session, db.session = db.session, db._make_scoped_session({})
    try:
        _fill(app, db, notify, utcnow, count)
    finally:
        db.session = outer_session


def _fill(app, db, notify, utcnow, count: int) -> None:
    with app.app_context():
        db.drop_all()
        db.create_all()
        for number in range(count):
            notify.queue_email(
                "your_questions",
                to=f"resident{number}@example.com",
                list_url=f"https://questions.example.gov.uk/questions/mine/{number}",
                questions=[],
                valid_until=utcnow(),
            )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def _sender(environment: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "portal", "outbox", "send", "--watch", "--interval", "0.2"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _outcome(database_url: str) -> dict[int, tuple[str, bool]]:
    import sqlalchemy as sa

    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT id, status, handed_over_at, claimed_until FROM outbox_message")
        ).all()
    engine.dispose()
    outcome = {}
    for row in rows:
        handed_over_and_left = row.handed_over_at is not None and row.claimed_until is None
        outcome[row.id] = (row.status, row.status == "sending" and handed_over_and_left)
    return outcome


def run(messages: int, kills: int, port: int, database_url: str | None) -> dict:
    import logging

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    work = Path(tempfile.mkdtemp(prefix="portal-mail-kill-"))
    database_url = database_url or f"sqlite:///{work / 'mail.sqlite3'}"
    _prepare(database_url, messages)
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    environment = {
        **os.environ,
        "PORTAL_ENV": "development",
        "PORTAL_INSTANCE_PATH": str(work),
        "DATABASE_URL": database_url,
        "MAIL_TRANSPORT": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "MAIL_TIMEOUT": "10",
        "OUTBOX_CLAIM_SECONDS": str(CLAIM_SECONDS),
        "SEARCH_INDEX_DIR": str(work / "search-index"),
    }
    killed_at = []
    try:
        for _ in range(kills):
            before = len(sink.received)
            wanted = before + random.randint(5, 25)
            sender = _sender(environment)
            deadline = time.monotonic() + 120
            # Killed once `wanted` have arrived, or when nothing more has arrived for a few
            # seconds (what a killed sender left in doubt is not sent again, so `wanted` may
            # be more than can still arrive), or nothing at all for long enough to start.
            seen, quiet_since = len(sink.received), time.monotonic()
            while len(sink.received) < wanted and time.monotonic() < deadline and sender.poll() is None:
                if len(sink.received) != seen:
                    seen, quiet_since = len(sink.received), time.monotonic()
                elif time.monotonic() - quiet_since > (QUIET_SECONDS if seen > before else STARTING_SECONDS):
                    break
                time.sleep(0.002)
            os.kill(sender.pid, signal.SIGKILL)
            sender.wait()
            killed_at.append(len(sink.received))
            time.sleep(random.uniform(0, 0.3))
        # The last sender runs until nothing is due and every lapsed claim is dealt with.
        time.sleep(CLAIM_SECONDS + 1)
        sender = _sender(environment)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            time.sleep(1)
            outcome = _outcome(database_url)
            if all(status in ("sent", "failed") or doubtful for status, doubtful in outcome.values()):
                break
        time.sleep(CLAIM_SECONDS + 1)  # a last look for any claim that lapsed meanwhile
        sender.send_signal(signal.SIGTERM)  # as a service manager stops it
        sender.wait(30)
    finally:
        controller.stop()

    outcome = _outcome(database_url)
    deliveries = collections.Counter(sink.received)
    possibly = [message_id for message_id, (_, doubtful) in outcome.items() if doubtful]
    return {
        "messages": messages,
        "queued": len(outcome),
        "kills": kills,
        "delivered_at_each_kill": killed_at,
        "sent_twice": sum(1 for message_id in outcome if deliveries[message_id] > 1),
        "lost": sum(
            1
            for message_id, (status, doubtful) in outcome.items()
            if deliveries[message_id] == 0 and not doubtful and status != "failed"
        ),
        "marked_sent_not_delivered": sum(
            1
            for message_id, (status, _) in outcome.items()
            if status == "sent" and deliveries[message_id] == 0
        ),
        "possibly_sent": len(possibly),
        "possibly_sent_that_arrived": sum(1 for message_id in possibly if deliveries[message_id] == 1),
        "left_unsent": sum(1 for status, doubtful in outcome.values() if status != "sent" and not doubtful),
        "database": database_url.split(":", 1)[0],
        "load_average": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=400)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_SMTP_PORT", 8122)))
    parser.add_argument("--database-url", default=None)
    arguments = parser.parse_args()
    result = run(arguments.messages, arguments.kills, arguments.port, arguments.database_url)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "mail_kill.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
