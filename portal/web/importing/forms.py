"""Forms for importing the council's old published documents."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
    MultipleFileField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)

from portal.web.fields import DateInputField
from portal.web.forms import BaseForm, NoControlCharacters


class UploadForm(BaseForm):
    files = MultipleFileField(
        "Documents",
        description="Word (.docx), PDF, a web page saved from the committee papers site (.html), or the "
        "portal's own JSON or CSV download. Up to 20 MB each; you can choose several.",
        widget=GovFileInput(multiple=True),
    )
    committee = SelectField(
        "Committee",
        description="The committee the questions were put to.",
        widget=GovSelect(),
        validate_choice=False,
    )
    meeting_date = DateInputField(
        "Date of the meeting (optional)",
        thing="Date of the meeting",
        description="Leave it empty and the date is taken from the document. For example, 30 9 2022",
    )


class MeetingDateForm(BaseForm):
    meeting_date = DateInputField(
        "Date of the meeting",
        thing="Date of the meeting",
        description="For example, 30 9 2022",
        required_message="Enter the date of the meeting",
    )


class RecordForm(BaseForm):
    """Every field of one imported record, as the document printed it."""

    section = RadioField(
        "Section",
        choices=[("public", "Question from the public"), ("member", "Question from a councillor")],
        widget=GovRadioInput(),
    )
    number_label = StringField(
        "Number",
        description="As the document prints it, such as PQ 1, SPQ 1, 11.1 or a)",
        widget=GovTextInput(),
        validators=[NoControlCharacters()],
    )
    questioner = StringField(
        "Questioner",
        description="Only the name and town the council published",
        widget=GovTextInput(),
        validators=[NoControlCharacters()],
    )
    question_to = StringField("Question to", widget=GovTextInput(), validators=[NoControlCharacters()])
    question = TextAreaField("Question", widget=GovTextArea(), validators=[NoControlCharacters()])
    answered_by = StringField("Answered by", widget=GovTextInput(), validators=[NoControlCharacters()])
    response = TextAreaField("Response", widget=GovTextArea(), validators=[NoControlCharacters()])
    supplementary_question = TextAreaField(
        "Supplementary question", widget=GovTextArea(), validators=[NoControlCharacters()]
    )
    supplementary_answered_by = StringField(
        "Supplementary answered by", widget=GovTextInput(), validators=[NoControlCharacters()]
    )
    supplementary_response = TextAreaField(
        "Response to the supplementary question", widget=GovTextArea(), validators=[NoControlCharacters()]
    )
    written_answer = TextAreaField(
        "Written response", widget=GovTextArea(), validators=[NoControlCharacters()]
    )
    written_answer_on = DateInputField(
        "Date the written response was sent",
        thing="Date the written response was sent",
        description="For example, 13 10 2022",
    )
    actions = TextAreaField(
        "Actions",
        description="One action a paragraph, with a blank line between them",
        widget=GovTextArea(),
        validators=[NoControlCharacters()],
    )
    noted_comments = TextAreaField(
        "Comments noted",
        description="A blank line between paragraphs; a line of three dashes (---) between comments",
        widget=GovTextArea(),
        validators=[NoControlCharacters()],
    )


class FileForm(BaseForm):
    revision = HiddenField()
    checked = BooleanField(
        "I have checked every record against the document it came from",
        widget=GovCheckboxInput(),
    )


class ActionForm(BaseForm):
    """Only the CSRF token and the revision the page showed."""

    revision = HiddenField()
