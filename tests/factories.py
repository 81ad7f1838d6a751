"""Test data that describes a believable council. Plain functions; each flushes."""

from __future__ import annotations

import datetime as dt
import itertools
import secrets

import sqlalchemy as sa

from portal.domain.asking.contact_details import email_identity
from portal.domain.lifecycle import new_reference
from portal.domain.meetings import scheduling
from portal.domain.people.accounts import create_user
from portal.domain.questions.grounds import ensure_standard_grounds
from portal.domain.states import NUMBERED, QuestionKind, QuestionStatus
from portal.extensions import db
from portal.formatting import london_to_utc, to_london
from portal.models import (
    Answer,
    AnswerRevision,
    AnswerStatus,
    Committee,
    CommitteeKind,
    CommitteePost,
    Layout,
    Meeting,
    Post,
    PostDrafter,
    PostHolder,
    ProcedureRules,
    Question,
    QuestionEvent,
    RejectionGround,
    Role,
    User,
    utcnow,
)

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


def make_user(
    *,
    roles: set[str] | set[Role] = frozenset({"clerk"}),
    email: str | None = None,
    first_name: str = "Sam",
    last_name: str | None = None,
    ward: str | None = None,
    job_title: str | None = None,
    password: str = PASSWORD,
) -> User:
    n = next(_seq)
    return create_user(
        email=email or f"staff{n}@example.gov.uk",
        first_name=first_name,
        last_name=last_name or f"Tester{n}",
        password=password,
        roles={Role(r) for r in roles},
        job_title=job_title,
        ward=ward,
    )


def make_post(title: str | None = None, *, holders: list[User] = (), drafters: list[User] = ()) -> Post:
    post = Post(title=title or f"Cabinet member for portfolio {next(_seq)}")
    for user in holders:
        post.holders.append(PostHolder(user=user, starts_on=dt.date(2020, 1, 1)))
    for user in drafters:
        post.drafters.append(PostDrafter(user=user))
    db.session.add(post)
    db.session.flush()
    return post


def make_committee(
    name: str | None = None,
    *,
    slug: str | None = None,
    kind: CommitteeKind = CommitteeKind.COUNCIL,
    layout: Layout = Layout.TABLE,
    takes_public_questions: bool = True,
    takes_member_questions: bool = True,
    posts: list[Post] = (),
    **rules: object,
) -> Committee:
    n = next(_seq)
    committee = Committee(
        name=name or f"Committee {n}",
        slug=slug or f"committee-{n}",
        kind=kind,
        layout=layout,
        takes_public_questions=takes_public_questions,
        takes_member_questions=takes_member_questions,
        rules=ProcedureRules(**rules),
    )
    for position, post in enumerate(posts):
        committee.committee_posts.append(CommitteePost(post=post, position=position))
    db.session.add(committee)
    db.session.flush()
    return committee


def london(year: int, month: int, day: int, hour: int = 14, minute: int = 30) -> dt.datetime:
    return london_to_utc(dt.date(year, month, day), dt.time(hour, minute))


def make_meeting(
    committee: Committee | None = None,
    *,
    starts_at: dt.datetime | None = None,
    days_ahead: int = 30,
    venue: str = "Council Chamber, Market Street, Kingsmere",
    by: User | None = None,
    **details: object,
) -> Meeting:
    committee = committee or make_committee()
    if starts_at is None:
        day = to_london(utcnow()).date() + dt.timedelta(days=days_ahead)
        starts_at = london_to_utc(day, dt.time(14, 30))
    return scheduling.schedule_meeting(
        committee,
        starts_at=starts_at,
        by=by,
        venue=venue,
        contact_name=details.pop("contact_name", "Sarah Whitlock, Democratic Services Officer"),
        contact_email=details.pop("contact_email", "democratic.services@kingsmere.gov.uk"),
        contact_phone=details.pop("contact_phone", "01632 960123"),
        public_questions_item=details.pop("public_questions_item", "3"),
        member_questions_item=details.pop("member_questions_item", "4"),
        **details,
    )


