"""The member question form."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput, GovSubmitInput
from wtforms import HiddenField, RadioField, SubmitField, TextAreaField, ValidationError

from portal.web.ask.forms import QUESTION_MAX_CHARACTERS
from portal.web.forms import BaseForm, MaxLength, NoControlCharacters, Required


class MemberQuestionForm(BaseForm):
    text = TextAreaField(
        "Your question",
        widget=GovCharacterCount(),
        validators=[
            Required("Enter your question"),
            MaxLength(QUESTION_MAX_CHARACTERS, "Your question is too long. Make it shorter"),
            NoControlCharacters(),
        ],
    )
    post = RadioField(
        "Who is your question for?",
        widget=GovRadioInput(),
        choices={},
        validate_choice=False,
        validators=[Required("Select who your question is for")],
    )
    submission_key = HiddenField()
    submit = SubmitField("Send question", widget=GovSubmitInput())

    def validate_post(self, field: RadioField) -> None:
        if field.data and field.data not in field.choices:
            raise ValidationError("Select who your question is for")
