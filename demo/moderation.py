"""Demo work in progress: questions decided and answers on their way, so the demo clerk,
officer and councillor each have something to do on `make run`.

Moves questions only through the domain verbs (accept, save_draft, submit, approve), as
the staff would. Questions are created here only when the demo has none at all.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portal.domain.meetings import scheduling
from portal.domain.people.accounts import find_user_by_email
from portal.domain.questions import answers, moderation
from portal.domain.states import QuestionStatus
from portal.extensions import db
from portal.models import AnswerTemplate, Committee, Meeting, Post, Question, User, utcnow
from scenarios import asking as steps
from scenarios.asking import Asker

CHILDREN_POST = "Cabinet member children and families"
DIRECTOR_POST = "Director for Children and Young People"

TEMPLATES = (
    (
        CHILDREN_POST,
        "Opening and thanks",
        "Thank you for your question, and for raising an issue that matters to so many families "
        "in Kingsmere.",
    ),
    (
        CHILDREN_POST,
        "Social worker recruitment: current position",
        "We are working hard to recruit and keep permanent social workers. Since April we have:\n\n"
        "- offered a **retention payment** to experienced social workers\n"
        "- started a graduate programme with Kingsmere University\n"
        "- reduced the number of agency staff from 41 to 33\n\n"
        "Progress is reported to the Children and Young People Scrutiny Committee every quarter.",
    ),
    (
        DIRECTOR_POST,
        "Individual cases cannot be discussed",
        "I am sorry, but I cannot discuss individual children or families at a public meeting. "
        "If you would like to talk about your family's circumstances, please contact the service "
        "directly and I will make sure a senior manager gets in touch.",
    ),
)

# (title, first, last, town, days ago, text, post asked)
QUESTIONS = (
    (
        "Ms",
        "Joanne",
        "Whitcombe",
        "Kingsmere",
        9,
        "How many children's social workers in Kingsmere are agency staff, and what is the council "
        "doing to recruit and keep permanent social workers?",
        CHILDREN_POST,
    ),
    (
        "Mr",
        "Kevin",
        "Aldridge",
        "Eastholme",
        8,
        "How many children were waiting for an Education, Health and Care Plan assessment at the end "
        "of each of the last four quarters, and how many of those assessments finished within 20 weeks?",
        CHILDREN_POST,
    ),
    (
        "Mrs",
        "Pauline",
        "Hart",
        "Kingsmere",
        6,
        "What support does the council give to kinship carers who are looking after a grandchild, and "
        "how is that support explained to families when a child first comes to live with them?",
        CHILDREN_POST,
    ),
    (
        "Ms",
        "Lauren",
        "Pike",
        "Westcote",
        4,
        "When will the new family hub in Westcote open, and which services will families be able to "
        "use there?",
        CHILDREN_POST,
    ),
    (
        "Ms",
        "Claire",
        "Osborne",
        "Kingsmere",
        2,
        "My son Jack (9) has had four social workers in a year. His social worker, Ms Patel, told us our "
        "case would be closed. Why are families like ours passed from worker to worker?",
        CHILDREN_POST,
    ),
)

ANSWERS = {
    0: (
        "Thank you for your question.\n\n"
        "At the end of last month **33** of our 118 children's social workers were agency staff, down from "
        "41 a year ago. We are working to reduce this further by:\n\n"
        "1. offering a retention payment to experienced social workers\n"
        "2. running a graduate programme with Kingsmere University\n"
        "3. reducing caseloads so that the work is ++manageable++\n\n"
        "| Quarter | Agency social workers | Permanent social workers |\n"
        "| --- | --- | --- |\n"
        "| Quarter 1 | 41 | 77 |\n"
        "| Quarter 2 | 33 | 85\\* |\n\n"
        "\\* For clarity, this includes six newly qualified social workers in their first year.\n\n"
        "Progress is reported to the [Children and Young People Scrutiny Committee]"
        "(https://www.kingsmere.gov.uk) every quarter."
    ),
    1: (
        "Thank you for your question.\n\n"
        "The figures for the last four quarters are below.\n\n"
        "| Quarter | Waiting at the end of the quarter | Finished within 20 weeks |\n"
        "| --- | --- | --- |\n"
        "| Quarter 2 last year | 212 | 38% |\n"
        "| Quarter 3 last year | 231 | 41% |\n"
        "| Quarter 4 last year | 198 | 52% |\n"
        "| Quarter 1 this year | 176 | 61% |\n\n"
        "We have recruited two more educational psychologists, and *every* family waiting is now "
        "contacted each month."
    ),
}


def _user(email: str) -> User | None:
    return find_user_by_email(email)


def _post(title: str) -> Post | None:
    return db.session.scalar(sa.select(Post).where(Post.title == title))


def _load_templates(report: list[str], by: User | None) -> None:
    for post_title, title, body in TEMPLATES:
        post = _post(post_title)
        if post is None:
            continue
        exists = db.session.scalar(
            sa.select(AnswerTemplate.id).where(
                AnswerTemplate.post_id == post.id, AnswerTemplate.title == title
            )
        )
        if exists is None:
            db.session.add(
                AnswerTemplate(post=post, title=title, body_source=body, created_by_id=by.id if by else None)
            )
            report.append(f"Added answer template \u201c{title}\u201d")
    db.session.flush()


def _open_council_meeting() -> Meeting | None:
    council = db.session.scalar(sa.select(Committee).where(Committee.slug == "council"))
    if council is None:
        return None
    return next((m for m in scheduling.upcoming_meetings() if m.committee_id == council.id), None)


def _demo_key(index: int) -> str:
    return f"demo-moderation-{index}"


def _ask_demo_questions(meeting: Meeting, report: list[str]) -> list[Question]:
    """The residents' questions, sent and confirmed through the asking verbs; once each."""
    now = utcnow()
    questions: list[Question] = []
    added = 0
    for index, (title, first, last, town, days_ago, text, post_title) in enumerate(QUESTIONS):
        existing = db.session.scalar(sa.select(Question).where(Question.submission_key == _demo_key(index)))
        if existing is not None:
            questions.append(existing)
            continue
        at = now - dt.timedelta(days=days_ago, hours=3)
        question = steps.ask(
            meeting,
            Asker(
                first, last, f"{first}.{last}@example.com".lower(), title=title, town=town, postcode="KM2 7QP"
            ),
            text,
            at=at,
            key=_demo_key(index),
            post=_post(post_title),
            confirmed_after=dt.timedelta(minutes=20),
        )
        questions.append(question)
        added += 1
    if added:
        report.append(f"Added {added} residents' questions to the Council meeting")
    return questions