def ground(code: str = "names_staff") -> RejectionGround:
    ensure_standard_grounds()
    return db.session.scalar(sa.select(RejectionGround).where(RejectionGround.code == code))


def next_free_number(meeting: Meeting, kind: QuestionKind) -> int:
    current = db.session.scalar(
        sa.select(sa.func.max(Question.number)).where(
            Question.meeting_id == meeting.id, Question.kind == kind
        )
    )
    return (current or 0) + 1


def make_question(
    meeting: Meeting | None = None,
    *,
    status: QuestionStatus = QuestionStatus.RECEIVED,
    kind: QuestionKind = QuestionKind.PUBLIC,
    text: str = (
        "How many children's social workers are agency staff, and what is being done to recruit "
        "permanent staff?"
    ),
    title: str | None = "Ms",
    first_name: str = "Hannah",
    last_name: str = "Carter",
    email: str | None = None,
    town: str = "Kingsmere",
    publish_name: bool = True,
    post: Post | None = None,
    councillor: User | None = None,
    number: int | None = None,
    received_at: dt.datetime | None = None,
) -> Question:
    """A question already in `status`, with every field that status needs.

    Built directly (not through the lifecycle) so tests can start anywhere; the
    events list holds one record of how it got there.
    """
    meeting = meeting or make_meeting()
    n = next(_seq)
    if kind is QuestionKind.MEMBER and councillor is None:
        councillor = make_user(roles={"councillor"}, first_name="Carole", last_name="Gandy", ward="Mortimer")
    if status in NUMBERED and post is None:
        post = meeting.committee.posts[0] if meeting.committee.posts else make_post()
    email = email or f"questioner{n}@example.com"
    question = Question(
        reference=new_reference(),
        meeting=meeting,
        kind=kind,
        status=status,
        title=None if kind is QuestionKind.MEMBER else title,
        first_name=councillor.first_name if councillor else first_name,
        last_name=councillor.last_name if councillor else last_name,
        email=councillor.email if councillor else email,
        email_normalised=email_identity(councillor.email if councillor else email),
        address_line_1=None if councillor else f"{n} Mill Lane",
        town=None if councillor else town,
        postcode=None if councillor else "KM1 4TT",
        lives_or_works_in_area=True,
        publish_name=publish_name,
        councillor=councillor,
        ward=councillor.ward if councillor else None,
        original_text=text,
        asked_post=post,
        answering_post=post if status in NUMBERED else None,
        tracking_token=secrets.token_urlsafe(32),
        received_at=None
        if status in (QuestionStatus.UNCONFIRMED, QuestionStatus.EXPIRED)
        else (received_at or utcnow()),
    )
    if status in NUMBERED:
        question.number = number or next_free_number(meeting, kind)
    if status is QuestionStatus.REJECTED:
        chosen = ground()
        question.rejection_ground = chosen
        question.rejection_explanation = chosen.public_wording
        question.rejection_listed = chosen.listed_by_default
    if status is QuestionStatus.CLARIFICATION_REQUESTED:
        question.clarification_message = "Please say which service you are asking about."
    question.events.append(
        QuestionEvent(verb="factory", title="Created for a test", to_status=status, actor_kind="system")
    )
    db.session.add(question)
    db.session.flush()
    return question


