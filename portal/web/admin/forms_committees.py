"""Forms for committees, their rules and answering posts, rejection grounds and closure days."""

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

from portal.domain.entities import CommitteeKind, Layout
from portal.web.admin.forms_common import choices, optional_int
from portal.web.fields import DateInputField, TimeInputField, WholeNumberField
from portal.web.forms import BaseForm, MaxLength, Required, text_area, text_input

PUBLIC, MEMBER = "public", "member"


class CommitteeForm(BaseForm):
    name = text_input(
        "Name",
        "Enter the committee's name",
        200,
        "Name must be 200 characters or fewer",
        description="For example, Children and Young People Scrutiny Committee",
    )
    slug = StringField(
        "Web address",
        description=(
            "The end of its address on this site, like children-scrutiny in "
            "/committees/children-scrutiny. Lower-case letters, numbers and hyphens. "
            "Leave empty to make one from the name."
        ),
        widget=GovTextInput(),
        validators=[MaxLength(100, "The web address must be 100 characters or fewer")],
    )
    kind = RadioField(
        "Kind of committee",
        choices=choices((k.value, k.label) for k in CommitteeKind),
        widget=GovRadioInput(),
        validators=[Required("Select the kind of committee")],
    )
    description = text_area(
        "Description (optional)",
        None,
        2000,
        "Description must be 2,000 characters or fewer",
        description="One or two sentences for the public about what the committee does",
    )
    takes = SelectMultipleField(
        "Written questions it takes",
        choices=choices(
            [(PUBLIC, "Questions from the public"), (MEMBER, "Questions from councillors (member questions)")]
        ),
        widget=GovCheckboxesInput(),
        description="Select all that apply",
    )
    layout = RadioField(
        "How its questions and answers are published",
        choices=choices((layout.value, layout.label) for layout in Layout),
        widget=GovRadioInput(),
        validators=[Required("Select how its questions and answers are published")],
    )
    is_active = BooleanField(
        "Active: the committee and its meetings are listed on the public site",
        widget=GovCheckboxInput(),
        default=True,
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class RulesForm(BaseForm):
    deadline_clear_working_days = WholeNumberField(
        "Clear working days before the meeting",
        thing="Clear working days",
        minimum=0,
        maximum=30,
        required_message="Enter the number of clear working days",
        description=(
            "Questions must arrive this many clear working days before the meeting day. Weekends, "
            "bank holidays and closure days do not count."
        ),
    )
    deadline_time = TimeInputField(
        "Time of the deadline",
        thing="Time of the deadline",
        required_message="Enter the time of the deadline",
        description="On the working day before the clear days, for example, 9:30am or 17:00",
    )
    word_limit = WholeNumberField(
        "Word limit for a question",
        thing="The word limit",
        minimum=10,
        maximum=2000,
        required_message="Enter the word limit",
    )
    questions_per_person = WholeNumberField(
        "Questions one person can ask at a meeting",
        thing="Questions per person",
        minimum=1,
        maximum=10,
        required_message="Enter how many questions one person can ask",
    )
    eligibility_wording = text_area(
        "Who can ask",
        "Enter who can ask a question",
        1000,
        "This must be 1,000 characters or fewer",
        description="Shown to the public before they ask",
    )
    written_answer_due_days = WholeNumberField(
        "Days to send a written answer promised at the meeting",
        thing="Days to send a written answer",
        minimum=1,
        maximum=365,
        required_message="Enter the number of days to send a written answer",
    )
    review_days = WholeNumberField(
        "Days to ask for a review of a rejection",
        thing="Days to ask for a review",
        minimum=1,
        maximum=90,
        required_message="",
        description="After a question is not accepted, its questioner can ask for a review for this long",
    )
    reviewer_post = SelectField(
        "Who decides reviews besides the chair",
        coerce=optional_int,
        validate_choice=False,
        widget=GovSelect(),
        description="For example, the Monitoring Officer. Its holders and the committee’s chair decide",
    )
    submit = SubmitField("Save rules", widget=GovSubmitInput())


class AnsweringPostForm(BaseForm):
    post = SelectField(
        "Add a post",
        coerce=optional_int,
        widget=GovSelect(),
        validators=[Required("Select a post")],
    )
    submit = SubmitField("Add post", widget=GovSubmitInput())


class GroundForm(BaseForm):
    code = StringField(
        "Code",
        description="Used in reports and never changes, for example, duplicate_question",
        widget=GovTextInput(),
        validators=[Required("Enter a code"), MaxLength(50, "The code must be 50 characters or fewer")],
    )
    title = text_input(
        "Title for staff", "Enter a title for staff", 200, "The title must be 200 characters or fewer"
    )
    public_wording = text_area(
        "What the questioner is told",
        "Enter the wording the questioner sees",
        2000,
        "The wording must be 2,000 characters or fewer",
        description="Plain English, addressed to the person who asked",
    )
    listed_by_default = RadioField(
        "On the public register of questions received",
        choices=choices(
            [
                ("listed", "Listed: the register shows the question was not accepted, and on what ground"),
                ("hidden", "Hidden: the register does not show the question at all"),
            ]
        ),
        widget=GovRadioInput(),
        description="Clerks can choose differently for each question",
        validators=[Required("Select whether the question is listed or hidden")],
    )
    position = WholeNumberField(
        "Position in the list",
        thing="Position",
        minimum=0,
        maximum=999,
        required_message="Enter its position in the list",
        description="Lower numbers come first",
    )
    is_active = BooleanField("Active: clerks can choose this ground", widget=GovCheckboxInput(), default=True)
    submit = SubmitField("Save", widget=GovSubmitInput())


class ClosureDayForm(BaseForm):
    day = DateInputField(
        "Date",
        thing="Date",
        required_message="Enter the date the offices are closed",
        description="For example, 24 12 2026",
    )
    description = text_input(
        "Why the offices are closed",
        "Enter why the offices are closed",
        200,
        "The reason must be 200 characters or fewer",
        description=(
            "Shown in the working of a deadline, for example, offices closed between Christmas and New Year"
        ),
    )
    submit = SubmitField("Add closure day", widget=GovSubmitInput())
