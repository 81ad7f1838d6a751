"""Every model, imported here so Alembic and the app see the whole schema."""

from portal.models.answers import Answer, AnswerRevision, AnswerStatus, AnswerTemplate
from portal.models.archive import AlertSubscription, ArchiveEntry, SubscriptionStatus
from portal.models.base import Model, utcnow
from portal.models.committees import (
    ClosureDay,
    Committee,
    CommitteeKind,
    CommitteePost,
    Layout,
    Meeting,
    MeetingChange,
    MeetingChangeKind,
    MeetingStatus,
    Membership,
    MembershipRole,
    Numbering,
    Post,
    PostDrafter,
    PostHolder,
    ProcedureRules,
    QuestionerStyle,
    RejectionGround,
)
from portal.models.counters import Counter
from portal.models.drafts import QuestionDraft
from portal.models.imports import ImportDocument, ImportRecord, ImportStatus
from portal.models.outbox import OutboxMessage, OutboxStatus
from portal.models.publications import DocumentKind, Publication, PublicationFile
from portal.models.questions import ANONYMOUS_DISPLAY, Question, QuestionEdit, QuestionEvent
from portal.models.records import (
    FollowUp,
    MeetingAction,
    MeetingRecordEvent,
    NotedComment,
    PutOutcome,
    QuestionOutcome,
)
from portal.models.security import (
    DataRequest,
    DataRequestKind,
    RecoveryCode,
    SecurityEvent,
    SecuritySettings,
    StaffSession,
)
from portal.models.statuses import Arrival, QuestionKind, QuestionStatus
from portal.models.users import Role, User, UserRole

__all__ = [
    "ANONYMOUS_DISPLAY",
    "AlertSubscription",
    "Answer",
    "AnswerRevision",
    "AnswerStatus",
    "AnswerTemplate",
    "ArchiveEntry",
    "Arrival",
    "ClosureDay",
    "Committee",
    "CommitteeKind",
    "CommitteePost",
    "Counter",
    "DataRequest",
    "DataRequestKind",
    "DocumentKind",
    "FollowUp",
    "ImportDocument",
    "ImportRecord",
    "ImportStatus",
    "Layout",
    "Meeting",
    "MeetingAction",
    "MeetingChange",
    "MeetingChangeKind",
    "MeetingRecordEvent",
    "MeetingStatus",
    "Membership",
    "MembershipRole",
    "Model",
    "NotedComment",
    "Numbering",
    "OutboxMessage",
    "OutboxStatus",
    "Post",
    "PostDrafter",
    "PostHolder",
    "ProcedureRules",
    "Publication",
    "PublicationFile",
    "PutOutcome",
    "Question",
    "QuestionDraft",
    "QuestionEdit",
    "QuestionEvent",
    "QuestionKind",
    "QuestionOutcome",
    "QuestionStatus",
    "QuestionerStyle",
    "RecoveryCode",
    "RejectionGround",
    "Role",
    "SecurityEvent",
    "SecuritySettings",
    "StaffSession",
    "SubscriptionStatus",
    "User",
    "UserRole",
    "utcnow",
]
