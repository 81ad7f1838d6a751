"""Committees: their details, procedure rules, answering posts and members.

Every verb checks `can_manage_committees` and raises CommitteeError, worded for the
administrator, when a change would leave the committee in a state that makes no sense.
Changing the rules recomputes the question deadlines of upcoming meetings that were
not set by hand, and says how many changed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import sqlalchemy as sa

from portal.domain.errors import Invalid
from portal.domain.meetings import scheduling
from portal.domain.permissions import NotPermitted, can_manage_committees
from portal.extensions import db
from portal.models import (
    Committee,
    CommitteeKind,
    CommitteePost,
    Layout,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipRole,
    Post,
    ProcedureRules,
    User,
    utcnow,
)

SLUG_SHAPE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 100

# (field, lowest, highest, the words used in a message)
RULE_RANGES: dict[str, tuple[int, int, str]] = {
    "deadline_clear_working_days": (0, 30, "Clear working days"),
    "word_limit": (10, 2000, "The word limit"),
    "questions_per_person": (1, 10, "Questions per person"),
    "written_answer_due_days": (1, 365, "Days to send a written answer"),
}

# Chair first, then vice-chair, members, co-opted members and substitutes.
ROLE_ORDER = {
    MembershipRole.CHAIR: 0,
    MembershipRole.VICE_CHAIR: 1,
    MembershipRole.MEMBER: 2,
    MembershipRole.CO_OPTEE: 3,
    MembershipRole.SUBSTITUTE: 4,
}


class CommitteeError(Invalid):
    """A committee change that cannot be made, worded for the administrator."""


def _require_committee_manager(by: User) -> None:
    if not can_manage_committees(by):
        raise NotPermitted("Only administrators can change committees")


# Details ----------------------------------------------------------------------------


def slug_from_name(name: str) -> str:
    """'Children and Young People Scrutiny Committee' -> 'children-and-young-people-scrutiny-committee'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-")


def _check_details(committee: Committee | None, name: str, slug: str) -> str:
    """The slug to use, after checking the name and slug are usable and not taken."""
    name = name.strip()
    if not name:
        raise CommitteeError("Enter the committee's name", field="name")
    slug = slug.strip() or slug_from_name(name)
    if not slug:
        raise CommitteeError("Enter a web address for the committee", field="slug")
    if len(slug) > SLUG_MAX:
        raise CommitteeError(f"The web address must be {SLUG_MAX} characters or fewer", field="slug")
    if not SLUG_SHAPE.match(slug):
        raise CommitteeError(
            "The web address must only include lower-case letters, numbers and single hyphens, "
            "like children-scrutiny",
            field="slug",
        )
    own_id = committee.id if committee is not None else None
    same_slug = db.session.scalar(sa.select(Committee).where(Committee.slug == slug, Committee.id != own_id))
    if same_slug is not None:
        raise CommitteeError(f"{same_slug.name} already uses that web address", field="slug")
    same_name = db.session.scalar(
        sa.select(Committee).where(sa.func.lower(Committee.name) == name.lower(), Committee.id != own_id)
    )
    if same_name is not None:
        raise CommitteeError("There is already a committee with that name", field="name")
    return slug


def add_committee(
    *,
    by: User,
    name: str,
    slug: str,
    kind: CommitteeKind,
    description: str = "",
    takes_public_questions: bool = True,
    takes_member_questions: bool = False,
    layout: Layout = Layout.TABLE,
) -> Committee:
    """A new committee, with the default procedure rules (change them afterwards)."""
    _require_committee_manager(by)
    slug = _check_details(None, name, slug)
    committee = Committee(
        name=name.strip(),
        slug=slug,
        kind=kind,
        description=description.strip(),
        takes_public_questions=takes_public_questions,
        takes_member_questions=takes_member_questions,
        layout=layout,
        is_active=True,
        rules=ProcedureRules(),
    )
    db.session.add(committee)
    db.session.flush()
    return committee


def update_committee(
    committee: Committee,
    *,
    by: User,
    name: str,
    slug: str,
    kind: CommitteeKind,
    description: str,
    takes_public_questions: bool,
    takes_member_questions: bool,
    layout: Layout,
    is_active: bool,
) -> None:
    _require_committee_manager(by)
    slug = _check_details(committee, name, slug)
    if committee.is_active and not is_active and upcoming_meetings_count(committee):
        # Its meeting pages would disappear while people may still be asking questions.
        raise CommitteeError(
            "Cancel or move the committee's upcoming meetings before making it inactive", field="is_active"
        )
    committee.name = name.strip()
    committee.slug = slug
    committee.kind = kind
    committee.description = description.strip()
    committee.takes_public_questions = takes_public_questions
    committee.takes_member_questions = takes_member_questions
    committee.layout = layout
    committee.is_active = is_active
    db.session.flush()


def upcoming_meetings_count(committee: Committee, now: dt.datetime | None = None) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Meeting)
        .where(
            Meeting.committee_id == committee.id,
            Meeting.starts_at > (now or utcnow()),
            Meeting.status.in_([MeetingStatus.SCHEDULED, MeetingStatus.MOVED]),
        )
    )