def make_answer(
    question: Question,
    *,
    status: AnswerStatus = AnswerStatus.DRAFT,
    body: str = "Thank you for your question.\n\n- **27** social workers are agency staff.\n- We are hiring.",
    drafted_by: User | None = None,
    submitted_by: User | None = None,
    approved_by: User | None = None,
    returned_comment: str | None = None,
) -> Answer:
    """An answer in `status`, with one revision, for a question already in the matching status."""
    from portal.domain.sanitise import render_markdown

    post = question.answering_post or make_post()
    drafted_by = drafted_by or (post.drafters[0].user if post.drafters else make_user(roles={"officer"}))
    html = render_markdown(body)
    answer = Answer(
        question=question,
        post=post,
        status=status,
        body_source=body,
        body_html=html,
        drafted_by=drafted_by,
    )
    if status in (AnswerStatus.SUBMITTED, AnswerStatus.APPROVED):
        answer.submitted_by = submitted_by or drafted_by
        answer.submitted_at = utcnow()
    if status is AnswerStatus.APPROVED:
        answer.approved_by = approved_by or (
            post.holders[0].user if post.holders else make_user(roles={"councillor"})
        )
        answer.approved_at = utcnow()
    if status is AnswerStatus.RETURNED:
        answer.returned_comment = returned_comment or "Please add the figures for last quarter."
    answer.revisions.append(AnswerRevision(number=1, body_source=body, body_html=html, author=drafted_by))
    db.session.add(answer)
    db.session.flush()
    return answer


def make_answering_post(
    *, title: str = "Cabinet member children and families", holders=(), drafters=()
) -> Post:
    """The post, reused if a test already made it (titles are unique)."""
    post = db.session.scalar(sa.select(Post).where(Post.title == title))
    if post is None:
        return make_post(title, holders=list(holders), drafters=list(drafters))
    for user in holders:
        post.holders.append(PostHolder(user=user, starts_on=dt.date(2020, 1, 1)))
    for user in drafters:
        post.drafters.append(PostDrafter(user=user))
    db.session.flush()
    return post


# Asking a question ----------------------------------------------------------------------

QUESTIONER_DETAILS = {
    "title": "Ms",
    "first_name": "Hannah",
    "last_name": "Carter",
    "email": "hannah.carter@example.com",
    "phone": "",
    "address_line_1": "12 Mill Lane",
    "address_line_2": "",
    "town": "Kingsmere",
    "postcode": "KM1 4TT",
    "lives_or_works_in_area": True,
    "on_behalf_of": "",
    "publish_name": True,
}


def make_draft(
    meeting: Meeting | None = None, *, text: str | None = None, post: str | None = None, **details
):
    """A draft with every answer given, ready to submit (pass text=None-like overrides to leave gaps)."""
    from portal.domain.asking import drafts

    meeting = meeting or make_meeting()
    answers = {**QUESTIONER_DETAILS, **details}
    answers["text"] = (
        text if text is not None else "How many children's social workers are agency staff this year?"
    )
    answers["post"] = post or drafts.POST_UNKNOWN
    return drafts.new_draft(meeting=meeting, answers=answers)


def make_approved_answer(
    question: Question,
    body_source: str = "Thank you for your question. The council is recruiting permanent social workers.",
    *,
    drafter: User | None = None,
    approver: User | None = None,
    approved_at: dt.datetime | None = None,
) -> Answer:
    """An approved answer to `question`, written as an officer would (Markdown)."""
    from portal.domain.sanitise import render_markdown

    drafter = drafter or make_user(roles={"officer"})
    approver = approver or make_user(roles={"councillor"})
    at = approved_at or utcnow()
    answer = Answer(
        question=question,
        post=question.answering_post or question.asked_post,
        status=AnswerStatus.APPROVED,
        body_source=body_source,
        body_html=render_markdown(body_source),
        drafted_by=drafter,
        submitted_by=drafter,
        submitted_at=at,
        approved_by=approver,
        approved_at=at,
    )
    db.session.add(answer)
    db.session.flush()
    return answer


# The public archive -------------------------------------------------------------------

ANSWER_HTML = (
    "<p>There are 41 agency social workers in children's services, 23% of the workforce. "
    "A recruitment campaign for permanent staff starts in March.</p>"
)


