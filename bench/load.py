"""Many people at once, and the database failing under them, against the production setup.

    python -m bench.load [--database sqlite|postgresql|both] [--journeys 1000] [--clients 50]
                         [--clerks 4] [--questions 60] [--outage 15] [--port 8100]

For each database, against gunicorn as shipped (deploy/gunicorn.conf.py: 2 x cores + 1
workers, 4 threads each, PORTAL_ENV=production, rate limits counted in Redis) with the
outbox worker (`flask outbox send --watch`) running beside it:

1. Residents: `--journeys` complete public journeys from `--clients` parallel clients,
   each through the pages with their CSRF tokens (start, meeting, details, question,
   check, send), then the confirmation link from their e-mail (read from the outbox, as
   the resident reads their inbox), opened and confirmed. Reports confirmed, responses
   that were not 2xx/3xx, lost (sent but not stored), duplicates, and p50/p95/p99 of the
   sending POST beside a Flask hello-world on the same gunicorn settings.
2. Clerks: `--clerks` clerks accept the same `--questions` questions of one meeting at
   once, each in their own order: numbers must be PQ 1 to PQ n, no duplicate, no 503.
3. Outage: residents keep sending, and a clerk keeps accepting questions (mid-approval),
   while the database is taken away for `--outage` seconds (SQLite: another process
   holds the file exclusively; PostgreSQL: connections refused and the open ones
   terminated), then given back. Every response must be the
   page it should be or the 503 page (never a 500 or a dropped connection), nothing
   half-written, and the same gunicorn serves again afterwards.

Each resident sends from an address of their own (X-Forwarded-For, with PROXY_FIX=1 as
behind the shipped nginx), so the rate limits apply as they would to real residents.
Figures go to bench/results/load-<database>.json with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from bench.settings import RESULTS, ROOT, WORK

POSTGRES_URL = os.environ.get(
    "BENCH_LOAD_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench_load"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
# One key for the run: the clerks' authenticator secrets are stored sealed with it.
SECRET_KEY = secrets.token_urlsafe(48)
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')
CONFIRM_LINK = re.compile(r"/ask/confirm/[A-Za-z0-9_.\-]+")
UNAVAILABLE = "Sorry, the service is unavailable"
RECEIVED = "received"
DETAILS = {
    "title": "Ms",
    "last_name": "Carter",
    "phone": "",
    "address_line_1": "12 Mill Lane",
    "address_line_2": "",
    "town": "Kingsmere",
    "postcode": "km1 4tt",
    "lives_or_works_in_area": "yes",
    "on_behalf_of": "",
    "publish_name": "yes",
}
TEXT = (
    "How many children in {town} waited more than four weeks for a social worker last year, and "
    "what is the council doing so that families know who their worker is while they wait?"
)


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def percentiles(values: list[float]) -> dict[str, float]:
    if len(values) < 2:
        return {"p50": values[0] if values else 0.0, "p95": 0.0, "p99": 0.0}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {name: round(cuts[at] * 1000, 1) for name, at in (("p50", 49), ("p95", 94), ("p99", 98))}


# The database and the servers ------------------------------------------------------------


def database_url(kind: str, folder: Path) -> str:
    return f"sqlite:///{folder / 'load.sqlite3'}" if kind == "sqlite" else POSTGRES_URL


def prepare(url: str, folder: Path, clerks: int, questions: int) -> dict[str, Any]:
    """A fresh, migrated database with an open meeting, clerks, and questions to accept."""
    from flask_migrate import upgrade
    from sqlalchemy.engine import make_url

    from portal import create_app
    from portal.extensions import db
    from tests import factories

    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(make_url(url).database + suffix).unlink(missing_ok=True)
    else:
        from tests.pg_create_database import main as create_database

        create_database(url)
    settings = {"SQLALCHEMY_DATABASE_URI": url, "PUBLICATION_DIR": str(folder / "pub")}
    settings["SECRET_KEY"] = SECRET_KEY
    app = create_app(settings, env="test")
    with app.app_context():
        if not url.startswith("sqlite"):
            with db.engine.begin() as connection:
                connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        upgrade(directory=str(ROOT / "migrations"))
        post = factories.make_post("Cabinet member children and families")
        committee = factories.make_committee("Council", slug="council-load", posts=[post], word_limit=100)
        meeting = factories.make_meeting(committee, days_ahead=20)
        other = factories.make_meeting(
            factories.make_committee("Cabinet", slug="cabinet-load", posts=[post]), days_ahead=25
        )
        to_accept = [factories.make_question(other).id for _ in range(questions)]
        # Decided by a clerk while the database is taken away (the outage step).
        in_outage = [factories.make_question(other).id for _ in range(20)]
        emails = []
        for n in range(clerks):
            clerk = factories.make_user(roles={"clerk"}, email=f"clerk{n}@example.gov.uk")
            factories.give_second_factor(clerk)
            emails.append(clerk.email)
        db.session.commit()
        found = {
            "meeting": meeting.id,
            "post": post.id,
            "accept_meeting": other.id,
            "to_accept": to_accept,
            "to_accept_in_outage": in_outage,
            "clerks": emails,
        }
        db.session.remove()
        db.engine.dispose()
    return found


def _wait(port: int, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise RuntimeError(f"nothing answered on port {port}")


def production_env(url: str, port: int, folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PORTAL_ENV": "production",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_URL,
        "PUBLICATION_DIR": str(folder / "pub"),
        "SEARCH_INDEX_DIR": str(folder / "search-index"),
        "FORCE_HTTPS": "0",
        "PROXY_FIX": "1",
        "MAIL_TRANSPORT": "mailbox",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "LOG_LEVEL": "WARNING",
    }


@contextmanager
def running(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()


def gunicorn(app: str) -> list[str]:
    return [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), app]


# One resident ---------------------------------------------------------------------------


@dataclass
class Tally:
    codes: list[int] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    submit_seconds: list[float] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)
    unavailable: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, response: requests.Response | None, what: str) -> None:
        with self.lock:
            if response is None:
                self.unexpected.append(f"{what}: no response")
                return
            self.codes.append(response.status_code)
            if response.status_code == 503 and UNAVAILABLE in response.text:
                self.unavailable += 1
            elif not 200 <= response.status_code < 400:
                self.unexpected.append(f"{what}: {response.status_code}")


class Browser(requests.Session):
    """A resident's browser: their own address, and cookies sent as a browser behind the
    shipped nginx (HTTPS) would send them, though the benchmark speaks plain HTTP."""

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        for cookie in self.cookies:
            cookie.secure = False
        # Forms are sent from the page itself, as a browser says (Flask-WTF checks it on HTTPS).
        url = args[1] if len(args) > 1 else kwargs.get("url", "")
        kwargs.setdefault("headers", {})["Referer"] = url.replace("http://", "https://", 1)
        # Redirects are followed here, one request at a time, so each carries the cookies.
        follow = kwargs.pop("allow_redirects", True)
        response = super().request(*args, allow_redirects=False, **kwargs)
        for _ in range(5):
            if not (follow and response.is_redirect):
                break
            for cookie in self.cookies:
                cookie.secure = False
            response = super().request("GET", requests.compat.urljoin(url, response.headers["Location"]))
        return response


def browser(address: str) -> requests.Session:
    web = Browser()
    web.headers["X-Forwarded-For"] = address
    web.headers["X-Forwarded-Proto"] = "https"
    return web


def _token(response: requests.Response) -> str:
    found = TOKEN.search(response.text)
    return found.group(1) if found else ""


def resident_journey(base: str, ids: dict[str, Any], email: str, address: str, tally: Tally) -> bool:
    """One resident's journey; True when they sent their question."""
    web = browser(address)

    def step(method: str, path: str, what: str, **kwargs: Any) -> requests.Response | None:
        try:
            response = web.request(method, base + path, timeout=90, allow_redirects=False, **kwargs)
        except requests.RequestException:
            response = None
        tally.note(response, what)
        return response

    town = random.choice(["Kingsmere", "Aldbury", "Westcote", "Brayford"])
    if (page := step("GET", "/ask", "start")) is None or page.status_code != 200:
        return False
    if (page := step("GET", "/ask/meeting", "meeting page")) is None or page.status_code != 200:
        return False
    data = {"csrf_token": _token(page), "meeting": str(ids["meeting"])}
    if (done := step("POST", "/ask/meeting", "choose meeting", data=data)) is None or done.status_code != 302:
        return False
    if (page := step("GET", "/ask/details", "details page")) is None or page.status_code != 200:
        return False
    data = {**DETAILS, "first_name": f"Hannah{address.replace('.', '')}", "email": email}
    data["csrf_token"] = _token(page)
    if (done := step("POST", "/ask/details", "details", data=data)) is None or done.status_code != 302:
        return False
    if (page := step("GET", "/ask/question", "question page")) is None or page.status_code != 200:
        return False
    data = {"csrf_token": _token(page), "text": TEXT.format(town=town), "post": str(ids["post"])}
    if (done := step("POST", "/ask/question", "question", data=data)) is None or done.status_code != 302:
        return False
    if done.headers.get("Location", "").endswith("/ask/similar"):
        step("GET", "/ask/similar", "similar page")
    if (page := step("GET", "/ask/check-answers", "check page")) is None or page.status_code != 200:
        return False
    key = SUBMISSION_KEY.search(page.text)
    data = {"csrf_token": _token(page), "submission_key": key.group(1) if key else ""}
    started = time.perf_counter()
    done = step("POST", "/ask/check-answers", "send", data=data)
    elapsed = time.perf_counter() - started
    if done is None or done.status_code != 302:
        return False
    with tally.lock:
        tally.submit_seconds.append(elapsed)
        tally.sent.append(email)
    step("GET", "/ask/sent", "sent page")
    return True


