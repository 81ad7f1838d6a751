"""The staff home page: each upcoming meeting's progress, and the person's own work first."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from portal.domain import permissions
from portal.domain.entities import Role, utcnow
from portal.domain.meetings import actions
from portal.domain.messages import outbox
from portal.domain.questions import worklist
from portal.formatting import to_london
from portal.web.access import access_of, signed_in

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.route("/")
@signed_in
def home() -> str:
    now = utcnow()
    user = current_user
    drafts_for = bool(worklist.posts_drafted_by(user))
    holds = bool(worklist.posts_held_by(user))
    action_posts = actions.posts_answerable_by(user)
    return render_template(
        "staff/home.html",
        user=user,
        now=now,
        summaries=worklist.meeting_summaries(now),
        to_draft=worklist.answers_to_draft(user) if drafts_for else [],
        to_approve=worklist.answers_awaiting_approval_by(user) if holds else [],
        drafts_for=drafts_for,
        holds=holds,
        to_decide=len(worklist.moderation_queue()) if permissions.is_clerk(user) else None,
        mail_in_doubt=len(outbox.possibly_sent_messages())
        if permissions.can_resolve_possibly_sent_mail(user)
        else None,
        is_clerk=user.has_role(Role.CLERK),
        my_actions=actions.open_actions(posts=action_posts) if action_posts else None,
        today=to_london(now).date(),
        owner_name=actions.owner_name,
        can_reach=_can_reach,
    )


def _can_reach(endpoint: str) -> bool:
    """Link a task only to a page the person may open."""
    view = current_app.view_functions.get(endpoint)
    if view is None:
        return False
    access = access_of(view)
    return not isinstance(access, frozenset) or current_user.has_role(*access)
