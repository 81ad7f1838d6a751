"""A committee's procedure for its published record, and a meeting's own where an
administrator overrode it: the layout, how questions are numbered, how questioners
are shown (and someone asking on behalf of another), and whether the record prints
how each question arrived.

The committee's settings apply to every meeting whose record has not been published.
Publishing fixes the meeting's procedure on the meeting itself (`fix_for_publication`),
so a later change to the committee never changes a record already published, and a
meeting's numbering never changes once anything of it is published.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from portal.domain.errors import Invalid
from portal.domain.numbers import Procedure, committee_procedure, effective, number_label
from portal.domain.permissions import NotPermitted, can_manage_committees
from portal.extensions import db
from portal.models import (
    Committee,
    Layout,
    Meeting,
    Numbering,
    OnBehalfStyle,
    ProcedureRules,
    Publication,
    QuestionerStyle,
    RecordLanguages,
    User,
)

__all__ = ["Procedure", "committee_procedure", "effective", "number_label"]

_PREFIX = re.compile(r"^[A-Za-z]{1,10}$")


class ProcedureError(Invalid):
    """A procedure that cannot be used; `errors` maps each field to what to put right."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors=errors)


def _rules(committee: Committee) -> ProcedureRules:
    if committee.rules is None:
        committee.rules = ProcedureRules()
    return committee.rules


def collisions(procedure: Procedure, *, public_item: str | None, member_item: str | None) -> list[str]:
    """Why two questions of a record would carry the same number under `procedure`."""
    if procedure.numbering is Numbering.PREFIXED and (
        procedure.public_prefix.strip().lower() == procedure.member_prefix.strip().lower()
    ):
        return [
            f"Public and member questions both start {procedure.public_prefix}, so both would be "
            f"{procedure.public_prefix} 1: give them different prefixes"
        ]
    if procedure.numbering is Numbering.AGENDA_ITEM and public_item and public_item == member_item:
        return [
            f"Public and member questions are both under agenda item {public_item}, so both would be "
            f"{public_item}.1: give them different agenda items"
        ]
    return []


