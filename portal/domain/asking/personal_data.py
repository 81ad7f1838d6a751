"""People's rights over their data (UK GDPR): a copy of everything held, and erasure.

A questioner has no account; their e-mail address is what ties their questions
together (by `email_identity`, as "one question per person" does). So:

- **A copy** (subject access) goes to the address itself: asked for from a tracking
  page, or by typing the address, the portal e-mails a download link to that address,
  which is the proof that the person controls it. The copy is put together when the
  link is opened, from what is held at that moment, so no second copy of anyone's
  data is kept. A clerk can produce the same copy for a request made by letter.
- **Erasure** is done by a clerk, who checks who is asking. What the council's
  retention policy allows is erased; a question still being dealt with is kept (the
  person can withdraw it first) and the clerk is told why. A published question stays
  in the record with its answer, shown as "Name and address supplied".
"""

from __future__ import annotations

import datetime as dt
import io
import json
import secrets
import zipfile
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import gettext as _

from portal.config import council_words
from portal.domain.asking.contact_details import email_identity
from portal.domain.lifecycle import record_event
from portal.domain.messages import notify
from portal.domain.people.security_log import record
from portal.domain.permissions import NotPermitted, can_handle_data_requests
from portal.domain.states import QuestionKind, QuestionStatus
from portal.extensions import db
from portal.formatting import current_language
from portal.models import (
    ANONYMOUS_DISPLAY,
    AlertSubscription,
    ArchiveEntry,
    DataRequest,
    DataRequestKind,
    OutboxMessage,
    Question,
    QuestionDraft,
    QuestionEvent,
    User,
    secret_links,
    utcnow,
)

S = QuestionStatus
EXPORT_TEMPLATE = "your_data"
ERASED_TEXT = "[Erased at the questioner's request]"
# Questions the council is still dealing with: it needs the details to answer them.
STILL_IN_HAND = frozenset(
    {
        S.RECEIVED,
        S.CLARIFICATION_REQUESTED,
        S.ACCEPTED,
        S.ANSWER_DRAFTED,
        S.ANSWER_APPROVED,
        S.AWAITING_WRITTEN_ANSWER,
    }
)
VIA_TRACKING_PAGE = "tracking page"
VIA_EMAIL = "e-mail address"
VIA_LETTER = "letter"


def export_days() -> int:
    return int(current_app.config["DATA_EXPORT_DAYS"])


# -- Whose data ---------------------------------------------------------------------------


def questions_of(identity: str) -> list[Question]:
    return list(
        db.session.scalars(
            sa.select(Question)
            .where(Question.email_normalised == identity, Question.kind == QuestionKind.PUBLIC)
            .order_by(Question.created_at, Question.id)
        )
    )


def find_subject(text: str) -> tuple[str | None, list[Question]]:
    """A clerk's search: an e-mail address or a question reference. Returns the e-mail
    identity (None if the address is no longer held) and the questions."""
    text = (text or "").strip()
    if "@" in text:
        identity = email_identity(text)
        return identity, questions_of(identity)
    question = db.session.scalar(
        sa.select(Question).where(
            sa.func.upper(Question.reference) == text.upper(), Question.kind == QuestionKind.PUBLIC
        )
    )
    if question is None:
        return None, []
    if question.email_normalised:
        return question.email_normalised, questions_of(question.email_normalised)
    return None, [question]


def _drafts_of(identity: str) -> list[QuestionDraft]:
    # Drafts keep their answers as JSON and live for days at most: look through them.
    drafts = db.session.scalars(sa.select(QuestionDraft).order_by(QuestionDraft.id))
    return [
        d for d in drafts if (d.answers or {}).get("email") and email_identity(d.answers["email"]) == identity
    ]


def _messages_for(identity: str | None, questions: list[Question]) -> list[OutboxMessage]:
    ids = [q.id for q in questions]
    conditions = []
    if ids:
        conditions.append(OutboxMessage.question_id.in_(ids))
    rows = list(
        db.session.scalars(sa.select(OutboxMessage).where(sa.or_(*conditions)).order_by(OutboxMessage.id))
        if conditions
        else []
    )
    if identity:
        seen = {m.id for m in rows}
        others = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.question_id.is_(None)).order_by(OutboxMessage.id)
        )
        rows.extend(m for m in others if m.id not in seen and email_identity(m.to_address) == identity)
    return sorted(rows, key=lambda m: m.id)


