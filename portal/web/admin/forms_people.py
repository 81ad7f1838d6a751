"""Forms for staff accounts, posts, post holders and drafters, and committee members."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)

from portal.domain.entities import ROLE_HINTS, MembershipRole, Role
from portal.web.admin.forms_common import EmailAddress, choices, optional_int
from portal.web.fields import DateInputField
from portal.web.forms import BaseForm, MaxLength, Required, text_area, text_input

ROLE_CHOICES = choices((r.value, r.label) for r in Role)
ROLE_HINT_TEXT = {r.value: ROLE_HINTS[r] for r in Role}


class StaffForm(BaseForm):
    first_name = text_input(
        "First name", "Enter their first name", 100, "First name must be 100 characters or fewer"
    )
    last_name = text_input(
        "Last name", "Enter their last name", 100, "Last name must be 100 characters or fewer"
    )
    email = StringField(
        "E-mail address",
        description="They sign in with this. Use their council e-mail address.",
        widget=GovTextInput(),
        validators=[
            Required("Enter their e-mail address"),
            MaxLength(254, "E-mail address must be 254 characters or fewer"),
            EmailAddress(),
        ],
    )
    job_title = text_input(
        "Job title (optional)",
        None,
        200,
        "Job title must be 200 characters or fewer",
        description="For example, Democratic Services Officer",
    )
    ward = text_input(
        "Ward (councillors only)",
        None,
        120,
        "Ward must be 120 characters or fewer",
        description="Member questions are published as “Cllr First Last, Ward”",
    )
    roles = SelectMultipleField(
        "Roles",
        choices=ROLE_CHOICES,
        widget=GovCheckboxesInput(),
        description="Select all that apply",
        validators=[Required("Select at least one role")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def selected_roles(self) -> set[Role]:
        return {Role(value) for value in self.roles.data or []}


class PostForm(BaseForm):
    title = text_input(
        "Title of the post",
        "Enter the title of the post",
        200,
        "Title must be 200 characters or fewer",
        description="As it appears beside answers, for example, Cabinet member children and families",
    )
    title_cy = text_input(
        "Title in Welsh (optional)",
        None,
        200,
        "Title in Welsh must be 200 characters or fewer",
        description="Shown on Welsh pages and in Welsh documents. Leave empty to show the English title.",
    )
    description = text_area(
        "Description (optional)", None, 2000, "Description must be 2,000 characters or fewer"
    )
    is_active = BooleanField(
        "Active: questions can be put to this post", widget=GovCheckboxInput(), default=True
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class HolderForm(BaseForm):
    user = SelectField(
        "Who holds the post",
        coerce=optional_int,
        widget=GovSelect(),
        validators=[Required("Select who holds the post")],
    )
    starts_on = DateInputField(
        "When they started",
        thing="Start date",
        required_message="Enter the date they started in the post",
        description="For example, 22 5 2025",
    )
    ends_on = DateInputField(
        "When they stopped (optional)",
        thing="End date",
        description="Leave empty if they still hold the post",
    )
    submit = SubmitField("Add holder", widget=GovSubmitInput())


class EndHoldingForm(BaseForm):
    ends_on = DateInputField(
        "Last day in the post",
        thing="End date",
        required_message="Enter the last day they held the post",
        description="For example, 21 5 2026",
    )
    submit = SubmitField("Save end date", widget=GovSubmitInput())


class DrafterForm(BaseForm):
    user = SelectField(
        "Officer",
        coerce=optional_int,
        widget=GovSelect(),
        description="Only staff with the officer role are listed",
        validators=[Required("Select an officer")],
    )
    submit = SubmitField("Add officer", widget=GovSubmitInput())


class MembershipForm(BaseForm):
    name = text_input(
        "Name",
        "Enter the member's name",
        200,
        "Name must be 200 characters or fewer",
        description="As it appears on the committee's list, for example, Councillor Margaret Ellery",
    )
    role = RadioField(
        "Role on the committee",
        choices=choices((r.value, r.label) for r in MembershipRole),
        widget=GovRadioInput(),
        validators=[Required("Select their role on the committee")],
    )
    represents = text_input(
        "Whom they represent",
        None,
        300,
        "This must be 300 characters or fewer",
        description="For example, Representative of Families",
    )
    substitute_for = SelectField("Substitute for", coerce=optional_int, widget=GovSelect())
    user = SelectField(
        "Staff account (optional)",
        coerce=optional_int,
        widget=GovSelect(),
        description="Link the member to their account in this portal, if they have one",
    )
    submit = SubmitField("Save", widget=GovSubmitInput())