def _check(
    *, numbering: Numbering | None, public_prefix: str | None, member_prefix: str | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, value in (("public_prefix", public_prefix), ("member_prefix", member_prefix)):
        if value is not None and not _PREFIX.match(value):
            errors[name] = "Enter a prefix of 1 to 10 letters, such as PQ or SPQ"
    if (
        not errors
        and numbering in (Numbering.PREFIXED, None)
        and public_prefix is not None
        and member_prefix is not None
        and public_prefix.lower() == member_prefix.lower()
    ):
        errors["member_prefix"] = (
            f"Public and member questions both start {public_prefix}, so both would be {public_prefix} 1: "
            "give them different prefixes"
        )
    return errors


def published_meetings(committee: Committee) -> int:
    return int(
        db.session.scalar(
            sa.select(sa.func.count(sa.distinct(Publication.meeting_id)))
            .join(Meeting, Meeting.id == Publication.meeting_id)
            .where(Meeting.committee_id == committee.id)
        )
        or 0
    )


def set_committee_procedure(
    committee: Committee,
    *,
    by: User | None,
    layout: Layout,
    numbering: Numbering,
    public_prefix: str,
    member_prefix: str,
    questioner_style: QuestionerStyle,
    on_behalf_counts: bool,
    on_behalf_style: OnBehalfStyle | None = None,
    prints_arrival: bool | None = None,
    record_languages: RecordLanguages | None = None,
) -> int:
    """Change the committee's procedure. It applies to every record not yet published;
    returns how many meetings already published keep the procedure they were published with.
    (`on_behalf_style`, `prints_arrival` and `record_languages` left as None stay as they are.)"""
    if not can_manage_committees(by):
        raise NotPermitted("Only administrators can change a committee's procedure")
    public_prefix, member_prefix = public_prefix.strip(), member_prefix.strip()
    errors = _check(numbering=numbering, public_prefix=public_prefix, member_prefix=member_prefix)
    if errors:
        raise ProcedureError(errors)
    # Meetings already published keep what they were published with, even those published
    # before procedures were fixed on the meeting.
    for meeting in db.session.scalars(
        sa.select(Meeting).where(
            Meeting.committee_id == committee.id,
            Meeting.id.in_(sa.select(Publication.meeting_id)),
        )
    ):
        fix_for_publication(meeting)
    rules = _rules(committee)
    committee.layout = layout
    rules.numbering = numbering
    rules.public_prefix, rules.member_prefix = public_prefix, member_prefix
    rules.questioner_style = questioner_style
    rules.on_behalf_counts = on_behalf_counts
    if on_behalf_style is not None:
        rules.on_behalf_style = on_behalf_style
    if prints_arrival is not None:
        rules.prints_arrival = prints_arrival
    if record_languages is not None:
        rules.record_languages = record_languages
    db.session.flush()
    return published_meetings(committee)


def committee_limits(committee: Committee) -> tuple[int, bool]:
    """The committee's questions per person, and whether questions asked on behalf of
    someone else count against them: what a meeting without its own limits follows."""
    rules = committee.rules
    per_person = rules.questions_per_person if rules is not None and rules.questions_per_person else 1
    return per_person, bool(rules.on_behalf_counts) if rules is not None else False


def is_published(meeting: Meeting) -> bool:
    found = db.session.scalar(sa.select(Publication.id).where(Publication.meeting_id == meeting.id).limit(1))
    return found is not None


def override_for_meeting(
    meeting: Meeting,
    *,
    by: User | None,
    layout: Layout | None,
    numbering: Numbering | None,
    public_prefix: str | None,
    member_prefix: str | None,
    questioner_style: QuestionerStyle | None,
    on_behalf_style: OnBehalfStyle | None = None,
    prints_arrival: bool | None = None,
    record_languages: RecordLanguages | None = None,
    questions_per_person: int | None = None,
    on_behalf_counts: bool | None = None,
) -> None:
    """Set this meeting's own procedure (None: the committee's). Numbering is fixed once
    anything of the meeting's record is published; the layout, how questioners are
    shown, whether arrival is printed and the record's languages apply from the next
    version published. The limits (`questions_per_person`, `on_behalf_counts`) apply to
    questions asked from now on: those already received stay."""
    if not can_manage_committees(by):
        raise NotPermitted("Only administrators can change a meeting's procedure")
    public_prefix = (public_prefix or "").strip() or None
    member_prefix = (member_prefix or "").strip() or None
    base = committee_procedure(meeting.committee)
    errors = _check(
        numbering=numbering or base.numbering,
        public_prefix=public_prefix or base.public_prefix,
        member_prefix=member_prefix or base.member_prefix,
    )
    if questions_per_person is not None and not 1 <= questions_per_person <= 10:
        errors["questions_per_person"] = (
            "Questions per person must be between 1 and 10, or leave it empty for the committee's"
        )
    if is_published(meeting):
        now = effective(meeting)
        wanted = Procedure(
            layout=layout or base.layout,
            numbering=numbering or base.numbering,
            public_prefix=public_prefix or base.public_prefix,
            member_prefix=member_prefix or base.member_prefix,
            questioner_style=questioner_style or base.questioner_style,
        )
        if (wanted.numbering, wanted.public_prefix, wanted.member_prefix) != (
            now.numbering,
            now.public_prefix,
            now.member_prefix,
        ):
            errors["numbering"] = (
                "This meeting's record has been published, so its numbers are fixed: "
                f"they stay as they are ({now.numbering.label.lower()})"
            )
    if errors:
        raise ProcedureError(errors)
    meeting.layout, meeting.numbering = layout, numbering
    meeting.public_prefix, meeting.member_prefix = public_prefix, member_prefix
    meeting.questioner_style = questioner_style
    meeting.on_behalf_style, meeting.prints_arrival = on_behalf_style, prints_arrival
    meeting.record_languages = record_languages
    meeting.questions_per_person, meeting.on_behalf_counts = questions_per_person, on_behalf_counts
    if is_published(meeting):
        fix_for_publication(meeting)
    db.session.flush()


def fix_for_publication(meeting: Meeting) -> None:
    """Write the procedure the record is published with onto the meeting itself, so that
    changing the committee's later does not change this meeting's record."""
    current = effective(meeting)
    meeting.layout = current.layout
    meeting.numbering = current.numbering
    meeting.public_prefix = current.public_prefix
    meeting.member_prefix = current.member_prefix
    meeting.questioner_style = current.questioner_style
    meeting.on_behalf_style = current.on_behalf_style
    meeting.prints_arrival = current.prints_arrival
    meeting.record_languages = current.record_languages
