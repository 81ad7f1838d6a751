"""Staff pages at council scale, one client: a meeting with 300 questions (console,
numbering, publishing), a moderation queue of 500 questions waiting for a decision, and
an audit log of a million events (first page, one meeting, one question).

The data is made once per database (`$BENCH_DIR/staff.sqlite3`, and
`BENCH_STAFF_POSTGRES_URL` for PostgreSQL) and kept; each page is read through the app
(Flask's test client, signed in as a clerk who is also an administrator) `--repeat`
times after one warm-up read, and p50/p95/p99 are reported with the load average.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.settings import WORK

SQLITE_URL = f"sqlite:///{WORK / 'staff.sqlite3'}"
POSTGRES_URL = os.environ.get(
    "BENCH_STAFF_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench_staff"
)
MEETING_QUESTIONS = 300
QUEUE = 500
EVENTS = 1_000_000
PLACES = ("Aldbury", "Westcote", "Kingsmere", "Mortimer")
ADMIN_EMAIL = "bench.clerk@kingsmere.invalid"


def _app(url: str):
    from portal import create_app

    return create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "PUBLICATION_DIR": str(WORK / "staff-publications")}, env="test"
    )


def _fill(url: str, events: int) -> None:
    """The council's data, unless it is there already."""
    import sqlalchemy as sa

    from portal.domain.archive.search import create_search_structures
    from portal.domain.states import QuestionKind, QuestionStatus
    from portal.extensions import db
    from portal.models import Meeting, QuestionEvent
    from tests import factories
    from tests.record_factories import ANSWER

    if url.startswith("postgresql"):
        from tests.pg_create_database import main as create_database

        create_database(url)
    app = _app(url)
    with app.app_context():
        if (
            sa.inspect(db.engine).has_table("question_event")
            and db.session.scalar(sa.select(sa.func.count()).select_from(QuestionEvent)) >= events
            and _matches_the_models()
        ):
            return
        print(f"  making a council's data in {url.split('@')[-1]} (once)")
        db.session.rollback()  # the count above holds a lock that dropping the tables waits for
        db.drop_all()
        db.create_all()
        create_search_structures(db.engine)
        officer = factories.make_user(roles={"officer"}, first_name="Owen", last_name="Officer")
        holder = factories.make_user(roles={"councillor"}, first_name="Priya", last_name="Natarajan")
        factories.make_user(roles={"admin", "clerk"}, email=ADMIN_EMAIL, first_name="Cara", last_name="Clerk")
        post = factories.make_answering_post(holders=[holder], drafters=[officer])
        committee = factories.make_committee("Council", posts=[post])
        meeting = factories.make_meeting(committee, days_ahead=10)
        rng = random.Random(18)
        for n in range(MEETING_QUESTIONS):
            kind = QuestionKind.MEMBER if n % 6 == 5 else QuestionKind.PUBLIC
            question = factories.make_question(
                meeting,
                status=QuestionStatus.ANSWER_APPROVED,
                kind=kind,
                post=post,
                first_name=f"Name{n}",
                text=f"Question {n}: how many social workers are agency staff in {rng.choice(PLACES)}?",
            )
            factories.make_approved_answer(question, ANSWER, drafter=officer, approver=holder)
        later = [factories.make_meeting(committee, days_ahead=30 + 7 * i) for i in range(5)]
        for n in range(QUEUE):
            factories.make_question(later[n % len(later)], first_name=f"Waiting{n}")
        db.session.commit()
        have = db.session.scalar(sa.select(sa.func.count()).select_from(QuestionEvent)) or 0
        started = time.perf_counter()
        _add_events(url, events - have)
        db.session.commit()
        print(f"  {events - have:,} audit events added in {time.perf_counter() - started:.1f} s")
        if url.startswith("postgresql"):
            with db.engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
        assert db.session.get(Meeting, meeting.id) is not None


def _add_events(url: str, count: int) -> None:
    """`count` notes spread over the questions and staff, five minutes apart from 2016, made
    by the database itself in one INSERT … SELECT: a million rows in seconds, where sending
    them from Python took minutes on PostgreSQL."""
    import sqlalchemy as sa

    from portal.extensions import db
    from portal.models import Question, User

    def span(model) -> tuple[int, int]:
        low, high, rows = db.session.execute(
            sa.select(sa.func.min(model.id), sa.func.max(model.id), sa.func.count(model.id))
        ).one()
        if high - low + 1 != rows:
            raise RuntimeError(f"{model.__tablename__} ids are not contiguous: make the data afresh")
        return low, rows

    (question_low, questions), (user_low, users) = span(Question), span(User)
    if count <= 0:
        return
    numbers = {
        "count": count,
        "question_low": question_low,
        "questions": questions,
        "user_low": user_low,
        "users": users,
    }
    columns = (
        """question_event (question_id, at, verb, actor_id, actor_kind, is_public, title, internal_note)"""
    )
    values = """:question_low + n % :questions, {at}, 'note',
           CASE WHEN n % 3 = 0 THEN NULL ELSE :user_low + n % :users END,
           CASE WHEN n % 3 = 0 THEN 'system' ELSE 'staff' END,
           {false}, 'Note added', 'Checked with the service, call ' || n"""
    if url.startswith("postgresql"):
        at = "TIMESTAMP '2016-01-01 00:00:00' + n * INTERVAL '5 minutes'"
        statement = (
            f"INSERT INTO {columns} SELECT {values.format(at=at, false='false')} "
            "FROM generate_series(0, :count - 1) AS n"
        )
    else:
        at = "datetime('2016-01-01 00:00:00', '+' || (n * 5) || ' minutes') || '.000000'"
        statement = (
            f"WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n + 1 < :count) "
            f"INSERT INTO {columns} SELECT {values.format(at=at, false='0')} FROM s"
        )
    db.session.execute(sa.text(statement), numbers)


