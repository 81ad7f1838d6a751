"""Test data that describes a believable council. Plain functions; each flushes."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa

import scenarios.asking as scenarios
from portal.domain.meetings import scheduling
from portal.domain.people.accounts import create_user
from portal.domain.questions.grounds import ensure_standard_grounds
from portal.domain.states import ANSWERED, NUMBERED, QuestionKind, QuestionStatus
from portal.extensions import db
from portal.formatting import london_to_utc, to_london
from portal.models import (
    Answer,
    AnswerStatus,
    Committee,
    CommitteeKind,
    CommitteePost,
    Layout,
    Meeting,
    OutboxMessage,
    Post,
    PostDrafter,
    PostHolder,
    ProcedureRules,
    Question,
    RejectionGround,
    Role,
    User,
    utcnow,
)

F = TypeVar("F", bound=Callable[..., Any])
PASSWORD = "correct horse battery staple"
# Every factory account that uses a second factor has this authenticator key.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
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
    second_factor: bool | None = None,
) -> User:
    """A staff account. Administrators and clerks have an authenticator app set up
    (TOTP_SECRET) unless `second_factor=False`; anyone else has one with `second_factor=True`."""
    n = next(_seq)
    user = create_user(
        email=email or f"staff{n}@example.gov.uk",
        first_name=first_name,
        last_name=last_name or f"Tester{n}",
        password=password,
        roles={Role(r) for r in roles},
        job_title=job_title,
        ward=ward,
    )
    if second_factor is None:
        second_factor = user.has_role(Role.ADMIN, Role.CLERK)
    if second_factor:
        give_second_factor(user)
    return user


def give_second_factor(user: User, secret: str = TOTP_SECRET) -> None:
    """As if they had scanned the QR code (no recovery codes: tests that need them make them)."""
    from portal.domain.people.second_factor import encrypt_secret

    user.totp_secret = encrypt_secret(secret)
    user.totp_confirmed_at = utcnow()
    db.session.flush()


def totp_code(user: User | None = None, secret: str = TOTP_SECRET) -> str:
    """The authenticator code now, as if a new one had just come up: the account's record of
    the last code used is cleared, so signing the same account in twice in one 30 seconds works."""
    import pyotp

    if user is not None:
        user.totp_last_step = None
        db.session.flush()
    return pyotp.TOTP(secret).now()


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


def _without_its_mail(build: F) -> F:
    """The e-mail the factory's own steps queue is left out, so a test sees only its own."""

    @functools.wraps(build)
    def quietly(*args: object, **kwargs: object) -> object:
        before = db.session.scalar(sa.select(sa.func.max(OutboxMessage.id))) or 0
        built = build(*args, **kwargs)
        db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.id > before))
        db.session.flush()
        return built

    return quietly  # type: ignore[return-value]


def _factory_clerk() -> User:
    """The member of democratic services who makes the factory's decisions: one per test."""
    clerk = db.session.scalar(sa.select(User).where(User.email == FACTORY_CLERK_EMAIL))
    if clerk is None:
        clerk = make_user(
            roles={"clerk"}, email=FACTORY_CLERK_EMAIL, first_name="Sarah", last_name="Whitlock"
        )
    return clerk


FACTORY_CLERK_EMAIL = "sarah.whitlock@kingsmere.gov.uk"
# The steps that take a question from received to each status, after it is asked.
_TO_ANSWERED = (QuestionStatus.ANSWER_DRAFTED, QuestionStatus.ANSWER_APPROVED, *ANSWERED)


def _asked_at(meeting: Meeting, received_at: dt.datetime | None) -> dt.datetime:
    """When the question was sent: as the test says, or now; but never after the meeting's
    deadline, since the asking verbs take no question after it (a past meeting's questions
    were sent a day before its deadline)."""
    # A few seconds ago, so that the steps after it (a second apart) are not in the future.
    at = received_at or utcnow() - dt.timedelta(seconds=5)
    if at >= meeting.question_deadline_at:
        at = meeting.question_deadline_at - dt.timedelta(days=1)
    return at