def confirm(base: str, link: str, address: str, tally: Tally) -> bool:
    web = browser(address)
    try:
        page = web.get(base + link, timeout=90, allow_redirects=False)
        tally.note(page, "confirm page")
        done = web.post(base + link, data={"csrf_token": _token(page)}, timeout=90, allow_redirects=False)
        tally.note(done, "confirm")
    except requests.RequestException:
        tally.note(None, "confirm")
        return False
    return done.status_code == 302


def confirmation_links(url: str, emails: list[str]) -> dict[str, str]:
    """What each resident finds in their inbox: the newest confirmation link sent to them."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT to_address, body_text FROM outbox_message ORDER BY id")
            ).all()
    finally:
        engine.dispose()
    wanted = set(emails)
    links = {}
    for to, body in rows:
        found = CONFIRM_LINK.search(body or "")
        if to in wanted and found:
            links[to] = found.group(0)
    return links


def stored(url: str) -> dict[str, Any]:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            mine = sa.text("SELECT email, status FROM question WHERE email LIKE 'r%'")
            rows = connection.execute(mine).all()
            events = connection.execute(
                sa.text(
                    "SELECT count(*) FROM question q WHERE email LIKE 'r%' AND NOT EXISTS "
                    "(SELECT 1 FROM question_event e WHERE e.question_id = q.id)"
                )
            ).scalar()
    finally:
        engine.dispose()
    by_email: dict[str, list[str]] = {}
    for email, status in rows:
        by_email.setdefault(email, []).append(str(status))
    return {"by_email": by_email, "without_events": events}


# The three measurements -----------------------------------------------------------------


def residents(
    base: str, url: str, ids: dict[str, Any], journeys: int, clients: int, tag: str
) -> dict[str, Any]:
    tally = Tally()
    emails = [f"r{tag}{n}@example.com" for n in range(journeys)]
    addresses = [f"10.{n // 60000 % 250}.{n // 250 % 240}.{n % 250 + 1}" for n in range(journeys)]
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(lambda n: resident_journey(base, ids, emails[n], addresses[n], tally), range(journeys)))
    links = confirmation_links(url, tally.sent)
    with ThreadPoolExecutor(clients) as pool:
        confirmed_ok = list(
            pool.map(
                lambda n: emails[n] in links and confirm(base, links[emails[n]], addresses[n], tally),
                range(journeys),
            )
        )
    seconds = time.perf_counter() - started
    found = stored(url)
    by_email = found["by_email"]
    mine = {e: s for e, s in by_email.items() if e in set(emails)}
    return {
        "journeys": journeys,
        "clients": clients,
        "sent": len(tally.sent),
        "confirmed": sum(confirmed_ok),
        "confirmed_in_database": sum(1 for s in mine.values() if "received" in [x.lower() for x in s]),
        "not_2xx_3xx": len(tally.unexpected),
        "unavailable_503": tally.unavailable,
        "lost": sum(1 for e in tally.sent if e not in mine),
        "duplicates": sum(len(s) - 1 for s in mine.values() if len(s) > 1),
        "questions_without_events": found["without_events"],
        "submit_ms": percentiles(tally.submit_seconds),
        "requests": len(tally.codes),
        "seconds": round(seconds, 1),
        "examples_of_unexpected": tally.unexpected[:10],
    }


def hello_world(port: int, clients: int, count: int, folder: Path) -> dict[str, Any]:
    env = {**production_env("sqlite://", port, folder), "PYTHONPATH": str(ROOT)}
    with running(gunicorn("bench.hello:app"), env, folder / "hello.log"):
        _wait(port)
        seconds: list[float] = []
        lock = threading.Lock()

        def one(_: int) -> None:
            started = time.perf_counter()
            requests.get(f"http://127.0.0.1:{port}/", timeout=30)
            with lock:
                seconds.append(time.perf_counter() - started)

        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(one, range(count)))
    return percentiles(seconds)


def signed_in_clerk(base: str, email: str, address: str) -> requests.Session:
    """A clerk signed in through the pages: password, then the authenticator's code."""
    import pyotp

    from tests.factories import PASSWORD, TOTP_SECRET

    web = browser(address)
    page = web.get(base + "/staff/sign-in", timeout=30)
    web.post(base + "/staff/sign-in", data={"csrf_token": _token(page), "email": email, "password": PASSWORD})
    page = web.get(base + "/staff/sign-in/code", timeout=30)
    code = {"csrf_token": _token(page), "code": pyotp.TOTP(TOTP_SECRET).now()}
    web.post(base + "/staff/sign-in/code", data=code)
    return web


