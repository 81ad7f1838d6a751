"""The forms of the asking journey, one thing per page. Messages in the GOV.UK voice."""

from __future__ import annotations

from typing import Any

from flask import current_app
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    HiddenField,
    RadioField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)

from portal.domain.asking.contact_details import email_problem, is_uk_postcode, phone_problem
from portal.web.forms import BaseForm, MaxLength, Required, text_checks, text_input

# Generous caps on every field: far beyond any real answer, small enough to stop abuse.
QUESTION_MAX_CHARACTERS = 15000


def question_text() -> TextAreaField:
    """The question itself, the same wherever a question is written or changed."""
    return TextAreaField(
        "Your question",
        widget=GovCharacterCount(),
        validators=text_checks(
            "Enter your question", QUESTION_MAX_CHARACTERS, "Your question is too long. Make it shorter"
        ),
    )


class UsableEmail:
    """An e-mail address the council's mail can be sent to; empty is left to `Required`."""

    def __call__(self, form: Any, field: Field) -> None:
        if field.data:
            problem = email_problem(field.data)
            if problem:
                raise ValidationError(problem)


def questioner_email(description: str) -> EmailField:
    """The questioner's e-mail address, which their links and news go to."""
    return EmailField(
        "E-mail address",
        widget=GovTextInput(),
        description=description,
        validators=[
            *text_checks("Enter your e-mail address", 254, "E-mail address must be 254 characters or fewer"),
            UsableEmail(),
        ],
    )


class MeetingForm(BaseForm):
    meeting = RadioField(
        "Which meeting do you want to ask your question at?",
        widget=GovRadioInput(),
        choices={},
        validate_choice=False,
        validators=[Required("Select a meeting")],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def validate_meeting(self, field: RadioField) -> None:
        if field.data and field.data not in field.choices:
            raise ValidationError("Select a meeting from the list")


class DetailsForm(BaseForm):
    title = text_input(
        "Title (optional)",
        None,
        20,
        "Title must be 20 characters or fewer",
        description="For example, Mr, Mrs, Ms, Mx or Dr",
    )
    first_name = text_input(
        "First name", "Enter your first name", 100, "First name must be 100 characters or fewer"
    )
    last_name = text_input(
        "Last name", "Enter your last name", 100, "Last name must be 100 characters or fewer"
    )
    email = questioner_email(
        "We will send you a link to confirm your question, and tell you what happens to it"
    )
    phone = text_input(
        "Telephone number (optional)",
        None,
        40,
        "Telephone number must be 40 characters or fewer",
        description="In case we need to talk to you about your question",
    )
    address_line_1 = text_input(
        "Address line 1",
        "Enter address line 1, typically the building and street",
        200,
        "Address line 1 must be 200 characters or fewer",
    )
    address_line_2 = text_input(
        "Address line 2 (optional)", None, 200, "Address line 2 must be 200 characters or fewer"
    )
    town = text_input(
        "Town or city", "Enter town or city", 100, "Town or city must be 100 characters or fewer"
    )
    postcode = text_input("Postcode", "Enter postcode", 10, "Enter a full UK postcode, like KM1 2AB")
    lives_or_works_in_area = BooleanField("I live or work in the area", widget=GovCheckboxInput())
    on_behalf_of = text_input(
        "Are you asking on behalf of someone else or an organisation? (optional)",
        None,
        200,
        "The name must be 200 characters or fewer",
        description=(
            "If you are, give the name of the person or organisation. It is published with your question"
        ),
    )
    publish_name = RadioField(
        "How should your name appear when your question is published?",
        widget=GovRadioInput(),
        choices={"yes": "My title (or first name), surname and town", "no": "Name and address supplied"},
        validators=[Required("Select how your name should appear when your question is published")],
    )
    # A trap for automated form-fillers: hidden from people, so anything in it was not typed by one.
    website = StringField("Leave this field empty", validators=[MaxLength(500, "Leave this field empty")])
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def validate_phone(self, field: StringField) -> None:
        problem = phone_problem(field.data or "")
        if problem:
            raise ValidationError(problem)

    def validate_postcode(self, field: StringField) -> None:
        if field.data and not is_uk_postcode(field.data):
            raise ValidationError("Enter a full UK postcode, like KM1 2AB")

    def validate_lives_or_works_in_area(self, field: BooleanField) -> None:
        if not field.data:
            raise ValidationError(f"Confirm that you live or work in {current_app.config['COUNCIL_AREA']}")


class QuestionForm(BaseForm):
    text = question_text()
    post = RadioField(
        "Who is your question for?",
        widget=GovRadioInput(),
        choices={},
        validate_choice=False,
        validators=[Required("Select who your question is for")],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def validate_post(self, field: RadioField) -> None:
        if field.data and field.data not in field.choices:
            raise ValidationError("Select who your question is for")


class SendForm(BaseForm):
    submission_key = HiddenField()
    submit = SubmitField("Accept and send", widget=GovSubmitInput())


class ConfirmForm(BaseForm):
    submit = SubmitField("Confirm and send my question", widget=GovSubmitInput())


class ResendForm(BaseForm):
    submit = SubmitField("Send the e-mail again", widget=GovSubmitInput())


class ChangeMeetingForm(BaseForm):
    meeting = HiddenField()
    submit = SubmitField("Ask at this meeting instead", widget=GovSubmitInput())


__all__ = [
    "QUESTION_MAX_CHARACTERS",
    "ChangeMeetingForm",
    "ConfirmForm",
    "DetailsForm",
    "MeetingForm",
    "QuestionForm",
    "ResendForm",
    "SendForm",
    "UsableEmail",
    "question_text",
    "questioner_email",
]
