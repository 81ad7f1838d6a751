"""Asking a question: the rules a question must meet, submitting it, confirming it, expiry.

A public question is stored `unconfirmed` and the questioner is e-mailed a link to
confirm it; only a confirmed question reaches the council. A question counts as on time
if it was submitted before the deadline: confirming it afterwards is allowed, for 48
hours or until the meeting starts, whichever is sooner (docs/decisions/0021).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext, ngettext

from portal.domain import lifecycle
from portal.domain.asking import drafts, links
from portal.domain.asking.contact_details import email_identity, normalise_postcode, tidy_email, word_count
from portal.domain.conditions import confirmation_deadline, is_open_for_public_questions
from portal.domain.errors import Invalid, Refused
from portal.domain.lifecycle import QUESTIONER, new_reference, record_event
from portal.domain.messages import notify
from portal.domain.states import CONFIRMED, COUNTS_TOWARDS_LIMIT, QuestionKind, QuestionStatus
from portal.extensions import db
from portal.formatting import current_language
from portal.models import Meeting, Post, ProcedureRules, Question, QuestionDraft, utcnow

log = logging.getLogger(__name__)

S = QuestionStatus
MAX_CONFIRMATION_EMAILS = 4


class SubmissionError(Invalid):
    """A rule the question does not meet, worded for the questioner, with the page field it concerns."""


class DeadlinePassed(SubmissionError):
    """The meeting stopped taking questions while the questioner was writing."""

    def __init__(self, meeting: Meeting) -> None:
        super().__init__(gettext("The deadline for questions to this meeting has passed"), field="meeting")
        self.meeting = meeting


class LimitReached(SubmissionError):
    """The person has already asked as many questions as the meeting allows."""

    def __init__(self, earlier: Question, allowed: int) -> None:
        if earlier.meeting.questions_per_person is not None:
            # The meeting's own limit, not the committee's: say it is this meeting's.
            message = ngettext(
                "You have already asked a question for this meeting (reference %(reference)s). "
                "This meeting allows %(num)d question from each person",
                "You have already asked %(num)d questions for this meeting (the latest is "
                "%(reference)s). This meeting allows %(num)d questions from each person",
                allowed,
                reference=earlier.reference,
            )
        elif allowed == 1:
            message = gettext(
                "You have already asked a question for this meeting (reference %(reference)s). "
                "You can ask 1 question at each meeting",
                reference=earlier.reference,
            )
        else:
            message = gettext(
                "You have already asked %(allowed)s questions for this meeting (the latest is "
                "%(reference)s). You can ask %(allowed)s questions at each meeting",
                allowed=allowed,
                reference=earlier.reference,
            )
        super().__init__(message, field="email")
        self.earlier = earlier


class ConfirmationTooLate(SubmissionError):
    def __init__(self, question: Question) -> None:
        super().__init__(gettext("This question was not confirmed in time"))
        self.question = question


@dataclass(frozen=True)
class Submitted:
    question: Question
    # False when the same draft had already been submitted (a double click, the back button).
    is_new: bool
    # True when the question went straight to the council (a resubmission from the same address).
    confirmed: bool


# Rules an administrator may set for one meeting (Meeting.<name>; None: the committee's).
MEETING_OWN_RULES = frozenset({"questions_per_person"})


def committee_rule(meeting: Meeting, name: str) -> int:
    """One of the committee's procedure rules, or its default if the committee has none yet;
    the meeting's own where an administrator set one. Never writes, so pages can call it."""
    own = getattr(meeting, name) if name in MEETING_OWN_RULES else None
    if own is not None:
        return int(own)
    rules = meeting.committee.rules
    value = getattr(rules, name, None) if rules is not None else None
    return int(value if value is not None else ProcedureRules.__table__.c[name].default.arg)


def word_limit(meeting: Meeting) -> int:
    return committee_rule(meeting, "word_limit")


def word_limit_problem(text: str, meeting: Meeting) -> str | None:
    limit = word_limit(meeting)
    count = word_count(text)
    if count > limit:
        over = ngettext("%(num)d word", "%(num)d words", count - limit)
        return gettext(
            "Your question must be %(limit)s words or fewer. It is %(over)s too long", limit=limit, over=over
        )
    return None


def check_meeting_open(meeting: Meeting, now: dt.datetime | None = None) -> None:
    if not is_open_for_public_questions(meeting, now):
        raise DeadlinePassed(meeting)


def earlier_questions(
    meeting: Meeting, *, identity: str | None = None, councillor_id: int | None = None
) -> list[Question]:
    """Questions from one person (by e-mail identity, or councillor) that count towards the limit."""
    query = sa.select(Question).where(
        Question.meeting_id == meeting.id, Question.status.in_(sorted(COUNTS_TOWARDS_LIMIT))
    )
    if councillor_id is not None:
        query = query.where(Question.kind == QuestionKind.MEMBER, Question.councillor_id == councillor_id)
    else:
        query = query.where(Question.kind == QuestionKind.PUBLIC, Question.email_normalised == identity)
    return list(db.session.scalars(query.order_by(Question.created_at.desc(), Question.id.desc())))