def accept_one(base: str, web: requests.Session, question_id: int, post_id: int, tally: Tally) -> str:
    """A clerk accepts one question: "won", "decided" (already accepted), or "failed"."""
    path = f"/staff/moderation/questions/{question_id}/accept"
    try:
        page = web.get(base + path, timeout=90, allow_redirects=False)
        tally.note(page, "accept page")
        if page.status_code in (301, 302, 303):
            return "decided"  # already decided: the page sends the clerk to the question
        if page.status_code != 200:
            return "failed"
        data = {"csrf_token": _token(page), "post": str(post_id), "expected_status": RECEIVED}
        done = web.post(base + path, data=data, timeout=90)
        tally.note(done, "accept")
    except requests.RequestException:
        tally.note(None, "accept")
        return "failed"
    if "accepted as PQ" in done.text:
        return "won"
    return "failed" if done.status_code >= 500 else "decided"


def clerks(base: str, url: str, ids: dict[str, Any]) -> dict[str, Any]:
    tally = Tally()
    sessions = [signed_in_clerk(base, email, f"192.168.0.{n + 1}") for n, email in enumerate(ids["clerks"])]
    questions = ids["to_accept"]
    won = [0] * len(sessions)

    def clerk(index: int) -> None:
        web = sessions[index]
        order = list(questions)
        random.Random(index).shuffle(order)
        for question_id in order:
            if accept_one(base, web, question_id, ids["post"], tally) == "won":
                won[index] += 1

    with ThreadPoolExecutor(len(sessions)) as pool:
        list(pool.map(clerk, range(len(sessions))))
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as connection:
        numbers = [
            n
            for (n,) in connection.execute(
                sa.text("SELECT number FROM question WHERE meeting_id = :m AND number IS NOT NULL"),
                {"m": ids["accept_meeting"]},
            )
        ]
    engine.dispose()
    return {
        "clerks": len(sessions),
        "questions": len(questions),
        "accepted": len(numbers),
        "contiguous": sorted(numbers) == list(range(1, len(questions) + 1)),
        "duplicates": len(numbers) - len(set(numbers)),
        "clerks_told_they_won": sum(won),
        "unavailable_503": tally.unavailable,
        "not_2xx_3xx": len(tally.unexpected),
        "examples_of_unexpected": tally.unexpected[:10],
    }


