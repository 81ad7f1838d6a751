"""Forms for drafting, approving and returning answers, and for answer templates."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSubmitInput, GovTextInput
from wtforms import BooleanField, HiddenField, StringField, SubmitField

from portal.web.forms import BaseForm, MaxLength, Required, text_area, text_input

ANSWER_LIMIT = 50_000


class AnswerForm(BaseForm):
    expected_revision = HiddenField()
    body = text_area(
        "Answer", "Enter the answer", ANSWER_LIMIT, "The answer must be 50,000 characters or fewer"
    )
    note = text_input(
        "What changed in this version (optional)", None, 300, "The note must be 300 characters or fewer"
    )
    save = SubmitField("Save draft", widget=GovSubmitInput())
    preview = SubmitField("Preview", widget=GovSubmitInput())
    # Posts the editor as it is, so the template is added to what was typed, saved or not.
    add_template = SubmitField("Add template text", widget=GovSubmitInput())


class RevisionForm(BaseForm):
    """A step on the saved version the person was looking at."""

    expected_revision = HiddenField()


class SubmitAnswerForm(RevisionForm):
    submit = SubmitField("Send for approval", widget=GovSubmitInput())


class ApproveForm(RevisionForm):
    submit = SubmitField("Approve answer", widget=GovSubmitInput())


class ReturnForm(RevisionForm):
    comment = text_area(
        "What needs to change?",
        "Enter what needs to change",
        3000,
        "The comment must be 3,000 characters or fewer",
        description="The officers who draft for this post see your comment.",
    )
    submit = SubmitField("Return for changes", widget=GovSubmitInput())


class ReopenForm(BaseForm):
    reason = text_area(
        "Why does the approved answer need to change?",
        "Enter why the answer needs to change",
        1000,
        "The reason must be 1,000 characters or fewer",
    )
    submit = SubmitField("Reopen the answer", widget=GovSubmitInput())


class TemplateForm(BaseForm):
    title = StringField(
        "Name",
        description="For example, \u201cSocial worker recruitment: current position\u201d.",
        widget=GovTextInput(),
        validators=[
            Required("Enter a name for the template"),
            MaxLength(200, "The name must be 200 characters or fewer"),
        ],
    )
    body = text_area(
        "Template text",
        "Enter the template text",
        ANSWER_LIMIT,
        "The template must be 50,000 characters or fewer",
        description="Written the same way as an answer: see \u201cHow to format an answer\u201d.",
    )
    is_active = BooleanField("Offer this template to officers", widget=GovCheckboxInput(), default=True)
    submit = SubmitField("Save template", widget=GovSubmitInput())
