"""Forms for the sign-in settings and people's data requests."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSubmitInput, GovTextInput
from wtforms import BooleanField, StringField, SubmitField

from portal.domain.people.sign_in_settings import ABSOLUTE_RANGE, IDLE_RANGE
from portal.web.fields import WholeNumberField
from portal.web.forms import BaseForm, MaxLength, Required


class SignInSettingsForm(BaseForm):
    idle_minutes = WholeNumberField(
        "Minutes before an idle session ends",
        thing="Minutes before an idle session ends",
        minimum=IDLE_RANGE[0],
        maximum=IDLE_RANGE[1],
        required_message="Enter the minutes before an idle session ends",
        description="Someone who does nothing for this long is signed out, for example 30",
    )
    absolute_hours = WholeNumberField(
        "Longest session, in hours",
        thing="Longest session",
        minimum=ABSOLUTE_RANGE[0],
        maximum=ABSOLUTE_RANGE[1],
        required_message="Enter the longest session, in hours",
        description="Everyone signs in again after this long, however busy, for example 10",
    )
    everyone_second_factor = BooleanField(
        "Everyone signs in with a second factor",
        widget=GovCheckboxInput(),
        description=(
            "Administrators and clerks always do. Tick this to require it of officers and councillors too"
        ),
    )
    submit = SubmitField("Save settings", widget=GovSubmitInput())


class FindPersonForm(BaseForm):
    person = StringField(
        "E-mail address or question reference",
        widget=GovTextInput(),
        validators=[
            Required("Enter the person's e-mail address or a question reference"),
            MaxLength(254, "That is too long for an e-mail address or a reference"),
        ],
        description="From their letter, for example jo.bloggs@example.com or Q-2026-000123",
    )
    submit = SubmitField("Find their data", widget=GovSubmitInput())