def on_behalf_counts(meeting: Meeting) -> bool:
    """Whether questions asked on behalf of someone else count against the asker's allowance:
    the meeting's own rule where an administrator set one, else the committee's."""
    if meeting.on_behalf_counts is not None:
        return meeting.on_behalf_counts
    rules = meeting.committee.rules
    return bool(rules.on_behalf_counts) if rules is not None and rules.on_behalf_counts is not None else False


def check_limit(meeting: Meeting, email: str, *, on_behalf_of: str | None = None) -> None:
    """One question per person per meeting (or the committee's number, or the meeting's
    own), by e-mail identity.

    Unless the meeting's or committee's rules say otherwise, a question asked on behalf of someone else
    or of an organisation is not the asker's own: it neither uses up their allowance nor
    is refused because they have used it."""
    if (on_behalf_of or "").strip() and not on_behalf_counts(meeting):
        return
    allowed = committee_rule(meeting, "questions_per_person")
    earlier = earlier_questions(meeting, identity=email_identity(email))
    if not on_behalf_counts(meeting):
        earlier = [q for q in earlier if not (q.on_behalf_of or "").strip()]
    if len(earlier) >= allowed:
        raise LimitReached(earlier[0], allowed)


def post_choices(meeting: Meeting) -> list[Post]:
    return list(meeting.committee.posts)


def _chosen_post(draft: QuestionDraft) -> Post | None:
    value = (draft.answers or {}).get("post")
    if not value or value == drafts.POST_UNKNOWN or draft.meeting is None:
        return None
    for post in post_choices(draft.meeting):
        if str(post.id) == str(value):
            return post
    raise SubmissionError(gettext("Select who your question is for"), field="post")


def save_details(
    draft: QuestionDraft, details: dict, *, trap_filled: bool = False, now: dt.datetime | None = None
) -> None:
    """Save the questioner's details, tidied. Then LimitReached if this address has already
    asked at the meeting: what they typed is saved either way."""
    if trap_filled:
        log.info("A details form was sent with the trap field filled in")
        drafts.mark_suspect(draft)
    details = {
        **details,
        "email": tidy_email(details["email"]),
        "postcode": normalise_postcode(details["postcode"]),
    }
    drafts.save_answers(draft, details, now)
    if draft.meeting is not None:
        check_limit(draft.meeting, details["email"], on_behalf_of=details.get("on_behalf_of"))


def save_question(draft: QuestionDraft, text: str, post: str, now: dt.datetime | None = None) -> bool:
    """Save the question and who it is for. SubmissionError (after saving) if it is over the
    word limit; otherwise whether answered questions like it exist."""
    from portal.domain.questions import similarity

    drafts.save_answers(draft, {"text": text, "post": post}, now)
    problem = word_limit_problem(text, draft.meeting)
    if problem:
        raise SubmissionError(problem, field="text")
    return bool(similarity.similar_questions(text, now=now))


def find_by_submission_key(key: str | None) -> Question | None:
    if not key:
        return None
    return db.session.scalar(sa.select(Question).where(Question.submission_key == key))


def check_draft(draft: QuestionDraft, now: dt.datetime | None = None) -> None:
    """Every rule a complete draft must meet before it is submitted; SubmissionError if not."""
    if draft.meeting is None:
        raise SubmissionError(gettext("Select a meeting"), field="meeting")
    check_meeting_open(draft.meeting, now)
    if not drafts.has_details(draft):
        raise SubmissionError(gettext("Enter your details"), field="details")
    answers = draft.answers
    if not drafts.has_question(draft):
        raise SubmissionError(gettext("Enter your question"), field="text")
    problem = word_limit_problem(answers["text"], draft.meeting)
    if problem:
        raise SubmissionError(problem, field="text")
    _chosen_post(draft)
    check_limit(draft.meeting, answers["email"], on_behalf_of=answers.get("on_behalf_of"))


