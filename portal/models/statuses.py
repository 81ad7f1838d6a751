"""A question's and an answer's statuses, a question's kinds, and the statuses whose rows
the database guards.

The lowest layer: the models store these and their CHECK constraints use `NUMBERED`;
the lifecycle table in `portal/domain/states.py` says what each status means and what
may follow it. Imports nothing from the portal.
"""

from __future__ import annotations

import enum


class QuestionStatus(enum.StrEnum):
    UNCONFIRMED = "unconfirmed"
    EXPIRED = "expired"
    RECEIVED = "received"
    CLARIFICATION_REQUESTED = "clarification_requested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    ANSWER_DRAFTED = "answer_drafted"
    ANSWER_APPROVED = "answer_approved"
    PUBLISHED = "published"
    AWAITING_WRITTEN_ANSWER = "awaiting_written_answer"
    CLOSED = "closed"


class QuestionKind(enum.StrEnum):
    PUBLIC = "public"
    MEMBER = "member"

    @property
    def prefix(self) -> str:
        return "PQ" if self is QuestionKind.PUBLIC else "MQ"


# Statuses in which the question holds a number on the meeting's list.
NUMBERED: frozenset[QuestionStatus] = frozenset(
    {
        QuestionStatus.ACCEPTED,
        QuestionStatus.ANSWER_DRAFTED,
        QuestionStatus.ANSWER_APPROVED,
        QuestionStatus.PUBLISHED,
        QuestionStatus.AWAITING_WRITTEN_ANSWER,
        QuestionStatus.CLOSED,
    }
)


class Arrival(enum.StrEnum):
    """How a question or a supplementary reached the council, as the record says it."""

    EMAIL = "email"
    VERBAL = "verbal"
    READ_OUT = "read_out"
    WRITTEN = "written"

    @property
    def label(self) -> str:
        return {
            "email": "Received by e-mail",
            "verbal": "Delivered verbally at the meeting",
            "read_out": "Read out on their behalf",
            "written": "Written question",
        }[self.value]


class AnswerStatus(enum.StrEnum):
    """An answer's own status; it moves with the question's (states.ANSWER_MOVES)."""

    DRAFT = "draft"  # being written
    SUBMITTED = "submitted"  # waiting for a post holder's approval
    RETURNED = "returned"  # sent back with a comment; being revised
    APPROVED = "approved"  # signed off; ready to publish
