"""Forms for publishing the record."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovTextArea
from wtforms import HiddenField, TextAreaField

from portal.web.fields import DateInputField
from portal.web.forms import BaseForm, MaxLength, NoControlCharacters, Required


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