def _matches_the_models() -> bool:
    """Whether the kept data has every column the models now have (made by an older
    version, it is made again)."""
    import sqlalchemy as sa

    from portal.extensions import db
    from portal.models import Meeting, Question

    try:
        db.session.execute(sa.select(Meeting).limit(1)).all()
        db.session.execute(sa.select(Question).limit(1)).all()
    except (sa.exc.OperationalError, sa.exc.ProgrammingError):
        db.session.rollback()
        return False
    return True


def _signed_in(app) -> Any:
    """A client signed in as the clerk. The account's last authenticator code is cleared
    first, so a second run within 30 seconds can sign in too."""
    import sqlalchemy as sa

    from portal.extensions import db
    from portal.models import User
    from tests import factories

    with app.app_context():
        user = db.session.scalars(sa.select(User).where(User.email == ADMIN_EMAIL)).one()
        code = factories.totp_code(user)
        db.session.commit()
    client = app.test_client()
    response = client.post("/staff/sign-in", data={"email": ADMIN_EMAIL, "password": factories.PASSWORD})
    if response.headers.get("Location") == "/staff/sign-in/code":
        client.post("/staff/sign-in/code", data={"code": code})
    return client


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(url: str, repeat: int) -> dict[str, Any]:
    import sqlalchemy as sa

    from portal.domain.states import QuestionStatus
    from portal.extensions import db
    from portal.models import Meeting, Question, QuestionEvent

    app = _app(url)
    with app.app_context():
        meeting_id = db.session.scalar(
            sa.select(Question.meeting_id).where(Question.status == QuestionStatus.ANSWER_APPROVED).limit(1)
        )
        reference = db.session.scalar(sa.select(Question.reference).order_by(Question.id).limit(1))
        assert db.session.get(Meeting, meeting_id) is not None
        # The entry a thousand pages of 50 back, where "Older entries" would have reached.
        deep = db.session.scalar(
            sa.select(QuestionEvent.id)
            .order_by(QuestionEvent.at.desc(), QuestionEvent.id.desc())
            .offset(50 * 1000 - 1)
            .limit(1)
        )
    pages = {
        "meeting console (300 questions)": f"/staff/console/meetings/{meeting_id}",
        "meeting console, page 8 of 15": f"/staff/console/meetings/{meeting_id}?page=8",
        "numbering (300 questions)": f"/staff/moderation/meetings/{meeting_id}/numbering",
        "publishing (300 questions)": f"/staff/publishing/meetings/{meeting_id}",
        "moderation queue (500 waiting)": "/staff/moderation",
        "audit log (1M events), first page": "/staff/audit",
        "audit log, one meeting": f"/staff/audit?meeting={meeting_id}",
        "audit log, one question": f"/staff/audit?reference={reference}",
        "audit log, last counted page (200)": "/staff/audit?page=200",
        "audit log, 1,000 pages back": f"/staff/audit?older_than={deep}",
    }
    results: dict[str, Any] = {}
    # Each read in an app context of its own, as in a worker: an empty session per request,
    # so rows read by the request before cannot hide a query per row.
    client = _signed_in(app)
    # As deploy/gunicorn.conf.py does before forking each worker: what start-up made is
    # left out of the garbage collector's full passes.
    gc.freeze()
    for name, path in pages.items():
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        timings = []
        cpu = []
        load = " ".join(f"{v:.2f}" for v in os.getloadavg())
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        results[name] = {
            "path": path,
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(_percentile(timings, 95), 1),
            "p99_ms": round(_percentile(timings, 99), 1),
            "cpu_p50_ms": round(statistics.median(cpu), 1),
            "cpu_p95_ms": round(_percentile(cpu, 95), 1),
            "bytes": len(response.data),
            "load_average": load,
        }
        print(
            f"  {name:<36} p50 {results[name]['p50_ms']:>7.1f}  p95 {results[name]['p95_ms']:>7.1f} ms"
            f"  (its CPU p50 {results[name]['cpu_p50_ms']:>6.1f}  p95 {results[name]['cpu_p95_ms']:>6.1f} ms)"
            f"  load {load}"
        )
    return results


def run(databases: list[str], repeat: int, save: Callable, events: int = EVENTS) -> dict[str, Any]:
    WORK.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {"repeat": repeat, "events": events}
    for database in databases:
        url = SQLITE_URL if database == "sqlite" else POSTGRES_URL
        print(f"\nStaff pages at council scale, {database}, one client, {repeat} reads each:")
        _fill(url, events)
        data[database] = measure(url, repeat)
    save("staff", data)
    return data
