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
    Post,
    PostDrafter,
    PostHolder,
    ProcedureRules,
    RejectionGround,
)
from portal.models.counters import Counter
from portal.models.drafts import QuestionDraft
from portal.models.feedback import AnswerFeedback, RejectionReview, ReviewOutcome, Verdict
from portal.models.outbox import OutboxMessage, OutboxStatus
from portal.models.publications import DocumentKind, Publication, PublicationFile
from portal.models.questions import ANONYMOUS_DISPLAY, Question, QuestionEdit, QuestionEvent
from portal.models.records import (
    ActionStatus,
    ActionUpdate,
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
from portal.models.statuses import QuestionKind, QuestionStatus
from portal.models.users import Role, User, UserRole

__all__ = [
    "ANONYMOUS_DISPLAY",
    "ActionStatus",
    "ActionUpdate",
    "AlertSubscription",
    "Answer",
    "AnswerFeedback",
    "AnswerRevision",
    "AnswerStatus",
    "AnswerTemplate",
    "ArchiveEntry",
    "ClosureDay",
    "Committee",
    "CommitteeKind",
    "CommitteePost",
    "Counter",
    "DataRequest",
    "DataRequestKind",
    "DocumentKind",
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
    "RecoveryCode",
    "RejectionGround",
    "RejectionReview",
    "ReviewOutcome",
    "Role",
    "SecurityEvent",
    "SecuritySettings",
    "StaffSession",
    "SubscriptionStatus",
    "User",
    "UserRole",
    "Verdict",
    "utcnow",
]
