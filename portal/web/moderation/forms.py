"""Forms for democratic services' decisions. Each carries the status the clerk saw
(`expected_status`), so a decision made meanwhile by someone else is never overwritten."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput
from wtforms import HiddenField, RadioField, SelectField, SelectMultipleField, SubmitField
from wtforms.fields.choices import SelectChoice

from portal.web.forms import BaseForm, Required, text_area


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
    explanation = text_area(
        "What the questioner will be told",
        "Enter the explanation the questioner will see",
        3000,
        "The explanation must be 3,000 characters or fewer",
        description="This is the ground's standard wording. Change it to fit this question.",
    )
    internal_note = text_area(
        "Note for democratic services (optional)",
        None,
        3000,
        "The note must be 3,000 characters or fewer",
        description="Staff only. For example, who you consulted.",
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
    message = text_area(
        "What does the questioner need to clarify?",
        "Enter what the questioner needs to clarify",
        3000,
        "The message must be 3,000 characters or fewer",
        description="The questioner sees this message on their tracking page and in an e-mail.",
    )
    submit = SubmitField("Ask for clarification", widget=GovSubmitInput())


class EditForm(BaseForm):
    expected_edits = HiddenField()
    text = text_area(
        "Text to publish", "Enter the text to publish", 20000, "The text must be 20,000 characters or fewer"
    )
    reason = text_area(
        "Why are you editing it?",
        "Enter why the text is being edited",
        1000,
        "The reason must be 1,000 characters or fewer",
        description="Staff only. For example, \u201cnames a member of staff\u201d.",
    )
    submit = SubmitField("Save text for publication", widget=GovSubmitInput())


class WithdrawForm(DecisionForm):
    reason = text_area(
        "How did the questioner ask for it to be withdrawn?",
        "Enter how the questioner asked for the question to be withdrawn",
        1000,
        "The reason must be 1,000 characters or fewer",
        description="Staff only. For example, \u201cphone call from the questioner on 3 March\u201d.",
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


class AcceptSeveralForm(BaseForm):
    """Accept the questions ticked in the queue, each as if accepted on its own page. Each
    ticked box carries the question's id and the status the clerk saw ("12:received")."""

    questions = SelectMultipleField(
        "Questions to accept",
        coerce=str,
        validate_choice=False,
        validators=[Required("Select the questions to accept")],
    )
    post = SelectField(
        "Post that will answer them",
        widget=GovSelect(),
        coerce=str,
        validators=[Required("Select the post that will answer the questions")],
    )
    back = HiddenField()
    submit = SubmitField("Accept selected questions", widget=GovSubmitInput())
