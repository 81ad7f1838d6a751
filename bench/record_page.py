"""One meeting's published record with 50 questions, published through the portal's
own verbs: each question submitted and confirmed, accepted onto the numbered list,
answered by an officer and approved by a holder of the post, then the agenda supplement
published. Publishing renders every format and, once committed, writes the files to
PUBLICATION_DIR (meetings/<id>/questions.html and questions/v1.html, and the downloads),
which is what nginx and the Flask route serve in the benchmark.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from pathlib import Path

from demo.archive_text import compose, person
from portal import create_app
from portal.domain.archive.search import create_search_structures
from portal.domain.meetings import scheduling
from portal.domain.people.accounts import create_user
from portal.domain.record import publishing
from portal.extensions import db
from portal.models import (
    Committee,
    CommitteeKind,
    CommitteePost,
    Post,
    PostDrafter,
    PostHolder,
    ProcedureRules,
    Role,
    utcnow,
)
from scenarios.asking import Asker, accept_and_answer, ask


def _user(email: str, first: str, last: str, role: Role):
    return create_user(
        email=email, first_name=first, last_name=last, password=secrets.token_urlsafe(), roles={role}
    )


def publish_meeting_page(database_url: str, publications: Path, questions: int) -> tuple[int, int]:
    """Publish the meeting; return its id and the size of its published HTML page."""
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "PUBLICATION_DIR": str(publications)}, env="test"
    )
    rng = random.Random(50)
    with app.app_context():
        db.create_all()
        create_search_structures(db.engine)
        clerk = _user("clerk@bench.invalid", "Sarah", "Whitlock", Role.CLERK)
        officer = _user("officer@bench.invalid", "Daniel", "Okafor", Role.OFFICER)
        holder = _user("holder@bench.invalid", "Priya", "Natarajan", Role.COUNCILLOR)
        posts = []
        for title in (
            "Leader of the council",
            "Cabinet member children and families",
            "Cabinet member finance and corporate services",
        ):
            post = Post(title=title)
            post.holders.append(PostHolder(user=holder, starts_on=dt.date(2020, 1, 1)))
            post.drafters.append(PostDrafter(user=officer))
            posts.append(post)
        committee = Committee(
            slug="council",
            name="Council",
            kind=CommitteeKind.COUNCIL,
            rules=ProcedureRules(),
            committee_posts=[CommitteePost(post=p, position=i) for i, p in enumerate(posts)],
        )
        db.session.add(committee)
        db.session.flush()
        meeting = scheduling.schedule_meeting(
            committee,
            starts_at=utcnow() + dt.timedelta(days=3),
            by=clerk,
            venue="Council Chamber, Council Offices, Market Street, Kingsmere",
            public_questions_item="5",
        )
        at = meeting.question_deadline_at - dt.timedelta(days=4)
        for number in range(1, questions + 1):
            _, text, answer, _ = compose(rng)
            title, first, last, town = person(rng)
            asker = Asker(first, last, f"asker{number}@bench.invalid", title=title, town=town)
            asked = at + dt.timedelta(minutes=number)
            question = ask(meeting, asker, text, at=asked, key=f"bench-record-page-{meeting.id}-{number}")
            accept_and_answer(
                question,
                answer,
                clerk=clerk,
                post=rng.choice(posts),
                drafter=officer,
                approver=holder,
                accepted_at=asked + dt.timedelta(hours=1),
                drafted_at=asked + dt.timedelta(hours=2),
                approved_at=asked + dt.timedelta(hours=3),
            )
        published = publishing.publish_supplement(meeting, by=clerk, now=at + dt.timedelta(days=1))
        size = published.file("html").size
        meeting_id = meeting.id
        db.session.commit()  # writes the files to PUBLICATION_DIR
        db.session.remove()
        db.engine.dispose()
    for path in (publications, *publications.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return meeting_id, size
