"""Forms for publishing the record."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovTextArea
from wtforms import DateField, HiddenField, TextAreaField
from wtforms.validators import StopValidation

from portal.web.fields import DateInputField
from portal.web.forms import BaseForm, MaxLength, NoControlCharacters, Required


class RealDateField(DateField):
    """A GOV.UK date input whose errors are worded for people (the importing forms use it;
    the written-answer form uses portal.web.fields.DateInputField, which copes with a
    form sent without all three boxes and names the part that is missing)."""

    def __init__(self, label: str, *, required_message: str, **kwargs: object) -> None:
        super().__init__(label, **kwargs)
        self.required_message = required_message

    def pre_validate(self, form: object) -> None:
        if self.process_errors:
            raise StopValidation()  # keep "must be a real date"
        if self.data is None:
            raise StopValidation(self.required_message)

    def process_formdata(self, valuelist: list[str]) -> None:
        parts = [value.strip() for value in valuelist]
        if not any(parts):
            self.data = None
            return
        try:
            super().process_formdata([" ".join(parts)])
        except ValueError:
            self.data = None
            raise ValueError(f"{self.label.text} must be a real date") from None


class PublishForm(BaseForm):
    """The CSRF token, and that the clerk has seen what will become public."""

    confirmed = HiddenField()


class CorrectionForm(BaseForm):
    change_note = TextAreaField(
        "What was corrected",
        description="Readers see this beside the new version, for example “PQ 3: the answer’s figures "
        "for July corrected”.",
        widget=GovCharacterCount(),
        validators=[
            Required("Enter what was corrected"),
            MaxLength(500, "What was corrected must be 500 characters or fewer"),
            NoControlCharacters(),
        ],
    )


class WrittenAnswerForm(BaseForm):
    sent_on = DateInputField(
        "Date the written answer was sent",
        thing="Date the written answer was sent",
        description="For example, 13 10 2022",
        required_message="Enter the date the written answer was sent",
    )
    body = TextAreaField(
        "The written answer",
        description="Paste or type the answer as it was sent. For bold, put ** either side; "
        "start a line with - for a list.",
        widget=GovTextArea(),
        validators=[Required("Enter the written answer that was sent"), NoControlCharacters()],
    )