@_without_its_mail
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
    on_behalf_of: str | None = None,
    post: Post | None = None,
    councillor: User | None = None,
    number: int | None = None,
    received_at: dt.datetime | None = None,
) -> Question:
    """A question taken to `status` by the lifecycle's own verbs, as people would have: asked
    (a draft submitted and confirmed, or a councillor's member question), then accepted,
    rejected, answered, published... by democratic services and the post's officers.

    Every step is dated no later than the meeting allows, and the e-mail the steps queue is
    left out, so a test sees only the mail its own steps send.
    """
    meeting = meeting or make_meeting()
    n = next(_seq)
    if kind is QuestionKind.MEMBER and councillor is None:
        councillor = make_user(roles={"councillor"}, first_name="Carole", last_name="Gandy", ward="Mortimer")
    needs_post = status in NUMBERED or status in _TO_ANSWERED
    if needs_post and post is None:
        post = meeting.committee.posts[0] if meeting.committee.posts else make_post()
    at = _asked_at(meeting, received_at)
    asker = scenarios.Asker(
        first_name=councillor.first_name if councillor else first_name,
        last_name=councillor.last_name if councillor else last_name,
        email=email or f"questioner{n}@example.com",
        title=title,
        town=town,
        address=f"{n} Mill Lane",
        postcode="KM1 4TT",
        publish_name=publish_name,
        on_behalf_of=on_behalf_of,
        councillor=councillor,
    )
    unconfirmed = status in (QuestionStatus.UNCONFIRMED, QuestionStatus.EXPIRED)
    question = scenarios.ask(
        meeting,
        asker,
        text,
        at=at,
        key=f"factory-{n}",
        # Asked of the post if the committee lists it; otherwise "not sure", and the clerk
        # chooses the post on accepting.
        post=post if post in meeting.committee.posts else None,
        confirmed_after=None if unconfirmed else dt.timedelta(seconds=1),
    )
    _take_to(question, status, post=post, at=at + dt.timedelta(seconds=2), number=number)
    return question


def _take_to(
    question: Question, status: QuestionStatus, *, post: Post | None, at: dt.datetime, number: int | None
) -> None:
    """From received (or unconfirmed) on to `status`, through the verbs."""
    from portal.domain.asking import questioner, submission
    from portal.domain.questions import moderation

    S = QuestionStatus
    if status in (S.UNCONFIRMED, S.RECEIVED):
        return
    if status is S.EXPIRED:
        submission.expire_unconfirmed(now=at + dt.timedelta(days=30))
        return
    clerk = _factory_clerk()
    if status is S.REJECTED:
        chosen = ground()
        moderation.reject(question, by=clerk, ground=chosen, explanation=chosen.public_wording, now=at)
    elif status is S.CLARIFICATION_REQUESTED:
        moderation.request_clarification(
            question, by=clerk, message="Please say which service you are asking about.", now=at
        )
    elif status is S.WITHDRAWN:
        questioner.withdraw_question(question, "I have had an answer from the service", now=at)
    else:
        moderation.accept(question, by=clerk, post=post, now=at)
        if number is not None and question.number != number:
            moderation.set_question_order(question.meeting, question.kind, {question.id: number}, by=clerk)
        if status in _TO_ANSWERED:
            _answer(question, at=at, approve=status is not S.ANSWER_DRAFTED)
        if status in ANSWERED:
            due_on = to_london(question.meeting.starts_at).date() + dt.timedelta(days=28)
            owed = {"written_answer": {"due_on": due_on}}
            publish_meeting(
                question.meeting,
                [question],
                document="supplement" if status is S.PUBLISHED else "minutes",
                extras={question.id: owed} if status is S.AWAITING_WRITTEN_ANSWER else None,
                clerk=clerk,
            )
            if question.status is not status:
                raise ValueError(f"make_question cannot yet make a question {status.value}")