def load() -> list[str]:
    report: list[str] = []
    clerk = _user("clerk@kingsmere.gov.uk")
    officer = _user("officer@kingsmere.gov.uk")
    councillor = _user("councillor@kingsmere.gov.uk")
    _load_templates(report, clerk)
    children = _post(CHILDREN_POST)
    meeting = _open_council_meeting()
    if clerk is None or officer is None or councillor is None or children is None or meeting is None:
        return report
    questions = _ask_demo_questions(meeting, report)

    # The oldest three are accepted; the newest two stay in the clerk's queue.
    to_accept = [q for q in questions[:3] if q.status is QuestionStatus.RECEIVED]
    for question in to_accept:
        moderation.accept(question, by=clerk, post=children)
    if to_accept:
        report.append(f"Accepted {len(to_accept)} questions for {CHILDREN_POST}")

    # Two answers on their way: one waiting for the councillor's approval, one approved.
    drafted = 0
    for index, question in enumerate(questions[:2]):
        if question.status is not QuestionStatus.ACCEPTED or question.answer is not None:
            continue
        answers.save_draft(question, by=officer, source=ANSWERS[index], note="First draft")
        answers.submit_for_approval(question, by=officer)
        if index == 1:
            answers.approve(question, by=councillor)
        drafted += 1
    if drafted:
        report.append(f"Drafted {drafted} answers for {CHILDREN_POST}")
    db.session.flush()
    return report
