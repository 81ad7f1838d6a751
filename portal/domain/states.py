"""The question lifecycle: what each status means and the one table of what may follow it.

Two tables, read by everything above them:

- `STATUSES`: for each status, the questioner's words, the staff label and tag, and
  what it means (still to be decided, finished, counting towards the one-question limit).
- `MOVES`: for each verb and the statuses it starts from, the status it leads to (or
  none: the step changes something else), who may take it (a role or a named
  predicate in `permissions.ACTORS`), its conditions (`permissions.CONDITIONS`), the
  questioner's and staff's words, the worklist on which the question waits for it, and
  the answer's own move, if the step moves the answer too.

`permissions` derives the state part of every predicate from `MOVES`; worklists and
templates ask `statuses_waiting_on()` and `STATUSES`; `lifecycle.decide()` (and
`decide_new()` for a new question) is the only code in the portal that changes a
question's or an answer's status, always by a row of `MOVES`. `docs/lifecycle.md` is printed from these tables
(`python -m portal.domain.lifecycle_document`) and a test keeps it in step.

The statuses themselves are in `portal/models/statuses.py`, below the models that store
them; this module imports nothing else from the portal.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.domain.errors import Refused
from portal.models.statuses import NUMBERED, AnswerStatus, QuestionKind, QuestionStatus

__all__ = [
    "ANSWERED",
    "ANSWER_MOVES",
    "CONFIRMED",
    "COUNTS_TOWARDS_LIMIT",
    "MOVES",
    "NUMBERED",
    "PUBLIC_STATUS_WORDS",
    "PUBLIC_VERBS",
    "PUBLISHED_IN_MINUTES",
    "REGISTER_WORDS",
    "STAFF_STATUS_LABELS",
    "STATUSES",
    "STATUS_TAG_CLASSES",
    "TERMINAL",
    "TRANSITIONS",
    "VERBS",
    "WORKLISTS",
    "AnswerStatus",
    "Move",
    "QuestionKind",
    "QuestionStatus",
    "Status",
    "Transition",
    "TransitionNotAllowed",
    "allowed_targets",
    "find_move",
    "find_transition",
    "sources_of",
    "statuses_waiting_on",
]

S = QuestionStatus
A = AnswerStatus


@dataclass(frozen=True)
class Status:
    """What a status means, to the questioner and to staff."""

    status: QuestionStatus
    questioner_words: str  # the tracking page's summary
    staff_label: str
    tag: str  # GOV.UK tag colour
    finished: bool = False  # nothing more will happen to the question
    counts_towards_limit: bool = True  # "one question per person per meeting"
    confirmed: bool = True  # the question reached the council
    published_in_minutes: bool = False  # a promised written answer is in the published minutes
    answered: bool = False  # the answer is published
    register: tuple[str, str] | None = None  # the public register's words and tag; None: not listed

    @property
    def numbered(self) -> bool:
        """The question holds a number on the meeting's list (a database guard: models/statuses.py)."""
        return self.status in NUMBERED


