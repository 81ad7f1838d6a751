"""Forms for democratic services' decisions. Each carries the status the clerk saw
(`expected_status`), so a decision made meanwhile by someone else is never overwritten."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput, GovTextArea
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice

from portal.web.forms import BaseForm, MaxLength, NoControlCharacters, Required


class DecisionForm(BaseForm):
    expected_status = HiddenField()


class AcceptForm(DecisionForm):
    post = RadioField(
        "Which post will answer the question?",
        widget=GovRadioInput(),
        validators=[Required("Select the post that will answer the question")],
        coerce=str,
    )
    submit = SubmitField("Accept question", widget=GovSubmitInput())


class RejectGroundForm(BaseForm):
    """The first step: which ground. A GET form, so it needs no CSRF token."""

    class Meta:
        csrf = False

    ground = RadioField(
        "Why can the question not be accepted?",
        widget=GovRadioInput(),
        validators=[Required("Select why the question cannot be accepted")],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class RejectForm(DecisionForm):
    ground = HiddenField()
    explanation = StringField(
        "What the questioner will be told",
        description="This is the ground's standard wording. Change it to fit this question.",
        widget=GovTextArea(),
        validators=[
            Required("Enter the explanation the questioner will see"),
            MaxLength(3000, "The explanation must be 3,000 characters or fewer"),
            NoControlCharacters(),
        ],
    )
    internal_note = StringField(
        "Note for democratic services (optional)",
        description="Staff only. For example, who you consulted.",
        widget=GovTextArea(),
        validators=[MaxLength(3000, "The note must be 3,000 characters or fewer"), NoControlCharacters()],
    )
    listed = RadioField(
        "Show the rejection on the public list of questions received?",
        widget=GovRadioInput(),
        choices=[
            SelectChoice(
                "listed", "Listed: show that a question was received and not accepted, with the ground"
            ),
            SelectChoice("hidden", "Hidden: do not show the question publicly at all"),
        ],
        validators=[Required("Select whether the rejection is listed or hidden")],
    )
    submit = SubmitField("Reject question", widget=GovSubmitInput())


class ClarifyForm(DecisionForm):
    message = StringField(
        "What does the questioner need to clarify?",
        description="The questioner sees this message on their tracking page and in an e-mail.",
        widget=GovTextArea(),
        validators=[
            Required("Enter what the questioner needs to clarify"),
            MaxLength(3000, "The message must be 3,000 characters or fewer"),
            NoControlCharacters(),
        ],
    )
    submit = SubmitField("Ask for clarification", widget=GovSubmitInput())


class EditForm(BaseForm):
    expected_edits = HiddenField()
    text = StringField(
        "Text to publish",
        widget=GovTextArea(),
        validators=[
            Required("Enter the text to publish"),
            MaxLength(20000, "The text must be 20,000 characters or fewer"),
            NoControlCharacters(),
        ],
    )
    reason = StringField(
        "Why are you editing it?",
        description="Staff only. For example, \u201cnames a member of staff\u201d.",
        widget=GovTextArea(),
        validators=[
            Required("Enter why the text is being edited"),
            MaxLength(1000, "The reason must be 1,000 characters or fewer"),
            NoControlCharacters(),
        ],
    )
    submit = SubmitField("Save text for publication", widget=GovSubmitInput())


class WithdrawForm(DecisionForm):
    reason = StringField(
        "How did the questioner ask for it to be withdrawn?",
        description="Staff only. For example, \u201cphone call from the questioner on 3 March\u201d.",
        widget=GovTextArea(),
        validators=[
            Required("Enter how the questioner asked for the question to be withdrawn"),
            MaxLength(1000, "The reason must be 1,000 characters or fewer"),
            NoControlCharacters(),
        ],
    )
    submit = SubmitField("Withdraw question", widget=GovSubmitInput())


class QueueFilterForm(BaseForm):
    class Meta:
        csrf = False

    meeting = SelectField("Meeting", widget=GovSelect(), coerce=str)
    status = SelectField("Status", widget=GovSelect(), coerce=str)
    kind = SelectField(
        "Kind",
        widget=GovSelect(),
        choices=[
            SelectChoice("", "Public and member"),
            SelectChoice("public", "Public questions (PQ)"),
            SelectChoice("member", "Member questions (MQ)"),
        ],
    )
    submit = SubmitField("Filter", widget=GovSubmitInput())