def submit_draft(
    draft: QuestionDraft, now: dt.datetime | None = None, language: str | None = None
) -> Submitted:
    """Store the draft as a question, queue the e-mail, and delete the draft. The question
    is recorded in `language`, by default the language of the pages it was sent from.

    Submitting the same draft again returns the question it made the first time.
    """
    now = now or utcnow()
    existing = find_by_submission_key(draft.submission_key)
    if existing is not None:
        return Submitted(existing, is_new=False, confirmed=existing.status in CONFIRMED)
    if draft.meeting is not None:
        lifecycle.lock_meeting(draft.meeting)  # so the limit holds when two submit at once
        # A second click waits here for the first; once it has the lock, the first is stored.
        existing = find_by_submission_key(draft.submission_key)
        if existing is not None:
            return Submitted(existing, is_new=False, confirmed=existing.status in CONFIRMED)
    check_draft(draft, now)
    answers = draft.answers
    meeting = draft.meeting
    email = tidy_email(answers["email"])
    question = Question(
        reference=new_reference(now),
        meeting=meeting,
        kind=QuestionKind.PUBLIC,
        title=answers.get("title") or None,
        first_name=answers["first_name"],
        last_name=answers["last_name"],
        email=email,
        email_normalised=email_identity(email),
        phone=answers.get("phone") or None,
        address_line_1=answers.get("address_line_1") or None,
        address_line_2=answers.get("address_line_2") or None,
        town=answers["town"],
        postcode=normalise_postcode(answers["postcode"]),
        lives_or_works_in_area=bool(answers.get("lives_or_works_in_area")),
        on_behalf_of=answers.get("on_behalf_of") or None,
        publish_name=bool(answers.get("publish_name", True)),
        original_text=answers["text"],
        language=language or current_language(),
        asked_post=_chosen_post(draft),
        submission_key=draft.submission_key,
        resubmission_of=draft.resubmission_of,
        created_at=now,
        updated_at=now,
    )
    db.session.add(question)
    lifecycle.decide_new(question, "submit", questioner=True, now=now).record()
    earlier = draft.resubmission_of
    confirmed = False
    if earlier is not None and earlier.email_normalised == question.email_normalised:
        # Sent from the tracking page of a question whose address was confirmed: no need to ask again.
        _confirm(question, now, data={"resubmission_of": earlier.reference})
        notify.tell_questioner(
            "question_resubmitted",
            question,
            dedupe_key=f"resubmitted-{question.id}",
            earlier=earlier,
        )
        confirmed = True
    else:
        queue_confirmation(question, now)
    if earlier is not None:
        record_event(
            earlier,
            "resubmitted",
            title="You sent a corrected question",
            actor=None,
            actor_kind=QUESTIONER,
            public_note=f"The corrected question's reference is {question.reference}.",
            data={"resubmission": question.reference},
            now=now,
        )
    drafts.discard(draft)
    log.info("Question %s submitted (confirmed: %s)", question.reference, confirmed)
    return Submitted(question, is_new=True, confirmed=confirmed)


def queue_confirmation(question: Question, now: dt.datetime | None = None, *, resend: int = 0) -> None:
    now = now or utcnow()
    token = links.confirm_url_token(question)
    notify.queue_for_questioner(
        "confirm_question",
        question,
        dedupe_key=f"confirm-{question.id}-{resend}",
        confirm_url=notify.absolute_url(f"/ask/confirm/{token}"),
        confirm_by=confirmation_deadline(question),
    )


def resend_confirmation(question: Question, now: dt.datetime | None = None) -> bool:
    """Send the confirmation e-mail again (a few times at most). False when it cannot be."""
    from portal.models import OutboxMessage

    now = now or utcnow()
    if question.status is not S.UNCONFIRMED or now >= confirmation_deadline(question):
        return False
    sent = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.question_id == question.id, OutboxMessage.template == "confirm_question")
    )
    if sent >= MAX_CONFIRMATION_EMAILS:
        return False
    queue_confirmation(question, now, resend=sent)
    return True


def _confirm(question: Question, now: dt.datetime, data: dict | None = None) -> None:
    decision = lifecycle.decide(question, "confirm", questioner=True, now=now)
    decision.question.received_at = decision.now  # the CHECK constraint wants it as the status changes
    decision.record(data=data)
    decision.tell("question_received", dedupe_key=f"received-{question.id}")


def confirm_question(question: Question, now: dt.datetime | None = None) -> bool:
    """Confirm the questioner's address: the question reaches the council.

    Returns False if it was already confirmed (a second click on the link changes nothing);
    ConfirmationTooLate if it expired first.
    """

    def not_yet_confirmed(question: Question) -> None:
        if question.status in CONFIRMED:
            raise _AlreadyConfirmed

    try:
        decision = lifecycle.decide(
            question,
            "confirm",
            questioner=True,
            check=not_yet_confirmed,
            refusal=lambda words: ConfirmationTooLate(question),
            now=now,
        )
    except _AlreadyConfirmed:
        return False
    decision.question.received_at = decision.now  # the CHECK constraint wants it as the status changes
    decision.record()
    decision.tell("question_received", dedupe_key=f"received-{question.id}")
    return True


class _AlreadyConfirmed(Exception):
    """A second click on the confirmation link: nothing to do."""


def expire_unconfirmed(now: dt.datetime | None = None) -> int:
    """Expire questions nobody confirmed in time. Returns how many."""
    now = now or utcnow()
    candidates = db.session.scalars(
        sa.select(Question)
        .where(Question.status == S.UNCONFIRMED, Question.created_at < now)
        .order_by(Question.id)
    ).all()
    expired = 0
    for question in candidates:
        if now >= confirmation_deadline(question):
            try:
                decision = lifecycle.decide(question, "expire", expected_status=S.UNCONFIRMED, now=now)
            except Refused:  # confirmed meanwhile
                continue
            decision.record()
            expired += 1
    return expired