def _answer(question: Question, *, at: dt.datetime, approve: bool, body: str | None = None) -> Answer:
    """The post's officer drafts the answer and sends it for approval; a holder approves it."""
    from portal.domain.questions import answers

    post = question.answering_post
    drafter = _drafter(post)
    answers.save_draft(question, by=drafter, source=body or ANSWER_HTML, now=at)
    answers.submit_for_approval(question, by=drafter, now=at)
    if approve:
        answers.approve(question, by=_holder(post, not_user=drafter), now=at)
    return question.answer


def _drafter(post: Post, chosen: User | None = None) -> User:
    """`chosen` (made one of the post's drafters if need be), or the post's first drafter,
    or a new officer who drafts for it."""
    drafter = chosen or scenarios.drafter_for(post) or make_user(roles={"officer"})
    if all(d.user_id != drafter.id for d in post.drafters):
        post.drafters.append(PostDrafter(user=drafter))
        db.session.flush()
    return drafter


def _holder(post: Post, not_user: User | None = None, chosen: User | None = None) -> User:
    """`chosen` (made a holder of the post if need be), or a holder who is not `not_user`,
    or a new councillor holding it."""
    holder = chosen or scenarios.holder_for(post, not_user=not_user) or make_user(roles={"councillor"})
    if all(h.user_id != holder.id for h in post.holders):
        post.holders.append(PostHolder(user=holder, starts_on=dt.date(2020, 1, 1)))
        db.session.flush()
    return holder


ANSWER_SOURCE = "Thank you for your question.\n\n- **27** social workers are agency staff.\n- We are hiring."


@_without_its_mail
def make_answer(
    question: Question,
    *,
    status: AnswerStatus = AnswerStatus.DRAFT,
    body: str = ANSWER_SOURCE,
    drafted_by: User | None = None,
    approved_by: User | None = None,
    returned_comment: str | None = None,
) -> Answer:
    """An answer in `status` to an accepted question, drafted, sent and decided through the
    answer verbs (by `drafted_by` and `approved_by`, made the post's if they are not)."""
    from portal.domain.questions import answers

    post = question.answering_post
    drafter = _drafter(post, drafted_by)
    answers.save_draft(question, by=drafter, source=body)
    if status is not AnswerStatus.DRAFT:
        answers.submit_for_approval(question, by=drafter)
    holder = _holder(post, not_user=drafter, chosen=approved_by)
    if status is AnswerStatus.APPROVED:
        answers.approve(question, by=holder)
    elif status is AnswerStatus.RETURNED:
        answers.return_for_changes(
            question, by=holder, comment=returned_comment or "Please add the figures for last quarter."
        )
    db.session.flush()
    return question.answer


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


@_without_its_mail
def make_approved_answer(
    question: Question,
    body_source: str = "Thank you for your question. The council is recruiting permanent social workers.",
    *,
    drafter: User | None = None,
    approver: User | None = None,
    approved_at: dt.datetime | None = None,
) -> Answer:
    """`question`'s answer, written by `drafter` as an officer would (Markdown) and approved
    by `approver`, through the answer verbs. An answer already approved is reopened first."""
    from portal.domain.questions import answers

    if question.status is QuestionStatus.ANSWER_APPROVED:
        answers.reopen(question, by=_factory_clerk(), reason="Rewritten for the test", now=approved_at)
    post = question.answering_post
    drafter = _drafter(post, drafter)
    approver = _holder(post, not_user=drafter, chosen=approver)
    if question.status is QuestionStatus.ANSWER_DRAFTED:
        answers.return_for_changes(question, by=approver, comment="Rewritten for the test", now=approved_at)
    answers.save_draft(question, by=drafter, source=body_source, now=approved_at)
    answers.submit_for_approval(question, by=drafter, now=approved_at)
    answers.approve(question, by=approver, now=approved_at)
    db.session.flush()
    return question.answer


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
        if question.status is not QuestionStatus.ANSWER_APPROVED or (
            html != ANSWER_HTML and question.answer.body_html != html
        ):
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
