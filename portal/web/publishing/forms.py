"""Forms for publishing the record."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput, GovTextArea
from wtforms import DateField, HiddenField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
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


class RecordLanguagesForm(BaseForm):
    """The language of the council's answer, and each text of a question's record in the
    other language. The labels name the language each box is for (set per question)."""

    answer_language = RadioField(
        "Language of the council's answer",
        choices=[
            SelectChoice("en", "English"),
            SelectChoice("cy", "Welsh"),
            SelectChoice("both", "English and Welsh"),
        ],
        widget=GovRadioInput(),
        validators=[Required("Select the language of the council's answer")],
    )
    question = TextAreaField(
        "Welsh text of the question",
        widget=GovTextArea(),
        validators=[
            MaxLength(20_000, "The text of the question must be 20,000 characters or fewer"),
            NoControlCharacters(),
        ],
    )
    answer = TextAreaField(
        "Welsh text of the answer",
        widget=GovTextArea(),
        validators=[
            MaxLength(20_000, "The text of the answer must be 20,000 characters or fewer"),
            NoControlCharacters(),
        ],
    )
    supplementary_question = TextAreaField(
        "Welsh text of the supplementary question",
        widget=GovTextArea(),
        validators=[
            MaxLength(20_000, "The supplementary question must be 20,000 characters or fewer"),
            NoControlCharacters(),
        ],
    )
    supplementary_answer = TextAreaField(
        "Welsh text of the supplementary answer",
        widget=GovTextArea(),
        validators=[
            MaxLength(20_000, "The supplementary answer must be 20,000 characters or fewer"),
            NoControlCharacters(),
        ],
    )
