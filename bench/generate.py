"""Fill a database with a council's ten years of published questions and answers.

Bulk inserts (SQLAlchemy Core, thousands of rows a statement), reproducible from a
seed: the same seed and size always give the same rows. Questions carry their events
(received, decided, answered, published, closed) so the statistics have real times,
and every accepted question is in the archive as its meeting's minutes published it.
The search structures are built after the load, as a bulk import would.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from markupsafe import escape

from demo.archive_text import PLACES, ROADS, compose, person
from portal.domain.archive.search import create_search_structures, rebuild_search_index
from portal.extensions import db
from portal.models import (
    Answer,
    ArchiveEntry,
    Committee,
    CommitteePost,
    Meeting,
    Post,
    ProcedureRules,
    Question,
    QuestionEvent,
    RejectionGround,
    User,
)
from portal.reference_data import STANDARD_REJECTION_GROUNDS

CHUNK = 4000
COMMITTEES = (
    ("council", "Council", "council"),
    ("cabinet", "Cabinet", "cabinet"),
    ("children-and-young-people-scrutiny", "Children and Young People Scrutiny Committee", "scrutiny"),
    ("adult-social-care-scrutiny", "Adult Social Care and Health Scrutiny Committee", "scrutiny"),
    ("communities-and-place-scrutiny", "Communities and Place Scrutiny Committee", "scrutiny"),
    ("corporate-scrutiny", "Corporate Scrutiny Committee", "scrutiny"),
    ("planning", "Planning Committee", "regulatory"),
    ("licensing", "Licensing Committee", "regulatory"),
    ("audit-and-governance", "Audit and Governance Committee", "other"),
    ("health-and-wellbeing-board", "Health and Wellbeing Board", "other"),
)
POSTS = (
    "Leader of the council",
    "Cabinet member children and families",
    "Cabinet member finance and corporate services",
    "Cabinet member adult social care and health",
    "Cabinet member environment and transport",
    "Cabinet member housing and communities",
    "Director for Children and Young People",
    "Director of Public Health",
)
EXTRA_SENTENCES = (
    "The council will report progress to the committee in {month}.",
    "Officers met residents of {place} on site to discuss the concerns raised.",
    "The figures are published each quarter in the performance report.",
    "A consultation on the proposals closes at the end of {month}.",
    "Funding for this work comes from the government grant announced in {month}.",
    "Ward councillors for {place} have been briefed and will keep residents informed.",
    "The scheme on {road} is expected to be completed within budget.",
    "An equality impact assessment has been carried out and is available on request.",
    "Further details are set out in the report to Cabinet.",
    "The council is working with the NHS and the police on a joint plan for {place}.",
)
MONTHS = ("January", "March", "April", "June", "July", "September", "October", "December")


def _paragraphs(text: str) -> tuple[str, str]:
    """(HTML, plain text) of plain paragraphs: what render_markdown and plain_text give
    for text with no markup, a hundred times faster."""
    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in parts), "\n".join(parts)


SUPPLEMENTARY_ANSWER = _paragraphs("The council will look into this and reply in writing.")


def _fill(template: str, rng: random.Random) -> str:
    return template.format(place=rng.choice(PLACES), road=rng.choice(ROADS), month=rng.choice(MONTHS))


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def _insert(connection: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    keys = set().union(*rows) if rows else set()
    for row in rows:
        for key in keys - row.keys():
            row[key] = None
    for chunk in _chunks(rows):
        connection.execute(table.insert(), chunk)


def build_schema(engine: sa.Engine) -> None:
    if engine.dialect.name == "sqlite":
        # Dropping tables one by one makes SQLite check every foreign key row by row:
        # start from an empty file instead.
        engine.dispose()
        path = engine.url.database
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        db.metadata.drop_all(engine)
    db.metadata.create_all(engine)


def generate(engine: sa.Engine, *, size: int, seed: int, years: int = 10, log: Any = print) -> dict[str, Any]:
    """Fill `engine`'s database (emptied first) with `size` published questions."""
    rng = random.Random(seed)
    started = time.perf_counter()
    build_schema(engine)
    end = dt.datetime(2026, 6, 30, tzinfo=dt.UTC)
    start = end - dt.timedelta(days=365 * years)
    meetings_per_committee = max(1, size // (len(COMMITTEES) * 8))
    span = (end - start) / meetings_per_committee

    with engine.begin() as connection:
        connection.execute(
            User.__table__.insert(),
            [
                {
                    "id": 1,
                    "email": "clerk@bench.invalid",
                    "first_name": "Bench",
                    "last_name": "Clerk",
                    "password_hash": "!",
                    "is_enabled": False,
                    "failed_sign_ins": 0,
                    "session_version": 1,
                    "created_at": start,
                    "updated_at": start,
                }
            ],
        )
        connection.execute(
            RejectionGround.__table__.insert(),
            [
                {
                    "id": i,
                    "code": code,
                    "title": title,
                    "public_wording": wording,
                    "listed_by_default": listed,
                    "is_active": True,
                    "position": i,
                    "created_at": start,
                    "updated_at": start,
                }
                for i, (code, title, wording, listed) in enumerate(STANDARD_REJECTION_GROUNDS, start=1)
            ],
        )
        connection.execute(
            Post.__table__.insert(),
            [
                {
                    "id": i,
                    "title": t,
                    "description": "",
                    "is_active": True,
                    "created_at": start,
                    "updated_at": start,
                }
                for i, t in enumerate(POSTS, start=1)
            ],
        )
        committee_rows, rules, committee_posts = [], [], []
        for i, (slug, name, kind) in enumerate(COMMITTEES, start=1):
            committee_rows.append(
                {
                    "id": i,
                    "slug": slug,
                    "name": name,
                    "kind": kind,
                    "description": "",
                    "takes_public_questions": True,
                    "takes_member_questions": kind in ("council", "scrutiny"),
                    "layout": "table" if kind in ("council", "cabinet") else "reported",
                    "is_active": True,
                    "created_at": start,
                    "updated_at": start,
                }
            )
            rules.append(
                {
                    "committee_id": i,
                    "deadline_clear_working_days": 2,
                    "deadline_time": dt.time(9, 30),
                    "word_limit": 300,
                    "questions_per_person": 1,
                    "eligibility_wording": "Anyone who lives or works in the area can ask a question.",
                    "written_answer_due_days": 28,
                    "created_at": start,
                    "updated_at": start,
                }
            )
            for position, post_id in enumerate(rng.sample(range(1, len(POSTS) + 1), 3)):
                committee_posts.append({"committee_id": i, "post_id": post_id, "position": position})
        connection.execute(Committee.__table__.insert(), committee_rows)
        connection.execute(ProcedureRules.__table__.insert(), rules)
        connection.execute(CommitteePost.__table__.insert(), committee_posts)
        posts_of = {
            c: [r["post_id"] for r in committee_posts if r["committee_id"] == c] for c in range(1, 11)
        }

        meetings, questions, events, answers, entries = [], [], [], [], []
        meeting_id = question_id = 0
        grounds = len(STANDARD_REJECTION_GROUNDS)
        published = 0
        per_meeting = size / (meetings_per_committee * len(COMMITTEES))
        for committee_id in range(1, len(COMMITTEES) + 1):
            for m in range(meetings_per_committee):
                meeting_id += 1
                starts_at = start + span * m + dt.timedelta(hours=rng.randint(0, 72))
                starts_at = starts_at.replace(minute=30, second=0, microsecond=0)
                deadline = starts_at - dt.timedelta(days=4)
                meetings.append(
                    {
                        "id": meeting_id,
                        "committee_id": committee_id,
                        "starts_at": starts_at,
                        "venue": "Council Chamber, Council Offices, Market Street, Kingsmere",
                        "contact_name": "",
                        "contact_email": "",
                        "contact_phone": "",
                        "status": "held",
                        "takes_public_questions": True,
                        "question_deadline_at": deadline,
                        "deadline_explanation": "2 clear working days before the meeting, at 9:30am",
                        "deadline_overridden": False,
                        "created_at": deadline - dt.timedelta(days=60),
                        "updated_at": starts_at,
                    }
                )
                count = int(per_meeting) + (rng.random() < per_meeting - int(per_meeting))
                for number in range(1, count + 1):
                    if published >= size:
                        break
                    published += 1
                    question_id += 1
                    _topic, text, answer_md, supplementary = compose(rng)
                    extra = " ".join(
                        _fill(rng.choice(EXTRA_SENTENCES), rng) for _ in range(rng.randint(1, 4))
                    )
                    answer_md = answer_md + "\n\n" + extra
                    answer_html, answer_text = _paragraphs(answer_md)
                    title, first, last, town = person(rng)
                    received = deadline - dt.timedelta(days=rng.uniform(0.2, 14))
                    decided = received + dt.timedelta(days=rng.uniform(0.1, 3))
                    published_at = starts_at - dt.timedelta(days=1)
                    minutes_at = starts_at + dt.timedelta(days=rng.randint(6, 12))
                    post_id = rng.choice(posts_of[committee_id])
                    written_due = written_sent = None
                    status = "closed"
                    if rng.random() < 0.1:
                        written_due = (starts_at + dt.timedelta(days=28)).date()
                        written_sent = written_due + dt.timedelta(days=rng.randint(-12, 8))
                        if rng.random() < 0.05:
                            written_sent, status = None, "awaiting_written_answer"
                    questions.append(
                        {
                            "id": question_id,
                            "reference": f"B-{received.year}-{question_id:07d}",
                            "meeting_id": meeting_id,
                            "kind": "public",
                            "status": status,
                            "title": title,
                            "first_name": first,
                            "last_name": last,
                            "email": None,
                            "town": town,
                            "lives_or_works_in_area": True,
                            "publish_name": True,
                            "original_text": text,
                            "asked_post_id": post_id,
                            "answering_post_id": post_id,
                            "number": number,
                            "tracking_token": secrets.token_hex(16),
                            "received_at": received,
                            "decided_at": decided,
                            "created_at": received,
                            "updated_at": minutes_at,
                        }
                    )
                    for verb, at, to in (
                        ("confirm", received, "received"),
                        ("accept", decided, "accepted"),
                        ("approve_answer", published_at - dt.timedelta(days=1), "answer_approved"),
                        ("publish", published_at, "published"),
                        ("close" if status == "closed" else "owe_written_answer", minutes_at, status),
                    ):
                        events.append(
                            {
                                "question_id": question_id,
                                "at": at,
                                "verb": verb,
                                "to_status": to,
                                "actor_id": 1,
                                "actor_kind": "staff",
                                "is_public": True,
                                "title": verb.replace("_", " ").capitalize(),
                            }
                        )
                    answers.append(
                        {
                            "question_id": question_id,
                            "post_id": post_id,
                            "status": "approved",
                            "body_source": answer_md,
                            "body_html": answer_html,
                            "submitted_at": published_at - dt.timedelta(days=2),
                            "approved_by_id": 1,
                            "approved_at": published_at - dt.timedelta(days=1),
                            "created_at": decided,
                            "updated_at": published_at,
                        }
                    )
                    supplementary_q = supplementary if rng.random() < 0.35 else None
                    supplementary_html = SUPPLEMENTARY_ANSWER[0] if supplementary_q else None
                    written_html = (
                        _paragraphs(f"Written response sent on {written_sent:%d %B %Y}.")[0]
                        if written_sent
                        else None
                    )
                    entries.append(
                        {
                            "meeting_id": meeting_id,
                            "committee_id": committee_id,
                            "question_id": question_id,
                            "kind": "public",
                            "number": number,
                            "meeting_starts_at": starts_at,
                            "document": "minutes",
                            "version": 2,
                            "questioner": f"{title} {last}, {town}",
                            "question_to": POSTS[post_id - 1],
                            "post_id": post_id,
                            "answered_by": POSTS[post_id - 1],
                            "question_text": text,
                            "answer_html": answer_html,
                            "answer_text": answer_text,
                            "put_at_meeting": "put",
                            "supplementary_question": supplementary_q,
                            "supplementary_answer_html": supplementary_html,
                            "supplementary_answered_by": POSTS[post_id - 1] if supplementary_q else None,
                            "written_answer_due_on": written_due,
                            "written_answer_sent_on": written_sent,
                            "written_answer_html": written_html,
                            "written_answer_owed": bool(written_due and not written_sent),
                            "extra_text": "\n".join(
                                p
                                for p in (
                                    supplementary_q,
                                    SUPPLEMENTARY_ANSWER[1] if supplementary_html else "",
                                    f"Written response sent on {written_sent:%d %B %Y}."
                                    if written_html
                                    else "",
                                )
                                if p
                            ),
                            "first_published_at": published_at,
                            "published_at": minutes_at,
                        }
                    )
                # A rejected question now and then, for the statistics.
                if rng.random() < 0.3:
                    question_id += 1
                    received = deadline - dt.timedelta(days=rng.uniform(0.2, 14))
                    _, text, _, _ = compose(rng)
                    questions.append(
                        {
                            "id": question_id,
                            "reference": f"B-{received.year}-{question_id:07d}",
                            "meeting_id": meeting_id,
                            "kind": "public",
                            "status": "rejected",
                            "first_name": "Name",
                            "last_name": "Withheld",
                            "lives_or_works_in_area": True,
                            "publish_name": True,
                            "original_text": text,
                            "tracking_token": secrets.token_hex(16),
                            "received_at": received,
                            "decided_at": received + dt.timedelta(days=1),
                            "rejection_ground_id": rng.randint(1, grounds),
                            "rejection_listed": True,
                            "created_at": received,
                            "updated_at": received,
                        }
                    )
                    events.append(
                        {
                            "question_id": question_id,
                            "at": received + dt.timedelta(days=1),
                            "verb": "reject",
                            "to_status": "rejected",
                            "actor_id": 1,
                            "actor_kind": "staff",
                            "is_public": True,
                            "title": "Question not accepted",
                        }
                    )
        # The archive files entries as they are published: oldest first.
        entries.sort(key=lambda e: (e["first_published_at"], e["meeting_id"], e["number"]))
        log(f"  built {len(questions):,} questions in memory in {time.perf_counter() - started:.1f}s")
        for table, rows in (
            (Meeting.__table__, meetings),
            (Question.__table__, questions),
            (QuestionEvent.__table__, events),
            (Answer.__table__, answers),
            (ArchiveEntry.__table__, entries),
        ):
            t = time.perf_counter()
            _insert(connection, table, rows)
            log(f"  inserted {len(rows):,} {table.name} rows in {time.perf_counter() - t:.1f}s")
        if engine.dialect.name == "postgresql":
            for table in (
                "meeting",
                "question",
                "question_event",
                "answer",
                "archive_entry",
                "committee",
                "post",
            ):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
    t = time.perf_counter()
    create_search_structures(engine)
    rebuild_search_index(engine)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    log(f"  built the search index in {time.perf_counter() - t:.1f}s")
    return {
        "published_questions": len(entries),
        "questions": len(questions),
        "events": len(events),
        "meetings": len(meetings),
        "committees": len(COMMITTEES),
        "years": years,
        "seed": seed,
        "seconds": round(time.perf_counter() - started, 1),
    }