def _subscriptions_of(identity: str) -> list[AlertSubscription]:
    rows = db.session.scalars(sa.select(AlertSubscription).order_by(AlertSubscription.id))
    return [s for s in rows if email_identity(s.email) == identity]


# -- A copy of everything held ------------------------------------------------------------


def _when(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _question_record(question: Question) -> dict[str, Any]:
    events = db.session.scalars(
        sa.select(QuestionEvent).where(QuestionEvent.question_id == question.id).order_by(QuestionEvent.id)
    )
    return {
        "reference": question.reference,
        "meeting": f"{question.meeting.committee.name}, {question.meeting.starts_at:%d %B %Y}",
        "status": question.status.value,
        "your_details": {
            "title": question.title,
            "first_name": question.first_name,
            "last_name": question.last_name,
            "email": question.email,
            "phone": question.phone,
            "address_line_1": question.address_line_1,
            "address_line_2": question.address_line_2,
            "town": question.town,
            "postcode": question.postcode,
            "lives_or_works_in_area": question.lives_or_works_in_area,
            "on_behalf_of": question.on_behalf_of,
            "name_published": question.publish_name,
        },
        "shown_in_public_as": question.public_display,
        "question_as_you_sent_it": question.original_text,
        "question_as_published": question.publication_text,
        "sent_at": _when(question.created_at),
        "received_at": _when(question.received_at),
        "decided_at": _when(question.decided_at),
        "reason_not_accepted": question.rejection_explanation,
        "clarification_asked_for": question.clarification_message,
        "withdrawal_reason": question.withdrawn_reason,
        "contact_details_deleted_at": _when(question.personal_data_purged_at),
        "whether_the_answer_answered_your_question": _feedback_record(question),
        "review_you_asked_for": _review_record(question),
        "history": [
            {
                "at": _when(event.at),
                "what": event.title,
                "by": {"questioner": "you", "system": "the portal"}.get(event.actor_kind, "council staff"),
                "note_to_you": event.public_note,
                "council_note": event.internal_note,
                "details": event.data,
            }
            for event in events
        ],
    }


def _feedback_record(question: Question) -> dict[str, Any] | None:
    """What the questioner said of the answer, with their private reason."""
    feedback = question.feedback
    if feedback is None:
        return None
    return {
        "you_said": feedback.verdict.label,
        "your_reason": feedback.reason,
        "given_at": _when(feedback.given_at),
    }


def _review_record(question: Question) -> dict[str, Any] | None:
    """The questioner's request for a review of a rejection, and its outcome."""
    review = question.review
    if review is None:
        return None
    return {
        "asked_at": _when(review.asked_at),
        "your_grounds": review.grounds,
        "decision_reviewed": review.rejection_ground_title,
        "outcome": review.outcome.label if review.outcome else "not decided yet",
        "decided_at": _when(review.decided_at),
        "reasons_given": review.decision_reasons,
    }


def build_export(identity: str | None, questions: list[Question], now: dt.datetime | None = None) -> dict:
    """Everything held about one person: questions, contact details, history, e-mails,
    alerts and unfinished questions. Nothing about anyone else."""
    now = now or utcnow()
    return {
        # In the reader's language; the field names stay English for every reader, so a
        # program reads every copy the same way (decision 0300).
        "about": _(
            "Everything %(council)s's questions portal holds about the person who uses this e-mail "
            "address, as of the date below.",
            council=council_words(current_app.config, current_language())["council_name"],
        ),
        "field_names": _(
            "The names of the fields in this file are in English, the same in every copy, so that "
            "programs can read it. your-data.html, beside it, shows the same information in words."
        ),
        "produced_at": now.isoformat(),
        "email_address": identity,
        "questions": [_question_record(q) for q in questions],
        "emails_sent_to_you": [
            {
                "about": m.template,
                "subject": m.subject,
                "queued_at": _when(m.created_at),
                "sent_at": _when(m.sent_at),
                "status": m.status.value,
                "to": m.to_address or None,
                "text": m.body_text or "(the text is no longer kept)",
            }
            for m in _messages_for(identity, questions)
        ],
        "alert_subscriptions": [
            {
                "committee": s.committee.name,
                "status": s.status.value,
                "language": s.language,
                "email": s.email,
                "asked_at": _when(s.created_at),
                "confirmed_at": _when(s.confirmed_at),
                "stopped_at": _when(s.unsubscribed_at),
            }
            for s in (_subscriptions_of(identity) if identity else [])
        ],
        "questions_not_yet_sent": [
            {"started_at": _when(d.created_at), "answers": d.answers}
            for d in (_drafts_of(identity) if identity else [])
        ],
    }


def export_zip(export: dict) -> bytes:
    """The copy as a zip: your-data.json for computers, your-data.html to read."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("your-data.json", json.dumps(export, indent=2, ensure_ascii=False))
        archive.writestr("your-data.html", render_template("data/export.html", export=export))
    return buffer.getvalue()


def request_copy(
    *, email: str | None = None, question: Question | None = None, now: dt.datetime | None = None
) -> bool:
    """E-mail a download link for a copy of someone's data to their address.

    From a tracking page (`question`) or a typed address (`email`). The page that asks
    says the same whether or not anything is held. Returns whether a link was sent.
    """
    now = now or utcnow()
    if question is not None:
        address = question.email
        via = VIA_TRACKING_PAGE
    else:
        via = VIA_EMAIL
        identity = email_identity(email or "")
        held = questions_of(identity)
        address = next((q.email for q in reversed(held) if q.email), None)
        if address is None:
            subscription = next(iter(_subscriptions_of(identity)), None)
            address = subscription.email if subscription else None
    if not address:
        return False
    identity = email_identity(address)
    token = secrets.token_urlsafe(32)
    request_row = DataRequest(
        kind=DataRequestKind.ACCESS,
        received_via=via,
        subject_identity=identity,
        token_hash=secret_links.token_hash(token),
        created_at=now,
        expires_at=now + dt.timedelta(days=export_days()),
    )
    db.session.add(request_row)
    db.session.flush()
    notify.queue_email(
        EXPORT_TEMPLATE,
        to=address,
        dedupe_key=f"your-data:{request_row.token_hash[:16]}",
        download_url=notify.absolute_url(f"/your-data/{token}"),
        valid_until=request_row.expires_at,
    )
    return True


def find_copy_request(token: str, now: dt.datetime | None = None) -> tuple[DataRequest | None, bool]:
    """(request, expired) for a download link."""
    if not secret_links.plausible(token):
        return None, False
    row = db.session.scalar(
        sa.select(DataRequest).where(
            DataRequest.token_hash == secret_links.token_hash(token),
            DataRequest.kind == DataRequestKind.ACCESS,
        )
    )
    if row is None:
        return None, False
    expired = row.expires_at is None or (now or utcnow()) >= row.expires_at or not row.subject_identity
    return row, expired


def copy_for_request(row: DataRequest, now: dt.datetime | None = None) -> dict:
    identity = row.subject_identity
    return build_export(identity, questions_of(identity) if identity else [], now)


def produce_copy_for_letter(
    text: str, *, by: User, now: dt.datetime | None = None
) -> tuple[dict, DataRequest]:
    """A clerk answers a subject access request made by letter: the same copy, recorded."""
    if not can_handle_data_requests(by):
        raise NotPermitted("Only democratic services and administrators handle requests for data")
    now = now or utcnow()
    identity, questions = find_subject(text)
    row = DataRequest(
        kind=DataRequestKind.ACCESS,
        received_via=VIA_LETTER,
        subject_identity=identity,
        created_at=now,
        handled_by_id=by.id,
        outcome={"questions": [q.reference for q in questions]},
    )
    db.session.add(row)
    db.session.flush()
    record(
        "subject_access_copy",
        f"Produced a copy of a person's data for a letter ({len(questions)} questions)",
        user=by,
        actor=by,
    )
    return build_export(identity, questions, now), row


# -- Erasure -------------------------------------------------------------------------------


@dataclass
class ErasurePlan:
    erase: list[Question] = field(default_factory=list)
    keep: list[tuple[Question, str]] = field(default_factory=list)
    # Published records (meeting ids) that name the person: a correction removes the name.
    published_in: list[Question] = field(default_factory=list)


def _is_published(question: Question) -> bool:
    return (
        db.session.scalar(sa.select(ArchiveEntry.id).where(ArchiveEntry.question_id == question.id))
        is not None
    )


def plan_erasure(questions: list[Question]) -> ErasurePlan:
    plan = ErasurePlan()
    for question in questions:
        if question.erased_at is not None:
            continue
        if question.status in STILL_IN_HAND:
            plan.keep.append(
                (
                    question,
                    "The council is still dealing with this question and needs the details to answer it. "
                    "It can be withdrawn first, or erased once the answer has been sent.",
                )
            )
            continue
        plan.erase.append(question)
        if _is_published(question):
            plan.published_in.append(question)
    return plan


def erase(text: str, *, by: User, now: dt.datetime | None = None) -> tuple[ErasurePlan, DataRequest]:
    """Erase what the retention policy allows for the person named by `text` (address or
    reference). Published questions stay in the record as "Name and address supplied"."""
    if not can_handle_data_requests(by):
        raise NotPermitted("Only democratic services and administrators handle requests for data")
    now = now or utcnow()
    identity, questions = find_subject(text)
    plan = plan_erasure(questions)
    for question in plan.erase:
        _erase_question(question, by=by, now=now, published=question in plan.published_in)
    if identity:
        for subscription in _subscriptions_of(identity):
            db.session.delete(subscription)
        for draft in _drafts_of(identity):
            db.session.delete(draft)
        for message in _messages_for(identity, []):
            db.session.delete(message)
    row = DataRequest(
        kind=DataRequestKind.ERASURE,
        received_via=VIA_LETTER,
        subject_identity=None,  # the address is not kept once it has been erased
        created_at=now,
        handled_by_id=by.id,
        outcome={
            "erased": [q.reference for q in plan.erase],
            "kept": [{"reference": q.reference, "why": why} for q, why in plan.keep],
            "published": [q.reference for q in plan.published_in],
        },
    )
    db.session.add(row)
    db.session.flush()
    record(
        "erasure",
        f"Erased a person's data on request ({len(plan.erase)} questions erased, {len(plan.keep)} kept)",
        user=by,
        actor=by,
    )
    return plan, row


def _erase_question(question: Question, *, by: User, now: dt.datetime, published: bool) -> None:
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.question_id == question.id))
    question.email = None
    question.email_normalised = None
    question.phone = None
    question.address_line_1 = None
    question.address_line_2 = None
    question.postcode = None
    question.title = None
    question.first_name = ""
    question.last_name = ""
    question.town = None
    question.publish_name = False
    if question.feedback is not None:
        question.feedback.reason = ""
    question.erased_at = now
    if question.personal_data_purged_at is None:
        question.personal_data_purged_at = now
    if published:
        # The record stays; who asked is no longer said anywhere the portal draws it from.
        db.session.execute(
            sa.update(ArchiveEntry)
            .where(ArchiveEntry.question_id == question.id)
            .values(questioner=ANONYMOUS_DISPLAY)
        )
    else:
        question.on_behalf_of = None
        question.original_text = ERASED_TEXT
        question.publication_text = None
        question.clarification_message = None
        question.withdrawn_reason = None
        if question.review is not None:
            question.review.grounds = ERASED_TEXT
        # Events are never changed, except to take the person's own words out of them.
        db.session.execute(
            sa.update(QuestionEvent.__table__)
            .where(QuestionEvent.question_id == question.id)
            .values(data=None)
        )
    record_event(
        question,
        "erased",
        title="Personal details erased at the questioner's request",
        actor=by,
        public=False,
        internal_note=(
            "Published: the record shows 'Name and address supplied'."
            if published
            else "Words and details erased."
        ),
        now=now,
    )
