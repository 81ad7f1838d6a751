"""The question lifecycle: its statuses and the one table of allowed transitions.

Every change of a question's status goes through `lifecycle.transition()`, which
consults `TRANSITIONS`. Nothing else decides what may follow what. The statuses
themselves are in `portal/models/statuses.py`, below the models that store them; this
module imports nothing else from the portal.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.models.statuses import NUMBERED, QuestionKind, QuestionStatus

# The statuses and kinds are used through this module everywhere above the models.
__all__ = [
    "CONFIRMED",
    "COUNTS_TOWARDS_LIMIT",
    "NUMBERED",
    "PUBLIC_STATUS_WORDS",
    "PUBLISHED_IN_MINUTES",
    "STAFF_STATUS_LABELS",
    "STATUS_TAG_CLASSES",
    "TERMINAL",
    "TRANSITIONS",
    "VERBS",
    "QuestionKind",
    "QuestionStatus",
    "Transition",
    "TransitionNotAllowed",
    "allowed_targets",
    "find_transition",
]

S = QuestionStatus


@dataclass(frozen=True)
class Transition:
    verb: str
    source: QuestionStatus | None  # None: the question is being created
    target: QuestionStatus
    public_title: str  # what the questioner's timeline says happened


# The lifecycle of DESIGN §2. One row per (verb, from); a verb may start from several states.
_ROWS: tuple[tuple[str, tuple[QuestionStatus | None, ...], QuestionStatus, str], ...] = (
    ("submit", (None,), S.UNCONFIRMED, "Question submitted"),
    ("submit_member", (None,), S.RECEIVED, "Question received"),
    ("confirm", (S.UNCONFIRMED,), S.RECEIVED, "E-mail address confirmed and question received"),
    ("expire", (S.UNCONFIRMED,), S.EXPIRED, "Not confirmed in time"),
    ("accept", (S.RECEIVED,), S.ACCEPTED, "Question accepted"),
    ("reject", (S.RECEIVED, S.CLARIFICATION_REQUESTED, S.ACCEPTED), S.REJECTED, "Question not accepted"),
    ("request_clarification", (S.RECEIVED,), S.CLARIFICATION_REQUESTED, "The council asked you to clarify"),
    ("clarify", (S.CLARIFICATION_REQUESTED,), S.RECEIVED, "You changed your question"),
    (
        "withdraw",
        (
            S.RECEIVED,
            S.CLARIFICATION_REQUESTED,
            S.ACCEPTED,
            S.ANSWER_DRAFTED,
            S.ANSWER_APPROVED,
            S.PUBLISHED,
        ),
        S.WITHDRAWN,
        "Question withdrawn",
    ),
    ("submit_answer", (S.ACCEPTED,), S.ANSWER_DRAFTED, "Answer drafted"),
    ("return_answer", (S.ANSWER_DRAFTED,), S.ACCEPTED, "Answer being revised"),
    ("approve_answer", (S.ANSWER_DRAFTED,), S.ANSWER_APPROVED, "Answer approved"),
    ("reopen_answer", (S.ANSWER_APPROVED,), S.ACCEPTED, "Answer being revised"),
    ("publish", (S.ANSWER_APPROVED,), S.PUBLISHED, "Question and answer published"),
    ("owe_written_answer", (S.PUBLISHED,), S.AWAITING_WRITTEN_ANSWER, "Written answer promised"),
    ("close", (S.PUBLISHED,), S.CLOSED, "Recorded in the minutes"),
    ("send_written_answer", (S.AWAITING_WRITTEN_ANSWER,), S.CLOSED, "Written answer sent"),
)

TRANSITIONS: dict[tuple[str, QuestionStatus | None], Transition] = {
    (verb, source): Transition(verb, source, target, title)
    for verb, sources, target, title in _ROWS
    for source in sources
}

VERBS: frozenset[str] = frozenset(verb for verb, *_ in _ROWS)

# Statuses in which nothing more will happen to the question.
TERMINAL: frozenset[QuestionStatus] = frozenset({S.EXPIRED, S.REJECTED, S.WITHDRAWN, S.CLOSED})
# Statuses that count towards "one question per person per meeting".
COUNTS_TOWARDS_LIMIT: frozenset[QuestionStatus] = frozenset(
    set(QuestionStatus) - {S.EXPIRED, S.REJECTED, S.WITHDRAWN}
)
# Statuses of a question whose promised written answer is in a published minutes appendix.
PUBLISHED_IN_MINUTES: tuple[QuestionStatus, ...] = (S.AWAITING_WRITTEN_ANSWER, S.CLOSED)
# Statuses that reached the council: the question was confirmed.
CONFIRMED: frozenset[QuestionStatus] = frozenset(set(QuestionStatus) - {S.UNCONFIRMED, S.EXPIRED})


class TransitionNotAllowed(Exception):
    """The verb cannot be applied to a question in its current status."""

    def __init__(self, verb: str, source: QuestionStatus | None) -> None:
        self.verb = verb
        self.source = source
        where = source.value if source else "nothing"
        super().__init__(f"Cannot {verb.replace('_', ' ')} a question that is {where.replace('_', ' ')}")


def find_transition(verb: str, source: QuestionStatus | None) -> Transition:
    """The transition `verb` makes from `source`, or TransitionNotAllowed."""
    if verb not in VERBS:
        raise ValueError(f"Unknown verb {verb!r}")
    try:
        return TRANSITIONS[(verb, source)]
    except KeyError:
        raise TransitionNotAllowed(verb, source) from None


def allowed_targets(source: QuestionStatus | None) -> frozenset[QuestionStatus]:
    return frozenset(t.target for (verb, src), t in TRANSITIONS.items() if src == source)


# How each status is described to the questioner on their tracking page.
PUBLIC_STATUS_WORDS: dict[QuestionStatus, str] = {
    S.UNCONFIRMED: "Waiting for you to confirm your e-mail address",
    S.EXPIRED: "Not confirmed in time",
    S.RECEIVED: "Received – being checked by democratic services",
    S.CLARIFICATION_REQUESTED: "The council has asked you to clarify your question",
    S.ACCEPTED: "Accepted – an answer is being prepared",
    S.REJECTED: "Not accepted",
    S.WITHDRAWN: "Withdrawn",
    S.ANSWER_DRAFTED: "Accepted – an answer is being prepared",
    S.ANSWER_APPROVED: "Accepted – the answer is ready and will be published before the meeting",
    S.PUBLISHED: "Answered – the answer is published",
    S.AWAITING_WRITTEN_ANSWER: "Answered – a written answer was promised at the meeting",
    S.CLOSED: "Answered – complete",
}

# Staff labels, and GOV.UK tag colours for each status.
STAFF_STATUS_LABELS: dict[QuestionStatus, str] = {
    S.UNCONFIRMED: "Unconfirmed",
    S.EXPIRED: "Expired",
    S.RECEIVED: "Received",
    S.CLARIFICATION_REQUESTED: "Clarification requested",
    S.ACCEPTED: "Accepted",
    S.REJECTED: "Rejected",
    S.WITHDRAWN: "Withdrawn",
    S.ANSWER_DRAFTED: "Answer awaiting approval",
    S.ANSWER_APPROVED: "Answer approved",
    S.PUBLISHED: "Published",
    S.AWAITING_WRITTEN_ANSWER: "Written answer owed",
    S.CLOSED: "Closed",
}

STATUS_TAG_CLASSES: dict[QuestionStatus, str] = {
    S.UNCONFIRMED: "govuk-tag--grey",
    S.EXPIRED: "govuk-tag--grey",
    S.RECEIVED: "govuk-tag--blue",
    S.CLARIFICATION_REQUESTED: "govuk-tag--yellow",
    S.ACCEPTED: "govuk-tag--turquoise",
    S.REJECTED: "govuk-tag--red",
    S.WITHDRAWN: "govuk-tag--grey",
    S.ANSWER_DRAFTED: "govuk-tag--purple",
    S.ANSWER_APPROVED: "govuk-tag--light-blue",
    S.PUBLISHED: "govuk-tag--green",
    S.AWAITING_WRITTEN_ANSWER: "govuk-tag--orange",
    S.CLOSED: "govuk-tag--green",
}