STATUSES: dict[QuestionStatus, Status] = {
    row.status: row
    for row in (
        Status(
            S.UNCONFIRMED,
            "Waiting for you to confirm your e-mail address",
            "Unconfirmed",
            "grey",
            confirmed=False,
        ),
        Status(
            S.EXPIRED,
            "Not confirmed in time",
            "Expired",
            "grey",
            finished=True,
            counts_towards_limit=False,
            confirmed=False,
        ),
        Status(
            S.RECEIVED,
            "Received – being checked by democratic services",
            "Received",
            "blue",
            register=("Received", "blue"),
        ),
        Status(
            S.CLARIFICATION_REQUESTED,
            "The council has asked you to clarify your question",
            "Clarification requested",
            "yellow",
            register=("Received", "blue"),
        ),
        Status(
            S.ACCEPTED,
            "Accepted – an answer is being prepared",
            "Accepted",
            "turquoise",
            register=("Accepted", "turquoise"),
        ),
        Status(
            S.REJECTED,
            "Not accepted",
            "Rejected",
            "red",
            finished=True,
            counts_towards_limit=False,
            register=("Not accepted", "red"),
        ),
        Status(
            S.WITHDRAWN,
            "Withdrawn",
            "Withdrawn",
            "grey",
            finished=True,
            counts_towards_limit=False,
            register=("Withdrawn", "grey"),
        ),
        Status(
            S.ANSWER_DRAFTED,
            "Accepted – an answer is being prepared",
            "Answer awaiting approval",
            "purple",
            register=("Accepted", "turquoise"),
        ),
        Status(
            S.ANSWER_APPROVED,
            "Accepted – the answer is ready and will be published before the meeting",
            "Answer approved",
            "light-blue",
            register=("Accepted", "turquoise"),
        ),
        Status(
            S.PUBLISHED,
            "Answered – the answer is published",
            "Published",
            "green",
            answered=True,
            register=("Answered", "green"),
        ),
        Status(
            S.AWAITING_WRITTEN_ANSWER,
            "Answered – a written answer was promised at the meeting",
            "Written answer owed",
            "orange",
            published_in_minutes=True,
            answered=True,
            register=("Answered", "green"),
        ),
        Status(
            S.CLOSED,
            "Answered – complete",
            "Closed",
            "green",
            finished=True,
            published_in_minutes=True,
            answered=True,
            register=("Answered", "green"),
        ),
    )
}

# Worklists: where a question waits for someone to take the next step.
MODERATION_QUEUE = "moderation queue"
ANSWERS_TO_DRAFT = "answers to draft"
ANSWERS_AWAITING_APPROVAL = "answers awaiting approval"
READY_TO_PUBLISH = "ready to publish"
WRITTEN_ANSWERS_OWED = "written answers owed"
WORKLISTS: dict[str, str] = {
    MODERATION_QUEUE: "democratic services' moderation queue",
    ANSWERS_TO_DRAFT: "the answers the officers who draft for the post have to write",
    ANSWERS_AWAITING_APPROVAL: "the answers a holder of the post has to approve or return",
    READY_TO_PUBLISH: "the questions whose answers are ready for the agenda supplement",
    WRITTEN_ANSWERS_OWED: "the written answers promised at meetings and not yet sent",
}

EVERYONE_WITH_A_LINK = ("questioner", "clerk")


@dataclass(frozen=True)
class Move:
    """One row of the table: `verb` from any of `sources`."""

    verb: str
    sources: tuple[QuestionStatus | None, ...]  # None: the question is being created
    target: QuestionStatus | None  # None: the status stays (the step changes something else)
    who: tuple[str, ...]  # any of these may take it (permissions.ACTORS)
    questioner_words: str | None  # the questioner's timeline; None: the step's own words
    staff_words: str  # what staff read: "{label} has been …", "cannot be …"
    conditions: tuple[str, ...] = ()  # all must hold (permissions.CONDITIONS)
    public: bool = True  # the questioner sees the event on their tracking page
    worklist: str | None = None  # where questions in `sources` wait for this step
    # The answer's own move: its status before (None: no answer yet) -> after.
    answer: tuple[tuple[AnswerStatus | None, AnswerStatus], ...] | None = None

    @property
    def moves_status(self) -> bool:
        return self.target is not None


BEFORE_MEETING = "before the meeting"
TAKING_PUBLIC = "while the meeting takes public questions"
TAKING_MEMBER = "while the meeting takes member questions"
BEFORE_CONFIRMATION_DEADLINE = "before the confirmation deadline"
AFTER_CONFIRMATION_DEADLINE = "after the confirmation deadline"
MEETING_NOT_CANCELLED = "the meeting is not cancelled"
WRITTEN_ANSWER_PROMISED = "a written answer was promised at the meeting"
PUBLIC_QUESTION = "a public question"
NOT_SENT_AGAIN = "not already fixed and sent again"
WITHIN_REVIEW_PERIOD = "within the committee's period for asking for a review"
NO_REVIEW_YET = "no review asked for yet"
REVIEW_WAITING = "a review has been asked for and not yet decided"
BEFORE_QUESTION_DEADLINE = "before the meeting's question deadline"
AFTER_QUESTION_DEADLINE = "after the meeting's question deadline"

UNTIL_PUBLISHED = (S.RECEIVED, S.CLARIFICATION_REQUESTED, S.ACCEPTED, S.ANSWER_DRAFTED, S.ANSWER_APPROVED)

