"""Forms on an action's page: who owns it and when it is due, progress, done, dropped.

Each form has its own prefix, so the four can share one page without their fields'
ids clashing, and the error summary links to the right box.
"""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSelect
from wtforms import SelectField

from portal.domain.entities import Post
from portal.domain.meetings.actions import REASON_LIMIT, UPDATE_LIMIT
from portal.web.admin.forms_common import choices, optional_int, placeholder
from portal.web.fields import DateInputField
from portal.web.forms import BaseForm, text_area


class AssignForm(BaseForm):
    owner_post = SelectField(
        "Post responsible", widget=GovSelect(), coerce=optional_int, validate_choice=False
    )
    due_on = DateInputField(
        "Date the action is due", thing="Date the action is due", description="For example, 27 3 2025"
    )

    def offer(self, posts: list[Post]) -> AssignForm:
        self.owner_post.choices = placeholder("No post yet") + choices((p.id, p.title) for p in posts)
        return self


class UpdateForm(BaseForm):
    updated_on = DateInputField(
        "Date of the update",
        thing="Date of the update",
        required_message="Enter the date of the update",
        description="For example, 2 11 2025",
    )
    body = text_area(
        "Progress made",
        "Enter the progress made on the action",
        UPDATE_LIMIT,
        f"The update must be {UPDATE_LIMIT:,} characters or fewer",
        description="This is published on the committee's action tracker.",
    )


class DoneForm(BaseForm):
    done_on = DateInputField(
        "Date the action was done",
        thing="Date the action was done",
        required_message="Enter the date the action was done",
        description="For example, 2 11 2025",
    )
    note = text_area(
        "What was done (optional)",
        None,
        UPDATE_LIMIT,
        f"The note must be {UPDATE_LIMIT:,} characters or fewer",
        description="For example, the information was sent to the committee on this date. It is published.",
    )


class DropForm(BaseForm):
    reason = text_area(
        "Why the action is being dropped",
        "Enter why the action is being dropped",
        REASON_LIMIT,
        f"The reason must be {REASON_LIMIT:,} characters or fewer",
        description="This is published on the committee's action tracker.",
    )
