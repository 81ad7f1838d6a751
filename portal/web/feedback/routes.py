"""Was the question answered? The report for democratic services and committee chairs:
per committee, each meeting's counts, and per meeting every response with its reason."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from portal.domain.asking import feedback
from portal.domain.entities import Meeting, utcnow
from portal.domain.meetings.committees import committees_by_name, past_meetings
from portal.domain.permissions import can_see_feedback_report
from portal.web.access import get_or_404, require, signed_in

bp = Blueprint("feedback", __name__, url_prefix="/staff/feedback")


@bp.route("")
@signed_in
def report() -> str:
    committees = [c for c in committees_by_name() if can_see_feedback_report(current_user, c)]
    if not committees:
        abort(403)
    now = utcnow()
    sections = []
    for committee in committees:
        meetings = past_meetings(committee, now, limit=12)
        rows = [feedback.meeting_report(m) for m in meetings]
        sections.append((committee, [r for r in rows if r.answered_questions]))
    totals = feedback.counts_by_committee([c.id for c in committees])
    return render_template("feedback/report.html", sections=sections, totals=totals, Counts=feedback.Counts)


@bp.route("/meetings/<int:meeting_id>")
@signed_in
def meeting_report(meeting_id: int) -> str:
    meeting = get_or_404(Meeting, meeting_id)
    require(can_see_feedback_report, meeting.committee)
    return render_template("feedback/meeting.html", meeting=meeting, report=feedback.meeting_report(meeting))