# The lifecycle of DESIGN §2, with the steps that leave the status as it is.
MOVES: tuple[Move, ...] = (
    # Asking
    Move("submit", (None,), S.UNCONFIRMED, ("anyone",), "Question submitted", "submitted", (TAKING_PUBLIC,)),
    Move(
        "submit_member",
        (None,),
        S.RECEIVED,
        ("councillor",),
        "Question received",
        "received",
        (TAKING_MEMBER,),
    ),
    Move(
        "confirm",
        (S.UNCONFIRMED,),
        S.RECEIVED,
        ("questioner",),
        "E-mail address confirmed and question received",
        "confirmed",
        (BEFORE_CONFIRMATION_DEADLINE,),
    ),
    Move(
        "expire",
        (S.UNCONFIRMED,),
        S.EXPIRED,
        ("system",),
        "Not confirmed in time",
        "expired",
        (AFTER_CONFIRMATION_DEADLINE,),
    ),
    Move(
        "resubmitted",
        (S.REJECTED,),
        None,
        ("questioner",),
        "You sent a corrected question",
        "sent again",
        (PUBLIC_QUESTION, TAKING_PUBLIC, NOT_SENT_AGAIN),
    ),
    Move(
        "enter_after_event",
        (None,),
        S.ANSWER_APPROVED,
        ("clerk",),
        "Entered from the record of a meeting that had already happened",
        "entered after the meeting",
        public=False,
        worklist=None,
    ),
    # Moderation
    Move(
        "accept",
        (S.RECEIVED,),
        S.ACCEPTED,
        ("clerk",),
        "Question accepted",
        "accepted",
        worklist=MODERATION_QUEUE,
    ),
    Move(
        "reject",
        (S.RECEIVED, S.CLARIFICATION_REQUESTED),
        S.REJECTED,
        ("clerk",),
        "Question not accepted",
        "rejected",
        worklist=MODERATION_QUEUE,
    ),
    Move("reject", (S.ACCEPTED,), S.REJECTED, ("clerk",), "Question not accepted", "rejected"),
    Move(
        "request_clarification",
        (S.RECEIVED,),
        S.CLARIFICATION_REQUESTED,
        ("clerk",),
        "The council asked you to clarify",
        "sent back for clarification",
        worklist=MODERATION_QUEUE,
    ),
    Move(
        "clarify",
        (S.CLARIFICATION_REQUESTED,),
        S.RECEIVED,
        ("questioner",),
        "You changed your question",
        "clarified",
        (BEFORE_MEETING,),
    ),
    Move(
        "withdraw",
        (*UNTIL_PUBLISHED, S.PUBLISHED),
        S.WITHDRAWN,
        EVERYONE_WITH_A_LINK,
        "Question withdrawn",
        "withdrawn",
        (BEFORE_MEETING,),
    ),
    Move(
        "renumber",
        (S.ACCEPTED, S.ANSWER_DRAFTED, S.ANSWER_APPROVED),
        None,
        ("clerk",),
        None,
        "renumbered",
        (MEETING_NOT_CANCELLED,),
        public=False,
    ),
    Move(
        "edit_for_publication",
        UNTIL_PUBLISHED,
        None,
        ("clerk",),
        None,
        "edited for publication",
        public=False,
    ),
    # Answers
    Move(
        "save_answer",
        (S.ACCEPTED,),
        None,
        ("drafter",),
        None,
        "saved",
        public=False,
        worklist=ANSWERS_TO_DRAFT,
        answer=((None, A.DRAFT), (A.DRAFT, A.DRAFT), (A.RETURNED, A.RETURNED)),
    ),
    Move(
        "submit_answer",
        (S.ACCEPTED,),
        S.ANSWER_DRAFTED,
        ("drafter",),
        "Answer drafted",
        "sent for approval",
        public=False,
        worklist=ANSWERS_TO_DRAFT,
        answer=((A.DRAFT, A.SUBMITTED), (A.RETURNED, A.SUBMITTED)),
    ),
    Move(
        "return_answer",
        (S.ANSWER_DRAFTED,),
        S.ACCEPTED,
        ("independent holder",),
        "Answer being revised",
        "returned for changes",
        public=False,
        worklist=ANSWERS_AWAITING_APPROVAL,
        answer=((A.SUBMITTED, A.RETURNED),),
    ),
    Move(
        "approve_answer",
        (S.ANSWER_DRAFTED,),
        S.ANSWER_APPROVED,
        ("independent holder",),
        "Answer approved",
        "approved",
        worklist=ANSWERS_AWAITING_APPROVAL,
        answer=((A.SUBMITTED, A.APPROVED),),
    ),
    Move(
        "reopen_answer",
        (S.ANSWER_APPROVED,),
        S.ACCEPTED,
        ("holder", "clerk"),
        "Answer being revised",
        "reopened",
        public=False,
        answer=((A.APPROVED, A.DRAFT),),
    ),
    # Publishing and the meeting
    Move(
        "publish",
        (S.ANSWER_APPROVED,),
        S.PUBLISHED,
        ("clerk",),
        "Question and answer published",
        "published",
        (MEETING_NOT_CANCELLED,),
        worklist=READY_TO_PUBLISH,
    ),
    Move(
        "put_at_meeting",
        tuple(sorted(NUMBERED)),
        None,
        ("clerk",),
        None,
        "recorded at the meeting",
        (MEETING_NOT_CANCELLED,),
    ),
    Move(
        "owe_written_answer",
        (S.PUBLISHED,),
        S.AWAITING_WRITTEN_ANSWER,
        ("clerk",),
        "Written answer promised",
        "owed a written answer",
        (MEETING_NOT_CANCELLED,),
    ),
    Move(
        "close",
        (S.PUBLISHED,),
        S.CLOSED,
        ("clerk",),
        "Recorded in the minutes",
        "closed",
        (MEETING_NOT_CANCELLED,),
    ),
    Move(
        "send_written_answer",
        (S.AWAITING_WRITTEN_ANSWER,),
        S.CLOSED,
        ("clerk",),
        "Written answer sent",
        "sent a written answer",
        (WRITTEN_ANSWER_PROMISED,),
        worklist=WRITTEN_ANSWERS_OWED,
    ),
    Move(
        "record_written_answer",
        (S.PUBLISHED, S.CLOSED),
        None,
        ("clerk",),
        None,
        "recorded a written answer",
        (WRITTEN_ANSWER_PROMISED,),
        public=False,
    ),
    # Review of a rejection: asked by the questioner, decided by the chair or the named reviewer
    Move(
        "ask_review",
        (S.REJECTED,),
        None,
        ("questioner",),
        "You asked for a review of the decision not to accept your question",
        "sent for review",
        (PUBLIC_QUESTION, WITHIN_REVIEW_PERIOD, NO_REVIEW_YET),
    ),
    Move(
        "uphold_rejection",
        (S.REJECTED,),
        None,
        ("reviewer",),
        "The review upheld the decision not to accept your question",
        "upheld on review",
        (REVIEW_WAITING,),
    ),
    Move(
        "overturn_rejection",
        (S.REJECTED,),
        S.RECEIVED,
        ("reviewer",),
        "The review overturned the decision: your question is back with democratic services",
        "put back in the queue on review",
        (REVIEW_WAITING, BEFORE_QUESTION_DEADLINE),
    ),
    Move(
        "overturn_rejection_late",
        (S.REJECTED,),
        None,
        ("reviewer",),
        "The review found your question should have been accepted, but too late for this meeting",
        "overturned on review after the question deadline",
        (REVIEW_WAITING, AFTER_QUESTION_DEADLINE),
    ),
)