@contextmanager
def database_taken_away(kind: str, url: str) -> Iterator[None]:
    """SQLite: another process holds the file exclusively, so nobody can read or write it.
    PostgreSQL: connections are refused and the open ones are terminated."""
    if kind == "sqlite":
        from sqlalchemy.engine import make_url

        from portal.extensions import sqlite_writers_turn_held

        # Like any program writing the file, it first takes the writers' turn (0211).
        with sqlite_writers_turn_held(make_url(url).database):
            holder = sqlite3.connect(make_url(url).database, isolation_level=None, timeout=60)
            holder.execute("PRAGMA locking_mode=EXCLUSIVE")
            holder.execute("BEGIN EXCLUSIVE")
            try:
                yield
            finally:
                holder.execute("ROLLBACK")
                holder.execute("PRAGMA locking_mode=NORMAL")
                holder.execute("SELECT count(*) FROM sqlite_master").fetchone()  # releases the lock
                holder.close()
        return
    import sqlalchemy as sa

    name = sa.engine.make_url(url).database
    control = sa.create_engine(sa.engine.make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with control.connect() as connection:
            connection.execute(sa.text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            connection.execute(
                sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
        yield
    finally:
        with control.connect() as connection:
            connection.execute(sa.text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        control.dispose()


def outage(base: str, url: str, kind: str, ids: dict[str, Any], seconds: float) -> dict[str, Any]:
    """Residents keep coming while the database goes away and comes back."""
    tally = Tally()
    stop = threading.Event()
    counter = iter(range(10**6))
    lock = threading.Lock()

    def keep_coming() -> None:
        while not stop.is_set():
            with lock:
                n = next(counter)
            address = f"172.16.{n // 250 % 250}.{n % 250 + 1}"
            resident_journey(base, ids, f"routage{kind}{n}@example.com", address, tally)

    # Mid-approval: a clerk keeps accepting questions while the database goes away; each
    # refused one is tried again until it is accepted.
    staff = Tally()
    clerk = signed_in_clerk(base, ids["clerks"][0], "192.168.1.1")
    outcomes: list[str] = []

    def keep_deciding() -> None:
        for question_id in ids["to_accept_in_outage"]:
            while True:
                outcome = accept_one(base, clerk, question_id, ids["post"], staff)
                outcomes.append(outcome)
                if outcome != "failed" or stop.is_set():
                    break
                time.sleep(0.5)
            time.sleep(0.5)

    with ThreadPoolExecutor(11) as pool:
        for _ in range(10):
            pool.submit(keep_coming)
        deciding = pool.submit(keep_deciding)
        try:
            time.sleep(3)
            with database_taken_away(kind, url):
                time.sleep(seconds)
            time.sleep(5)
        finally:
            stop.set()  # the clients stop even if the outage could not be made
        deciding.result()
    # The same gunicorn, not restarted, serves a whole journey again.
    after = Tally()
    recovered = resident_journey(base, ids, f"rafter{kind}@example.com", "172.31.0.1", after)
    found = stored(url)
    return {
        "outage_seconds": seconds,
        "requests": len(tally.codes),
        "unavailable_503": tally.unavailable,
        "other_failures": len(tally.unexpected),
        "examples_of_other_failures": tally.unexpected[:10],
        "sent": len(tally.sent),
        "lost": sum(1 for e in tally.sent if e not in found["by_email"]),
        "duplicates": sum(len(s) - 1 for s in found["by_email"].values() if len(s) > 1),
        "questions_without_events": found["without_events"],
        "recovered_without_restart": recovered and not after.unexpected,
        "clerk_requests": len(staff.codes),
        "clerk_unavailable_503": staff.unavailable,
        "clerk_other_failures": len(staff.unexpected),
        "clerk_examples_of_other_failures": staff.unexpected[:10],
        **accepted_whole(url, ids),
    }


def accepted_whole(url: str, ids: dict[str, Any]) -> dict[str, Any]:
    """Nothing half-written by the decisions: numbers 1 to n with no gap or repeat, and
    every numbered question has the event that accepted it."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as connection:
        numbers = [
            n
            for (n,) in connection.execute(
                sa.text("SELECT number FROM question WHERE meeting_id = :m AND number IS NOT NULL"),
                {"m": ids["accept_meeting"]},
            )
        ]
        without_event = connection.execute(
            sa.text(
                "SELECT count(*) FROM question q WHERE q.meeting_id = :m AND q.number IS NOT NULL "
                "AND NOT EXISTS (SELECT 1 FROM question_event e WHERE e.question_id = q.id "
                "AND e.to_status = 'accepted')"
            ),
            {"m": ids["accept_meeting"]},
        ).scalar_one()
        decided_in_outage = connection.execute(
            sa.text("SELECT count(*) FROM question WHERE id IN :ids AND number IS NOT NULL").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"ids": ids["to_accept_in_outage"]},
        ).scalar_one()
    engine.dispose()
    return {
        "accepted_through_the_outage": decided_in_outage,
        "to_accept_through_the_outage": len(ids["to_accept_in_outage"]),
        "numbers_contiguous": sorted(numbers) == list(range(1, len(numbers) + 1)),
        "number_duplicates": len(numbers) - len(set(numbers)),
        "numbered_without_their_event": without_event,
    }


def run(kind: str, args: argparse.Namespace) -> dict[str, Any]:
    folder = WORK / f"load-{kind}"
    folder.mkdir(parents=True, exist_ok=True)
    url = database_url(kind, folder)
    ids = prepare(url, folder, args.clerks, args.questions)
    env = production_env(url, args.port, folder)
    base = f"http://127.0.0.1:{args.port}"
    figures: dict[str, Any] = {"database": kind, "load_average_before": load_average()}
    worker = [sys.executable, "-m", "flask", "--app", "portal", "outbox", "send", "--watch"]
    worker += ["--interval", "1"]
    with (
        running(gunicorn("portal:create_app()"), env, folder / "gunicorn.log"),
        running(worker, env, folder / "outbox.log"),
    ):
        _wait(args.port)
        step: Callable[[], dict[str, Any]]
        for name, step in (
            ("residents", lambda: residents(base, url, ids, args.journeys, args.clients, kind)),
            ("clerks", lambda: clerks(base, url, ids)),
            ("outage", lambda: outage(base, url, kind, ids, args.outage)),
        ):
            if name in args.skip:
                continue
            figures[name] = step()
            figures[name]["load_average"] = load_average()
            print(f"{kind} {name}: {json.dumps(figures[name])}", flush=True)
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--journeys", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--clerks", type=int, default=4)
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--outage", type=float, default=30.0)  # longer than SQLite's busy timeout
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_LOAD_PORT", 8100)))
    parser.add_argument("--skip", nargs="*", default=[], choices=["residents", "clerks", "outage", "hello"])
    args = parser.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    for kind in kinds:
        figures = run(kind, args)
        if "hello" not in args.skip:
            figures["hello_world_ms"] = hello_world(args.port + 1, args.clients, args.journeys, WORK)
            figures["hello_world_load_average"] = load_average()
            print(f"{kind} hello world: {json.dumps(figures['hello_world_ms'])}", flush=True)
        (RESULTS / f"load-{kind}.json").write_text(json.dumps(figures, indent=2))
        print(summary(figures), flush=True)


def summary(figures: dict[str, Any]) -> str:
    """The figures the issue asks for, on one line each."""
    lines = [f"{figures['database']} (load average before {figures['load_average_before']}):"]
    if (r := figures.get("residents")) is not None:
        lines.append(
            f"  residents: {r['confirmed']} of {r['journeys']} confirmed ({r['clients']} clients), "
            f"{r['not_2xx_3xx']} not 2xx/3xx of which {r['unavailable_503']} were 503, "
            f"{r['lost']} lost, {r['duplicates']} duplicates; load average {r['load_average']}"
        )
        s = r["submit_ms"]
        lines.append(f"  submit POST p50/p95/p99: {s['p50']} / {s['p95']} / {s['p99']} ms")
    if (h := figures.get("hello_world_ms")) is not None:
        lines.append(
            f"  hello world p50/p95/p99: {h['p50']} / {h['p95']} / {h['p99']} ms; "
            f"load average {figures.get('hello_world_load_average')}"
        )
    if (c := figures.get("clerks")) is not None:
        lines.append(f"  clerks: {json.dumps({k: v for k, v in c.items() if k != 'examples_of_unexpected'})}")
    if (o := figures.get("outage")) is not None:
        lines.append(f"  outage: {json.dumps({k: v for k, v in o.items() if k != 'examples_of_unexpected'})}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
