"""Messages to people, written to the outbox in the same transaction as the change.

A message is queued here and sent later by `flask --app portal outbox send`, so a
rolled-back change never sends an e-mail and a crash after commit never loses one.
Each message is a template in templates/email/<name>.txt that sets `subject` and
renders the body.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app
from flask_babel import force_locale

from portal.config import council_words
from portal.domain.numbers import question_anchor
from portal.extensions import db
from portal.formatting import current_language
from portal.models import OutboxMessage, Question

log = logging.getLogger(__name__)


def render_email(template: str, language: str | None = None, **context: Any) -> tuple[str, str]:
    """(subject, body) of templates/email/<template>.txt, written in `language` (by default
    the language of the page that caused it)."""
    language = language or current_language()
    env = current_app.jinja_env
    base = {
        **council_words(current_app.config, language),
        "council_email": current_app.config["COUNCIL_EMAIL"],
        "council_phone": current_app.config["COUNCIL_PHONE"],
        "base_url": current_app.config["BASE_URL"].rstrip("/"),
    }
    with force_locale(language):
        module = env.get_template(f"email/{template}.txt").make_module({**base, **context})
        body = str(module).strip() + "\n"
    subject = getattr(module, "subject", None)
    if not subject:
        raise ValueError(f"email/{template}.txt does not set a subject")
    return " ".join(str(subject).split()), body


def queue_email(
    template: str,
    *,
    to: str,
    question: Question | None = None,
    dedupe_key: str | None = None,
    headers: dict[str, str] | None = None,
    language: str | None = None,
    **context: Any,
) -> OutboxMessage | None:
    """Queue one message, in `language` (by default the page's: staff pages are English).
    With a `dedupe_key` already used, nothing new is queued."""
    if dedupe_key is not None:
        existing = db.session.query(OutboxMessage).filter_by(dedupe_key=dedupe_key).one_or_none()
        if existing is not None:
            return existing
    subject, body = render_email(template, language, question=question, **context)
    message = OutboxMessage(
        template=template,
        to_address=to,
        subject=subject,
        body_text=body,
        headers=headers or None,
        dedupe_key=dedupe_key,
        question_id=question.id if question is not None else None,
    )
    db.session.add(message)
    db.session.flush()
    log.info("Queued %s message %s", template, message.id)  # never the address: logs are not private
    return message


def queue_for_questioner(
    template: str, question: Question, *, dedupe_key: str | None = None, **context: Any
) -> OutboxMessage | None:
    """A message to the person who asked `question`, if their address is still held."""
    if not question.email:
        return None
    return queue_email(
        template,
        to=question.email,
        question=question,
        dedupe_key=dedupe_key,
        language=question.language or "en",
        **context,
    )


def tell_questioner(
    template: str, question: Question, *, dedupe_key: str, **context: Any
) -> OutboxMessage | None:
    """News of `question` for the person who asked it, with the link to their tracking page."""
    return queue_for_questioner(
        template, question, dedupe_key=dedupe_key, tracking_url=tracking_url(question), **context
    )


def absolute_url(path: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + path


def tracking_url(question: Question) -> str:
    """The questioner's private tracking page (served by the `track` blueprint)."""
    return absolute_url(f"/questions/{question.tracking_token}")


def published_answer_url(question: Question) -> str:
    """Where the question and its answer stand in the meeting's published record."""
    anchor = question_anchor(question)
    return absolute_url(f"/meetings/{question.meeting_id}/questions#{anchor}")