@dataclass(frozen=True)
class Transition:
    """A row of `MOVES` seen from one source status."""

    verb: str
    source: QuestionStatus | None
    target: QuestionStatus | None
    public_title: str | None  # what the questioner's timeline says happened
    move: Move


TRANSITIONS: dict[tuple[str, QuestionStatus | None], Transition] = {
    (move.verb, source): Transition(move.verb, source, move.target, move.questioner_words, move)
    for move in MOVES
    for source in move.sources
}
VERBS: frozenset[str] = frozenset(move.verb for move in MOVES)
PUBLIC_VERBS: frozenset[str] = frozenset(move.verb for move in MOVES if move.public)
# The answer's own moves, by verb: from each status it may have (None: no answer yet)
# to the one it takes. Only `lifecycle` changes an answer's status, by these.
ANSWER_MOVES: dict[str, dict[AnswerStatus | None, AnswerStatus]] = {
    move.verb: dict(move.answer) for move in MOVES if move.answer is not None
}


class TransitionNotAllowed(Refused):
    """The verb cannot be applied to a question in its current status."""

    def __init__(self, verb: str, source: QuestionStatus | None) -> None:
        self.verb = verb
        self.source = source
        where = source.value if source else "nothing"
        super().__init__(f"Cannot {verb.replace('_', ' ')} a question that is {where.replace('_', ' ')}")


