from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, HiddenField, PasswordField, StringField, SubmitField

from portal.web.forms import BaseForm, MaxLength, Required


class SignInForm(BaseForm):
    email = EmailField(
        "E-mail address",
        widget=GovTextInput(),
        validators=[Required("Enter your e-mail address"), MaxLength(254, "E-mail address is too long")],
    )
    password = PasswordField(
        "Password", widget=GovPasswordInput(), validators=[Required("Enter your password")]
    )
    next = HiddenField()
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(
        "Current password", widget=GovPasswordInput(), validators=[Required("Enter your current password")]
    )
    new_password = PasswordField(
        "New password", widget=GovPasswordInput(), validators=[Required("Enter a new password")]
    )
    confirm_password = PasswordField(
        "Confirm new password",
        widget=GovPasswordInput(),
        validators=[Required("Enter your new password again")],
    )
    submit = SubmitField("Change password", widget=GovSubmitInput())

    def validate_confirm_password(self, field: PasswordField) -> None:
        from wtforms import ValidationError

        if self.new_password.data and field.data != self.new_password.data:
            raise ValidationError("The passwords do not match")


class CodeForm(BaseForm):
    code = StringField(
        "Code",
        widget=GovTextInput(),
        validators=[
            Required("Enter the code from your authenticator app"),
            MaxLength(20, "Code is too long"),
        ],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class SetUpForm(BaseForm):
    code = StringField(
        "Code from the app",
        widget=GovTextInput(),
        validators=[
            Required("Enter the 6-digit code from your authenticator app"),
            MaxLength(20, "Code is too long"),
        ],
    )
    submit = SubmitField("Confirm", widget=GovSubmitInput())


class ConfirmForm(BaseForm):
    """A button that changes something: CSRF and nothing else."""

    submit = SubmitField("Continue", widget=GovSubmitInput())