def active_committees() -> list[Committee]:
    """The committees in use, by name (the choices a clerk picks from, the public list)."""
    return list(
        db.session.scalars(sa.select(Committee).where(Committee.is_active.is_(True)).order_by(Committee.name))
    )


def committees_by_name() -> list[Committee]:
    """Every committee, in use or not, by name (two of one name by when they were added)."""
    return list(db.session.scalars(sa.select(Committee).order_by(Committee.name, Committee.id)))


def active_committee(slug: str) -> Committee | None:
    """The committee in use at this address, or None."""
    return db.session.scalar(
        sa.select(Committee).where(Committee.slug == slug, Committee.is_active.is_(True))
    )


def committees_answered_by(post: Post) -> list[Committee]:
    """The committees whose questions `post` answers, by name."""
    return list(
        db.session.scalars(
            sa.select(Committee)
            .join(CommitteePost)
            .where(CommitteePost.post_id == post.id)
            .order_by(Committee.name, Committee.id)
        )
    )


def latest_meeting(committee_id: int) -> Meeting | None:
    """The committee's latest meeting (the last one by when it starts), or None."""
    return db.session.scalar(
        sa.select(Meeting)
        .where(Meeting.committee_id == committee_id)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
    )


def past_meetings(committee: Committee, now: dt.datetime, *, limit: int) -> list[Meeting]:
    """The committee's last `limit` meetings that have started, latest first."""
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.committee_id == committee.id, Meeting.starts_at <= now)
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
            .limit(limit)
        )
    )


def all_committees() -> list[Committee]:
    return list(
        db.session.scalars(
            sa.select(Committee).order_by(Committee.is_active.desc(), Committee.name, Committee.id)
        )
    )


# Procedure rules ----------------------------------------------------------------------


def update_rules(
    committee: Committee,
    *,
    by: User,
    deadline_clear_working_days: int,
    deadline_time: dt.time,
    word_limit: int,
    questions_per_person: int,
    eligibility_wording: str,
    written_answer_due_days: int,
) -> int:
    """Change the committee's rules for questions. Returns how many upcoming meetings'
    deadlines changed as a result (deadlines set by hand are left as they are)."""
    _require_committee_manager(by)
    values = {
        "deadline_clear_working_days": deadline_clear_working_days,
        "word_limit": word_limit,
        "questions_per_person": questions_per_person,
        "written_answer_due_days": written_answer_due_days,
    }
    for field, value in values.items():
        lowest, highest, words = RULE_RANGES[field]
        if not lowest <= value <= highest:
            raise CommitteeError(f"{words} must be between {lowest:,} and {highest:,}", field=field)
    if not eligibility_wording.strip():
        raise CommitteeError("Enter who can ask a question", field="eligibility_wording")
    rules = scheduling.rules_for(committee)
    deadline_changed = (
        rules.deadline_clear_working_days != deadline_clear_working_days
        or rules.deadline_time != deadline_time
    )
    for field, value in values.items():
        setattr(rules, field, value)
    rules.deadline_time = deadline_time
    rules.eligibility_wording = eligibility_wording.strip()
    db.session.flush()
    if not deadline_changed:
        return 0
    return scheduling.recompute_upcoming_deadlines(committee, by=by)


def set_review_rules(
    committee: Committee, *, by: User, review_days: int | None, reviewer_post: Post | None
) -> None:
    """How long a questioner has to ask for a review of a rejection (None: as it is), and the
    post whose holders decide reviews besides the chair (None: the chair alone)."""
    _require_committee_manager(by)
    rules = scheduling.rules_for(committee)
    if review_days is not None:
        if not 1 <= review_days <= 90:
            raise CommitteeError("Days to ask for a review must be between 1 and 90", field="review_days")
        rules.review_days = review_days
    if reviewer_post is not None and not reviewer_post.is_active and reviewer_post != rules.reviewer_post:
        raise CommitteeError(f"{reviewer_post.title} is not an active post", field="reviewer_post")
    rules.reviewer_post = reviewer_post
    db.session.flush()


# Posts that answer the committee's questions ---------------------------------------------


def add_answering_post(committee: Committee, post: Post, *, by: User) -> CommitteePost:
    _require_committee_manager(by)
    if not post.is_active:
        raise CommitteeError(f"{post.title} is not an active post", field="post")
    if any(cp.post_id == post.id for cp in committee.committee_posts):
        raise CommitteeError(f"{post.title} already answers this committee's questions", field="post")
    position = max((cp.position for cp in committee.committee_posts), default=-1) + 1
    link = CommitteePost(post=post, position=position)
    committee.committee_posts.append(link)
    db.session.flush()
    return link


def move_answering_post(committee: Committee, link: CommitteePost, *, by: User, up: bool) -> None:
    """Move a post one place up or down the committee's list."""
    _require_committee_manager(by)
    links = sorted(committee.committee_posts, key=lambda cp: (cp.position, cp.id))
    index = links.index(link)
    other = index - 1 if up else index + 1
    if 0 <= other < len(links):
        links[index], links[other] = links[other], links[index]
    for position, item in enumerate(links):
        item.position = position
    db.session.flush()


