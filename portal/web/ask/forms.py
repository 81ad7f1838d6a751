"""The forms of the asking journey, one thing per page. Messages in the GOV.UK voice."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
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
        _l("Your question"),
        widget=GovCharacterCount(),
        validators=text_checks(
            _l("Enter your question"),
            QUESTION_MAX_CHARACTERS,
            _l("Your question is too long. Make it shorter"),
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
        _l("E-mail address"),
        widget=GovTextInput(),
        description=description,
        validators=[
            *text_checks(
                _l("Enter your e-mail address"), 254, _l("E-mail address must be 254 characters or fewer")
            ),
            UsableEmail(),
        ],
    )


class MeetingForm(BaseForm):
    meeting = RadioField(
        _l("Which meeting do you want to ask your question at?"),
        widget=GovRadioInput(),
        choices={},
        validate_choice=False,
        validators=[Required(_l("Select a meeting"))],
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())

    def validate_meeting(self, field: RadioField) -> None:
        if field.data and field.data not in field.choices:
            raise ValidationError(_l("Select a meeting from the list"))


class DetailsForm(BaseForm):
    title = text_input(
        _l("Title (optional)"),
        None,
        20,
        _l("Title must be 20 characters or fewer"),
        description=_l("For example, Mr, Mrs, Ms, Mx or Dr"),
    )
    first_name = text_input(
        _l("First name"), _l("Enter your first name"), 100, _l("First name must be 100 characters or fewer")
    )
    last_name = text_input(
        _l("Last name"), _l("Enter your last name"), 100, _l("Last name must be 100 characters or fewer")
    )
    email = questioner_email(
        _l("We will send you a link to confirm your question, and tell you what happens to it")
    )
    phone = text_input(
        _l("Telephone number (optional)"),
        None,
        40,
        _l("Telephone number must be 40 characters or fewer"),
        description=_l("In case we need to talk to you about your question"),
    )
    address_line_1 = text_input(
        _l("Address line 1"),
        _l("Enter address line 1, typically the building and street"),
        200,
        _l("Address line 1 must be 200 characters or fewer"),
    )
    address_line_2 = text_input(
        _l("Address line 2 (optional)"), None, 200, _l("Address line 2 must be 200 characters or fewer")
    )
    town = text_input(
        _l("Town or city"), _l("Enter town or city"), 100, _l("Town or city must be 100 characters or fewer")
    )
    postcode = text_input(
        _l("Postcode"), _l("Enter postcode"), 10, _l("Enter a full UK postcode, like KM1 2AB")
    )
    lives_or_works_in_area = BooleanField(_l("I live or work in the area"), widget=GovCheckboxInput())
    on_behalf_of = text_input(
        _l("Are you asking on behalf of someone else or an organisation? (optional)"),
        None,
        200,
        _l("The name must be 200 characters or fewer"),
        description=(
            _l("If you are, give the name of the person or organisation. It is published with your question")
        ),
    )
    publish_name = RadioField(
        _l("How should your name appear when your question is published?"),
        widget=GovRadioInput(),
        # A list, not a dict: WTForms reads a dict whose labels are not plain strings as groups.
        choices=[
            ("yes", _l("My title (or first name), surname and town")),
            ("no", _l("Name and address supplied")),
        ],
        validators=[Required(_l("Select how your name should appear when your question is published"))],
    )
    # A trap for automated form-fillers: hidden from people, so anything in it was not typed by one.
    website = StringField(
        _l("Leave this field empty"), validators=[MaxLength(500, _l("Leave this field empty"))]
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())

    def validate_phone(self, field: StringField) -> None:
        problem = phone_problem(field.data or "")
        if problem:
            raise ValidationError(problem)

    def validate_postcode(self, field: StringField) -> None:
        if field.data and not is_uk_postcode(field.data):
            raise ValidationError(_l("Enter a full UK postcode, like KM1 2AB"))

    def validate_lives_or_works_in_area(self, field: BooleanField) -> None:
        if not field.data:
            raise ValidationError(
                _("Confirm that you live or work in %(area)s", area=current_app.config["COUNCIL_AREA"])
            )


class QuestionForm(BaseForm):
    text = question_text()
    post = RadioField(
        _l("Who is your question for?"),
        widget=GovRadioInput(),
        choices={},
        validate_choice=False,
        validators=[Required(_l("Select who your question is for"))],
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())

    def validate_post(self, field: RadioField) -> None:
        if field.data and field.data not in field.choices:
            raise ValidationError(_l("Select who your question is for"))


class SendForm(BaseForm):
    submission_key = HiddenField()
    submit = SubmitField(_l("Accept and send"), widget=GovSubmitInput())


class ConfirmForm(BaseForm):
    submit = SubmitField(_l("Confirm and send my question"), widget=GovSubmitInput())


class ResendForm(BaseForm):
    submit = SubmitField(_l("Send the e-mail again"), widget=GovSubmitInput())


class ChangeMeetingForm(BaseForm):
    meeting = HiddenField()
    submit = SubmitField(_l("Ask at this meeting instead"), widget=GovSubmitInput())


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