def find_move(verb: str, source: QuestionStatus | None) -> Move | None:
    """The row for `verb` from `source`, or None when the table has none."""
    if verb not in VERBS:
        raise ValueError(f"Unknown verb {verb!r}")
    found = TRANSITIONS.get((verb, source))
    return found.move if found is not None else None


def find_transition(verb: str, source: QuestionStatus | None) -> Transition:
    """The transition `verb` makes from `source`, or TransitionNotAllowed."""
    if verb not in VERBS:
        raise ValueError(f"Unknown verb {verb!r}")
    try:
        return TRANSITIONS[(verb, source)]
    except KeyError:
        raise TransitionNotAllowed(verb, source) from None


def allowed_targets(source: QuestionStatus | None) -> frozenset[QuestionStatus]:
    return frozenset(
        t.target for (_verb, src), t in TRANSITIONS.items() if src == source and t.target is not None
    )


def sources_of(verb: str) -> tuple[QuestionStatus, ...]:
    """Every status `verb` may start from, in lifecycle order."""
    found = {source for move in MOVES if move.verb == verb for source in move.sources}
    return tuple(status for status in QuestionStatus if status in found)


def statuses_waiting_on(worklist: str, verb: str | None = None) -> tuple[QuestionStatus, ...]:
    """The statuses in which a question waits on `worklist` (for `verb`, if given), in
    lifecycle order."""
    if worklist not in WORKLISTS:
        raise ValueError(f"Unknown worklist {worklist!r}")
    found = {
        source
        for move in MOVES
        if move.worklist == worklist and (verb is None or move.verb == verb)
        for source in move.sources
    }
    return tuple(status for status in QuestionStatus if status in found)


def _statuses(test: object) -> frozenset[QuestionStatus]:
    return frozenset(status for status, row in STATUSES.items() if test(row))


# Statuses in which nothing more will happen to the question.
TERMINAL: frozenset[QuestionStatus] = _statuses(lambda row: row.finished)
# Statuses that count towards "one question per person per meeting".
COUNTS_TOWARDS_LIMIT: frozenset[QuestionStatus] = _statuses(lambda row: row.counts_towards_limit)
# Statuses of a question whose promised written answer is in a published minutes appendix.
PUBLISHED_IN_MINUTES: tuple[QuestionStatus, ...] = tuple(
    status for status in QuestionStatus if STATUSES[status].published_in_minutes
)
# Statuses that reached the council: the question was confirmed.
CONFIRMED: frozenset[QuestionStatus] = _statuses(lambda row: row.confirmed)

# Statuses whose answer is published.
ANSWERED: frozenset[QuestionStatus] = _statuses(lambda row: row.answered)
# What the public register of questions says of each status it lists, and its tag.
REGISTER_WORDS: dict[QuestionStatus, tuple[str, str]] = {
    s: (row.register[0], f"govuk-tag--{row.register[1]}") for s, row in STATUSES.items() if row.register
}

# How each status is described to the questioner, and to staff, and its tag colour.
PUBLIC_STATUS_WORDS: dict[QuestionStatus, str] = {s: row.questioner_words for s, row in STATUSES.items()}
STAFF_STATUS_LABELS: dict[QuestionStatus, str] = {s: row.staff_label for s, row in STATUSES.items()}
STATUS_TAG_CLASSES: dict[QuestionStatus, str] = {s: f"govuk-tag--{row.tag}" for s, row in STATUSES.items()}
