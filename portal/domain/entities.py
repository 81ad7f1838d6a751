"""The stored things and their fixed vocabularies, as the web layer names them.

The web layer never imports `portal.models` (an import-linter contract): it reads and
changes data only through the domain's verbs and query functions. It still needs the
names of the things it is handed: for type annotations, for the route helper that loads
an object by its id (`find`), and for the enumerations its forms offer (roles, outcomes,
layouts). They are re-exported here, and only here (decision 0250).

Imports only the models, so every area of the domain and the web can use it.
"""

from __future__ import annotations

from typing import TypeVar

import portal.models  # noqa: F401  (the whole schema, so relationships resolve)
from portal.extensions import db
from portal.models import (
    AlertSubscription,
    Answer,
    AnswerStatus,
    AnswerTemplate,
    ArchiveEntry,
    Arrival,
    ClosureDay,
    Committee,
    CommitteeKind,
    CommitteePost,
    DocumentKind,
    ImportDocument,
    ImportRecord,
    JobStatus,
    Layout,
    Meeting,
    MeetingAction,
    MeetingChangeKind,
    MeetingStatus,
    Membership,
    MembershipRole,
    Model,
    Numbering,
    OnBehalfStyle,
    OutboxMessage,
    Post,
    PostDrafter,
    PostHolder,
    Publication,
    PublicationJob,
    PutOutcome,
    Question,
    QuestionDraft,
    QuestionerStyle,
    QuestionKind,
    RecordLanguages,
    RejectionGround,
    ReviewOutcome,
    Role,
    StaffSession,
    SubscriptionStatus,
    TextPart,
    User,
    Verdict,
    utcnow,
)
from portal.models.users import ROLE_HINTS

T = TypeVar("T", bound=Model)


def find(kind: type[T], ident: object) -> T | None:
    """The `kind` stored under `ident`, or None (also for an id that is not a whole number)."""
    if isinstance(ident, str):
        if not ident.isdigit():
            return None
        ident = int(ident)
    if ident is None:
        return None
    return db.session.get(kind, ident)


__all__ = [
    "ROLE_HINTS",
    "AlertSubscription",
    "Answer",
    "AnswerStatus",
    "AnswerTemplate",
    "ArchiveEntry",
    "Arrival",
    "ClosureDay",
    "Committee",
    "CommitteeKind",
    "CommitteePost",
    "DocumentKind",
    "ImportDocument",
    "ImportRecord",
    "JobStatus",
    "Layout",
    "Meeting",
    "MeetingAction",
    "MeetingChangeKind",
    "MeetingStatus",
    "Membership",
    "MembershipRole",
    "Model",
    "Numbering",
    "OnBehalfStyle",
    "OutboxMessage",
    "Post",
    "PostDrafter",
    "PostHolder",
    "Publication",
    "PublicationJob",
    "PutOutcome",
    "Question",
    "QuestionDraft",
    "QuestionKind",
    "QuestionerStyle",
    "RecordLanguages",
    "RejectionGround",
    "ReviewOutcome",
    "Role",
    "StaffSession",
    "SubscriptionStatus",
    "TextPart",
    "User",
    "Verdict",
    "find",
    "utcnow",
]
