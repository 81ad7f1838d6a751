"""Forms for scheduling, changing, moving and cancelling meetings, and for deadlines."""

from __future__ import annotations

import datetime as dt

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
)
from wtforms import BooleanField, SelectField, StringField, SubmitField

from portal.formatting import london_to_utc
from portal.web.admin.forms_common import EmailAddress, WebAddress, optional_int
from portal.web.fields import DateInputField, TimeInputField
from portal.web.forms import BaseForm, Required, text_area, text_input


def _reason(label: str, required: str | None, hint: str | None = None) -> StringField:
    return text_area(label, required, 2000, "The reason must be 2,000 characters or fewer", description=hint)


class _When:
    """A date and a start time, read together as a moment in Europe/London."""

    def moment(self) -> dt.datetime:
        return london_to_utc(self.day.data, self.time.data)


# Fields are made in the order they appear on the page, so the error summary lists
# problems in the same order (WTForms orders fields by when they were created).
_COMMITTEE = SelectField(
    "Committee", coerce=optional_int, widget=GovSelect(), validators=[Required("Select a committee")]
)
_TITLE = text_input(
    "Title (optional)",
    None,
    200,
    "Title must be 200 characters or fewer",
    description="Only for a special meeting, for example, Extraordinary meeting or Annual meeting",
)
_DAY = DateInputField(
    "Date",
    thing="Date of the meeting",
    required_message="Enter the date of the meeting",
    description="For example, 17 3 2027",
)
_TIME = TimeInputField(
    "Start time",
    thing="Start time",
    required_message="Enter the time the meeting starts",
    description="UK time, for example, 2pm, 10:30am or 14:30",
)
_VENUE = text_input(
    "Venue",
    None,
    300,
    "Venue must be 300 characters or fewer",
    description="Leave empty if it is not confirmed yet",
)
_VENUE_CY = text_input(
    "Venue in Welsh (optional)",
    None,
    300,
    "Venue in Welsh must be 300 characters or fewer",
    description="Shown on Welsh pages and in Welsh documents. Leave empty to show the English.",
)
_TAKES_PUBLIC = BooleanField(
    "This meeting takes questions from the public", widget=GovCheckboxInput(), default=True
)
_PUBLIC_ITEM = text_input(
    "Agenda item for questions from the public (optional)",
    None,
    20,
    "Agenda item must be 20 characters or fewer",
    description="For example, 5",
)
_MEMBER_ITEM = text_input(
    "Agenda item for questions from councillors (optional)",
    None,
    20,
    "Agenda item must be 20 characters or fewer",
    description="For example, 6",
)
_CONTACT_NAME = text_input(
    "Contact officer",
    None,
    200,
    "Contact officer must be 200 characters or fewer",
    description="Name and job title, for example, Sarah Whitlock, Democratic Services Officer",
)
_CONTACT_EMAIL = text_input(
    "Contact e-mail address",
    None,
    254,
    "E-mail address must be 254 characters or fewer",
    EmailAddress(),
)
_CONTACT_PHONE = text_input(
    "Contact telephone number", None, 50, "Telephone number must be 50 characters or fewer"
)
_WEBCAST = text_input(
    "Webcast link (optional)",
    None,
    500,
    "Webcast link must be 500 characters or fewer",
    WebAddress(
        "Enter the webcast link in the correct format, like https://www.youtube.com/@KingsmereCouncil"
    ),
)


class MeetingDetailsForm(BaseForm):
    """What can change without moving the meeting."""

    title = _TITLE
    venue = _VENUE
    venue_cy = _VENUE_CY
    takes_public_questions = _TAKES_PUBLIC
    public_questions_item = _PUBLIC_ITEM
    member_questions_item = _MEMBER_ITEM
    contact_name = _CONTACT_NAME
    contact_email = _CONTACT_EMAIL
    contact_phone = _CONTACT_PHONE
    webcast_url = _WEBCAST
    submit = SubmitField("Save", widget=GovSubmitInput())


MINUTE_HINT = "Only if the minutes number it differently from the agenda item, for example 45/22 or C.123"


class MeetingEditForm(MeetingDetailsForm):
    """The details, and the minutes' numbers once the meeting has been minuted."""

    public_questions_minute = text_input(
        "Minute for questions from the public (optional)",
        None,
        30,
        "Enter the minute number in 30 characters or fewer",
        description=MINUTE_HINT,
    )
    member_questions_minute = text_input(
        "Minute for questions from councillors (optional)",
        None,
        30,
        "Enter the minute number in 30 characters or fewer",
        description=MINUTE_HINT,
    )


class ScheduleMeetingForm(_When, MeetingDetailsForm):
    committee = _COMMITTEE
    day = _DAY
    time = _TIME
    submit = SubmitField("Schedule meeting", widget=GovSubmitInput())


class MoveMeetingForm(_When, BaseForm):
    day = DateInputField(
        "New date",
        thing="New date",
        required_message="Enter the new date of the meeting",
        description="For example, 24 3 2027",
    )
    time = TimeInputField(
        "New start time",
        thing="New start time",
        required_message="Enter the time the meeting now starts",
        description="UK time, for example, 2pm, 10:30am or 14:30",
    )
    venue = text_input(
        "Venue",
        None,
        300,
        "Venue must be 300 characters or fewer",
        description="Change it if the venue has moved too",
    )
    reason = _reason(
        "Why the meeting is moving",
        "Enter why the meeting is moving",
        "The public see this on the meeting's page",
    )
    submit = SubmitField("Move meeting", widget=GovSubmitInput())


class CancelMeetingForm(BaseForm):
    reason = _reason(
        "Why the meeting is cancelled",
        "Enter why the meeting is cancelled",
        "The public see this on the meeting's page",
    )
    submit = SubmitField("Cancel meeting", widget=GovSubmitInput(), render_kw={})


class ReinstateMeetingForm(BaseForm):
    reason = _reason("Why it is going ahead (optional)", None)
    submit = SubmitField("Reinstate meeting", widget=GovSubmitInput())


class DeadlineForm(_When, BaseForm):
    day = DateInputField(
        "Date of the deadline",
        thing="Date of the deadline",
        required_message="Enter the date of the deadline",
    )
    time = TimeInputField(
        "Time of the deadline",
        thing="Time of the deadline",
        required_message="Enter the time of the deadline",
        description="UK time, for example, 9:30am or 17:00",
    )
    reason = _reason(
        "Why the deadline is being set by hand",
        "Enter why the deadline is being set by hand",
        "For example, the Chair agreed to take late questions about the inspection report",
    )
    submit = SubmitField("Set deadline", widget=GovSubmitInput())
