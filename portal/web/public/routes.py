"""Public pages: home, committees, meetings, and the service's statements."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from portal.domain import conditions, entities
from portal.domain.entities import Committee, Meeting, MeetingStatus, utcnow
from portal.domain.meetings import scheduling
from portal.domain.meetings.committees import active_committee, active_committees
from portal.web.access import public
from portal.web.page_cache import cached_page

bp = Blueprint("public", __name__)


def get_committee_or_404(slug: str) -> Committee:
    committee = active_committee(slug)
    if committee is None:
        abort(404)
    return committee


def get_meeting_or_404(meeting_id: int) -> Meeting:
    meeting = entities.find(Meeting, meeting_id)
    if meeting is None or not meeting.committee.is_active:
        abort(404)
    return meeting


@bp.route("/")
@public
@cached_page
def home() -> str:
    now = utcnow()
    taking = scheduling.meetings_open_for_public_questions(now)
    # The next few meetings, and every one taking questions, each listed once.
    upcoming = {m.id: m for m in scheduling.upcoming_meetings(now, limit=8)} | {m.id: m for m in taking}
    return render_template(
        "public/home.html",
        open_meetings=taking,
        upcoming=sorted(upcoming.values(), key=lambda m: (m.starts_at, m.id)),
        now=now,
    )


@bp.route("/committees")
@public
@cached_page
def committees() -> str:
    rows = active_committees()
    return render_template("public/committees.html", committees=rows)


@bp.route("/committees/<slug>")
@public
@cached_page
def committee(slug: str) -> str:
    found = get_committee_or_404(slug)
    now = utcnow()
    return render_template(
        "public/committee.html",
        committee=found,
        upcoming=scheduling.upcoming_meetings(now, found),
        past=scheduling.past_meetings(now, found, limit=30),
        now=now,
    )


@bp.route("/meetings")
@public
@cached_page
def meetings() -> str:
    now = utcnow()
    return render_template(
        "public/meetings.html",
        upcoming=scheduling.upcoming_meetings(now),
        recent=scheduling.past_meetings(now, limit=20),
        now=now,
    )


@bp.route("/meetings/<int:meeting_id>")
@public
@cached_page
def meeting(meeting_id: int) -> str:
    found = get_meeting_or_404(meeting_id)
    now = utcnow()
    return render_template(
        "public/meeting.html",
        meeting=found,
        committee=found.committee,
        rules=found.committee.rules,
        open_for_questions=conditions.is_open_for_public_questions(found, now),
        moves=[c for c in found.changes if c.kind.value == "moved"],
        MeetingStatus=MeetingStatus,
        now=now,
    )


@bp.route("/accessibility")
@public
def accessibility() -> str:
    return render_template("public/accessibility.html")


@bp.route("/privacy")
@public
def privacy() -> str:
    from portal.domain.asking.retention import schedule

    return render_template("public/privacy.html", schedule=schedule())