def remove_answering_post(committee: Committee, link: CommitteePost, *, by: User) -> None:
    _require_committee_manager(by)
    committee.committee_posts.remove(link)
    for position, item in enumerate(sorted(committee.committee_posts, key=lambda cp: (cp.position, cp.id))):
        item.position = position
    db.session.flush()


def posts_not_answering(committee: Committee) -> list[Post]:
    taken = {cp.post_id for cp in committee.committee_posts}
    posts = db.session.scalars(sa.select(Post).where(Post.is_active.is_(True)).order_by(Post.title, Post.id))
    return [p for p in posts if p.id not in taken]


# Members ------------------------------------------------------------------------------


def _check_membership(
    committee: Committee,
    membership: Membership | None,
    *,
    name: str,
    role: MembershipRole,
    represents: str | None,
    substitute_for: Membership | None,
) -> None:
    if not name.strip():
        raise CommitteeError("Enter the member's name", field="name")
    if role is MembershipRole.CO_OPTEE and not (represents or "").strip():
        raise CommitteeError("Enter whom the co-opted member represents", field="represents")
    if role is MembershipRole.SUBSTITUTE:
        if substitute_for is None:
            raise CommitteeError("Select the member they are a substitute for", field="substitute_for")
        if substitute_for.committee_id != committee.id:
            raise CommitteeError("Select a member of this committee", field="substitute_for")
        if membership is not None and substitute_for.id == membership.id:
            raise CommitteeError("A member cannot be their own substitute", field="substitute_for")
        if substitute_for.role is MembershipRole.SUBSTITUTE:
            raise CommitteeError("Select a member who is not a substitute themselves", field="substitute_for")
    if role is MembershipRole.CHAIR:
        chair = next(
            (
                m
                for m in committee.memberships
                if m.role is MembershipRole.CHAIR and (membership is None or m.id != membership.id)
            ),
            None,
        )
        if chair is not None:
            raise CommitteeError(
                f"{chair.name} is already the chairperson. Change their role first", field="role"
            )
    has_substitute = membership is not None and any(
        m.substitute_for_id == membership.id for m in committee.memberships
    )
    if role is MembershipRole.SUBSTITUTE and has_substitute:
        raise CommitteeError(
            "Someone is a named substitute for this member, so they cannot become a substitute",
            field="role",
        )


def _reorder_members(committee: Committee) -> None:
    ordered = sorted(committee.memberships, key=lambda m: (ROLE_ORDER[m.role], m.position, m.id or 0))
    for position, member in enumerate(ordered):
        member.position = position


def _set_member_details(
    membership: Membership,
    *,
    name: str,
    role: MembershipRole,
    user: User | None,
    represents: str | None,
    substitute_for: Membership | None,
) -> None:
    """Whom a co-optee represents, and whom a substitute stands in for, are kept only for those roles."""
    membership.name = name.strip()
    membership.role = role
    membership.user = user
    membership.represents = (represents or "").strip() if role is MembershipRole.CO_OPTEE else None
    membership.substitute_for = substitute_for if role is MembershipRole.SUBSTITUTE else None


def add_membership(
    committee: Committee,
    *,
    by: User,
    name: str,
    role: MembershipRole,
    user: User | None = None,
    represents: str | None = None,
    substitute_for: Membership | None = None,
) -> Membership:
    _require_committee_manager(by)
    _check_membership(
        committee, None, name=name, role=role, represents=represents, substitute_for=substitute_for
    )
    membership = Membership(position=len(committee.memberships) + 1000)
    _set_member_details(
        membership, name=name, role=role, user=user, represents=represents, substitute_for=substitute_for
    )
    committee.memberships.append(membership)
    db.session.flush()
    _reorder_members(committee)
    db.session.flush()
    return membership


def update_membership(
    membership: Membership,
    *,
    by: User,
    name: str,
    role: MembershipRole,
    user: User | None = None,
    represents: str | None = None,
    substitute_for: Membership | None = None,
) -> None:
    _require_committee_manager(by)
    committee = membership.committee
    _check_membership(
        committee, membership, name=name, role=role, represents=represents, substitute_for=substitute_for
    )
    _set_member_details(
        membership, name=name, role=role, user=user, represents=represents, substitute_for=substitute_for
    )
    _reorder_members(committee)
    db.session.flush()


def remove_membership(membership: Membership, *, by: User) -> None:
    _require_committee_manager(by)
    committee = membership.committee
    substitutes = [m.name for m in committee.memberships if m.substitute_for_id == membership.id]
    if substitutes:
        raise CommitteeError(
            f"{' and '.join(substitutes)} is named as a substitute for {membership.name}. "
            "Change or remove the substitute first"
        )
    committee.memberships.remove(membership)
    db.session.flush()
    _reorder_members(committee)
    db.session.flush()
