"""Forms on the questioner's tracking pages."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import EmailField, SubmitField, TextAreaField, ValidationError

from portal.domain.contact_details import email_problem
from portal.web.ask.forms import QUESTION_MAX_CHARACTERS
from portal.web.forms import BaseForm, MaxLength, NoControlCharacters, Required


class WithdrawForm(BaseForm):
    reason = TextAreaField(
        "Why are you withdrawing your question? (optional)",
        widget=GovTextArea(),
        description="This helps democratic services. It is not published",
        validators=[MaxLength(1000, "Your reason must be 1,000 characters or fewer"), NoControlCharacters()],
    )
    submit = SubmitField("Withdraw my question", widget=GovSubmitInput())


class ClarifyForm(BaseForm):
    text = TextAreaField(
        "Your question",
        widget=GovCharacterCount(),
        validators=[
            Required("Enter your question"),
            MaxLength(QUESTION_MAX_CHARACTERS, "Your question is too long. Make it shorter"),
            NoControlCharacters(),
        ],
    )
    submit = SubmitField("Send my changed question", widget=GovSubmitInput())


class ResubmitForm(BaseForm):
    submit = SubmitField("Fix and send again", widget=GovSubmitInput())


class MyQuestionsForm(BaseForm):
    email = EmailField(
        "E-mail address",
        widget=GovTextInput(),
        description="The address you used when you asked your questions",
        validators=[
            Required("Enter your e-mail address"),
            MaxLength(254, "E-mail address must be 254 characters or fewer"),
            NoControlCharacters(),
        ],
    )
    submit = SubmitField("Send me a link", widget=GovSubmitInput())

    def validate_email(self, field: EmailField) -> None:
        if field.data:
            problem = email_problem(field.data)
            if problem:
                raise ValidationError(problem)