def publish_meeting(
    meeting: Meeting,
    questions: list[Question],
    *,
    answers: dict[int, str] | None = None,
    extras: dict[int, dict] | None = None,
    document: str = "supplement",
    published_at: dt.datetime | None = None,
    clerk: User | None = None,
):
    """Publish a version of the meeting's record through the publishing verbs, which
    file it with the archive and alert the committee's followers. Returns the publication.

    `answers` (HTML, by question id) become the approved answers; a question already
    published gets its new answer in a correction. `document="minutes"` records the
    meeting in the console first, from `extras` (by question id): `put` ("put",
    "read_on_behalf", "not_put"), `read_by`, `supplementary` ({"question", "answer_html",
    "answered_by"}) and `written_answer` ({"due_on", "sent_on", "html"}), then publishes
    the minutes appendix and records each written answer sent (a version each)."""
    from portal.domain.meetings import proceedings
    from portal.domain.record import publishing
    from portal.domain.record.build import published_question_ids
    from portal.models import DocumentKind, PutOutcome

    clerk = clerk or make_user(roles={"clerk"})
    now = (published_at or utcnow()).replace(microsecond=0)
    latest = publishing.latest_publication(meeting)
    already = published_question_ids(meeting) if latest is not None else set()
    changed = False
    for question in questions:
        html = (answers or {}).get(question.id, ANSWER_HTML)
        if question.id in already:
            if question.answer.body_html != html:
                question.answer.body_source = question.answer.body_html = html
                changed = True
            continue
        question.status = QuestionStatus.ANSWER_APPROVED  # as the factory made it: ready to publish
        if question.answer is None:
            make_approved_answer(question, html, approved_at=now - dt.timedelta(days=1))
    db.session.flush()
    if document == "supplement":
        if latest is None or not changed:
            return publishing.publish_supplement(meeting, by=clerk, now=now)
        return publishing.publish_correction(meeting, by=clerk, now=now, change_note="Answer corrected")
    put_values = {"put": PutOutcome.PUT_BY_QUESTIONER, "read_on_behalf": PutOutcome.READ_ON_BEHALF}
    put_values["not_put"] = PutOutcome.NOT_PUT
    sent = []
    for question in questions:
        extra = (extras or {}).get(question.id, {})
        supplementary = extra.get("supplementary") or {}
        written = extra.get("written_answer") or {}
        changes: dict = {
            "put": put_values[extra.get("put", "put")],
            "read_by": extra.get("read_by", "Chair" if extra.get("put") == "read_on_behalf" else ""),
            "supplementary": supplementary.get("question", ""),
            "supplementary_answer": supplementary.get("answer_html", ""),
            "supplementary_answered_by": supplementary.get("answered_by", ""),
            "written_answer_promised": bool(written),
        }
        if written.get("due_on"):
            changes["written_answer_due_on"] = written["due_on"]
        proceedings.save_outcome(question, by=clerk, changes=changes, now=now)
        if written.get("sent_on"):
            sent.append((question, written))
    if meeting.actual_started_at is None:
        proceedings.record_meeting_times(
            meeting,
            by=clerk,
            started_at=meeting.starts_at,
            ended_at=meeting.starts_at + dt.timedelta(hours=2),
            now=now,
        )
    if latest is not None and latest.kind is DocumentKind.MINUTES_APPENDIX:
        publication = publishing.publish_correction(
            meeting, by=clerk, now=now, change_note="Record corrected"
        )
    else:
        publication = publishing.publish_appendix(meeting, by=clerk, now=now)
    for question, written in sent:
        sent_on = written["sent_on"]
        publication = publishing.record_sent_written_answer(
            question,
            by=clerk,
            sent_on=sent_on,
            body_source=written.get("html") or "The figures are attached, as promised at the meeting.",
            now=max(now, london_to_utc(sent_on, dt.time(17, 0))),
        )
    return publication


def make_published_question(
    meeting: Meeting | None = None,
    *,
    text: str = "How many children's social workers are agency staff?",
    answer_html: str = ANSWER_HTML,
    extras: dict | None = None,
    document: str = "supplement",
    **question: object,
) -> Question:
    """A question in a meeting's published record, with its answer (one-question meeting)."""
    meeting = meeting or make_meeting(days_ahead=-7)
    q = make_question(meeting, status=QuestionStatus.ANSWER_APPROVED, text=text, **question)
    publish_meeting(meeting, [q], answers={q.id: answer_html}, extras={q.id: extras or {}}, document=document)
    return q
