"""The audit log: every question event, newest first, for administrators and clerks."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from portal.domain.entities import Role
from portal.domain.questions import audit
from portal.web.access import requires_role
from portal.web.audit.forms import AuditFilterForm

bp = Blueprint("audit", __name__, url_prefix="/staff/audit")


@bp.route("")
@requires_role(Role.ADMIN, Role.CLERK)
def log() -> str:
    form = AuditFilterForm(request.args)
    meetings = audit.meetings_in_log()
    people = audit.people_in_log()
    form.meeting.choices = [("", "All meetings")] + [
        (str(m.id), f"{m.committee.name}, {m.starts_at:%d/%m/%Y}") for m in meetings
    ]
    form.person.choices = [
        ("", "Anyone"),
        (audit.QUESTIONER, "The questioner"),
        (audit.SYSTEM, "The portal (automatic)"),
    ] + [(str(u.id), u.name) for u in people]
    form.validate()
    date_from, date_to = form.dates()
    person = form.person.data or None
    if person not in (None, audit.QUESTIONER, audit.SYSTEM) and not str(person).isdigit():
        person = None
    filters = audit.AuditFilters(
        reference=(form.reference.data or None) if not form.reference.errors else None,
        meeting_id=int(form.meeting.data) if (form.meeting.data or "").isdigit() else None,
        person=person,
        date_from=date_from,
        date_to=date_to,
    )
    page = request.args.get("page", "1")
    older_than = request.args.get("older_than", "")
    if older_than.isdigit():
        result = audit.older_events(filters, int(older_than))
    else:
        result = audit.audit_events(filters, page=int(page) if page.isdigit() else 1)
    args = {k: v for k, v in request.args.items() if k not in ("page", "older_than") and v}
    return render_template("audit/log.html", form=form, result=result, args=args)
