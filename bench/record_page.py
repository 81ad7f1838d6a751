"""One meeting's published record with 50 questions, written to PUBLICATION_DIR as
publishing writes it (meetings/<id>/questions.html and questions/v1.html).

The page is the council's page template with every question, its questioner, the post
it was put to and the response: the size and shape of a real record. The archive gets
the same record, so the meeting's Python-rendered pages have data too.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from pathlib import Path

from flask import render_template
from jinja2 import ChoiceLoader, FileSystemLoader

from portal import create_app
from portal.demo.archive_text import compose, person
from portal.demo.record import item_for, publish_record
from portal.domain import lifecycle, scheduling
from portal.domain.accounts import create_user
from portal.domain.sanitise import render_markdown
from portal.domain.search import create_search_structures
from portal.domain.states import QuestionKind
from portal.extensions import db
from portal.models import (
    Answer,
    AnswerStatus,
    Committee,
    CommitteeKind,
    CommitteePost,
    Post,
    ProcedureRules,
    Question,
    Role,
    utcnow,
)


def publish_meeting_page(database_url: str, publications: Path, questions: int) -> tuple[int, int]:
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "PUBLICATION_DIR": str(publications)}, env="test"
    )
    app.jinja_loader = ChoiceLoader(
        [FileSystemLoader(str(Path(__file__).parent / "templates")), app.jinja_loader]
    )
    rng = random.Random(50)
    with app.app_context():
        db.create_all()
        create_search_structures(db.engine)
        clerk = create_user(
            email="clerk@bench.invalid",
            first_name="Sarah",
            last_name="Whitlock",
            password=secrets.token_urlsafe(),
            roles={Role.CLERK},
        )
        officer = create_user(
            email="officer@bench.invalid",
            first_name="Daniel",
            last_name="Okafor",
            password=secrets.token_urlsafe(),
            roles={Role.OFFICER},
        )
        posts = [
            Post(title=t)
            for t in (
                "Leader of the council",
                "Cabinet member children and families",
                "Cabinet member finance and corporate services",
            )
        ]
        committee = Committee(
            slug="council",
            name="Council",
            kind=CommitteeKind.COUNCIL,
            rules=ProcedureRules(),
            committee_posts=[CommitteePost(post=p, position=i) for i, p in enumerate(posts)],
        )
        db.session.add(committee)
        db.session.flush()
        starts_at = utcnow() - dt.timedelta(days=3)
        meeting = scheduling.schedule_meeting(
            committee,
            starts_at=starts_at,
            by=clerk,
            venue="Council Chamber, Council Offices, Market Street, Kingsmere",
        )
        published = []
        for number in range(1, questions + 1):
            _, text, answer, _ = compose(rng)
            title, first, last, town = person(rng)
            at = meeting.question_deadline_at - dt.timedelta(days=2)
            q = Question(
                reference=lifecycle.new_reference(at),
                meeting=meeting,
                kind=QuestionKind.PUBLIC,
                title=title,
                first_name=first,
                last_name=last,
                town=town,
                lives_or_works_in_area=True,
                original_text=text,
                tracking_token=secrets.token_urlsafe(24),
            )
            db.session.add(q)
            lifecycle.start(q, "submit", actor=None, actor_kind="questioner", now=at)
            q.received_at = at
            lifecycle.transition(q, "confirm", actor=None, actor_kind="questioner", now=at)
            q.number, q.answering_post = number, rng.choice(posts)
            q.asked_post = q.answering_post
            lifecycle.transition(q, "accept", actor=clerk, now=at)
            db.session.add(
                Answer(
                    question=q,
                    post=q.answering_post,
                    status=AnswerStatus.APPROVED,
                    body_source=answer,
                    body_html=render_markdown(answer),
                    drafted_by=officer,
                    submitted_by=officer,
                    submitted_at=at,
                    approved_by=clerk,
                    approved_at=at,
                )
            )
            lifecycle.transition(q, "submit_answer", actor=officer, now=at)
            lifecycle.transition(q, "approve_answer", actor=clerk, now=at)
            lifecycle.transition(q, "publish", actor=clerk, now=at)
            published.append(q)
        publish_record(meeting, [item_for(q) for q in published], alerts=False)
        with app.test_request_context("/"):
            html = render_template(
                "bench_record.html", meeting=meeting, committee=committee, questions=published
            )
        folder = publications / "meetings" / str(meeting.id)
        (folder / "questions").mkdir(parents=True)
        (folder / "questions.html").write_text(html)
        (folder / "questions" / "v1.html").write_text(html)
        db.session.commit()
        meeting_id = meeting.id
        db.session.remove()
        db.engine.dispose()
    for path in (publications, *publications.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return meeting_id, len(html.encode())
